"""The text model: texts with paragraphs and sentences, beads, concepts and annotations.

Everything here is a frozen value. Changing a document means building a new `TextPair`
(see `alignread.core.annotate`), which is what makes undo, atomic saves and tests simple.

Sides are called `en` and `ind` in code (`id` is a Python builtin and a Textual widget
argument); in files and on the command line the Indonesian side is `"id"`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from alignread.core.sides import Side, on_side

__all__ = [
    "AUTO", "BEAD_STATUSES", "CONFIRMED", "EXTRA_KINDS", "LOW_CONFIDENCE", "Annotation", "Bead", "BeadIds",
    "Chapter", "Concept", "Dismissal", "Extra", "Metadata", "Paragraph", "Sentence", "Side", "Text", "TextPair",
    "text_digest",
]

# A bead's status: made by the aligner, or made or checked by a reader (merged, split,
# confirmed), which realigning keeps (`alignread.align.anchors`).
AUTO = "auto"
CONFIRMED = "confirmed"
BEAD_STATUSES = (AUTO, CONFIRMED)
# A bead as sentence ids only, as Vecalign writes it (`[0, 1]:[2]`) and the scorers take it.
BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
# Beads whose confidence (the calibrated chance that the bead is exactly right) is under
# this are marked for checking: `show`'s `?`, the reader's mark and its `l` jump, the
# batch summary's "low" column.
LOW_CONFIDENCE = 0.8


def text_digest(text: str) -> str:
    """The digest stored for a source text: sha256 of its UTF-8 encoding."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of non-blank lines; `text[start:end]` is the paragraph without edge spaces.

    `heading` is the level of a heading (1 for a book's chapter titles or a page's `<h1>`,
    up to 6), 0 for running text.
    """

    index: int
    start: int
    end: int
    heading: int = 0


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter of a book: `text[start:end]`, from its heading to the next chapter's.

    The chapters of a side follow each other without gaps (the first starts at 0, the
    last ends at the end of the text); `title` is what the reader's contents list shows.
    """

    index: int
    start: int
    end: int
    title: str


# What a document holds besides its running text: kept in the record, never aligned.
EXTRA_KINDS = ("code", "table", "image")


