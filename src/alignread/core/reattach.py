"""Re-attaching annotations after a document is realigned or its texts are edited.

Sentence ids and character offsets change when a text is edited or resegmented, so an
annotation is found again through what it quotes, and it is never guessed:

1. A diff of the old and the new sentences pairs each unchanged sentence with its new
   place (`sentence_map`). A sentence the diff pairs *is* that new sentence: an exact copy
   of it elsewhere (a refrain, a repeated clause) is another sentence and never takes it.
2. A sentence the diff does not pair was edited, moved or removed. Its new place can only
   be a new sentence the diff did not pair either:
   - first where the diff says it was replaced (an edit in place): the same text, or a
     run of sentences at least `SIMILAR` alike (difflib's ratio);
   - then anywhere in the text (a moved paragraph, reworded or not), among the unpaired
     sentences with the most words in common;
   - where the diff says it was deleted, nothing in place is taken: the neighbour of a
     deleted sentence is its own sentence, however alike.
3. The two sides of a bead annotation are kept together: when each side has candidates,
   the pair that sits in one new bead wins; a side not found at all follows the other
   side's bead.
4. A phrase is looked for inside the sentence it was in, found again as above; a phrase
   whose sentence is gone is placed only if its words occur once among the new sentences,
   and then as *doubtful*.

What became of each annotation (`Reattachment`):

- `kept`: same place, same text; `moved`: same text, other ids or offsets;
- `edited`: its sentence was edited (similarity at least `EDITED`); the quote is updated
  to the new text;
- `doubtful`: attached, but a reader should look: a side found only at a similarity
  between `SIMILAR` and `EDITED`, a side placed through the other side's bead, or a phrase
  whose sentence is gone. The stored quote is *not* replaced by another sentence's text;
- `detached`: found nowhere. Kept, never dropped: it keeps its quotes, concepts and note,
  sits on no sentence, and `Annotation.detached` says why (see `core.model`).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from alignread.core.model import Annotation, Bead, Dismissal, Text, TextPair
from alignread.core.sides import LANGUAGE_NAMES as _NAMES
from alignread.core.sides import SIDES, on_side, other_side
from alignread.core.words import WORD

OUTCOMES = ("kept", "moved", "edited", "doubtful", "detached")

# A run of sentences counts as the same sentence, edited, when difflib's ratio with the
# quote is at least EDITED (a few words changed keep it above 0.85); between SIMILAR and
# EDITED it is attached as doubtful; below SIMILAR it is not that sentence (an unrelated
# sentence of similar length stays near 0.3-0.4).
SIMILAR = 0.6
EDITED = 0.8
# Of the unpaired sentences anywhere, how many (those sharing the most words with the
# quote) are compared with it: a moved paragraph is found wherever it went, and the cost
# stays a few comparisons per annotation however long the text.
CANDIDATES = 8


@dataclass(frozen=True, slots=True)
class Reattachment:
    """What became of one annotation (`kept`, `moved`, `edited`, `doubtful`, `detached`; see
    the module docstring), and in a few words why, for a reader."""

    id: str
    outcome: str
    detail: str = ""


def _norm(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, width: int = 40) -> str:
    text = _norm(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _opcodes(old: Text, new: Text) -> list[tuple[str, int, int, int, int]]:
    matcher = difflib.SequenceMatcher(
        None, [s.text for s in old.sentences], [s.text for s in new.sentences], autojunk=False
    )
    return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def sentence_map(old: Text, new: Text) -> list[int | None]:
    """For each old sentence, the new sentence with the same text at the same place in the
    sequence (a diff of the two sentence lists), or None if it changed."""
    out: list[int | None] = [None] * len(old.sentences)
    for tag, i1, i2, j1, _ in _opcodes(old, new):
        if tag == "equal":
            for k in range(i2 - i1):
                out[i1 + k] = j1 + k
    return out


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A run of new sentences where an old run of sentences may now be."""

    ids: tuple[int, ...]
    how: str  # "exact" (the diff pairs it, or the same text), or "similar"
    score: float  # 1.0 for exact; difflib's ratio for similar
    near: bool  # where the diff put the old sentences, rather than elsewhere


