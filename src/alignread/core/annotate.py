"""Annotating a document: pure functions from a `TextPair` to a new one.

Tags, notes, phrases and concepts. Every edit returns a new frozen `TextPair`, so the
reader keeps the previous values for undo (`alignread.core.history`) and saves whichever
value is current. Timestamps are ISO 8601 UTC
(`2025-01-31T09:30:00Z`); pass `at=` to fix them (tests, snapshots). Annotation ids are
`a1`, `a2`, ...: one more than the highest id in use, so they stay unique after removals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime

from alignread.core.errors import AlignreadError
from alignread.core.model import Annotation, Bead, Concept, Dismissal, TextPair
from alignread.core.sides import on_side, other_side, side_key


class EditError(AlignreadError):
    """An edit that cannot be made (a span outside the text, an unknown concept...)."""

    def __init__(self, problem: str) -> None:
        super().__init__("", problem)


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _id_number(annotation_id: str) -> int:
    m = re.fullmatch(r"a(\d+)", annotation_id)
    return int(m.group(1)) if m else 0


def next_annotation_id(pair: TextPair) -> str:
    """`a<n>` with n one more than the highest number in use."""
    return f"a{max((_id_number(a.id) for a in pair.annotations), default=0) + 1}"


def bead_at(pair: TextPair, bead: int) -> Bead:
    """Bead `bead` of the document, or `EditError` if there is no such bead."""
    if not 0 <= bead < len(pair.beads):
        raise EditError(f"bead {bead} does not exist (the document has {len(pair.beads)})")
    return pair.beads[bead]


def bead_annotation(pair: TextPair, bead: int) -> Annotation | None:
    """The annotation on the whole of bead `bead` (not a phrase), if there is one."""
    b = bead_at(pair, bead)
    for a in pair.annotations:
        if not a.is_phrase and a.en == b.en and a.ind == b.ind:
            return a
    return None


def _replace_annotation(pair: TextPair, old: Annotation, new: Annotation | None) -> TextPair:
    annotations = []
    for a in pair.annotations:
        if a.id != old.id:
            annotations.append(a)
        elif new is not None:
            annotations.append(new)
    return replace(pair, annotations=tuple(annotations))


def _empty(a: Annotation) -> bool:
    return not a.concepts and not a.note.strip()


def _check_concepts(pair: TextPair, concepts: tuple[str, ...]) -> None:
    known = {c.id for c in pair.concepts}
    for cid in concepts:
        if cid not in known:
            raise EditError(f"unknown concept {cid!r}; add it to the document first")


def _merged(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return old + tuple(c for c in dict.fromkeys(new) if c not in old)


def _update_bead_annotation(pair: TextPair, bead: int, at: str | None, change) -> TextPair:
    """Apply `change(annotation) -> annotation` to the bead's annotation, creating it if needed.

    An annotation left with neither concepts nor a note is removed, so clearing a note or
    untagging the last concept leaves no empty record in the file.
    """
    at = at or utc_now()
    b = bead_at(pair, bead)
    old = bead_annotation(pair, bead)
    if old is None:
        fresh = Annotation(
            id=next_annotation_id(pair), en=b.en, ind=b.ind,
            quote_en=pair.bead_text(b, "en"), quote_ind=pair.bead_text(b, "id"), created=at, modified=at,
        )
        new = change(fresh)
        if _empty(new):
            return pair
        return replace(pair, annotations=pair.annotations + (new,))
    new = change(old)
    if new == old:
        return pair
    new = replace(new, modified=at)
    return _replace_annotation(pair, old, None if _empty(new) else new)


def tag_bead(pair: TextPair, bead: int, concepts: tuple[str, ...] | list[str], at: str | None = None) -> TextPair:
    """Tag bead `bead` with concepts (added after those it has; duplicates ignored)."""
    concepts = tuple(concepts)
    _check_concepts(pair, concepts)
    return _update_bead_annotation(pair, bead, at, lambda a: replace(a, concepts=_merged(a.concepts, concepts)))


def untag_bead(pair: TextPair, bead: int, concept: str, at: str | None = None) -> TextPair:
    """Remove one concept from the bead's annotation."""
    return _update_bead_annotation(
        pair, bead, at, lambda a: replace(a, concepts=tuple(c for c in a.concepts if c != concept))
    )


def set_bead_note(pair: TextPair, bead: int, note: str, at: str | None = None) -> TextPair:
    """Set the note of bead `bead` (an empty note removes it)."""
    note = clean_note(note)
    return _update_bead_annotation(pair, bead, at, lambda a: replace(a, note=note))


def clean_note(note: str) -> str:
    """A note as saved: outer blank lines and trailing spaces dropped."""
    # Trailing spaces and blank lines are noise in a diff; inner layout is the writer's.
    return "\n".join(line.rstrip() for line in note.strip("\n").splitlines()).strip()


def _side_key(side: str) -> str:
    key = side_key(side)
    if key is None:
        raise EditError(f"unknown side {side!r} (expected en or id)")
    return key


