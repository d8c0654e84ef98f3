"""The commands around a build: publish pushes only a finished build's
output and never over a newer deploy unless told; serve, build and publish
end with one line when they cannot do their work."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

import pytest

from briefings.cli import main as briefings
from scratch import ARTICLE, ROOT, make_site, write


@pytest.fixture
def git_identity(monkeypatch):
    for name, value in {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}.items():
        monkeypatch.setenv(name, value)


def _git(*arguments, cwd) -> str:
    return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def _repository(site) -> str:
    """The site's folder as a git repository with one commit; its commit."""
    shutil.copy(ROOT / ".gitignore", site / ".gitignore")
    _git("init", "-q", "-b", "main", cwd=site)
    _git("add", "-A", cwd=site)
    _git("commit", "-q", "-m", "The site", cwd=site)
    return _git("rev-parse", "HEAD", cwd=site)


def _commit(site, message: str) -> str:
    write(site / "content" / "pages" / "notes.md", f"Title: Notes\n\n{message}\n")
    _git("add", "-A", cwd=site)
    _git("commit", "-q", "-m", message, cwd=site)
    return _git("rev-parse", "HEAD", cwd=site)


@pytest.fixture
def built_site(tmp_path, monkeypatch, capsys, git_identity, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    monkeypatch.chdir(site)
    head = _repository(site)
    assert briefings(["build"]) == 0
    capsys.readouterr()
    return site, head


def test_publish_commits_a_finished_build_to_gh_pages(built_site):
    site, head = built_site
    assert briefings(["publish", "--no-push"]) == 0
    files = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=site).split()
    assert ".nojekyll" in files and "index.html" in files
    assert "briefings/talks-resume-in-geneva/index.html" in files
    assert _git("log", "-1", "--format=%s", "gh-pages", cwd=site) == f"Publish the site from {head}"


def test_publish_refuses_the_output_of_a_failed_build(built_site, capsys):
    site, _ = built_site
    write(site / "content" / "raw" / "empty.txt", "")
    assert briefings(["build"]) == 1
    capsys.readouterr()
    assert briefings(["publish", "--no-push"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: the last build of output failed (1 error(s))") and "\n" not in error
    assert _git("branch", "--list", "gh-pages", cwd=site) == ""


def test_publish_refuses_the_output_of_a_build_that_stopped(built_site, capsys, monkeypatch):
    from briefings_site.pages import BriefingPagesGenerator

    site, _ = built_site

    def broken(self, writer):
        raise RuntimeError("a bug in the middle of the build")

    monkeypatch.setattr(BriefingPagesGenerator, "generate_output", broken)
    assert briefings(["build"]) == 1
    error = capsys.readouterr().err.strip()
    assert error == "error: the build stopped (RuntimeError: a bug in the middle of the build); please report it"
    assert briefings(["publish", "--no-push"]) == 1
    assert "the last build of output did not finish" in capsys.readouterr().err
    shutil.rmtree(site / ".cache")  # no record of any build: nothing to publish either
    assert briefings(["publish", "--no-push"]) == 1
    assert "output was not built by briefings build" in capsys.readouterr().err


def test_publish_without_a_remote_or_a_repository_is_one_line(built_site, capsys):
    site, _ = built_site
    assert briefings(["publish"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: the repository has no remote 'origin' to push to") and "\n" not in error
    shutil.rmtree(site / ".git")
    assert briefings(["publish", "--no-push"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: this folder is not in a git repository") and "\n" not in error


def test_publish_never_replaces_a_newer_deploy_unless_forced(built_site, tmp_path, capsys):
    site, first = built_site
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    _git("remote", "add", "origin", str(remote), cwd=site)
    assert briefings(["publish"]) == 0
    newer = _commit(site, "A newer commit.")
    assert briefings(["publish"]) == 0  # from a newer commit: it follows the last deploy
    deployed = _git("log", "--format=%s", "gh-pages", cwd=remote).splitlines()
    assert deployed == [f"Publish the site from {newer}", f"Publish the site from {first}"]
    _git("reset", "-q", "--hard", first, cwd=site)  # a clone that is behind
    capsys.readouterr()
    assert briefings(["publish"]) == 1
    error = capsys.readouterr().err.strip()
    assert "origin/gh-pages holds a deploy made from" in error and "--force" in error and "\n" not in error
    assert _git("log", "-1", "--format=%s", "gh-pages", cwd=remote) == f"Publish the site from {newer}"
    assert briefings(["publish", "--force"]) == 0
    assert _git("log", "-1", "--format=%s", "gh-pages", cwd=remote) == f"Publish the site from {first}"


def test_serve_on_a_busy_port_or_outside_a_site_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert briefings(["serve"]) == 1
    assert capsys.readouterr().err.strip() == "error: pelicanconf.py: not found: run briefings in the site's folder"
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content").mkdir()
    os.symlink(ROOT / "theme", tmp_path / "theme")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert briefings(["serve", "--port", str(port)]) == 1  # before building anything
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"error: cannot serve on port {port} (") and "--port" in error and "\n" not in error
    assert briefings(["serve", "--port", "70000"]) == 1
    assert "not a port number" in capsys.readouterr().err
    assert not (tmp_path / "output").exists()


def test_build_without_a_content_folder_is_one_line(tmp_path, monkeypatch, capsys):
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    monkeypatch.chdir(tmp_path)
    assert briefings(["build"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: content: the content folder is missing") and "\n" not in error
    monkeypatch.chdir(tmp_path / "..")
    assert briefings(["build"]) == 1
    assert capsys.readouterr().err.strip().startswith("error: pelicanconf.py: not found")
