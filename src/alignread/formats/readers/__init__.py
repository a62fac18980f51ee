"""Input formats: plain text, Markdown, web pages, EPUB books and Word documents.

`read_source(path)` gives a `SourceText` (`alignread.core.structure`): the running text,
blocks separated by blank lines, with its headings, chapters and what is kept aside (code
blocks, tables, images). The format is chosen by the file's extension, or by its content
where the extension does not say (a ZIP archive is an EPUB or a Word document by what it
holds; a text starting `<!DOCTYPE html` or `<html` is a web page). A file that is not what
it claims gets a one-line `InputError` naming it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from alignread.core.errors import InputError
from alignread.core.structure import SourceText
from alignread.core.textio import decode_text, read_bytes

# Extension -> format.
EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".epub": "epub", ".docx": "docx",
}
FORMATS = ("txt", "md", "html", "epub", "docx")
NAMES = {"txt": "a text file", "md": "a Markdown file", "html": "a web page", "epub": "an EPUB book",
         "docx": "a Word document"}
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)


def format_of(path: str | Path, data: bytes) -> str:
    """The format of a file: by its extension, checked against its content."""
    where = str(path)
    name = where.lower()
    fmt = next((f for ext, f in EXTENSIONS.items() if name.endswith(ext)), None)
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    is_zip = data.startswith(b"PK\x03\x04")
    if fmt in ("epub", "docx"):
        if not is_zip:
            raise InputError(where, f"is not {NAMES[fmt]} (not a ZIP archive: a renamed or damaged file?)")
        return fmt
    if is_zip:
        inside = zip_kind(data, where)
        if inside is None:
            raise InputError(where, "is a ZIP archive that is neither an EPUB book nor a Word document")
        return inside
    if fmt is None or fmt == "txt":
        return "html" if _HTML_START.match(head) else "txt"
    return fmt


def zip_kind(data: bytes, where: str) -> str | None:
    """`epub` or `docx` for such an archive, None for another."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "mimetype" in names and z.read("mimetype").strip() == b"application/epub+zip":
                return "epub"
            if "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(where, f"is a damaged ZIP archive ({exc})") from None
    return None


def read_source(path: str | Path, encoding: str | None = None) -> SourceText:
    """The running text and structure of an input file (`-` reads stdin)."""
    where = "<stdin>" if str(path) == "-" else str(path)
    data = read_bytes(path)
    if not data.strip():
        raise InputError(where, "the file is empty")
    return parse_source(data, where, encoding)


def parse_source(data: bytes, where: str, encoding: str | None = None) -> SourceText:
    """`read_source` for bytes already read; `where` names the file in errors."""
    fmt = format_of(where, data)
    if fmt == "txt":
        return SourceText(decode_text(data, where, encoding), "txt")
    if fmt == "md":
        from alignread.formats.readers.markdown import read_markdown

        return read_markdown(decode_text(data, where, encoding), where)
    if fmt == "html":
        from alignread.formats.readers.html import read_web_page

        return read_web_page(data, where, encoding)
    if fmt == "epub":
        from alignread.formats.readers.epub import read_epub

        return read_epub(data, where)
    from alignread.formats.readers.docx import read_docx

    return read_docx(data, where)
