"""Books at full size: prints every target of issue 13 (it asserts nothing).

1. Accuracy on the whole-book Bible documents of `../shared/bible/bible-books` (2 Chronicles
   and Jeremiah, with their "Chapter N" / "Pasal N" headings), aligned from running text
   as a user gives it: the beads are written as Vecalign bead lines over the gold
   sentences and scored by the reference scorer, `../shared/tools/score.py` (unit
   precision, recall and F1: the gold units are verse groups), and every chapter pair is
   checked against the headings.
2. Speed and memory on a book of 50,000 sentences a side, built in a temporary folder by
   repeating those two books and the news documents of `../shared/enid/ntrex-clean` as
   chapters (the data is never copied into the repository): `align`, `show | head -1`,
   `show` whole, a TMX export, and the reader (first screen, whole book loaded, a cursor
   move), each in a fresh process as a user runs it.

    python benchmarks/book.py [--sentences 50000] [--skip-speed] [--skip-accuracy] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
BIBLE = SHARED / "bible" / "bible-books"
NTREX = SHARED / "enid" / "ntrex-clean"
SCORER = SHARED / "tools" / "score.py"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

HEADING = {"en": re.compile(r"^Chapter \d+$", re.M), "id": re.compile(r"^Pasal \d+$", re.M)}
WORD = {"en": "Chapter", "id": "Pasal"}


# ---------------------------------------------------------------- building the book


def chapters_of(text: str, lang: str) -> list[str]:
    """The chapters of a Bible book's running text, each without its heading line."""
    starts = [m.start() for m in HEADING[lang].finditer(text)]
    out = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        body = text[a:b].split("\n", 1)[1].strip("\n")
        out.append(body)
    return out