def tag_phrase(
    pair: TextPair,
    side: str,
    start: int,
    end: int,
    concepts: tuple[str, ...] | list[str] = (),
    note: str = "",
    at: str | None = None,
    counterpart: tuple[int, int] | None = None,
) -> TextPair:
    """Tag the phrase `text[start:end]` of one side (`en` or `id`), and with `counterpart`
    its span on the other side too (a bilingual phrase, tagged once for both languages).

    The annotation records the sentences the phrase touches on each side, its quotes and
    offsets. Tagging the same spans again adds to the existing annotation.
    """
    side = _side_key(side)
    concepts = tuple(concepts)
    _check_concepts(pair, concepts)
    quote = _span_quote(pair, side, start, end)
    other = other_side(side)
    other_quote = _span_quote(pair, other, *counterpart) if counterpart is not None else ""
    at = at or utc_now()
    for old in pair.annotations:
        if old.side == side and old.start == start and old.end == end and old.counterpart == counterpart:
            new = replace(old, concepts=_merged(old.concepts, concepts), note=clean_note(note) or old.note)
            return pair if new == old else _replace_annotation(pair, old, replace(new, modified=at))
    sentences = pair.side(side).sentences_overlapping(start, end)
    others = pair.side(other).sentences_overlapping(*counterpart) if counterpart is not None else ()
    quotes = {side: quote, other: other_quote}
    new = Annotation(
        id=next_annotation_id(pair),
        en=on_side(side, sentences, others),
        ind=on_side(side, others, sentences),
        concepts=tuple(dict.fromkeys(concepts)),
        note=clean_note(note),
        quote_en=quotes["en"],
        quote_ind=quotes["id"],
        side=side,
        start=start,
        end=end,
        created=at,
        modified=at,
        counterpart=counterpart,
    )
    return replace(pair, annotations=pair.annotations + (new,))


def _span_quote(pair: TextPair, side: str, start: int, end: int) -> str:
    text = pair.side(side)
    if not 0 <= start < end <= len(text.text):
        raise EditError(f"phrase [{start}, {end}] is outside the {side} text ({len(text.text)} characters)")
    quote = text.text[start:end]
    if not quote.strip():
        raise EditError("the phrase is only spaces")
    return quote


def dismiss(pair: TextPair, dismissals: tuple[Dismissal, ...] | list[Dismissal]) -> TextPair:
    """Record dismissed concept suggestions (their quotes filled in; each place once)."""
    known = {(d.concept, d.side, d.start, d.end) for d in pair.dismissed}
    added = []
    for d in dismissals:
        key = (d.concept, _side_key(d.side), d.start, d.end)
        if key in known:
            continue
        known.add(key)
        added.append(Dismissal(d.concept, key[1], d.start, d.end, _span_quote(pair, key[1], d.start, d.end)))
    return replace(pair, dismissed=pair.dismissed + tuple(added)) if added else pair


def set_annotation_note(pair: TextPair, annotation_id: str, note: str, at: str | None = None) -> TextPair:
    """Set the note of any annotation; an annotation left empty is removed."""
    old = _annotation(pair, annotation_id)
    new = replace(old, note=clean_note(note))
    if new == old:
        return pair
    new = replace(new, modified=at or utc_now())
    return _replace_annotation(pair, old, None if _empty(new) else new)


def _annotation(pair: TextPair, annotation_id: str) -> Annotation:
    for a in pair.annotations:
        if a.id == annotation_id:
            return a
    raise EditError(f"annotation {annotation_id!r} does not exist")


def remove_annotation(pair: TextPair, annotation_id: str) -> TextPair:
    """Remove an annotation (its concepts stay defined in the document)."""
    return _replace_annotation(pair, _annotation(pair, annotation_id), None)


def slug(label: str) -> str:
    """A concept id from a label: `Story that spreads` -> `story-that-spreads`."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-") or "concept"


def new_concept_id(pair: TextPair, label: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A fresh id for a concept labelled `label` (`trust`, `trust-2`, ...)."""
    used = {c.id for c in pair.concepts} | set(taken)
    base = slug(label)
    cid, n = base, 2
    while cid in used:
        cid, n = f"{base}-{n}", n + 1
    return cid


def add_concept(pair: TextPair, concept: Concept) -> TextPair:
    """Define a concept in the document; an identical definition is a no-op."""
    existing = pair.concept(concept.id)
    if existing == concept:
        return pair
    if existing is not None:
        raise EditError(f"concept {concept.id!r} is already defined differently")
    if not concept.id or not (concept.label_en or concept.label_ind):
        raise EditError("a concept needs an id and a label")
    return replace(pair, concepts=pair.concepts + (concept,))


def ensure_concepts(pair: TextPair, concepts: tuple[Concept, ...] | list[Concept]) -> TextPair:
    """Define the concepts the document does not have yet (from a corpus's concepts.yaml)."""
    missing = tuple(c for c in concepts if pair.concept(c.id) is None)
    return replace(pair, concepts=pair.concepts + missing) if missing else pair
