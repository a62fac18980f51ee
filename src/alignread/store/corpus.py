"""Corpora on disk: finding text pairs, the `corpus.yaml` manifest, `concepts.yaml`.

A corpus folder holds documents in one of three layouts:

- `NAME.en.txt` + `NAME.id.txt` side by side;
- `en/NAME.txt` + `id/NAME.txt`;
- a `corpus.yaml` manifest listing documents, with their metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from alignread.core.errors import FormatError, InputError
from alignread.core.model import Concept, Metadata
from alignread.core.structure import SOURCE_SUFFIXES
from alignread.store import yamlio

MANIFEST = "corpus.yaml"
CONCEPTS = "concepts.yaml"


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    """One document of a corpus: its name, its files and metadata."""

    name: str
    en: Path | None
    ind: Path | None
    meta: Metadata = field(default_factory=Metadata)
    file: Path | None = None  # a single bilingual file (layout: interleaved)
    layout: str = "pair"

    def sources(self) -> tuple[str, ...]:
        """The files the document is made from."""
        return tuple(str(p) for p in (self.en, self.ind, self.file) if p is not None)


def _meta(entry: dict, where: str, k: int) -> Metadata:
    title = entry.get("title") or ""
    if isinstance(title, dict):
        title = title.get("en") or title.get("id") or ""
    values = {}
    for key in ("author", "translator", "source", "licence", "original"):
        value = entry.get(key) or ""
        if not isinstance(value, str):
            raise FormatError(where, f"documents[{k}].{key}: expected text")
        values[key] = value
    if not isinstance(title, str):
        raise FormatError(where, f"documents[{k}].title: expected text or {{en: ..., id: ...}}")
    return Metadata(title=title, **values)


def _name(entry: dict, where: str, k: int, seen: set[str] | None) -> str:
    name = entry["name"]
    if not name.strip() or name in (".", "..") or "/" in name or "\\" in name:
        raise FormatError(where, f"documents[{k}].name: {name!r} cannot be a file name (no slashes, not empty)")
    if seen is not None:
        if name in seen:
            raise FormatError(where, f"documents[{k}].name: {name!r} is listed twice")
        seen.add(name)
    return name


def _path(entry: dict, key: str, where: str, k: int) -> str | None:
    value = entry.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FormatError(where, f"documents[{k}].{key}: expected a file name")
    return value


def read_manifest(path: Path) -> list[CorpusDocument]:
    """The documents a `corpus.yaml` lists (paths relative to its folder)."""
    return list(iter_manifest(path))


def iter_manifest(path: Path, unique: bool = True) -> Iterator[CorpusDocument]:
    """The documents a `corpus.yaml` lists, read one at a time (memory flat in its length).

    A problem with the manifest raises `FormatError` naming the place; one found past the
    documents already yielded (a `schema_version` after the list) is raised at the end.
    With `unique`, a name listed twice is refused (the names are kept in a set); a caller
    that keeps them elsewhere (on disk) passes False and refuses them with `listed_twice`.
    """
    where = str(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise FormatError(where, f"cannot be read ({exc.strerror or exc})") from None
    seen: set[str] | None = set() if unique else None
    found_list = False
    with fh:
        for key, k, value in yamlio.stream_mapping(fh, where, "documents"):
            if key is None:
                break
            if key == "schema_version" and value != 1:
                raise FormatError(where, f"schema_version: unknown version {value!r} (this alignread reads 1)")
            if key != "documents":
                continue
            if k is None:
                break  # not a list
            if k == -1:
                found_list = True
                continue
            yield _document(value, path, where, k, seen)
    if not found_list:
        raise FormatError(where, "expected a mapping with a 'documents' list")


def listed_twice(manifest: Path, k: int, name: str) -> FormatError:
    """The error for a manifest's entry `k` whose name an earlier entry has."""
    return FormatError(str(manifest), f"documents[{k}].name: {name!r} is listed twice")


