"""Re-attaching annotations after a document is realigned or its texts are edited.

Sentence ids and character offsets change when a text is edited or resegmented, so an
annotation is found again through what it quotes:

- a bead annotation through `quote_en`/`quote_ind`, the text of its sentences on each side:
  the run of new sentences whose text is the quote, nearest to where the old sentences
  went (a sentence diff of the old and new text says where that is); failing that, the
  most similar run near there (an edited sentence); failing that, through the other side
  (the new beads holding the side that was found);
- a phrase through its quote and offsets: the occurrence of the quote nearest to where
  its old offset went, allowing for changed whitespace.

An annotation found nowhere is *detached*, never dropped: it keeps its quotes, concepts
and note, sits on no sentence, and `Annotation.detached` says why (see `core.model`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from alignread.core.model import Annotation, Bead, Text, TextPair
from alignread.core.sides import LANGUAGE_NAMES as _NAMES
from alignread.core.sides import SIDES, other_side

OUTCOMES = ("kept", "moved", "edited", "detached")

# A run of sentences counts as an edit of a bead's quote when difflib's ratio is at least
# this: a few changed words in a sentence keep it above 0.8, an unrelated neighbouring
# sentence of similar length stays near 0.3-0.4.
SIMILAR = 0.6
# How many sentences either side of the expected place an edited quote is looked for.
NEAR = 3


@dataclass(frozen=True, slots=True)
class Reattachment:
    """What became of one annotation: `kept` (same place, same text), `moved` (same text,
    other sentence ids or offsets), `edited` (its text changed; quotes updated), `detached`."""

    id: str
    outcome: str
    detail: str = ""


def _norm(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, width: int = 40) -> str:
    text = _norm(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def sentence_map(old: Text, new: Text) -> list[int | None]:
    """For each old sentence, the new sentence with the same text at the same place in the
    sequence (a diff of the two sentence lists), or None if it changed."""
    matcher = difflib.SequenceMatcher(
        None, [s.text for s in old.sentences], [s.text for s in new.sentences], autojunk=False
    )
    out: list[int | None] = [None] * len(old.sentences)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            out[a + k] = b + k
    return out


def _expected(mapping: list[int | None], index: int, count: int) -> int:
    """Where old sentence `index` is expected among `count` new sentences."""
    if count == 0:
        return 0
    if 0 <= index < len(mapping) and mapping[index] is not None:
        return mapping[index]  # type: ignore[return-value]
    for d in range(1, len(mapping) + 1):
        before, after = index - d, index + d
        if 0 <= before < len(mapping) and mapping[before] is not None:
            return min(mapping[before] + d, count - 1)  # type: ignore[operator]
        if 0 <= after < len(mapping) and mapping[after] is not None:
            return max(mapping[after] - d, 0)  # type: ignore[operator]
    return min(max(index, 0), count - 1)


def _runs_quoting(text: Text, quote: str) -> list[tuple[int, ...]]:
    """Every run of consecutive sentences whose text, joined by spaces, is `quote`."""
    want = _norm(quote)
    sents = text.sentences
    out = []
    for k, s in enumerate(sents):
        joined = _norm(s.text)
        if not want.startswith(joined):
            continue
        j = k
        while len(joined) < len(want) and j + 1 < len(sents):
            j += 1
            joined += " " + _norm(sents[j].text)
        if joined == want:
            out.append(tuple(range(k, j + 1)))
    return out


def _similar_run(text: Text, quote: str, expected: int, length: int) -> tuple[int, ...] | None:
    """The run near `expected` most like `quote` (an edited sentence), if similar enough."""
    sents = text.sentences
    want = _norm(quote)
    best: tuple[float, int, tuple[int, ...]] | None = None
    for k in range(max(0, expected - NEAR), min(len(sents), expected + NEAR + 1)):
        for size in range(1, length + 2):
            if k + size > len(sents):
                break
            run = tuple(range(k, k + size))
            matcher = difflib.SequenceMatcher(None, want, _norm(" ".join(sents[i].text for i in run)), autojunk=False)
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            key = (ratio, -abs(k - expected), run)
            if ratio >= SIMILAR and (best is None or key[:2] > best[:2]):
                best = key
    return best[2] if best else None


def _nearest(runs: list[tuple[int, ...]], expected: int) -> tuple[int, ...]:
    return min(runs, key=lambda run: (abs(run[0] - expected), run[0]))


def _beads_holding(pair: TextPair, side: str, ids: tuple[int, ...]) -> list[Bead]:
    index = pair.bead_index(side)
    found = sorted({index[i] for i in ids if 0 <= i < len(index) and index[i] >= 0})
    return [pair.beads[k] for k in found]


def _other_side_ids(pair: TextPair, side: str, ids: tuple[int, ...]) -> tuple[int, ...]:
    """The other side's sentences of the new beads holding `ids` on `side`."""
    other: set[int] = set()
    for bead in _beads_holding(pair, side, ids):
        other.update(bead.ids(other_side(side)))
    return tuple(sorted(other))


