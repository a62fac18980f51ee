"""Atomic writes: a crash mid-save leaves the old file whole."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from alignread.core.errors import OutputError


def _read_umask() -> int:
    # os.umask can only be read by setting it; set it straight back. Done once, at import,
    # so that threads saving files later never see the temporary value.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# The process umask: the permissions a new file gets, as `open` would give them.
UMASK = _read_umask()


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same folder.

    The temporary file is flushed and fsynced, then moved over `path` with `os.replace`,
    so readers see either the old or the new file, never half of one. `-` writes stdout.
    """
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(path, f"cannot write: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            # Keep the permissions the user gave the file.
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            # mkstemp makes the file private (0600); a new file gets what open() would give.
            os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if target.is_dir():
            raise OutputError(path, "is a folder, not a file") from None
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
