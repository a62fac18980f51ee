"""English-Indonesian lexicon: English lemmas mapped to Indonesian words and roots.

The lexical scorer asks whether an English word has a translation in the Indonesian
sentence. Keys are lowercase English lemmas; values are lowercase Indonesian words,
root forms and short phrases, matched after the caller reduces Indonesian to roots.

Three file formats are read:

* the shipped lexicon and user TSV files: ``english<TAB>indonesian`` per line;
* hunalign dictionaries: ``target_phrase @ source_phrase`` per line. alignread aligns
  English (source) to Indonesian (target), so a line reads ``indonesian @ english``,
  e.g. ``rumah sakit @ hospital``.

Lines starting with ``#`` and blank lines are skipped in both formats.
"""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path
from types import MappingProxyType

from alignread.core.errors import InputError
from alignread.core.words import root_form

__all__ = ["Lexicon", "load_builtin", "load_dictionary", "load_hunalign", "load_tsv"]

BUILTIN_RESOURCE = "lexicon-en-id.tsv.gz"
_HUNALIGN_SEPARATOR = " @ "
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_EMPTY: frozenset[str] = frozenset()


def normalise(text: str) -> str:
    """NFC, straight quotes, single spaces, lowercase: the form of every key and value."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split()).lower()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """English lemma -> Indonesian words/roots."""

    pairs: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))

    def translations(self, english: str) -> frozenset[str]:
        """Indonesian equivalents of an English lemma; empty when unknown."""
        found = self.pairs.get(english)
        if found is None:
            found = self.pairs.get(normalise(english), _EMPTY)
        return found

    def merged(self, other: Lexicon) -> Lexicon:
        """A lexicon holding the entries of both; translations of shared words are unioned."""
        combined: dict[str, frozenset[str]] = dict(self.pairs)
        for english, words in other.pairs.items():
            combined[english] = combined.get(english, _EMPTY) | words
        return Lexicon(MappingProxyType(combined))

    def __len__(self) -> int:
        return len(self.pairs)

    def __contains__(self, english: object) -> bool:
        return isinstance(english, str) and bool(self.translations(english))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        """Build from (english, indonesian) pairs, normalising both sides."""
        grouped: dict[str, set[str]] = {}
        for english, indonesian in pairs:
            english, indonesian = normalise(english), normalise(indonesian)
            if english and indonesian:
                grouped.setdefault(english, set()).add(indonesian)
        return cls(MappingProxyType({en: frozenset(ind) for en, ind in grouped.items()}))


def _read_lines(path: str | PathLike[str]) -> tuple[str, list[str]]:
    """Return (display name, lines) of a UTF-8 text file, raising `InputError` naming it."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, expected a dictionary file") from None
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror or error}") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise InputError(name, f"damaged gzip file: {error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}", "not UTF-8 text") from None
    return name, text.splitlines()


def _content_lines(lines: list[str]) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield number, stripped


def _parse_tsv(name: str, lines: list[str]) -> Lexicon:
    pairs = []
    for number, line in _content_lines(lines):
        columns = line.split("\t")
        if len(columns) != 2 or not columns[0].strip() or not columns[1].strip():
            raise InputError(f"{name}:{number}", "expected two tab-separated columns "
                             "'english<TAB>indonesian'")
        pairs.append((columns[0], columns[1]))
    return _non_empty(name, Lexicon.from_pairs(pairs))


def _parse_hunalign(name: str, lines: list[str]) -> Lexicon:
    pairs = []
    for number, line in _content_lines(lines):
        indonesian, separator, english = line.partition(_HUNALIGN_SEPARATOR)
        if not separator or not indonesian.strip() or not english.strip():
            raise InputError(f"{name}:{number}", "expected 'indonesian @ english'")
        pairs.append((english, indonesian))
    return _non_empty(name, Lexicon.from_pairs(pairs))


def _non_empty(name: str, lexicon: Lexicon) -> Lexicon:
    if not lexicon:
        raise InputError(name, "no dictionary entries")
    return lexicon


def load_tsv(path: str | PathLike[str]) -> Lexicon:
    """Read ``english<TAB>indonesian`` lines (gzip allowed); '#' comments and blanks skipped."""
    return _parse_tsv(*_read_lines(path))


def load_hunalign(path: str | PathLike[str]) -> Lexicon:
    """Read a hunalign dictionary, one ``indonesian @ english`` item per line.

    hunalign writes ``target_phrase @ source_phrase``; alignread's source is English
    and its target Indonesian, so the Indonesian phrase comes first.
    """
    return _parse_hunalign(*_read_lines(path))


def load_dictionary(path: str | PathLike[str]) -> Lexicon:
    """Read a TSV or hunalign dictionary, choosing the format from the first entry line."""
    name, lines = _read_lines(path)
    for number, line in _content_lines(lines):
        if "\t" in line:
            return _parse_tsv(name, lines)
        if _HUNALIGN_SEPARATOR in line:
            return _parse_hunalign(name, lines)
        raise InputError(f"{name}:{number}", "expected 'indonesian @ english' "
                         "or two tab-separated columns")
    raise InputError(name, "no dictionary entries")


_REVERSED: dict[int, tuple[Lexicon, dict[str, frozenset[str]]]] = {}


def reversed_index(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Indonesian -> English: every Indonesian translation, and the root of each one-word
    translation (`coba` for `mencoba`), mapped to the English entries that give it. Built
    once per lexicon."""
    kept = _REVERSED.get(id(lexicon))
    if kept is not None and kept[0] is lexicon:
        return kept[1]
    index: dict[str, set[str]] = {}
    for english, indonesian in lexicon.pairs.items():
        for word in indonesian:
            index.setdefault(word, set()).add(english)
            if " " not in word:
                index.setdefault(root_form(word, "id"), set()).add(english)
    found = {k: frozenset(v) for k, v in index.items()}
    _REVERSED[id(lexicon)] = (lexicon, found)
    return found


@lru_cache(maxsize=1)
def load_builtin() -> Lexicon:
    """The shipped lexicon (FreeDict English-Indonesian + alignread's core list; CC BY-SA)."""
    resource = resources.files("alignread.align").joinpath("data", BUILTIN_RESOURCE)
    with resources.as_file(resource) as path:
        return load_tsv(path)
