"""Paths to the project's data, and to ../shared when it is present."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GOLD = ROOT / "tests" / "data" / "gold"
SHARED = ROOT.parent / "shared"  # beside the repository, in a work tree and in CI alike
SEED = SHARED / "seeds" / "000_a46a9a4d0b4beae3.txt"
ENID = SHARED / "enid"
