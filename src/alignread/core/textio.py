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
        if b"\x00" in data[:8192]:
            raise InputError(where, "looks like a binary file, not text")
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


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a UTF-8 (or `encoding`) text file; `-` reads stdin."""
    where = str(path)
    if where == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>", encoding)
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
    return decode_text(data, where, encoding)
