"""Every internal link and asset of the built site resolves, in the
development build (relative URLs) and in a GitHub Pages project build
(absolute URLs under a sub-path)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_build import build_site, copy_example_content, soup

PROJECT_SITE = "https://someone.github.io/briefings"


def internal_targets(output: Path, site_url: str = ""):
    """(page, reference, file it should resolve to) for every internal href and src."""
    prefix = urlsplit(site_url).path if site_url else ""
    for page in sorted(output.rglob("*.html")):
        for element in soup(page).select("[href], [src]"):
            reference = element.get("href") or element.get("src")
            parts = urlsplit(reference)
            if parts.scheme in ("mailto", "data") or (parts.netloc and not reference.startswith(site_url)):
                continue
            if not parts.path:
                continue  # a fragment of the same page
            path = unquote(parts.path)
            if site_url:
                # Under a sub-path, a link from the domain's root must carry it.
                if not path.startswith(prefix + "/"):
                    if path.startswith("/"):
                        yield page, reference, output / "outside-the-sub-path"
                        continue
                else:
                    path = path[len(prefix):]
            if path.startswith("/"):
                yield page, reference, output / path.lstrip("/")
            else:
                yield page, reference, page.parent / path


def missing(output: Path, site_url: str = "") -> list[str]:
    problems = []
    for page, reference, target in internal_targets(output, site_url):
        target = target.resolve()
        if not (target.is_file() or (target / "index.html").is_file()):
            problems.append(f"{page.relative_to(output)}: {reference}")
    return problems


def test_every_internal_link_resolves_in_the_development_build(example_site):
    output, _ = example_site
    assert len(list(internal_targets(output))) > 200
    assert missing(output) == []


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("project-site")
    content = copy_example_content(root / "content")
    errors = build_site(content, root / "output", root / "cache", "publishconf.py", SITEURL=PROJECT_SITE)
    assert errors == []
    return root / "output"


def test_every_link_resolves_under_a_project_sub_path(project_site):
    references = [reference for _, reference, _ in internal_targets(project_site, PROJECT_SITE)]
    assert references and all(r.startswith(PROJECT_SITE) for r in references if "://" in r)
    assert missing(project_site, PROJECT_SITE) == []


def test_github_pages_files(project_site):
    assert (project_site / ".nojekyll").exists()
    assert (project_site / "feeds" / "all.atom.xml").exists()
    sitemap = (project_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PROJECT_SITE}/players/vladimir-putin/</loc>" in sitemap
    not_found = soup(project_site / "404.html")
    assert all(link["href"].startswith(PROJECT_SITE) for link in not_found.select("a[href]:not([href^=\"#\"])"))
    assert not_found.select_one("link[rel=stylesheet]")["href"].startswith(PROJECT_SITE)
