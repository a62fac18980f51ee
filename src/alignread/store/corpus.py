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
from alignread.store import yamlio

MANIFEST = "corpus.yaml"
CONCEPTS = "concepts.yaml"


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a corpus: its name, its files and metadata."""

    name: str
    en: Path | None
    ind: Path | None
    meta: Metadata = field(default_factory=Metadata)
    file: Path | None = None  # a single bilingual file (layout: interleaved)
    layout: str = "pair"


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


def read_manifest(path: Path) -> list[Document]:
    """The documents a `corpus.yaml` lists (paths relative to its folder)."""
    where = str(path)
    data = yamlio.load(path.read_text(encoding="utf-8"), where)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise FormatError(where, "expected a mapping with a 'documents' list")
    docs = []
    for k, entry in enumerate(data["documents"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise FormatError(where, f"documents[{k}]: expected a mapping with a 'name'")
        name = entry["name"]
        meta = _meta(entry, where, k)
        if entry.get("file"):
            docs.append(Document(name, None, None, meta, path.parent / str(entry["file"]), str(entry.get("layout", "interleaved"))))
            continue
        en = path.parent / str(entry.get("en") or f"{name}.en.txt")
        ind = path.parent / str(entry.get("id") or f"{name}.id.txt")
        docs.append(Document(name, en, ind, meta))
    return docs


def find_documents(folder: str | Path) -> list[Document]:
    """The documents of a corpus folder, in name order (a manifest's order if present)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(folder, "no such folder")
    manifest = root / MANIFEST
    if manifest.is_file():
        return read_manifest(manifest)
    docs: dict[str, Document] = {}
    for en in sorted(root.glob("*.en.txt")):
        name = en.name[: -len(".en.txt")]
        ind = root / f"{name}.id.txt"
        if ind.is_file():
            docs[name] = Document(name, en, ind)
    if (root / "en").is_dir() and (root / "id").is_dir():
        for en in sorted((root / "en").glob("*.txt")):
            ind = root / "id" / en.name
            if ind.is_file():
                docs.setdefault(en.stem, Document(en.stem, en, ind))
    return [docs[k] for k in sorted(docs)]


def resolve_pair(path: str | Path) -> Document:
    """`corpora/NAME` -> the document NAME (from the manifest when it lists it)."""
    p = Path(path)
    folder, name = p.parent, p.name
    for suffix in (".en.txt", ".id.txt", ".yaml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    manifest = folder / MANIFEST
    if manifest.is_file():
        for doc in read_manifest(manifest):
            if doc.name == name:
                return doc
    en, ind = folder / f"{name}.en.txt", folder / f"{name}.id.txt"
    if en.is_file() and ind.is_file():
        return Document(name, en, ind)
    if p.is_dir():
        raise InputError(path, "is a folder; give two files, or NAME for NAME.en.txt + NAME.id.txt")
    if p.is_file():
        raise InputError(path, "is one file; give the English and the Indonesian file")
    raise InputError(path, f"found neither {en.name} nor {ind.name}")


def load_concepts(path: str | Path) -> tuple[Concept, ...]:
    """Concepts of a `concepts.yaml` (`{schema_version: 1, concepts: [...]}`)."""
    from alignread.store.pairfile import _Checker, read_concept

    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormatError(where, "no such file") from None
    except UnicodeDecodeError:
        raise FormatError(where, "is not UTF-8") from None
    data = yamlio.load(text, where)
    ck = _Checker(where)
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
