"""The structure a source file gives its text: headings, chapters, and what is kept aside.

Readers of input formats (`alignread.formats.readers`) turn a file into a `SourceText`: the
running text, blocks separated by blank lines so that segmentation finds them as
paragraphs, with the spans of its headings, where its chapters start, and the code
blocks, tables and images that are kept in the record but never aligned. After
segmentation, `with_structure` puts that structure on the segmented `Text`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from alignread.core.model import Bead, Chapter, Extra, Paragraph, Text, TextPair

# What input files may end with (`alignread.formats.readers` reads them), plain text first.
SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub", ".docx")

# The blank line between two blocks of a source's text.
BLOCK_GAP = "\n\n"
# What a chapter before the first heading (a title page, a preface without a heading) is called.
FRONT_MATTER = "(before the first chapter)"


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's running text and its structure.

    `headings` are `(start, end, level)` spans of heading blocks; `chapters` the
    `(offset, title)` where each chapter starts, when the format says (an EPUB's spine);
    otherwise `chapter_starts` finds them among the headings.
    """

    text: str
    format: str = "txt"
    headings: tuple[tuple[int, int, int], ...] = ()
    chapters: tuple[tuple[int, str], ...] = ()
    extras: tuple[Extra, ...] = ()
    title: str = ""


@dataclass
class SourceBuilder:
    """Collects the blocks of a structured file (Markdown, HTML, EPUB, DOCX) in order."""

    format: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    headings: list[tuple[int, int, int]] = field(default_factory=list)
    chapters: list[tuple[int, str]] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    title: str = ""

    @property
    def next_offset(self) -> int:
        """Where the next block will start."""
        return self.length + (len(BLOCK_GAP) if self.parts else 0)

    def block(self, text: str, heading: int = 0) -> None:
        """A paragraph (or a heading of `heading` level), its spaces and line breaks collapsed."""
        text = " ".join(text.split())
        if not text:
            return
        start = self.next_offset
        self.parts.append(text)
        self.length = start + len(text)
        if heading:
            self.headings.append((start, self.length, heading))

    def chapter(self, title: str) -> None:
        """A chapter starts with the next block."""
        title = " ".join(title.split())
        if self.chapters and self.chapters[-1][0] == self.next_offset:
            # The previous chapter had no text (a cover, an empty page): this one replaces it.
            self.chapters[-1] = (self.next_offset, title or self.chapters[-1][1])
        else:
            self.chapters.append((self.next_offset, title))

    def extra(self, kind: str, *, text: str = "", lang: str = "", src: str = "",
              rows: tuple[tuple[str, ...], ...] = ()) -> None:
        """A code block, table or image where the next block would start."""
        if not (text.strip() or src or any(any(c.strip() for c in row) for row in rows)):
            return
        self.extras.append(Extra(kind, self.next_offset, text, lang, src, rows))

    def build(self) -> SourceText:
        text = BLOCK_GAP.join(self.parts) + "\n" if self.parts else ""
        size = len(text)
        extras = tuple(replace(x, at=min(x.at, size)) for x in self.extras)
        chapters = tuple((min(at, size), title) for at, title in self.chapters if at < size)
        return SourceText(text, self.format, tuple(self.headings), chapters, extras, self.title)


def chapter_level(headings: tuple[tuple[int, int, int], ...]) -> int | None:
    """The heading level that divides a text into chapters: the highest level used at
    least twice (one `<h1>` is a page's title, its `<h2>`s are then its chapters)."""
    counts = Counter(level for _, _, level in headings)
    for level in sorted(counts):
        if counts[level] >= 2:
            return level
    return None


def chapter_starts(source: SourceText) -> list[tuple[int, str]]:
    """Where each chapter starts and its title: the format's own chapters, else the
    headings of the chapter level."""
    if source.chapters:
        return list(source.chapters)
    level = chapter_level(source.headings)
    if level is None:
        return []
    return [(start, source.text[start:end]) for start, end, h in source.headings if h == level]


