"""The annotated-YAML file of a text pair: schema version 2 (see docs/format.md).

Files of schema version 1 are read as well (a version 1 file is a version 2 file without
structure, with its phrases written the old way); what is written is always version 2.

`dumps` and `loads` convert between a `TextPair` and the file's text; `load` validates
everything and reports the first problem with its place (`beads[12].en: sentence 40 does
not exist`); `save` writes atomically. Loading a file this module wrote and saving it
again gives the same bytes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alignread import __version__
from alignread.core.errors import FormatError
from alignread.core.model import (
    BEAD_STATUSES,
    EXTRA_KINDS,
    Annotation,
    Bead,
    BeadIds,
    Chapter,
    Concept,
    Dismissal,
    Extra,
    Metadata,
    Paragraph,
    Sentence,
    Text,
    TextPair,
    text_digest,
)
from alignread.core.sides import LANGUAGE_NAMES, on_side, other_side
from alignread.store import yamlio
from alignread.store.atomic import ANY, AnyVersion, Fingerprint, atomic_write_text, read_fingerprinted
from alignread.store.yamlio import Flow, FlowMap

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
_META_KEYS = ("title", "author", "translator", "source", "licence", "original")
_TOP_KEYS = ("schema_version", "generator", "meta", "provenance", "texts", "chapter_pairs", "beads", "concepts",
             "dismissed", "annotations", "layout")
_TOP_KEYS_1 = tuple(k for k in _TOP_KEYS if k not in ("chapter_pairs", "dismissed"))
_TEXT_KEYS = ("lang", "file", "format", "digest", "text", "paragraphs", "chapters", "extras", "sentences")
_EXTRA_KEYS = ("kind", "at", "text", "lang", "src", "rows")


# ---------------------------------------------------------------- writing


def _text_data(text: Text) -> dict[str, Any]:
    out: dict[str, Any] = {"lang": text.lang, "file": text.file}
    if text.format:
        out["format"] = text.format
    out["digest"] = text.digest
    out["text"] = text.text
    out["paragraphs"] = Flow(Flow([p.start, p.end, p.heading] if p.heading else [p.start, p.end])
                             for p in text.paragraphs)
    if text.chapters:
        out["chapters"] = [FlowMap(start=c.start, end=c.end, title=c.title) for c in text.chapters]
    if text.extras:
        out["extras"] = [_extra_data(x) for x in text.extras]
    out["sentences"] = [FlowMap(start=s.start, end=s.end, paragraph=s.paragraph, text=s.text) for s in text.sentences]
    return out


def _extra_data(x: Extra) -> FlowMap:
    out = FlowMap(kind=x.kind, at=x.at)
    if x.lang:
        out["lang"] = x.lang
    if x.src:
        out["src"] = x.src
    if x.text or x.kind == "code":
        out["text"] = x.text
    if x.rows:
        out["rows"] = Flow(Flow(row) for row in x.rows)
    return out


def _ids_pair(pair: BeadIds) -> FlowMap:
    return FlowMap(en=Flow(pair[0]), id=Flow(pair[1]))


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
        # Side -> span: the side the phrase was selected on first, then, for a phrase
        # tagged in both languages at once, its counterpart on the other side.
        assert a.side is not None
        spans = {a.side: Flow() if a.is_detached else Flow([a.start, a.end])}
        quotes = {a.side: a.quote}
        if _bilingual(a):
            other = other_side(a.side)
            spans[other] = Flow() if a.is_detached or a.counterpart is None else Flow(list(a.counterpart))
            quotes[other] = a.quote_on(other)
        out["phrase"] = FlowMap(spans)
        out["quote"] = quotes
    else:
        out["quote"] = {"en": a.quote_en, "id": a.quote_ind}
    out["concepts"] = Flow(a.concepts)
    out["note"] = a.note
    out["created"] = a.created
    out["modified"] = a.modified
    return out


def _bilingual(a: Annotation) -> bool:
    """A phrase written with both sides: it has its counterpart (or, detached, both quotes)."""
    return a.counterpart is not None if not a.is_detached else bool(a.quote_en and a.quote_ind)


def _dismissal_data(d: Dismissal) -> FlowMap:
    return FlowMap({"concept": d.concept, d.side: Flow([d.start, d.end]), "quote": d.quote})


def to_data(pair: TextPair) -> dict[str, Any]:
    """The file's content as plain data."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"alignread {__version__}",
        "meta": {k: getattr(pair.meta, k) for k in _META_KEYS},
        "provenance": dict(pair.provenance),
        "texts": {"en": _text_data(pair.en), "id": _text_data(pair.ind)},
    }
    if pair.chapter_pairs:
        data["chapter_pairs"] = [_ids_pair(c) for c in pair.chapter_pairs]
    data |= {
        "beads": [
            FlowMap(en=Flow(b.en), id=Flow(b.ind), score=round(float(b.score), 4), status=b.status) for b in pair.beads
        ],
        "concepts": [concept_data(c) for c in pair.concepts],
    }
    if pair.dismissed:
        data["dismissed"] = [_dismissal_data(d) for d in pair.dismissed]
    data["annotations"] = [_annotation_data(a) for a in pair.annotations]
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


