"""Markdown (CommonMark with tables), read with markdown-it-py: headings and paragraphs in
order, fenced and indented code, tables and images kept aside."""

from __future__ import annotations

import re
from typing import Any

from alignread.core.errors import InputError
from alignread.core.structure import SourceBuilder, SourceText

# A YAML front matter block at the top of the file (static site generators write one).
_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
_TITLE = re.compile(r"^title:\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)


def _inline_text(token: Any, builder: SourceBuilder) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            builder.extra("image", text=child.content, src=child.attrs.get("src", "") or "")
    return "".join(parts)


def read_markdown(text: str, where: str) -> SourceText:
    from markdown_it import MarkdownIt

    builder = SourceBuilder("md")
    front = _FRONT_MATTER.match(text)
    if front:
        title = _TITLE.search(front.group(1))
        builder.title = title.group(1) if title else ""
        text = text[front.end():]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    heading = 0
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "inline":
            builder.block(_inline_text(token, builder), heading)
        elif token.type in ("fence", "code_block"):
            builder.extra("code", text=token.content, lang=(token.info or "").split()[0] if token.info else "")
        elif token.type == "html_block":
            from alignread.formats.readers.html import blocks_of, html_tree

            if token.content.strip():
                blocks_of(html_tree(token.content), builder)
        elif token.type == "table_open":
            rows: list[tuple[str, ...]] = []
            row: list[str] = []
            while tokens[k].type != "table_close":
                t = tokens[k]
                if t.type == "tr_open":
                    row = []
                elif t.type == "inline":
                    row.append(" ".join(_inline_text(t, builder).split()))
                elif t.type == "tr_close":
                    rows.append(tuple(row))
                k += 1
            builder.extra("table", rows=tuple(rows))
        k += 1
    source = builder.build()
    if not source.text.strip():
        raise InputError(where, "holds no text (only code, tables or images)")
    return source
