"""The annotated-YAML file of a text pair: schema version 1 (see docs/format.md).

`dumps` and `loads` convert between a `TextPair` and the file's text; `load` validates
everything and reports the first problem with its place (`beads[12].en: sentence 40 does
not exist`); `save` writes atomically. Loading a file this module wrote and saving it
again gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignread import __version__
from alignread.core.errors import FormatError
from alignread.core.model import (
    BEAD_STATUSES,
    Annotation,
    Bead,
    Concept,
    Metadata,
    Paragraph,
    Sentence,
    Text,
    TextPair,
    text_digest,
)
from alignread.store import yamlio
from alignread.store.atomic import ANY, AnyVersion, Fingerprint, atomic_write_text, read_fingerprinted
from alignread.store.yamlio import Flow, FlowMap

SCHEMA_VERSION = 1
_META_KEYS = ("title", "author", "translator", "source", "licence", "original")
_TOP_KEYS = ("schema_version", "generator", "meta", "provenance", "texts", "beads", "concepts", "annotations", "layout")


# ---------------------------------------------------------------- writing


def _text_data(text: Text) -> dict[str, Any]:
    return {
        "lang": text.lang,
        "file": text.file,
        "digest": text.digest,
        "text": text.text,
        "paragraphs": Flow(Flow([p.start, p.end]) for p in text.paragraphs),
        "sentences": [
            FlowMap(start=s.start, end=s.end, paragraph=s.paragraph, text=s.text) for s in text.sentences
        ],
    }


def concept_data(c: Concept) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "labels": FlowMap(en=c.label_en, id=c.label_ind)}
    if c.description_en or c.description_ind:
        out["description"] = {"en": c.description_en, "id": c.description_ind}
    return out


def _annotation_data(a: Annotation) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.id, "at": FlowMap(en=Flow(a.en), id=Flow(a.ind))}
    if a.is_detached:
        # Sits on no sentence; the quotes, concepts and note are all kept.
        out["detached"] = a.detached
    if a.is_phrase:
        out["phrase"] = FlowMap(side=a.side) if a.is_detached else FlowMap(side=a.side, start=a.start, end=a.end)
        out["quote"] = {a.side: a.quote}
    else:
        out["quote"] = {"en": a.quote_en, "id": a.quote_ind}
    out["concepts"] = Flow(a.concepts)
    out["note"] = a.note
    out["created"] = a.created
    out["modified"] = a.modified
    return out


def to_data(pair: TextPair) -> dict[str, Any]:
    """The file's content as plain data."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"alignread {__version__}",
        "meta": {k: getattr(pair.meta, k) for k in _META_KEYS},
        "provenance": dict(pair.provenance),
        "texts": {"en": _text_data(pair.en), "id": _text_data(pair.ind)},
        "beads": [
            FlowMap(en=Flow(b.en), id=Flow(b.ind), score=round(float(b.score), 4), status=b.status) for b in pair.beads
        ],
        "concepts": [concept_data(c) for c in pair.concepts],
        "annotations": [_annotation_data(a) for a in pair.annotations],
    }
    if pair.layout:
        from alignread.core.essay_layout import LayoutEntry

        data["layout"] = [FlowMap(LayoutEntry.from_dict(item).to_dict()) for item in pair.layout]
    return data


def dumps(pair: TextPair) -> str:
    return yamlio.dump(to_data(pair))


def save(pair: TextPair, path: str | Path, expect: Fingerprint | AnyVersion | None = ANY) -> Fingerprint | None:
    """Write the pair atomically (`-` writes stdout). With `expect` (the fingerprint of the
    version read, or None for "no file yet"), only over that version: `ChangedOnDisk`
    otherwise (`alignread.store.atomic`)."""
    return atomic_write_text(path, dumps(pair), expect=expect)


# ---------------------------------------------------------------- reading


