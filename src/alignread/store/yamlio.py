"""The one place that reads and writes YAML.

Safe loading only (no Python tags are ever constructed, aliases are refused), and one
dumper with the project's settings: `allow_unicode`, keys in the order given, literal
block style for multi-line strings, flow style for short lists and small records, and no
line wrapping, so that a sentence or a bead stays on one line and diffs stay readable.
PyYAML is the reference; files in the shape alignread writes are read and written by the
fast paths at the end of this module, which give the same data and the same bytes in a
tenth of the time or less (a 30 MB book: 1.6 s to write instead of 7.5 s; the 34 MB book of
`benchmarks/book.py`: 0.5 s of CPU to read instead of 13 s).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

import yaml

from alignread.core.errors import FormatError


class Flow(list):
    """A list written in flow style: `[0, 1]`."""


class FlowMap(dict):
    """A mapping written in flow style on one line: `{en: [0], id: [0]}`."""


class PairDumper(yaml.SafeDumper):
    pass


# libyaml's emitter writes the same text about five times faster, but escapes characters
# beyond the Basic Multilingual Plane (emoji) as `\U0001F600`; it is used for documents
# that have none, so files stay readable and a document always gets the same bytes.
if hasattr(yaml, "CSafeDumper"):

    class PairCDumper(yaml.CSafeDumper):
        pass

else:  # PyYAML built without libyaml
    PairCDumper = None  # type: ignore[assignment,misc]


# Characters YAML treats as line breaks or that a reader would not see: such strings are
# written double-quoted, where they are escaped, so they survive a round trip exactly.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _UNSAFE.search(value):
        style = '"'
    elif "\n" in value:
        style = "|"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _flow_seq(dumper: yaml.SafeDumper, value: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _flow_map(dumper: yaml.SafeDumper, value: FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


for _dumper in (PairDumper, PairCDumper):
    if _dumper is not None:
        # Both dumpers share SafeDumper's representer interface; the stubs type each apart.
        _dumper.add_representer(str, _str)  # type: ignore[arg-type]
        _dumper.add_representer(Flow, _flow_seq)  # type: ignore[arg-type]
        _dumper.add_representer(FlowMap, _flow_map)  # type: ignore[arg-type]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(data: Any) -> bool:
    """Whether any string in `data` has a character beyond the Basic Multilingual Plane."""
    if isinstance(data, str):
        return bool(_ASTRAL.search(data))
    if isinstance(data, dict):
        return any(has_astral(k) or has_astral(v) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return any(has_astral(v) for v in data)
    return False


# No line is ever wrapped (the widest libyaml takes): a sentence, a bead or a text's list of
# paragraphs stays on one line however long.
WIDTH = (1 << 31) - 1


def dump(data: Any) -> str:
    """Serialise plain data (dicts, lists, str, int, float, bool, None) as YAML."""
    if isinstance(data, dict) and data:
        return fast_dump(data)
    return pyyaml_dump(data)


def pyyaml_dump(data: Any) -> str:
    """`dump` by PyYAML's emitters: the reference the fast writer follows."""
    dumper = PairDumper if PairCDumper is None or has_astral(data) else PairCDumper
    text = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        indent=2,
    )
    # Both emitters may close the stream with a `...` document-end marker after a block
    # scalar that keeps its trailing newlines (libyaml even when more keys follow). The
    # end of the stream ends the scalar just as well, and without the marker both
    # emitters give the same bytes and sections of a file can be written one by one.
    return text[: -len("...\n")] if text.endswith("\n...\n") else text


# libyaml's safe loader when PyYAML was built with it: the same safe constructor (no Python
# tags), about four times faster on a long book.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, where: str) -> Any:
    """Parse YAML safely; any problem becomes a one-line `FormatError`.

    Files in the shape alignread writes are read by the fast reader below; anything else by
    PyYAML's safe loader (no Python tags are ever constructed). Aliases are refused: no
    alignread file has them, and they are what alias bombs are made of.
    """
    try:
        return fast_load(text)
    except FastDumpUnsupported:
        pass
    except RecursionError:
        raise FormatError(where, "is nested too deeply to be an alignread file") from None
    data = _pyyaml_load(text, where)
    if _shared_container(data):
        raise FormatError(where, "uses YAML aliases (*name), which alignread files never hold; not reading it")
    return data


