"""One output policy for every command that writes a file: what may be written over.

`check_output(path, kind, inputs)` is called before any work is done, so a mistake costs
nothing and damages nothing. It allows:

- `-`: standard output;
- a new path in an existing folder;
- an existing regular file that is alignread's, of the kind being written (an annotated
  YAML where a pair is written, a TMX that alignread made where a TMX is written, a corpus
  export of its own where `corpus` writes...), or an empty file. Following a symbolic link
  to such a file, the file is written and the link kept.

It refuses, with a one-line error naming the path:

- an input of the same command (`export PAIR.yaml --format tmx -o PAIR.yaml`);
- a file that is not alignread's, or not of the kind being written (a TMX over a pair
  file, notes over a letter);
- a folder, a device, a FIFO or a socket, or a link to one (`-` is the way to stdout);
- a path whose folder does not exist or is not a folder;
- an existing file too large to be one alignread wrote (it is never read whole).

`--force` never changes this: it is the commands' own consent to write over a file that
is theirs when its content says not to (a pair none of whose annotations fit the new
texts), never over an input or a file that is not theirs.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from alignread.core.errors import OutputError

# What each kind of output looks like at its start (the first few KB are read, no more).
KINDS = ("yaml", "tsv", "tmx", "beads", "md", "html", "text", "corpus-tsv", "jsonl", "moses-ids", "moses-text")
_HEAD = 8192
# Larger files are not alignread outputs (a book's pair file is tens of MB).
MAX_OUTPUT_BYTES = 1 << 30
_BEAD_LINE = re.compile(r"^\s*\[[\d,\s]*\]\s*:\s*\[[\d,\s]*\]")
_TSV_HEADER = "english\tindonesian\tbead"
_CORPUS_TSV_HEADER = "english\tindonesian\tdocument\tbead\ttype\tconfidence"
_IDS_LINE = re.compile(r"^[^\t\n]*\t\d+\t\d+-\d+\t\d\.\d{3}$")
_NAMES = {
    "yaml": "annotated YAML", "tsv": "TSV export", "tmx": "TMX export", "beads": "beads file",
    "md": "study notes", "html": "HTML page", "text": "text",
    "corpus-tsv": "corpus TSV", "jsonl": "corpus JSONL", "moses-ids": "corpus .ids file",
    "moses-text": "corpus side",
}


def is_ours(head: str, kind: str) -> bool:
    """Whether a file beginning with `head` is one alignread writes as `kind`."""
    if not head.strip():
        return True  # empty: nothing to lose
    if kind == "yaml":
        return bool(re.match(r"(?:#[^\n]*\n)*schema_version:\s*\d", head.lstrip("\ufeff")))
    if kind == "tmx":
        return "<tmx" in head and 'creationtool="alignread"' in head
    if kind == "tsv":
        return head.startswith(_TSV_HEADER)
    if kind == "beads":
        lines = [line for line in head.splitlines()[:50] if line.strip()]
        return bool(lines) and all(_BEAD_LINE.match(line) for line in lines[:-1] or lines)
    if kind == "md":
        return head.startswith("# Study notes")
    if kind == "html":
        return '<meta name="generator" content="alignread' in head
    if kind == "corpus-tsv":
        return head.startswith(_CORPUS_TSV_HEADER)
    if kind == "jsonl":
        return head.startswith('{"document": ')
    if kind == "moses-ids":
        lines = head.splitlines()[:50]
        return bool(lines) and all(_IDS_LINE.match(line) for line in lines[:-1] or lines)
    # moses-text: plain lines carry no mark of their own; `check_corpus_output` asks for
    # this kind only when the `.ids` file beside them is alignread's.
    return kind == "moses-text"


def _head(path: Path) -> str:
    with open(path, "rb") as fh:
        return fh.read(_HEAD).decode("utf-8", errors="replace")


def _same_file(a: Path, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | Path, kind: str, inputs: Iterable[str | Path] = ()) -> Path | None:
    """The file to write for output `path` (None for `-`, standard output), or `OutputError`
    naming what is wrong with it. Call it before doing any work."""
    where = str(path)
    if where == "-":
        return None
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise OutputError(where, f"cannot write: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise OutputError(where, f"cannot write: folder {folder} does not exist")
    target = Path(os.path.realpath(p)) if p.is_symlink() else p
    try:
        # The path itself first: stat follows a link, a magic one too (`/dev/stdout` to
        # /proc/PID/fd/1 to a pipe, whose realpath `pipe:[N]` names no file).
        st = os.stat(p)
    except FileNotFoundError:
        if p.is_symlink() and not target.parent.is_dir():
            raise OutputError(where, "is a link to a folder that does not exist") from None
        return target  # a new file
    except OSError as exc:
        raise OutputError(where, f"cannot be written ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(where, "is a folder; give a file name (or - for standard output)")
    if not stat.S_ISREG(st.st_mode):
        what = "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else \
            "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a file"
        raise OutputError(where, f"is {what}, not a regular file; not writing there (use - for standard output)")
    for given in inputs:
        if str(given) != "-" and _same_file(target, str(given)):
            raise OutputError(where, "is an input of this command; not overwriting it (give another output name)")
    if st.st_size > MAX_OUTPUT_BYTES:
        raise OutputError(where, f"exists and is too large to be an alignread {_NAMES.get(kind, kind)}; "
                                 "not overwriting it")
    try:
        head = _head(target)
    except OSError as exc:
        raise OutputError(where, f"cannot be read ({exc.strerror or exc}); not overwriting it") from None
    if not is_ours(head, kind):
        raise OutputError(where, f"exists and is not an alignread {_NAMES.get(kind, kind)}; not overwriting it "
                                 "(give another output name, or move the file away)")
    return target


def check_corpus_output(fmt: str, files: Iterable[str], inputs: Iterable[str | Path] = ()) -> list[Path | None]:
    """`check_output` for each file `alignread corpus --format fmt` writes (`corpus_files`).
    A moses `.en`/`.id` pair has no mark of its own: it is alignread's when the `.ids`
    file beside it is (checked first), and otherwise only new or empty. The files to write,
    in the order given (through a link to a file of ours; None for `-`)."""
    files = list(files)
    inputs = list(inputs)
    if fmt == "moses":
        ids = next(f for f in files if f.endswith(".ids"))
        checked = {ids: check_output(ids, "moses-ids", inputs)}
        ids_ours = os.path.isfile(ids) and os.path.getsize(ids) > 0
        for f in files:
            if f != ids:
                checked[f] = check_output(f, "moses-text" if ids_ours else "text", inputs)
        return [checked[f] for f in files]
    kind = {"tmx": "tmx", "tsv": "corpus-tsv", "jsonl": "jsonl"}[fmt]
    return [check_output(f, kind, inputs) for f in files]


def check_output_folder(path: str | Path) -> Path:
    """A folder for many outputs (`batch -o`): existing, or creatable; never a file."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(str(path), "is a file; give a folder for the outputs")
    parent = p.parent if str(p.parent) else Path(".")
    if not p.exists() and parent.exists() and not parent.is_dir():
        raise OutputError(str(path), f"cannot create the folder: {parent} is a file")
    return p
