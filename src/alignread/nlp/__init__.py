"""NLP backends (spaCy, Stanza) behind one small interface; see `base.Pipeline`."""

from __future__ import annotations

from dataclasses import dataclass, field

from alignread.core.errors import InputError
from alignread.nlp.base import Pipeline, Segmentation, paragraph_spans

__all__ = ["NlpSpec", "Pipeline", "Segmentation", "get_pipeline", "paragraph_spans", "parse_nlp_options"]

BACKENDS = ("spacy", "stanza", "lines")


@dataclass(frozen=True, slots=True)
class NlpSpec:
    """Which backend to use, and per-language models (`en=en_core_web_sm`)."""

    backend: str = "spacy"
    models: tuple[tuple[str, str], ...] = field(default=())
    stanza_dir: str | None = None

    def describe(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in self.models)
        return self.backend + (f"({extra})" if extra else "")


def parse_nlp_options(values: tuple[str, ...] | list[str], stanza_dir: str | None = None) -> NlpSpec:
    """Parse repeated `--nlp` values: `spacy`, `stanza`, `lines`, `en=<name-or-path>`."""
    backend = "spacy"
    models: dict[str, str] = {}
    for value in values:
        if "=" in value:
            lang, _, model = value.partition("=")
            if lang not in ("en", "id") or not model:
                raise InputError(f"--nlp {value}", "expected LANG=MODEL with LANG en or id")
            models[lang] = model
        elif value in BACKENDS:
            backend = value
        else:
            raise InputError(f"--nlp {value}", f"unknown NLP backend (choose from {', '.join(BACKENDS)})")
    return NlpSpec(backend, tuple(sorted(models.items())), stanza_dir)


_CACHE: dict[NlpSpec, Pipeline] = {}


def get_pipeline(spec: NlpSpec | None = None) -> Pipeline:
    """The pipeline for `spec`, built once per process and reused."""
    spec = spec or NlpSpec()
    if spec not in _CACHE:
        if spec.backend == "stanza":
            from alignread.nlp.stanza_backend import StanzaPipeline

            _CACHE[spec] = StanzaPipeline(dict(spec.models), spec.stanza_dir)
        elif spec.backend == "lines":
            from alignread.nlp.lines_backend import LinesPipeline

            _CACHE[spec] = LinesPipeline()
        else:
            from alignread.nlp.spacy_backend import SpacyPipeline

            _CACHE[spec] = SpacyPipeline(dict(spec.models))
    return _CACHE[spec]
