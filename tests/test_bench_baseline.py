"""The bench's plain-Pelican baseline builds with our theme and no plugin:
a filter or global the theme gains must get its stand-in there, or every
`make bench` stops at its first figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.bench import PLAIN_SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def test_the_plain_baseline_builds_with_the_theme_and_no_plugin(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("Title: Talks end\nDate: 2021-12-29\nTags: Russia\n\nTalks ended.\n",
                                               encoding="utf-8")
    (tmp_path / "settings.py").write_text(PLAIN_SETTINGS.format(
        root=str(ROOT), theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins"), processes=1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "settings.py", "-o", "output", "-q"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Talks end" in (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
