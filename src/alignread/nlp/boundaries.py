"""Places inside a sentence where another one may start: hypotheses for the other side to judge.

A monolingual segmenter splits where punctuation says so. Texts also hold boundaries
nothing on one side marks: a heading run into its text with no full stop (`... than they
planned Readers who ...`), a full stop a translator dropped (`... perdebatan panjang Wijaya
berbicara ...`), a heading glued to an article (`Article 1 All human beings ...`), a clause
the other language makes a sentence of (`...; and ...`), a line break inside a paragraph.
This module finds such places in one language and says how strongly each looks like a
sentence start; whether it *is* one is left to the alignment (`alignread.align.joint`),
which keeps a boundary where the other language shows one.

Kinds of place (`Start.kind`):

- `capital`: a capitalised word after a word, with no full stop before it. Its strength
  is POSSIBLE (a name, most often), PLAUSIBLE (a common word written capitalised after a
  lowercase word, not before another capital; a word the vocabulary lacks is common if
  the text writes it in lowercase too) or LIKELY (besides, the text writes that
  word in lowercase elsewhere and capitalised nowhere else mid-sentence; or a clause
  opener such as `The`, `Mereka`; or the word before it again, now capitalised; or a
  speaker's label; or the sentence's own first three words again, a headline repeated as
  the opening of the text run into it; or any capital after a quotation's speaker tag,
  `," he said`, `," katanya`; or a quotation opened after a speaker tag of a few words,
  `," said Budi "We ...`, or right after another quotation, `... a "trigger" "They ...`).
  A mere capital right after a capitalised word is of kind `name` (POSSIBLE): a name goes
  on there far more often than a sentence starts; unless it is a common word with a
  lowercase word after it, where the name has ended (`... di atas Le Golf National Lebih
  baik ...`: `capital`, POSSIBLE), or the word before it ends a name elsewhere in the text
  (`... in West Virginia on Friday` before `... West Virginia Hartono said ...`:
  `capital`, POSSIBLE). After a quotation of a few words closed with no full stop (`...
  than we did" Grant Anderson's try ...`) a mere capital is PLAUSIBLE.
- `opener` and `possessive`: a mere capital (POSSIBLE) after a lowercase word that is a
  clause opener (`... 65th minute The Argentine striker ...`) or an English possessive
  (`... long ball Holt's side ...`): the same chance as a mere capital, but its own word is
  not what meets the other side's sentence (Indonesian has no article, and puts the noun
  before the possessor: `Tim Holt`), so the words after it are.
- `quote`: an opening quote after a capitalised word (PLAUSIBLE): a heading in title case
  ends there more often than a quotation starts.
- `heading`: a capital in the first HEADING_WORDS words of the text's first sentence,
  after at least HEADING_MIN_WORDS words and no comma before a lowercase word (PLAUSIBLE;
  LIKELY at a common word opening lowercase words after a heading in title case), unless
  its two words are a name the text writes elsewhere or it stands between two capitals of
  a heading in title case: texts open with a heading, and without a blank line after it
  the heading runs into the first sentence. (Not a paragraph's first sentence: there,
  names at the same place in both languages would end a "heading" about as often as a
  heading really ends.) Of kind `heading-again` where its word is one the sentence has
  already written (`Watch: Liverpool's Daniel Sturridge ... vs. Chelsea | Daniel Sturridge
  saved ...`): a text's first sentence opens with what its headline named more often than
  a subtitle does, so no subtitle starts there (`alignread.align.refine`).
- `clause`: after a semicolon or a colon (a clause, which the other side may show as a
  sentence); PLAUSIBLE before a capital, otherwise POSSIBLE.
- `line`: after a line break inside a paragraph that the segmenter did not end a sentence
  at (hard-wrapped text, verse); PLAUSIBLE before a capital, otherwise POSSIBLE.

Whether a common word counts as likely uses the document-centred evidence of Mikheev
(2002): `Council` in `... the Council voted ...` twice is a name, not a heading's first
word. No start is taken after a word a sentence cannot end with (`opened in Bandung`,
`dibuka di Bandung`), after a title (`Dr.`), or at an initial (`A. Lind`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from itertools import islice

from alignread.core.words import WORD, WORD_AT, indonesian_root
from alignread.nlp.sentence_rules import CLAUSE_STARTERS, TITLES, proper_common

# How strongly a place looks like a sentence start, without punctuation to say so.
POSSIBLE, PLAUSIBLE, LIKELY = 0, 1, 2

OPEN_QUOTES = "\"“‘'«„("
# A capital (Latin script, as both languages write) after a space, perhaps quoted.
_START = re.compile(r"(?<=\s)[\"“‘'«„(]*(?=[A-ZÀ-ÖØ-Þ])")
# A clause after a semicolon or a colon (not `3:00`, not `http://`).
_CLAUSE = re.compile(r"[;:][\"'”’)\]»]*[ \t]+(?=[\"“‘'«„(]*[^\W_])")
_LINE = re.compile(r"\n[ \t]*(?=\S)")
# A word (as WORD_AT has them) that starts with a capital, not inside another word. (The
# capital is looked for first: most places fail there, sooner than at the look behind.)
_CAPITAL_WORD = re.compile(r"(?=[A-ZÀ-ÖØ-Þ])(?<![^\W_])" + WORD_AT.pattern)
# What may stand between a capitalised word and the word or mark before it.
_GAP = " \t" + OPEN_QUOTES
_LEADING = re.compile(r"\S")
# A comma before a lowercase word: a sentence's clauses, which a heading seldom has (its
# commas part capitalised words: `Phoenix, Las Vegas`, `an Island, Killing Hundreds`).
_CLAUSE_COMMA = re.compile(r", [^\W\d_A-ZÀ-ÖØ-Þ]")


@dataclass(frozen=True, slots=True)
class Start:
    """A possible sentence start at offset `pos` (into the full text); see the module doc."""

    pos: int
    strength: int
    kind: str = "capital"

    @property
    def likely(self) -> bool:
        return self.strength == LIKELY


@dataclass(frozen=True, slots=True)
class CaseStats:
    """How one text writes its words: the document-centred evidence on capitalisation."""

    lower: frozenset[str]
    # Capitalised words with each count of occurrences where nothing ended a sentence
    # before them (after a word, a comma, a colon: not after `.`, `?`, `!` or a line break).
    # Not after a number either: that is where a numbered heading run into its text ends
    # (`Article 2 Everyone has ...`, `Pasal 2 Setiap orang ...`), the very place in
    # question, and a text of such articles would otherwise count its own openers as names.
    inside: Counter[str]
    # Two capitalised words in a row (`Mexico City`, `Holly Willoughby`), with their counts.
    names: Counter[tuple[str, str]]
    # Capitalised words with each count of occurrences with no capitalised word right after
    # them: where a name ends (`... in West Virginia on Friday`).
    ends: Counter[str]

    @classmethod
    def of(cls, text: str) -> CaseStats:
        # No word holds whitespace: the text's words are those of its distinct runs between
        # whitespace, each run read once (a text repeats most of them: 3x faster than
        # reading every word of the text).
        lower = frozenset(w for run in set(text.split()) for w in WORD_AT.findall(run) if w.islower())
        inside: Counter[str] = Counter()
        names: Counter[tuple[str, str]] = Counter()
        ends: Counter[str] = Counter()
        last: re.Match[str] | None = None
        for m in _CAPITAL_WORD.finditer(text):
            w = m.group()
            start = m.start()
            k = start - 1
            while k >= 0 and text[k] in _GAP:
                k -= 1
            if k >= 0 and text[k] not in ".!?…\n" and not text[k].isdigit() and start - k < 4:
                inside[w] += 1
            if last is not None and last.end() + 1 == start and text[last.end()] == " ":
                names[(last.group(), w)] += 1
            elif last is not None:
                ends[last.group()] += 1
            last = m
        if last is not None:
            ends[last.group()] += 1
        return cls(lower, inside, names, ends)


_ARTICLES = frozenset(("the", "a", "an"))

# Words a sentence does not end with (articles, prepositions, conjunctions, auxiliaries):
# no sentence starts right after one (`opened in Bandung`, `dari Pemerintah`). Not `do`,
# `did` or `though`, which often do (`... than we did`, `... premature, though`).
NOT_FINAL = {
    "en": frozenset(
        "a an the of in on at to for from with by as into onto than and or but nor if because "
        "while although about over under between among through during without within "
        "against toward towards upon via per my your his her its our their is are was were be "
        "been being has have had will would shall should can could may might must "
        "not very such whose when whenever unless until whether".split()
    ),
    "id": frozenset(
        "di ke dari yang dan atau untuk dengan pada oleh sebagai bahwa tentang kepada terhadap "
        "dalam antara tanpa sejak hingga sampai seperti karena jika namun tetapi serta sebuah "
        "seorang para sang si adalah ialah merupakan akan telah sudah sedang masih belum tidak "
        "bukan juga lebih paling sangat menjadi saat ketika bila apabila kalau agar supaya "
        "sehingga meskipun walaupun sebelum setelah sesudah selama kata ujar ucap tutur "
        # Honorifics, written in lowercase before a name (`... dan bapak Gendon menceritakan`).
        "bapak pak ibu bu tuan nyonya saudara saudari".split()
    ),
}


class Vocabulary:
    """The common words of a language (not names), as `possible_starts` needs them."""

    def __init__(self, lang: str, words: Iterable[str]):
        self.lang = lang
        self.words = frozenset(words)
        self._seen: dict[str, bool] = {}

    def common(self, word: str) -> bool:
        # Each capitalised word once (a book meets the same names on every page).
        found = self._seen.get(word)
        if found is None:
            if len(self._seen) > 100_000:
                self._seen.clear()
            found = self._seen[word] = self._common(word)
        return found

    def _common(self, word: str) -> bool:
        lower = word.lower()
        if proper_common(lower):
            return False
        if lower in CLAUSE_STARTERS.get(self.lang, ()):
            return True
        return lower in self.words or (self.lang == "id" and indonesian_root(lower) in self.words)


def possible_starts(text: str, start: int, end: int, lang: str, stats: CaseStats, vocab: Vocabulary) -> list[Start]:
    """Where inside the sentence `text[start:end]` another could start at a capital, with no
    full stop before it."""
    out = []
    # The text's first sentence may begin with its heading (`Volcano spews ash on Mexico
    # City Ash spewing from ...`): a start in its first words is of kind `heading`.
    heading_end = _heading_end(text, start, end)
    s, e = start, end
    titles, titles_en, not_final = TITLES.get(lang, ()), TITLES["en"], NOT_FINAL.get(lang, ())
    opening: list[str] | None = None  # the sentence's first words, read when first needed
    for m in _START.finditer(text, s + 1, e):
        pos = m.start()
        before = text[max(s, pos - 60):pos].rstrip()
        if not before or before[-1] in ".!?…;":
            continue
        after = m.end()
        word_m = WORD_AT.match(text, after)
        if word_m is None or word_m.end() >= e:
            continue
        word = word_m.group()
        if not word[0].isupper() or (proper_common(word.lower()) and after == pos):
            # Weekdays, months and `I` are capitalised anywhere, unless quoted.
            continue
        # The word before, numbers included (`rises to 832 The death toll ...`).
        prev = _last_word(before[-40:])
        low = prev.lower()
        if low in titles or low in titles_en or low in not_final:
            continue
        quoted = after > pos
        strength = _strength(text, word_m, prev, before, lang, stats, vocab, quoted)
        if strength < LIKELY and _after_speaker_tag(before, lang, quoted):
            # A quotation's speaker tag has ended (`... benefits," he said Calzadilla also ...`,
            # `... bersama," katanya Calzadilla juga ...`): nothing else follows it but a sentence.
            strength = LIKELY
        if strength < LIKELY and not quoted:
            if opening is None:
                opening = _opening(text, start, end)
            if word == opening[0] and _restates(text, word_m.start(), e, opening):
                # The sentence's own first words again (`New cancer vaccine can teach ... cells
                # New cancer vaccine can teach ...`): a headline, then the text that opens with it.
                strength = LIKELY
        # (Only after a closing quote: the test `_after_quotation` begins with, made here.)
        if strength == POSSIBLE and not quoted and before[-1] in "\"”" and _after_quotation(text, s, pos, before):
            # A quotation closed with no full stop before a capital (`... than we did"
            # Grant Anderson's try ...`): a sentence ends there more often than a name goes on.
            strength = PLAUSIBLE
        if before[-1] in ",:" and strength == POSSIBLE:
            # After a comma or a colon a mere capital is no sign (`... the grant, Budi said`,
            # a heading's `Flood warning: Residents leave ...`).
            continue
        name = strength == POSSIBLE and prev[:1].isupper() and not quoted and stats.names.get((prev, word), 0) > 1
        if name:
            # Two capitalised words the text writes together elsewhere too are a name
            # (`Holly Willoughby`, `Mexico City`), wherever they stand.
            out.append(Start(pos, POSSIBLE, "name"))
        elif strength < LIKELY and pos < heading_end and len(WORD.findall(text, start, pos)) >= HEADING_MIN_WORDS \
                and not _CLAUSE_COMMA.search(text, start, pos) and _sentence_follows(text, word_m.end(), end) \
                and not ((title := _title_before(text, start, pos, not_final))
                         and _capital_follows(text, word_m.end(), end, not_final)):
            # Not between two capitals of a heading in title case (`Killer Whale Saves |
            # Stranded Diver from Shark`), which ends before a sentence's lowercase words; LIKELY
            # where a common word opens them (`... from Shark It was ...`): the title has ended.
            stem = _stem(word)
            after_title = title and _common_opener(text, word_m, stem, stats, vocab)
            # Before a word the heading has already written (`Watch: Liverpool's Daniel
            # Sturridge ... vs. Chelsea | Daniel Sturridge saved ...`): `heading-again`.
            kind = "heading-again" if stem in {_stem(w) for w in WORD.findall(text, start, pos)} else "heading"
            out.append(Start(pos, LIKELY if after_title else PLAUSIBLE, kind))
        elif quoted and strength == POSSIBLE and text[pos] != "(" and prev[:1].isupper():
            # An opening quote after a capitalised word: a heading in title case ends there
            # (`... in Harlem Struggle "Historically, ...`). After a lowercase word it is
            # mostly a quotation (`said last night "We wouldn't ...`).
            out.append(Start(pos, PLAUSIBLE, "quote"))
        elif strength == POSSIBLE and prev[:1].isupper() and not _common_opener(text, word_m, word, stats, vocab) \
                and stats.ends.get(prev, 0) < NAME_ENDS:
            # Inside a run of capitalised words: a name goes on (`United Nations General
            # Assembly`, `ITV Willoughby`) far more often than a sentence starts.
            out.append(Start(pos, POSSIBLE, "name"))
        elif strength == POSSIBLE and not quoted and prev[:1].islower() \
                and _stem(word).lower() in CLAUSE_STARTERS.get(lang, ()):
            # A clause opener after a lowercase word, no more than possible (an article before
            # a name: `... 65th minute The Argentine striker ...`; a letter seen as a grade):
            # its own word seldom has a translation to meet (Indonesian has no articles).
            out.append(Start(pos, POSSIBLE, "opener"))
        elif strength == POSSIBLE and not quoted and prev[:1].islower() and lang == "en" \
                and word.endswith(("'s", "’s")):
            # A possessive name after a lowercase word (`... long ball Holt's side could ...`):
            # Indonesian puts the noun first (`Tim Holt bisa ...`), so its first word is not
            # where the two sides meet; the words after it are.
            out.append(Start(pos, POSSIBLE, "possessive"))
        else:
            out.append(Start(pos, strength))
    return out


def _last_word(text: str) -> str:
    """The last word (WORD) of `text`, or ""."""
    # No word holds whitespace: most often the last run between whitespace holds it, and
    # only that run is read.
    runs = text.rsplit(None, 1)
    if not runs:
        return ""
    words = WORD.findall(runs[-1]) or WORD.findall(text)
    return words[-1] if words else ""


# A speaker's tag after a quotation, at the end of the text before a capital: a pronoun and
# a verb of saying (`," he said`), or an Indonesian verb of saying with its `-nya` (`,"
# katanya`), or with a pronoun (`," kata dia`). A name after the verb is the speaker
# (`," said Budi`), a word after the pronoun's verb a new sentence.
_SAYS = {
    "en": r"(?:said|says|added|adds|explained|wrote|asked|recalled|insisted|argued|noted|continued|stressed|"
          r"concluded)",
    "id": r"(?:mengatakan|menambahkan|menjelaskan|menegaskan|menyatakan|berkata)",
}
_CLOSED = r"[,.!?…][\"”’']\s*"
_ATTRIBUTION = {
    "en": re.compile(_CLOSED + r"(?:he|she|they|we|I|it)\s+" + _SAYS["en"] + "$"),
    "id": re.compile(_CLOSED + r"(?:(?:kata|ujar|tutur|ucap|imbuh|tambah|jelas|ungkap|papar|tegas|lanjut|"
                     r"sambung)nya|(?:kata|ujar|tutur)\s+(?:dia|ia|mereka|beliau)|(?:dia|ia|mereka|beliau)\s+"
                     + _SAYS["id"] + ")$"),
}
# Before a quotation that opens: any speaker tag of a few words after one that closed
# (`," one woman said "Do you ...`, `," said Lee "It is ...`, `," kata seorang warga "Apakah
# ...`), or the closing quote itself (`... a "trigger" "They're just ...`): a new quotation,
# a new sentence.
_SPEAKER = r"(?:[^\W_][\w’'.-]*\s+){0,4}"
_TAG_THEN_QUOTE = {
    "en": re.compile(_CLOSED + r"(?:" + _SPEAKER + _SAYS["en"] + r"|" + _SAYS["en"] + r"(?:\s+[^\W_][\w’'.-]*){1,4})$"),
    "id": re.compile(_CLOSED + r"(?:" + _SPEAKER + _SAYS["id"] + r"|(?:kata|ujar|tutur)(?:\s+[^\W_][\w’'.-]*){1,4})$"),
}
_QUOTE_CLOSED = re.compile(r"[^\s\"“”][\"”]$")


def _after_speaker_tag(before: str, lang: str, quoted: bool) -> bool:
    """Whether `before` (the text before a capital, stripped) ends with a quotation's speaker
    tag (`_ATTRIBUTION`), or, before an opening quote (`quoted`), with one of a few words or
    with a closing quote (`_TAG_THEN_QUOTE`, `_QUOTE_CLOSED`)."""
    tag = _ATTRIBUTION.get(lang)
    if tag is not None and tag.search(before):
        return True
    if not quoted:
        return False
    tag = _TAG_THEN_QUOTE.get(lang)
    return bool(_QUOTE_CLOSED.search(before)) or (tag is not None and tag.search(before) is not None)


# A capitalised word the text ends a name with this often elsewhere (`... West Virginia on
# Friday`) ends one before a capital too, as often as a mere capital starts a sentence
# (`... West Virginia Presiden secara ...`): a `capital`, not a `name`.
NAME_ENDS = 1


# An English clitic after an apostrophe: `He's`, `They're`, `We'll` open with a clause opener.
_CLITIC = re.compile(r"['’](?:s|re|ll|ve|d|m)$")


def _stem(word: str) -> str:
    """`word` without an English clitic (`He's` -> `He`)."""
    # Most words have no apostrophe at all: no substitution to try.
    return _CLITIC.sub("", word) if "'" in word or "’" in word else word


def _opening(text: str, start: int, end: int) -> list[str]:
    """The first RESTATED_WORDS words of `text[start:end]` (fewer: none)."""
    first = [m.group() for m in islice(WORD.finditer(text, start, min(end, start + 200)), RESTATED_WORDS)]
    return first if len(first) == RESTATED_WORDS else [""]


def _restates(text: str, pos: int, end: int, opening: list[str]) -> bool:
    """Whether the words at `pos` are `opening` again, in the same case."""
    return WORD.findall(text, pos, min(end, pos + 200))[:RESTATED_WORDS] == opening


RESTATED_WORDS = 3


def _after_quotation(text: str, start: int, pos: int, before: str) -> bool:
    """Whether `before` (the text up to `pos`) ends with a closing quotation mark right
    after a word or a mark, closing a quotation of at least QUOTATION_WORDS words inside
    the sentence that starts at `start` (not a quoted name: `the gate called "Beautiful"`)."""
    if len(before) < 2 or before[-1] not in "\"”" or before[-2].isspace() or before[-2] in ",;:":
        # (A quotation closed after a comma goes on: `"... there," Budi said`.)
        return False
    close = text.rindex(before[-1], start, pos)
    open_ = text.rfind("“" if before[-1] == "”" else '"', start, close)
    return open_ >= 0 and len(WORD.findall(text, open_, close)) >= QUOTATION_WORDS


QUOTATION_WORDS = 4


def _common_opener(text: str, word_m: re.Match, word: str, stats: CaseStats, vocab: Vocabulary) -> bool:
    """Whether a capitalised common word after a capitalised one ends the run of capitals
    (a lowercase word follows) and the text does not write it capitalised mid-sentence
    elsewhere: then the name before it has ended, and a sentence may start at it (`... di
    Livingston Tim Ibrox berusaha ...` is not, `... di atas Le Golf National Lebih baik
    ...` is). Still only possible: a name's last word may be common (`Jawa Barat`)."""
    if not (len(word) == 1 or word[1:].islower()) or not vocab.common(word) or stats.inside.get(word, 0) > 1:
        return False
    nxt = WORD_AT.match(text, word_m.end() + 1) if text[word_m.end():word_m.end() + 1] == " " else None
    return nxt is not None and nxt.group().islower()


