"""Corpora on disk: finding text pairs, the `corpus.yaml` manifest, `concepts.yaml`.

A corpus folder holds documents in one of three layouts:

- `NAME.en.txt` + `NAME.id.txt` side by side;
- `en/NAME.txt` + `id/NAME.txt`;
- a `corpus.yaml` manifest listing documents, with their metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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


def _name(entry: dict, where: str, k: int, seen: set[str]) -> str:
    name = entry["name"]
    if not name.strip() or name in (".", "..") or "/" in name or "\\" in name:
        raise FormatError(where, f"documents[{k}].name: {name!r} cannot be a file name (no slashes, not empty)")
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
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FormatError(where, "is not UTF-8") from None
    except OSError as exc:
        raise FormatError(where, f"cannot be read ({exc.strerror or exc})") from None
    data = yamlio.load(text, where)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise FormatError(where, "expected a mapping with a 'documents' list")
    if data.get("schema_version", 1) != 1:
        raise FormatError(where, f"schema_version: unknown version {data['schema_version']!r} (this alignread reads 1)")
    docs = []
    seen: set[str] = set()
    for k, entry in enumerate(data["documents"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise FormatError(where, f"documents[{k}]: expected a mapping with a 'name'")
        name = _name(entry, where, k, seen)
        meta = _meta(entry, where, k)
        file = _path(entry, "file", where, k)
        if file:
            layout = entry.get("layout") or "interleaved"
            if not isinstance(layout, str):
                raise FormatError(where, f"documents[{k}].layout: expected text")
            docs.append(CorpusDocument(name, None, None, meta, path.parent / file, layout))
            continue
        en = path.parent / (_path(entry, "en", where, k) or f"{name}.en.txt")
        ind = path.parent / (_path(entry, "id", where, k) or f"{name}.id.txt")
        docs.append(CorpusDocument(name, en, ind, meta))
    return docs


def find_documents(folder: str | Path) -> list[CorpusDocument]:
    """The documents of a corpus folder, in name order (a manifest's order if present).

    A `corpus.yaml` manifest, when present, lists the documents and nothing else is
    looked for. Otherwise `NAME.en.txt` + `NAME.id.txt` and `en/NAME.txt` + `id/NAME.txt`
    are both found (the first wins when a name is in both). A file whose counterpart is
    missing is still returned, so that the caller reports it instead of skipping it
    silently; hidden files (editor backups such as `.#NAME.en.txt`) are ignored.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(folder, "no such folder")
    manifest = root / MANIFEST
    if manifest.is_file():
        return read_manifest(manifest)
    docs: dict[str, CorpusDocument] = {}
    names = set()
    for side in ("en", "id"):
        for suffix in SOURCE_SUFFIXES:
            names |= {p.name[: -len(f".{side}{suffix}")] for p in root.glob(f"*.{side}{suffix}")}
    for name in sorted(n for n in names if n and not n.startswith(".")):
        docs[name] = CorpusDocument(name, side_file(root, name, "en"), side_file(root, name, "id"))
    en_dir, id_dir = root / "en", root / "id"
    if en_dir.is_dir() and id_dir.is_dir():
        stems = {p.stem for d in (en_dir, id_dir) for suffix in SOURCE_SUFFIXES for p in d.glob(f"*{suffix}")}
        for name in sorted(n for n in stems if not n.startswith(".")):
            docs.setdefault(name, CorpusDocument(name, side_file(en_dir, name), side_file(id_dir, name)))
    return [docs[k] for k in sorted(docs)]


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
