"""TMX 1.4b translation memories for CAT tools (OmegaT, Trados, memoQ).

One translation unit per bead with text on both sides (a 1-0 or 0-1 bead has nothing to
translate). Each unit carries its bead type and confidence as `<prop>`s (and
`<prop type="x-status">confirmed</prop>` when a reader made or checked the bead, and
`<prop type="x-chapter">` with its chapter's title in a book), the
concepts of its annotations as `<prop type="x-concept">`, each phrase tagged in both
languages as `<prop type="x-phrase">` (`en “natural resistance” = id “hambatan alamiah”:
natural resistance`) and the reader's notes as `<note>`. The tree
is built with `xml.etree`, so `<`, `&` and quotes are escaped by the serialiser; characters
XML 1.0 cannot hold (most C0 controls) are dropped. No creation date is written, so the
same pair always gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from alignread import __version__
from alignread.core.model import Annotation, Bead, TextPair
from alignread.core.structure import bead_chapter
from alignread.formats import concept_labels

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = {"en": "en", "id": "id"}

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
# surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


# What `xml.sax.saxutils.escape` and `quoteattr` do, here because importing `xml.sax.saxutils`
# imports `urllib.request`, `http.client` and `ssl` (45 ms of every command's start).
def escape(text: str) -> str:
    """`&`, `<` and `>` escaped, for element content."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """`text` as a quoted attribute value (in double quotes unless it holds only double quotes)."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def _seg(text: str) -> str:
    # A segment is one line of running text in a translation memory.
    return xml_text(" ".join(text.split()))


def _note(pair: TextPair, ann: Annotation) -> str:
    note = ann.note.strip()
    if ann.is_phrase and note:
        return f"{ann.side} “{' '.join(ann.quote.split())}”: {note}"
    return note


def _phrase(pair: TextPair, ann: Annotation) -> str:
    """`en “natural resistance” = id “hambatan alamiah”: natural resistance` (English first)."""
    quotes = " = ".join(f"{side} “{' '.join(ann.quote_on(side).split())}”" for side in ("en", "id"))
    return f"{quotes}: {', '.join(concept_labels(pair, [ann]))}"


def _unit(pair: TextPair, k: int, bead: Bead) -> ET.Element:
    tu = ET.Element("tu", {"tuid": str(k)})
    ET.SubElement(tu, "prop", {"type": "x-bead"}).text = bead.kind
    ET.SubElement(tu, "prop", {"type": "x-confidence"}).text = f"{bead.score:.3f}"
    if bead.confirmed:
        # Checked or made by a reader (merged, split, confirmed): a unit to trust.
        ET.SubElement(tu, "prop", {"type": "x-status"}).text = "confirmed"
    chapter = bead_chapter(pair, bead)
    if chapter:
        ET.SubElement(tu, "prop", {"type": "x-chapter"}).text = xml_text(chapter)
    annotations = list(pair.annotations_for_bead(bead))
    for label in concept_labels(pair, annotations):
        ET.SubElement(tu, "prop", {"type": "x-concept"}).text = xml_text(label)
    for ann in annotations:
        if ann.counterpart is not None and ann.concepts:
            # A phrase tagged in both languages: the two spans and the concepts they carry.
            ET.SubElement(tu, "prop", {"type": "x-phrase"}).text = xml_text(_phrase(pair, ann))
    for ann in annotations:
        note = _note(pair, ann)
        if note:
            ET.SubElement(tu, "note").text = xml_text(note)
    for side in ("en", "id"):
        tuv = ET.SubElement(tu, "tuv", {XML_LANG: LANGS[side]})
        ET.SubElement(tuv, "seg").text = _seg(pair.bead_text(bead, side))
    return tu


def translation_units(pair: TextPair) -> list[tuple[int, Bead]]:
    """The beads that become units: both sides hold text."""
    return [
        (k, b) for k, b in enumerate(pair.beads)
        if not b.one_sided and pair.bead_text(b, "en").strip() and pair.bead_text(b, "id").strip()
    ]


def to_tmx(pair: TextPair) -> str:
    """The pair as a TMX 1.4b document (UTF-8 text with its XML declaration)."""
    srclang = pair.meta.original if pair.meta.original in LANGS else "en"
    root = ET.Element("tmx", {"version": "1.4"})
    header = ET.SubElement(root, "header", {
        "creationtool": "alignread",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": LANGS[srclang],
        "o-tmf": "alignread",
    })
    for key in ("title", "author", "translator", "source", "licence"):
        value = getattr(pair.meta, key)
        if value:
            ET.SubElement(header, "prop", {"type": f"x-{key}"}).text = xml_text(value)
    body = ET.SubElement(root, "body")
    for k, bead in translation_units(pair):
        body.append(_unit(pair, k, bead))
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + xml + "\n"
