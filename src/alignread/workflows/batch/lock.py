"""One batch run per output folder: `OUTDIR/.alignread-batch.lock`."""

from __future__ import annotations

import os
from pathlib import Path

from alignread.core.errors import AlignreadError, InputError

LOCK = ".alignread-batch.lock"


class OutputLock:
    """`OUTDIR/.alignread-batch.lock`: one batch run writes to a folder at a time.

    Two runs over the same outputs would each re-attach annotations from what they read
    and write over each other. The lock file holds the owner's process id; one left by a
    run that died (no such process on this machine) is taken over.
    """

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK
        self.held = False

    def acquire(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = self._owner()
                if owner is not None and _alive(owner):
                    raise AlignreadError(
                        self.path.parent, f"another alignread batch (process {owner}) is writing here; "
                        f"wait for it to finish (or remove {LOCK} if it is gone)"
                    ) from None
                self.path.unlink(missing_ok=True)  # left by a run that died
                continue
            except OSError as exc:
                raise InputError(self.path.parent, f"cannot write there ({exc.strerror or exc})") from None
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(f"{os.getpid()}\n")
            self.held = True
            return
        raise AlignreadError(self.path.parent, f"cannot take the lock {LOCK}")

    def _owner(self) -> int | None:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
