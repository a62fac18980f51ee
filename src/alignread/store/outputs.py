"""A folder of aligned pairs, as `alignread batch` writes it: reading it back in order.

Batch writes `OUTDIR/NAME.yaml` per document, and records the corpus order of the
documents in its record `OUTDIR/.alignread-batch.sqlite` (`alignread.store.batch_record`),
so that study notes and corpus exports list documents as the corpus does.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from alignread.core.errors import InputError
from alignread.core.model import TextPair
from alignread.store import pairfile
from alignread.store.batch_record import OLD_STATE, BatchRecord
from alignread.store.corpus import CONCEPTS, MANIFEST
from alignread.store.document_file import unsaved_copy_of


def recorded_order(folder: str | Path) -> list[str]:
    """The corpus order of the documents a batch wrote into `folder` (empty if unknown)."""
    record = BatchRecord.read(folder)
    if record is not None:
        try:
            return list(record.order())
        except sqlite3.Error:
            return []
        finally:
            record.close()
    # An output folder written before the record was SQLite: its JSON cache held the order.
    try:
        data = json.loads((Path(folder) / OLD_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        return []
    order = data.get("order")
    return [n for n in order if isinstance(n, str)] if isinstance(order, list) else []


def iter_output_files(path: str | Path) -> Iterator[tuple[str, Path]]:
    """The annotated YAML files in `path` (a batch's OUTDIR, or one file) as (name, file),
    in the corpus order the batch recorded, then any others by name; read as a stream
    from the record, so memory stays flat however many there are."""
    p = Path(path)
    if p.is_file():
        yield p.name.removesuffix(".yaml").removesuffix(".yml"), p
        return
    if not p.is_dir():
        raise InputError(path, "no such file or folder")
    record = BatchRecord.read(p)
    if record is None:
        # No record (or one from before it was SQLite): the order is a list of names.
        for name, file in _ordered_files(p, recorded_order(p)):
            yield name, file
        return
    found = False
    try:
        for name in record.order():
            file = p / f"{name}.yaml"
            if file.is_file():
                found = True
                yield name, file
        others = sorted(
            (name, Path(entry.path)) for name, entry in _yaml_entries(p)
            if not record.has_document(name) and entry.name not in (MANIFEST, CONCEPTS)
        )
    finally:
        record.close()
    for name, file in others:
        found = True
        yield name, file
    if not found:
        raise InputError(path, "holds no annotated YAML files (make them with: alignread batch CORPUS -o OUTDIR)")


def _yaml_entries(folder: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """The YAML files of `folder` as (name, entry), without the copies of a document's
    unsaved work a reader kept beside it (`NAME.unsaved.yaml`, see
    `alignread.store.document_file.unsaved_copies`): they would count the document twice."""
    copies = []
    names = set()
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith(".") and entry.is_file():
                name = entry.name.rsplit(".", 1)[0]
                copy = unsaved_copy_of(name)
                if copy is not None:
                    copies.append((name, copy[0], entry))
                    continue
                names.add(name)
                yield name, entry
    for name, document, entry in copies:
        if document not in names:
            yield name, entry  # no document of that name here: it is a document of its own


def _ordered_files(p: Path, recorded: list[str]) -> list[tuple[str, Path]]:
    # A corpus folder's manifest and concepts are not pairs, unless a batch wrote a
    # document that happens to be called "corpus" or "concepts".
    skip = {name for name in (MANIFEST, CONCEPTS) if name.removesuffix(".yaml") not in recorded}
    files = {name: Path(entry.path) for name, entry in sorted(_yaml_entries(p), key=lambda ne: ne[1].name)
             if entry.name not in skip}
    if not files:
        raise InputError(p, "holds no annotated YAML files (make them with: alignread batch CORPUS -o OUTDIR)")
    order = [n for n in recorded if n in files]
    names = order + sorted(n for n in files if n not in order)
    return [(name, files[name]) for name in names]


def load_outputs(path: str | Path) -> list[tuple[str, TextPair]]:
    """The annotated pairs in `path`: one YAML file, or a folder of them (a batch's OUTDIR),
    as (name, pair) in the corpus order the batch recorded, else by name."""
    return [(name, pairfile.load(file)) for name, file in iter_output_files(path)]
