"""Input formats: every paragraph of the main text reaches the text, in order; navigation
and boilerplate do not; code, tables and images are kept aside; bad files get one line."""

from __future__ import annotations

import io
import zipfile

import pytest

from alignread.core.errors import InputError
from alignread.core.structure import chapter_starts
from alignread.formats.readers import parse_source

PARAGRAPHS = [
    "Marketing tells a story that spreads.",
    "Sales overcomes the natural resistance to say yes.",
    "The only answer that occurs to me is your users, fans and customers.",
    "Easier said than done, of course, but worth trying.",
]
BOILERPLATE = ["Home", "About us", "Buy cheap watches now", "Great post, thanks", "All rights reserved",
               "Subscribe to the newsletter"]


def paragraphs_of(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def assert_main_text(source, headings=("A Story That Spreads", "Part One", "Part Two")):
    found = [p.strip() for p in paragraphs_of(source.text)]
    expected = [headings[0], headings[1], PARAGRAPHS[0], PARAGRAPHS[1], headings[2], PARAGRAPHS[2], PARAGRAPHS[3]]
    assert found == expected
    for junk in BOILERPLATE:
        assert junk not in source.text
    assert [source.text[s:e] for s, e, _ in source.headings] == list(headings)
    kinds = {x.kind: x for x in source.extras}
    assert "print('hi')" in kinds["code"].text
    assert kinds["table"].rows == (("word", "kata"), ("story", "kisah"))
    assert kinds["image"].src == "stall.png" and kinds["image"].text == "A noodle stall"


def web_page() -> bytes:
    return f"""<!DOCTYPE html><html><head><title>A Story That Spreads | My Blog</title></head><body>
<header><nav><ul><li><a href="/">{BOILERPLATE[0]}</a></li>
<li><a href="/about">{BOILERPLATE[1]}</a></li></ul></nav></header>
<div class="sidebar ad"><p>{BOILERPLATE[2]}! Limited offer, click here.</p></div>
<main><article>
<h1>A Story That Spreads</h1>
<h2>Part One</h2>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<pre><code class="language-python">print('hi')</code></pre>
<h2>Part Two</h2>
<table><tr><th>word</th><th>kata</th></tr><tr><td>story</td><td>kisah</td></tr></table>
<p>{PARAGRAPHS[2]}</p>
<figure><img src="stall.png" alt="A noodle stall"></figure>
<p>{PARAGRAPHS[3]}</p>
</article></main>
<section id="comments" class="comments"><h3>2 comments</h3><p>{BOILERPLATE[3]} for sharing this.</p></section>
<footer><p>&copy; 2016 My Blog. {BOILERPLATE[4]}.</p><p>{BOILERPLATE[5]}</p></footer>
</body></html>""".encode()


def test_a_web_page_gives_its_main_text_only():
    source = parse_source(web_page(), "post.html")
    assert source.format == "html"
    assert_main_text(source)


def test_markdown_keeps_headings_paragraphs_and_sets_code_tables_images_aside():
    md = f"""---
title: A Story That Spreads
---
# A Story That Spreads

## Part One

{PARAGRAPHS[0].replace(" story", chr(10) + "story")}

{PARAGRAPHS[1]}

```python
print('hi')
```

## Part Two

| word | kata |
|------|------|
| story | kisah |

{PARAGRAPHS[2]}

![A noodle stall](stall.png)

{PARAGRAPHS[3]}
"""
    source = parse_source(md.encode(), "notes.md")
    assert source.title == "A Story That Spreads"
    assert_main_text(source)
    assert chapter_starts(source) == [(source.text.index("Part One"), "Part One"),
                                      (source.text.index("Part Two"), "Part Two")]


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("A Story That Spreads", 0)
    document.add_heading("Part One", 1)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_paragraph(PARAGRAPHS[1])
    document.add_paragraph("print('hi')", style=document.styles.add_style("Code", 1))
    document.add_heading("Part Two", 1)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("word", "kata"), ("story", "kisah"))):
        for c, cell in enumerate(row):
            table.rows[r].cells[c].text = cell
    document.add_paragraph(PARAGRAPHS[2])
    run = document.add_paragraph().add_run()
    run.add_picture(io.BytesIO(PNG), width=None)
    for el in run._r.iter():
        if el.tag.endswith("}docPr"):
            el.set("descr", "A noodle stall")
            el.set("name", "stall.png")
    document.add_paragraph(PARAGRAPHS[3])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _png() -> bytes:
    """A 1x1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
            + chunk(b"IEND", b""))


PNG = _png()


def test_a_word_document_keeps_heading_styles():
    source = parse_source(docx_bytes(), "handout.docx")
    assert_main_text(source)
    assert [level for _, _, level in source.headings] == [1, 2, 2]


def epub_bytes(chapters: list[tuple[str, list[str]]], drm: bool = False) -> bytes:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("alignread-test")
    book.set_title("A Story That Spreads")
    book.set_language("en")
    items = []
    for k, (title, paragraphs) in enumerate(chapters, 1):
        item = epub.EpubHtml(title=title, file_name=f"chapter{k}.xhtml", lang="en")
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        item.content = f"<html><body><nav><a href='#'>{BOILERPLATE[0]}</a></nav><h1>{title}</h1>{body}</body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    out = io.BytesIO()
    epub.write_epub(out, book)
    data = out.getvalue()
    if drm:
        data = _with_member(data, "META-INF/encryption.xml", (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
            '<enc:CipherData><enc:CipherReference URI="EPUB/chapter1.xhtml"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>"))
    return data


def _with_member(data: bytes, name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr(name, text)
    return out.getvalue()


def _with_broken_member(data: bytes, name: str) -> bytes:
    """`data` with the compressed bytes of member `name` made undecodable (a bad download)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size > 8
    raw = bytearray(data)
    # The member's data follows its 30-byte local header, file name and extra field.
    name_length, extra_length = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    raw[start:start + 8] = b"\xff" * 8  # an invalid deflate block type
    return bytes(raw)