def _document(entry: object, path: Path, where: str, k: int, seen: set[str] | None) -> CorpusDocument:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise FormatError(where, f"documents[{k}]: expected a mapping with a 'name'")
    name = _name(entry, where, k, seen)
    meta = _meta(entry, where, k)
    file = _path(entry, "file", where, k)
    if file:
        layout = entry.get("layout") or "interleaved"
        if not isinstance(layout, str):
            raise FormatError(where, f"documents[{k}].layout: expected text")
        return CorpusDocument(name, None, None, meta, path.parent / file, layout)
    en = path.parent / (_path(entry, "en", where, k) or f"{name}.en.txt")
    ind = path.parent / (_path(entry, "id", where, k) or f"{name}.id.txt")
    return CorpusDocument(name, en, ind, meta)


def find_documents(folder: str | Path) -> list[CorpusDocument]:
    """The documents of a corpus folder, in name order (a manifest's order if present).

    A `corpus.yaml` manifest, when present, lists the documents and nothing else is
    looked for. Otherwise `NAME.en.txt` + `NAME.id.txt` and `en/NAME.txt` + `id/NAME.txt`
    are both found (the first wins when a name is in both). A file whose counterpart is
    missing is still returned, so that the caller reports it instead of skipping it
    silently; hidden files (editor backups such as `.#NAME.en.txt`) are ignored.
    """
    return list(iter_documents(folder))


def manifest_of(folder: str | Path) -> Path | None:
    """The `corpus.yaml` of a corpus folder, if it has one."""
    manifest = Path(folder) / MANIFEST
    return manifest if manifest.is_file() else None