class _SideDiff:
    """What the diff of one side says: pairs, replaced regions, and the unpaired new
    sentences (the only places an unpaired old sentence can have gone)."""

    def __init__(self, old: Text, new: Text) -> None:
        self.old, self.new = old, new
        self.paired: list[int | None] = [None] * len(old.sentences)
        self.region: list[tuple[str, int, int]] = [("equal", 0, 0)] * len(old.sentences)
        unpaired = [True] * len(new.sentences)
        for tag, i1, i2, j1, j2 in _opcodes(old, new):
            for i in range(i1, i2):
                self.region[i] = (tag, j1, j2)
            if tag == "equal":
                for k in range(i2 - i1):
                    self.paired[i1 + k] = j1 + k
                    unpaired[j1 + k] = False
        self.unpaired = unpaired
        self._index: dict[str, list[int]] | None = None

    def index(self) -> dict[str, list[int]]:
        """Unpaired new sentences by the words they hold."""
        if self._index is None:
            words: dict[str, list[int]] = defaultdict(list)
            for s in self.new.sentences:
                if self.unpaired[s.index]:
                    for w in set(_words(s.text)):
                        words[w].append(s.index)
            self._index = words
        return self._index

    def candidates(self, ids: tuple[int, ...], quote: str) -> list[_Candidate]:
        """Where old sentences `ids`, which read `quote`, may be now, best first."""
        mapped = [self.paired[i] for i in ids]
        paired = tuple(j for j in mapped if j is not None)
        if ids and len(paired) == len(ids) and list(paired) == list(range(paired[0], paired[0] + len(paired))):
            return [_Candidate(paired, "exact", 1.0, True)]
        want = _norm(quote)
        if not want:
            return []
        length = max(len(ids), 1)
        found: list[_Candidate] = []
        # Where the diff says the old sentences were replaced: edited in place.
        regions = {self.region[i] for i in ids if self.region[i][0] == "replace"} if ids else set()
        near = sorted({j for _, j1, j2 in regions for j in range(j1, j2)})
        found += self._runs(near, want, length, near=True)
        if any(c.how == "exact" for c in found):
            return _best_first(found)
        # Anywhere else among the unpaired sentences: moved, perhaps reworded.
        elsewhere = [j for j in self._likely(want) if j not in near]
        found += self._runs(elsewhere, want, length, near=False)
        return _best_first(found)

    def _likely(self, want: str) -> list[int]:
        """The unpaired new sentences sharing the most words with `want`."""
        counts: dict[int, int] = defaultdict(int)
        index = self.index()
        for w in set(_words(want)):
            for j in index.get(w, ()):
                counts[j] += 1
        return sorted(counts, key=lambda j: (-counts[j], j))[:CANDIDATES]

    def _runs(self, starts: list[int], want: str, length: int, near: bool) -> list[_Candidate]:
        """Runs of unpaired new sentences beginning at or around `starts` that read `want`
        (exactly, or at least SIMILAR alike)."""
        sents = self.new.sentences
        out = []
        seen: set[tuple[int, ...]] = set()
        begins = sorted({b for j in starts for b in range(max(0, j - length + 1), j + 1)})
        for k in begins:
            for size in range(1, length + 2):
                run = tuple(range(k, k + size))
                if run[-1] >= len(sents) or not all(self.unpaired[j] for j in run) or run in seen:
                    break
                seen.add(run)
                text = _norm(" ".join(sents[j].text for j in run))
                if text == want:
                    out.append(_Candidate(run, "exact", 1.0, near))
                    continue
                matcher = difflib.SequenceMatcher(None, want, text, autojunk=False)
                if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                    continue
                ratio = matcher.ratio()
                if ratio >= SIMILAR:
                    out.append(_Candidate(run, "similar", ratio, near))
        return out


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _best_first(found: list[_Candidate]) -> list[_Candidate]:
    # Exact before similar; in place before elsewhere; then the most alike.
    return sorted(found, key=lambda c: (c.how != "exact", not c.near, -c.score, c.ids))


def _beads_holding(pair: TextPair, side: str, ids: tuple[int, ...]) -> list[Bead]:
    index = pair.bead_index(side)
    found = sorted({index[i] for i in ids if 0 <= i < len(index) and index[i] >= 0})
    return [pair.beads[k] for k in found]


def _bead_numbers(pair: TextPair, side: str, ids: tuple[int, ...]) -> set[int]:
    index = pair.bead_index(side)
    return {index[i] for i in ids if 0 <= i < len(index) and index[i] >= 0}


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