def _title_before(text: str, start: int, pos: int, not_final: Container[str]) -> bool:
    """Whether `text[start:pos]` is in title case: its words that are no function words
    (NOT_FINAL), at least TITLE_WORDS of them, all capitalised."""
    before = [w for w in WORD_AT.findall(text, start, pos) if w.lower() not in not_final]
    return len(before) >= TITLE_WORDS and all(w[0].isupper() for w in before)


def _capital_follows(text: str, pos: int, end: int, not_final: Container[str]) -> bool:
    """Whether the first word of `text[pos:end]` that is no function word is capitalised."""
    for m in WORD_AT.finditer(text, pos, end):
        if m.group().lower() not in not_final:
            return m.group()[0].isupper()
    return False


TITLE_WORDS = 2


def _sentence_follows(text: str, pos: int, end: int) -> bool:
    """Whether `text[pos:end]` (after a start's first word) reads as a sentence rather than
    more of a title: most of its words are in lowercase, and its first words do not run to
    a colon (the name before a headline's colon: `Leeds 2 - 1 | Fulham: Late goals ...`)."""
    rest = WORD_AT.findall(text, pos, end)
    near = text[pos:_end_of_words(text, pos, end, HEADING_COLON_WORDS)]
    return len(rest) >= 3 and sum(w.islower() for w in rest) * 2 > len(rest) and ":" not in near


