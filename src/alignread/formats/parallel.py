"""Parallel data for machine translation: the beads of a whole corpus as lines, with the
document and bead each line comes from.

`bead_lines(name, pair)` gives a document's beads as `BeadLine`s (text on one line each);
`encode_lines`/`decode_lines` keep them compactly (a batch records them beside each output,
so that exporting a large corpus need not parse every YAML); the writers stream lines to
disk in one of four formats, never holding more than a line:

| format | files | a line's provenance |
|---|---|---|
| `moses` | `PATH.en` and `PATH.id`, line-aligned | `PATH.ids`: document, bead, type, confidence |
| `tmx` | `PATH` (TMX 1.4b), a unit per line | `tuid` `document:bead`, props `x-document`, `x-bead-index` |
| `jsonl` | `PATH`, a JSON object per line | fields `document`, `bead` |
| `tsv` | `PATH`, with a header row | columns `document`, `bead` |
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from types import TracebackType
from typing import TextIO

from alignread import __version__
from alignread.core.model import TextPair
from alignread.formats.tmx import escape, quoteattr, xml_text
from alignread.formats.tsv import cell
from alignread.store.atomic import atomic_writer

CORPUS_FORMATS = ("moses", "tmx", "jsonl", "tsv")


@dataclass(frozen=True, slots=True)
class BeadLine:
    """One bead of one document, as a line of parallel data."""

    document: str
    bead: int  # its index in the document (0 is the first, as TMX `tuid`s count)
    kind: str  # `1-1`, `2-1`, ...
    confidence: float
    confirmed: bool  # made or checked by a reader
    en: str
    ind: str


def _line(text: str) -> str:
    return " ".join(text.split())


def bead_lines(name: str, pair: TextPair) -> Iterator[BeadLine]:
    """Every bead of a document, its text on one line per side (one-sided beads too)."""
    for k, bead in enumerate(pair.beads):
        yield BeadLine(name, k, bead.kind, bead.score, bead.confirmed,
                       _line(pair.bead_text(bead, "en")), _line(pair.bead_text(bead, "id")))


def encode_lines(pair: TextPair) -> bytes:
    """A document's bead lines, compressed (about a third of its text)."""
    rows = [[line.kind, line.confidence, int(line.confirmed), line.en, line.ind] for line in bead_lines("", pair)]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode_lines(name: str, data: bytes) -> list[BeadLine]:
    """`encode_lines`'s bead lines of document `name`."""
    rows = json.loads(zlib.decompress(data))
    return [BeadLine(name, k, kind, score, bool(confirmed), en, ind)
            for k, (kind, score, confirmed, en, ind) in enumerate(rows)]


def corpus_files(fmt: str, path: str) -> tuple[str, ...]:
    """The files a format writes for `-o path` (`-` is stdout, except for moses)."""
    if fmt == "moses":
        return (f"{path}.en", f"{path}.id", f"{path}.ids")
    return (path,)


class CorpusWriter:
    """Writes bead lines in one of `CORPUS_FORMATS`, each file atomically (whole or not at
    all) when the writer is closed without an error. Use it as a context manager."""

    def __init__(self, fmt: str, path: str) -> None:
        if fmt not in CORPUS_FORMATS:
            raise ValueError(f"unknown corpus format {fmt!r} (choose from {', '.join(CORPUS_FORMATS)})")
        self.fmt = fmt
        self.files = corpus_files(fmt, path)
        self._stack = ExitStack()
        self._out: list[TextIO] = []

    def __enter__(self) -> CorpusWriter:
        self._out = [self._stack.enter_context(atomic_writer(p)) for p in self.files]
        self._begin()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> bool:
        if kind is None:
            self._end()
        return bool(self._stack.__exit__(kind, value, traceback))

    def _begin(self) -> None:
        out = self._out[0]
        if self.fmt == "tmx":
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                      '<tmx version="1.4">\n'
                      f'  <header creationtool="alignread" creationtoolversion="{__version__}" '
                      'datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="alignread" />\n'
                      "  <body>\n")
        elif self.fmt == "tsv":
            out.write("english\tindonesian\tdocument\tbead\ttype\tconfidence\n")

    def _end(self) -> None:
        if self.fmt == "tmx":
            self._out[0].write("  </body>\n</tmx>\n")

    def write(self, lines: Iterable[BeadLine]) -> None:
        fmt = self.fmt
        if fmt == "moses":
            en, ind, ids = self._out
            for line in lines:
                en.write(line.en + "\n")
                ind.write(line.ind + "\n")
                ids.write(f"{_tsv_name(line.document)}\t{line.bead}\t{line.kind}\t{line.confidence:.3f}\n")
        elif fmt == "jsonl":
            out = self._out[0]
            for line in lines:
                record = {"document": line.document, "bead": line.bead, "type": line.kind,
                          "confidence": round(line.confidence, 4), "en": line.en, "id": line.ind}
                if line.confirmed:
                    record["confirmed"] = True
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "tsv":
            out = self._out[0]
            for line in lines:
                out.write(f"{cell(line.en)}\t{cell(line.ind)}\t{cell(line.document)}\t{line.bead}\t{line.kind}\t"
                          f"{line.confidence:.3f}\n")
        else:
            out = self._out[0]
            for line in lines:
                out.write(_unit(line))


def _tsv_name(name: str) -> str:
    return " ".join(name.replace("\t", " ").split())


def _unit(line: BeadLine) -> str:
    status = '      <prop type="x-status">confirmed</prop>\n' if line.confirmed else ""
    return (f"    <tu tuid={quoteattr(xml_text(f'{line.document}:{line.bead}'))}>\n"
            f'      <prop type="x-document">{escape(xml_text(line.document))}</prop>\n'
            f'      <prop type="x-bead-index">{line.bead}</prop>\n'
            f'      <prop type="x-bead">{line.kind}</prop>\n'
            f'      <prop type="x-confidence">{line.confidence:.3f}</prop>\n'
            f"{status}"
            f'      <tuv xml:lang="en">\n        <seg>{escape(xml_text(line.en))}</seg>\n      </tuv>\n'
            f'      <tuv xml:lang="id">\n        <seg>{escape(xml_text(line.ind))}</seg>\n      </tuv>\n'
            "    </tu>\n")