def _choose(
    pair: TextPair, found: dict[str, list[_Candidate]]
) -> dict[str, _Candidate | None]:
    """One candidate per side, keeping the two sides of a bead annotation together."""
    en, ind = found["en"], found["id"]
    if en and ind:
        for a in en:
            for b in ind:
                if _bead_numbers(pair, "en", a.ids) & _bead_numbers(pair, "id", b.ids):
                    return {"en": a, "id": b}
        # No pair shares a bead: trust the surer side, and reach the other through it.
        surer = "en" if (en[0].how, en[0].score) >= (ind[0].how, ind[0].score) else "id"
        if found[surer][0].how == "exact":
            return {surer: found[surer][0], other_side(surer): None}
        return {"en": None, "id": None}
    return {"en": en[0] if en else None, "id": ind[0] if ind else None}


def _reattach_bead(ann: Annotation, new: TextPair, diffs: dict[str, _SideDiff]) -> tuple[Annotation, Reattachment]:
    quotes = {side: ann.quote_on(side) for side in SIDES}
    found: dict[str, list[_Candidate]]
    if ann.is_detached:
        # Nowhere to start from: only a quote found exactly once is trusted.
        found = {side: _exactly_once(new.side(side), quotes[side]) for side in SIDES}
    else:
        found = {side: _without_quote(ann, side, diffs[side]) if not quotes[side].strip()
                 else diffs[side].candidates(ann.ids(side), quotes[side]) for side in SIDES}
    wanted = [s for s in SIDES if ann.ids(s) or quotes[s].strip()]
    chosen = _choose(new, found)
    if not any(chosen[s] is not None for s in wanted):
        return _detach(ann, "its quotes are no longer in the texts")
    ids: dict[str, tuple[int, ...]] = {side: () for side in SIDES}
    doubts: list[str] = []
    edited: list[str] = []
    for side in SIDES:
        c = chosen[side]
        if c is None:
            continue
        ids[side] = c.ids
        if c.how == "similar":
            (edited if c.score >= EDITED else doubts).append(f"{_NAMES[side]} by similarity {c.score:.2f}")
    for side in wanted:
        if chosen[side] is None:
            # Not found on this side: it follows the other side's bead.
            ids[side] = _other_side_ids(new, other_side(side), ids[other_side(side)])
            doubts.append(f"{_NAMES[side]} through the {_NAMES[other_side(side)]} side")
    # The stored quote is updated only where the annotation's own text was found (the same,
    # or edited); never to the text of a sentence reached some other way.
    new_quotes = dict(quotes)
    for side in SIDES:
        c = chosen[side]
        if c is not None and (c.how == "exact" or c.score >= EDITED):
            new_quotes[side] = _join(new.side(side), ids[side])
    updated = replace(ann, en=ids["en"], ind=ids["id"], quote_en=new_quotes["en"], quote_ind=new_quotes["id"],
                      detached="")
    if doubts:
        return updated, Reattachment(ann.id, "doubtful", "attached " + ", ".join(doubts + edited) + "; check it")
    if edited:
        return updated, Reattachment(ann.id, "edited", "text changed; attached " + ", ".join(edited))
    if updated == ann:
        return updated, Reattachment(ann.id, "kept")
    detail = "re-attached" if ann.is_detached else \
        f"sentences en {list(ann.en)} id {list(ann.ind)} -> en {list(ids['en'])} id {list(ids['id'])}"
    return updated, Reattachment(ann.id, "moved", detail)


def _without_quote(ann: Annotation, side: str, diff: _SideDiff) -> list[_Candidate]:
    """A side with sentences but no quote (a hand-written file): where the diff pairs them."""
    ids = ann.ids(side)
    mapped = [diff.paired[i] if i < len(diff.paired) else None for i in ids]
    if ids and all(m is not None for m in mapped):
        return [_Candidate(tuple(mapped), "exact", 1.0, True)]  # type: ignore[arg-type]
    return []


def _exactly_once(text: Text, quote: str) -> list[_Candidate]:
    want = _norm(quote)
    if not want:
        return []
    runs = []
    sents = text.sentences
    for k, s in enumerate(sents):
        joined = _norm(s.text)
        if not want.startswith(joined):
            continue
        j = k
        while len(joined) < len(want) and j + 1 < len(sents):
            j += 1
            joined += " " + _norm(sents[j].text)
        if joined == want:
            runs.append(tuple(range(k, j + 1)))
    return [_Candidate(runs[0], "exact", 1.0, True)] if len(runs) == 1 else []