def _pyyaml_load(text: str, where: str) -> Any:
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except RecursionError:
        raise FormatError(where, "is nested too deeply to be an alignread file") from None
    except yaml.constructor.ConstructorError as exc:
        raise _constructor_problem(exc, where) from None
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, where) from None


def _constructor_problem(exc: yaml.constructor.ConstructorError, where: str) -> FormatError:
    """A tag the safe constructor refused, as a one-line error (a Python tag named as such)."""
    tag = getattr(exc, "problem", "") or ""
    mark = exc.problem_mark
    at = f" (line {mark.line + 1})" if mark else ""
    if "python/" in tag or "!!python" in tag:
        return FormatError(where, f"holds a Python tag{at}, which alignread never loads")
    return FormatError(where, f"is not valid YAML: {tag.strip() or 'unknown tag'}{at}")


def _syntax_problem(exc: yaml.YAMLError, where: str) -> FormatError:
    """A YAML syntax error as a one-line error with its place."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return FormatError(where, f"is not valid YAML: {problem}{at}")


def stream_mapping(fh: TextIO, where: str, streamed: str) -> Iterator[tuple[str | None, int | None, Any]]:
    """A top-level mapping read one entry at a time, in memory flat in the file's size.

    Yields `(key, None, value)` for each top-level key, except the list under `streamed`,
    which is announced as `(streamed, -1, None)` and whose items are then yielded one at a
    time as `(streamed, index, item)` (a `streamed` value that is not a list is yielded
    whole, with index None). A document that is not a
    mapping is yielded whole as `(None, None, value)`; an empty one yields nothing.

    The same safe constructor as `load` builds each value (no Python tags); aliases are
    refused, so an alias bomb cannot expand either.
    """
    events = _events(fh, where)
    resolver = yaml.resolver.Resolver()
    constructor = yaml.constructor.SafeConstructor()

    def value(first: yaml.Event) -> Any:
        node = _compose(first, events, resolver, where)
        try:
            return constructor.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            raise _constructor_problem(exc, where) from None

    for event in events:
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
            continue
        if isinstance(event, (yaml.DocumentEndEvent, yaml.StreamEndEvent)):
            return
        if not isinstance(event, yaml.MappingStartEvent):
            yield None, None, value(event)
            return
        while True:
            key_event = next(events)
            if isinstance(key_event, yaml.MappingEndEvent):
                return
            key = value(key_event)
            first = next(events)
            if key == streamed and isinstance(first, yaml.SequenceStartEvent):
                yield streamed, -1, None
                for index, item in enumerate(events):
                    if isinstance(item, yaml.SequenceEndEvent):
                        break
                    yield streamed, index, value(item)
            else:
                yield str(key), None, value(first)
    return


def _events(fh: TextIO, where: str) -> Iterator[yaml.Event]:
    """libyaml's (or PyYAML's) parser events, its problems as one-line `FormatError`s."""
    try:
        yield from yaml.parse(fh, Loader=_SafeLoader)
    except UnicodeDecodeError:
        raise FormatError(where, "is not UTF-8") from None
    except yaml.YAMLError as exc:
        raise _syntax_problem(exc, where) from None


def _tag(event: Any, resolver: Any, kind: type, value: str | None) -> str:
    """The node's tag: as written, or the one YAML's implicit rules give it."""
    return event.tag if event.tag not in (None, "!") else resolver.resolve(kind, value, event.implicit)


def _compose(first: yaml.Event, events: Iterator[yaml.Event], resolver: Any, where: str) -> yaml.Node:
    """The node that starts with event `first`, its children read from `events` (PyYAML's
    composer, without anchors)."""
    if isinstance(first, yaml.AliasEvent) or getattr(first, "anchor", None):
        line = first.start_mark.line + 1 if first.start_mark else 0
        raise FormatError(where, f"uses an anchor or alias (line {line}), which this file may not")
    if isinstance(first, yaml.ScalarEvent):
        tag = _tag(first, resolver, yaml.ScalarNode, first.value)
        return yaml.ScalarNode(tag, first.value, style=first.style)
    if isinstance(first, yaml.SequenceStartEvent):
        tag = _tag(first, resolver, yaml.SequenceNode, None)
        items = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            items.append(_compose(event, events, resolver, where))
        return yaml.SequenceNode(tag, items, flow_style=first.flow_style)
    if isinstance(first, yaml.MappingStartEvent):
        tag = _tag(first, resolver, yaml.MappingNode, None)
        pairs = []
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                break
            key = _compose(event, events, resolver, where)
            pairs.append((key, _compose(next(events), events, resolver, where)))
        return yaml.MappingNode(tag, pairs, flow_style=first.flow_style)
    raise FormatError(where, f"is not valid YAML: unexpected {type(first).__name__}")

# ------------------------------------------------------------------ fast paths
#
# PyYAML reads a 30 MB book (100,000 sentences) in 13 s even with libyaml, and writes it
# in 8 s. The files alignread writes have a small, regular shape: block mappings, one-line
# flow collections, quoted or plain one-line scalars and literal blocks. The two fast
# paths below read and write exactly that shape in Python, in time proportional to the
# file with a small constant, and give way to PyYAML for anything else (comments, tags,
# anchors, multi-line flow, a hand-edited layout...). They follow PyYAML's rules to the
# letter where they apply: plain scalars are resolved by PyYAML's own resolver (so `yes`
# is true and `1e3` text, as YAML 1.1 says), and a scalar is written in the style
# PyYAML's emitter would choose. Tests compare both with PyYAML on random data.


class FastDumpUnsupported(Exception):
    """Outside the shape the fast paths take: PyYAML does it."""


_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
# First characters for which PyYAML has implicit resolvers (null, bool, int, float, ...).
_RESOLVABLE = frozenset("-+.0123456789FNOTYfnoty~<=!&*")
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
# What the fast reader never sees in a file alignread wrote: tabs, other line breaks, and
# what PyYAML's reader refuses outright.
_ODD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?\Z")
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): ")
# A quote inside single quotes is written twice ('it''s'); the pattern is unrolled (runs of
# other characters, then a doubled quote and another run) so the regex engine takes the
# runs a whole class at a time instead of one alternative per character.
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_UNESCAPES = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
              "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
              "L": "\u2028", "P": "\u2029"}
_FLOW_PLAIN = re.compile(r"(?:[^-,\[\]{}:#&*!|>'\"%@`?\s]|-(?=[^\s,\[\]{}]))[^,\[\]{}:#]*")
# The two lines a book has 100,000 of: a sentence and a bead, in the form alignread writes,
# each read by one match (a sentence's text single-quoted or plain; any other line, a
# double-quoted text say, is read as any flow mapping is, to the same value).
_SENTENCE = re.compile(
    r"\{start: (0|[1-9][0-9]*), end: (0|[1-9][0-9]*), paragraph: (0|[1-9][0-9]*), text: "
    r"(?:" + _SINGLE.pattern + "|(" + _FLOW_PLAIN.pattern + r"))\}\Z"
)
_IDS = r"((?:0|[1-9][0-9]*)(?:, (?:0|[1-9][0-9]*))*)?"
_BEAD = re.compile(
    r"\{en: \[" + _IDS + r"\], id: \[" + _IDS + r"\], score: ([01]\.[0-9]+), status: (auto|confirmed)\}\Z"
)
_NUMBERS = re.compile(r"\[[\[\]0-9, ]*\]\Z")
_LITERAL = re.compile(r"\|(?:([1-9])([-+])?|([-+])([1-9])?)?\Z")


def _plain(value: str) -> Any:
    """A plain scalar as PyYAML's safe loader gives it."""
    if value[0] not in _RESOLVABLE:
        return value
    if _INT.match(value):
        return int(value)
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    if tag.endswith(":float") and _FLOAT.match(value):
        return float(value)
    if tag.endswith(":bool"):
        return _BOOLS[value.lower()]
    if tag.endswith(":null"):
        return None
    raise FastDumpUnsupported


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    if len(code) > 1:
        return chr(int(code[1:], 16))
    if code not in _UNESCAPES:
        raise FastDumpUnsupported
    return _UNESCAPES[code]


