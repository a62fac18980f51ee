"""Paths to the project's data, and to ../shared when it is present."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GOLD = ROOT / "tests" / "data" / "gold"
# shared/ sits beside the repository (CI, /work/main); a worktree under /work/wt/ finds
# it at /work/shared, as benchmarks/langid_enid.py does.
SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), ROOT.parent / "shared")
SEED = SHARED / "seeds" / "000_a46a9a4d0b4beae3.txt"
ENID = SHARED / "enid"
