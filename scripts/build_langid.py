"""Build ``src/alignread/nlp/data/langid.json.gz``, the model of ``alignread.nlp.langid``.

Run it from the repository root with the project's virtualenv::

    PYTHONPATH=src python scripts/build_langid.py

The output is deterministic: the same inputs give the same bytes (sorted keys, a gzip
header without a timestamp), so a rebuild shows in a diff only when something changed.

Where every piece comes from
----------------------------
* English lexicon: the ``en`` tables of spacy-lookups-data (MIT licence; Explosion):
  ``lemma_lookup`` (keys and values), ``lemma_index`` and ``lemma_exc``, which come from
  WordNet 3.0 (Princeton's WordNet licence, a permissive BSD-style licence, shipped as
  ``en_license.txt`` in that package), plus the ``FREQUENT_EN`` most frequent lower-case
  alphabetic words of ``lexeme_prob`` (English word log-probabilities in the same MIT
  package). Their ranks grade how strongly a word counts, and a word that ``lexeme_prob``
  sees mostly capitalised (``Seth``, ``London``) is taken for a name and counts little.
* Indonesian lexicon: the ``id`` tables of spacy-lookups-data: ``lemma_lookup`` (keys and
  values: ~37k inflected forms of ~8.6k roots, loanwords included) and ``lexeme_norm``
  (informal spellings such as ``yg``, ``gak`` and their standard forms).
* Function words, numerals, months, days and a few very common words of both languages:
  the lists below, written by hand for this project (no licence beyond the project's own).
* The weights below were set by hand; they were checked against the evaluation sentences
  in ``shared/enid`` (the benchmark), which no list or count is taken from.
* Character n-grams: counted over the two lexicons' word types, one count per word (an
  Indonesian root ``ID_ROOT_WEIGHT`` counts).

Nothing is derived from the evaluation texts in ``shared/enid`` or ``shared/seeds``.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.nlp import langid
from alignread.nlp.langid import SCHEMA_VERSION, char_ngrams

MODEL_PATH = Path(langid.MODEL_PATH)

# How many of lexeme_prob's most frequent words count as English. Past about 40,000 the
# list (from web comments) fills with Indonesian, Spanish and Malay words.
FREQUENT_EN = 40_000
# Words this frequent (rank in lexeme_prob) count more.
COMMON_EN = 20_000

# An n-gram must occur in this many word types to be kept; rarer ones are noise.
NGRAM_MIN_COUNT = 3
# Add-alpha smoothing of n-gram probabilities.
NGRAM_ALPHA = 0.5
# Indonesian roots count this many times in the n-gram counts: the lemma table lists ~4
# affixed forms per root, so without it the model knows me-/-kan better than plain roots
# and takes an unknown root (pasal, majelis) for English.
ID_ROOT_WEIGHT = 3

# Evidence (nats) of a word found in one lexicon only, before the character model nudges it.
EN_ONLY_COMMON = 0.7
EN_ONLY = 0.5
ID_ONLY = -0.9
# Character-model weight for words in the lexicons, and the ranges scores are kept to:
# English content words count less than Indonesian ones (Indonesian borrows English words).
LEXICON_CHAR_WEIGHT = 0.08
EN_ONLY_RANGE = (0.1, 0.8)
EN_FREQUENT_ONLY_RANGE = (-0.6, 0.8)  # lexeme_prob words only: the char model may overrule
ID_ONLY_RANGE = (-1.5, -0.3)
SHARED_RANGE = (-0.3, 0.3)
# A word that lexeme_prob sees capitalised more than e times as often as in lower case is a
# name (seth, london, welsh) and says little about the language around it.
NAME_CASE_RATIO = 1.0
NAME_FACTOR = 0.3

# Function words and other closed-class words, by strength of evidence (nats).
EN_FUNCTION_WORDS: dict[float, str] = {
    4.0: """
        the of and to is are was were that this with for from by have has not which would
        will
        """,
    3.0: """
        been being be these those it its at on in an but or who whom whose what when where why
        how there their theirs they them he she his her him we our ours you your yours my
        should could shall must might does did than into about after before
        because while also only very more most such some any each every other said says
        between during through against among without within upon whether although though
        however since unless across toward towards itself himself herself themselves
        myself ourselves yourself would've isn't aren't wasn't weren't don't doesn't didn't
        can't couldn't won't wouldn't shouldn't hasn't haven't hadn't it's that's there's
        i'm i've i'd i'll you're we're they're he's she's let's according
        """,
    2.5: """
        a can do may
        """,
    2.0: """
        i no yes up out so if as just still even both either neither nor yet again already
        never always often here now today yesterday tomorrow over under off down
        one two three four five six seven eight nine ten eleven twelve twenty thirty forty
        fifty hundred thousand million billion first second third
        year years people new many much well like make made get got go went take took say
        told time day days week weeks month months world way back good own same last next
        something anything nothing everything someone anyone everyone become became
        january february march june july august october december monday tuesday
        wednesday thursday friday saturday sunday
        """,
    1.5: """
        had until man men woman women
        """,
}

ID_FUNCTION_WORDS: dict[float, str] = {
    -4.0: """
        yang dan di ke dari untuk dengan ini itu tidak adalah akan sudah telah pada dalam
        oleh bahwa juga
        """,
    -3.0: """
        atau karena tetapi tapi namun jika kalau bila apabila agar supaya
        sehingga ketika setelah sebelum sejak hingga sampai antara tentang terhadap bagi
        seperti sebagai kami kita saya aku anda kamu dia ia mereka beliau ada bisa dapat
        harus masih belum pernah sedang lagi sangat lebih sekali banyak semua setiap
        tiap beberapa sebuah seorang tersebut yaitu yakni maupun serta bahkan apa siapa
        bagaimana mengapa kenapa kapan dimana sini situ sana begitu begini demikian secara
        tanpa kepada daripada melalui menurut merupakan menjadi memiliki mempunyai ialah
        tak bukan jangan mau ingin perlu boleh mungkin tentu pasti selalu sering hanya saja
        pun lah kemudian lalu pula jadi para nya atas sekitar hal orang hari tahun bulan
        saat waktu cara sendiri baru lain sama masing kata ujar mengatakan menyatakan
        katanya yg gak nggak tidaklah adanya bersama sudahlah akankah
        """,
    -2.0: """
        satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas puluh
        ratus ribu juta miliar triliun pertama kedua ketiga keempat kelima
        januari februari maret mei juni juli agustus oktober desember
        senin selasa rabu kamis jumat sabtu minggu
        negara pemerintah rakyat masyarakat manusia dunia kota rumah anak bagian seluruh
        pihak sekarang kini nanti tadi kemarin besok pagi siang malam dini besar kecil
        baik lama tinggi rendah banyaknya bawah depan belakang luar
        """,
    -1.5: """
        ya
        """,
    -1.0: """
        sang si sore
        """,
}


def _load_lookups() -> dict[str, object]:
    from spacy_lookups_data import get_file

    tables = {}
    for name in (
        "en_lemma_lookup",
        "en_lemma_index",
        "en_lemma_exc",
        "en_lexeme_prob",
        "id_lemma_lookup",
        "id_lexeme_norm",
    ):
        with gzip.open(str(get_file(f"{name}.json.gz")), "rt", encoding="utf-8") as f:
            tables[name] = json.load(f)
    return tables


_PLAIN_WORD = re.compile(r"[a-zà-ÿ]+")


def _plain_words(entries) -> set[str]:
    """Lower-case alphabetic words in ``entries``, with multi-word entries split up."""
    words = set()
    for entry in entries:
        for part in re.split(r"[\s_\-]+", entry.lower()):
            if _PLAIN_WORD.fullmatch(part):
                words.add(part)
    return words


def _lexicons(tables) -> tuple[set[str], set[str], set[str], dict[str, int], set[str]]:
    """English words, Indonesian words and roots, frequent English words' ranks, names."""
    en_lookup = tables["en_lemma_lookup"]
    en_index = tables["en_lemma_index"]
    en_exc = tables["en_lemma_exc"]
    en_words = _plain_words(
        [*en_lookup, *en_lookup.values()]
        + [w for words in en_index.values() for w in words]
        + [w for pos in en_exc.values() for form, lemmas in pos.items() for w in [form, *lemmas]]
    )
    prob = tables["en_lexeme_prob"]
    frequent = sorted(
        (w for w in prob if re.fullmatch(r"[a-z]+", w)), key=lambda w: (-prob[w], w)
    )[:FREQUENT_EN]
    rank = {w: i for i, w in enumerate(frequent)}

    id_lookup = tables["id_lemma_lookup"]
    id_norm = tables["id_lexeme_norm"]
    id_words = _plain_words([*id_lookup, *id_lookup.values(), *id_norm, *id_norm.values()])
    id_roots = _plain_words(id_lookup.values())
    names = {
        w
        for w in en_words | set(rank)
        if prob.get(w.capitalize(), -99.0) - prob.get(w, -99.0) > NAME_CASE_RATIO
    }
    return en_words, id_words, id_roots, rank, names