# A colon within this many words after a start's first word: a headline's `Name: title`.
HEADING_COLON_WORDS = 2


def _end_of_words(text: str, pos: int, end: int, count: int) -> int:
    """The offset after the `count`-th word from `pos` on (or `end`), and any punctuation
    right after it."""
    found = end
    for k, m in enumerate(WORD_AT.finditer(text, pos, end)):
        if k + 1 == count:
            found = m.end()
            break
    while found < end and not text[found].isspace():
        found += 1
    return found


# A heading run into the text's first sentence ends after at least HEADING_MIN_WORDS and
# within HEADING_WORDS words.
HEADING_MIN_WORDS = 3
HEADING_WORDS = 20


def _heading_end(text: str, start: int, end: int) -> int:
    """The offset up to which a start inside the sentence `text[start:end]` may end a
    heading: its first HEADING_WORDS words, if it is the first sentence of the text and
    ends as a sentence does (a heading on a line of its own does not)."""
    first = _LEADING.search(text)
    if first is not None and first.start() < start:
        return start
    if not text[start:end].rstrip("\"'”’)]» ").endswith((".", "!", "?", "…")):
        return start
    words = list(WORD.finditer(text, start, end))
    if len(words) <= HEADING_MIN_WORDS:
        return start
    # Not within its first words: a heading has a few.
    return words[HEADING_WORDS].start() if len(words) > HEADING_WORDS else end