def _same_side_ids(pair: TextPair, side: str, ids: tuple[int, ...]) -> tuple[int, ...]:
    found: set[int] = set(ids)
    for bead in _beads_holding(pair, side, ids):
        found.update(bead.ids(side))
    return tuple(sorted(found))


def _join(text: Text, ids: tuple[int, ...]) -> str:
    return " ".join(text.sentences[i].text for i in ids)


def _reattach_bead(
    ann: Annotation, old: TextPair, new: TextPair, maps: dict[str, list[int | None]]
) -> tuple[Annotation, Reattachment]:
    found: dict[str, tuple[int, ...] | None] = {}
    how: dict[str, str] = {}
    for side in SIDES:
        ids = ann.ids(side)
        quote = ann.quote_on(side)
        text = new.side(side)
        if not quote.strip():
            if not ids or ann.is_detached:
                found[side], how[side] = (), "empty"
                continue
            # No quote (a hand-written file): follow the sentence diff, when it is sure.
            mapped = [maps[side][i] if i < len(maps[side]) else None for i in ids]
            if all(m is not None for m in mapped):
                found[side], how[side] = tuple(mapped), "exact"  # type: ignore[arg-type]
            else:
                found[side], how[side] = None, "lost"
            continue
        runs = _runs_quoting(text, quote)
        if ann.is_detached:
            # Nowhere to start from: only a quote found exactly once is trusted.
            found[side], how[side] = (runs[0], "exact") if len(runs) == 1 else (None, "lost")
            continue
        expected = _expected(maps[side], ids[0], len(text.sentences)) if ids else 0
        if runs:
            found[side], how[side] = _nearest(runs, expected), "exact"
            continue
        similar = _similar_run(text, quote, expected, max(len(ids), 1))
        found[side], how[side] = (similar, "similar") if similar else (None, "lost")

    resolved = [s for s in SIDES if found[s] is not None and how[s] != "empty"]
    if not resolved:
        return _detach(ann, "its quotes are no longer in the texts")
    for side in SIDES:
        if found[side] is None:
            other = other_side(side)
            found[side] = _other_side_ids(new, other, found[other])  # type: ignore[arg-type]
            how[side] = f"through the {_NAMES[other]} side"
    en_ids, ind_ids = found["en"] or (), found["id"] or ()
    updated = replace(
        ann,
        en=en_ids,
        ind=ind_ids,
        quote_en=_join(new.en, en_ids) if ann.quote_en or en_ids else "",
        quote_ind=_join(new.ind, ind_ids) if ann.quote_ind or ind_ids else "",
        detached="",
    )
    if any(how[s] == "similar" or how[s].startswith("through") for s in SIDES):
        changed = [f"{_NAMES[s]} {'by similarity' if how[s] == 'similar' else how[s]}" for s in SIDES
                   if how[s] == "similar" or how[s].startswith("through")]
        return updated, Reattachment(ann.id, "edited", "text changed; attached " + ", ".join(changed))
    if updated == ann:
        return updated, Reattachment(ann.id, "kept")
    detail = ("re-attached" if ann.is_detached
              else f"sentences en {list(ann.en)} id {list(ann.ind)} -> en {list(en_ids)} id {list(ind_ids)}")
    return updated, Reattachment(ann.id, "moved", detail)


