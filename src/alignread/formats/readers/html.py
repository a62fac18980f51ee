"""Web pages (the main text, found by trafilatura) and the HTML of EPUB chapters."""

from __future__ import annotations

from typing import Any

from alignread.core.errors import InputError
from alignread.core.structure import SourceBuilder, SourceText

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Never read: scripts, styles, navigation and forms.
SKIP = {"script", "style", "nav", "noscript", "template", "form", "button", "select", "iframe", "svg", "head",
        "object", "audio", "video", "canvas", "math"}
# Elements that break a paragraph; everything else is inline text inside one.
BLOCKS = {"p", "div", "section", "article", "main", "body", "html", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
          "figure", "figcaption", "header", "footer", "aside", "address", "details", "summary", "hr", "center",
          "fieldset", "table", "pre", "img", *HEADINGS}


def _tag(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _text(el: Any) -> str:
    """The text of an element, without scripts, styles or comments; `<br>` is a space."""
    out: list[str] = []

    def walk(node: Any) -> None:
        tag = _tag(node)
        if not tag or tag in SKIP:
            return
        if tag == "br":
            out.append(" ")
        if node.text:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return "".join(out)


class HtmlBlocks:
    """Walks an HTML tree into a `SourceBuilder`: headings and paragraphs in order, code
    blocks, tables and images kept aside."""

    def __init__(self, builder: SourceBuilder) -> None:
        self.b = builder
        self.run: list[str] = []

    def flush(self) -> None:
        if self.run:
            self.b.block("".join(self.run))
            self.run = []

    def visit(self, el: Any) -> None:
        tag = _tag(el)
        if tag in SKIP:
            return
        if tag in HEADINGS:
            self.flush()
            self.b.block(_text(el), HEADINGS[tag])
            return
        if tag == "pre":
            self.flush()
            code = el.find(".//code")
            classes = (code.get("class") if code is not None else el.get("class")) or ""
            lang = next((c.split("-", 1)[1] for c in classes.split() if c.startswith(("language-", "lang-"))), "")
            self.b.extra("code", text=el.text_content(), lang=lang)
            return
        if tag == "table":
            self.flush()
            rows = []
            for tr in el.iter():
                if _tag(tr) == "tr":
                    cells = [" ".join(_text(c).split()) for c in tr if _tag(c) in ("td", "th")]
                    if cells:
                        rows.append(tuple(cells))
            self.b.extra("table", rows=tuple(rows))
            return
        if tag == "img":
            self.flush()
            self.b.extra("image", text=el.get("alt") or "", src=el.get("src") or "")
            return
        if tag == "br":
            self.run.append(" ")
            return
        block = tag in BLOCKS
        if block:
            self.flush()
        if el.text:
            self.run.append(el.text)
        for child in el:
            if not _tag(child):
                pass  # a comment or processing instruction
            elif _tag(child) in BLOCKS or child.find(".//img") is not None:
                self.visit(child)
            elif _tag(child) not in SKIP:
                self.run.append(_text(child))
            if child.tail:
                self.run.append(child.tail)
        if block:
            self.flush()


def html_tree(data: bytes | str) -> Any:
    import lxml.html

    return lxml.html.document_fromstring(data)


def blocks_of(root: Any, builder: SourceBuilder) -> None:
    walker = HtmlBlocks(builder)
    body = root.find(".//body")
    walker.visit(body if body is not None else root)
    walker.flush()


def read_web_page(data: bytes, where: str, encoding: str | None = None) -> SourceText:
    """The main text of a saved web page: trafilatura leaves out navigation, ads and comments."""
    import trafilatura

    page: bytes | str = data.decode(encoding, errors="replace") if encoding else data
    try:
        main = trafilatura.extract(
            page, output_format="html", include_comments=False, include_tables=True, include_images=True,
            include_formatting=True, favor_recall=True, with_metadata=True,
            # Navigation and page furniture never hold the main text; without them, a page
            # of links only is found to have none instead of giving back its menu.
            prune_xpath=["//nav", "//footer", "//aside"],
        )
    except Exception as exc:  # a page trafilatura cannot parse is the user's input, not our bug
        raise InputError(where, f"cannot be read as a web page ({type(exc).__name__}: {exc})") from None
    if not main or not main.strip():
        raise InputError(where, "holds no main text (only navigation, boilerplate or nothing at all)")
    builder = SourceBuilder("html")
    root = html_tree(main)
    meta = root.find(".//meta[@name='title']")
    builder.title = " ".join((meta.get("content") or "").split()) if meta is not None else ""
    blocks_of(root, builder)
    source = builder.build()
    if not source.text.strip():
        raise InputError(where, "holds no main text (only navigation, boilerplate or nothing at all)")
    return source
