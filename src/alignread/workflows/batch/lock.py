"""One batch run per output folder: `OUTDIR/.alignread-batch.lock`.

Two runs over the same outputs would each re-attach annotations from what they read and
write over each other. The lock is the kernel's (`fcntl.flock` on the lock file), not the
file's existence: two runs that start at the same moment cannot both get it, and a run
that dies, however it dies, releases it with its last file descriptor. The file also
holds the owner's process id, written after the lock is held, only to name the owner in
the message a second run gets.
"""

from __future__ import annotations

import os
from pathlib import Path

from alignread.core.errors import AlignreadError, InputError

try:
    import fcntl
except ImportError:  # not a POSIX system: an exclusive create stands in for the lock
    fcntl = None  # type: ignore[assignment]

LOCK = ".alignread-batch.lock"


class OutputLock:
    """`OUTDIR/.alignread-batch.lock`: one batch run writes to a folder at a time."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK
        self.held = False
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise `AlignreadError` naming the run that holds it."""
        if fcntl is None:
            self._acquire_by_create()
            return
        for _ in range(10):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            except OSError as exc:
                raise InputError(self.path.parent, f"cannot write there ({exc.strerror or exc})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = _read_owner(fd)
                os.close(fd)
                who = f" (process {owner})" if owner else ""
                raise AlignreadError(
                    self.path.parent, f"another alignread batch{who} is writing here; wait for it to finish"
                ) from None
            # The file may have been removed (and another made) by a run that released its
            # lock between our open and our flock: then ours is a lock on nothing.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._fd = fd
            self.held = True
            return
        raise AlignreadError(self.path.parent, f"cannot take the lock {LOCK}")

    def _acquire_by_create(self) -> None:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise AlignreadError(
                self.path.parent, f"another alignread batch is writing here (or {LOCK} was left by one that died: "
                "remove it if none runs)"
            ) from None
        except OSError as exc:
            raise InputError(self.path.parent, f"cannot write there ({exc.strerror or exc})") from None
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        self.held = True

    def release(self) -> None:
        if not self.held:
            return
        # Removed while still locked, so a run that opens it now finds no file or a new one.
        self.path.unlink(missing_ok=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.held = False


def _read_owner(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