def _span(ck: Checker, value: Any, place: str, size: int, what: str = "[start, end]") -> tuple[int, int]:
    pair = ck.seq(value, place)
    if len(pair) != 2:
        raise ck.fail(place, f"expected {what}")
    start, end = ck.integer(pair[0], place), ck.integer(pair[1], place)
    if not 0 <= start <= end <= size:
        raise ck.fail(place, f"span [{start}, {end}] is outside the text ({size} characters)")
    return start, end


def _read_paragraphs(ck: Checker, value: Any, place: str, text: str) -> list[Paragraph]:
    paragraphs = []
    for k, item in enumerate(ck.seq(value, place)):
        at = f"{place}[{k}]"
        entry = ck.seq(item, at)
        heading = 0
        if len(entry) == 3:
            heading = ck.integer(entry[2], at)
            if not 1 <= heading <= 6:
                raise ck.fail(at, f"heading level {heading} is not 1 to 6")
            entry = entry[:2]
        start, end = _span(ck, entry, at, len(text), "[start, end] or [start, end, heading level]")
        paragraphs.append(Paragraph(k, start, end, heading))
    return paragraphs


def _read_chapters(ck: Checker, value: Any, place: str, text: str) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    for k, item in enumerate(ck.seq(value, place)):
        at = f"{place}[{k}]"
        c = ck.mapping(item, at, ("start", "end", "title"), ("start", "end"))
        start, end = ck.integer(c["start"], f"{at}.start"), ck.integer(c["end"], f"{at}.end")
        expected = chapters[-1].end if chapters else 0
        if start != expected or not start <= end <= len(text):
            raise ck.fail(at, f"span [{start}, {end}] does not follow on from {expected} inside the text "
                              "(chapters cover the text in order)")
        chapters.append(Chapter(k, start, end, ck.string(c.get("title"), f"{at}.title")))
    if chapters and chapters[-1].end != len(text):
        raise ck.fail(place, f"the last chapter ends at {chapters[-1].end}, not at the end of the text ({len(text)})")
    return tuple(chapters)


def _read_extras(ck: Checker, value: Any, place: str, text: str) -> tuple[Extra, ...]:
    extras: list[Extra] = []
    for k, item in enumerate(ck.seq(value, place)):
        at = f"{place}[{k}]"
        x = ck.mapping(item, at, _EXTRA_KEYS, ("kind", "at"))
        kind = ck.string(x["kind"], f"{at}.kind")
        if kind not in EXTRA_KINDS:
            raise ck.fail(f"{at}.kind", f"expected one of {', '.join(EXTRA_KINDS)}")
        offset = ck.integer(x["at"], f"{at}.at")
        if not (extras[-1].at if extras else 0) <= offset <= len(text):
            raise ck.fail(f"{at}.at", f"offset {offset} is out of order or outside the text")
        rows = []
        for r, row in enumerate(ck.seq(x.get("rows"), f"{at}.rows")):
            cells = ck.seq(row, f"{at}.rows[{r}]")
            rows.append(tuple(ck.string(cell, f"{at}.rows[{r}][{c}]") for c, cell in enumerate(cells)))
        extras.append(Extra(
            kind, offset, ck.string(x.get("text"), f"{at}.text"), ck.string(x.get("lang"), f"{at}.lang"),
            ck.string(x.get("src"), f"{at}.src"), tuple(rows),
        ))
    return tuple(extras)


