"""From two texts to an aligned `TextPair`: segmentation, language checks, alignment.

The way a text takes: `segment` (the NLP backend: paragraphs, sentences, lemmas) ->
`check_language` -> `align_texts` (segmentation and alignment together,
`alignread.align.joint`: the bead search, then doubtful stretches solved again over
pieces of sentences, keeping the boundaries the other language confirms; a book whose
two sides both have chapters is aligned chapter pair by chapter pair instead,
`alignread.align.chapters`) -> a `TextPair` with its provenance. `build_pair` does all of it for two texts.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from bisect import bisect_left
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from alignread import __version__
from alignread.align.aligner import DEFAULT, AlignerConfig, align_sentence_objects, lexicon_of
from alignread.align.chapters import align_chapters, merge_leftovers, sketch
from alignread.core.errors import InputError
from alignread.core.model import Bead, BeadIds, Metadata, Text, TextPair
from alignread.core.sides import language_name
from alignread.core.structure import SourceText, with_structure
from alignread.core.textio import check_plain_text
from alignread.nlp import NlpSpec, get_pipeline

# Told of each step of a long job ("segmenting English", "aligning", ...).
StepCallback = Callable[[str], None]


def settings_digest(config: AlignerConfig, nlp: NlpSpec) -> str:
    """A short digest of everything that decides the beads, for provenance and resuming."""
    extra = ""
    if config.extra_lexicon is not None:
        extra = str(sorted((k, sorted(v)) for k, v in config.extra_lexicon.pairs.items()))
    raw = f"{__version__}|{config!r}|{nlp.describe()}|{extra}"
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def check_language(text: Text, expected: str, where: str) -> None:
    """Refuse a text that is clearly in the other language (a swapped or wrong file)."""
    from alignread.nlp.langid import dominant_language

    guess = dominant_language([s.text for s in text.sentences])
    if guess.lang not in ("und", expected) and guess.confidence >= 0.8:
        raise InputError(where, f"looks {language_name(guess.lang)}, expected {language_name(expected)}")


def check_text_language(text: str, expected: str, where: str) -> None:
    """`check_language` on a text not yet segmented (its lines), to refuse a wrong file
    before any slow work; the same rule."""
    from alignread.nlp.langid import dominant_language

    guess = dominant_language([line for line in text[:200_000].splitlines() if line.strip()])
    if guess.lang not in ("und", expected) and guess.confidence >= 0.8:
        raise InputError(where, f"looks {language_name(guess.lang)}, expected {language_name(expected)}")


def segment(text: str, lang: str, nlp: NlpSpec | None = None, file: str = "") -> Text:
    """Paragraphs and sentences of one text with the chosen NLP backend."""
    return segment_with_lemmas(text, lang, nlp, file)[0]


def segment_with_lemmas(
    text: str, lang: str, nlp: NlpSpec | None = None, file: str = ""
) -> tuple[Text, Mapping[str, str] | None]:
    """The segmented text and the backend's word -> lemma map (None without lemmas)."""
    seg = get_pipeline(nlp).segment(text, lang)
    return seg.to_text(lang, text, file), seg.lemma_map


# Below this many sentences a side, a second process costs more than it saves.
PARALLEL_SENTENCES = 5_000


def forked_pool(jobs: int) -> ProcessPoolExecutor | None:
    """Worker processes that inherit this one's memory (the texts, spaCy, the lexicon), for
    the halves of a book; None with one job, or where fork is not how processes start."""
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("fork"))


# What a forked worker aligns from: set before the pool forks, so nothing big is pickled.
_SHARED: dict[str, Any] = {}