@dataclass(frozen=True, slots=True)
class Extra:
    """A code block, table or image of the source, left out of the sentences but kept.

    `at` is the offset in the side's text where it stood (before the paragraph that
    followed it). A code block keeps its `text` (and `lang` when the source named it), a
    table its `rows` of cells, an image its `src` and `text` (its alternative text).
    """

    kind: str
    at: int
    text: str = ""
    lang: str = ""
    src: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence. `index` is its stable id within its side; `text == source[start:end]`."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Text:
    """One side of a text pair: the full source text, segmented."""

    lang: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    file: str = ""
    # Where the text came from (`txt`, `md`, `html`, `epub`, `docx`; empty for plain text),
    # its chapters (empty: not a book) and what was kept aside (code, tables, images).
    format: str = ""
    chapters: tuple[Chapter, ...] = ()
    extras: tuple[Extra, ...] = ()

    @property
    def digest(self) -> str:
        return text_digest(self.text)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character `offset`, if any."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= offset:
            return self.sentences[lo]
        return None

    def chapter_at(self, offset: int) -> Chapter | None:
        """The chapter holding character `offset`, if the text has chapters."""
        chapters = self.chapters
        lo, hi = 0, len(chapters)
        while lo < hi:
            mid = (lo + hi) // 2
            if chapters[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return chapters[lo] if lo < len(chapters) else (chapters[-1] if chapters else None)

    def sentences_overlapping(self, start: int, end: int) -> tuple[int, ...]:
        """Ids of the sentences that share at least one character with `[start, end)`."""
        sents = self.sentences
        # Sentences are in order and do not overlap: the first that ends after `start`.
        lo, hi = 0, len(sents)
        while lo < hi:
            mid = (lo + hi) // 2
            if sents[mid].end <= start:
                lo = mid + 1
            else:
                hi = mid
        out = []
        for s in sents[lo:]:
            if s.start >= end:
                break
            out.append(s.index)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a reader wants to know about a text pair."""

    title: str = ""
    author: str = ""
    translator: str = ""
    source: str = ""
    licence: str = ""
    original: str = ""  # the language written first ("en" or "id"), if known


@dataclass(frozen=True, slots=True)
class Bead:
    """An alignment unit: English sentence ids beside Indonesian sentence ids.

    `score` is the aligner's confidence in [0, 1] that this bead is exactly right.
    """

    en: tuple[int, ...]
    ind: tuple[int, ...]
    score: float = 1.0
    status: str = AUTO

    def ids(self, side: str) -> tuple[int, ...]:
        """The bead's sentence ids on `side` (`en` or `id`)."""
        return on_side(side, self.en, self.ind)

    @property
    def confirmed(self) -> bool:
        """Made or checked by a reader."""
        return self.status == CONFIRMED

    @property
    def kind(self) -> str:
        """The bead type as readers write it: `1-1`, `2-1`, `0-1`, ..."""
        return f"{len(self.en)}-{len(self.ind)}"

    @property
    def one_sided(self) -> bool:
        return not self.en or not self.ind

    def needs_check(self, threshold: float = LOW_CONFIDENCE) -> bool:
        """Whether to mark the bead for checking: low confidence, not confirmed by a reader."""
        return self.score < threshold and self.status != CONFIRMED


@dataclass(frozen=True, slots=True)
class Concept:
    """An idea readers tag, with labels and descriptions in both languages."""

    id: str
    label_en: str
    label_ind: str = ""
    description_en: str = ""
    description_ind: str = ""

    def label(self, side: str = "en") -> str:
        if side == "id":
            return self.label_ind or self.label_en
        return self.label_en or self.label_ind


@dataclass(frozen=True, slots=True)
class Annotation:
    """Concepts and a note attached to a bead, or to a phrase on one side or on both.

    `en`/`ind` are the sentence ids the annotation sits on. For a bead annotation they are
    the bead's sentences and `quote_en`/`quote_ind` its text at tagging time; for a phrase,
    `side`, `start` and `end` locate it in that side's full text and the quote on that
    side is `text[start:end]`. A *bilingual* phrase (a phrase tagged together with its
    counterpart, `natural resistance` with `hambatan alamiah`) also has `counterpart`,
    its span on the other side, whose quote is the other side's. `side` is then the side
    the reader selected on. The quotes let an annotation be re-attached after the text
    is realigned or edited (`alignread.core.reattach`).

    A *detached* annotation is one whose quotes could no longer be found after the texts
    changed. It is kept, never dropped: it sits on no sentence (`en == ind == ()`; a
    phrase keeps its `side` but loses `start`/`end`), keeps its quotes, concepts and note,
    and `detached` says why, so that a reader can attach it again by hand.
    """

    id: str
    en: tuple[int, ...] = ()
    ind: tuple[int, ...] = ()
    concepts: tuple[str, ...] = ()
    note: str = ""
    quote_en: str = ""
    quote_ind: str = ""
    side: str | None = None
    start: int | None = None
    end: int | None = None
    created: str = ""
    modified: str = ""
    detached: str = ""
    counterpart: tuple[int, int] | None = None

    @property
    def is_phrase(self) -> bool:
        return self.side is not None

    @property
    def is_bilingual(self) -> bool:
        """A phrase tagged on both sides (a detached one keeps both quotes)."""
        return self.side is not None and (self.counterpart is not None or bool(self.quote_en and self.quote_ind))

    def span_on(self, side: str) -> tuple[int, int] | None:
        """The phrase's span in `side`'s text, if it has one there."""
        if self.side is None or self.start is None or self.end is None:
            return None
        if side == self.side:
            return self.start, self.end
        return self.counterpart

    @property
    def is_detached(self) -> bool:
        return bool(self.detached)

    @property
    def quote(self) -> str:
        """A phrase's quote (on its side); for a bead annotation its English quote."""
        return self.quote_on(self.side or "en")

    def ids(self, side: str) -> tuple[int, ...]:
        """The sentence ids the annotation sits on, on `side`."""
        return on_side(side, self.en, self.ind)

    def quote_on(self, side: str) -> str:
        """What the annotation quotes on `side`."""
        return on_side(side, self.quote_en, self.quote_ind)


@dataclass(frozen=True, slots=True)
class Dismissal:
    """A concept suggestion a reader turned down: `concept` is not suggested again for
    `text[start:end]` of `side` (`quote`, kept to find the place after the text changes)."""

    concept: str
    side: str
    start: int
    end: int
    quote: str = ""


@dataclass(frozen=True, slots=True)
class TextPair:
    """An English text and its Indonesian counterpart, aligned and annotated."""

    en: Text
    ind: Text
    meta: Metadata = field(default_factory=Metadata)
    beads: tuple[Bead, ...] = ()
    concepts: tuple[Concept, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    # How the beads were made (aligner, settings digest, ...): plain string pairs, so a
    # batch run can tell whether a document needs realigning.
    provenance: tuple[tuple[str, str], ...] = ()
    # How a one-file bilingual essay was laid out (which paragraphs were the quote, its
    # translation, commentary...), so it can be shown as written; empty for two files.
    layout: tuple[dict, ...] = ()
    # Which chapters of the two sides translate each other, in order, as beads over
    # chapter ids (`((0,), (0,))`, `((3,), ())` for a chapter missing in Indonesian);
    # empty when the texts have no chapters.
    chapter_pairs: tuple[BeadIds, ...] = ()
    # Concept suggestions the reader dismissed (`alignread.workflows.suggest`).
    dismissed: tuple[Dismissal, ...] = ()
    # The bead of every sentence, per side: computed on first use and kept with this value
    # (a new value, from `dataclasses.replace`, starts without it).
    _bead_index: dict[str, tuple[int, ...]] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def side(self, side: str) -> Text:
        return on_side(side, self.en, self.ind)

    def bead_text(self, bead: Bead, side: str, sep: str = " ") -> str:
        sents = self.side(side).sentences
        return sep.join(sents[i].text for i in bead.ids(side))

    def bead_index(self, side: str) -> tuple[int, ...]:
        """The bead of each sentence of `side` (`pair.bead_index("en")[i]`); -1 for a
        sentence in no bead (a file with no beads yet)."""
        index = self._bead_index
        if index is None:
            maps = {"en": [-1] * len(self.en.sentences), "id": [-1] * len(self.ind.sentences)}
            for k, bead in enumerate(self.beads):
                for i in bead.en:
                    maps["en"][i] = k
                for i in bead.ind:
                    maps["id"][i] = k
            index = {s: tuple(m) for s, m in maps.items()}
            object.__setattr__(self, "_bead_index", index)
        return index[on_side(side, "en", "id")]

    def bead_of(self, side: str, sentence: int) -> int | None:
        """Index of the bead holding sentence `sentence` of `side`."""
        index = self.bead_index(side)
        if 0 <= sentence < len(index) and index[sentence] >= 0:
            return index[sentence]
        return None

    def annotations_for_bead(self, bead: Bead) -> Iterator[Annotation]:
        en, ind = set(bead.en), set(bead.ind)
        for ann in self.annotations:
            if en.intersection(ann.en) or ind.intersection(ann.ind):
                yield ann

    def concept(self, concept_id: str) -> Concept | None:
        for c in self.concepts:
            if c.id == concept_id:
                return c
        return None

    def provenance_dict(self) -> dict[str, str]:
        return dict(self.provenance)
