"""Rebuilds rewrite only the files whose bytes change."""

from site_build import build_site, copy_example_content


def test_rebuild_rewrites_only_what_changed(tmp_path):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    # Pages, feeds and data; the theme's assets are Pelican's own copies and
    # the search index is Pagefind's.
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*")
              if p.suffix in (".html", ".json", ".xml") and "pagefind" not in p.relative_to(output).parts}
    assert len(before) > 30

    search_index = output / "pagefind" / "pagefind-entry.json"
    indexed = search_index.stat().st_mtime_ns

    assert build_site(content, output, tmp_path / "cache") == []
    assert [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime] == []
    assert search_index.stat().st_mtime_ns == indexed  # nothing changed, nothing to index

    about = content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache") == []
    rewritten = {p.relative_to(output).as_posix() for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    assert "pages/about/index.html" in rewritten
    assert "briefings.json" not in rewritten
    assert search_index.stat().st_mtime_ns > indexed
    assert not any(name.endswith(".briefings-new") for name in map(str, output.rglob("*")))
