"""Evaluating the aligner on a folder of gold alignments (`alignread eval`).

A gold folder holds, per document, `<doc>.en.sents` and `<doc>.id.sents` (one sentence a
line) and `<doc>.gold` (Vecalign's bead lines). Each document is aligned and scored as
Vecalign and Bertalign report it (`alignread.align.metrics`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from alignread.align.aligner import DEFAULT, align_sentences
from alignread.align.metrics import Scores, score_documents
from alignread.core.model import BeadIds
from alignread.formats.beads import format_beads, read_beads
from alignread.nlp import NlpSpec, get_pipeline
from alignread.store.atomic import atomic_write_text
from alignread.store.output_policy import check_output, check_output_folder


@dataclass(frozen=True, slots=True)
class DocumentResult:
    name: str
    gold: list[BeadIds]
    test: list[BeadIds]
    scores: list[float]  # the aligner's confidence per test bead
    seconds: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    folder: str
    documents: list[DocumentResult]
    scores: Scores
    seconds: float  # alignment time, summed over documents


def gold_documents(folder: str | Path) -> list[str]:
    """Names of the documents in a gold folder: `<doc>.gold` with both `.sents` files."""
    root = Path(folder)
    names = []
    for gold in sorted(root.glob("*.gold")):
        doc = gold.name[: -len(".gold")]
        if (root / f"{doc}.en.sents").is_file() and (root / f"{doc}.id.sents").is_file():
            names.append(doc)
    return names


def read_sentences(path: Path) -> list[str]:
    """One sentence a line (a final newline is not an extra sentence)."""
    return path.read_text(encoding="utf-8").splitlines()


def sentence_lemmas(sentences: list[str], lang: str, nlp: NlpSpec | None) -> Mapping[str, str] | None:
    """The NLP backend's word -> lemma map for given sentences (each its own paragraph)."""
    return get_pipeline(nlp).segment("\n\n".join(s.replace("\n", " ") for s in sentences), lang).lemma_map


def evaluate_folder(
    folder: str | Path, config=None, save: str | Path | None = None, progress=None, nlp=None
) -> EvalReport:
    """Align every gold document of `folder` and score it; `save` writes `<doc>.beads`.

    With `nlp` (an `NlpSpec`), the backend lemmatises the sentences first and the aligner
    uses its lemmas (time for that is not counted as alignment time).
    """
    config = config or DEFAULT
    root = Path(folder)
    out = _checked_save_folder(root, save) if save is not None else None
    results = []
    total = 0.0
    for name in gold_documents(root):
        en = read_sentences(root / f"{name}.en.sents")
        ind = read_sentences(root / f"{name}.id.sents")
        gold = read_beads(root / f"{name}.gold")
        lemmas = (sentence_lemmas(en, "en", nlp), sentence_lemmas(ind, "id", nlp)) if nlp else (None, None)
        t0 = time.perf_counter()
        beads = align_sentences(en, ind, config, lemmas=lemmas)
        dt = time.perf_counter() - t0
        total += dt
        test = [(b.en, b.ind) for b in beads]
        results.append(DocumentResult(name, gold, test, [b.score for b in beads], dt))
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            atomic_write_text(out / f"{name}.beads", format_beads(test))
        if progress is not None:
            progress(name)
    return EvalReport(str(root), results, score_documents((r.gold, r.test) for r in results), total)


def _checked_save_folder(root: Path, save: str | Path) -> Path:
    """The folder `--save` writes `<doc>.beads` to, checked before any document is aligned,
    as every output is (`alignread.store.output_policy`): a folder (made when the first
    file is written), and each `<doc>.beads` already in it a beads file, never a file of
    another kind or one of the gold folder's inputs."""
    out = check_output_folder(save)
    if out.is_dir():
        for name in gold_documents(root):
            inputs = [root / f"{name}.{ext}" for ext in ("en.sents", "id.sents", "gold")]
            check_output(out / f"{name}.beads", "beads", inputs)
    return out
