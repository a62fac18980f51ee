"""Texts built by hand for tests: sentences joined by spaces, paragraphs by blank lines."""

from __future__ import annotations

from pathlib import Path

from alignread.core.model import Paragraph, Sentence, Text
from tests.paths import CORPORA

# The bundled essays a batch test turns into a corpus.
ESSAYS = ("word-of-mouth", "persuasion", "slow-reading", "marketing-and-sales")


def rotated_corpus(folder: Path, copies: int) -> Path:
    """A corpus folder of `copies` copies of each bundled essay, one sentence a line (so
    `--nlp lines` starts in a fraction of a second), each copy's lines rotated by its
    number, so no two documents, and no two outputs, are alike."""
    folder.mkdir()
    for k in range(copies):
        for name in ESSAYS:
            for side in ("en", "id"):
                text = (CORPORA / f"{name}.{side}.txt").read_text(encoding="utf-8")
                lines = [line for line in text.replace(". ", ".\n").splitlines() if line.strip()]
                rotated = "\n".join(lines[k:] + lines[:k]) + "\n"
                (folder / f"{name}-{k}.{side}.txt").write_text(rotated, encoding="utf-8")
    return folder


def make_text(lang: str, paragraphs: list[list[str]], file: str = "") -> Text:
    """A text whose paragraphs are the given sentences joined by spaces."""
    text = ""
    paras, sents = [], []
    for p, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
        p_start = len(text)
        for k, sentence in enumerate(paragraph):
            if k:
                text += " "
            sents.append(Sentence(len(sents), len(text), len(text) + len(sentence), sentence, p))
            text += sentence
        paras.append(Paragraph(p, p_start, len(text)))
    return Text(lang, text + "\n", tuple(paras), tuple(sents), file)


# Short sentence pairs written for the tests, each a clause that can stand alone or be
# joined into a longer sentence (lowercase, without a full stop).
CLAUSES = [
    ("the farmer sold rice at the market", "petani menjual beras di pasar"),
    ("the teacher read a book to the children", "guru membacakan buku untuk anak-anak"),
    ("the doctor visited a patient in the hospital", "dokter mengunjungi pasien di rumah sakit"),
    ("the fisherman caught fish in the sea", "nelayan menangkap ikan di laut"),
    ("the driver parked the bus in the city", "sopir memarkir bus di kota"),
    ("the student opened the library door", "mahasiswa membuka pintu perpustakaan"),
    ("the baker baked bread in the morning", "tukang roti memanggang roti pada pagi hari"),
    ("the police chased a thief along the street", "polisi mengejar pencuri di sepanjang jalan"),
    ("the mother cooked cake in the kitchen", "ibu memasak kue di dapur"),
    ("the father washed the car in the garage", "ayah mencuci mobil di garasi"),
    ("the singer sang a song on the stage", "penyanyi menyanyikan lagu di panggung"),
    ("the nurse gave medicine to the old man", "perawat memberikan obat kepada lelaki tua"),
    ("the soldier guarded the bridge at night", "tentara menjaga jembatan pada malam hari"),
    ("the pilot flew the plane over the mountain", "pilot menerbangkan pesawat di atas gunung"),
    ("the writer sent a letter to his friend", "penulis mengirim surat kepada temannya"),
    ("the child planted a tree in the garden", "anak itu menanam pohon di kebun"),
    ("the workers built a new school", "para pekerja membangun sekolah baru"),
    ("the president opened the meeting in the palace", "presiden membuka rapat di istana"),
    ("the girl bought flowers for her grandmother", "gadis itu membeli bunga untuk neneknya"),
    ("the boy lost his shoes at the beach", "anak laki-laki itu kehilangan sepatunya di pantai"),
    ("the rain flooded the rice fields", "hujan membanjiri sawah"),
    ("the farmers sold their cattle before the harvest", "para petani menjual ternak mereka sebelum panen"),
    ("the minister visited the port on Monday", "menteri mengunjungi pelabuhan pada hari Senin"),
    ("the museum closed its doors for a week", "museum menutup pintunya selama seminggu"),
]


def sentence(clause: str, end: str = ".") -> str:
    """A clause as a sentence of its own: capitalised, with a full stop."""
    return clause[0].upper() + clause[1:] + end


def joined(clauses: list[str]) -> str:
    """Clauses as one long sentence: `A, b, c and d.`"""
    if len(clauses) == 1:
        return sentence(clauses[0])
    return sentence(", ".join(clauses[:-1]) + " and " + clauses[-1])
