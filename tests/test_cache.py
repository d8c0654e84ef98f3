"""The annotation cache's code version: every annotator module counts, in
whatever sub-package it lives, and nothing else of the code does."""

from __future__ import annotations

import shutil

from briefings.cache import ANNOTATOR_SOURCES, PACKAGE, _digest_of, annotator_sources


def test_every_annotator_module_is_a_source_of_the_version():
    modules = set((PACKAGE / "annotate").rglob("*.py"))
    assert PACKAGE / "annotate" / "players" / "mentions.py" in modules
    assert modules <= set(ANNOTATOR_SOURCES)
    assert {PACKAGE / "model.py", PACKAGE / "timevalues.py"} <= set(ANNOTATOR_SOURCES)
    assert PACKAGE / "cli.py" not in ANNOTATOR_SOURCES


def _copy_of_the_package(root):
    package = root / "briefings"
    shutil.copytree(PACKAGE / "annotate", package / "annotate", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("model.py", "timevalues.py", "cli.py"):
        shutil.copy(PACKAGE / name, package / name)
    return package


def test_a_change_in_a_sub_package_changes_the_version(tmp_path):
    package = _copy_of_the_package(tmp_path)

    def version():
        return _digest_of(annotator_sources(package), "model", root=tmp_path)

    before = version()
    assert version() == before
    (package / "cli.py").write_text("# not an annotator\n", encoding="utf-8")
    assert version() == before
    mentions = package / "annotate" / "players" / "mentions.py"
    mentions.write_text(mentions.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = version()
    assert edited != before
    (package / "annotate" / "timex" / "added.py").write_text("RULE = 1\n", encoding="utf-8")
    assert version() not in (before, edited)

