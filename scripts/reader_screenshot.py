"""Write docs/reader.svg and docs/counterpart.svg, the reader's pictures in the README.

docs/reader.svg: the reading view on a corpus essay, the same annotated document as the
snapshot tests (tags, a phrase, a note, one low-confidence bead) with a fixed clock, so
the picture only changes when the reader does.

docs/counterpart.svg: a phrase being selected in the marketing essay (`natural
resistance`), its Indonesian counterpart highlighted, a concept suggestion's dim chips,
and the gloss of a word in the side panel.

Usage: python scripts/reader_screenshot.py [READER.svg [COUNTERPART.svg]]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.core import annotate
from alignread.store import pairfile
from alignread.store.corpus import load_concepts
from alignread.tui.app import AlignreadApp
from alignread.tui.launch import OpenFile

NOW = "2025-01-01T09:00:00Z"


def annotated(path: Path) -> None:
    pair = pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml")
    library = {c.id: c for c in load_concepts(ROOT / "corpora" / "concepts.yaml")}
    for cid in ("word-of-mouth", "trust", "story-that-spreads"):
        pair = annotate.add_concept(pair, library[cid])
    pair = annotate.tag_bead(pair, 6, ["word-of-mouth", "trust"], at=NOW)
    pair = annotate.set_bead_note(pair, 6, "Trust is *borrowed*, not built:\n\n- a cousin\n- a friend", at=NOW)
    start = pair.ind.text.index("Getok tular berhasil")
    pair = annotate.tag_phrase(pair, "id", start, start + len("Getok tular"), ["word-of-mouth"], at=NOW)
    pair = annotate.tag_bead(pair, 10, ["trust"], at=NOW)
    pair = replace(pair, beads=tuple(replace(b, score=0.31) if k == 4 else b for k, b in enumerate(pair.beads)))
    pairfile.save(pair, path)


async def shoot(output: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "word-of-mouth.yaml"
        annotated(path)
        app = AlignreadApp(OpenFile(path), clock=lambda: NOW)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("a", "slash", *"trust", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            output.write_text(app.export_screenshot(title="alignread read corpora/word-of-mouth"), encoding="utf-8")
    print(f"wrote {output}")


async def shoot_counterpart(output: Path) -> None:
    from alignread.store.corpus import load_concepts
    from alignread.workflows.build import build_pair

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "marketing-and-sales.yaml"
        corpus = ROOT / "corpora"
        pair = build_pair((corpus / "marketing-and-sales.en.txt").read_text(encoding="utf-8"),
                          (corpus / "marketing-and-sales.id.txt").read_text(encoding="utf-8"),
                          en_file="corpora/marketing-and-sales.en.txt", ind_file="corpora/marketing-and-sales.id.txt")
        pair = replace(pair, meta=replace(pair.meta, title="Marketing Is More Than Selling"))
        pair = annotate.ensure_concepts(pair, load_concepts(corpus / "concepts.yaml"))
        pairfile.save(pair, path)
        app = AlignreadApp(OpenFile(path), clock=lambda: NOW)
        async with app.run_test(size=(130, 34)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            # Bead 8: "Every potential buyer brings a natural resistance to saying yes."
            await pilot.press(*"jjjjjjj", "s", "right", "right", "right", "right", "right", "g")
            await app.workers.wait_for_complete()
            await pilot.press("shift+right")
            await app.workers.wait_for_complete()
            await pilot.pause()
            output.write_text(app.export_screenshot(title="alignread read marketing-and-sales.yaml"), encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    asyncio.run(shoot(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "reader.svg"))
    asyncio.run(shoot_counterpart(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "counterpart.svg"))
