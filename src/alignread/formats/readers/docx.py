"""Word documents (.docx), read with python-docx: paragraphs, heading styles, tables, images."""

from __future__ import annotations

import io
import re
from typing import Any

from alignread.core.errors import InputError
from alignread.core.structure import SourceBuilder, SourceText

_HEADING = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_CODE_STYLES = ("code", "preformatted", "source", "macro text")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _level(style: str) -> int:
    """The heading level of a paragraph style: Title 1, Heading N one below it."""
    if style.lower() == "title":
        return 1
    m = _HEADING.match(style)
    return min(int(m.group(1)) + 1, 6) if m else 0


def _images(paragraph: Any) -> list[tuple[str, str]]:
    """(description, name) of the pictures in a paragraph."""
    out = []
    for el in paragraph._p.iter():
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag == "docPr":
            out.append((el.get("descr") or el.get("title") or "", el.get("name") or ""))
    return out


def read_docx(data: bytes, where: str) -> SourceText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a file that is not Word's
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(where, f"is not a Word document ({reason})") from None
    builder = SourceBuilder("docx")
    builder.title = " ".join((document.core_properties.title or "").split())
    code: list[str] = []

    def flush_code() -> None:
        if code:
            builder.extra("code", text="\n".join(code) + "\n")
            code.clear()

    for el in document.element.body.iterchildren():
        if el.tag == W + "p":
            paragraph = Paragraph(el, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            if any(name in style.lower() for name in _CODE_STYLES):
                code.append(paragraph.text)
                continue
            flush_code()
            for description, name in _images(paragraph):
                builder.extra("image", text=description, src=name)
            builder.block(paragraph.text, _level(style))
        elif el.tag == W + "tbl":
            flush_code()
            table = Table(el, document)
            rows = tuple(tuple(" ".join(cell.text.split()) for cell in row.cells) for row in table.rows)
            builder.extra("table", rows=rows)
    flush_code()
    source = builder.build()
    if not source.text.strip():
        raise InputError(where, "holds no text")
    return source
