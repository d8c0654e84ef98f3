"""A Pelican writer that renders only what changed, writes only what
differs, and removes what it wrote for pages that are gone.

- A page whose key (a digest of everything it shows, see render_keys.py) is
  the one it was rendered under last build, and whose file is still the one
  written then, is not rendered at all; it still sends ``content_written``
  with the context it would have been rendered with, as every page does
  (plugins such as a sitemap's list the pages they are told of).
- A rendered page replaces its file only if its bytes differ, so file and
  folder times, rsync, Pages deploys and the search index see only real
  changes. A changed file is written to a temporary name and moved into
  place, so a build that stops half-way never leaves a half-written page.
- A file the last build wrote and this one did not (the page of a deleted
  briefing) is removed when the build ends, if it is still the file written
  then; files the writer never wrote (static files, the search index) are
  never touched.

What was written is recorded per output folder, in the folder
``BRIEFINGS_OUTPUT_RECORDS``; without a record, every page is rendered and
nothing is removed. Every page is checked as it is rendered, as by the
plain writer (see writing.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import pickle
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError

from briefings.files import write_whole
from briefings_site.folders import output_name
from briefings_site.incremental.compat import WriterHooks, page_context, paginated_pages
from briefings_site.incremental.render_keys import PageKeys
from briefings_site.settings import records_folder
from briefings_site.writing import CheckedWriter, checked_text

log = logging.getLogger(__name__)


class ChangedFilesWriter(WriterHooks, CheckedWriter):
    """Pelican's writer, rendering and writing only what changed (see
    above). ``folder`` holds what it keeps between builds of one version of
    the code (the engine makes a subclass that gives it)."""

    folder: str = ""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self._root = sanitised_join(output_path, "") + "/"
        self._keys = PageKeys(self.settings, self.folder)
        records = records_folder(self.settings)
        self._record = _OutputRecord(os.path.join(records, f"{output_name(output_path)}.json"))
        #: The key of the page being rendered, for the files it opens.
        self._key: str | None = None
        #: The source of the page being rendered, and of each file written.
        self._source: str | None = None
        self._sources: dict[str, str | None] = {}
        #: The inputs last digested (see :meth:`_inputs_key`), and their key.
        self._inputs: tuple[object, str | None] | None = None

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        lists = self._paginated(paginated, template_name, kwargs) if name else None
        if lists:
            # Each numbered page is a page of its own, with a key of its
            # own: one changed briefing renders the pages its card is on.
            for page_name, arguments in paginated_pages(name, url, lists, kwargs, self.settings, template_name):
                self.write_file(page_name, template, context, relative_urls, override_output=override_output,
                                **arguments)
            return
        content = kwargs.get("article") or kwargs.get("page")
        self._source = getattr(content, "source_path", None)
        key = None
        if name:
            siteurl = path_to_url(get_relative_path(name)) if relative_urls else context.get("localsiteurl")
            key = self._keys.page_key(template, context, kwargs, name, siteurl, relative_urls)
            if key is not None and self._keep(name, key, override_output):
                self._kept(name, context, kwargs, relative_urls)
                return
        self._key = key
        try:
            super().write_file(name, template, context, relative_urls, paginated, template_name,
                               override_output, url, **kwargs)
        finally:
            self._key = None
            self._source = None

    def made_from(self, context: dict, names: list[str], inputs) -> None:
        """The context entries ``names`` are made from ``inputs`` alone: the
        keys of the pages that read them digest ``inputs`` instead."""
        key = self._inputs_key(inputs)
        if key is not None:
            for name in names:
                if name in context:
                    self._keys.made_from(name, context[name], key)

    def _inputs_key(self, inputs) -> str | None:
        """:meth:`data_key` of ``inputs``, once a build for the same object."""
        if self._inputs is None or self._inputs[0] is not inputs:
            self._inputs = (inputs, self.data_key("inputs", inputs))
        return self._inputs[1]

    def write_pages(self, group: str, template, pages: list[tuple[str, dict]], context, relative_urls: bool,
                    inputs) -> None:
        """Write ``pages`` (file name, arguments) of one template, such as
        the players' pages, whose arguments are all made from ``inputs``.

        When ``inputs``, the template and what it reads of the context are
        those of last build, and every page's file is still the one written
        then, no page's own key is worked out: all are kept (a warm build
        of 6,000 player pages spends its time on nothing else). Otherwise
        each page is written as by :meth:`write_file`, by its own key.
        """
        key = None
        names = [name for name, _ in pages]
        if pages:
            template_key = self._keys.page_key(template, context, {}, group, None, relative_urls)
            data = self._inputs_key(inputs)
            key = template_key and data and self._keys.data_key(template_key, data, names)
        if key is not None and self._record.previous_groups.get(group) == key and self._keep_all(names):
            for name, kwargs in pages:
                self._kept(name, context, kwargs, relative_urls)
            self._record.groups[group] = key
            return
        for name, kwargs in pages:
            self.write_file(name, template, context, relative_urls, **kwargs)
        if key is not None and all(self._record.produced.get(self._relative(sanitised_join(self.output_path, name)),
                                                             [None])[0] for name in names):
            self._record.groups[group] = key

    def _kept(self, name: str, context: dict, kwargs: dict, relative_urls: bool) -> None:
        """A page kept as last build wrote it: the shared context as
        rendering it would have left it, and ``content_written`` sent, as
        for a page written (plugins such as a sitemap's list them)."""
        if relative_urls:
            context["localsiteurl"] = path_to_url(get_relative_path(name))
        path = sanitised_join(self.output_path, name)
        if signals.content_written.has_receivers_for(path):
            signals.content_written.send(path, context=page_context(context, name, kwargs, relative_urls))

    def write_text(self, name: str, text, key: str | None = None) -> None:
        """Write a file the plugin makes itself, such as the sitemap.

        ``text`` may be a function that makes the text: with a ``key`` (see
        :meth:`data_key`) it is only called when the key changed.
        """
        if key is not None and self._keep(name, key, False):
            return
        path = sanitised_join(self.output_path, name)
        text = text() if callable(text) else text
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if self._claim(path, False):
            with _ReplaceIfChanged(path, "utf-8", partial(self._wrote, path, key)) as file:
                file.write(checked_text(text, path))

    def data_key(self, *values) -> str | None:
        """The key of a file made from ``values`` (content objects, lists,
        strings…) under this build's settings and code (None if they cannot
        be digested)."""
        return self._keys.data_key(*values)

    def records(self, name: str, items: list, make) -> list:
        """``make(item)`` for each item, each kept between builds under its
        key: a rebuild after one briefing changed makes its record alone."""
        path = Path(self.folder) / f"{name}-records.pickle"
        kept = _load_records(path)
        made, keys = [], {}
        for item in items:
            key = self.data_key(name, item)
            record = kept.get(key) if key is not None else None
            if record is None:
                record = make(item)
            made.append(record)
            if key is not None:
                keys[key] = record
        if keys.keys() != kept.keys():
            write_whole(path, pickle.dumps(keys, protocol=pickle.HIGHEST_PROTOCOL))
        return made

    def not_yet_written(self) -> set[str]:
        """The files the last build wrote that this one has not written yet."""
        return self._record.previous.keys() - self._record.produced.keys()

    def finish(self, keep_stale: bool = False) -> None:
        """End the build: remove the files the last build wrote and this one
        did not (or, ``keep_stale``, keep them, still recorded for the next
        build to remove), and record what this one wrote."""
        if keep_stale:
            self._record.keep_stale(self.output_path)
        else:
            self._record.remove_stale(self.output_path)
        self._record.save()
        self._keys.save()

    def _paginated(self, paginated, template_name, kwargs) -> dict | None:
        """The lists Pelican splits this page's numbered pages by (the home
        page, a tag's page), or None when it makes one page of it."""
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        return paginated if paginated and template_name in self.settings["PAGINATED_TEMPLATES"] else None

    def _keep(self, name: str, key: str, override: bool) -> bool:
        """True when ``name`` is current under ``key``: its file is the one
        written last build, under the same key. It then counts as written."""
        path = sanitised_join(self.output_path, name)
        relative = self._relative(path)
        entry = self._record.previous.get(relative)
        if entry is None or entry[0] != key or not _unchanged_since(path, entry):
            return False
        if self._claim(path, override):
            self._record.produced[relative] = entry
        return True

    def _keep_all(self, names: list[str]) -> bool:
        """Keep every file of ``names`` as last build wrote it, under the key
        it had, if each is still that file and was rendered under a key
        (else keep none)."""
        entries = []
        for name in names:
            path = sanitised_join(self.output_path, name)
            relative = self._relative(path)
            entry = self._record.previous.get(relative)
            if (entry is None or entry[0] is None or relative in self._record.produced or path in self.written_files
                    or not _unchanged_since(path, entry)):
                return False
            entries.append((path, relative, entry))
        for path, relative, entry in entries:
            if self._claim(path, False):
                self._record.produced[relative] = entry
        return True

    def open_output(self, filename, encoding, override=False):
        if not self._claim(filename, override):
            return open(os.devnull, "w", encoding=encoding)
        return _ReplaceIfChanged(filename, encoding, partial(self._wrote, filename, self._key))

    def _claim(self, filename: str, override: bool) -> bool:
        """Pelican's rule: a file is written once, unless one (and only one)
        of its writes overrides the others. False for a write to drop."""
        if filename in self.overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time '
                                               "(was previously overwritten)")
            log.info('Skipping "%s", not overwriting', filename)
            return False
        if filename in self.written_files and not override:
            # Pelican's generators catch this for a page they may leave out
            # (a tag without a slug); the plugin leaves out the briefings
            # and pages of one address beforehand, naming both.
            first = self._sources.get(filename)
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already '
                                           f"written to it previously (from {first or 'another page'})")
        if override:
            self.overridden_files.add(filename)
        self.written_files.add(filename)
        self._sources[filename] = self._source
        return True

    def _wrote(self, path: str, key: str | None, stat: os.stat_result) -> None:
        self._record.produced[self._relative(path)] = [key, stat.st_mtime_ns, stat.st_size]

    def _relative(self, path: str) -> str:
        """``path`` (as Pelican joins it to the output folder) relative to
        that folder, the key of its record."""
        if path.startswith(self._root):
            return path[len(self._root):]
        return Path(os.path.relpath(path, self.output_path)).as_posix()


