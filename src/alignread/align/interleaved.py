"""Translation blocks in a one-file bilingual essay.

An essay that quotes a passage and then translates it (in parentheses, paragraph by
paragraph, or after each sentence) is cut into *pieces*: runs of one language inside one
paragraph, found with `alignread.nlp.langid` per paragraph and, in a paragraph that mixes
the two languages, per sentence. A *block* is a run of pieces in one language followed
directly by a run in the other that translates it. Blocks are chosen by dynamic
programming over the pieces: every candidate pair of neighbouring runs (a suffix of one
language run and a prefix of the next) is aligned with `align_path`, and judged by
`block_gain`; the set of non-overlapping blocks with the largest total gain wins, and the
remaining pieces are text with no counterpart (title, introduction, commentary, a date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from alignread.align.aligner import DEFAULT, AlignerConfig, align_path
from alignread.align.length import RATIO, length_cost
from alignread.nlp import NlpSpec, get_pipeline
from alignread.nlp.base import EDGE, paragraph_spans
from alignread.nlp.langid import LanguageGuess, identify_many

EN, ID = "en", "id"

# A guess whose margin (nats of English-vs-Indonesian evidence) reaches this is sure:
# about one function word and a content word. Only sure sentences split a paragraph into
# pieces, and a piece below it with no counterpart follows the text around it.
STRONG_MARGIN = 3.0
# A paragraph mixes the languages when one sentence is sure of one language and another
# leans to the other by at least this much: short translations ("Airnya dingin.", 2.2
# nats) are rarely sure on their own.
MIXED_MARGIN = 1.5

# The judge of a candidate block (see `block_gain`). Calibrated on windows of the gold
# alignments of ../shared/enid (ntrex and udhr, 1-5 beads): a window against its true
# translation versus against the next window of the other side, which shares its topic,
# names and numbers and so is the hardest kind of commentary to tell from a translation.
# With these values, of windows of 1 / 2 / 3 / 5 sentence pairs, 97.6 / 99.1 / 98.9 / 99.0%
# of the true ones score above 0, against 1.6 / 7.0 / 1.1 / 0.0% of the false ones. In an
# essay the false ones also compete with the true block for the same pieces.
GAIN_THRESHOLD = 0.35  # similarity at which a two-sided bead neither helps nor hurts
GAIN_LENGTH = 0.1  # weight of the Gale-Church length cost of a two-sided bead
GAIN_UNMATCHED = 0.5  # cost of each sentence a candidate leaves without a partner

# At most this many pieces on each side of a candidate block: a quote of more paragraphs
# than this is split into several blocks.
MAX_RUN = 12
# A candidate whose sides differ more than this in length (after the usual Indonesian /
# English ratio, with some slack for short lines) is not aligned at all.
MAX_LENGTH_RATIO = 2.5
_LENGTH_SLACK = 40

_BRACKETS = {"(": ")", "[": "]"}
_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one language inside one paragraph: `text[start:end]` of the essay."""

    index: int
    paragraph: int
    start: int
    end: int
    lang: str
    # Whether language identification was sure of the piece (see STRONG_MARGIN).
    strong: bool
    sentences: tuple[tuple[int, int], ...]  # spans in the essay

    def sentence_texts(self, text: str) -> list[str]:
        return [text[s:e] for s, e in self.sentences]


@dataclass(frozen=True, slots=True)
class Block:
    """Pieces `[start, split)` translated by pieces `[split, end)` (in the other language)."""

    start: int
    split: int
    end: int
    gain: float

    @property
    def source(self) -> range:
        return range(self.start, self.split)

    @property
    def translation(self) -> range:
        return range(self.split, self.end)


def _margin(guess: LanguageGuess) -> float:
    return abs(guess.en_score - guess.id_score)


def _sure(guess: LanguageGuess) -> bool:
    return guess.lang in (EN, ID) and _margin(guess) >= STRONG_MARGIN


def _fill(labels: Sequence[str | None], default: str) -> list[str]:
    """Unknown labels take the previous known one (the first known one, at the start)."""
    last = next((lang for lang in labels if lang is not None), default)
    out = []
    for lang in labels:
        last = lang or last
        out.append(last)
    return out


