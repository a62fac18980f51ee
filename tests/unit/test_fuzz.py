"""Fuzzing the readers, the YAML loader and every export: whatever comes in, the answer is a
valid result or an `AlignreadError` (one line naming the place), never a traceback or a hang.
"""

from __future__ import annotations

import string
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignread.core.errors import AlignreadError
from alignread.core.model import Annotation, Bead, Concept, TextPair
from alignread.core.textio import check_plain_text, decode_text
from alignread.formats import FORMATS, render
from alignread.store import pairfile, yamlio
from tests.paths import ROOT
from tests.texts import make_text

VALID = (ROOT / "tests" / "data" / "word-of-mouth.yaml").read_text(encoding="utf-8")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_line(exc: AlignreadError) -> None:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text


# ---------------------------------------------------------------- texts


@FAST
@given(st.binary(max_size=600), st.sampled_from([None, "utf-8", "cp1252", "utf-16", "no-such-codec"]))
def test_any_bytes_decode_to_a_text_or_a_one_line_error(data, encoding):
    try:
        text = decode_text(data, "input.txt", encoding)
    except AlignreadError as exc:
        one_line(exc)
        return
    assert isinstance(text, str) and "\r" not in text and text.strip()
    try:
        check_plain_text(text, "input.txt")
    except AlignreadError as exc:
        one_line(exc)


# ---------------------------------------------------------------- the YAML loader


def load(text: str):
    try:
        pair = pairfile.loads(text, "pair.yaml")
    except AlignreadError as exc:
        one_line(exc)
        assert str(exc).startswith("pair.yaml")
        return None
    again = pairfile.loads(pairfile.dumps(pair), "again.yaml")
    assert again == pair  # what loads is valid, and saves back as it was
    return pair


@FAST
@given(st.text(max_size=400))
def test_any_text_loads_as_a_pair_or_is_refused_in_one_line(text):
    load(text)


@FAST
@given(st.integers(0, len(VALID)))
def test_a_file_cut_anywhere_is_refused_or_whole(cut):
    pair = load(VALID[:cut])
    assert pair is None or cut >= VALID.index("annotations:")


LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(allow_nan=True),
                   st.text(max_size=20), st.lists(st.integers(-2, 200), max_size=4), st.just({}))


@st.composite
def mutated(draw):
    """The valid file's data with one value somewhere replaced by something else."""
    data = yaml.safe_load(VALID)
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for k, v in enumerate(node[:3]):
                walk(v, (*path, k))

    walk(data, ())
    path = draw(st.sampled_from(paths[1:]))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = draw(LEAVES)
    return data


@FAST
@given(mutated())
def test_a_file_with_a_value_of_the_wrong_kind_is_refused_or_valid(data):
    try:
        pair = pairfile.from_data(data, "pair.yaml")
    except AlignreadError as exc:
        one_line(exc)
        return
    assert pairfile.loads(pairfile.dumps(pair), "again.yaml") == pair


def test_an_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(AlignreadError, match="alias"):
        yamlio.load(bomb, "bomb.yaml")


# ---------------------------------------------------------------- exports

# Everything a reader may type or paste: markup, entities, quotes, controls, emoji.
NASTY = st.text(alphabet=st.one_of(
    st.sampled_from(list("<>&\"'`*_[]#|\t\\") + ["\x00", "\x07", "\u2028", "\ufffe", "😀", "é", "漢"]),
    st.sampled_from(list(string.ascii_letters + " .")),
), min_size=1, max_size=30)


@st.composite
def pairs(draw):
    n = draw(st.integers(1, 4))
    en = make_text("en", [[draw(NASTY).strip() or "x" for _ in range(n)]])
    ind = make_text("id", [[draw(NASTY).strip() or "y" for _ in range(n)]])
    # Scores are saved to four decimals.
    beads = tuple(Bead((k,), (k,), round(draw(st.floats(0, 1)), 4), draw(st.sampled_from(["auto", "confirmed"])))
                  for k in range(n))
    concept = Concept("c1", draw(NASTY), draw(NASTY), draw(NASTY))
    pair = TextPair(en, ind, beads=beads, concepts=(concept,))
    anns = []
    for k in draw(st.lists(st.integers(0, n - 1), max_size=n, unique=True)):
        anns.append(Annotation(f"a{k + 1}", en=(k,), ind=(k,), concepts=("c1",), note=draw(NASTY),
                               quote_en=en.sentences[k].text, quote_ind=ind.sentences[k].text))
    return replace(pair, annotations=tuple(anns))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs(), st.sampled_from(FORMATS))
