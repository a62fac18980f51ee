"""Atomic writes: a crash mid-save leaves the old file whole, and a write never lands over
a version of the file it did not read.

Every write goes through a temporary file in the same folder (its name carries the
writer's process id, so a later run can tell a temporary file left by a dead process from
one being written) that is fsynced and moved over the target with `os.replace`.

A writer that read the file first passes what it read (`expect=`, a `Fingerprint`, or
None for "the file must not exist yet"). The check and the replace then happen under a
short lock on the file itself (`fcntl.flock`), which every alignread writer takes, so two
writers cannot both pass the check with the same version: the second gets `ChangedOnDisk`
and can read the new version and merge, or stop with the conflict named.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from alignread.core.errors import AlignreadError, OutputError

try:
    import fcntl
except ImportError:  # not POSIX: writes are still atomic, the check is not locked
    fcntl = None  # type: ignore[assignment]


def _read_umask() -> int:
    # os.umask can only be read by setting it; set it straight back. Done once, at import,
    # so that threads saving files later never see the temporary value.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# The process umask: the permissions a new file gets, as `open` would give them.
UMASK = _read_umask()


class ChangedOnDisk(AlignreadError):
    """The file was changed by something else since it was read or last saved."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "changed on disk since it was read; not overwriting it")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies a file's content cheaply (mtime, size) and surely (digest)."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> Fingerprint:
        return cls(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())

    def matches(self, st: os.stat_result, read: Callable[[], bytes]) -> bool:
        """Whether a file with this stat holds the same bytes (read only if the stat differs)."""
        if (st.st_mtime_ns, st.st_size) == (self.mtime_ns, self.size):
            return True
        return st.st_size == self.size and hashlib.sha256(read()).hexdigest() == self.digest


def read_fingerprinted(path: str | Path) -> tuple[bytes, Fingerprint]:
    """The bytes of a file and their fingerprint, from one open file (writers replace files
    whole, so what was read is exactly what the fingerprint names)."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read()
    return data, Fingerprint.of(st, data)


class AnyVersion:
    def __repr__(self) -> str:
        return "ANY"


# `expect=ANY`: write whatever the file holds now (an export, a new output nobody reads).
ANY: Final = AnyVersion()


def atomic_write_text(
    path: str | Path, text: str, *, expect: Fingerprint | AnyVersion | None = ANY
) -> Fingerprint | None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same folder.

    The temporary file is flushed and fsynced, then moved over `path` with `os.replace`,
    so readers see either the old or the new file, never half of one. With `expect`, the
    file must still be the version read (`None`: must not exist), or `ChangedOnDisk` is
    raised and nothing is written. Returns the fingerprint of what was written (None for
    `-`, which writes stdout).
    """
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(path, f"cannot write: folder {folder} does not exist")
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{os.getpid()}.tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if isinstance(expect, AnyVersion):
            _replace(tmp, target)
        else:
            _replace_if(tmp, target, expect)
        written = Fingerprint.of(os.stat(target), data)
    except ChangedOnDisk:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if target.is_dir():
            raise OutputError(path, "is a folder, not a file") from None
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    except BaseException:  # Ctrl-C, out of memory: the old file stays, and nothing beside it
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)
    return written


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A text file (UTF-8) written as a stream, that appears at `path` whole when the block
    ends without an error, or not at all (the old file stays). `-` is stdout."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(path, f"cannot write: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(path, "is a folder, not a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{os.getpid()}.tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
        raise
    _sync_folder(folder)


def _replace(tmp: str, target: Path) -> None:
    if target.exists():
        # Keep the permissions the user gave the file.
        os.chmod(tmp, target.stat().st_mode & 0o7777)
    else:
        # mkstemp makes the file private (0600); a new file gets what open() would give.
        os.chmod(tmp, 0o666 & ~UMASK)
    os.replace(tmp, target)


def _replace_if(tmp: str, target: Path, expect: Fingerprint | None) -> None:
    """Move `tmp` over `target` if `target` is still the version `expect` names."""
    if expect is None:
        os.chmod(tmp, 0o666 & ~UMASK)
        try:
            os.link(tmp, target)  # creates `target` only if nothing is there, atomically
        except FileExistsError:
            raise ChangedOnDisk(target) from None
        os.unlink(tmp)
        return
    for _ in range(20):
        try:
            fd = os.open(target, os.O_RDONLY)
        except FileNotFoundError:
            raise ChangedOnDisk(target) from None  # removed since it was read
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # held for a check and a rename: milliseconds
            st = os.fstat(fd)
            try:
                current = os.stat(target)
            except FileNotFoundError:
                raise ChangedOnDisk(target) from None
            if not os.path.samestat(st, current):
                continue  # replaced while we waited for the lock: look at the new one
            if not expect.matches(st, functools.partial(os.pread, fd, st.st_size, 0)):
                raise ChangedOnDisk(target)
            os.chmod(tmp, st.st_mode & 0o7777)
            os.replace(tmp, target)
            return
        finally:
            os.close(fd)
    raise ChangedOnDisk(target)


def _sync_folder(folder: Path) -> None:
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


# `.NAME.XXXXXXXX.PID.tmp`, as `atomic_write_text` names its temporary files; older
# versions wrote `.NAME.XXXXXXXX.tmp`.
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}(?:\.(\d+))?\.tmp$")
# A temporary file without a process id is taken as abandoned after this long.
_ABANDONED_AFTER = 60.0


def remove_stale_temporaries(folder: str | Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files of writes that never finished (their process died) from
    `folder` (with `name`, only those of writes to that file); the ones removed. A
    temporary file whose process still runs is left alone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMPORARY.match(entry.name)
        if not m or (name is not None and not entry.name.startswith(f".{name}.")) \
                or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(m.group(1)) if m.group(1) else None
        if pid is not None:
            stale = pid != os.getpid() and not _alive(pid)
        else:
            try:
                stale = time.time() - entry.stat().st_mtime > _ABANDONED_AFTER
            except OSError:
                continue
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            # "pid (name) state ...": the state follows the last closing parenthesis.
            return fh.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc (not Linux): trust the signal
