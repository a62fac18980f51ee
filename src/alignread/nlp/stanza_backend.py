"""The Stanza backend: Stanza's neural tokenizer and sentence splitter, and its lemmas.

One `stanza.Pipeline` per language, built on first use and kept for the process, with
those of tokenize, mwt, pos and lemma that the language's package has and that are on
disk. Whether a language has mwt is read from Stanza's `resources.json`, not assumed
(Indonesian `gsd` and `csui` have it: `bukunya` -> `buku` + `nya`). A folder holding only
a tokenizer is enough: sentences come out as usual and `Segmentation.lemmas` is None, as
with the spaCy backend's blank pipelines, so the aligner falls back to its lookup tables.

Models are only ever read from disk (`download_method=None`): from `stanza_dir` when
given, else `$STANZA_RESOURCES_DIR`, else Stanza's own default folder
(`~/.cache/stanza/<version>/resources` on Linux). Nothing here touches the network but
`download_models`, which only `alignread models download stanza` calls.

Stanza, and with it torch, is imported when a pipeline is first built, never when this
module is imported or a `StanzaPipeline` is made.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from alignread.core.errors import AlignreadError, InputError
from alignread.core.sides import language_name
from alignread.nlp.base import Segmentation, build_segmentation, lemmas_per_sentence, paragraph_spans, word_lemmas
from alignread.nlp.sentence_rules import join_false_splits, line_breaks_that_end_sentences, trim

__all__ = [
    "MissingModels",
    "StanzaModels",
    "StanzaPipeline",
    "download_command",
    "download_models",
    "find_models",
    "model_dir",
]

# What alignread runs, in pipeline order.
PROCESSORS = ("tokenize", "mwt", "pos", "lemma")
# What `download_models` asks `stanza.download` for. Not mwt: naming it for a language
# whose package has none makes the download fail, and Stanza adds mwt by itself wherever
# the package has one (`add_mwt` in stanza.resources.common).
DOWNLOAD_PROCESSORS = "tokenize,pos,lemma"

# With `mix_texts`, texts are gathered until their paragraphs add up to this many
# characters and then go through Stanza in one call.
BATCH_CHARS = 20_000

INSTALL_HINT = "pip install 'alignread[stanza]' (docs/stanza.md shows how to get a CPU-only torch first)"


def _not_installed(where: str) -> InputError:
    return InputError(where, f"Stanza is not installed; install it with: {INSTALL_HINT}")


def _import_stanza(where: str = "--nlp stanza") -> Any:
    try:
        import stanza
    except ImportError:
        raise _not_installed(where) from None
    return stanza


def model_dir(stanza_dir: str | None = None) -> str:
    """The folder Stanza models are read from and downloaded to."""
    if stanza_dir:
        return os.path.abspath(os.path.expanduser(stanza_dir))
    # Stanza reads the variable once, when it is imported; reading it here as well keeps
    # the two in step however late it is set.
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return os.path.abspath(os.path.expanduser(env))
    _import_stanza()
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return DEFAULT_MODEL_DIR


def download_command(langs: Sequence[str], stanza_dir: str | None = None) -> str:
    """The command that downloads the models of `langs` (into `stanza_dir` when given)."""
    command = "alignread models download stanza " + " ".join(langs)
    return command + (f" --stanza-dir {shlex.quote(stanza_dir)}" if stanza_dir else "")


class MissingModels(InputError):
    """Stanza models that are not on disk; the message ends with the command to run."""

    def __init__(self, langs: Sequence[str], folder: str, stanza_dir: str | None, details: Sequence[str]) -> None:
        self.langs = tuple(langs)
        self.folder = folder
        self.stanza_dir = stanza_dir
        self.details = tuple(details)
        which = " or ".join(f"{lang} ({language_name(lang)})" for lang in self.langs)
        why = "; ".join(dict.fromkeys(self.details))  # once each, in order
        elsewhere = "" if stanza_dir else "use --stanza-dir if they are in another folder, or "
        super().__init__(
            "--nlp stanza",
            f"no Stanza models for {which} in {folder} ({why}); "
            f"{elsewhere}download them with: {download_command(self.langs, stanza_dir)}",
        )


@dataclass(frozen=True, slots=True)
class StanzaModels:
    """The Stanza models on disk for one language: `(processor, package)` in pipeline order."""

    lang: str
    folder: str
    processors: tuple[tuple[str, str], ...]

    @property
    def has_lemmas(self) -> bool:
        return any(name == "lemma" for name, _ in self.processors)


def find_models(lang: str, stanza_dir: str | None = None, package: str = "default") -> StanzaModels:
    """The models of `lang` that are on disk, by Stanza's own layout; `InputError` if none.

    The layout is the one `stanza.download` writes: `resources.json` names the processors
    of each package (`packages.default` is what a plain download fetches), and the model of
    processor P from package K lives in `<folder>/<lang>/P/K.pt`, next to the files it
    depends on (pretrained vectors, character LMs). The tokenizer (and mwt, when the
    package has it) must be there; POS and lemma are used when they are.
    """
    folder = model_dir(stanza_dir)
    path = os.path.join(folder, "resources.json")
    try:
        with open(path, encoding="utf-8") as fh:
            resources = json.load(fh)
    except FileNotFoundError:
        raise MissingModels([lang], folder, stanza_dir, ["no resources.json"]) from None
    except (OSError, ValueError) as e:
        raise InputError(path, f"cannot read Stanza's list of models ({e})") from None
    code = lang
    entry = resources.get(code)
    seen = {code}
    while isinstance(entry, dict) and entry.get("alias") and entry["alias"] not in seen:
        code = entry["alias"]
        seen.add(code)
        entry = resources.get(code)
    if not isinstance(entry, dict) or not entry.get("tokenize"):
        raise MissingModels([lang], folder, stanza_dir, [f"resources.json has no tokenizer for {lang}"])
    packages = entry.get("packages") or {}
    chosen = packages.get(package)
    if chosen is None and package == "default":
        chosen = entry.get("default_processors")  # resources.json files before packages.default
    if not isinstance(chosen, dict):
        known = ", ".join(sorted(packages)) or "none"
        raise InputError(f"--nlp {lang}={package}",
                         f"Stanza has no package {package} for {lang} in {folder} (packages: {known})")
    found: list[tuple[str, str]] = []
    for processor in PROCESSORS:
        name = chosen.get(processor)
        if not isinstance(name, str) or (processor == "lemma" and name == "identity"):
            continue  # not in the package, or a lemmatizer that copies the word
        dependencies = (entry.get(processor) or {}).get(name, {}).get("dependencies") or []
        files = [os.path.join(code, processor, f"{name}.pt")]
        files += [os.path.join(code, d["model"], f"{d['package']}.pt") for d in dependencies]
        absent = [f for f in files if not os.path.isfile(os.path.join(folder, f))]
        if absent:
            if processor in ("tokenize", "mwt"):
                raise MissingModels([lang], folder, stanza_dir, [f"{absent[0]} is missing"])
            continue  # pos or lemma not downloaded: segment without them
        if processor == "lemma" and not any(p == "pos" for p, _ in found):
            continue  # Stanza's lemmatizers read the POS tags
        found.append((processor, name))
    return StanzaModels(code, folder, tuple(found))


def download_models(langs: Sequence[str], stanza_dir: str | None = None) -> str:
    """Download the tokenize, mwt, pos and lemma models of `langs`; return the folder.

    The only function in alignread that uses the network. Stanza skips files it already
    has (checked by md5) and shows its own progress bars.
    """
    stanza = _import_stanza("models download stanza")
    folder = model_dir(stanza_dir)
    for lang in langs:
        try:
            stanza.download(lang, model_dir=folder, processors=DOWNLOAD_PROCESSORS, logging_level="INFO")
        except ValueError as e:  # an unknown language or package
            raise InputError(f"models download stanza {lang}", str(e)) from None
        except OSError as e:  # requests' errors are OSErrors too
            raise AlignreadError(f"models download stanza {lang}", f"download failed: {e}") from None
    return folder


@dataclass(frozen=True, slots=True)
class _Plan:
    """One text cut into the chunks Stanza sees: paragraphs, split again at heading lines."""

    text: str
    paragraphs: list[tuple[int, int]]
    chunks: list[tuple[int, int, int]]  # (start, end, paragraph index)

    @classmethod
    def of(cls, text: str) -> _Plan:
        paragraphs = paragraph_spans(text)
        chunks = []
        for k, (start, end) in enumerate(paragraphs):
            # Stanza knows nothing of layout: a heading line without a full stop would run
            # into the sentence below it, so it goes in as a chunk of its own.
            pos = start
            for cut in [*line_breaks_that_end_sentences(text, start, end), end]:
                s, e = trim(text, pos, cut)
                if e > s:
                    chunks.append((s, e, k))
                pos = cut + 1
        return cls(text, paragraphs, chunks)


class StanzaPipeline:
    """Segments and lemmatises texts with Stanza.

    `models` maps a language to a Stanza package name (`{"id": "csui"}`); a language not
    in it uses the `default` package. `stanza_dir` is the models folder (see `model_dir`).

    Each text's paragraphs go through Stanza in one call. Different texts share a call
    only with `mix_texts=True`: Stanza's tokenizer pads a batch to its longest paragraph,
    and the padding can tip a close call (a tiny model's `affairs.` became `affairs` + `.`
    beside a long paragraph), so a text's sentences would depend on the texts processed
    with it, and sentence ids anchor annotations. Mixing was about twice as fast on 60
    news articles (`benchmarks/segment_enid.py --nlp stanza --mix-texts`).
    """

    name = "stanza"

    def __init__(
        self, models: dict[str, str] | None = None, stanza_dir: str | None = None, *, mix_texts: bool = False
    ) -> None:
        self.models = dict(models or {})
        self.stanza_dir = stanza_dir
        self.mix_texts = mix_texts
        self._found: dict[str, StanzaModels] = {}
        self._nlps: dict[str, Any] = {}

    def find(self, lang: str) -> StanzaModels:
        """The models `lang` will use; raises `InputError` when they are not on disk."""
        if lang not in self._found:
            # Said before any missing model: downloading needs Stanza too. find_spec looks
            # without importing, so torch is still not loaded.
            if importlib.util.find_spec("stanza") is None:
                raise _not_installed("--nlp stanza")
            self._found[lang] = find_models(lang, self.stanza_dir, self.models.get(lang, "default"))
        return self._found[lang]

    def require(self, langs: Iterable[str]) -> None:
        """Check that the models of every language in `langs` are on disk.

        Raises one `MissingModels` naming all the missing languages, so that a user who
        has none downloads both at once rather than learning of the second afterwards.
        """
        missing: list[MissingModels] = []
        for lang in langs:
            try:
                self.find(lang)
            except MissingModels as e:
                missing.append(e)
        if len(missing) == 1:
            raise missing[0]
        if missing:
            langs_missing = [lang for e in missing for lang in e.langs]
            details = [d for e in missing for d in e.details]
            raise MissingModels(langs_missing, missing[0].folder, self.stanza_dir, details)

    def nlp(self, lang: str) -> Any:
        """The `stanza.Pipeline` for `lang`, built once per process."""
        if lang not in self._nlps:
            found = self.find(lang)
            stanza = _import_stanza()
            try:
                self._nlps[lang] = stanza.Pipeline(
                    found.lang,
                    dir=found.folder,
                    package=None,  # only the processors below, not the package's parser and NER
                    processors=dict(found.processors),
                    download_method=None,
                    logging_level="WARN",
                )
            except FileNotFoundError as e:
                raise MissingModels([lang], found.folder, self.stanza_dir,
                                    [f"Stanza could not open {e.filename or e}"]) from None
        return self._nlps[lang]

    def segment(self, text: str, lang: str) -> Segmentation:
        return next(self.segment_many([text], lang))

    def segment_many(self, texts: Iterable[str], lang: str) -> Iterator[Segmentation]:
        nlp = self.nlp(lang)
        lemmatize = self.find(lang).has_lemmas
        batch: list[_Plan] = []
        size = 0
        for text in texts:
            plan = _Plan.of(text)
            batch.append(plan)
            size += sum(e - s for s, e, _ in plan.chunks)
            if not self.mix_texts or size >= BATCH_CHARS:
                yield from _run(nlp, batch, lang, lemmatize)
                batch, size = [], 0
        if batch:
            yield from _run(nlp, batch, lang, lemmatize)


def _run(nlp: Any, plans: list[_Plan], lang: str, lemmatize: bool) -> Iterator[Segmentation]:
    """Send every chunk of `plans` through Stanza in one call and build their segmentations."""
    chunks = [plan.text[s:e] for plan in plans for s, e, _ in plan.chunks]
    # One Document per chunk: Stanza joins them with blank lines, which it never
    # crosses, and gives each back with offsets into its own text.
    docs = iter(nlp.bulk_process(chunks) if chunks else [])
    for plan in plans:
        text = plan.text
        spans: list[list[tuple[int, int]]] = [[] for _ in plan.paragraphs]
        tokens: list[tuple[int, str, str]] = []  # (offset, word, lemma) of word tokens
        for c_start, c_end, k in plan.chunks:
            doc = next(docs)
            raw = []
            for sentence in doc.sentences:
                first, last = sentence.tokens[0], sentence.tokens[-1]
                raw.append((c_start + first.start_char, c_start + last.end_char))
                if lemmatize:
                    tokens.extend(
                        (c_start + token.start_char, word.text.lower(), (word.lemma or word.text).lower())
                        for token in sentence.tokens
                        for word in token.words
                        if _is_word(word)
                    )
            spans[k].extend(join_false_splits(text, _covering(text, raw, c_start, c_end), lang))
        lemmas = lemmas_per_sentence(tokens, spans) if lemmatize else None
        yield build_segmentation(text, plan.paragraphs, spans, lemmas, word_lemmas(tokens) if lemmatize else None)


def _is_word(word: Any) -> bool:
    return word.upos != "PUNCT" and any(ch.isalnum() for ch in word.text)


def _covering(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Stanza's sentence spans in the chunk `text[start:end]`, checked and made to cover it.

    Stanza reads a few characters as spaces that Python does not (C1 controls such as
    U+0080, zero-width spaces) and puts them in no token. Each sentence is widened to the
    next one, trimmed, and the first starts at the chunk, so that every character the
    reader shows belongs to a sentence. Offsets outside the chunk or out of order have
    never been seen; if a Stanza version ever gives them, failing beats aligning
    sentences whose text is not what the user wrote.
    """
    checked = []
    pos = start
    for s, e in spans:
        if not pos <= s <= e <= end:
            raise AlignreadError(
                "--nlp stanza",
                f"Stanza gave a sentence at characters {s}-{e}, outside {pos}-{end} where it should be; "
                "please report this with the text",
            )
        pos = e
        s, e = trim(text, s, e)
        if e > s:
            checked.append(s)
    if not checked:
        return [(start, end)]  # the chunk is trimmed and not empty
    checked[0] = start
    return [trim(text, s, e) for s, e in zip(checked, checked[1:] + [end])]
