"""The one place that reads and writes YAML.

PyYAML's safe loader only (no Python tags are ever constructed), and one dumper with
the project's settings: `allow_unicode`, keys in the order given, literal block style
for multi-line strings, flow style for short lists and small records, and no line
wrapping, so that a sentence or a bead stays on one line and diffs stay readable.
"""

from __future__ import annotations

import re
from typing import Any

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


# Where an alias may stand: after a space, a dash, a colon or an opening bracket.
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")


def load(text: str, where: str) -> Any:
    """Parse YAML with the safe loader only; any problem becomes a one-line `FormatError`.

    Aliases (`*name`) are refused: alignread never writes them, and they are what alias
    bombs ("billion laughs") are made of.
    """
    if "*" in text and _ALIAS.search(text):
        try:
            for event in yaml.parse(text, Loader=_SafeLoader):
                if isinstance(event, yaml.AliasEvent):
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise FormatError(where, f"uses YAML aliases (*name, line {line}), which alignread files never "
                                             "hold; not reading it")
        except yaml.YAMLError:
            pass  # the parse below names the problem
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