def _read_text(ck: Checker, data: Any, place: str, lang: str, version: int) -> Text:
    keys = _TEXT_KEYS if version >= 2 else ("lang", "file", "digest", "text", "paragraphs", "sentences")
    d = ck.mapping(data, place, keys, ("text", "sentences"))
    text = ck.string(d.get("text"), f"{place}.text")
    file_lang = ck.string(d.get("lang"), f"{place}.lang", lang)
    digest = ck.string(d.get("digest"), f"{place}.digest")
    if digest and digest != text_digest(text):
        raise ck.fail(f"{place}.digest", "does not match the text (was the text edited by hand?)")
    paragraphs = _read_paragraphs(ck, d.get("paragraphs"), f"{place}.paragraphs", text)
    sentences = []
    last_end = 0
    n_paragraphs = len(paragraphs)
    size = len(text)
    for k, item in enumerate(ck.seq(d.get("sentences"), f"{place}.sentences")):
        # The hot loop of a book (100,000 sentences): the usual shape is checked inline.
        if type(item) is dict and len(item) == 4:
            start, end, para, stext = item.get("start"), item.get("end"), item.get("paragraph"), item.get("text")
        else:
            start = end = para = stext = None
        if type(start) is not int or type(end) is not int or type(para) is not int or type(stext) is not str:
            at = f"{place}.sentences[{k}]"
            s = ck.mapping(item, at, ("start", "end", "paragraph", "text"), ("start", "end", "text"))
            start, end = ck.integer(s["start"], f"{at}.start"), ck.integer(s["end"], f"{at}.end")
            stext = ck.string(s["text"], f"{at}.text")
            para = ck.integer(s.get("paragraph", 0), f"{at}.paragraph")
        if not last_end <= start < end <= size:
            raise ck.fail(f"{place}.sentences[{k}]", f"span [{start}, {end}] is out of order or outside the text")
        if not text.startswith(stext, start) or len(stext) != end - start:
            raise ck.fail(f"{place}.sentences[{k}].text", "differs from the text at its span")
        if n_paragraphs and not 0 <= para < n_paragraphs:
            raise ck.fail(f"{place}.sentences[{k}].paragraph", f"paragraph {para} does not exist")
        sentences.append(Sentence(k, start, end, stext, para))
        last_end = end
    chapters = _read_chapters(ck, d.get("chapters"), f"{place}.chapters", text)
    extras = _read_extras(ck, d.get("extras"), f"{place}.extras", text)
    return Text(file_lang, text, tuple(paragraphs), tuple(sentences), ck.string(d.get("file"), f"{place}.file"),
                ck.string(d.get("format"), f"{place}.format"), chapters, extras)


def _read_chapter_pairs(ck: Checker, data: Any, en: Text, ind: Text) -> tuple[BeadIds, ...]:
    """Chapter pairs are checked as beads are: every chapter in exactly one, in order."""
    pairs: list[BeadIds] = []
    next_en = next_ind = 0
    for k, item in enumerate(ck.seq(data, "chapter_pairs")):
        at = f"chapter_pairs[{k}]"
        c = ck.mapping(item, at, ("en", "id"), ("en", "id"))
        ids = []
        for side, text, expected in (("en", en, next_en), ("id", ind, next_ind)):
            found = []
            for j, value in enumerate(ck.seq(c[side], f"{at}.{side}")):
                number = ck.integer(value, f"{at}.{side}[{j}]")
                if not 0 <= number < len(text.chapters):
                    raise ck.fail(f"{at}.{side}", f"chapter {number} does not exist")
                found.append(number)
            if found and found != list(range(expected, expected + len(found))):
                raise ck.fail(f"{at}.{side}", f"expected chapter {expected} next, got {found}")
            ids.append(tuple(found))
        if not ids[0] and not ids[1]:
            raise ck.fail(at, "holds no chapter")
        next_en += len(ids[0])
        next_ind += len(ids[1])
        pairs.append((ids[0], ids[1]))
    if pairs:
        for side, count, seen in ((LANGUAGE_NAMES["en"], len(en.chapters), next_en),
                                  (LANGUAGE_NAMES["id"], len(ind.chapters), next_ind)):
            if seen != count:
                raise ck.fail("chapter_pairs", f"{side} chapters {seen} to {count - 1} are in no pair")
    return tuple(pairs)


