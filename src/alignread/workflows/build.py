"""From two texts to an aligned `TextPair`: segmentation, language checks, alignment.

The way a text takes: `segment` (the NLP backend: paragraphs, sentences, lemmas) ->
`check_language` -> `align_texts` (segmentation and alignment together,
`alignread.align.joint`: the bead search, then doubtful stretches solved again over
pieces of sentences, keeping the boundaries the other language confirms) -> a `TextPair`
with its provenance. `build_pair` does all of it for two texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

from alignread import __version__
from alignread.align.aligner import DEFAULT, AlignerConfig, align_sentences
from alignread.core.errors import InputError
from alignread.core.model import Metadata, Text, TextPair
from alignread.core.sides import language_name
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


def align_texts(
    en: Text,
    ind: Text,
    config: AlignerConfig = DEFAULT,
    meta: Metadata | None = None,
    nlp: NlpSpec | None = None,
    lemmas: tuple[Mapping[str, str] | None, Mapping[str, str] | None] = (None, None),
) -> TextPair:
    """Align two segmented texts into a new `TextPair`."""
    if not en.sentences:
        raise InputError(en.file or "English text", "has no sentences after segmentation")
    if not ind.sentences:
        raise InputError(ind.file or "Indonesian text", "has no sentences after segmentation")
    if config.resegment and (nlp is None or nlp.backend != "lines"):
        # Segmentation and alignment together: boundaries the other language confirms.
        from alignread.align.joint import align_texts as align_jointly

        en, ind, beads = align_jointly(en, ind, config, lemmas)
    else:
        # Sentences given one a line are the user's own: they are not split.
        beads = align_sentences(
            [s.text for s in en.sentences],
            [s.text for s in ind.sentences],
            config,
            [s.paragraph for s in en.sentences],
            [s.paragraph for s in ind.sentences],
            lemmas,
        )
    nlp = nlp or NlpSpec()
    provenance = (
        ("aligner", config.describe()),
        ("nlp", nlp.describe()),
        ("settings", settings_digest(config, nlp)),
    )
    return TextPair(en, ind, meta or Metadata(), tuple(beads), provenance=provenance)


def build_pair(
    en_text: str,
    ind_text: str,
    *,
    en_file: str = "",
    ind_file: str = "",
    meta: Metadata | None = None,
    config: AlignerConfig = DEFAULT,
    nlp: NlpSpec | None = None,
    check_languages: bool = True,
    progress: StepCallback | None = None,
) -> TextPair:
    """Segment both texts, check their languages and align them."""
    report = progress or (lambda _: None)
    check_plain_text(en_text, en_file or "English text")
    check_plain_text(ind_text, ind_file or "Indonesian text")
    report("segmenting English")
    en, en_lemmas = segment_with_lemmas(en_text, "en", nlp, en_file)
    report("segmenting Indonesian")
    ind, ind_lemmas = segment_with_lemmas(ind_text, "id", nlp, ind_file)
    if check_languages:
        check_language(en, "en", en_file or "English text")
        check_language(ind, "id", ind_file or "Indonesian text")
    report("aligning")
    pair = align_texts(en, ind, config, meta, nlp, (en_lemmas, ind_lemmas))
    report("done")
    return pair