def _load_records(path: Path) -> dict[str, str]:
    try:
        with open(path, "rb") as file:
            records = pickle.load(file)
        return records if isinstance(records, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}  # none yet, or damaged: made again


class _OutputRecord:
    """The files written into one output folder: for each (its path
    relative to the folder), the key it was rendered under (or None) and its
    modification time and size once written, which tell whether it is still
    the file the writer wrote."""

    def __init__(self, path: str):
        self.path = path
        self.previous, self.previous_groups = self._load()
        self.produced: dict[str, list] = {}
        #: The key of the inputs of each group of pages written whole (see
        #: ChangedFilesWriter.write_pages).
        self.groups: dict[str, str] = {}

    def _load(self) -> tuple[dict[str, list], dict[str, str]]:
        try:
            record = json.loads(Path(self.path).read_text(encoding="utf-8"))
            files, groups = record["files"], record.get("groups", {})
            if (all(isinstance(entry, list) and len(entry) == 3 for entry in files.values())
                    and all(isinstance(key, str) for key in groups.values())):
                return files, groups
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return {}, {}  # no record, or a damaged one: render everything, remove nothing

    def save(self) -> None:
        record = {"files": self.produced, "groups": self.groups}
        write_whole(self.path, json.dumps(record, separators=(",", ":")).encode("utf-8"))

    def keep_stale(self, output: str) -> None:
        for name in self.previous.keys() - self.produced.keys():
            with contextlib.suppress(RuntimeError):  # a record naming a file outside the output
                if _unchanged_since(sanitised_join(output, name), self.previous[name]):
                    self.produced[name] = self.previous[name]

    def remove_stale(self, output: str) -> None:
        for name in sorted(self.previous.keys() - self.produced.keys()):
            try:
                path = sanitised_join(output, name)
            except RuntimeError:  # a record naming a file outside the output
                continue
            if _unchanged_since(path, self.previous[name]):
                log.info('Removing "%s": no longer built', path)
                os.unlink(path)
                _remove_empty_folders(os.path.dirname(path), output)