def _read_beads(ck: Checker, data: Any, en: Text, ind: Text) -> tuple[Bead, ...]:
    beads = []
    next_en = next_ind = 0
    n_en, n_ind = len(en.sentences), len(ind.sentences)
    for k, item in enumerate(ck.seq(data, "beads")):
        bead = _usual_bead(item, next_en, next_ind, n_en, n_ind)
        if bead is not None:
            beads.append(bead)
            next_en += len(bead.en)
            next_ind += len(bead.ind)
            continue
        at = f"beads[{k}]"
        b = ck.mapping(item, at, ("en", "id", "score", "status"), ("en", "id"))
        e, i = b["en"], b["id"]
        # The usual bead (consecutive sentence ids from where the last bead stopped) is
        # checked in one comparison; anything else gets the checks that name the problem.
        if not (type(e) is list and type(i) is list and all(type(x) is int for x in e + i)
                and e == list(range(next_en, next_en + len(e)))
                and i == list(range(next_ind, next_ind + len(i))) and next_en + len(e) <= n_en
                and next_ind + len(i) <= n_ind):
            e = ck.ids(e, f"{at}.en", n_en)
            i = ck.ids(i, f"{at}.id", n_ind)
            for side, ids, expected in (("en", e, next_en), ("id", i, next_ind)):
                if ids and ids != tuple(range(expected, expected + len(ids))):
                    raise ck.fail(f"{at}.{side}", f"expected sentence {expected} next, got {list(ids)}")
        if not e and not i:
            raise ck.fail(at, "holds no sentence")
        next_en += len(e)
        next_ind += len(i)
        score = b.get("score", 1.0)
        if type(score) is not float and (isinstance(score, bool) or not isinstance(score, int)):
            raise ck.fail(f"{at}.score", "expected a number from 0 to 1")
        if not 0.0 <= score <= 1.0:
            raise ck.fail(f"{at}.score", "expected a number from 0 to 1")
        status = b.get("status", "auto")
        if status not in BEAD_STATUSES:
            status = ck.string(status, f"{at}.status", "auto")
            if status not in BEAD_STATUSES:
                raise ck.fail(f"{at}.status", f"expected one of {', '.join(BEAD_STATUSES)}")
        # Scores are written to four decimals: a finer one is read as it will be written back.
        beads.append(Bead(tuple(e), tuple(i), round(float(score), 4), status))
    # Every sentence is in exactly one bead: an empty list too, where there are sentences.
    for side, count, seen in ((LANGUAGE_NAMES["en"], n_en, next_en), (LANGUAGE_NAMES["id"], n_ind, next_ind)):
        if seen != count:
            which = f"sentence {seen} is" if count - seen == 1 else f"sentences {seen} to {count - 1} are"
            raise ck.fail("beads", f"{side} {which} in no bead")
    return tuple(beads)


def _usual_bead(item: Any, next_en: int, next_ind: int, n_en: int, n_ind: int) -> Bead | None:
    """The bead of `item` if it has the usual shape (all four keys, each side's sentence ids
    one or none or consecutive from where the last bead stopped, a score of 0.0 to 1.0, a
    known status); None for anything else, which `_read_beads` checks key by key to name
    the problem. A book has 50,000 beads: this is its hot loop."""
    if type(item) is not dict or len(item) != 4:
        return None
    e, i, score, status = item.get("en"), item.get("id"), item.get("score"), item.get("status")
    if type(e) is not list or type(i) is not list or type(score) is not float or status not in BEAD_STATUSES:
        return None
    if not 0.0 <= score <= 1.0 or not (e or i) or next_en + len(e) > n_en or next_ind + len(i) > n_ind:
        return None
    for ids, first in ((e, next_en), (i, next_ind)):
        if len(ids) == 1:
            if type(ids[0]) is not int or ids[0] != first:
                return None
        elif ids and (ids != list(range(first, first + len(ids))) or not all(type(x) is int for x in ids)):
            return None
    # Scores are written to four decimals: a finer one is read as it will be written back.
    return Bead(tuple(e), tuple(i), round(score, 4), status)


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


