"""The fast YAML paths agree with PyYAML: the same bytes written, the same data read."""

from __future__ import annotations

import contextlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignread.core.errors import FormatError
from alignread.store import yamlio
from alignread.store.yamlio import Flow, FlowMap

# Text as readers write it, and the characters YAML treats specially.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" \n\t'\"#:,-?[]{}&*!|>%@`\\~=<.0123456789eEyYnNoOtTfF_\u00a0\u2028\x85\ufeff")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=30,
)
KEYS = st.sampled_from(["en", "id", "text", "note", "y", "n", "yes", "start", "a-b", "_x"])
SCALARS = st.one_of(TEXT, st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                    st.booleans(), st.none())


def flows(children):
    return st.one_of(st.lists(children, max_size=4).map(Flow),
                     st.dictionaries(KEYS, children, max_size=4).map(FlowMap))


FLOW = st.recursive(SCALARS, flows, max_leaves=8)
BLOCK = st.recursive(
    st.one_of(SCALARS, FLOW),
    lambda children: st.one_of(st.lists(st.one_of(children, FLOW), max_size=3),
                               st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=12,
)
DOCUMENT = st.dictionaries(KEYS, BLOCK, min_size=1, max_size=5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_the_fast_writer_writes_what_pyyaml_writes(data):
    assert yamlio.fast_dump(data) == yamlio.pyyaml_dump(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_the_fast_reader_reads_what_pyyaml_reads(data):
    text = yamlio.dump(data)
    expected = yaml.safe_load(text)
    try:
        fast = yamlio.fast_load(text)
    except yamlio.FastDumpUnsupported:
        return  # PyYAML reads it: nothing to compare
    assert fast == expected
    assert yamlio.load(text, "x.yaml") == expected


@pytest.mark.parametrize("text", ["1e3", "0o17", "yes", "No", "~", "null", "2024-01-01", "1_000", "0x1F", ".5", "=",
                                  "- a", "a: b", "#x", " lead", "trail ", "", "'", "\"q\"", "a\nb", "a \nb", "\ttab"])
def test_texts_that_look_like_other_things_stay_text(text):
    data = {"sentences": [FlowMap(start=0, end=1, paragraph=0, text=text)], "note": text}
    written = yamlio.dump(data)
    assert written == yamlio.pyyaml_dump(data)
    assert yamlio.load(written, "x.yaml") == {"sentences": [{"start": 0, "end": 1, "paragraph": 0, "text": text}],
                                              "note": text}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(0, 999), TEXT), max_size=6))
def test_sentence_lines_read_as_pyyaml_reads_them(sentences):
    """A book's sentence lines are read by one regular expression each: the same data."""
    data = {"sentences": [FlowMap(start=a, end=b, paragraph=p, text=t) for a, b, p, t in sentences]}
    text = yamlio.dump(data)
    expected = {"sentences": [dict(m) for m in data["sentences"]]}
    assert yaml.safe_load(text) == yamlio.load(text, "x.yaml") == expected
    with contextlib.suppress(yamlio.FastDumpUnsupported):  # (a text with a tab, say: PyYAML reads the file)
        assert yamlio.fast_load(text) == expected


@pytest.mark.parametrize("text", [
    "'it''s'", "''''", "'a'}'", "'a' ", "a b", "a b ", "'a''", '"q"', '"a\\tb"', "yes", "12", "-x", "- x", "x}",
    "'a', paragraph: 1", "'{'", "a#b", "a: b", "",
])
def test_sentence_lines_written_by_hand_read_as_pyyaml_reads_them(text):
    doc = f"sentences:\n- {{start: 0, end: 3, paragraph: 0, text: {text}}}\n"
    try:
        expected = yaml.safe_load(doc)
    except yaml.YAMLError:
        expected = "refused"
    try:
        fast = yamlio.fast_load(doc)
    except yamlio.FastDumpUnsupported:
        return  # PyYAML reads it (or refuses it)
    assert fast == expected


def test_typed_values_read_as_pyyaml_reads_them():
    text = "a: yes\nb: 1e3\nc: 0o17\nd: [1, 2.5, null, true, 'x']\ne: 12\n"
    assert yamlio.fast_load(text) == yaml.safe_load(text) == {
        "a": True, "b": "1e3", "c": "0o17", "d": [1, 2.5, None, True, "x"], "e": 12}


@pytest.mark.parametrize("text", [
    "# a comment\na: 1\n",
    "a: 1 # trailing\n",
    "a: &x [1]\nb: *x\n",
    "a: !!str 1\n",
    "a: [1,\n  2]\n",
    "a: 'two\n  lines'\n",
    "a: plain\n  continued\n",
    "a:\n\tb: 1\n",
    "---\na: 1\n",
    "a: >\n  folded\n",
])
def test_anything_else_goes_to_pyyaml(text):
    with pytest.raises(yamlio.FastDumpUnsupported):
        yamlio.fast_load(text)


def test_aliases_are_refused_and_bombs_do_not_explode():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 9)}]\n" for k in range(8))
    with pytest.raises(FormatError, match="aliases"):
        yamlio.load(bomb, "bomb.yaml")


def test_python_tags_are_refused():
    with pytest.raises(FormatError, match="Python tag"):
        yamlio.load("a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")


def test_literal_blocks_keep_every_line_ending():
    for text in ["a\n", "a", "a\n\n", "\nx\n", "\n", "a\n\nb\n\n\n", "  indented\nnot\n"]:
        data = {"text": text}
        written = yamlio.dump(data)
        assert written == yamlio.pyyaml_dump(data)
        assert yamlio.fast_load(written) == data