def align_texts(
    en: Text,
    ind: Text,
    config: AlignerConfig = DEFAULT,
    meta: Metadata | None = None,
    nlp: NlpSpec | None = None,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
    jobs: int = 1,
) -> TextPair:
    """Align two segmented texts into a new `TextPair`."""
    if not en.sentences:
        raise InputError(en.file or "English text", "has no sentences after segmentation")
    if not ind.sentences:
        raise InputError(ind.file or "Indonesian text", "has no sentences after segmentation")
    chapter_pairs: tuple[BeadIds, ...] = ()
    if len(en.chapters) >= 2 and len(ind.chapters) >= 2:
        # A book: its chapters paired first, then the sentences inside each pair.
        chapter_pairs = pair_chapters(en, ind, config)
        beads = align_by_chapter(en, ind, chapter_pairs, config, lemmas, jobs)
    elif config.resegment and (nlp is None or nlp.backend != "lines"):
        # Segmentation and alignment together: boundaries the other language confirms.
        from alignread.align.joint import align_texts as align_jointly

        en, ind, beads = align_jointly(en, ind, config, lemmas)
    else:
        # Sentences given one a line are the user's own: they are not split.
        beads = align_sentence_objects(en.sentences, ind.sentences, config, lemmas)
    nlp = nlp or NlpSpec()
    provenance = (
        ("aligner", config.describe()),
        ("nlp", nlp.describe()),
        ("settings", settings_digest(config, nlp)),
    )
    return TextPair(en, ind, meta or Metadata(), tuple(beads), provenance=provenance, chapter_pairs=chapter_pairs)


def chapter_sentences(text: Text) -> list[range]:
    """The sentence ids of each chapter of `text` (a sentence belongs where it starts)."""
    starts = [s.start for s in text.sentences]
    bounds = [bisect_left(starts, c.start) for c in text.chapters] + [len(starts)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:])]


def pair_chapters(en: Text, ind: Text, config: AlignerConfig = DEFAULT) -> tuple[BeadIds, ...]:
    """Which chapters of the two sides translate each other (`alignread.align.chapters`)."""
    lexicon = lexicon_of(config)
    sketches = {}
    for side, text in (("en", en), ("id", ind)):
        sentences = text.sentences
        sketches[side] = [
            sketch(chapter.title, [sentences[i].text for i in ids], side, lexicon)
            for chapter, ids in zip(text.chapters, chapter_sentences(text))
        ]
    return tuple(align_chapters(sketches["en"], sketches["id"]))


# The score of the sentences of a chapter with no counterpart: sure enough not to be
# marked for checking one by one (the chapter is), as the chapter alignment found them.
MISSING_CHAPTER_SCORE = 0.9


def align_by_chapter(
    en: Text,
    ind: Text,
    chapter_pairs: tuple[BeadIds, ...],
    config: AlignerConfig = DEFAULT,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
    jobs: int = 1,
) -> list[Bead]:
    """Sentence beads aligned inside each chapter pair, in order; with `jobs` > 1 a long
    book's chapter pairs are shared out between processes (each takes a run of them)."""
    if jobs < 2 or len(en.sentences) + len(ind.sentences) < 2 * PARALLEL_SENTENCES:
        return _align_chapters_range(en, ind, chapter_pairs, config, lemmas)
    # Runs of chapter pairs with about the same number of sentences each.
    ranges = chapter_sentences(en)
    sizes = [sum(len(ranges[c]) for c in pair[0]) + 1 for pair in chapter_pairs]
    total, acc, cuts = sum(sizes), 0, [0]
    for k, size in enumerate(sizes):
        acc += size
        if acc >= total * len(cuts) / jobs and len(cuts) < jobs:
            cuts.append(k + 1)
    cuts.append(len(chapter_pairs))
    _SHARED.update(en=en, ind=ind, pairs=chapter_pairs, config=config, lemmas=lemmas)
    pool = forked_pool(jobs)
    try:
        if pool is None:
            return _align_chapters_range(en, ind, chapter_pairs, config, lemmas)
        with pool:
            futures: list[Future] = [pool.submit(_align_shared, a, b) for a, b in zip(cuts[1:], cuts[2:])]
            beads = _align_chapters_range(en, ind, chapter_pairs[: cuts[1]], config, lemmas)
            for future in futures:
                beads += future.result()
        return beads
    finally:
        _SHARED.clear()