Phrase = tuple[str | None, int | None, int | None, tuple[int, int] | None, bool]


def _read_phrase(ck: Checker, value: Any, place: str, detached: str, version: int) -> Phrase:
    """(side, start, end, counterpart, bilingual) of a phrase: `{en: [start, end]}`, or
    `{en: [start, end], id: [start, end]}` for a phrase tagged in both languages, the side
    selected on first (version 2; `[]` for a detached phrase's spans), or `{side: en,
    start: 4, end: 9}` (version 1; `{side: en}` when detached)."""
    if value is None:
        return None, None, None, None, False
    if version == 1:
        keys = ("side",) if detached else ("side", "start", "end")
        p = ck.mapping(value, place, keys, keys)
        side = ck.string(p["side"], f"{place}.side")
        if side not in ("en", "id"):
            raise ck.fail(f"{place}.side", "expected en or id")
        if detached:
            return side, None, None, None, False
        return side, ck.integer(p["start"], f"{place}.start"), ck.integer(p["end"], f"{place}.end"), None, False
    p = ck.mapping(value, place, ("en", "id"))
    if not p:
        raise ck.fail(place, "expected the span of one side or both ({en: [start, end], id: [start, end]})")
    spans: list[tuple[str, tuple[int, int] | None]] = []
    for side, span in p.items():
        items = ck.seq(span, f"{place}.{side}")
        if detached:
            if items:
                raise ck.fail(f"{place}.{side}", "a detached phrase has no span (expected [])")
            spans.append((side, None))
            continue
        if len(items) != 2:
            raise ck.fail(f"{place}.{side}", "expected [start, end]")
        spans.append((side, (ck.integer(items[0], f"{place}.{side}"), ck.integer(items[1], f"{place}.{side}"))))
    (side, first), other = spans[0], spans[1:]
    counterpart = other[0][1] if other else None
    return side, first[0] if first else None, first[1] if first else None, counterpart, bool(other)


def _read_annotation(
    ck: Checker, item: Any, at: str, pair_texts: tuple[Text, Text], concept_ids: set[str], version: int = 2
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
    side, start, end, counterpart, bilingual = _read_phrase(ck, a.get("phrase"), f"{at}.phrase", detached, version)
    for span_side, span in ((side, (start, end)), (other_side(side or "en"), counterpart)):
        if span_side is None or span is None or span[0] is None or span[1] is None:
            continue
        text = on_side(span_side, en, ind).text
        if not 0 <= span[0] < span[1] <= len(text):
            raise ck.fail(f"{at}.phrase.{span_side}", f"span [{span[0]}, {span[1]}] is outside the text")
        q = ck.string(quote.get(span_side), f"{at}.quote.{span_side}")
        if q != text[span[0]:span[1]]:
            raise ck.fail(f"{at}.quote.{span_side}", "differs from the text at the phrase's span")
    if side is not None and not bilingual and quote.get(other_side(side)):
        raise ck.fail(f"{at}.quote.{other_side(side)}", "a phrase of one side quotes only that side")
    if bilingual and detached and not (quote.get("en") and quote.get("id")):
        raise ck.fail(f"{at}.quote", "a detached phrase of both sides keeps both quotes")
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
        counterpart=counterpart,
    )


