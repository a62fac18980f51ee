"""The file a document is read from and saved to while someone works on it.

`DocumentFile` remembers what the file held when it was last read or written (its
fingerprint, and the document it held: the *base* a merge starts from), so that a save
never overwrites changes someone else made meanwhile (`ChangedOnDisk`, checked under the
file's lock at the moment of writing, see `alignread.store.atomic`), and it serialises
saves from several threads so that the newest value always lands last.

It is a small stateful object rather than a frozen value because it stands for a file
that changes under it.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

from alignread.core.model import Concept, TextPair
from alignread.store import pairfile, yamlio
from alignread.store.atomic import ANY, ChangedOnDisk, Fingerprint, atomic_write_text, read_fingerprinted

__all__ = [
    "ChangedOnDisk", "DocumentFile", "Fingerprint", "concepts_near", "default_pair_path", "free_name", "unsaved_copies",
    "unsaved_copy_of",
]

# The sections of the file that editing annotations never changes. Their YAML is kept
# between saves (keyed by the identity of the values, which edits share), so saving a
# 5,000-bead book after tagging one bead dumps only its annotations.
_STABLE_SECTIONS = ("schema_version", "generator", "meta", "provenance", "texts", "chapter_pairs", "beads")


class DocumentFile:
    """An annotated-YAML file being worked on: load, check for outside changes, save."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fingerprint: Fingerprint | None = None
        self._base: TextPair | None = None  # the document the file held when last read or written
        self._lock = threading.Lock()
        self._saved_version = -1
        self._stable_key: tuple | None = None
        self._stable_yaml = ""
        self._stable_values: tuple = ()

    @classmethod
    def open(cls, path: str | Path) -> tuple[DocumentFile, TextPair]:
        """Read and validate `path`; the file and its document."""
        doc = cls(path)
        return doc, doc.reload()

    def reload(self) -> TextPair:
        """Read the file again, taking whatever it holds now as the known content."""
        with self._lock:
            if not self.path.is_file():
                return pairfile.load(self.path)  # raises the right one-line error
            # The very bytes fingerprinted are parsed, so what is known matches what was read.
            pair, fingerprint = pairfile.load_fingerprinted(self.path)
            self._fingerprint = fingerprint
            self._base = pair
            return pair

    def read_current(self) -> tuple[TextPair, Fingerprint]:
        """What the file holds now, without taking it as known (to merge with, say)."""
        data, fingerprint = read_fingerprinted(self.path)
        return pairfile.loads(data.decode("utf-8", errors="replace"), str(self.path)), fingerprint

    @property
    def base(self) -> TextPair | None:
        """The document the file held when this object last read or wrote it."""
        return self._base

    @property
    def fingerprint(self) -> Fingerprint | None:
        return self._fingerprint

    @property
    def saved_version(self) -> int:
        return self._saved_version

    def changed_on_disk(self) -> bool:
        """True when the file is not what this object last read or wrote."""
        known = self._fingerprint
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return known is not None  # deleted under us
        if known is None:
            return True  # a file appeared where a new one was to be written
        if (st.st_mtime_ns, st.st_size) == (known.mtime_ns, known.size):
            return False
        # Touched, perhaps by a program that rewrote the same content: compare the bytes.
        return not known.matches(st, self.path.read_bytes)

    def dumps(self, pair: TextPair) -> str:
        """`pairfile.dumps(pair)`, reusing the YAML of the sections that did not change."""
        data = pairfile.to_data(pair)
        key = (id(pair.meta), id(pair.en), id(pair.ind), id(pair.chapter_pairs), id(pair.beads), id(pair.provenance),
               pairfile.SCHEMA_VERSION)
        if key != self._stable_key:
            self._stable_yaml = "".join(yamlio.dump({k: data[k]}) for k in _STABLE_SECTIONS if k in data)
            # Ids are only meaningful while the objects live; keep them alive with the key.
            self._stable_key = key
            self._stable_values = (pair.meta, pair.en, pair.ind, pair.chapter_pairs, pair.beads, pair.provenance)
        rest = "".join(yamlio.dump({k: v}) for k, v in data.items() if k not in _STABLE_SECTIONS)
        return self._stable_yaml + rest

    def save(self, pair: TextPair, version: int = 0, force: bool = False, over: Fingerprint | None = None) -> bool:
        """Write `pair` atomically unless the same or a newer version was saved already.

        `version` numbers the edits (higher is newer); a save of an older version than the
        last one written is skipped and returns False, even when forced. Raises
        `ChangedOnDisk` when the file is not the version this object last read or wrote,
        checked at the moment of writing; `over` names another version that may be
        replaced instead (one read to merge with), and `force` writes over any.
        """
        with self._lock:
            if version <= self._saved_version:
                return False
            text = self.dumps(pair)
            expect = ANY if force else (over or self._fingerprint)
            if expect is None and self.path.exists() and not os.path.getsize(self.path):
                expect = ANY  # an empty file where a new document goes holds nothing to lose
            written = atomic_write_text(self.path, text, expect=expect)
            self._fingerprint = written
            self._base = pair
            self._saved_version = max(version, self._saved_version)
            return True

    def mark_saved(self, version: int) -> None:
        """Treat versions up to `version` as written (after a reload replaced them)."""
        with self._lock:
            self._saved_version = max(version, self._saved_version)

    def move_to(self, path: str | Path) -> None:
        """Work on another file from now on (after "save as"): nothing known about it yet.

        Version numbers carry on, so a save of an older version still in flight cannot
        land in the new file after a newer one.
        """
        with self._lock:
            self.path = Path(path)
            self._fingerprint = None
            self._base = None