def test_every_export_renders_anything_a_reader_wrote(pair, fmt):
    out = render(pair, fmt, "doc")
    assert isinstance(out, str)
    if fmt == "tmx":
        ET.fromstring(out.split("\n", 2)[2])  # well-formed XML, whatever the texts held
    elif fmt == "tsv":
        assert all(len(row.split("\t")) == 6 for row in out.splitlines())
    elif fmt == "yaml":
        assert pairfile.loads(out, "x.yaml") == pair
    elif fmt == "html":
        parser = _Collect()
        parser.feed(out)
        assert "script" not in parser.tags  # a <script> in a note or a text stays text


# ---------------------------------------------------------------- input formats


def read_any(data: bytes, where: str) -> None:
    """A format reader's answer is a SourceText whose spans lie in its text, or one line
    naming the file."""
    from alignread.core.structure import SourceText
    from alignread.formats.readers import parse_source

    try:
        source = parse_source(data, where)
    except AlignreadError as exc:
        one_line(exc)
        assert str(exc).startswith(where), str(exc)
        return
    assert isinstance(source, SourceText)
    n = len(source.text)
    assert all(0 <= start <= end <= n for start, end, _level in source.headings)
    assert all(0 <= offset <= n for offset, _title in source.chapters)


NAMES = ["page.html", "notes.md", "book.epub", "essay.docx", "plain.txt"]


@FAST
@given(st.binary(max_size=800), st.sampled_from(NAMES))
def test_any_bytes_under_any_input_format_name(data, where):
    read_any(data, where)


def _valid_documents() -> dict[str, bytes]:
    from tests.unit.test_readers import docx_bytes, epub_bytes, web_page

    return {
        "page.html": web_page(),
        "essay.docx": docx_bytes(),
        "book.epub": epub_bytes([("One", ["A first paragraph.", "A second one."]), ("Two", ["The end."])]),
        "notes.md": b"# A title\n\nSome *text* here.\n\n## Part\n\n- a list\n- of two\n\n```\ncode\n```\n",
    }


VALID_DOCUMENTS = _valid_documents()


@MANY
@given(st.sampled_from(sorted(VALID_DOCUMENTS)), st.data())
def test_damaged_books_pages_and_documents(where, data):
    # A real document cut short, or with bytes changed here and there (a broken download,
    # a bad disk): read as far as it goes, or refused in one line.
    raw = bytearray(VALID_DOCUMENTS[where])
    if data.draw(st.booleans(), label="truncate"):
        raw = raw[: data.draw(st.integers(0, len(raw)), label="length")]
    for _ in range(data.draw(st.integers(0, 8), label="changes")):
        if raw:
            at = data.draw(st.integers(0, len(raw) - 1), label="at")
            raw[at] = data.draw(st.integers(0, 255), label="byte")
    read_any(bytes(raw), where)


TAGS = ["p", "div", "h1", "h2", "h3", "article", "main", "nav", "script", "style", "pre", "code", "table",
        "tr", "td", "ul", "li", "img", "br", "a", "span", "title", "head", "body", "html", "!--", "![CDATA["]


@FAST
@given(st.lists(st.one_of(st.sampled_from(TAGS).map(lambda t: f"<{t}>"), st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
                          st.text(alphabet=string.ascii_letters + " .,&;<>\"'\u00e9\u2014\n", max_size=40)),
                max_size=40))
def test_any_tag_soup_as_a_saved_web_page(pieces):
    read_any("".join(pieces).encode("utf-8"), "page.html")
