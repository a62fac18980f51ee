"""A bilingual page to share: one self-contained HTML file of an aligned pair.

English and Indonesian side by side, one bead per row, the reader's notes beside their
beads, concept chips in both languages and tagged phrases marked where they are, and a
list of the concepts linking to their places. The stylesheet is inline and the page has
no script and loads nothing, so it opens the same from a mail attachment, a USB stick or
a web server; it prints on A4 with the columns kept level, follows the browser's light or
dark preference and stacks the columns on a phone.

The page is rendered by Jinja2 templates (`templates/`) with autoescaping on: the
essay's text, labels and quotes reach the page only as escaped text. Notes are Markdown,
rendered by markdown-it-py with raw HTML off (a `<script>` in a note shows as text) and
images off (an image would be fetched from the network). Python builds plain values for
the templates (`BeadView`, `TextRun`...), never HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from alignread import __version__
from alignread.core.model import LOW_CONFIDENCE, Annotation, Bead, Concept, TextPair
from alignread.core.sides import SIDES, language_name

# What an empty side of a one-sided bead says (as the reader says it).
MISSING = {"en": "— not in the English —", "id": "— not in the Indonesian —"}
# Characters an anchor (`#concept-trust`) keeps as they are; other ids are numbered.
_ANCHOR_SAFE = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class TextRun:
    """A run of a sentence's text; inside tagged phrases when `phrases` is not empty."""

    text: str
    phrases: tuple[str, ...] = ()  # the anchors of the phrases it belongs to
    anchor: str = ""  # the phrase that starts here, for links to it
    title: str = ""  # the phrases' concepts, shown on hover


@dataclass(frozen=True, slots=True)
class Chip:
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class SideView:
    """One side of a bead: its sentences (runs of pieces), by paragraph, and its chips."""

    lang: str
    paragraphs: tuple[tuple[tuple[TextRun, ...], ...], ...]
    chips: tuple[Chip, ...]
    missing: str = ""


@dataclass(frozen=True, slots=True)
class NoteView:
    anchor: str
    html: Markup
    quote: str = ""  # a phrase's text, for a note on a phrase
    quote_lang: str = ""


@dataclass(frozen=True, slots=True)
class BeadView:
    number: int  # from 1, as the reader numbers beads
    kind: str
    score: float
    low: bool
    confirmed: bool
    new_paragraph: bool
    en: SideView
    ind: SideView
    notes: tuple[NoteView, ...]

    @property
    def anchor(self) -> str:
        return f"bead-{self.number}"

    @property
    def sides(self) -> tuple[SideView, SideView]:
        return (self.en, self.ind)


@dataclass(frozen=True, slots=True)
class Place:
    href: str
    label: str
    quote: str = ""
    quote_lang: str = ""


@dataclass(frozen=True, slots=True)
class ConceptView:
    anchor: str
    label_en: str
    label_ind: str
    description_en: str
    description_ind: str
    places: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class DetachedView:
    anchor: str
    reason: str
    quote_en: str
    quote_ind: str
    chips: tuple[Chip, ...]
    note: Markup


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One document of a corpus page (`corpus_index`)."""

    name: str
    href: str  # its page, relative to the index
    title: str = ""
    author: str = ""
    beads: int = 0
    en_sentences: int = 0
    id_sentences: int = 0
    low_confidence: int = 0


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("alignread.formats", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(version=__version__, language_name=language_name)
    return env


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML escaped, not passed through, and without images, which a
    # browser would fetch; a single line break in a note stays a line break.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")


def note_html(note: str) -> Markup:
    """A note's Markdown as HTML, its raw HTML escaped."""
    return Markup(_markdown().render(note.strip()))


def _anchor(prefix: str, key: str, fallback: int) -> str:
    return f"{prefix}-{key}" if _ANCHOR_SAFE.fullmatch(key) else f"{prefix}-{fallback}"