def _phrase_spans(text: str, quote: str) -> list[tuple[int, int, bool]]:
    """Occurrences of `quote` as (start, end, exact); inexact ones differ in whitespace only."""
    out = []
    pos = text.find(quote)
    while pos >= 0 and quote:
        out.append((pos, pos + len(quote), True))
        pos = text.find(quote, pos + 1)
    if out:
        return out
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [(m.start(), m.end(), False) for m in pattern.finditer(text)]


def _reattach_phrase(
    ann: Annotation, old: TextPair, new: TextPair, maps: dict[str, list[int | None]]
) -> tuple[Annotation, Reattachment]:
    side = ann.side or "en"
    new_text, old_text = new.side(side), old.side(side)
    spans = _phrase_spans(new_text.text, ann.quote)
    if not spans:
        return _detach(ann, f"the phrase “{_short(ann.quote)}” is no longer in the {_NAMES[side]} text")
    if ann.is_detached:
        if len(spans) != 1:
            return ann, Reattachment(ann.id, "detached", ann.detached)
        start, end, exact = spans[0]
        old_overlap: tuple[int, ...] = ()
    else:
        assert ann.start is not None and ann.end is not None
        anchor = old_text.sentence_at(ann.start)
        if anchor is None:  # the phrase starts in the space between two sentences
            anchor = next((s for s in old_text.sentences if s.start >= ann.start),
                          old_text.sentences[-1] if old_text.sentences else None)
        expected_offset = ann.start
        if anchor is not None and new_text.sentences:
            target = new_text.sentences[_expected(maps[side], anchor.index, len(new_text.sentences))]
            expected_offset = target.start + (ann.start - anchor.start)
        start, end, exact = min(spans, key=lambda s: (abs(s[0] - expected_offset), s[0]))
        old_overlap = old_text.sentences_overlapping(ann.start, ann.end)
    ids = new_text.sentences_overlapping(start, end)
    if not ids:
        near = new_text.sentence_at(start) or min(new_text.sentences, key=lambda s: abs(s.start - start))
        ids = (near.index,)
    old_ids = ann.ids(side)
    old_other = ann.ids(other_side(side))
    if set(old_ids) > set(old_overlap) or (ann.is_detached and old_ids):
        ids = _same_side_ids(new, side, ids)  # the annotation sat on whole beads
    other = _other_side_ids(new, side, ids) if old_other or ann.is_detached else ()
    quote = new_text.text[start:end]
    en_ids, ind_ids = (other, ids) if side == "id" else (ids, other)
    updated = replace(
        ann,
        en=en_ids,
        ind=ind_ids,
        start=start,
        end=end,
        quote_en=quote if side == "en" else ann.quote_en,
        quote_ind=quote if side == "id" else ann.quote_ind,
        detached="",
    )
    if not exact:
        return updated, Reattachment(ann.id, "edited", "found with different spacing")
    if updated == ann:
        return updated, Reattachment(ann.id, "kept")
    detail = "re-attached" if ann.is_detached else f"{_NAMES[side]} offsets {ann.start}-{ann.end} -> {start}-{end}"
    return updated, Reattachment(ann.id, "moved", detail)


def _detach(ann: Annotation, reason: str) -> tuple[Annotation, Reattachment]:
    if ann.is_detached:
        return ann, Reattachment(ann.id, "detached", ann.detached)
    detached = replace(ann, en=(), ind=(), start=None, end=None, detached=reason)
    return detached, Reattachment(ann.id, "detached", reason)


def reattach(old: TextPair, new: TextPair) -> tuple[tuple[Annotation, ...], tuple[Reattachment, ...]]:
    """The annotations of `old` placed on the texts and beads of `new`, and what became of each.

    Every annotation comes back (in the same order): attached where its quotes are, or
    detached. Concepts are not checked here; the caller keeps the ones annotations use.
    """
    maps = {"en": sentence_map(old.en, new.en), "id": sentence_map(old.ind, new.ind)}
    annotations = []
    report = []
    for ann in old.annotations:
        if ann.is_phrase:
            updated, outcome = _reattach_phrase(ann, old, new, maps)
        else:
            updated, outcome = _reattach_bead(ann, old, new, maps)
        annotations.append(updated)
        report.append(outcome)
    return tuple(annotations), tuple(report)
