"""Two builds of one site are the same, whatever the process.

Python orders a set of strings differently in each process (the hash seed
changes), so anything a page shows from a set must be put in an order of its
own. The bench found three player pages whose "Also called" line changed
between two builds of the BBC corpus from identical caches."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import permutations
from pathlib import Path

from briefings_site.pages import also_called
from site_build import ROOT, copy_example_content
from test_plugin import differences


def test_also_called_is_in_one_order_whatever_the_order_of_the_names():
    names = ["Labour party", "Old Labour", "Labour Party", "the Labour Party"]
    shown = {tuple(also_called(order, "The Labour Party")) for order in permutations(names)}
    # One name per spelling but for case, the form with the most capitals; the
    # page's own name in another case is not repeated.
    assert shown == {("Labour Party", "Old Labour")}


def test_names_that_differ_only_in_case_are_listed_once():
    assert also_called({"MiniDisc", "Minidisc", "Sony"}, "Sony MiniDisc") == ["MiniDisc", "Sony"]
    assert also_called({"van Gogh", "Van Gogh", "Theo Van Gogh"}, "Theo van Gogh") == ["Van Gogh"]
    assert also_called(set(), "Anyone") == []


SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
CACHE_PATH = "cache-{seed}"
BRIEFINGS_CACHE_PATH = "shared/annotations.sqlite"  # a folder of its own: no output may lie in it
BRIEFINGS_PROCESSES = 1
"""


def build_in_a_process(site: Path, seed: str) -> Path:
    (site / f"settings-{seed}.py").write_text(SETTINGS.format(
        root=str(ROOT), theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins"), seed=seed), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", f"settings-{seed}.py", "-o", f"output-{seed}", "-q"],
        cwd=site, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=600)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return site / f"output-{seed}"


def test_the_example_site_is_the_same_built_in_two_processes(tmp_path):
    copy_example_content(tmp_path / "content")
    first = build_in_a_process(tmp_path, "1")  # annotates, and fills the shared annotation cache
    second = build_in_a_process(tmp_path, "2")
    assert len(list(first.rglob("*.html"))) > 20
    assert differences(first, second) == []
