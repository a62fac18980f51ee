"""The small interface every NLP backend implements, and what they share.

A backend turns a text into paragraphs and sentences with exact character spans (and,
when it can, lemmas per sentence). Nothing past `alignread.nlp` sees a spaCy or Stanza
object.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from alignread.core.chars import BLANK, INVISIBLE
from alignread.core.model import Paragraph, Sentence, Text

# Lines holding only whitespace count as blank; that includes the non-breaking spaces
# (U+00A0), zero-width spaces and BOMs that blog exports leave on "empty" lines.
_BLANK_LINE = re.compile(rf"\n[ \t\f\v{INVISIBLE}]*\n")
# What is trimmed from the edges of a paragraph or a line.
EDGE = BLANK


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of `text`: runs of lines separated by blank lines.

    Each span is trimmed of surrounding whitespace (including non-breaking spaces).
    """
    spans = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end() - 1  # the second newline starts the next chunk
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.lstrip(EDGE)
        if not stripped:
            continue
        start += len(chunk) - len(stripped)
        end = start + len(stripped.rstrip(EDGE))
        out.append((start, end))
    # finditer does not see overlapping blank lines ("\n \n \n"); trimming and skipping
    # empty chunks above makes that harmless.
    return out


@dataclass(frozen=True, slots=True)
class Segmentation:
    """What a backend returns for one text."""

    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    # One tuple of lowercase lemmas per sentence (word tokens only), when the backend has them.
    lemmas: tuple[tuple[str, ...], ...] | None = None
    # The backend's lemma of each lowercase word form of the text (its most frequent one),
    # which the aligner's lexical scorer uses instead of its lookup tables.
    lemma_map: Mapping[str, str] | None = None

    def to_text(self, lang: str, text: str, file: str = "") -> Text:
        return Text(lang=lang, text=text, paragraphs=self.paragraphs, sentences=self.sentences, file=file)


class Pipeline(Protocol):
    """An NLP backend: segments (and lemmatises) texts of one language."""

    name: str

    def segment(self, text: str, lang: str) -> Segmentation: ...

    def segment_many(self, texts: Iterable[str], lang: str) -> Iterator[Segmentation]: ...

    def require(self, langs: Iterable[str]) -> None:
        """Check up front that the models of `langs` are there (`InputError` naming what is
        missing); a backend that needs no models does nothing."""
        ...


def build_segmentation(
    text: str,
    paragraphs: list[tuple[int, int]],
    sentence_spans: list[list[tuple[int, int]]],
    lemmas: list[tuple[str, ...]] | None = None,
    lemma_map: Mapping[str, str] | None = None,
) -> Segmentation:
    """Number paragraphs and sentences; `sentence_spans[k]` are paragraph k's sentences."""
    paras: list[Paragraph] = []
    sents: list[Sentence] = []
    for p_index, ((p_start, p_end), spans) in enumerate(zip(paragraphs, sentence_spans)):
        paras.append(Paragraph(p_index, p_start, p_end))
        for start, end in spans:
            sents.append(Sentence(len(sents), start, end, text[start:end], p_index))
    return Segmentation(tuple(paras), tuple(sents), tuple(lemmas) if lemmas is not None else None, lemma_map)


def word_lemmas(tokens: Iterable[tuple[int, str, str]]) -> dict[str, str]:
    """The most frequent lemma of each word form among `(offset, word, lemma)` tokens."""
    counts: Counter[tuple[str, str]] = Counter((word, lemma) for _, word, lemma in tokens)
    out: dict[str, str] = {}
    for (word, lemma), _ in counts.most_common():
        out.setdefault(word, lemma)
    return out


def lemmas_per_sentence(
    tokens: list[tuple[int, str, str]], spans: list[list[tuple[int, int]]]
) -> list[tuple[str, ...]]:
    """Hand `(offset, word, lemma)` word tokens, in text order, to the sentences that hold them.

    Backends correct the library's sentence splits, so lemmas are matched to the final
    sentences by character offset rather than by the library's sentence objects.
    """
    out = []
    k = 0
    for start, end in (span for para in spans for span in para):
        while k < len(tokens) and tokens[k][0] < start:
            k += 1
        found = []
        while k < len(tokens) and tokens[k][0] < end:
            found.append(tokens[k][2])
            k += 1
        out.append(tuple(found))
    return out