class _Reader:
    """Block structure by indentation, one node per line (see above)."""

    def __init__(self, text: str) -> None:
        if _ODD.search(text) or text.startswith(("%", "---")):
            raise FastDumpUnsupported
        self.lines = text.split("\n")
        if self.lines[-1] == "":
            self.lines.pop()
        self.i = 0

    def document(self) -> Any:
        if not self.lines:
            raise FastDumpUnsupported
        value = self.mapping(0)
        if self.i != len(self.lines):
            raise FastDumpUnsupported
        return value

    def mapping(self, indent: int) -> dict:
        lines = self.lines
        out: dict = {}
        while self.i < len(lines):
            line = lines[self.i]
            ind = len(line) - len(line.lstrip(" "))
            if ind < indent and line.strip():
                break
            if ind != indent:
                raise FastDumpUnsupported
            m = _KEY.match(line, indent)
            if m is None:
                raise FastDumpUnsupported
            key = _plain(m[1])
            if not isinstance(key, str) or key in out:
                raise FastDumpUnsupported
            rest = m[2]
            self.i += 1
            if not rest:
                out[key] = self.nested(indent)
            elif rest[0] == "|":
                out[key] = self.literal(rest, indent)
            else:
                out[key] = self.inline(rest)
        return out

    def nested(self, indent: int) -> Any:
        """The value of `key:` with nothing after it: a block below, or null."""
        if self.i < len(self.lines):
            line = self.lines[self.i]
            ind = len(line) - len(line.lstrip(" "))
            if ind == indent and (line.startswith("- ", ind) or line.endswith("-")):
                return self.sequence(indent)
            if ind > indent:
                if line.startswith("- ", ind):
                    return self.sequence(ind)
                return self.mapping(ind)
        return None

    def sequence(self, indent: int) -> list:
        lines = self.lines
        out: list = []
        dash = " " * indent + "- "
        while self.i < len(lines):
            line = lines[self.i]
            if not line.startswith(dash):
                ind = len(line) - len(line.lstrip(" "))
                if ind > indent:
                    raise FastDumpUnsupported
                break  # less indented, or the next key of a mapping at this indent
            rest = line[indent + 2:]
            if not rest or rest[0] in " -|>":
                raise FastDumpUnsupported
            if rest[0] not in "[{'\"" and _KEY.match(rest):
                # A block mapping starting on the dash's line: its keys stand two further in.
                lines[self.i] = " " * (indent + 2) + rest
                out.append(self.mapping(indent + 2))
                continue
            self.i += 1
            out.append(self.item(rest))
        return out

    def item(self, rest: str) -> Any:
        """A sequence item: sentences and beads by their own patterns, the rest as any value."""
        m = _SENTENCE.match(rest)
        if m is not None:
            quoted, plain = m[4], m[5]
            if quoted is not None:
                text = quoted.replace("''", "'") if "'" in quoted else quoted
                return {"start": int(m[1]), "end": int(m[2]), "paragraph": int(m[3]), "text": text}
            if not plain.endswith(" "):  # (trailing spaces: `inline` refuses them, as `flow` does)
                text = _plain(plain) if plain[0] in _RESOLVABLE else plain
                return {"start": int(m[1]), "end": int(m[2]), "paragraph": int(m[3]), "text": text}
        m = _BEAD.match(rest)
        if m is not None:
            return {"en": [int(x) for x in m[1].split(", ")] if m[1] else [],
                    "id": [int(x) for x in m[2].split(", ")] if m[2] else [],
                    "score": float(m[3]), "status": m[4]}
        return self.inline(rest)

    def literal(self, header: str, indent: int) -> str:
        m = _LITERAL.match(header)
        if m is None:
            raise FastDumpUnsupported
        digit, chomp = (m[1], m[2]) if m[1] else (m[4], m[3])
        lines = self.lines
        if digit:
            content = max(indent, 0) + int(digit)
        else:
            widest, j = 0, self.i
            while j < len(lines) and not lines[j].strip(" "):
                widest = max(widest, len(lines[j]))
                j += 1
            if j == len(lines):
                raise FastDumpUnsupported
            first = len(lines[j]) - len(lines[j].lstrip(" "))
            content = max(indent + 1, widest, first)
            if first < content:
                raise FastDumpUnsupported
        body: list[str] = []
        while self.i < len(lines):
            line = lines[self.i]
            if not line.strip(" ") or line.startswith(" " * content):
                body.append(line[content:])
            else:
                break
            self.i += 1
        trailing = 0
        while body and not body[-1]:
            body.pop()
            trailing += 1
        text = "\n".join(body)
        if chomp == "-":
            return text
        if chomp == "+":
            return text + ("\n" if body else "") + "\n" * trailing
        return text + "\n" if body else ""

    def inline(self, rest: str) -> Any:
        """A value that ends with the line: a flow collection, a quoted or a plain scalar."""
        first = rest[0]
        if first == "[" and _NUMBERS.match(rest):
            try:
                return json.loads(rest)  # the same numbers as YAML's, where JSON takes them
            except ValueError:
                pass
        if first in "[{'\"":
            value, pos = self.flow(rest, 0)
            if pos != len(rest):
                raise FastDumpUnsupported
            return value
        if first in "#&*!|>%@`,]}" or (first in "-?:" and rest[1:2] in ("", " ")) \
                or ": " in rest or " #" in rest or rest.endswith((":", " ")):
            raise FastDumpUnsupported
        return _plain(rest)

    def flow(self, s: str, pos: int) -> tuple[Any, int]:
        c = s[pos] if pos < len(s) else ""
        if c == "[":
            items: list = []
            pos += 1
            if s.startswith("]", pos):
                return items, pos + 1
            while True:
                value, pos = self.flow(s, pos)
                items.append(value)
                if s.startswith("]", pos):
                    return items, pos + 1
                if not s.startswith(", ", pos):
                    raise FastDumpUnsupported
                pos += 2
        if c == "{":
            out: dict = {}
            pos += 1
            if s.startswith("}", pos):
                return out, pos + 1
            while True:
                m = _FLOW_KEY.match(s, pos)
                if m is None:
                    raise FastDumpUnsupported
                key = _plain(m[1])
                if not isinstance(key, str) or key in out:
                    raise FastDumpUnsupported
                out[key], pos = self.flow(s, m.end())
                if s.startswith("}", pos):
                    return out, pos + 1
                if not s.startswith(", ", pos):
                    raise FastDumpUnsupported
                pos += 2
        if c == "'":
            m = _SINGLE.match(s, pos)
            if m is None:
                raise FastDumpUnsupported
            return m[1].replace("''", "'"), m.end()
        if c == '"':
            m = _DOUBLE.match(s, pos)
            if m is None:
                raise FastDumpUnsupported
            return _ESCAPE.sub(_unescape, m[1]), m.end()
        m = _FLOW_PLAIN.match(s, pos)
        if m is None or m[0].endswith(" "):
            raise FastDumpUnsupported
        return _plain(m[0]), m.end()