def _segment(
    text: str, spans: Sequence[tuple[int, int]], langs: Sequence[str], nlp: NlpSpec | None
) -> list[tuple[tuple[int, int], ...]]:
    """Sentence spans (in `text`) of each span, segmented with the pipeline of its language."""
    pipeline = get_pipeline(nlp)
    out: list[tuple[tuple[int, int], ...]] = [()] * len(spans)
    for lang in (EN, ID):
        todo = [k for k, span_lang in enumerate(langs) if span_lang == lang]
        segs = pipeline.segment_many((text[spans[k][0] : spans[k][1]] for k in todo), lang)
        for k, seg in zip(todo, segs):
            base = spans[k][0]
            sents = tuple((base + s.start, base + s.end) for s in seg.sentences)
            # A span always has a sentence, even one the segmenter found nothing in.
            out[k] = sents or ((spans[k][0], spans[k][1]),)
    return out


def find_pieces(text: str, nlp: NlpSpec | None = None, default: str = ID) -> list[Piece]:
    """The pieces of an essay, in order: runs of one language inside each paragraph."""
    paragraphs = paragraph_spans(text)
    if not paragraphs:
        return []
    guesses = identify_many(text[s:e] for s, e in paragraphs)
    para_langs = _fill([g.lang if g.lang in (EN, ID) else None for g in guesses], default)
    para_sents = _segment(text, paragraphs, para_langs, nlp)

    # (paragraph, start, end, lang, sentences) of each piece; the sentences of a piece cut
    # from a mixed paragraph are found again with the rules of its own language.
    raw: list[tuple[int, int, int, str, tuple[tuple[int, int], ...] | None]] = []
    for p, ((p_start, p_end), lang, sents) in enumerate(zip(paragraphs, para_langs, para_sents)):
        sent_guesses = identify_many(text[s:e] for s, e in sents) if len(sents) > 1 else []
        sure = {g.lang for g in sent_guesses if _sure(g)}
        leaning = {g.lang for g in sent_guesses if g.lang in (EN, ID) and _margin(g) >= MIXED_MARGIN}
        if not sure or len(leaning) < 2:
            raw.append((p, p_start, p_end, lang, sents))
            continue
        labels = _fill([g.lang if g.lang in (EN, ID) else None for g in sent_guesses], lang)
        run_start = 0
        for k in range(1, len(sents) + 1):
            if k == len(sents) or labels[k] != labels[run_start]:
                start = p_start if run_start == 0 else sents[run_start][0]
                end = p_end if k == len(sents) else sents[k][0]
                end = start + len(text[start:end].rstrip(EDGE))
                raw.append((p, start, end, labels[run_start], None))
                run_start = k
    return _build_pieces(text, raw, nlp)


def _build_pieces(
    text: str,
    raw: Sequence[tuple[int, int, int, str, tuple[tuple[int, int], ...] | None]],
    nlp: NlpSpec | None,
) -> list[Piece]:
    todo = [k for k, item in enumerate(raw) if item[4] is None]
    found = _segment(text, [(raw[k][1], raw[k][2]) for k in todo], [raw[k][3] for k in todo], nlp)
    sentences = [item[4] or () for item in raw]  # those still to find are found next
    for k, sents in zip(todo, found):
        sentences[k] = sents
    margins = [_margin(g) for g in identify_many(text[s:e] for _, s, e, _, _ in raw)]
    return [
        Piece(k, p, s, e, lang, margin >= STRONG_MARGIN, sents)
        for k, ((p, s, e, lang, _), sents, margin) in enumerate(zip(raw, sentences, margins))
    ]


def block_gain(
    path: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    sims: Sequence[float],
    en_len: Sequence[int],
    ind_len: Sequence[int],
) -> float:
    """How much better a candidate is as a translation block than as commentary (> 0: better).

    Each two-sided bead earns its sentence count times its lexical similarity above
    GAIN_THRESHOLD, less GAIN_LENGTH times its Gale-Church length cost; each sentence left
    in a one-sided bead costs GAIN_UNMATCHED.
    """
    gain = 0.0
    for (e, i), sim in zip(path, sims):
        if e and i:
            le = sum(en_len[x] for x in e)
            li = sum(ind_len[x] for x in i)
            gain += (len(e) + len(i)) * (sim - GAIN_THRESHOLD) - GAIN_LENGTH * float(length_cost(le, li))
        else:
            gain -= GAIN_UNMATCHED * (len(e) + len(i))
    return gain


def _judge_config(config: AlignerConfig) -> AlignerConfig:
    # The judge needs lexical similarity even when the beads are made by the length-only
    # baseline; the user's extra dictionaries still count.
    return config if config.lexical else replace(DEFAULT, extra_lexicon=config.extra_lexicon)


