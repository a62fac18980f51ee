"""Concept suggestions: where a concept's label occurs and is not tagged yet.

For each concept, its labels in both languages are looked for across the document, word by
word, each word matching its lemma variants (`spreads`, `spreading`; `menyebar`,
`tersebar`, `disebarkan`; `core.words.root_form`). A place found on one side comes with its
counterpart on the other (`alignread.workflows.phrases`); where the label occurs on both
sides of a bead and the two places translate each other, they are one suggestion. Places
already tagged with the concept, and suggestions a reader dismissed (kept in the pair file,
`TextPair.dismissed`), are left out.

Accepting a suggestion tags both its spans with the concept, as one bilingual phrase
(`accept`); dismissing it records that, so it is not offered again (`dismiss`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from alignread.core import annotate
from alignread.core.find import tokens
from alignread.core.model import Concept, Dismissal, TextPair
from alignread.core.sides import SIDES, other_side
from alignread.core.words import WORD, root_form
from alignread.workflows.phrases import DocumentWords, Span


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A place to tag with `concept`: a span on one side or both (the first is where the
    label was found), all in bead `bead`."""

    concept: str
    bead: int
    spans: tuple[Span, ...]
    labelled: tuple[str, ...]  # the sides where the label itself occurs (the rest: counterparts)

    def span(self, side: str) -> Span | None:
        return next((s for s in self.spans if s.side == side), None)

    @property
    def dismissals(self) -> tuple[Dismissal, ...]:
        return tuple(Dismissal(self.concept, s.side, s.start, s.end) for s in self.spans if s.side in self.labelled)


@dataclass(frozen=True, slots=True)
class _Place:
    bead: int
    side: str
    start: int
    end: int


class LabelIndex:
    """The words of both sides of a document with their root forms, ready for labels."""

    def __init__(self, pair: TextPair) -> None:
        self.pair = pair
        self.words: dict[str, list[tuple[int, int, str, str, int]]] = {}
        # Where each form and each root form stands, per side: a label's first word is
        # looked up there, and only those places are checked word by word.
        self.at: dict[str, dict[str, list[int]]] = {}
        for side in SIDES:
            toks = tokens(pair.side(side), side)
            words = self.words[side] = [(t.start, t.end, t.form, root_form(t.form, side), t.sentence) for t in toks]
            at: dict[str, list[int]] = {}
            for k, w in enumerate(words):
                at.setdefault(w[2], []).append(k)
                if w[3] != w[2]:
                    at.setdefault(w[3], []).append(k)
            self.at[side] = at

    def places(self, label: str, side: str) -> list[_Place]:
        """Every place of `side` where the words of `label` (or their lemma variants) stand
        one after another in one sentence."""
        forms = [m.group().lower() for m in WORD.finditer(label)]
        if not forms:
            return []
        keys = [root_form(f, side) for f in forms]
        words = self.words[side]
        beads = self.pair.bead_index(side)
        n = len(forms)
        out = []
        starts = sorted(set(self.at[side].get(forms[0], [])) | set(self.at[side].get(keys[0], [])))
        for k in starts:
            if k + n <= len(words) and all(
                    (words[k + t][2] == forms[t] or words[k + t][3] == keys[t]) and words[k + t][4] == words[k][4]
                    for t in range(n)):
                bead = beads[words[k][4]]
                if bead >= 0:
                    out.append(_Place(bead, side, words[k][0], words[k + n - 1][1]))
        return out


def _overlap(a: Span | _Place, b: Span | _Place) -> bool:
    return a.side == b.side and a.start < b.end and b.start < a.end


def _tagged(pair: TextPair, concept: str, place: _Place) -> bool:
    """Whether the place is tagged with `concept` already (as a phrase, or its whole bead)."""
    bead = pair.beads[place.bead]
    for a in pair.annotations:
        if concept not in a.concepts or a.is_detached:
            continue
        span = a.span_on(place.side)
        if span is not None:
            if span[0] < place.end and place.start < span[1]:
                return True
        elif not a.is_phrase and a.en == bead.en and a.ind == bead.ind:
            return True
    return False


def candidates(
    pair: TextPair,
    concepts: Sequence[Concept] | None = None,
    words: DocumentWords | None = None,
    index: LabelIndex | None = None,
) -> tuple[Suggestion, ...]:
    """Every place a concept's label occurs, with its counterpart, whether tagged or
    dismissed or not (the part that depends on the texts and beads only: `Suggester` keeps
    it while a reader edits annotations)."""
    concepts = pair.concepts if concepts is None else concepts
    words = words if words is not None else DocumentWords(pair)
    index = index if index is not None else LabelIndex(pair)
    out: list[Suggestion] = []
    for concept in concepts:
        labels = {"en": concept.label_en.strip(), "id": concept.label_ind.strip()}
        places = {side: index.places(labels[side], side) if labels[side] else [] for side in SIDES}
        used: set[_Place] = set()
        for side in SIDES:
            for place in places[side]:
                if place in used:
                    continue
                used.add(place)
                spans = [Span(place.bead, side, place.start, place.end)]
                labelled: list[str] = [side]
                other = words.counterpart(side, place.start, place.end)
                partner = None
                if other is not None:
                    partner = next((p for p in places[other_side(side)]
                                    if p not in used and p.bead == place.bead and _overlap(p, other)), None)
                if partner is not None:
                    used.add(partner)
                    spans.append(Span(partner.bead, partner.side, partner.start, partner.end))
                    labelled.append(partner.side)
                elif other is not None:
                    spans.append(other)
                out.append(Suggestion(concept.id, place.bead, tuple(spans), tuple(labelled)))
    out.sort(key=lambda s: (s.bead, s.spans[0].side != "en", s.spans[0].start, s.concept))
    return tuple(out)


