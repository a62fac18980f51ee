"""Markdown study notes: for each concept, every tagged passage in both languages with the
reader's notes, document by document.

Passages and notes are the reader's plain text, so Markdown's special characters in them
are escaped (a `<b>` in an essay stays visible instead of turning the page bold) and the
line breaks of a note are kept. Annotations without a concept follow under "Notes without
a concept"; a detached annotation (its text is gone from the document) is listed with its
old quotes and marked as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alignread.core.errors import AlignreadError
from alignread.core.model import Annotation, Concept, TextPair
from alignread.core.sides import SIDES, other_side
from alignread.core.structure import bead_chapter

# Characters that start inline Markdown (emphasis, code, links, HTML, autolinks).
_INLINE = re.compile(r"([\\`*_\[\]<>])")
# An `&` that would be read as an HTML entity (`&amp;`, `&#38;`).
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What turns a line into a heading, list item, quote or rule.
_LINE_START = re.compile(r"^([#+\-=]|\d+[.)])")


def escape(text: str) -> str:
    """One line of plain text, safe to put in Markdown."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    m = _LINE_START.match(text)
    if m:
        text = text[: m.end() - 1] + "\\" + text[m.end() - 1:]
    return text


def _one_line(text: str) -> str:
    return escape(" ".join(text.split()))