def _ngram_model(en_types: set[str], id_types: set[str], id_roots: set[str]) -> dict[str, float]:
    """Log-odds (English over Indonesian) of each character n-gram, counted over word types."""
    counts = {"en": Counter(), "id": Counter()}
    for word in sorted(en_types):
        counts["en"].update(char_ngrams(word))
    for word in sorted(id_types):
        weight = ID_ROOT_WEIGHT if word in id_roots else 1
        for g in char_ngrams(word):
            counts["id"][g] += weight
    kept = sorted(
        g for g in set(counts["en"]) | set(counts["id"])
        if counts["en"][g] + counts["id"][g] >= NGRAM_MIN_COUNT
    )
    orders = sorted({len(g) for g in kept})
    vocab = {n: sum(1 for g in kept if len(g) == n) for n in orders}
    totals = {
        (lang, n): sum(c for g, c in counts[lang].items() if len(g) == n)
        for lang in counts
        for n in orders
    }
    llr = {}
    for g in kept:
        n = len(g)
        p_en = (counts["en"][g] + NGRAM_ALPHA) / (totals["en", n] + NGRAM_ALPHA * vocab[n])
        p_id = (counts["id"][g] + NGRAM_ALPHA) / (totals["id", n] + NGRAM_ALPHA * vocab[n])
        llr[g] = math.log(p_en / p_id)
    return llr


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return max(bounds[0], min(bounds[1], value))