def still_open(pair: TextPair, found: Iterable[Suggestion]) -> tuple[Suggestion, ...]:
    """The suggestions whose places are neither tagged with their concept nor dismissed."""
    dismissed = {(d.concept, d.side, d.start, d.end) for d in pair.dismissed}
    out = []
    for s in found:
        places = [_Place(s.bead, sp.side, sp.start, sp.end) for sp in s.spans if sp.side in s.labelled]
        if any(_tagged(pair, s.concept, p) for p in places):
            continue
        if any((s.concept, p.side, p.start, p.end) in dismissed for p in places):
            continue
        out.append(s)
    return tuple(out)


def suggestions(
    pair: TextPair,
    concepts: Sequence[Concept] | None = None,
    words: DocumentWords | None = None,
    index: LabelIndex | None = None,
) -> tuple[Suggestion, ...]:
    """Every suggestion for the document's concepts (or `concepts`), in reading order."""
    return still_open(pair, candidates(pair, concepts, words, index))


class Suggester:
    """A document's suggestions while a reader edits it: the places are found once for its
    texts and beads, and only what is tagged or dismissed is looked at again after an edit."""

    def __init__(self, pair: TextPair, concepts: Sequence[Concept], words: DocumentWords) -> None:
        self.pair = pair
        self.concepts = tuple(concepts)
        self.found = candidates(pair, self.concepts, words)

    def fits(self, pair: TextPair) -> bool:
        """Whether `pair` has the texts and beads the places were found in."""
        old = self.pair
        return (pair.en is old.en or pair.en == old.en) and (pair.ind is old.ind or pair.ind == old.ind) and \
            (pair.beads is old.beads or pair.beads == old.beads)

    def current(self, pair: TextPair) -> tuple[Suggestion, ...]:
        return still_open(pair, self.found) if self.fits(pair) else ()


def accept(pair: TextPair, suggestion: Suggestion, at: str | None = None, concept: Concept | None = None) -> TextPair:
    """Tag the suggestion's spans with its concept: a bilingual phrase when it has two."""
    if pair.concept(suggestion.concept) is None and concept is not None:
        pair = annotate.add_concept(pair, concept)
    first = suggestion.spans[0]
    other = suggestion.spans[1] if len(suggestion.spans) > 1 else None
    return annotate.tag_phrase(pair, first.side, first.start, first.end, [suggestion.concept], at=at,
                               counterpart=(other.start, other.end) if other else None)


def dismiss(pair: TextPair, suggestion: Suggestion) -> TextPair:
    """Record that the suggestion is not wanted, so that it is not offered again."""
    return annotate.dismiss(pair, suggestion.dismissals)


# ---------------------------------------------------------------- across a corpus (`alignread suggest`)


@dataclass(frozen=True, slots=True)
class DocumentSuggestions:
    """The suggestions of one document of an output folder, and what `--apply` did."""

    name: str
    path: str
    pair: TextPair
    suggestions: tuple[Suggestion, ...]
    applied: int = 0
    problem: str = ""  # why applying failed (the file changed meanwhile, say)


def suggest_outputs(
    path: str,
    concept: str | None = None,
    apply: bool = False,
    at: str | None = None,
    library: Sequence[Concept] = (),
) -> Iterator[DocumentSuggestions]:
    """The suggestions of every document in `path` (a batch's OUTDIR, or one pair file), for
    its concepts and `library`'s (only `concept`, an id or label, when given); with `apply`,
    each document's suggestions are tagged and the file saved (only over the version read)."""
    from alignread.core.errors import AlignreadError
    from alignread.formats.markdown_notes import find_concept
    from alignread.store.document_file import DocumentFile
    from alignread.store.outputs import iter_output_files

    opened = [(name, file, *DocumentFile.open(file)) for name, file in iter_output_files(path)]
    wanted: str | None = None
    if concept is not None:
        known: dict[str, Concept] = {c.id: c for c in library}
        for _, _, _, pair in opened:
            for c in pair.concepts:
                known.setdefault(c.id, c)
        wanted = find_concept(known.values(), concept).id
    for name, file, document, pair in opened:
        concepts = list(pair.concepts) + [c for c in library if pair.concept(c.id) is None]
        if wanted is not None:
            concepts = [c for c in concepts if c.id == wanted]
        words = DocumentWords(pair)
        words.train()
        found = suggestions(pair, concepts, words)
        if not apply or not found:
            yield DocumentSuggestions(name, str(file), pair, found)
            continue
        new = pair
        for s in found:
            new = accept(new, s, at=at, concept=next((c for c in concepts if c.id == s.concept), None))
        try:
            document.save(new, version=1)
        except (AlignreadError, OSError) as exc:
            yield DocumentSuggestions(name, str(file), pair, found, 0, str(exc))
            continue
        yield DocumentSuggestions(name, str(file), new, found, len(found))