BeadPath = list[tuple[tuple[int, ...], tuple[int, ...]]]


def candidate_gain(
    text: str, pieces: Sequence[Piece], start: int, split: int, end: int, config: AlignerConfig = DEFAULT
) -> float:
    """`block_gain` of pieces `[start, split)` against `[split, end)`."""
    return _candidate(text, pieces, start, end, config)[0]


def _candidate(
    text: str, pieces: Sequence[Piece], start: int, end: int, config: AlignerConfig
) -> tuple[float, BeadPath]:
    en_sents, ind_sents, en_para, ind_para = block_sentences(text, pieces, start, end)
    found = align_path(en_sents, ind_sents, _judge_config(config), en_para, ind_para)
    path = found.beads
    return block_gain(path, found.similarity, [len(s) for s in en_sents], [len(s) for s in ind_sents]), path


def block_sentences(
    text: str, pieces: Sequence[Piece], start: int, end: int
) -> tuple[list[str], list[str], list[int], list[int]]:
    """English and Indonesian sentences of pieces `[start, end)`, with their paragraphs."""
    en: list[str] = []
    ind: list[str] = []
    en_para: list[int] = []
    ind_para: list[int] = []
    for piece in pieces[start:end]:
        sents, paras = (en, en_para) if piece.lang == EN else (ind, ind_para)
        for s, e in piece.sentences:
            sents.append(text[s:e])
            paras.append(piece.paragraph)
    return en, ind, en_para, ind_para


def _lengths_fit(en_chars: int, ind_chars: int) -> bool:
    a = RATIO * en_chars + _LENGTH_SLACK
    b = ind_chars + _LENGTH_SLACK
    return max(a, b) <= MAX_LENGTH_RATIO * min(a, b)


def find_blocks(text: str, pieces: Sequence[Piece], config: AlignerConfig = DEFAULT) -> list[Block]:
    """The translation blocks of an essay: non-overlapping, in order, with the largest total gain."""
    n = len(pieces)
    if n < 2:
        return []
    run_start = [0] * n
    for k in range(1, n):
        run_start[k] = run_start[k - 1] if pieces[k].lang == pieces[k - 1].lang else k
    run_end = [n] * n
    for k in range(n - 2, -1, -1):
        run_end[k] = run_end[k + 1] if pieces[k].lang == pieces[k + 1].lang else k + 1
    chars = [p.end - p.start for p in pieces]

    ending_at: dict[int, list[Block]] = {}
    paths: dict[tuple[int, int], BeadPath] = {}
    for split in range(1, n):
        if pieces[split].lang == pieces[split - 1].lang:
            continue
        # Up to MAX_RUN pieces on each side, and the whole runs: a whole essay followed
        # by its whole translation is one block.
        starts = sorted(set(range(max(run_start[split - 1], split - MAX_RUN), split)) | {run_start[split - 1]})
        ends = sorted(set(range(split + 1, min(run_end[split], split + MAX_RUN) + 1)) | {run_end[split]})
        for start in reversed(starts):
            source_chars = sum(chars[start:split])
            for end in ends:
                target_chars = sum(chars[split:end])
                en_chars, ind_chars = (
                    (source_chars, target_chars) if pieces[start].lang == EN else (target_chars, source_chars)
                )
                if not _lengths_fit(en_chars, ind_chars):
                    if target_chars > source_chars:
                        break  # adding more of the other run only makes it worse
                    continue
                gain, path = _candidate(text, pieces, start, end, config)
                if gain > 0:
                    ending_at.setdefault(end, []).append(Block(start, split, end, gain))
                    paths[start, end] = path

    best = [0.0] * (n + 1)
    back: list[Block | None] = [None] * (n + 1)
    for k in range(1, n + 1):
        best[k] = best[k - 1]
        for block in ending_at.get(k, ()):
            if best[block.start] + block.gain > best[k]:
                best[k] = best[block.start] + block.gain
                back[k] = block
    blocks = []
    k = n
    while k > 0:
        chosen = back[k]
        if chosen is None:
            k -= 1
        else:
            blocks.append(chosen)
            k = chosen.start
    return [_trim(pieces, b, paths[b.start, b.end]) for b in reversed(blocks)]


