"""Build the shipped English-Indonesian lexicon from FreeDict and the core word list.

Usage:
    python scripts/build_lexicon.py                      # writes src/alignread/align/data/lexicon-en-id.tsv.gz
    python scripts/build_lexicon.py --freedict-only -o -  # FreeDict pairs alone, to stdout

Sources:
  * FreeDict/WikDict English-Indonesian (Debian package dict-freedict-eng-ind,
    /usr/share/dictd/freedict-eng-ind.{index,dict.dz}), CC BY-SA 3.0.
  * scripts/lexicon/core-en-id.tsv, written for alignread.

The output is deterministic: the same inputs give the same bytes (gzip mtime 0).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_TSV = ROOT / "scripts" / "lexicon" / "core-en-id.tsv"
OUTPUT = ROOT / "src" / "alignread" / "align" / "data" / "lexicon-en-id.tsv.gz"
DICTD_DIR = Path("/usr/share/dictd")
DICTD_NAME = "freedict-eng-ind"

MAX_WORDS = 3  # longest multiword expression kept, on either side
# Parts of speech whose "translations" are affixes or sayings, not words.
SKIPPED_POS = {"prefix", "suffix", "symbol", "proverb"}
# English words Indonesian has no word for: FreeDict's "the -> itu, si, sang" would match
# "itu" in nearly every sentence and mislead the aligner.
NO_EQUIVALENT = {"the"}

HEADER = """\
# alignread English-Indonesian lexicon: english<TAB>indonesian, one pair per line.
# Built by scripts/build_lexicon.py from:
#   1. FreeDict English-Bahasa Indonesia FreeDict+WikDict dictionary, edition {edition},
#      by Karl Bartel / WikDict (data from Wiktionary via DBnary), https://freedict.org/,
#      licensed CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/).
#   2. scripts/lexicon/core-en-id.tsv, written for alignread.
# Generated forms: {passives}.
# The combined file is an adaptation of the FreeDict data and is licensed CC BY-SA 3.0.
# See LEXICON-LICENSE.md beside this file.
"""

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2010": "-", "\u2011": "-"})
_HEADWORD = re.compile(r"^(?P<head>[^/<]+?)\s*(?:/.*/)?\s*<(?P<pos>[^>]+)>\s*$")
_SENSE = re.compile(r"^(\d+)\.\s+(.*)$")
_GLOSS_NUMBER = re.compile(r"^\s+\d+\.\s*$")
_TRAILING_NUMBER = re.compile(r"\s+\d+\.\s*$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
# A clean entry: words of letters with internal hyphens or apostrophes, single spaces.
_WORD = r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*"
_CLEAN = re.compile(rf"^{_WORD}(?: {_WORD})*$")
# "yg" is the usual written abbreviation of "yang" in the source glosses.
_ABBREVIATIONS = {"yg": "yang", "dgn": "dengan", "utk": "untuk"}


def normalise(text: str) -> str:
    """NFC, straight quotes, plain hyphens, single spaces, lowercase."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split()).lower()


def _b64_number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def read_dictd(directory: Path = DICTD_DIR, name: str = DICTD_NAME) -> tuple[str, list[str]]:
    """Return (edition, entry texts) from a dictd index + dict.dz pair."""
    index_path = directory / f"{name}.index"
    dict_path = directory / f"{name}.dict.dz"
    if not index_path.exists() or not dict_path.exists():
        raise SystemExit(
            f"{index_path} not found: install the FreeDict data with "
            "'apt-get install -y dict-freedict-eng-ind'"
        )
    data = gzip.decompress(dict_path.read_bytes())  # dictzip is plain gzip to a reader
    entries: list[str] = []
    edition = "unknown"
    for line in index_path.read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        text = data[_b64_number(offset): _b64_number(offset) + _b64_number(length)].decode("utf-8")
        if head.startswith("00database"):
            if head == "00databaseinfo":
                found = re.search(r"^Edition:\s*(\S+)", text, re.MULTILINE)
                if found:
                    edition = found.group(1)
            continue
        entries.append(text)
    # The index lists a headword once per entry block; identical blocks can repeat.
    return edition, list(dict.fromkeys(entries))


def parse_entry(text: str) -> Iterator[tuple[str, str]]:
    """Yield (english, raw translation line) from one dictd entry block.

    An entry holds one or more "headword /ipa/ <pos>" lines, each followed either by
    one translation line and glosses, or by numbered senses "1. trans, trans 2." with
    glosses under them. Gloss lines are English and are skipped.
    """
    head: str | None = None
    expect_translation = False
    for line in text.splitlines():
        match = _HEADWORD.match(line)
        if match and not line.startswith(" "):
            pos = match.group("pos").strip()
            head = None if pos in SKIPPED_POS else match.group("head")
            expect_translation = True
            continue
        if head is None:
            continue
        sense = _SENSE.match(line)
        if sense:
            yield head, sense.group(2)
            expect_translation = False
        elif expect_translation and line.strip() and not _GLOSS_NUMBER.match(line):
            yield head, line
            expect_translation = False


def split_translations(raw: str) -> Iterator[str]:
    raw = _TRAILING_NUMBER.sub("", raw)
    raw = _PARENS.sub(" ", raw)
    for part in re.split(r"[,;]", raw):
        word = normalise(part).strip(" .'\"!?[]")
        word = " ".join(_ABBREVIATIONS.get(token, token) for token in word.split())
        if word:
            yield word


def clean_pair(english: str, indonesian: str) -> tuple[str, str] | None:
    english = normalise(english)
    if english in NO_EQUIVALENT:
        return None
    if not _CLEAN.match(english) or not _CLEAN.match(indonesian):
        return None
    if len(english.split()) > MAX_WORDS or len(indonesian.split()) > MAX_WORDS:
        return None
    return english, indonesian