def _unchanged_since(path: str, entry: list) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return [stat.st_mtime_ns, stat.st_size] == entry[1:]


def _remove_empty_folders(folder: str, output: str) -> None:
    """Remove ``folder`` and its parents while empty, up to ``output``."""
    output = os.path.abspath(output)
    folder = os.path.abspath(folder)
    while folder != output and folder.startswith(output + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


class _ReplaceIfChanged(io.StringIO):
    """A text file kept in memory that replaces ``target`` on close, if its
    bytes differ, then reports the target's status to ``done``.

    A text stream, so that writers which wrap binary files (the feeds' XML
    writer) write text to it. (Its text is checked before: see writing.py.)
    """

    def __init__(self, target: str, encoding: str, done):
        super().__init__()
        self._target = target
        self._encoding = encoding
        self._done = done
        self._failed = False

    def close(self) -> None:
        if not self.closed and not self._failed:
            _replace_if_changed(self._target, self.getvalue().encode(self._encoding))
            self._done(os.stat(self._target))
        super().close()

    def __exit__(self, kind, value, traceback):
        self._failed = kind is not None  # a failed render leaves the old page in place
        return super().__exit__(kind, value, traceback)


def _replace_if_changed(target: str, data: bytes) -> None:
    try:
        if os.path.getsize(target) == len(data) and Path(target).read_bytes() == data:
            return
    except OSError:
        pass  # no such file yet
    write_whole(target, data, readable=True)  # by a temporary file of its own name