def _align_shared(start: int, end: int) -> list[Bead]:
    s = _SHARED
    return _align_chapters_range(s["en"], s["ind"], s["pairs"][start:end], s["config"], s["lemmas"])


def _align_chapters_range(
    en: Text,
    ind: Text,
    chapter_pairs: tuple[BeadIds, ...],
    config: AlignerConfig,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None],
) -> list[Bead]:
    en_ranges, ind_ranges = chapter_sentences(en), chapter_sentences(ind)
    beads: list[Bead] = []
    for en_chapters, ind_chapters in chapter_pairs:
        e = [i for c in en_chapters for i in en_ranges[c]]
        d = [i for c in ind_chapters for i in ind_ranges[c]]
        if not e or not d:
            beads += [Bead((i,), (), MISSING_CHAPTER_SCORE) for i in e]
            beads += [Bead((), (i,), MISSING_CHAPTER_SCORE) for i in d]
            continue
        found = align_sentence_objects([en.sentences[i] for i in e], [ind.sentences[i] for i in d], config, lemmas)
        found = merge_leftovers(found, [len(en.sentences[i].text) for i in e], [len(ind.sentences[i].text) for i in d])
        beads += [Bead(tuple(e[k] for k in b.en), tuple(d[k] for k in b.ind), b.score, b.status) for b in found]
    return beads


def build_pair(
    en_text: str | SourceText,
    ind_text: str | SourceText,
    *,
    en_file: str = "",
    ind_file: str = "",
    meta: Metadata | None = None,
    config: AlignerConfig = DEFAULT,
    nlp: NlpSpec | None = None,
    check_languages: bool = True,
    progress: StepCallback | None = None,
    jobs: int = 1,
) -> TextPair:
    """Segment both texts (plain text, or the text and structure an input format gave),
    check their languages and align them, chapter by chapter when both have chapters.

    With `jobs` > 1 a long text is worked on in that many processes (the Indonesian side
    segmented while the English is, a book's chapters shared out): for a command line,
    not for a program with threads of its own, since the workers are forked.
    """
    report = progress or (lambda _: None)
    en_source = en_text if isinstance(en_text, SourceText) else SourceText(en_text)
    ind_source = ind_text if isinstance(ind_text, SourceText) else SourceText(ind_text)
    check_plain_text(en_source.text, en_file or "English text")
    check_plain_text(ind_source.text, ind_file or "Indonesian text")
    # About 200 characters a sentence: a long text's Indonesian side is segmented in a
    # second process while this one segments the English.
    pool = forked_pool(jobs) if len(en_source.text) + len(ind_source.text) > 200 * PARALLEL_SENTENCES else None
    if pool is None:
        report("segmenting English")
        en, en_lemmas = segment_with_lemmas(en_source.text, "en", nlp, en_file)
        report("segmenting Indonesian")
        ind, ind_lemmas = segment_with_lemmas(ind_source.text, "id", nlp, ind_file)
    else:
        report("segmenting both texts")
        with pool:
            other = pool.submit(segment_with_lemmas, ind_source.text, "id", nlp, ind_file)
            try:
                en, en_lemmas = segment_with_lemmas(en_source.text, "en", nlp, en_file)
            except BaseException:
                other.cancel()
                raise
            ind, ind_lemmas = other.result()
    en = with_structure(en, en_source)
    ind = with_structure(ind, ind_source)
    if meta is None or not meta.title:
        from dataclasses import replace

        title = en_source.title or ind_source.title
        if title:
            meta = replace(meta or Metadata(), title=title)
    if check_languages:
        check_language(en, "en", en_file or "English text")
        check_language(ind, "id", ind_file or "Indonesian text")
    report("aligning")
    pair = align_texts(en, ind, config, meta, nlp, (en_lemmas, ind_lemmas), jobs)
    report("done")
    return pair