def freedict_pairs(directory: Path = DICTD_DIR) -> tuple[str, set[tuple[str, str]]]:
    edition, entries = read_dictd(directory)
    pairs: set[tuple[str, str]] = set()
    for entry in entries:
        for head, raw in parse_entry(entry):
            for word in split_translations(raw):
                pair = clean_pair(head, word)
                if pair:
                    pairs.add(pair)
    return edition, pairs


_VOWELS = "aeiou"


def men_prefixed(root: str) -> str:
    """The meN- form of an Indonesian root: sebar -> menyebar, tulis -> menulis, ajar -> mengajar."""
    syllables = sum(1 for char in root if char in _VOWELS)
    if syllables <= 1:
        return "menge" + root  # cat -> mengecat, bom -> mengebom
    first, second = root[0], root[1]
    cluster = second not in _VOWELS  # prakarsa, sponsor, traktir keep their first consonant
    if first in _VOWELS:
        return "meng" + root
    if first == "k" and not cluster:
        return "meng" + root[1:]
    if first in "gh" or root.startswith("kh") or (first == "k" and cluster):
        return "meng" + root
    if first == "p" and not cluster:
        return "mem" + root[1:]
    if first in "bfvp":
        return "mem" + root
    if first == "t" and not cluster:
        return "men" + root[1:]
    if first == "s" and not cluster:
        return "meny" + root[1:]
    if first in "cdjzts":
        return "men" + root
    return "me" + root  # l, m, n, r, w, y, ng, ny


def passive_forms(word: str, root: str) -> Iterator[str]:
    """di- passives of an active meN- verb: menyebarkan (root sebar) -> disebarkan."""
    for suffix in ("kan", "i", ""):
        stem = root + suffix
        if word == men_prefixed(root) + suffix:
            yield "di" + stem
        for prefix in ("per", "ber"):  # memperkenalkan, memberlakukan
            if word == "mem" + prefix + stem:
                yield "di" + prefix + stem


def load_indonesian_roots() -> tuple[str, dict[str, str]]:
    """spaCy's Indonesian lemma_lookup table from spacy-lookups-data: (version, word -> root)."""
    try:
        import spacy_lookups_data
    except ImportError:
        raise SystemExit("spacy-lookups-data is needed to add Indonesian passive forms: "
                         "pip install spacy-lookups-data") from None
    path = Path(spacy_lookups_data.__file__).parent / "data" / "id_lemma_lookup.json.gz"
    return spacy_lookups_data.__version__, json.loads(gzip.decompress(path.read_bytes()))


def add_passives(pairs: set[tuple[str, str]], roots: dict[str, str]) -> set[tuple[str, str]]:
    """Pairs plus the di- passive of every meN- verb whose root the table knows.

    spaCy's Indonesian table reduces meN- verbs to roots but lists few di- passives, which
    news text uses constantly; a passive here lets the matcher find it as written.
    """
    added = set(pairs)
    for english, indonesian in pairs:
        if " " in indonesian or not indonesian.startswith("me"):
            continue
        root = roots.get(indonesian)
        if root and root != indonesian:
            added.update((english, form) for form in passive_forms(indonesian, root))
    return added


def read_tsv_pairs(path: Path) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        columns = line.split("\t")
        if len(columns) != 2:
            raise SystemExit(f"{path}:{number}: expected two tab-separated columns")
        english, indonesian = normalise(columns[0]), normalise(columns[1])
        if not english or not indonesian:
            raise SystemExit(f"{path}:{number}: empty column")
        pairs.add((english, indonesian))
    return pairs


def render(pairs: Iterable[tuple[str, str]], header: str) -> bytes:
    body = "".join(f"{en}\t{ind}\n" for en, ind in sorted(set(pairs)))
    buffer = io.BytesIO()
    # mtime=0 and no file name keep the archive byte-identical between builds.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write((header + body).encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("-o", "--output", default=str(OUTPUT),
                        help="gzip file to write, or - for plain TSV on stdout")
    parser.add_argument("--core", default=str(CORE_TSV), help="core TSV (default: %(default)s)")
    parser.add_argument("--dictd-dir", default=str(DICTD_DIR), help="folder of the dictd files")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--freedict-only", action="store_true", help="leave out the core list")
    source.add_argument("--core-only", action="store_true", help="leave out FreeDict")
    parser.add_argument("--no-passives", action="store_true",
                        help="do not add di- passives of meN- verbs")
    args = parser.parse_args(argv)

    pairs: set[tuple[str, str]] = set()
    edition = "unknown"
    freedict_count = core_count = 0
    if not args.core_only:
        edition, fd = freedict_pairs(Path(args.dictd_dir))
        freedict_count = len(fd)
        pairs |= fd
    if not args.freedict_only:
        core = read_tsv_pairs(Path(args.core))
        core_count = len(core)
        pairs |= core
    passives = "no di- passives added"
    if not args.no_passives:
        version, roots = load_indonesian_roots()
        before = len(pairs)
        pairs = add_passives(pairs, roots)
        passives = (f"{len(pairs) - before} di- passives derived from meN- verbs with roots "
                    f"from spacy-lookups-data {version} (id_lemma_lookup)")
    header = HEADER.format(edition=edition, passives=passives)
    if args.output == "-":
        sys.stdout.write(header + "".join(f"{en}\t{ind}\n" for en, ind in sorted(pairs)))
    else:
        payload = render(pairs, header)
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_name(output.name + ".tmp")
        with open(temporary, "wb") as handle:  # atomic: a crash leaves the old file whole
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, output)
        english = len({en for en, _ in pairs})
        print(f"{output}: {len(pairs)} pairs, {english} English entries "
              f"(FreeDict {freedict_count}, core {core_count}), {len(payload)} bytes",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
