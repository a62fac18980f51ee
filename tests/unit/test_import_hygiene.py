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


def loaded_by(modules: list[str]) -> dict[str, list[str]]:
    """For each module, imported alone in a fresh interpreter: the watched libraries it loaded."""
    probe = (
        "import importlib, json, sys; importlib.import_module(sys.argv[1]); "
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules} & set(sys.argv[2:]))))"
    )

    def one(module: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe, module, *TERMINAL, *HEAVY], capture_output=True, text=True)
        if done.returncode != 0:
            return ["IMPORT FAILED: " + (done.stderr.strip().splitlines() or ["?"])[-1]]
        return json.loads(done.stdout)

    # One fresh interpreter per module (what one module loads must not hide what another
    # does), a few at a time.
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(modules, pool.map(one, modules)))


def test_the_walk_finds_every_layer():
    modules = all_modules()
    for package in ("core", "nlp", "align", "store", "formats", "workflows", "tui"):
        assert f"alignread.{package}" in modules
    assert "alignread.workflows.batch.run" in modules and "alignread.cli" in modules


def test_no_module_below_the_ui_loads_a_terminal_library_or_an_nlp_library():
    modules = all_modules()
    found = loaded_by(modules)
    problems = {}
    for module, libraries in found.items():
        allowed = set(TERMINAL) if module.startswith(UPPER) else set()
        bad = [lib for lib in libraries if lib not in allowed]
        if bad:
            problems[module] = bad
    assert problems == {}