def test_an_epub_whose_chapter_does_not_decompress_is_one_line():
    data = epub_bytes([("Part One", PARAGRAPHS[:2]), ("Part Two", PARAGRAPHS[2:])])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        chapter = next(n for n in z.namelist() if n.endswith("chapter2.xhtml"))
    with pytest.raises(InputError) as caught:
        parse_source(_with_broken_member(data, chapter), "book.epub")
    assert str(caught.value).startswith("book.epub: is a damaged EPUB (a part of it does not decompress: ")
    assert "\n" not in str(caught.value)


def test_a_password_protected_epub_is_one_line():
    data = bytearray(epub_bytes([("Part One", PARAGRAPHS[:2])]))
    # Mark every member encrypted in the central directory (general purpose flag, bit 0).
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 0x01
        at = data.find(b"PK\x01\x02", at + 4)
    with pytest.raises(InputError) as caught:
        parse_source(bytes(data), "book.epub")
    assert str(caught.value) == "book.epub: is a password-protected archive; alignread cannot read it"


def test_an_epub_gives_its_spine_as_chapters_in_order():
    data = epub_bytes([("Part One", PARAGRAPHS[:2]), ("Part Two", PARAGRAPHS[2:])])
    source = parse_source(data, "book.epub")
    assert source.title == "A Story That Spreads"
    assert [p.strip() for p in paragraphs_of(source.text)] == ["Part One", *PARAGRAPHS[:2], "Part Two",
                                                                *PARAGRAPHS[2:]]
    assert BOILERPLATE[0] not in source.text
    assert source.chapters == ((0, "Part One"), (source.text.index("Part Two"), "Part Two"))


@pytest.mark.parametrize("name, data, problem", [
    ("book.epub", epub_bytes([("One", PARAGRAPHS)], drm=True), "protected by DRM"),
    ("book.epub", b"PK\x03\x04 this archive was cut short", "damaged ZIP archive"),
    ("book.epub", b"just some text, renamed", "is not an EPUB book (not a ZIP archive"),
    ("page.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "holds no main text"),
    ("handout.docx", b"Dear reader, this is plain text saved as .docx", "is not a Word document"),
    ("handout.docx", None, "is not a Word document"),
])
def test_bad_files_get_one_line_naming_them(tmp_path, name, data, problem):
    if data is None:  # a ZIP archive holding a spreadsheet, named .docx
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>")
        data = out.getvalue()
    with pytest.raises(InputError) as info:
        parse_source(data, str(tmp_path / name))
    message = str(info.value)
    assert message.startswith(str(tmp_path / name) + ": ") and problem in message and "\n" not in message


def test_the_format_is_found_by_content_when_the_extension_does_not_say():
    assert parse_source(web_page(), "saved-page").format == "html"
    assert parse_source(epub_bytes([("One", PARAGRAPHS)]), "book.bin").format == "epub"
    assert parse_source(docx_bytes(), "download").format == "docx"
    assert parse_source(b"Just text. Two sentences.", "notes").format == "txt"