def _note_lines(note: str) -> list[str]:
    """A note as Markdown: its paragraphs kept, its lines joined by hard breaks."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", note.strip()):
        lines = [escape(line.strip()) for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if out:
            out.append("")
        out.extend(line + "\\" for line in lines[:-1])
        out.append(lines[-1])
    return out


@dataclass(frozen=True, slots=True)
class NamedPair:
    """A pair and the name it goes by in the notes (its file name in a corpus)."""

    name: str
    pair: TextPair

    @property
    def heading(self) -> str:
        title = self.pair.meta.title
        if title and title != self.name:
            return f"{_one_line(title)} ({escape(self.name)})"
        return escape(title or self.name)


def _passage(pair: TextPair, ann: Annotation) -> tuple[str, str]:
    if ann.is_detached:
        return ann.quote_en, ann.quote_ind
    en_ids, ind_ids = ann.en, ann.ind
    if ann.is_phrase:
        # A phrase is shown within the beads that hold it, on both sides.
        side = ann.side or "en"
        beads = [pair.beads[k] for k in _beads_of(pair, ann, sides=(side,))]
        en_ids = tuple(i for b in beads for i in b.en) or en_ids
        ind_ids = tuple(i for b in beads for i in b.ind) or ind_ids
    en = " ".join(pair.en.sentences[i].text for i in en_ids)
    ind = " ".join(pair.ind.sentences[i].text for i in ind_ids)
    return en, ind


def _beads_of(pair: TextPair, ann: Annotation, sides: tuple[str, ...] = SIDES) -> list[int]:
    return sorted({k for side in sides for i in ann.ids(side) if (k := pair.bead_of(side, i)) is not None})


def _where(pair: TextPair, ann: Annotation) -> str:
    """`bead 3 (2-1, confidence 0.88)`, or the beads, of an annotation."""
    found = _beads_of(pair, ann)
    if not found:
        return ""
    chapter = bead_chapter(pair, pair.beads[found[0]])
    where = f" in “{_one_line(chapter)}”" if chapter else ""
    if len(found) == 1:
        bead = pair.beads[found[0]]
        return f"bead {found[0]} ({bead.kind}, confidence {bead.score:.2f}){where}"
    return f"beads {found[0]}–{found[-1]}{where}"


def _in_reading_order(pair: TextPair, anns: Iterable[Annotation]) -> list[Annotation]:
    """By bead, then by offset for phrases; detached annotations last."""
    def key(ann: Annotation) -> tuple[int, int, int]:
        if ann.is_detached:
            return (1, 0, 0)
        beads = _beads_of(pair, ann)
        return (0, beads[0] if beads else 0, ann.start or 0)

    return sorted(anns, key=key)


def _entry(pair: TextPair, ann: Annotation) -> list[str]:
    if ann.is_detached:
        head = f"**Detached** ({_one_line(ann.detached)})"
    elif ann.is_bilingual:
        # Tagged in both languages at once: both spans are quoted, the selected one first.
        other = other_side(ann.side or "en")
        head = (f"**Phrase** ({ann.side}) “{_one_line(ann.quote)}” ⇄ ({other}) “{_one_line(ann.quote_on(other))}”, "
                f"{_where(pair, ann)}")
    elif ann.is_phrase:
        head = f"**Phrase** ({ann.side}) “{_one_line(ann.quote)}”, {_where(pair, ann)}"
    else:
        head = f"**Passage**, {_where(pair, ann)}"
    lines = [head.rstrip(", "), ""]
    en, ind = _passage(pair, ann)
    quoted = [f"> **{lang}** {_one_line(text)}" for lang, text in (("en", en), ("id", ind)) if text.strip()]
    for k, line in enumerate(quoted):
        if k:
            lines.append(">")
        lines.append(line)
    if ann.note.strip():
        lines.append("")
        lines.extend(_note_lines(ann.note))
    lines.append("")
    return lines


def _concepts(docs: Sequence[NamedPair]) -> list[Concept]:
    """Every concept defined in the documents, first definition first."""
    seen: dict[str, Concept] = {}
    for doc in docs:
        for concept in doc.pair.concepts:
            seen.setdefault(concept.id, concept)
    return list(seen.values())


def find_concept(concepts: Iterable[Concept], name: str) -> Concept:
    """The concept whose id or English/Indonesian label is `name` (any case)."""
    concepts = list(concepts)
    want = name.strip().casefold()
    for concept in concepts:
        if want in (concept.id.casefold(), concept.label_en.casefold(), concept.label_ind.casefold()):
            return concept
    known = ", ".join(c.id for c in concepts) or "none"
    raise AlignreadError(f"--concept {name}", f"no such concept (known: {known})")


def study_notes(docs: Sequence[NamedPair], concept: str | None = None, title: str = "Study notes") -> str:
    """The study notes of `docs` as Markdown; only concept `concept` when given."""
    concepts = _concepts(docs)
    if concept is not None:
        concepts = [find_concept(concepts, concept)]
    lines = [f"# {escape(title)}", ""]
    sections = 0
    for c in concepts:
        body: list[str] = []
        for doc in docs:
            anns = _in_reading_order(doc.pair, (a for a in doc.pair.annotations if c.id in a.concepts))
            if not anns:
                continue
            body += [f"### {doc.heading}", ""]
            for ann in anns:
                body += _entry(doc.pair, ann)
        if not body and concept is None:
            continue  # a concept nobody tagged
        label = _one_line(c.label_en or c.id) + (f" · {_one_line(c.label_ind)}"
                                                 if c.label_ind and c.label_ind != c.label_en else "")
        lines += [f"## {label}", ""]
        if c.description_en:
            lines += [_one_line(c.description_en), ""]
        if c.description_ind:
            lines += [f"*{_one_line(c.description_ind)}*", ""]
        lines += body or ["No passage is tagged with this concept.", ""]
        sections += 1
    if concept is None:
        body = []
        for doc in docs:
            anns = _in_reading_order(doc.pair, (a for a in doc.pair.annotations if not a.concepts and a.note.strip()))
            if anns:
                body += [f"### {doc.heading}", ""]
                for ann in anns:
                    body += _entry(doc.pair, ann)
        if body:
            lines += ["## Notes without a concept", ""] + body
            sections += 1
    if not sections:
        lines += ["No annotations yet.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def pair_notes(pair: TextPair, name: str = "") -> str:
    """Study notes of one pair (`alignread export --format md`)."""
    title = f"Study notes: {pair.meta.title}" if pair.meta.title else "Study notes"
    return study_notes([NamedPair(name or pair.meta.title or "text pair", pair)], title=title)