def _trim(pieces: Sequence[Piece], block: Block, path: BeadPath) -> Block:
    """The block without outer pieces none of whose sentences found a partner in `path`.

    A long candidate (a whole run) may carry commentary at its outer edges, the start of
    the source or the end of the translation: those pieces are left out of the block.
    """
    if block.split - block.start == 1 and block.end - block.split == 1:
        return block
    matched: dict[str, set[int]] = {EN: set(), ID: set()}
    for e, i in path:
        if e and i:
            matched[EN].update(e)
            matched[ID].update(i)
    # Sentence numbers of each piece within its language in the block.
    ranges = []
    count = {EN: 0, ID: 0}
    for piece in pieces[block.start : block.end]:
        size = len(piece.sentences)
        ranges.append(range(count[piece.lang], count[piece.lang] + size))
        count[piece.lang] += size

    def unmatched(k: int) -> bool:
        return not matched[pieces[k].lang].intersection(ranges[k - block.start])

    start, end = block.start, block.end
    while start < block.split - 1 and unmatched(start):
        start += 1
    while end > block.split + 1 and unmatched(end - 1):
        end -= 1
    if (start, end) == (block.start, block.end):
        return block
    return Block(start, block.split, end, block.gain)


def settle_languages(
    text: str, pieces: Sequence[Piece], blocks: Sequence[Block], nlp: NlpSpec | None = None
) -> list[Piece]:
    """Give each unsure piece outside the blocks the language of the text around it.

    A date line `(7 May 2016)` in an Indonesian post is read as part of that post, whatever
    its one month name says. The piece takes the language of the nearest sure piece with
    no counterpart before it (or after it, at the start); it is re-segmented if that changes.
    """
    in_block = {k for b in blocks for k in range(b.start, b.end)}
    free = [k for k in range(len(pieces)) if k not in in_block]
    anchors = [k for k in free if pieces[k].strong]
    if not anchors:
        return list(pieces)
    out = list(pieces)
    changed = []
    for k in free:
        if pieces[k].strong:
            continue
        before = [a for a in anchors if a < k]
        anchor = before[-1] if before else min(a for a in anchors if a > k)
        lang = pieces[anchor].lang
        if lang != pieces[k].lang:
            changed.append(k)
            out[k] = Piece(k, pieces[k].paragraph, pieces[k].start, pieces[k].end, lang, False, ())
    if changed:
        spans = [(out[k].start, out[k].end) for k in changed]
        for k, sents in zip(changed, _segment(text, spans, [out[k].lang for k in changed], nlp)):
            p = out[k]
            out[k] = Piece(p.index, p.paragraph, p.start, p.end, p.lang, p.strong, sents)
    return out


def is_wrapped(text: str) -> bool:
    """Whether `text` is wrapped in parentheses or brackets: `(Terjemahan ...)`."""
    text = text.strip()
    return len(text) >= 2 and _BRACKETS.get(text[0]) == text[-1]


def looks_like_title(text: str) -> bool:
    """A short single line without closing punctuation."""
    text = text.strip()
    return 0 < len(text) <= 120 and "\n" not in text and not _SENTENCE_END.search(text)


_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "januari februari maret mei juni juli agustus oktober desember agu okt des"
)
_MONTH = "(?:" + "|".join(sorted(set(_MONTHS.split()), key=len, reverse=True)) + r")\.?"
_DAY = (
    r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
)
_DATE = re.compile(
    r"^[(\[]?\s*(?:" + _DAY + r")?(?:"
    r"\d{1,2}\s+" + _MONTH + r",?\s+\d{4}"  # 7 May 2016, 12 Maret 2024
    r"|" + _MONTH + r"\s+\d{1,2},?\s+\d{4}"  # May 7, 2016
    r"|" + _MONTH + r"\s+\d{4}"  # Maret 2024
    r"|\d{4}-\d{2}-\d{2}"  # 2016-05-07
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"  # 7/5/2016
    r")\s*[)\]]?\.?$",
    re.IGNORECASE,
)


def looks_like_date(text: str) -> bool:
    """A line holding only a date: `(7 May 2016)`, `12 Maret 2024`, `May 7, 2016`, `2016-05-07`."""
    return bool(_DATE.match(text.strip()))


def dominant(pieces: Sequence[Piece]) -> str | None:
    """The language most of the pieces' characters are in."""
    count = {EN: 0, ID: 0}
    for p in pieces:
        count[p.lang] = count.get(p.lang, 0) + (p.end - p.start)
    if not count[EN] and not count[ID]:
        return None
    return EN if count[EN] > count[ID] else ID