def _phrase_spans(text: str, quote: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, bool]]:
    """Occurrences of `quote` in `text[start:end]` as (start, end, exact); inexact ones
    differ in whitespace only."""
    end = len(text) if end is None else end
    out = []
    pos = text.find(quote, start, end)
    while pos >= 0 and quote:
        out.append((pos, pos + len(quote), True))
        pos = text.find(quote, pos + 1, end)
    if out:
        return out
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [(m.start(), m.end(), False) for m in pattern.finditer(text, start, end)]


def _reattach_phrase(
    ann: Annotation, old: TextPair, new: TextPair, diffs: dict[str, _SideDiff]
) -> tuple[Annotation, Reattachment]:
    side = ann.side or "en"
    new_text, old_text = new.side(side), old.side(side)
    quote = ann.quote
    doubtful = ""
    if ann.is_detached:
        spans = _phrase_spans(new_text.text, quote)
        if len(spans) != 1:
            return ann, Reattachment(ann.id, "detached", ann.detached)
        start, end, exact = spans[0]
        old_overlap: tuple[int, ...] = ()
    else:
        assert ann.start is not None and ann.end is not None
        old_overlap = old_text.sentences_overlapping(ann.start, ann.end) or \
            tuple(s.index for s in old_text.sentences if s.start >= ann.start)[:1]
        where = diffs[side].candidates(old_overlap, _join(old_text, old_overlap)) if old_overlap else []
        first = old_text.sentences[old_overlap[0]] if old_overlap else None
        spans = []
        if where and first is not None:
            run = where[0].ids
            lo, hi = new_text.sentences[run[0]].start, new_text.sentences[run[-1]].end
            spans = _phrase_spans(new_text.text, quote, lo, hi)
            if spans:
                # Where in its sentence it was, if the words occur twice there.
                offset = lo + (ann.start - first.start)
                spans = [min(spans, key=lambda s: (abs(s[0] - offset), s[0]))]
            else:
                return _detach(ann, f"the phrase “{_short(quote)}” is no longer in its sentence")
        if not spans:
            # Its sentence is gone: only words found once among the new sentences are taken.
            anywhere = [s for s in _phrase_spans(new_text.text, quote)
                        if all(diffs[side].unpaired[i] for i in new_text.sentences_overlapping(s[0], s[1]))]
            if len(anywhere) != 1:
                return _detach(ann, f"the phrase “{_short(quote)}” is no longer in the {_NAMES[side]} text"
                               if not anywhere else f"its sentence is gone and “{_short(quote)}” occurs "
                               f"{len(anywhere)} times")
            spans = anywhere
            doubtful = f"its sentence is gone; the phrase was found once, in another sentence ({_NAMES[side]})"
        start, end, exact = spans[0]
    ids = new_text.sentences_overlapping(start, end)
    if not ids:
        near = new_text.sentence_at(start) or min(new_text.sentences, key=lambda s: abs(s.start - start))
        ids = (near.index,)
    old_ids = ann.ids(side)
    old_other = ann.ids(other_side(side))
    if set(old_ids) > set(old_overlap) or (ann.is_detached and old_ids):
        ids = _same_side_ids(new, side, ids)  # the annotation sat on whole beads
    other = _other_side_ids(new, side, ids) if old_other or ann.is_detached else ()
    new_quote = new_text.text[start:end]
    quotes = {"en": ann.quote_en, "id": ann.quote_ind, side: new_quote}
    counterpart = None
    if ann.is_bilingual:
        # The counterpart is looked for in the other side of the phrase's new bead.
        found = _counterpart_span(ann, old, new, _other_side_ids(new, side, ids))
        if found is None:
            lost = ann.quote_on(other_side(side))
            doubtful = doubtful or (f"the {_NAMES[other_side(side)]} counterpart “{_short(lost)}” is no longer "
                                    f"beside the phrase; kept as a {_NAMES[side]} phrase")
            quotes[other_side(side)] = ""
            other = ()
        else:
            counterpart = found
            quotes[other_side(side)] = new.side(other_side(side)).text[found[0]:found[1]]
            other = new.side(other_side(side)).sentences_overlapping(*found)
    en_ids, ind_ids = on_side(side, (ids, other), (other, ids))
    updated = replace(
        ann,
        en=en_ids,
        ind=ind_ids,
        start=start,
        end=end,
        quote_en=quotes["en"],
        quote_ind=quotes["id"],
        detached="",
        counterpart=counterpart,
    )
    if doubtful:
        return updated, Reattachment(ann.id, "doubtful", doubtful + "; check it")
    if not exact:
        return updated, Reattachment(ann.id, "edited", "found with different spacing")
    if updated == ann:
        return updated, Reattachment(ann.id, "kept")
    detail = "re-attached" if ann.is_detached else f"{_NAMES[side]} offsets {ann.start}-{ann.end} -> {start}-{end}"
    return updated, Reattachment(ann.id, "moved", detail)


