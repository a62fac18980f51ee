"""Reading source texts: one place that turns bytes into text or a clear error."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from alignread.core.errors import InputError

# Larger inputs are almost always a mistake (a wrong file, a database dump); a whole
# novel is about 1-2 MB.
MAX_BYTES = 64 * 1024 * 1024
# Control characters no text file holds (tab, line breaks, form feed and vertical tab are fine).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def decode_text(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode `data` as a text file, normalising line endings to `\\n`."""
    if not data.strip():
        raise InputError(where, "the file is empty")
    if encoding is None:
        # A byte-order mark names its encoding (Windows editors save "Unicode" as UTF-16).
        for bom, name in _BOMS:
            if data.startswith(bom):
                return decode_text(data[len(bom):], where, name)
        nul = data.find(b"\x00", 0, 8192)
        if nul >= 0:
            raise InputError(where, f"looks like a binary file, not text (a NUL byte at offset {nul}; "
                                    "if it is UTF-16 without a byte-order mark, give --encoding utf-16-le)")
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                where,
                f"is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "give its encoding with --encoding, e.g. --encoding cp1252",
            ) from None
    else:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(where, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(where, f"cannot be decoded as {encoding} (offset {exc.start})") from None
        text = text.removeprefix("\ufeff")
    control = len(_CONTROL.findall(text, 0, 8192))
    if control > max(8, len(text[:8192]) // 100):
        raise InputError(where, "looks like a binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(where, "the file is empty")
    return text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A text needs this many letters for its language to be told: fewer is a wrong file.
MIN_LETTERS = 12
_MARKUP = re.compile(r"\s*(?:<\?xml|<!doctype|<html|<tmx|<svg|<\?php)", re.IGNORECASE)
_YAML_LINE = re.compile(r"^\s*(?:-\s|-$|[\w .'\"-]{1,40}:(?:\s|$)|---|#)")


def check_plain_text(text: str, where: str) -> None:
    """Refuse what is not a text to read: too few letters to be one, or markup or YAML given
    where plain text is expected (a wrong file, or an output given as an input)."""
    letters = sum(1 for ch in text[:100_000] if ch.isalpha())
    if letters < MIN_LETTERS:
        raise InputError(where, f"holds too few letters to be a text ({letters}); is it the right file?")
    if _MARKUP.match(text[:200]):
        raise InputError(where, "looks like XML or HTML, not plain text")
    head = text.lstrip("\ufeff")[:300]
    if head.startswith("schema_version:") or head.startswith("%YAML"):
        raise InputError(where, "is an annotated YAML file, not a text (open it with alignread read or show)")
    lines = [line for line in text[:20_000].splitlines() if line.strip()][:200]
    if len(lines) >= 3 and sum(1 for line in lines if _YAML_LINE.match(line)) >= 0.9 * len(lines) and \
            sum(1 for line in lines if line.rstrip().endswith((".", "!", "?", "。"))) < 0.1 * len(lines):
        raise InputError(where, "looks like YAML or a list of settings, not a text")


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a UTF-8 (or `encoding`) text file; `-` reads stdin."""
    return decode_text(read_bytes(path), "<stdin>" if str(path) == "-" else str(path), encoding)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of an input file (`-` reads stdin), or a one-line error naming it."""
    where = str(path)
    if where == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(where, "no such file")
    if p.is_dir():
        raise InputError(where, "is a folder, not a text file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(where, f"is too large ({size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB)")
        data = p.read_bytes()
    except PermissionError:
        raise InputError(where, "permission denied") from None
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror or exc})") from None
    return data
