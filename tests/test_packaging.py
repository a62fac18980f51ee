"""The wheel carries every file the package needs besides its modules (the lexicon, the
language model, the reader's stylesheet...), and the tests run against what is installed."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import alignread
from tests.paths import ROOT

PACKAGE = ROOT / "src" / "alignread"


def data_files() -> set[str]:
    """Every file of the source package that is not Python (as `alignread/...` paths)."""
    return {
        "alignread/" + p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }


def test_there_are_data_files_to_check():
    assert {"alignread/tui/app.tcss", "alignread/align/data/lexicon-en-id.tsv.gz",
            "alignread/nlp/data/langid.json.gz"} <= data_files()


def test_the_wheel_carries_every_data_file_and_module(tmp_path):
    # --no-build-isolation: the build backend comes from the test dependencies, nothing is fetched.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(tmp_path),
         str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = tmp_path.glob("alignread-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert data_files() - names == set()
    modules = {"alignread/" + p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    assert modules - names == set()


def test_the_tests_import_the_package_from_where_it_is_installed():
    """Not from src/ by a path trick: an editable install points there, a plain one does not,
    and either way the package found is the one pip installed."""
    from importlib.metadata import distribution

    dist = distribution("alignread")
    assert dist.version == alignread.__version__
    where = Path(alignread.__file__).resolve().parent
    editable = json.loads(dist.read_text("direct_url.json") or "{}").get("dir_info", {}).get("editable", False)
    if not editable:
        assert ROOT / "src" not in where.parents, f"alignread imported from {where}, not the installed copy"
