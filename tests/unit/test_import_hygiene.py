"""Every module below the terminal UI and the CLI loads no terminal library, and no module
loads spaCy, Stanza or torch just by being imported.

The package is walked, so a new module is checked the day it is added; a module that
cannot be imported fails the test instead of being skipped.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import alignread

TERMINAL = ("textual", "rich", "click")
HEAVY = ("spacy", "stanza", "torch", "thinc")
# The layers that face the user; everything else must not need a terminal.
UPPER = ("alignread.tui", "alignread.cli", "alignread.__main__")


def all_modules() -> list[str]:
    # `alignread.__main__` runs the command line when imported: it is `python -m alignread`.
    names = (m.name for m in pkgutil.walk_packages(alignread.__path__, "alignread."))
    return sorted(n for n in names if n != "alignread.__main__")


PROBE = (
    "import importlib, json, sys\n"
    "for name in json.loads(sys.argv[1]): importlib.import_module(name)\n"
    "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules} & set(json.loads(sys.argv[2])))))\n"
)


def loaded_by(modules: list[str], watched: tuple[str, ...]) -> list[str]:
    """The watched libraries loaded by importing `modules` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(modules), json.dumps(watched)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return ["IMPORT FAILED: " + (done.stderr.strip().splitlines() or ["?"])[-1]]
    return json.loads(done.stdout)


def culprits(modules: list[str], watched: tuple[str, ...]) -> dict[str, list[str]]:
    """Which of `modules` load a watched library, each imported alone (to name them)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(zip(modules, pool.map(lambda m: loaded_by([m], watched), modules)))
    return {m: libs for m, libs in found.items() if libs}


def test_the_walk_finds_every_layer():
    modules = all_modules()
    for package in ("core", "nlp", "align", "store", "formats", "workflows", "tui"):
        assert f"alignread.{package}" in modules
    assert "alignread.workflows.batch.run" in modules and "alignread.cli" in modules


def test_no_module_below_the_ui_loads_a_terminal_library_or_an_nlp_library():
    # All of them in one interpreter: if none of the watched libraries is loaded at the
    # end, no module loads one. Only when one is are the modules tried one by one, to name
    # the culprit.
    lower = [m for m in all_modules() if not m.startswith(UPPER)]
    if loaded_by(lower, TERMINAL + HEAVY):
        assert culprits(lower, TERMINAL + HEAVY) == {}


def test_the_ui_loads_no_nlp_library_until_asked():
    upper = [m for m in all_modules() if m.startswith(UPPER)]
    assert upper and "alignread.tui.screens.reader" in upper
    if loaded_by(upper, HEAVY):
        assert culprits(upper, HEAVY) == {}


def test_the_check_names_a_module_that_loads_a_watched_library():
    assert loaded_by(["alignread.tui.app"], TERMINAL) == ["rich", "textual"]
    assert culprits(["alignread.core.model", "alignread.cli"], TERMINAL) == {"alignread.cli": ["click"]}