def free_name(path: Path, tag: str = "mine") -> Path:
    """`essay.mine.yaml`, `essay.mine-2.yaml`, ...: a name beside `path` that is not taken."""
    candidate = path.with_name(f"{path.stem}.{tag}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{tag}-{n}{path.suffix}")
        n += 1
    return candidate


# A kept copy's stem: `NAME.unsaved` or `NAME.unsaved-N` (`free_name(path, "unsaved")`).
_UNSAVED_STEM = re.compile(r"(?P<name>.+)\.unsaved(?:-(?P<n>\d+))?")


def unsaved_copy_of(stem: str) -> tuple[str, int] | None:
    """For the stem of a copy of unsaved work (`essay.unsaved-2`): the document's stem and
    the copy's number (`essay`, 2; 1 for `essay.unsaved`); None for any other stem."""
    m = _UNSAVED_STEM.fullmatch(stem)
    return None if m is None else (m["name"], int(m["n"] or 1))


def unsaved_copies(path: str | Path) -> list[Path]:
    """The files beside `path` that hold work a reader could not save to it
    (`NAME.unsaved.yaml`, `NAME.unsaved-2.yaml`, ...: `free_name(path, "unsaved")`), in order."""
    p = Path(path)
    found = []
    try:
        for f in p.parent.iterdir():
            copy = unsaved_copy_of(f.stem) if f.suffix == p.suffix else None
            if copy is not None and copy[0] == p.stem and f.is_file():
                found.append((copy[1], f))
    except OSError:
        return []
    return [f for _, f in sorted(found)]


def default_pair_path(en_file: str | Path, name: str | None = None) -> Path:
    """Where `read` keeps the aligned file of two texts: `NAME.yaml` beside the English one."""
    en = Path(en_file)
    if name is None:
        name = en.name
        for suffix in (".en.txt", ".txt", ".en"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
    return en.parent / f"{name}.yaml"


def concepts_near(pair_path: str | Path, pair: TextPair | None = None) -> tuple[Path | None, tuple[Concept, ...]]:
    """The corpus `concepts.yaml` for a document: beside the file, or beside its texts."""
    from alignread.store.corpus import CONCEPTS, load_concepts

    folders = [Path(pair_path).parent]
    if pair is not None:
        for text in (pair.en, pair.ind):
            if text.file:
                folders.append(Path(text.file).parent)
    for folder in folders:
        candidate = folder / CONCEPTS
        if candidate.is_file():
            return candidate, load_concepts(candidate)
    return None, ()
