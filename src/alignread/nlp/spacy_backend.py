"""The spaCy backend: `spacy.blank(lang)` + `sentencizer`, or a trained pipeline.

spaCy is imported when a pipeline is first needed, so the CLI and the reader start fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from alignread.core.errors import InputError
from alignread.nlp.base import Segmentation, build_segmentation, lemmas_per_sentence, paragraph_spans, word_lemmas
from alignread.nlp.sentence_rules import correct_boundaries, line_breaks_that_end_sentences

# Paragraph chunks are sent through nlp.pipe in batches of this many.
_BATCH = 64
# spaCy refuses a text over 1,000,000 characters (E088), and its memory grows with a text's
# length; a longer chunk (a hard-wrapped book with no blank line) is cut into pieces of at
# most this many characters, at a sentence end where one is near.
PIECE = 100_000
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def pieces(text: str, start: int, end: int, size: int = PIECE) -> list[tuple[int, int]]:
    """`[start, end)` in spans of at most `size` characters, cut after a sentence end in the
    last quarter of each span, else at a line break or a space, else anywhere."""
    out = []
    while end - start > size:
        limit = start + size
        cut = -1
        for m in _SENTENCE_END.finditer(text, limit - size // 4, limit):
            cut = m.end()
        if cut <= start:
            cut = max(text.rfind("\n", start, limit), text.rfind(" ", start, limit)) + 1
        if cut <= start:
            cut = limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


class SpacyPipeline:
    """Segments texts with spaCy. `models` maps a language to a pipeline name or path."""

    name = "spacy"

    def __init__(self, models: dict[str, str] | None = None) -> None:
        self.models = dict(models or {})
        self._nlps: dict[str, Any] = {}

    def nlp(self, lang: str) -> Any:
        """The spaCy `Language` for `lang`, built once per process."""
        if lang not in self._nlps:
            model = self.models.get(lang)
            spacy = import_spacy(without_torch=not model)
            if model:
                try:
                    nlp = spacy.load(model)
                except OSError:
                    raise InputError(
                        f"--nlp {lang}={model}",
                        "no such spaCy pipeline is installed (give an installed package name or a folder)",
                    ) from None
                if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
                    nlp.add_pipe("sentencizer")
            else:
                nlp = _blank(lang)
                nlp.add_pipe("sentencizer")
            self._nlps[lang] = nlp
        return self._nlps[lang]

    def require(self, langs: Iterable[str]) -> None:
        """Nothing to check ahead: a blank pipeline needs no model, and a trained one that
        is not installed is named when it is first loaded."""

    def segment(self, text: str, lang: str) -> Segmentation:
        return next(self.segment_many([text], lang))

    def segment_many(self, texts: Iterable[str], lang: str) -> Iterator[Segmentation]:
        trained = lang in self.models
        if not trained:
            yield from (self._segment_blank(text, lang) for text in texts)
            return
        nlp = self.nlp(lang)
        for text in texts:
            paragraphs = paragraph_spans(text)
            chunks: list[tuple[int, int]] = []
            owner: list[int] = []
            for k, (start, end) in enumerate(paragraphs):
                pos = start
                for cut in [*line_breaks_that_end_sentences(text, start, end), end]:
                    for piece in pieces(text, pos, cut):
                        chunks.append(piece)
                        owner.append(k)
                    pos = cut + 1
            spans: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
            tokens: list[tuple[int, str, str]] = []  # (offset, word, lemma) of word tokens
            docs = nlp.pipe((text[s:e] for s, e in chunks), batch_size=_BATCH)
            for (c_start, _), k, doc in zip(chunks, owner, docs):
                raw = [(c_start + sent.start_char, c_start + sent.end_char) for sent in doc.sents]
                spans[k].extend(correct_boundaries(text, raw, lang))
                tokens.extend(
                    (c_start + t.idx, t.text.lower(), (t.lemma_ or t.text).lower())
                    for t in doc
                    if not (t.is_punct or t.is_space)
                )
            yield build_segmentation(text, paragraphs, spans, lemmas_per_sentence(tokens, spans), word_lemmas(tokens))

    def _segment_blank(self, text: str, lang: str) -> Segmentation:
        """What `spacy.blank(lang)` and its `sentencizer` give, without running them.

        The sentencizer splits after `.`, `?` and `!` (and the closing quotes after them);
        `correct_boundaries` finds each of those places itself and decides which are
        boundaries, so running spaCy's tokenizer first adds nothing but time (on the texts
        of ../shared, 3 of 13,459 sentences differ, at a run of quotes `.” “ ‘`).
        """
        paragraphs = paragraph_spans(text)
        spans: list[list[tuple[int, int]]] = []
        for start, end in paragraphs:
            found: list[tuple[int, int]] = []
            pos = start
            for cut in [*line_breaks_that_end_sentences(text, start, end), end]:
                found.extend(correct_boundaries(text, [(pos, cut)], lang))
                pos = cut + 1
            spans.append(found)
        return build_segmentation(text, paragraphs, spans)


def import_spacy(without_torch: bool) -> Any:
    """Import spaCy; for blank pipelines, without letting thinc import torch.

    thinc imports torch whenever it is installed (Stanza installs it), which more than
    doubles spaCy's import time (1.2 s -> 2.7 s here) although a tokenizer and a
    sentencizer never use it. Hiding torch during the import makes thinc skip it; torch
    stays importable afterwards, for Stanza. Trained pipelines may need torch: for them
    spaCy is imported as usual.
    """
    import sys

    if "spacy" in sys.modules or not without_torch or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


def _blank(lang: str) -> Any:
    """`spacy.blank(lang)`; for Indonesian without its hyphenated-word exceptions.

    spaCy's Indonesian tokenizer carries 15,614 exceptions for hyphenated words
    (`buku-buku`, `anak-anak`), which take about 5 s to load and cannot move a sentence
    boundary, since a hyphen never ends a sentence. The 215 exceptions with a full stop
    (`dll.`, `Dr.`, `a.n.`) and the rest are kept.
    """
    spacy = import_spacy(without_torch=True)
    if lang != "id":
        return spacy.blank(lang)
    from spacy.lang.id import Indonesian

    class _SentenceIndonesian(Indonesian):
        class Defaults(Indonesian.Defaults):  # type: ignore[valid-type,misc]  # spaCy's Defaults is a class
            tokenizer_exceptions = {
                text: value
                for text, value in Indonesian.Defaults.tokenizer_exceptions.items()
                if "." in text or "-" not in text
            }

    return _SentenceIndonesian()