def iter_documents(folder: str | Path, unique: bool = True) -> Iterator[CorpusDocument]:
    """`find_documents`, one document at a time: a manifest is streamed, so its documents
    are never all in memory; a folder's layouts keep only the names, to sort them.

    `unique` as for `iter_manifest` (names are unique by construction without a manifest).
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(folder, "no such folder")
    manifest = manifest_of(root)
    if manifest is not None:
        yield from iter_manifest(manifest, unique)
        return
    names: set[str] = set()
    for side in ("en", "id"):
        for suffix in SOURCE_SUFFIXES:
            names |= {p.name[: -len(f".{side}{suffix}")] for p in root.glob(f"*.{side}{suffix}")}
    en_dir, id_dir = root / "en", root / "id"
    stems: set[str] = set()
    if en_dir.is_dir() and id_dir.is_dir():
        stems = {p.stem for d in (en_dir, id_dir) for suffix in SOURCE_SUFFIXES for p in d.glob(f"*{suffix}")}
    for name in sorted(n for n in names | stems if n and not n.startswith(".")):
        if name in names:
            yield CorpusDocument(name, side_file(root, name, "en"), side_file(root, name, "id"))
        else:
            yield CorpusDocument(name, side_file(en_dir, name), side_file(id_dir, name))


def document_data(doc: CorpusDocument) -> dict[str, Any]:
    """A corpus document as plain data (for a record on disk); `document_from_data` reads it."""
    return {
        "name": doc.name, "en": str(doc.en) if doc.en else None, "id": str(doc.ind) if doc.ind else None,
        "file": str(doc.file) if doc.file else None, "layout": doc.layout,
        "meta": {f.name: getattr(doc.meta, f.name) for f in fields(Metadata) if getattr(doc.meta, f.name)},
    }


def document_from_data(data: dict[str, Any]) -> CorpusDocument:
    def path(key: str) -> Path | None:
        return Path(data[key]) if data.get(key) else None

    return CorpusDocument(data["name"], path("en"), path("id"), Metadata(**data.get("meta", {})), path("file"),
                          data.get("layout", "pair"))


def side_file(folder: Path, name: str, side: str = "") -> Path:
    """`NAME.en.txt` (or `.md`, `.epub`, ... whichever is there; `.txt` when none is), or
    `NAME.txt` and the like in an `en/` folder when `side` is empty."""
    stem = f"{name}.{side}" if side else name
    for suffix in SOURCE_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return folder / f"{stem}.txt"


def resolve_pair(path: str | Path) -> CorpusDocument:
    """`corpora/NAME` -> the document NAME (from the manifest when it lists it)."""
    p = Path(path)
    folder, name = p.parent, p.name
    for suffix in (*(f".{side}{s}" for side in ("en", "id") for s in SOURCE_SUFFIXES), ".yaml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    manifest = folder / MANIFEST
    if manifest.is_file():
        for doc in read_manifest(manifest):
            if doc.name == name:
                return doc
    en, ind = side_file(folder, name, "en"), side_file(folder, name, "id")
    if en.is_file() and ind.is_file():
        return CorpusDocument(name, en, ind)
    if p.is_dir():
        raise InputError(path, "is a folder; give two files, or NAME for NAME.en.txt + NAME.id.txt")
    if p.is_file():
        raise InputError(path, "is one file; give the English and the Indonesian file")
    raise InputError(path, f"found neither {en.name} nor {ind.name}")


def add_to_concepts_file(path: str | Path, concept: Concept) -> bool:
    """Add `concept` at the end of a `concepts.yaml`, leaving the rest of its text (and
    comments) as it is; False if the file defines that id already.

    The new text is read back before it is written (atomically): a file this cannot
    append to (a flow-style list, say) gets a `FormatError` and stays untouched.
    """
    import re

    from alignread.store.atomic import atomic_write_text
    from alignread.store.pairfile import concept_data

    where = str(path)
    existing = load_concepts(path)
    if any(c.id == concept.id for c in existing):
        return False
    text = Path(path).read_text(encoding="utf-8")
    if not existing:
        # Nothing to keep but comments at the top: write the list afresh.
        comments = "".join(line for line in text.splitlines(keepends=True) if line.lstrip().startswith("#"))
        atomic_write_text(path, comments + yamlio.dump({"schema_version": 1, "concepts": [concept_data(concept)]}))
        return True
    m = re.search(r"^([ \t]*)- id:", text, flags=re.MULTILINE)
    indent = m.group(1) if m else "  "
    item = yamlio.dump([concept_data(concept)]).rstrip("\n")
    new_text = text.rstrip("\n") + "\n" + "\n".join(indent + line for line in item.splitlines()) + "\n"
    try:
        again = _concepts_from_text(new_text, where)
    except FormatError:
        again = ()
    if again != existing + (concept,):
        raise FormatError(where, "cannot add a concept at its end "
                                 "(write the list in block style, one '- id:' per concept)")
    atomic_write_text(path, new_text)
    return True


def load_concepts(path: str | Path) -> tuple[Concept, ...]:
    """Concepts of a `concepts.yaml` (`{schema_version: 1, concepts: [...]}`)."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(where, "no such file") from None
    except UnicodeDecodeError:
        raise FormatError(where, "is not UTF-8") from None
    return _concepts_from_text(text, where)


def _concepts_from_text(text: str, where: str) -> tuple[Concept, ...]:
    from alignread.store.pairfile import Checker, read_concept

    data = yamlio.load(text, where)
    ck = Checker(where)
    d = ck.mapping(data, "", ("schema_version", "concepts"), ("concepts",))
    if d.get("schema_version", 1) != 1:
        raise ck.fail("schema_version", f"unknown schema version {d['schema_version']!r} (this alignread reads 1)")
    out = []
    seen = set()
    for k, item in enumerate(ck.seq(d["concepts"], "concepts")):
        c = read_concept(ck, item, f"concepts[{k}]")
        if c.id in seen:
            raise ck.fail(f"concepts[{k}].id", f"{c.id!r} is defined twice")
        seen.add(c.id)
        out.append(c)
    return tuple(out)