def load_items(lines: list[str], where: str) -> list[Any]:
    """The values of block sequence items (`- {...}` lines without their dash), one a line."""
    reader = _Reader.__new__(_Reader)
    out = []
    for line in lines:
        try:
            out.append(reader.item(line))
        except FastDumpUnsupported:
            out.append(load("- " + line + "\n", where)[0])
    return out


def fast_load(text: str) -> Any:
    """The data of a file in the shape alignread writes; `FastDumpUnsupported` for any other."""
    return _Reader(text).document()


def _shared_container(data: Any) -> bool:
    """Whether a list or mapping appears twice: what YAML aliases (`*name`) make, and what
    alias bombs ("billion laughs") are built from. alignread never writes them."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, dict)):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


_START_BAD_FLOW = re.compile(r"---|\.\.\.|[#,\[\]{}&*!|>'\"%@`?: ]|-(?: |\Z)")
_START_BAD_BLOCK = re.compile(r"---|\.\.\.|[#,\[\]{}&*!|>'\"%@` ]|[?:-](?: |\Z)")
_INNER_BAD_FLOW = re.compile(r"(?<=.)[,?\[\]{}:]| #| \Z", re.S)
_INNER_BAD_BLOCK = re.compile(r"(?<=.):(?: |\Z)| #| \Z", re.S)
_DOUBLE_ESCAPE = re.compile('["\\\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]')
_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,100}\Z")


def _escape(match: re.Match) -> str:
    ch = match[0]
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    if ch <= "\xff":
        return f"\\x{ord(ch):02X}"
    if ch <= "\uffff":
        return f"\\u{ord(ch):04X}"
    return f"\\U{ord(ch):08X}"


def _plain_is_text(s: str) -> bool:
    """Whether PyYAML reads `s`, written plain, back as the same text."""
    return s[0] not in _RESOLVABLE or _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == _STR


class _Writer:
    """Writes what `dump` writes, for the shapes described above (see `fast_load`)."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def scalar(self, value: Any, flow: bool) -> str:
        if isinstance(value, str):
            if _UNSAFE.search(value) or "\t" in value or "\n" in value:
                return '"' + _DOUBLE_ESCAPE.sub(_escape, value) + '"'
            start, inner = (_START_BAD_FLOW, _INNER_BAD_FLOW) if flow else (_START_BAD_BLOCK, _INNER_BAD_BLOCK)
            if value and not start.match(value) and not inner.search(value) and _plain_is_text(value):
                return value
            return "'" + value.replace("'", "''") + "'"
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if type(value) is int:
            return str(value)
        if type(value) is float and value == value and value not in (float("inf"), float("-inf")):
            text = repr(value).lower()
            return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
        raise FastDumpUnsupported

    def key(self, key: Any) -> str:
        if not isinstance(key, str) or not _SIMPLE_KEY.match(key) or not _plain_is_text(key):
            raise FastDumpUnsupported
        return key

    def flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self.key(k)}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value, flow=True)

    def literal(self, text: str, indent: int) -> str | None:
        """`text` as a literal block under a key at `indent`, where PyYAML would write one."""
        if _UNSAFE.search(text) or "\t" in text or text.endswith(" ") or " \n" in text:
            return None
        hints = "2" if text[0] in " \n" else ""
        if not text.endswith("\n"):
            hints += "-"
        elif len(text) == 1 or text[-2] == "\n":
            hints += "+"
        pad = " " * (indent + 2)
        body = text[:-1] if text.endswith("\n") else text
        lines = "\n".join(pad + line if line else "" for line in body.split("\n"))
        return f"|{hints}\n{lines}\n"

    def mapping(self, data: dict, indent: int) -> None:
        for key, value in data.items():
            try:
                self.out.append(self.entry(key, value, indent))
            except FastDumpUnsupported:
                self.out.append(_reindent(pyyaml_dump({key: value}), indent))

    def entry(self, key: Any, value: Any, indent: int) -> str:
        pad = " " * indent
        name = self.key(key)
        if isinstance(value, (Flow, FlowMap)):
            return f"{pad}{name}: {self.flow(value)}\n"
        if isinstance(value, dict):
            if not value:
                return f"{pad}{name}: {{}}\n"
            inner = _Writer()
            inner.mapping(value, indent + 2)
            return f"{pad}{name}:\n" + "".join(inner.out)
        if isinstance(value, (list, tuple)):
            if not value:
                return f"{pad}{name}: []\n"
            inner = _Writer()
            inner.sequence(value, indent)
            return f"{pad}{name}:\n" + "".join(inner.out)
        if isinstance(value, str) and "\n" in value:
            block = self.literal(value, indent)
            if block is not None:
                return f"{pad}{name}: {block}"
        return f"{pad}{name}: {self.scalar(value, flow=False)}\n"

    def sequence(self, items: list | tuple, indent: int) -> None:
        pad = " " * indent
        for item in items:
            try:
                if isinstance(item, (Flow, FlowMap)):
                    self.out.append(f"{pad}- {self.flow(item)}\n")
                elif isinstance(item, dict):
                    if not item:
                        self.out.append(f"{pad}- {{}}\n")
                        continue
                    inner = _Writer()
                    inner.mapping(item, indent + 2)
                    text = "".join(inner.out)
                    self.out.append(pad + "- " + text[indent + 2:])
                elif isinstance(item, (list, tuple)) or (isinstance(item, str) and "\n" in item):
                    raise FastDumpUnsupported
                else:
                    self.out.append(f"{pad}- {self.scalar(item, flow=False)}\n")
            except FastDumpUnsupported:
                self.out.append(_reindent(pyyaml_dump([item]), indent))


def _reindent(text: str, indent: int) -> str:
    """A top-level YAML text moved `indent` columns right (empty lines stay empty, as the
    emitter writes them inside literal blocks)."""
    if not indent:
        return text
    pad = " " * indent
    return "".join(pad + line if line != "\n" else line for line in text.splitlines(keepends=True))


def fast_dump(data: dict) -> str:
    """`dump(data)` for a mapping, in time proportional to its size."""
    writer = _Writer()
    writer.mapping(data, 0)
    return "".join(writer.out)
