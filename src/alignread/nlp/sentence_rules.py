"""Sentence-boundary corrections shared by the backends.

spaCy's rule-based `sentencizer` splits after every `.`, `!` and `?` token; these rules
undo the splits that English and Indonesian writing does not mean (abbreviations, titles,
initials, `No. 5`), and move an opening bracket or quote that the sentencizer leaves at the
end of a sentence to the sentence it opens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from alignread.core.words import WORD_AT, vocabulary

# Abbreviations that are (almost) never the end of a sentence: titles before a name and
# Latin abbreviations. Lowercase, without the final dot.
TITLES = {
    "en": {
        "mr", "mrs", "ms", "messrs", "dr", "drs", "prof", "sr", "gen", "col", "lt", "capt",
        "sgt", "cmdr", "adm", "gov", "sen", "sens", "rep", "reps", "rev", "hon", "pres",
        "supt", "insp", "det", "cpl", "pvt", "maj", "fr", "atty", "mt",
        "e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "esp", "incl",
    },
    "id": {
        "dr", "drs", "dra", "drg", "prof", "ir", "h", "hj", "kh", "bpk", "bp", "sdr", "sdri",
        "yth", "tn", "ny", "nn", "jl", "jln", "kec", "kab", "kel", "prov", "mr", "mrs", "ms",
        "a.n", "u.p", "s.d", "spt", "dgn", "yg", "tsb", "e.g", "i.e", "vs",
    },
}
# Abbreviations that precede a number: `No. 5`, `pk. 03.00`, `p. 12`, `Art. 3`.
BEFORE_NUMBER = {
    "en": {"no", "nos", "p", "pp", "vol", "vols", "fig", "figs", "art", "ch", "sec", "para", "op", "ed", "tel"},
    "id": {"no", "nomor", "pk", "pkl", "hlm", "hal", "tgl", "vol", "psl", "ps", "gg", "rt", "rw", "telp", "tel"},
}
# Abbreviations that are part of a name (`St. Louis`, `Apple Inc. said`): joined to what
# follows unless a typical sentence opener comes next.
NAME_PARTS = {
    "en": {
        "inc", "ltd", "co", "corp", "jr", "st", "ave", "rd", "dept", "univ", "assn", "bros", "est",
        "mt", "ft", "al", "a.m", "p.m",
    },
    "id": {"pt", "cv", "tbk", "jl", "st"},
}
# Abbreviations that often end a sentence (`etc.`, `dll.`, `3 p.m.`): joined only when a
# lowercase word or a number follows.
MAYBE_FINAL = {
    "en": {"etc", "ph.d", "no"},
    "id": {
        "dll", "dsb", "dst", "dkk", "sbb", "wib", "wita", "wit", "s.h", "s.e", "s.t", "s.pd", "m.sc", "m.si",
        "ph.d",
    },
}
# Words that start sentences often and follow an abbreviation rarely; after a
# MAYBE_FINAL abbreviation they mean the sentence did end.
STARTERS = {
    "en": {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at",
        "but", "and", "this", "that", "these", "those", "there", "as", "for", "if", "when",
        "while", "after", "before", "so", "yet", "however", "meanwhile", "his", "her",
        "their", "its", "our", "my", "what", "why", "how", "who", "one", "some", "many",
        "most", "all", "also", "then", "now", "since", "although", "according",
    },
    "id": {
        "ini", "itu", "dia", "ia", "mereka", "kami", "kita", "saya", "aku", "anda", "di",
        "pada", "namun", "tetapi", "tapi", "dan", "sementara", "setelah", "sebelum", "jika",
        "ketika", "saat", "hal", "para", "sang", "seorang", "dalam", "untuk", "menurut",
        "karena", "sehingga", "selain", "bahkan", "oleh", "sebagai", "apa", "mengapa",
        "bagaimana", "siapa", "banyak", "beberapa", "semua", "juga", "kemudian", "sekarang",
        "sejak", "meskipun", "walaupun", "hingga", "sampai", "adapun", "lalu",
    },
}
_LAST_WORD = re.compile(r"(?:^|[\s(\[“‘\"'])((?:[^\W\d_]{1,6}\.)*[^\W\d_]{1,8})\.$")
_INITIAL = re.compile(r"(?:^|[\s(\[“‘\"'])[A-Z]\.$")


# Capitalised words that start sentences and hardly ever stand capitalised inside one:
# when one follows a word without closing punctuation, a heading or a lost full stop
# came before it (web text pasted without its line breaks).
CLAUSE_STARTERS = {
    "en": {
        "the", "a", "an", "he", "she", "they", "we", "it", "this", "that", "these", "those",
        "there", "however", "but", "when", "while", "although", "because", "if", "after",
        "before", "since", "meanwhile", "his", "her", "their", "its", "our", "some", "many",
        "most", "one", "what", "why", "how",
    },
    "id": {
        "ini", "itu", "dia", "ia", "mereka", "kami", "kita", "para", "seorang", "sebuah",
        "suatu", "pada", "dalam", "ketika", "saat", "namun", "tetapi", "sementara", "setelah",
        "sebelum", "jika", "karena", "meskipun", "walaupun", "hal", "beberapa", "banyak",
        "menurut", "selain", "sejak", "bahkan",
    },
}
# Always capitalised in running text, so no sign of a sentence start.
_PROPER_COMMON = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu",
    "januari", "februari", "maret", "mei", "juni", "juli", "agustus", "oktober", "desember",
    "god", "tuhan", "allah", "i",
}


def proper_common(word: str) -> bool:
    """Whether lowercase `word` is written capitalised anywhere (weekdays, months, `God`)."""
    return word in _PROPER_COMMON


_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+)")


def _first_word(text: str) -> str:
    m = _FIRST_WORD.match(text)
    return m.group(1) if m else ""


def _abbreviation_before(prev: str) -> str | None:
    """The abbreviation (lowercase, no final dot) that `prev` ends with, if it looks like one."""
    if not prev.endswith(".") or prev.endswith(".."):
        return None
    # The abbreviation is letters and dots up to the end, after a delimiter: no match can
    # start before the last space, so the search starts there, not at the start of a
    # sentence that may be long (the same match, found sooner).
    m = _LAST_WORD.search(prev, max(prev.rfind(" "), 0))
    return m.group(1).lower() if m else None


# A list item's number or letter alone (`1.`, `(a)`, `iv.`, `B)`): what a numbered list,
# a contract's clauses or a law's articles start each item with.
_LIST_MARKER = re.compile(r"\s*\(?(?:\d+(?:\.\d{1,3})*|[a-z]|[A-Z]|[ivxlc]{1,6}|[IVXLC]{1,6})[.)]\s*$")

def _known_abbreviation(word: str | None, lang: str) -> bool:
    return word is not None and any(
        word in table[code] for table in (TITLES, BEFORE_NUMBER, NAME_PARTS, MAYBE_FINAL) for code in {lang, "en"}
    )


_ITEM_START = re.compile(r"\s*\((?:\d{1,3}|[a-z]|[ivxlc]{1,6})\)\s+\S")


def _should_join(prev: str, nxt: str, lang: str) -> bool:
    """Whether the split between sentence texts `prev` and `nxt` is not a real boundary."""
    lang = lang if lang in TITLES else "en"
    if _LIST_MARKER.match(prev):
        return True  # `1. The tenant shall ...`: an item's number is not a sentence
    if _ITEM_START.match(nxt) and prev.rstrip("\"'”’)]» ").endswith((".", "!", "?")) \
            and not _known_abbreviation(_abbreviation_before(prev), lang):
        return False  # `... is due. (b) No pets ...`: the next item starts after a full stop
    stripped = nxt.lstrip("\"'“‘([ ")
    if not stripped:
        return True
    first = stripped[0]
    abbreviation = _abbreviation_before(prev)
    if first.islower():
        if prev.rstrip("\"'”’)]» ").endswith((",", ";", ":")):
            return True
        # A sentence does not start in lowercase after an abbreviation (`dll. kemudian`),
        # after `?`/`!` (`"Really?" he asked.`) or after an ellipsis; after a full word and
        # a full stop it does, by a typing slip.
        return (bool(abbreviation and (len(abbreviation) <= 4 or "." in abbreviation))
                or prev.rstrip(",\"'”’)]» ").endswith(("?", "!", "…", "...")))
    if abbreviation is None:
        return False
    next_word = _first_word(stripped).lower()
    if _INITIAL.search(prev, max(len(prev) - 3, 0)):  # an initial is the last 3 characters
        # `J. K. Rowling` but not `a grade A. The data`.
        return first.isupper() and next_word not in STARTERS[lang] and next_word not in STARTERS["en"]
    if abbreviation in TITLES[lang] or abbreviation in TITLES["en"]:
        return True
    if abbreviation in BEFORE_NUMBER[lang] and first.isdigit():
        return True
    if abbreviation in MONTHS:
        return first.isdigit()
    if abbreviation in MAYBE_FINAL[lang] or abbreviation in MAYBE_FINAL["en"]:
        return first.isdigit()
    if abbreviation in NAME_PARTS[lang] or abbreviation in NAME_PARTS["en"]:
        return next_word not in STARTERS[lang]
    if "." in abbreviation:
        # A dotted acronym before a common English word is a name (`U.S. Senate`); before
        # anything else it ended the sentence (`the U.S. Rosa will ...`). Indonesian puts
        # the acronym after its noun (`Presiden A.S. Donald Trump`), so there only a
        # typical opener ends the sentence.
        if first.isdigit():
            return True
        if lang == "id":
            return next_word not in STARTERS[lang]
        return next_word not in STARTERS[lang] and next_word.lower() in _known_words(lang)
    return False


@lru_cache(maxsize=4)
def _known_words(lang: str) -> frozenset[str]:
    """Common words and titles of English and `lang` (built once: the union takes 0.1 ms)."""
    return vocabulary("en") | vocabulary(lang) | frozenset(TITLES["en"]) | frozenset(TITLES[lang])


MONTHS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "agu", "agt", "sep", "sept", "oct", "okt", "nov", "dec", "des",
}


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` without the whitespace at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_CANDIDATE = re.compile(r"[.!?…]+(?:[\"'”’)\]»]|[ \t]+[\"”’»](?=\s))*\s+(?=[\"'“‘”’(\[«]*[^\W_])")
_OPENING = set("\"'“‘([{«„‚”’")


def _boundaries(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[int]:
    """Sentence starts inside `[start, end)`: the sentencizer's, plus every `. X` it missed.

    The tokenizer keeps `p.m.` or `u.` whole, so the sentencizer never splits after them;
    whether such a split is real is left to `_should_join`.
    """
    found = {s for s, _ in spans[1:]}
    found.update(m.end() for m in _CANDIDATE.finditer(text, start, end))
    return sorted({_before_openers(text, start, b) for b in found if start < b < end} - {start})


def _before_openers(text: str, lo: int, b: int) -> int:
    """Move a sentence start back over an opening quote or bracket that stands before it.

    The sentencizer leaves the `"` of `said. "Today` at the end of the first sentence.
    """
    k = b
    while k > lo and text[k - 1] in _OPENING:
        k -= 1
    return k if k < b and text[k - 1].isspace() else b


def _missing_stops(text: str, start: int, end: int, lang: str) -> list[int]:
    """Sentence starts with no punctuation before them, as in a heading glued to its text.

    A capitalised clause starter after a lowercase word or a comma, itself followed by a
    lowercase word (`... untroubled, That pattern ...`, `... in lab They can ...`). Other
    capitalised words are left alone: most are names (`... let Rangers play ...`).
    """
    lang = lang if lang in CLAUSE_STARTERS else "en"
    if not _starter_pattern(lang).search(text, start + 1, end):
        return []  # no capitalised clause starter after the first word: nothing to cut
    words = list(WORD_AT.finditer(text, start, end))
    cuts = []
    around: list[re.Match[str] | None] = [None, *words, None]
    for before, prev, word, after in zip(around, words, words[1:], around[3:]):
        w = word.group()
        if not (w[0].isupper() and (len(w) == 1 or w[1:].islower())):
            continue
        gap = text[prev.end():word.start()]
        p = prev.group()
        if gap not in (" ", ", ", "” ", "\" ", "’ ", ",” ", ",\" "):
            continue
        if not (p.islower() or p.isdigit()):
            continue
        if before is not None and not before.group().islower():
            # Title case (`Bells Fall Silent as Churches in Harlem`) is not a lost stop.
            continue
        lower = w.lower()
        if lower in _PROPER_COMMON:
            continue
        follows_lower = after is not None and after.group()[0].islower() and text[word.end():after.start()] == " "
        if (lower in CLAUSE_STARTERS[lang]
                and (follows_lower or lower in ("however", "namun", "when", "ketika", "while", "meanwhile"))):
            cuts.append(word.start())
    return cuts


@lru_cache(maxsize=4)
def _starter_pattern(lang: str) -> re.Pattern[str]:
    """A capitalised clause starter of `lang` standing as a word."""
    words = sorted(CLAUSE_STARTERS[lang], key=len, reverse=True)
    # The lookahead on the words' first letters adds no condition, but lets the search skip
    # most places without trying every word there (3x faster on running text).
    first = "".join(sorted({w.capitalize()[0] for w in words}))
    return re.compile(r"(?=[" + first + r"])(?<![^\W\d_])(?:" + "|".join(w.capitalize() for w in words)
                      + r")(?![^\W_])")


def join_false_splits(text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Merge neighbouring sentence `spans` that one sentence was wrongly split into.

    For a trained segmenter (Stanza) whose splits are trusted: this only undoes splits
    after a title (`Dr. | Budi`), before a lowercase word (`"Really?" | he asked`) and the
    like; it never adds a split.
    """
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _should_join(text[out[-1][0]:out[-1][1]], text[s:e], lang):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def correct_boundaries(text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Correct the sentencizer's sentence `spans` of one chunk `text[start:end]`."""
    spans = [trim(text, s, e) for s, e in spans]
    spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return []
    start, end = spans[0][0], spans[-1][1]
    cuts = _boundaries(text, start, end, spans)
    pieces = [trim(text, a, b) for a, b in zip([start] + cuts, cuts + [end])]
    pieces = [p for p in pieces if p[1] > p[0]]
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out and _should_join(text[out[-1][0]:out[-1][1]], text[s:e], lang):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    final: list[tuple[int, int]] = []
    for s, e in out:
        cuts = _missing_stops(text, s, e, lang)
        bounds = [s] + cuts + [e]
        final.extend(trim(text, a, b) for a, b in zip(bounds, bounds[1:]))
    return [span for span in final if span[1] > span[0]]


_TERMINAL = tuple(".!?…:;\"'”’)]»")


def line_breaks_that_end_sentences(text: str, start: int, end: int) -> list[int]:
    """Offsets of line breaks inside a paragraph that end a heading or a list line.

    A line that is clearly shorter than the paragraph's longest line, lacks closing
    punctuation and is followed by a capitalised line is a title or a line of a list,
    not a hard-wrapped sentence.
    """
    lines = []
    pos = start
    for line in text[start:end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    if len(lines) < 2:
        return []
    longest = max(e - s for s, e in lines)
    cuts = []
    for (s, e), (ns, ne) in zip(lines, lines[1:]):
        line = text[s:e].strip()
        following = text[ns:ne].strip()
        if not line or not following:
            continue
        if line.endswith(_TERMINAL):
            continue
        if len(line) < 0.7 * longest and (following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘(["):
            cuts.append(e)
    return cuts
