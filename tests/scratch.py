"""A site's folder of its own, as an author has it, for tests that run the
``briefings`` command line in it: the settings, the theme, a plugins
folder, tests, a README and the content given."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: A short dated article: quick to annotate.
ARTICLE = ("Title: Talks resume in Geneva\nDate: 2022-01-10\n\n"
           "Sergei Ryabkov met Wendy Sherman in Geneva on Monday, officials said.\n")


def make_site(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A site's folder at ``root`` with ``files`` (path under it: text or
    bytes) as its content; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "plugins").mkdir()
    (root / "plugins" / "NOTES.md").write_text("The site's own plugins go here.\n", encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "test_site.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    (root / "README.md").write_text("# My briefings\n", encoding="utf-8")
    (root / "content" / "raw").mkdir(parents=True)
    (root / "content" / "briefings").mkdir()
    for name, data in (files or {}).items():
        write(root / name, data)
    return root


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def snapshot(root: Path, leave_out: tuple[str, ...] = ("output", ".cache")) -> dict[str, object]:
    """Every file, folder and link under ``root`` but those under
    ``leave_out``: its bytes, "folder", or where it links to."""
    files: dict[str, object] = {}
    for folder, folders, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative.parts and relative.parts[0] in leave_out:
            folders[:] = []
            continue
        for name in [*folders, *names]:
            path = Path(folder) / name
            key = (relative / name).as_posix()
            if key.split("/")[0] in leave_out:
                continue
            if path.is_symlink():
                files[key] = "link to " + os.readlink(path)
            elif path.is_dir():
                files[key] = "folder"
            elif path.is_file():
                files[key] = path.read_bytes()
            else:
                files[key] = "special"
    return files


def changed(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The paths that differ between two snapshots."""
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