def _counterpart_span(ann: Annotation, old: TextPair, new: TextPair, ids: tuple[int, ...]) -> tuple[int, int] | None:
    """A bilingual phrase's counterpart in the other side's sentences `ids` of the new text:
    its quote found there (the place nearest where it was in its sentence when twice)."""
    other = other_side(ann.side or "en")
    quote = ann.quote_on(other)
    if not ids or not quote.strip():
        return None
    text = new.side(other)
    lo, hi = text.sentences[ids[0]].start, text.sentences[ids[-1]].end
    spans = _phrase_spans(text.text, quote, lo, hi)
    if not spans:
        return None
    offset = lo
    if ann.counterpart is not None:
        was = old.side(other).sentence_at(ann.counterpart[0])
        offset = lo + (ann.counterpart[0] - was.start) if was is not None else lo
    start, end, _ = min(spans, key=lambda sp: (abs(sp[0] - offset), sp[0]))
    return start, end


def _detach(ann: Annotation, reason: str) -> tuple[Annotation, Reattachment]:
    if ann.is_detached:
        return ann, Reattachment(ann.id, "detached", ann.detached)
    detached = replace(ann, en=(), ind=(), start=None, end=None, detached=reason, counterpart=None)
    return detached, Reattachment(ann.id, "detached", reason)


def reattach_dismissals(old: TextPair, new: TextPair) -> tuple[Dismissal, ...]:
    """Dismissed suggestions placed on the texts of `new`: in the sentence the diff pairs
    with theirs, at the same place in it; else where the quote occurs once among the new
    or edited sentences (never in a sentence that is another's unchanged). A dismissal
    whose quote is gone or ambiguous is dropped (the suggestion may then come back, which
    loses nothing a reader wrote)."""
    maps: dict[str, list[int | None]] = {side: sentence_map(old.side(side), new.side(side))
                                        for side in SIDES if old.dismissed}
    out = []
    for d in old.dismissed:
        was, now = old.side(d.side), new.side(d.side)
        sentence = was.sentence_at(d.start)
        paired = maps[d.side][sentence.index] if sentence is not None else None
        if sentence is not None and paired is not None:
            start = now.sentences[paired].start + d.start - sentence.start
            if now.text[start:start + len(d.quote)] == d.quote:
                out.append(replace(d, start=start, end=start + len(d.quote)))
                continue
        # Its sentence was edited: the quote once among the sentences the diff did not pair.
        paired_new = {k for k in maps[d.side] if k is not None}
        spans = [sp for sp in _phrase_spans(now.text, d.quote)
                 if not set(now.sentences_overlapping(sp[0], sp[1])) & paired_new]
        if len(spans) == 1:
            out.append(replace(d, start=spans[0][0], end=spans[0][1], quote=now.text[spans[0][0]:spans[0][1]]))
    return tuple(out)


def reattach(old: TextPair, new: TextPair) -> tuple[tuple[Annotation, ...], tuple[Reattachment, ...]]:
    """The annotations of `old` placed on the texts and beads of `new`, and what became of each.

    Every annotation comes back (in the same order): attached where its quotes are, or
    detached. Concepts are not checked here; the caller keeps the ones annotations use.
    """
    diffs: dict[str, _SideDiff] = {side: _SideDiff(old.side(side), new.side(side)) for side in SIDES}
    annotations = []
    report = []
    for ann in old.annotations:
        if ann.is_phrase:
            updated, outcome = _reattach_phrase(ann, old, new, diffs)
        else:
            updated, outcome = _reattach_bead(ann, new, diffs)
        annotations.append(updated)
        report.append(outcome)
    return tuple(annotations), tuple(report)