class Checker:
    """Type checks that name the place of a problem (`beads[3].en: expected a list`)."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, place: str, problem: str) -> FormatError:
        return FormatError(self.where, f"{place}: {problem}" if place else problem)

    def mapping(self, value: Any, place: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(place, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if key not in allowed:
                raise self.fail(place, f"unknown key {key!r}")
        for key in required:
            if key not in value:
                raise self.fail(place, f"missing key {key!r}")
        return value

    def seq(self, value: Any, place: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(place, f"expected a list, got {_kind(value)}")
        return value

    def string(self, value: Any, place: str, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(place, f"expected text, got {_kind(value)}")
        return value

    def integer(self, value: Any, place: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(place, f"expected a whole number, got {_kind(value)}")
        return value

    def ids(self, value: Any, place: str, count: int) -> tuple[int, ...]:
        out = []
        for k, item in enumerate(self.seq(value, place)):
            number = self.integer(item, f"{place}[{k}]")
            if not 0 <= number < count:
                raise self.fail(place, f"sentence {number} does not exist")
            out.append(number)
        return tuple(out)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _read_text(ck: Checker, data: Any, place: str, lang: str) -> Text:
    d = ck.mapping(data, place, ("lang", "file", "digest", "text", "paragraphs", "sentences"), ("text", "sentences"))
    text = ck.string(d.get("text"), f"{place}.text")
    file_lang = ck.string(d.get("lang"), f"{place}.lang", lang)
    digest = ck.string(d.get("digest"), f"{place}.digest")
    if digest and digest != text_digest(text):
        raise ck.fail(f"{place}.digest", "does not match the text (was the text edited by hand?)")
    paragraphs = []
    for k, item in enumerate(ck.seq(d.get("paragraphs"), f"{place}.paragraphs")):
        at = f"{place}.paragraphs[{k}]"
        pair = ck.seq(item, at)
        if len(pair) != 2:
            raise ck.fail(at, "expected [start, end]")
        start, end = ck.integer(pair[0], at), ck.integer(pair[1], at)
        if not 0 <= start <= end <= len(text):
            raise ck.fail(at, f"span [{start}, {end}] is outside the text ({len(text)} characters)")
        paragraphs.append(Paragraph(k, start, end))
    sentences = []
    last_end = 0
    for k, item in enumerate(ck.seq(d.get("sentences"), f"{place}.sentences")):
        at = f"{place}.sentences[{k}]"
        s = ck.mapping(item, at, ("start", "end", "paragraph", "text"), ("start", "end", "text"))
        start, end = ck.integer(s["start"], f"{at}.start"), ck.integer(s["end"], f"{at}.end")
        if not last_end <= start < end <= len(text):
            raise ck.fail(at, f"span [{start}, {end}] is out of order or outside the text")
        stext = ck.string(s["text"], f"{at}.text")
        if text[start:end] != stext:
            raise ck.fail(f"{at}.text", "differs from the text at its span")
        para = ck.integer(s.get("paragraph", 0), f"{at}.paragraph")
        if paragraphs and not 0 <= para < len(paragraphs):
            raise ck.fail(f"{at}.paragraph", f"paragraph {para} does not exist")
        sentences.append(Sentence(k, start, end, stext, para))
        last_end = end
    return Text(file_lang, text, tuple(paragraphs), tuple(sentences), ck.string(d.get("file"), f"{place}.file"))


def _read_beads(ck: Checker, data: Any, en: Text, ind: Text) -> tuple[Bead, ...]:
    beads = []
    next_en = next_ind = 0
    for k, item in enumerate(ck.seq(data, "beads")):
        at = f"beads[{k}]"
        b = ck.mapping(item, at, ("en", "id", "score", "status"), ("en", "id"))
        e = ck.ids(b["en"], f"{at}.en", len(en.sentences))
        i = ck.ids(b["id"], f"{at}.id", len(ind.sentences))
        if not e and not i:
            raise ck.fail(at, "holds no sentence")
        for side, ids, expected in (("en", e, next_en), ("id", i, next_ind)):
            if ids and ids != tuple(range(expected, expected + len(ids))):
                raise ck.fail(f"{at}.{side}", f"expected sentence {expected} next, got {list(ids)}")
        next_en += len(e)
        next_ind += len(i)
        score = b.get("score", 1.0)
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
            raise ck.fail(f"{at}.score", "expected a number from 0 to 1")
        status = ck.string(b.get("status"), f"{at}.status", "auto")
        if status not in BEAD_STATUSES:
            raise ck.fail(f"{at}.status", f"expected one of {', '.join(BEAD_STATUSES)}")
        beads.append(Bead(e, i, float(score), status))
    # Every sentence is in exactly one bead: an empty list too, where there are sentences.
    for side, count, seen in (("English", len(en.sentences), next_en), ("Indonesian", len(ind.sentences), next_ind)):
        if seen != count:
            which = f"sentence {seen} is" if count - seen == 1 else f"sentences {seen} to {count - 1} are"
            raise ck.fail("beads", f"{side} {which} in no bead")
    return tuple(beads)


def read_concept(ck: Checker, item: Any, at: str) -> Concept:
    c = ck.mapping(item, at, ("id", "labels", "description"), ("id",))
    cid = ck.string(c["id"], f"{at}.id")
    if not cid:
        raise ck.fail(f"{at}.id", "is empty")
    labels = ck.mapping(c.get("labels") or {}, f"{at}.labels", ("en", "id"))
    desc = c.get("description") or {}
    if isinstance(desc, str):
        desc = {"en": desc}
    desc = ck.mapping(desc, f"{at}.description", ("en", "id"))
    return Concept(
        cid,
        ck.string(labels.get("en"), f"{at}.labels.en"),
        ck.string(labels.get("id"), f"{at}.labels.id"),
        ck.string(desc.get("en"), f"{at}.description.en"),
        ck.string(desc.get("id"), f"{at}.description.id"),
    )


def _read_annotation(
    ck: Checker, item: Any, at: str, pair_texts: tuple[Text, Text], concept_ids: set[str]
) -> Annotation:
    en, ind = pair_texts
    a = ck.mapping(
        item, at, ("id", "at", "detached", "phrase", "quote", "concepts", "note", "created", "modified"), ("id", "at")
    )
    aid = ck.string(a["id"], f"{at}.id")
    detached = ck.string(a.get("detached"), f"{at}.detached")
    where = ck.mapping(a["at"], f"{at}.at", ("en", "id"))
    e = ck.ids(where.get("en"), f"{at}.at.en", len(en.sentences))
    i = ck.ids(where.get("id"), f"{at}.at.id", len(ind.sentences))
    if detached and (e or i):
        raise ck.fail(f"{at}.at", "a detached annotation sits on no sentence (expected {en: [], id: []})")
    if not detached and not e and not i:
        raise ck.fail(f"{at}.at", "names no sentence")
    quote = a.get("quote") or {}
    quote = ck.mapping(quote, f"{at}.quote", ("en", "id"))
    concepts = []
    for k, cid in enumerate(ck.seq(a.get("concepts"), f"{at}.concepts")):
        cid = ck.string(cid, f"{at}.concepts[{k}]")
        if cid not in concept_ids:
            raise ck.fail(f"{at}.concepts[{k}]", f"unknown concept {cid!r}")
        concepts.append(cid)
    side = start = end = None
    if a.get("phrase") is not None and detached:
        p = ck.mapping(a["phrase"], f"{at}.phrase", ("side",), ("side",))
        side = ck.string(p["side"], f"{at}.phrase.side")
        if side not in ("en", "id"):
            raise ck.fail(f"{at}.phrase.side", "expected en or id")
    elif a.get("phrase") is not None:
        p = ck.mapping(a["phrase"], f"{at}.phrase", ("side", "start", "end"), ("side", "start", "end"))
        side = ck.string(p["side"], f"{at}.phrase.side")
        if side not in ("en", "id"):
            raise ck.fail(f"{at}.phrase.side", "expected en or id")
        start, end = ck.integer(p["start"], f"{at}.phrase.start"), ck.integer(p["end"], f"{at}.phrase.end")
        text = en.text if side == "en" else ind.text
        if not 0 <= start < end <= len(text):
            raise ck.fail(f"{at}.phrase", f"span [{start}, {end}] is outside the text")
        q = ck.string(quote.get(side), f"{at}.quote.{side}")
        if q != text[start:end]:
            raise ck.fail(f"{at}.quote.{side}", "differs from the text at the phrase's span")
    return Annotation(
        id=aid,
        en=e,
        ind=i,
        concepts=tuple(concepts),
        note=ck.string(a.get("note"), f"{at}.note"),
        quote_en=ck.string(quote.get("en"), f"{at}.quote.en"),
        quote_ind=ck.string(quote.get("id"), f"{at}.quote.id"),
        side=side,
        start=start,
        end=end,
        created=ck.string(a.get("created"), f"{at}.created"),
        modified=ck.string(a.get("modified"), f"{at}.modified"),
        detached=detached,
    )


def from_data(data: Any, where: str) -> TextPair:
    """Validate plain data read from a file and build the `TextPair`."""
    ck = Checker(where)
    if not isinstance(data, dict):
        raise ck.fail("", f"is not an alignread file (expected a mapping at the top, got {_kind(data)})")
    version = data.get("schema_version")
    if version is None:
        raise ck.fail("", "is not an alignread file (no schema_version)")
    if version != SCHEMA_VERSION:
        raise ck.fail("schema_version", f"unknown schema version {version!r} (this alignread reads {SCHEMA_VERSION})")
    ck.mapping(data, "", _TOP_KEYS, ("texts",))
    if str(data.get("generator", "")).startswith("alignread") and "annotations" not in data:
        # alignread writes every section, annotations last: a file of ours without them
        # was cut short (a copy interrupted, a disk that filled), and reading it would
        # silently lose what it held.
        raise ck.fail("", "ends before its annotations section; the file looks cut short (restore it from a copy)")
    meta = ck.mapping(data.get("meta") or {}, "meta", _META_KEYS)
    metadata = Metadata(**{k: ck.string(meta.get(k), f"meta.{k}") for k in _META_KEYS})
    prov = data.get("provenance") or {}
    if not isinstance(prov, dict):
        raise ck.fail("provenance", f"expected a mapping, got {_kind(prov)}")
    provenance = tuple((str(k), ck.string(v, f"provenance.{k}")) for k, v in prov.items())
    texts = ck.mapping(data["texts"], "texts", ("en", "id"), ("en", "id"))
    en = _read_text(ck, texts["en"], "texts.en", "en")
    ind = _read_text(ck, texts["id"], "texts.id", "id")
    beads = _read_beads(ck, data.get("beads"), en, ind)
    concepts = []
    seen: set[str] = set()
    for k, item in enumerate(ck.seq(data.get("concepts"), "concepts")):
        c = read_concept(ck, item, f"concepts[{k}]")
        if c.id in seen:
            raise ck.fail(f"concepts[{k}].id", f"{c.id!r} is defined twice")
        seen.add(c.id)
        concepts.append(c)
    annotations = []
    ann_ids: set[str] = set()
    for k, item in enumerate(ck.seq(data.get("annotations"), "annotations")):
        a = _read_annotation(ck, item, f"annotations[{k}]", (en, ind), seen)
        if a.id in ann_ids:
            raise ck.fail(f"annotations[{k}].id", f"{a.id!r} is used twice")
        ann_ids.add(a.id)
        annotations.append(a)
    layout = _read_layout(ck, data.get("layout"), en, ind)
    return TextPair(en, ind, metadata, beads, tuple(concepts), tuple(annotations), provenance, layout)


def _read_layout(ck: Checker, data: Any, en: Text, ind: Text) -> tuple[dict, ...]:
    """The layout of a one-file essay (keys in `alignread.core.essay_layout`), checked against the texts."""
    from alignread.core import essay_layout as lay

    out = []
    for k, item in enumerate(ck.seq(data, "layout")):
        at = f"layout[{k}]"
        d = ck.mapping(item, at, lay.KEYS, lay.REQUIRED)
        entry = {
            "role": ck.string(d["role"], f"{at}.role"),
            "side": ck.string(d["side"], f"{at}.side"),
            "start": ck.integer(d["start"], f"{at}.start"),
            "end": ck.integer(d["end"], f"{at}.end"),
        }
        if d.get("block") is not None:
            entry["block"] = ck.integer(d["block"], f"{at}.block")
        for key in ("gap", "tail"):
            if d.get(key):
                entry[key] = ck.string(d[key], f"{at}.{key}")
        out.append(entry)
    problem = lay.layout_problem(out, {"en": en.text, "id": ind.text})
    if problem is not None:
        index, message = problem
        raise ck.fail("layout" if index is None else f"layout[{index}]", message)
    return tuple(out)


def loads(text: str, where: str = "<yaml>") -> TextPair:
    return from_data(yamlio.load(text, where), where)


def load(path: str | Path) -> TextPair:
    """Read and validate an annotated-YAML file (`-`: standard input)."""
    if str(path) == "-":
        import sys

        return _parse(sys.stdin.buffer.read(), "<stdin>")
    return load_fingerprinted(path)[0]


def load_fingerprinted(path: str | Path) -> tuple[TextPair, Fingerprint]:
    """Read and validate an annotated-YAML file; also the fingerprint of the bytes read, so
    that a later write can be made only over this version (`save(..., expect=)`)."""
    where = str(path)
    p = Path(path)
    if not p.exists():
        raise FormatError(where, "no such file")
    if p.is_dir():
        raise FormatError(where, "is a folder, not an alignread file")
    data, fingerprint = read_fingerprinted(p)
    return _parse(data, where), fingerprint


def _parse(data: bytes, where: str) -> TextPair:
    """Validate the bytes of an annotated-YAML file."""
    if not data.strip():
        raise FormatError(where, "the file is empty")
    if b"\x00" in data[:8192]:
        raise FormatError(where, "looks like a binary file, not YAML")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(where, f"is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return loads(text, where)