def chapter_spans(text: str, starts: list[tuple[int, str]]) -> tuple[Chapter, ...]:
    """Chapters covering `text` from its start: text before the first chapter's start is a
    chapter of its own when it holds anything."""
    if not starts:
        return ()
    starts = sorted(starts)
    if text[: starts[0][0]].strip():
        starts.insert(0, (0, FRONT_MATTER))
    else:
        starts[0] = (0, starts[0][1])
    out: list[Chapter] = []
    for k, (at, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        if end > at:
            out.append(Chapter(len(out), at, end, title or f"Chapter {len(out) + 1}"))
    if out and out[-1].end != len(text):
        out[-1] = replace(out[-1], end=len(text))
    return tuple(out)


def with_structure(text: Text, source: SourceText) -> Text:
    """`text` (segmented from `source.text`) with its headings, chapters and extras.

    A plain text has no marked headings: its paragraphs of one line that head a chapter
    ("Chapter 3", "Bab 3", "Pasal 12") are taken as headings of level 1, and divide it
    into chapters when there are at least two.
    """
    headings = source.headings
    if source.format == "txt" and not headings:
        headings = plain_headings(text)
        source = replace(source, headings=headings)
    levels = {start: level for start, _, level in headings}
    paragraphs = tuple(
        Paragraph(p.index, p.start, p.end, levels[p.start]) if p.start in levels else p for p in text.paragraphs
    )
    chapters = chapter_spans(source.text, chapter_starts(source))
    return replace(text, paragraphs=paragraphs, chapters=chapters, extras=source.extras,
                   format="" if source.format == "txt" else source.format)


# A line of plain text that heads a chapter: "Chapter 12", "CHAPTER XII. The Storm",
# "Bab 3: Badai", "Pasal 12", "Part Two".
PLAIN_CHAPTER = re.compile(
    r"(?:chapter|bab|pasal|bagian|part|book|kitab|jilid)\s+"
    r"(?:\d+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|satu|dua|tiga|empat|lima)\b"
    r"[ .:—–-]*[^\n]{0,80}",
    re.IGNORECASE,
)


def plain_headings(text: Text) -> tuple[tuple[int, int, int], ...]:
    """The chapter headings of a plain text: one-line paragraphs like "Chapter 3"."""
    found = tuple(
        (p.start, p.end, 1) for p in text.paragraphs
        if p.end - p.start <= 100 and "\n" not in text.text[p.start:p.end]
        and PLAIN_CHAPTER.fullmatch(text.text, p.start, p.end)
    )
    return found if len(found) >= 2 else ()


def bead_chapter(pair: TextPair, bead: Bead) -> str:
    """The title of the chapter a bead stands in (its English side's, else its Indonesian
    side's); empty when the texts have no chapters."""
    for side, ids in (("en", bead.en), ("id", bead.ind)):
        text = pair.side(side)
        if ids and text.chapters:
            chapter = text.chapter_at(text.sentences[ids[0]].start)
            if chapter is not None:
                return chapter.title
    return ""


def contents(pair: TextPair) -> list[tuple[str, int]]:
    """The table of contents: (title, first bead) of each chapter pair (`Chapter 3 · Bab 3`),
    or of each chapter of the side that has them; chapters whose sentences are not known
    yet (a preview) are left out."""
    from bisect import bisect_left

    starts = {side: [s.start for s in pair.side(side).sentences] for side in ("en", "id")}

    def first_bead(side: str, chapter: Chapter) -> int | None:
        text = pair.side(side)
        k = bisect_left(starts[side], chapter.start)
        if k < len(text.sentences) and text.sentences[k].start < chapter.end:
            return pair.bead_of(side, k)
        return None

    entries: list[tuple[str, int]] = []
    groups = pair.chapter_pairs or tuple(
        ((c.index,), ()) for c in pair.en.chapters) or tuple(((), (c.index,)) for c in pair.ind.chapters)
    for en_ids, ind_ids in groups:
        titles = [pair.en.chapters[i].title for i in en_ids]
        titles += [t for t in (pair.ind.chapters[i].title for i in ind_ids) if t not in titles]
        found = [first_bead("en", pair.en.chapters[i]) for i in en_ids[:1]]
        found += [first_bead("id", pair.ind.chapters[i]) for i in ind_ids[:1]]
        beads = [b for b in found if b is not None]
        if beads:
            entries.append((" · ".join(titles), min(beads)))
    return entries
