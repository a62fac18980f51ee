"""Invariants of the essay importer on essays composed at random (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignread.core.errors import InputError
from alignread.core.textio import MIN_LETTERS
from alignread.formats.essay import as_written
from alignread.store import pairfile
from alignread.workflows.import_essay import import_essay_text

# Sentence pairs written for these tests, and lines with no counterpart.
PAIRS = [
    ("The library opens at eight.", "Perpustakaan buka pukul delapan."),
    ("Children read in the garden after school.", "Anak-anak membaca di taman sepulang sekolah."),
    ("My teacher gave me an old dictionary.", "Guru saya memberi saya sebuah kamus lama."),
    ("We wrote our notes in small books.", "Kami menulis catatan di buku-buku kecil."),
    ("The rain stopped before noon.", "Hujan berhenti sebelum tengah hari."),
]
ALONE = [
    "Catatan Harian",
    "Tulisan ini saya buat untuk kelas membaca di kampung kami.",
    "Saya senang sekali ketika murid-murid mulai bertanya.",
    "(3 Maret 2024)",
    "A note for visitors: please return the books on time.",
]
BLANK_LINES = ["\n\n", "\n\u00a0\n", "\n \n", "\n\n\u00a0\n\n"]

piece = st.one_of(
    # a pair as a quote and its translation, in two paragraphs, maybe in parentheses
    st.tuples(st.just("pair"), st.sampled_from(PAIRS), st.booleans()),
    # a pair inside one paragraph: translation after the sentence
    st.tuples(st.just("inline"), st.sampled_from(PAIRS), st.booleans()),
    st.tuples(st.just("alone"), st.sampled_from(ALONE), st.just(False)),
)


def compose(parts, gaps) -> str:
    paragraphs = []
    for kind, value, wrapped in parts:
        if kind == "alone":
            paragraphs.append(value)
            continue
        en, ind = value
        ind = f"({ind})" if wrapped else ind
        if kind == "pair":
            paragraphs += [en, ind]
        else:
            paragraphs.append(f"{en} {ind}")
    out = paragraphs[0]
    for k, para in enumerate(paragraphs[1:]):
        out += gaps[k % len(gaps)] + para
    return out + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(piece, min_size=1, max_size=6), st.lists(st.sampled_from(BLANK_LINES), min_size=1, max_size=4))
def test_import_keeps_everything_in_order_and_round_trips(parts, gaps):
    text = compose(parts, gaps)
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:  # a date line alone is no essay
        with pytest.raises(InputError, match="too few letters"):
            import_essay_text(text, "random.txt")
        return
    pair = import_essay_text(text, "random.txt")
    # Written back exactly, and valid and lossless through the file format.
    assert as_written(pair) == text
    saved = pairfile.dumps(pair)
    assert pairfile.loads(saved) == pair
    # Every sentence of both sides in exactly one bead, in order.
    for side, ids in (("en", [i for b in pair.beads for i in b.en]), ("id", [i for b in pair.beads for i in b.ind])):
        assert ids == list(range(len(pair.side(side).sentences)))
    # Every piece of the file is somewhere on one side.
    for kind, value, _ in parts:
        texts = [value] if kind == "alone" else list(value)
        for t in texts:
            assert t in pair.en.text or t in pair.ind.text