def _strength(
    text: str, word_m: re.Match, prev: str, before: str, lang: str, stats: CaseStats, vocab: Vocabulary, quoted: bool
) -> int:
    word = _stem(word_m.group())
    lower = word.lower()
    if quoted or not (len(word) == 1 or word[1:].islower()):
        return POSSIBLE
    after_lower = (prev.islower() or prev.isdigit()) and before.rstrip(",").endswith(prev)
    if after_lower and prev == lower:
        # `... menunggu hasil Hasil ujian keluar ...`
        return LIKELY
    if len(word) == 1 and text.startswith(".", word_m.end()):
        return POSSIBLE  # an initial: `Dionisio A. Lind`
    starter = lower in CLAUSE_STARTERS.get(lang, ())
    # A word the vocabulary lacks is common if the text itself writes it in lowercase too
    # (`... an ocean-blue flag Naval bases ...` beside `the naval parade`).
    common = vocab.common(word) or (lower in stats.lower and not proper_common(lower))
    if not common or (stats.inside.get(word, 0) > 1 and not (starter and len(word) > 1)):
        # A clause opener seen capitalised mid-sentence elsewhere is in a title (`The
        # Times`), which says nothing of this one; a letter is a grade (`grade A`).
        return POSSIBLE
    if text.startswith(": ", word_m.end()) and before.endswith(":"):
        # A speaker's label right after another: `... Budi: Woman: "Where ...`.
        return LIKELY
    if not (after_lower or (starter and before.endswith(prev))):
        # After a capitalised word a common word is part of a name (`the Welsh Assembly`);
        # a clause opener there is a sentence start (`... at Senayan Stadium A fine game ...`).
        return POSSIBLE
    rest = text[word_m.end():word_m.end() + 30]
    nxt = WORD_AT.match(rest.lstrip())
    capital_next = rest[:1].isspace() and nxt is not None and nxt.group()[0].isupper()
    if capital_next and (not starter or lower in _ARTICLES or not after_lower):
        # Before another capitalised word it is a title or part of a name (`Professor
        # Hadi`, `Storm Ana`, `told The Daily Post`, `keputusan Pemerintah Kota`), or a
        # title in title case (`Why We Keep Notebooks`); a clause opener after a lowercase
        # word is not (`... said And Budi agreed ...`).
        return POSSIBLE
    if not starter and lower not in stats.lower:
        # Only a word the text itself also writes in lowercase (`vaccine`) is likely.
        return PLAUSIBLE
    return LIKELY


