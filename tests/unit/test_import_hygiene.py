"""The core, the aligner, the store and the formats know nothing of the terminal."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.paths import ROOT

# The subprocess must import this checkout's code, not an installed copy.
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


@pytest.mark.parametrize("module", [
    "alignread.core.model", "alignread.core.edit", "alignread.core.search", "alignread.core.reattach",
    "alignread.align.aligner", "alignread.align.pair", "alignread.align.batch", "alignread.align.interleaved",
    "alignread.align.selftrain", "alignread.align.embedding",
    "alignread.store.pairfile", "alignread.store.corpus", "alignread.store.document",
    "alignread.formats", "alignread.formats.tsv", "alignread.formats.tmx", "alignread.formats.markdown",
    "alignread.formats.essay", "alignread.nlp", "alignread.nlp.langid",
])
def test_no_terminal_libraries(module):
    code = (
        "import importlib, sys\n"
        f"try:\n    importlib.import_module({module!r})\nexcept ModuleNotFoundError as e:\n"
        f"    if e.name == {module!r}: print('missing'); raise SystemExit\n    raise\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'click'))\n"
        "print(','.join(bad) or 'clean')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=ENV).stdout.strip()
    if out == "missing":
        pytest.skip(f"{module} is not in this version")
    assert out == "clean"


def test_nlp_libraries_are_imported_lazily():
    code = "import sys, alignread.cli, alignread.nlp, alignread.align.pair; print('spacy' in sys.modules, 'stanza' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=ENV).stdout.strip()
    assert out == "False False"