def book_chapters(sentences: int) -> dict[str, list[str]]:
    """Chapter bodies for both sides, repeating the sources until each side has `sentences`."""
    sources: list[tuple[str, str, int, int]] = []  # en body, id body, en sentences, id sentences
    for doc in ("00_2CH", "01_JER"):
        en = chapters_of((BIBLE / f"{doc}.en.txt").read_text(encoding="utf-8"), "en")
        ind = chapters_of((BIBLE / f"{doc}.id.txt").read_text(encoding="utf-8"), "id")
        n_en = (BIBLE / f"{doc}.en.sents").read_text(encoding="utf-8").count("\n") - len(en)
        n_id = (BIBLE / f"{doc}.id.sents").read_text(encoding="utf-8").count("\n") - len(ind)
        for e, i in zip(en, ind):
            sources.append((e, i, n_en // len(en), n_id // len(ind)))
    for path in sorted(NTREX.glob("*.en.txt")):
        name = path.name[: -len(".en.txt")]
        e = path.read_text(encoding="utf-8").strip("\n")
        i = (NTREX / f"{name}.id.txt").read_text(encoding="utf-8").strip("\n")
        n_e = (NTREX / f"{name}.en.sents").read_text(encoding="utf-8").count("\n")
        n_i = (NTREX / f"{name}.id.sents").read_text(encoding="utf-8").count("\n")
        sources.append((e, i, n_e, n_i))
    out: dict[str, list[str]] = {"en": [], "id": []}
    counts = {"en": 0, "id": 0}
    k = 0
    while min(counts.values()) < sentences:
        e, i, n_e, n_i = sources[k % len(sources)]
        out["en"].append(e)
        out["id"].append(i)
        counts["en"] += n_e + 1
        counts["id"] += n_i + 1
        k += 1
    return out


def write_book(folder: Path, sentences: int) -> tuple[Path, Path, int]:
    """`book.en.txt` and `book.id.txt` with "Chapter N" / "Pasal N" headings."""
    chapters = book_chapters(sentences)
    paths = []
    for side in ("en", "id"):
        parts = [f"{WORD[side]} {n}\n\n{body}\n" for n, body in enumerate(chapters[side], 1)]
        path = folder / f"book.{side}.txt"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], len(chapters["en"])


# ---------------------------------------------------------------- accuracy on the Bible books


def accuracy() -> None:
    from align_running import scored_beads
    from segment_enid import locate

    from alignread.formats.beads import format_beads
    from alignread.workflows.build import build_pair

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for doc in ("00_2CH", "01_JER"):
            en = (BIBLE / f"{doc}.en.txt").read_text(encoding="utf-8")
            ind = (BIBLE / f"{doc}.id.txt").read_text(encoding="utf-8")
            t0 = time.perf_counter()
            pair = build_pair(en, ind, check_languages=False)
            seconds = time.perf_counter() - t0
            en_spans = locate(en, (BIBLE / f"{doc}.en.sents").read_text(encoding="utf-8").splitlines())
            id_spans = locate(ind, (BIBLE / f"{doc}.id.sents").read_text(encoding="utf-8").splitlines())
            test = scored_beads(pair, en_spans, id_spans)
            (out / f"{doc}.beads").write_text(format_beads(test), encoding="utf-8")
            right = sum(
                1 for e, i in pair.chapter_pairs
                if len(e) == len(i) == 1 and pair.en.chapters[e[0]].title.split()[-1]
                == pair.ind.chapters[i[0]].title.split()[-1]
            )
            chapters = (len(pair.en.chapters), len(pair.ind.chapters))
            print(f"{doc}: {chapters[0]} English and {chapters[1]} Indonesian chapters, {right} of "
                  f"{len(pair.chapter_pairs)} chapter pairs right (Chapter N with Pasal N); "
                  f"{len(pair.beads)} beads in {seconds:.1f} s")
        scored = subprocess.run([sys.executable, str(SCORER), str(BIBLE), str(out), "--json"], capture_output=True,
                                text=True, check=True)
        s = json.loads(scored.stdout)
        print(f"reference scorer ({SCORER.relative_to(SHARED.parent)}), both books: unit P {s['unit_p']:.4f} "
              f"R {s['unit_r']:.4f} F1 {s['unit_f1']:.4f} (target >= 0.995); strict F1 {s['strict_f1']:.4f}, "
              f"lax F1 {s['lax_f1']:.4f}")


# ---------------------------------------------------------------- speed on a 50,000-sentence book


def run(args: list[str], cwd: Path, stdout=subprocess.DEVNULL) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, of every process it started) and peak
    memory (MB, of its largest process) of one command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=stdout)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def first_line(args: list[str], cwd: Path) -> float:
    """Seconds until a command prints its first line (as `| head -1` sees it)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    seconds = time.perf_counter() - t0
    proc.kill()
    proc.wait()
    return seconds


def speed(sentences: int, keep: Path | None) -> None:
    alignread = shutil.which("alignread") or "alignread"
    folder = Path(tempfile.mkdtemp(prefix="alignread-book-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        en, ind, chapters = write_book(folder, sentences)
        print(f"book: {chapters} chapters a side, {en.stat().st_size / 1e6:.1f} MB English and "
              f"{ind.stat().st_size / 1e6:.1f} MB Indonesian of running text, built in {folder}")
        out = folder / "book.yaml"
        seconds, cpu, peak = run(
            [alignread, "align", en.name, ind.name, "-o", out.name, "-q", "--no-language-check"], folder)
        from alignread.store.pairfile import load

        pair = load(out)
        print(f"align: {len(pair.en.sentences)} English and {len(pair.ind.sentences)} Indonesian sentences, "
              f"{len(pair.beads)} beads, {len(pair.chapter_pairs)} chapter pairs, {out.stat().st_size / 1e6:.1f} MB "
              f"of YAML: {seconds:.1f} s ({cpu:.1f} s of CPU in its two processes), peak {peak:.0f} MB "
              "(targets <= 20 s, <= 1 GB)")
        t0 = time.perf_counter()
        subprocess.run(f"'{alignread}' show '{out.name}' | head -1 > /dev/null", shell=True, cwd=folder, check=True)
        pipeline = time.perf_counter() - t0
        print(f"show | head -1: the first line after {first_line([alignread, 'show', out.name], folder):.2f} s, "
              f"the whole pipeline done after {pipeline:.2f} s (target <= 1 s)")
        seconds, cpu, _ = run([alignread, "show", out.name], folder)
        print(f"show, whole book to a pipe: {seconds:.2f} s ({cpu:.2f} s of CPU) (target <= 5 s)")
        seconds, cpu, _ = run([alignread, "export", out.name, "--format", "tmx", "-o", "book.tmx"], folder)
        print(f"export --format tmx: {seconds:.2f} s ({cpu:.2f} s of CPU) (target <= 5 s)")
        probe = subprocess.run([sys.executable, __file__, "--reader", str(out), "--since", repr(time.time())],
                               capture_output=True, text=True, check=True)
        print(probe.stdout, end="")
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the reader, in a process of its own


def reader(path: Path, since: float) -> None:
    """From the process's start: the first painted screen, the whole book shown; then the
    key-to-frame time of cursor moves (as `benchmarks/tui.py` measures it)."""
    import asyncio
    import statistics

    from textual.strip import Strip

    from alignread.tui.app import AlignreadApp
    from alignread.tui.launch import OpenFile
    from alignread.tui.screens.reader import ReaderScreen
    from alignread.tui.widgets.bead_table import BeadTable

    marks: dict[str, float] = {}
    original = BeadTable.render_line

    def render_line(self, y: int) -> Strip:
        strip = original(self, y)
        marks.setdefault("first", time.time())
        screen = self.screen
        if isinstance(screen, ReaderScreen) and not screen.previewing:
            marks.setdefault("whole", time.time())
        return strip

    BeadTable.render_line = render_line  # type: ignore[method-assign]

    async def main() -> None:
        app = AlignreadApp(OpenFile(path))
        async with app.run_test(size=(120, 40)) as pilot:
            while "whole" not in marks:
                await asyncio.sleep(0.002)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            print(f"reader: first screen painted {marks['first'] - since:.2f} s after start (target <= 1 s); "
                  f"the whole book ({len(screen.pair.beads)} beads) shown after {marks['whole'] - since:.2f} s "
                  "(target <= 3 s)")
            from tui import frame_timer  # benchmarks/tui.py, imported once the book is shown

            key_to_frame = frame_timer(app, pilot)
            moves = await key_to_frame("j", 100) + await key_to_frame("pagedown", 20)
            print(f"reader: cursor move, key to painted frame: median {statistics.median(moves[:100]) * 1000:.1f} ms, "
                  f"page down median {statistics.median(moves[100:]) * 1000:.1f} ms (target <= 20 ms; Textual paints "
                  "at most 60 frames a second, so up to 17 ms of it is waiting for the next frame)")

    asyncio.run(main())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=50_000)
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--keep", type=Path, help="build the book in this folder and keep it")
    ap.add_argument("--reader", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--since", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.reader:
        reader(args.reader, args.since)
        return 0
    if not BIBLE.is_dir() or not NTREX.is_dir():
        print(f"{BIBLE} or {NTREX}: no such folder (the data lives in ../shared, beside the repository)",
              file=sys.stderr)
        return 2
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if not args.skip_accuracy:
        accuracy()
    if not args.skip_speed:
        speed(args.sentences, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