def clause_starts(text: str, start: int, end: int) -> list[Start]:
    """Clauses after a semicolon or a colon inside the sentence `text[start:end]`."""
    out = []
    for m in _CLAUSE.finditer(text, start, end):
        pos = m.end()
        if pos >= end or "\n" in m.group():
            continue
        first = text[pos:pos + 4].lstrip(OPEN_QUOTES)[:1]
        out.append(Start(pos, PLAUSIBLE if first.isupper() else POSSIBLE, "clause"))
    return out


def line_starts(text: str, start: int, end: int) -> list[Start]:
    """Line starts inside the sentence `text[start:end]` (the segmenter kept the line joined)."""
    out = []
    for m in _LINE.finditer(text, start, end):
        pos = m.end()
        if start < pos < end:
            first = text[pos:pos + 4].lstrip(OPEN_QUOTES)[:1]
            out.append(Start(pos, PLAUSIBLE if first.isupper() or first.isdigit() else POSSIBLE, "line"))
    return out


def sentence_starts(text: str, start: int, end: int, lang: str, stats: CaseStats, vocab: Vocabulary) -> list[Start]:
    """Every place inside `text[start:end]` where another sentence may start, in order; at
    one place, the strongest reading."""
    lines, clauses = line_starts(text, start, end), clause_starts(text, start, end)
    capitals = possible_starts(text, start, end, lang, stats, vocab)
    if not lines and not clauses:
        return capitals  # already in order, one at a place (most sentences)
    found: dict[int, Start] = {}
    for s in (*lines, *clauses, *capitals):
        old = found.get(s.pos)
        if old is None or s.strength > old.strength:
            found[s.pos] = s
    return [found[p] for p in sorted(found)]
