"""The core, align, store and formats never load Textual, Rich or Click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent.parent / "src"


def test_library_modules_do_not_load_terminal_libraries():
    code = (
        "import sys\n"
        "import alignread.core.edit, alignread.core.search, alignread.store.document, alignread.store.pairfile\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'click'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC)})
    assert out.stdout.strip() == ""