def _function_words(tiers: dict[float, str]) -> dict[str, float]:
    """``{word: evidence}`` from lists by strength; a word listed twice is an error."""
    table: dict[str, float] = {}
    for score, words in tiers.items():
        for word in words.split():
            if word in table:
                raise SystemExit(f"function word listed twice: {word}")
            table[word] = score
    return table


def build() -> dict[str, object]:
    """The model as a JSON-ready dict."""
    tables = _load_lookups()
    en_lemma_words, id_words, id_roots, rank, names = _lexicons(tables)
    en_words = en_lemma_words | set(rank)
    ngrams = _ngram_model(en_words, id_words, id_roots)
    # Scores are stored in hundredths of a nat.
    ngrams_stored = {g: round(v * 100) for g, v in ngrams.items() if round(v * 100)}

    def char_llr(word: str) -> float:
        return sum(ngrams_stored.get(g, 0) / 100 for g in char_ngrams(word))

    words: dict[str, float] = {}
    for word in sorted(en_words | id_words):
        c = LEXICON_CHAR_WEIGHT * char_llr(word)
        in_en, in_id = word in en_words, word in id_words
        if in_en and in_id:
            score = _clip(c / 2, SHARED_RANGE)
        elif in_id:
            score = _clip(ID_ONLY + c, ID_ONLY_RANGE)
        else:
            base = EN_ONLY_COMMON if rank.get(word, COMMON_EN) < COMMON_EN else EN_ONLY
            bounds = EN_ONLY_RANGE if word in en_lemma_words else EN_FREQUENT_ONLY_RANGE
            score = _clip(base + c, bounds)
        if word in names:
            score *= NAME_FACTOR
        words[word] = score
    words.update(_function_words(EN_FUNCTION_WORDS))
    words.update(_function_words(ID_FUNCTION_WORDS))
    both = set(_function_words(EN_FUNCTION_WORDS)) & set(_function_words(ID_FUNCTION_WORDS))
    if both:
        raise SystemExit(f"function words listed for both languages: {sorted(both)}")
    return {
        "schema_version": SCHEMA_VERSION,
        "ngram_orders": sorted({len(g) for g in ngrams_stored}),
        "words": _by_score({w: round(s * 100) for w, s in words.items()}),
        "ngrams": _by_score(ngrams_stored),
    }


def _by_score(scores: dict[str, int]) -> dict[str, str]:
    """``{score: "word word ..."}``: smaller than ``{word: score}`` and quicker to load."""
    groups: dict[int, list[str]] = {}
    for key, score in scores.items():
        groups.setdefault(score, []).append(key)
    return {str(score): " ".join(sorted(keys)) for score, keys in sorted(groups.items())}


def _count(groups: dict[str, str]) -> int:
    return sum(len(keys.split(" ")) for keys in groups.values())


def main() -> None:
    model = build()
    raw = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(raw)
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_bytes(buffer.getvalue())
    print(
        f"wrote {MODEL_PATH.relative_to(ROOT)}: {_count(model['words'])} words, "
        f"{_count(model['ngrams'])} n-grams, {len(buffer.getvalue()) / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
