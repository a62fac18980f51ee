"""A folder of aligned pairs, as `alignread batch` writes it: reading it back in order.

Batch writes `OUTDIR/NAME.yaml` per document, and records the corpus order of the
documents in its record `OUTDIR/.alignread-batch.sqlite` (`alignread.store.batch_record`),
so that study notes and corpus exports list documents as the corpus does.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alignread.core.errors import InputError
from alignread.core.model import TextPair
from alignread.store import pairfile
from alignread.store.batch_record import OLD_STATE, BatchRecord
from alignread.store.corpus import CONCEPTS, MANIFEST


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


def load_outputs(path: str | Path) -> list[tuple[str, TextPair]]:
    """The annotated pairs in `path`: one YAML file, or a folder of them (a batch's OUTDIR),
    as (name, pair) in the corpus order the batch recorded, else by name."""
    p = Path(path)
    if p.is_file():
        return [(p.name.removesuffix(".yaml").removesuffix(".yml"), pairfile.load(p))]
    if not p.is_dir():
        raise InputError(path, "no such file or folder")
    recorded = recorded_order(p)
    # A corpus folder's manifest and concepts are not pairs, unless a batch wrote a
    # document that happens to be called "corpus" or "concepts".
    skip = {name for name in (MANIFEST, CONCEPTS) if name.removesuffix(".yaml") not in recorded}
    files = {f.name.rsplit(".", 1)[0]: f for f in sorted(p.glob("*.y*ml"))
             if f.suffix in (".yaml", ".yml") and f.name not in skip and not f.name.startswith(".")}
    if not files:
        raise InputError(path, "holds no annotated YAML files (make them with: alignread batch CORPUS -o OUTDIR)")
    order = [n for n in recorded if n in files]
    names = order + sorted(n for n in files if n not in order)
    return [(name, pairfile.load(files[name])) for name in names]
