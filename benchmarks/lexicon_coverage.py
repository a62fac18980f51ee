"""How much of an English-Indonesian test set the lexicon covers.

For every gold 1-1 sentence pair of a folder of Vecalign-style files
(NAME.en.sents, NAME.id.sents, NAME.gold with lines like "[3]:[3]"), English words are
lowercased, lemmatised with spaCy's English lemma_lookup table, and kept if they are
content words (alphabetic, not in spaCy's English stop list). Indonesian words of both
the paired sentence and the lexicon are reduced to roots with spaCy's Indonesian
lemma_lookup table (or Sastrawi with --stemmer sastrawi); a word not in the table is
its own root. A translation counts as present when all its words occur in the paired
sentence, as written or as roots.

Prints, for FreeDict alone, the core list alone and the shipped combination:
  entry  - share of English content-word tokens with any lexicon entry
  found  - share with a translation present in the paired Indonesian sentence
  found+same - found, or the English word itself is in the Indonesian sentence
               (names, acronyms, loanwords: what a string-identity scorer adds)
An English word is looked up as its lemma, and as written when the lemma has no entry
(the lookup table turns "data" into "datum").

Example:
    python benchmarks/lexicon_coverage.py --data ../shared/enid/ntrex-clean
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignread.align.lexicon import Lexicon, load_builtin

DEFAULT_DATA = Path("/work/shared/enid/ntrex-clean")
WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
GOLD = re.compile(r"^\[([\d,\s]*)\]:\[([\d,\s]*)\]")


def gold_pairs(folder: Path) -> Iterator[tuple[str, str]]:
    """Yield (english, indonesian) sentence texts of every gold 1-1 bead."""
    for gold in sorted(folder.glob("*.gold")):
        stem = gold.name[: -len(".gold")]
        english = (folder / f"{stem}.en.sents").read_text(encoding="utf-8").splitlines()
        indonesian = (folder / f"{stem}.id.sents").read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            match = GOLD.match(line.strip())
            if not match:
                continue
            left = [int(i) for i in match.group(1).split(",") if i.strip()]
            right = [int(i) for i in match.group(2).split(",") if i.strip()]
            if len(left) == 1 and len(right) == 1:
                yield english[left[0]], indonesian[right[0]]


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def root_reducer(stemmer: str) -> Callable[[str], str]:
    cache: dict[str, str] = {}
    if stemmer == "sastrawi":
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        stem = StemmerFactory().create_stemmer().stem
    else:
        from spacy.lookups import load_lookups

        table = load_lookups("id", ["lemma_lookup"]).get_table("lemma_lookup")
        stem = lambda word: table.get(word, word)  # noqa: E731

    def reduce(word: str) -> str:
        if word not in cache:
            cache[word] = stem(word) or word
        return cache[word]

    return reduce


def indonesian_forms(tokens: list[str], reduce: Callable[[str], str]) -> set[str]:
    """Surface words, their roots, and the halves of reduplicated words (anak-anak)."""
    forms: set[str] = set()
    for token in tokens:
        forms.add(token)
        forms.add(reduce(token))
        if "-" in token:
            for part in token.split("-"):
                forms.add(part)
                forms.add(reduce(part))
    return forms


class Measure:
    def __init__(self, lexicon: Lexicon, reduce: Callable[[str], str]) -> None:
        self.lexicon = lexicon
        self.reduce = reduce
        self._variants: dict[str, list[list[str]]] = {}
        self.tokens = self.with_entry = self.found = self.found_or_same = 0

    def variants(self, english: str) -> list[list[str]]:
        """Each translation as a list of words that must all be present (surface or root)."""
        if english not in self._variants:
            self._variants[english] = [
                [f"{word}|{self.reduce(word)}" for word in words(translation)]
                for translation in self.lexicon.translations(english)
            ]
        return self._variants[english]

    def add(self, word: str, lemma: str, forms: set[str]) -> None:
        self.tokens += 1
        translations = self.variants(lemma) or self.variants(word)
        if translations:
            self.with_entry += 1
        for translation in translations:
            if translation and all(
                any(alternative in forms for alternative in word.split("|"))
                for word in translation
            ):
                self.found += 1
                self.found_or_same += 1
                return
        if word in forms:  # names, loanwords and acronyms written alike in both languages
            self.found_or_same += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder of *.en.sents, *.id.sents, *.gold (default: %(default)s)")
    parser.add_argument("--stemmer", choices=["spacy", "sastrawi"], default="spacy",
                        help="Indonesian root reduction (default: %(default)s)")
    args = parser.parse_args(argv)

    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lookups import load_lookups

    english_lemma = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    reduce = root_reducer(args.stemmer)

    lexicons: dict[str, Lexicon] = {}
    build = ROOT / "scripts" / "build_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_lexicon", build)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    # Each source gets the same generated forms as the shipped file, so the rows compare.
    _, roots = builder.load_indonesian_roots()
    try:
        _, freedict = builder.freedict_pairs()
        lexicons["FreeDict"] = Lexicon.from_pairs(builder.add_passives(freedict, roots))
    except SystemExit as missing:  # the Debian package is not installed
        print(f"FreeDict skipped: {missing}", file=sys.stderr)
    core = builder.read_tsv_pairs(builder.CORE_TSV)
    lexicons["core"] = Lexicon.from_pairs(builder.add_passives(core, roots))
    lexicons["combined"] = load_builtin()
    measures = {name: Measure(lexicon, reduce) for name, lexicon in lexicons.items()}

    pairs = 0
    for english, indonesian in gold_pairs(args.data):
        pairs += 1
        forms = indonesian_forms(words(indonesian), reduce)
        for word in words(english):
            if word in STOP_WORDS or "'" in word:
                continue
            lemma = english_lemma.get(word, word)
            if lemma in STOP_WORDS:
                continue
            for measure in measures.values():
                measure.add(word, lemma, forms)

    tokens = next(iter(measures.values())).tokens
    print(f"data: {args.data}  1-1 pairs: {pairs}  English content-word tokens: {tokens}"
          f"  Indonesian roots: {args.stemmer}")
    print(f"{'lexicon':<10} {'entries':>8} {'entry':>8} {'found':>8} {'found+same':>11}")
    for name, measure in measures.items():
        share = [count / max(measure.tokens, 1)
                 for count in (measure.with_entry, measure.found, measure.found_or_same)]
        print(f"{name:<10} {len(measure.lexicon):>8} {share[0]:>8.1%} {share[1]:>8.1%}"
              f" {share[2]:>11.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
