"""The one place that reads and writes YAML.

PyYAML's safe loader only (no Python tags are ever constructed), and one dumper with
the project's settings: `allow_unicode`, keys in the order given, literal block style
for multi-line strings, flow style for short lists and small records, and no line
wrapping, so that a sentence or a bead stays on one line and diffs stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TextIO

import yaml

from alignread.core.errors import FormatError


class Flow(list):
    """A list written in flow style: `[0, 1]`."""


class FlowMap(dict):
    """A mapping written in flow style on one line: `{en: [0], id: [0]}`."""


class _Dumper(yaml.SafeDumper):
    pass


# libyaml's emitter writes the same text about five times faster, but escapes characters
# beyond the Basic Multilingual Plane (emoji) as `\U0001F600`; it is used for documents
# that have none, so files stay readable and a document always gets the same bytes.
if hasattr(yaml, "CSafeDumper"):

    class _CDumper(yaml.CSafeDumper):
        pass

else:  # PyYAML built without libyaml
    _CDumper = None  # type: ignore[assignment,misc]


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


for _dumper in (_Dumper, _CDumper):
    if _dumper is not None:
        # Both dumpers share SafeDumper's representer interface; the stubs type each apart.
        _dumper.add_representer(str, _str)  # type: ignore[arg-type]
        _dumper.add_representer(Flow, _flow_seq)  # type: ignore[arg-type]
        _dumper.add_representer(FlowMap, _flow_map)  # type: ignore[arg-type]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_astral(data: Any) -> bool:
    if isinstance(data, str):
        return bool(_ASTRAL.search(data))
    if isinstance(data, dict):
        return any(_has_astral(k) or _has_astral(v) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return any(_has_astral(v) for v in data)
    return False


def dump(data: Any) -> str:
    """Serialise plain data (dicts, lists, str, int, float, bool, None) as YAML."""
    dumper = _Dumper if _CDumper is None or _has_astral(data) else _CDumper
    text = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1 << 20,
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
    """Parse YAML with the safe loader only; any problem becomes a one-line `FormatError`."""
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.constructor.ConstructorError as exc:
        tag = getattr(exc, "problem", "") or ""
        mark = exc.problem_mark
        at = f" (line {mark.line + 1})" if mark else ""
        if "python/" in tag or "!!python" in tag:
            raise FormatError(where, f"holds a Python tag{at}, which alignread never loads") from None
        raise FormatError(where, f"is not valid YAML: {tag.strip() or 'unknown tag'}{at}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise FormatError(where, f"is not valid YAML: {problem}{at}") from None


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
            tag = getattr(exc, "problem", "") or ""
            raise FormatError(where, f"is not valid YAML: {tag.strip() or 'unknown tag'}") from None

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
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise FormatError(where, f"is not valid YAML: {problem}{at}") from None


def _compose(first: yaml.Event, events: Iterator[yaml.Event], resolver: Any, where: str) -> yaml.Node:
    """The node that starts with event `first`, its children read from `events` (PyYAML's
    composer, without anchors)."""
    if isinstance(first, yaml.AliasEvent) or getattr(first, "anchor", None):
        line = first.start_mark.line + 1 if first.start_mark else 0
        raise FormatError(where, f"uses an anchor or alias (line {line}), which this file may not")
    if isinstance(first, yaml.ScalarEvent):
        tag = first.tag if first.tag not in (None, "!") else resolver.resolve(yaml.ScalarNode, first.value,
                                                                            first.implicit)
        return yaml.ScalarNode(tag, first.value, style=first.style)
    if isinstance(first, yaml.SequenceStartEvent):
        tag = first.tag if first.tag not in (None, "!") else resolver.resolve(yaml.SequenceNode, None,
                                                                            first.implicit)
        items = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                break
            items.append(_compose(event, events, resolver, where))
        return yaml.SequenceNode(tag, items, flow_style=first.flow_style)
    if isinstance(first, yaml.MappingStartEvent):
        tag = first.tag if first.tag not in (None, "!") else resolver.resolve(yaml.MappingNode, None,
                                                                            first.implicit)
        pairs = []
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                break
            key = _compose(event, events, resolver, where)
            pairs.append((key, _compose(next(events), events, resolver, where)))
        return yaml.MappingNode(tag, pairs, flow_style=first.flow_style)
    raise FormatError(where, f"is not valid YAML: unexpected {type(first).__name__}")
