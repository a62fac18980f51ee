"""How fast the reader is on a long document: prints figures (it asserts nothing).

Builds a document of about 5,000 beads by joining aligned essays end to end (the
committed word-of-mouth fixture, or the PAIR.yaml files given), then measures with the
Pilot at 120x40:

- loading the file (PyYAML), and the save after one tag (only annotations are dumped);
- from starting the app to the first painted bead table, with the document in memory;
- per cursor move (j) and per page down: from the key to the next painted frame; the
  Pilot's whole key press, minus the same press of an unbound key (the Pilot waits for
  idle in 20 ms steps after every key); and the work itself: the action plus rendering
  every visible line of the table from a cold cache;
- one search over both languages;
- the word links (`alignread.workflows.phrases`): training the document's translation
  tables and finding its concept suggestions, which the reader does in a worker on
  opening; then, with a phrase selected, moving the selection (`right`, `left`) while its
  counterpart on the other side is highlighted: key to painted frame, Pilot press, and the
  work (the action, the counterpart from the word links, rendering), on beads whose
  links are already known and on beads met for the first time.

Usage: python benchmarks/tui.py [--beads 5000] [PAIR.yaml ...]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.core import annotate
from alignread.core.find import SearchIndex, search
from alignread.core.model import Bead, Metadata, Paragraph, Sentence, Text, TextPair
from alignread.store import pairfile
from alignread.store.corpus import load_concepts
from alignread.store.document_file import DocumentFile

SIZE = (120, 40)


def join(pairs: list[TextPair], title: str) -> TextPair:
    """One document from several: texts, paragraphs, sentences and beads shifted."""
    sides = {}
    for side in ("en", "id"):
        parts, sentences, paragraphs, offset = [], [], [], 0
        for p in pairs:
            t = p.side(side)
            base = len(paragraphs)
            paragraphs += [Paragraph(len(paragraphs) + k, q.start + offset, q.end + offset)
                           for k, q in enumerate(t.paragraphs)]
            sentences += [Sentence(len(sentences) + k, s.start + offset, s.end + offset, s.text, s.paragraph + base)
                          for k, s in enumerate(t.sentences)]
            parts.append(t.text + "\n\n")
            offset += len(t.text) + 2
        sides[side] = Text(side, "".join(parts), tuple(paragraphs), tuple(sentences))
    beads, en, ind = [], 0, 0
    for p in pairs:
        beads += [Bead(tuple(i + en for i in b.en), tuple(i + ind for i in b.ind), b.score, b.status) for b in p.beads]
        en += len(p.en.sentences)
        ind += len(p.ind.sentences)
    return TextPair(sides["en"], sides["id"], Metadata(title=title), tuple(beads))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def summary(values: list[float]) -> str:
    return f"median {ms(statistics.median(values))}, mean {ms(statistics.mean(values))}, max {ms(max(values))}"


def frame_timer(app, pilot):
    """Key to painted frame: `key_to_frame(key, n)` sends `key` n times as the terminal
    would and times the first frame Textual writes after handling each (the screen
    refreshes at most 60 times a second, so up to ~17 ms of this is Textual waiting for its
    next frame)."""
    from textual import events

    frames: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:
        frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = timed_display

    async def key_to_frame(key: str, n: int) -> list[float]:
        out = []
        for _ in range(n):
            await pilot.pause()
            frames.clear()
            t = time.perf_counter()
            app._driver.send_message(events.Key(key, None))
            while not frames:
                await asyncio.sleep(0.0005)
            out.append(frames[0] - t)
        return out

    return key_to_frame


async def measure_from_disk(path: Path) -> None:
    """`alignread read book.yaml`: the opening screen, then the bead table once loaded."""
    from textual.strip import Strip

    from alignread.tui.app import AlignreadApp
    from alignread.tui.launch import OpenFile
    from alignread.tui.screens.opening import OpeningScreen
    from alignread.tui.widgets.bead_table import BeadTable

    marks: dict[str, float] = {}
    table_line = BeadTable.render_line

    def render_line(self, y: int) -> Strip:
        marks.setdefault("table", time.perf_counter())
        return table_line(self, y)

    BeadTable.render_line = render_line  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        app = AlignreadApp(OpenFile(path))
        async with app.run_test(size=SIZE):
            while "table" not in marks:
                if isinstance(app.screen, OpeningScreen) and app.screen.is_mounted:
                    marks.setdefault("opening", time.perf_counter())
                await asyncio.sleep(0.002)
    finally:
        BeadTable.render_line = table_line  # type: ignore[method-assign]
    print(f"from disk: start to first painted screen (opening, loading in a worker): "
          f"{ms(marks.get('opening', marks['table']) - start)} (target < 1 s)")
    print(f"from disk: start to first painted bead table of the {path.stat().st_size / 1e6:.1f} MB file: "
          f"{ms(marks['table'] - start)}")


async def measure(path: Path, pair: TextPair) -> None:
    from textual.strip import Strip

    from alignread.tui.app import AlignreadApp
    from alignread.tui.launch import OpenFile
    from alignread.tui.screens.reader import ReaderScreen
    from alignread.tui.widgets.bead_table import BeadTable

    document = DocumentFile(path)
    document.mark_saved(0)
    first_paint: list[float] = []
    original = BeadTable.render_line

    def render_line(self, y: int) -> Strip:
        strip = original(self, y)
        if not first_paint and self._layout is not None:
            first_paint.append(time.perf_counter())
        return strip

    class InMemoryApp(AlignreadApp):
        """The reader on a document already loaded (what `read` shows after loading)."""

        def open_target(self, target, from_corpus: bool = False) -> None:
            self.push_screen(ReaderScreen(document, pair, library=load_concepts(ROOT / "corpora" / "concepts.yaml")))

    BeadTable.render_line = render_line  # type: ignore[method-assign]
    start = time.perf_counter()
    app = InMemoryApp(OpenFile(path))
    async with app.run_test(size=SIZE) as pilot:
        while not first_paint:
            await asyncio.sleep(0.001)
        print(f"start to first painted bead table: {ms(first_paint[0] - start)} (target < 1 s)")
        BeadTable.render_line = original  # type: ignore[method-assign]
        await pilot.pause()
        reader = app.screen
        # The word links are trained and the suggestions found in a worker: let it finish, so
        # that it does not share the interpreter with what is measured below.
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"word links trained and concept suggestions found (a worker): done "
              f"{time.perf_counter() - first_paint[0]:.2f} s after the first paint; "
              f"{sum(len(v) for v in reader.suggested.values())} suggestions")
        table = reader.query_one(BeadTable)

        async def press(key: str, n: int) -> list[float]:
            out = []
            for _ in range(n):
                t = time.perf_counter()
                await pilot.press(key)
                out.append(time.perf_counter() - t)
            return out

        baseline = await press("f19", 50)  # bound to nothing: the Pilot's own waiting
        moves = await press("j", 200)
        pages = await press("pagedown", 100)
        base = statistics.median(baseline)
        print(f"Pilot key press, unbound key (the Pilot's idle wait): {summary(baseline)}")
        print(f"Pilot cursor move (j): {summary(moves)}; "
              f"minus the unbound press: {ms(statistics.median(moves) - base)}")
        print(f"Pilot page down: {summary(pages)}; minus the unbound press: {ms(statistics.median(pages) - base)}")
        print(f"  (after {len(pages)} page downs the cursor is on bead {table.cursor + 1} of {len(pair.beads)})")

        display = app._display  # put back once the frames are timed
        key_to_frame = frame_timer(app, pilot)
        await pilot.press("g")
        print(f"key to painted frame, cursor move (j): {summary(await key_to_frame('j', 200))} (target < 50 ms)")
        print(f"key to painted frame, page down: {summary(await key_to_frame('pagedown', 100))} (target < 50 ms)")

        # A phrase being selected, its counterpart highlighted as the selection moves.
        table.move_to(len(pair.beads) // 3)
        await pilot.pause()
        await pilot.press("s")
        assert table.selection is not None
        phrase_frames = []
        for _ in range(100):
            phrase_frames += await key_to_frame("right", 1)
            phrase_frames += await key_to_frame("left", 1)
        with_counterpart = table.selection.counterpart is not None
        print(f"key to painted frame, moving a selected phrase (right/left, counterpart highlighted: "
              f"{with_counterpart}): {summary(phrase_frames)} (target <= 20 ms)")
        phrase_press = (await press("right", 50)) + (await press("left", 50))
        print(f"Pilot phrase move (right/left): {summary(phrase_press)}; "
              f"minus the unbound press: {ms(statistics.median(phrase_press) - base)}")
        await pilot.press("escape")

        app._display = display  # type: ignore[method-assign]

        height = table.scrollable_content_region.height

        def phrase_work(bead: int, step: int) -> float:
            """One move of a selected phrase: the action (the counterpart from the word links
            included) and every visible line rendered from a cold cache."""
            table._cache.clear()
            t = time.perf_counter()
            if table.selection is None or table.selection.bead != bead:
                table.move_to(bead)
                table.start_selection()
            else:
                table.action_select_word(step)
            for y in range(height):
                table.render_line(y)
            return time.perf_counter() - t

        words = reader.words
        middle = len(pair.beads) // 2
        known = [phrase_work(middle, 1 if k % 2 else -1) for k in range(100)]
        fresh_beads = [k for k in range(middle + 1, len(pair.beads)) if pair.beads[k].en and pair.beads[k].ind][:50]
        fresh = [phrase_work(k, 1) for k in fresh_beads]
        table.action_cancel_selection()
        print(f"work per phrase move, links of the bead known (action + counterpart + render {height} lines, "
              f"cold cache): {summary(known)}")
        print(f"work per phrase selected on a bead met for the first time (its words aligned too): {summary(fresh)}")
        assert words is not None and words.trained

        def work(action) -> float:
            table._cache.clear()  # cold: every visible line is rendered anew
            t = time.perf_counter()
            action()
            for y in range(height):
                table.render_line(y)
            return time.perf_counter() - t

        await pilot.press("g")
        move_work = [work(table.action_cursor_down) for _ in range(200)]
        page_work = [work(table.action_page_down) for _ in range(100)]
        print(f"work per cursor move (action + render {height} lines, cold cache): {summary(move_work)} "
              "(target < 50 ms)")
        print(f"work per page down (action + render {height} lines, cold cache): {summary(page_work)} (target < 50 ms)")
        # Correcting the alignment makes a new document value with new beads; each change
        # is also saved, in a thread, which is not timed here.
        reader = app.screen
        confirm_work = [work(reader.action_confirm) for _ in range(20)]
        merge_work = [work(reader.action_merge_next) for _ in range(20)]
        await app.workers.wait_for_complete()
        print(f"work per confirm (y: new beads, relayout, render): {summary(confirm_work)}")
        print(f"work per merge with the next bead (m): {summary(merge_work)}")
        await pilot.press("G")
        t = time.perf_counter()
        table.move_to(0)
        for y in range(height):
            table.render_line(y)
        print(f"jump from the last bead to the first: {ms(time.perf_counter() - t)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="*", type=Path, help="aligned PAIR.yaml files to join (default: the test essay)")
    parser.add_argument("--beads", type=int, default=5000)
    args = parser.parse_args()
    sources = [pairfile.load(p) for p in (args.pairs or [ROOT / "tests" / "data" / "word-of-mouth.yaml"])]
    pieces: list[TextPair] = []
    while sum(len(p.beads) for p in pieces) < args.beads:
        pieces.append(sources[len(pieces) % len(sources)])
    t = time.perf_counter()
    pair = join(pieces, f"{len(pieces)} essays joined")
    print(f"document: {len(pair.beads)} beads, {len(pair.en.sentences)} English and {len(pair.ind.sentences)} "
          f"Indonesian sentences, joined in {ms(time.perf_counter() - t)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.yaml"
        t = time.perf_counter()
        pairfile.save(pair, path)
        print(f"first save (all of it): {time.perf_counter() - t:.2f} s, {path.stat().st_size / 1e6:.1f} MB")
        t = time.perf_counter()
        document, loaded = DocumentFile.open(path)
        print(f"load and validate (PyYAML's safe loader, libyaml): {time.perf_counter() - t:.2f} s")
        document.dumps(loaded)  # what the reader's first save does once
        tagged = annotate.add_concept(loaded, annotate.Concept("trust", "trust", "kepercayaan"))
        tagged = annotate.tag_bead(tagged, len(loaded.beads) // 2, ["trust"])
        t = time.perf_counter()
        document.save(tagged, version=1)
        print(f"save after tagging one bead (texts and beads reused): {ms(time.perf_counter() - t)}")
        from alignread.workflows.phrases import DocumentWords
        from alignread.workflows.suggest import Suggester

        t = time.perf_counter()
        words = DocumentWords(loaded)
        words.train()
        t1 = time.perf_counter()
        suggester = Suggester(loaded, load_concepts(ROOT / "corpora" / "concepts.yaml"), words)
        t2 = time.perf_counter()
        print(f"word links: training the translation tables on {len(loaded.beads)} beads {t1 - t:.2f} s; "
              f"concept suggestions (12 concepts) {t2 - t1:.2f} s, {len(suggester.found)} places")
        t = time.perf_counter()
        index = SearchIndex.build(loaded)
        t1 = time.perf_counter()
        hits = search(loaded, "spreads", index)
        t2 = time.perf_counter()
        print(f"search: index {ms(t1 - t)} once, then 'spreads' {ms(t2 - t1)} ({len(hits)} matches)")
        asyncio.run(measure_from_disk(path))
        asyncio.run(measure(path, loaded))


if __name__ == "__main__":
    main()