def _read_dismissed(ck: Checker, data: Any, en: Text, ind: Text) -> tuple[Dismissal, ...]:
    """Dismissed suggestions: `{concept: trust, id: [120, 131], quote: kepercayaan}`."""
    out = []
    for k, item in enumerate(ck.seq(data, "dismissed")):
        at = f"dismissed[{k}]"
        d = ck.mapping(item, at, ("concept", "en", "id", "quote"), ("concept", "quote"))
        sides = [s for s in ("en", "id") if s in d]
        if len(sides) != 1:
            raise ck.fail(at, "expected the span of one side ({en: [start, end]} or {id: [start, end]})")
        side = sides[0]
        concept = ck.string(d["concept"], f"{at}.concept")
        if not concept:
            raise ck.fail(f"{at}.concept", "is empty")
        text = on_side(side, en, ind).text
        start, end = _span(ck, d[side], f"{at}.{side}", len(text))
        quote = ck.string(d["quote"], f"{at}.quote")
        if start == end or text[start:end] != quote:
            raise ck.fail(f"{at}.quote", "differs from the text at its span")
        out.append(Dismissal(concept, side, start, end, quote))
    return tuple(out)


def from_data(data: Any, where: str) -> TextPair:
    """Validate plain data read from a file and build the `TextPair`."""
    ck = Checker(where)
    if not isinstance(data, dict):
        raise ck.fail("", f"is not an alignread file (expected a mapping at the top, got {_kind(data)})")
    version = data.get("schema_version")
    if version is None:
        raise ck.fail("", "is not an alignread file (no schema_version)")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise ck.fail("schema_version", f"unknown schema version {version!r} (this alignread reads "
                                        f"{' and '.join(map(str, READABLE_VERSIONS))})")
    ck.mapping(data, "", _TOP_KEYS if version >= 2 else _TOP_KEYS_1, ("texts",))
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
    en = _read_text(ck, texts["en"], "texts.en", "en", version)
    ind = _read_text(ck, texts["id"], "texts.id", "id", version)
    chapter_pairs = _read_chapter_pairs(ck, data.get("chapter_pairs"), en, ind)
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
        a = _read_annotation(ck, item, f"annotations[{k}]", (en, ind), seen, version)
        if a.id in ann_ids:
            raise ck.fail(f"annotations[{k}].id", f"{a.id!r} is used twice")
        ann_ids.add(a.id)
        annotations.append(a)
    layout = _read_layout(ck, data.get("layout"), en, ind)
    dismissed = _read_dismissed(ck, data.get("dismissed"), en, ind)
    return TextPair(en, ind, metadata, beads, tuple(concepts), tuple(annotations), provenance, layout, chapter_pairs,
                    dismissed)


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
    with _collector_paused():
        return from_data(yamlio.load(text, where), where)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a file is read and checked.

    A book makes half a million objects (the parsed data, then sentences and beads), none
    of them in a reference cycle; the collector would go over all of them, and everything
    else the program holds, again and again as they are made (a fifth of reading a
    34 MB book). Nothing is left uncollected: it runs as before once reading is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    if not data or data.isspace():  # (not `strip`, which copies the whole file)
        raise FormatError(where, "the file is empty")
    if b"\x00" in data[:8192]:
        raise FormatError(where, "looks like a binary file, not YAML")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(where, f"is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return loads(text, where)


# ---------------------------------------------------------------- a first look


# Files smaller than this load whole about as fast as their preview.
PREVIEW_SIZE = 1 << 20


def preview(path: str | Path, beads: int = 200) -> TextPair | None:
    """The first `beads` beads of a file, with their sentences and the metadata, read in a
    fraction of the time the whole file takes: what the reader paints and `show` prints
    while the rest loads.

    Only a file in the layout alignread writes is previewed (the sections found by their
    exact lines); for any other, or any doubt, None. The preview is not validated as a
    whole and its texts are left empty: it is for showing, and `load` follows it.
    """
    try:
        if Path(path).stat().st_size < PREVIEW_SIZE:
            return None
        return _preview(Path(path).read_bytes(), beads)
    except (OSError, UnicodeDecodeError, FormatError, ValueError, KeyError, TypeError, IndexError):
        return None


def _section_lines(data: bytes, marker: bytes, start: int, count: int, indent: bytes) -> list[str]:
    """Up to `count` item lines (`{indent}- ...`) right after the line `marker`."""
    at = data.find(marker, start)
    if at < 0:
        raise ValueError(marker)
    pos = at + len(marker)
    out: list[str] = []
    prefix = indent + b"- "
    while len(out) < count and data.startswith(prefix, pos):
        end = data.find(b"\n", pos)
        out.append(data[pos + len(prefix):end if end >= 0 else len(data)].decode("utf-8"))
        pos = end + 1
    return out


def _preview(data: bytes, count: int) -> TextPair | None:
    head_end = data.find(b"\ntexts:\n")
    beads_at = data.find(b"\nbeads:\n", head_end)
    en_at = data.find(b"\n  en:\n", head_end)
    id_at = data.find(b"\n  id:\n", en_at + 1)
    if head_end < 0 or not head_end < en_at < id_at < beads_at:
        return None
    head = yamlio.load(data[: head_end + 1].decode("utf-8"), "preview")
    if not isinstance(head, dict) or head.get("schema_version") not in READABLE_VERSIONS:
        return None
    meta_data = head.get("meta") or {}
    metadata = Metadata(**{k: str(meta_data.get(k) or "") for k in _META_KEYS})
    items = yamlio.load_items(_section_lines(data, b"\nbeads:\n", beads_at, count, b""), "preview")
    beads = tuple(Bead(tuple(b["en"]), tuple(b["id"]), float(b["score"]), str(b["status"])) for b in items)
    need = {"en": max((max(b.en) + 1 for b in beads if b.en), default=0),
            "id": max((max(b.ind) + 1 for b in beads if b.ind), default=0)}
    sides = {}
    for side, at, end in (("en", en_at, id_at), ("id", id_at, beads_at)):
        lines = _section_lines(data, b"\n    sentences:\n", at, need[side], b"    ")
        sentences = tuple(Sentence(k, s["start"], s["end"], s["text"], s["paragraph"])
                          for k, s in enumerate(yamlio.load_items(lines, "preview")))
        if len(sentences) < need[side]:
            return None
        chapters: tuple[Chapter, ...] = ()
        chapters_at = data.find(b"\n    chapters:\n", at, end)
        if chapters_at >= 0:
            items = yamlio.load_items(_section_lines(data, b"\n    chapters:\n", chapters_at, 1 << 30, b"    "),
                                      "preview")
            chapters = tuple(Chapter(k, c["start"], c["end"], str(c.get("title") or "")) for k, c in enumerate(items))
        file = ""
        file_at = data.find(b"\n    file: ", at, end)
        if file_at >= 0:
            line = data[file_at + 1:data.find(b"\n", file_at + 1)].decode("utf-8")
            file = str(yamlio.load(line.strip() + "\n", "preview").get("file") or "")
        sides[side] = Text(side, "", (), sentences, file, chapters=chapters)
    chapter_pairs: tuple[BeadIds, ...] = ()
    pairs_at = data.find(b"\nchapter_pairs:\n", id_at, beads_at + 1)
    if pairs_at >= 0:
        items = yamlio.load_items(_section_lines(data, b"\nchapter_pairs:\n", pairs_at, 1 << 30, b""), "preview")
        chapter_pairs = tuple((tuple(c["en"]), tuple(c["id"])) for c in items)
    concepts: tuple[Concept, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    tail_at = data.find(b"\nconcepts:", beads_at)
    if tail_at >= 0:
        # Concepts and annotations close the file: the marks and chips of the first beads.
        tail = yamlio.load(data[tail_at + 1:].decode("utf-8"), "preview")
        ck = Checker("preview")
        concepts = tuple(read_concept(ck, c, "concept") for c in ck.seq(tail.get("concepts"), "concepts"))
        annotations = tuple(
            Annotation(str(a["id"]), tuple(a["at"].get("en") or ()), tuple(a["at"].get("id") or ()),
                       tuple(a.get("concepts") or ()), str(a.get("note") or ""))
            for a in ck.seq(tail.get("annotations"), "annotations")
        )
    return TextPair(sides["en"], sides["id"], metadata, beads, concepts, annotations, chapter_pairs=chapter_pairs)