class _Page:
    """The values one page is rendered from."""

    def __init__(self, pair: TextPair, low: float) -> None:
        self.pair = pair
        self.low = low
        # A phrase is marked in the text (`#phrase-a2`); a note, or a detached annotation,
        # is its own block (`#note-a2`).
        self.phrase_anchors = {a.id: _anchor("phrase", a.id, k + 1) for k, a in enumerate(pair.annotations)}
        self.note_anchors = {a.id: _anchor("note", a.id, k + 1) for k, a in enumerate(pair.annotations)}
        self.concept_anchors: dict[str, str] = {}
        for k, cid in enumerate(self._concept_ids()):
            self.concept_anchors[cid] = _anchor("concept", cid, k + 1)
        self.by_bead = self._annotations_by_bead()

    def _concept_ids(self) -> list[str]:
        """The concepts tagged anywhere: defined ones in their order, then undefined ids."""
        used = {cid for a in self.pair.annotations for cid in a.concepts}
        ids = [c.id for c in self.pair.concepts if c.id in used]
        for a in self.pair.annotations:
            ids.extend(cid for cid in a.concepts if cid not in ids)
        return ids

    def _annotations_by_bead(self) -> list[list[Annotation]]:
        """The annotations on each bead (one on several beads is on each of them)."""
        out: list[list[Annotation]] = [[] for _ in self.pair.beads]
        for ann in self.pair.annotations:
            for k in self.beads_of(ann):
                out[k].append(ann)
        return out

    def beads_of(self, ann: Annotation) -> list[int]:
        found = {self.pair.bead_of(side, i) for side in SIDES for i in ann.ids(side)}
        return sorted(k for k in found if k is not None)

    def label(self, cid: str, side: str) -> str:
        concept = self.pair.concept(cid)
        return concept.label(side) if concept else cid

    def chips(self, anns: Iterable[Annotation], side: str) -> tuple[Chip, ...]:
        seen: list[str] = []
        for ann in anns:
            seen.extend(cid for cid in ann.concepts if cid not in seen)
        return tuple(Chip(self.label(cid, side), "#" + self.concept_anchors[cid]) for cid in seen)

    def pieces(self, side: str, start: int, end: int, phrases: Sequence[Annotation]) -> tuple[TextRun, ...]:
        """The text `[start, end)` of `side`, cut where tagged phrases start and end."""
        text = self.pair.side(side).text
        spans: list[tuple[int, int, int, Annotation]] = []
        for phrase in phrases:
            span = phrase.span_on(side)
            if span is not None and span[0] < end and span[1] > start:
                spans.append((max(span[0], start), min(span[1], end), span[0], phrase))
        cuts = sorted({start, end, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
        out = []
        for a, b in zip(cuts, cuts[1:]):
            inside = [(first, ann) for s, e, first, ann in spans if s <= a and b <= e]
            starting = [ann for first, ann in inside if first == a]
            concepts = [self.label(cid, side) for _, ann in inside for cid in ann.concepts]
            out.append(TextRun(
                text[a:b],
                tuple(self.phrase_anchor(ann, side) for _, ann in inside),
                self.phrase_anchor(starting[0], side) if starting else "",
                ", ".join(dict.fromkeys(concepts)),
            ))
        return tuple(out)

    def phrase_anchor(self, ann: Annotation, side: str) -> str:
        """A phrase's anchor; a phrase tagged in both languages has one on each side, the
        counterpart's ending in its language (`#phrase-a2`, `#phrase-a2-id`)."""
        anchor = self.phrase_anchors[ann.id]
        return anchor if side == (ann.side or "en") else f"{anchor}-{side}"

    def side_view(self, bead: Bead, side: str, anns: list[Annotation]) -> SideView:
        sentences = [self.pair.side(side).sentences[i] for i in bead.ids(side)]
        phrases = [a for a in anns if a.span_on(side) is not None]
        paragraphs: list[list[tuple[TextRun, ...]]] = []
        last = None
        for s in sentences:
            if s.paragraph != last:
                paragraphs.append([])
                last = s.paragraph
            paragraphs[-1].append(self.pieces(side, s.start, s.end, phrases))
        return SideView(side, tuple(tuple(p) for p in paragraphs), self.chips(anns, side),
                        "" if sentences else MISSING[side])

    def notes(self, k: int, anns: list[Annotation]) -> tuple[NoteView, ...]:
        """The notes shown beside bead `k`: those of the annotations that begin there."""
        out = []
        for ann in anns:
            if ann.note.strip() and self.beads_of(ann)[0] == k:
                quote = " ".join(ann.quote.split()) if ann.is_phrase else ""
                out.append(NoteView(self.note_anchors[ann.id], note_html(ann.note), quote, ann.side or ""))
        return tuple(out)

    def beads(self) -> list[BeadView]:
        return [
            BeadView(
                number=k + 1, kind=bead.kind, score=bead.score, low=bead.needs_check(self.low),
                confirmed=bead.confirmed, new_paragraph=self._starts_paragraph(bead),
                en=self.side_view(bead, "en", self.by_bead[k]), ind=self.side_view(bead, "id", self.by_bead[k]),
                notes=self.notes(k, self.by_bead[k]),
            )
            for k, bead in enumerate(self.pair.beads)
        ]

    def _starts_paragraph(self, bead: Bead) -> bool:
        """Whether the bead opens a paragraph of its first side (not the text's first)."""
        for side in SIDES:
            ids = bead.ids(side)
            if ids:
                sentences = self.pair.side(side).sentences
                return ids[0] > 0 and sentences[ids[0] - 1].paragraph != sentences[ids[0]].paragraph
        return False

    def place(self, ann: Annotation) -> Place:
        """Where the concept list links for an annotation: its phrase, its bead, or its
        block among the detached notes."""
        beads = self.beads_of(ann)
        if ann.is_detached or not beads:
            return Place("#" + self.note_anchors[ann.id], "detached")
        where = f"bead {beads[0] + 1}" if len(beads) == 1 else f"beads {beads[0] + 1}–{beads[-1] + 1}"
        if ann.is_phrase:
            return Place("#" + self.phrase_anchors[ann.id], where, " ".join(ann.quote.split()), ann.side or "")
        return Place(f"#bead-{beads[0] + 1}", where)

    def concepts(self) -> list[ConceptView]:
        order = {ann.id: n for n, ann in enumerate(self._reading_order())}
        views = []
        for cid, anchor in self.concept_anchors.items():
            concept = self.pair.concept(cid) or Concept(cid, cid)
            anns = sorted((a for a in self.pair.annotations if cid in a.concepts), key=lambda a: order[a.id])
            views.append(ConceptView(
                anchor, concept.label("en"), concept.label("id"), concept.description_en,
                concept.description_ind, tuple(self.place(a) for a in anns),
            ))
        return views

    def _reading_order(self) -> list[Annotation]:
        def key(ann: Annotation) -> tuple[int, int, int]:
            beads = self.beads_of(ann)
            if ann.is_detached or not beads:
                return (1, 0, 0)
            return (0, beads[0], ann.start or 0)

        return sorted(self.pair.annotations, key=key)

    def detached(self) -> list[DetachedView]:
        return [
            DetachedView(self.note_anchors[a.id], a.detached, a.quote_en, a.quote_ind, self.chips([a], "en"),
                         note_html(a.note))
            for a in self._reading_order() if a.is_detached or not self.beads_of(a)
        ]


def page(pair: TextPair, name: str = "", low: float = LOW_CONFIDENCE) -> str:
    """The pair as one self-contained HTML page (`alignread export --format html`).

    `name` is the document's name (its file name in a corpus), shown when it has no title.
    """
    built = _Page(pair, low)
    beads = built.beads()
    meta = pair.meta
    context: dict[str, Any] = {
        "title": meta.title or name or "text pair",
        "name": name,
        "meta": meta,
        "beads": beads,
        "concepts": built.concepts(),
        "detached": built.detached(),
        "low": low,
        "counts": {
            "beads": len(beads),
            "one_sided": sum(1 for b in pair.beads if b.one_sided),
            "low": sum(1 for b in beads if b.low),
            "notes": sum(1 for a in pair.annotations if a.note.strip()),
        },
    }
    return _environment().get_template("page.html.j2").render(context)


def corpus_index(entries: Sequence[IndexEntry], title: str = "Aligned essays") -> str:
    """A page listing the documents of a batch's output folder, linking to their pages."""
    return _environment().get_template("index.html.j2").render(title=title, entries=list(entries))
