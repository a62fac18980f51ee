"""EPUB books (2 and 3): the chapters of the spine, in reading order.

Read with the standard library's `zipfile` and lxml: `META-INF/container.xml` names the
package document, whose spine lists the chapters. Each chapter's XHTML is walked as HTML
(`alignread.formats.readers.html`); its title is the table of contents' entry for it, else
its first heading. A book whose content is encrypted (DRM) is refused with a one-line
message; font obfuscation alone is not DRM.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import zipfile
import zlib
from typing import Any
from urllib.parse import unquote

from alignread.core.errors import InputError
from alignread.core.structure import SourceBuilder, SourceText
from alignread.formats.readers.html import HEADINGS, blocks_of, html_tree

CONTAINER = "META-INF/container.xml"
# Encryption that only hides fonts (IDPF and Adobe obfuscation) is not DRM.
FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
XHTML = ("application/xhtml+xml", "text/html")


def _xml(data: bytes, where: str, what: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=False))
    except etree.XMLSyntaxError as exc:
        raise InputError(where, f"is a damaged EPUB ({what} is not valid XML: {exc})") from None


def _local(el: Any) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el.iter() if _local(c) == name]


def _check_drm(z: zipfile.ZipFile, names: set[str], where: str) -> None:
    if "META-INF/rights.xml" in names:
        raise InputError(where, "is protected by DRM (META-INF/rights.xml); alignread reads DRM-free books only")
    if "META-INF/encryption.xml" not in names:
        return
    root = _xml(z.read("META-INF/encryption.xml"), where, "META-INF/encryption.xml")
    for data in _children(root, "EncryptedData"):
        method = next((m.get("Algorithm") for m in _children(data, "EncryptionMethod")), "")
        if method not in FONT_OBFUSCATION:
            raise InputError(where, "is protected by DRM (its content is encrypted); "
                                    "alignread reads DRM-free books only")


def _toc_titles(z: zipfile.ZipFile, names: set[str], base: str, manifest: dict[str, tuple[str, str, str]],
                spine_toc: str | None, where: str) -> dict[str, str]:
    """Chapter file -> its title in the table of contents (EPUB 3 nav, else EPUB 2 NCX)."""
    titles: dict[str, str] = {}
    nav = next((href for href, _, props in manifest.values() if "nav" in props.split()), None)
    if nav and nav in names:
        root = html_tree(z.read(nav))
        for a in root.iter("a"):
            href = a.get("href") or ""
            target = posixpath.normpath(posixpath.join(posixpath.dirname(nav), unquote(href.split("#")[0])))
            if href and target not in titles:
                titles[target] = " ".join(a.text_content().split())
        return titles
    ncx = manifest.get(spine_toc or "", ("", "", ""))[0] or next(
        (href for href, media, _ in manifest.values() if media == "application/x-dtbncx+xml"), None)
    if ncx and ncx in names:
        root = _xml(z.read(ncx), where, ncx)
        for point in _children(root, "navPoint"):
            label = next((" ".join("".join(t.itertext()).split()) for t in _children(point, "text")), "")
            src = next((c.get("src") for c in _children(point, "content")), "") or ""
            target = posixpath.normpath(posixpath.join(posixpath.dirname(ncx), unquote(src.split("#")[0])))
            if src and target not in titles:
                titles[target] = label
    return titles


def read_epub(data: bytes, where: str) -> SourceText:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(where, f"is not a readable EPUB (a damaged ZIP archive: {exc})") from None
    with z:
        try:
            return _read(z, where)
        except (zlib.error, lzma.LZMAError) as exc:
            raise InputError(where, f"is a damaged EPUB (a part of it does not decompress: {exc})") from None
        # NotImplementedError (before RuntimeError, its base): a compression method or ZIP
        # feature the zipfile module lacks.
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError(where, f"is a damaged EPUB ({type(exc).__name__}: {exc})") from None
        except RuntimeError as exc:  # zipfile's word for a member that needs a password
            if "encrypted" not in str(exc):
                raise
            raise InputError(where, "is a password-protected archive; alignread cannot read it") from None


def _read(z: zipfile.ZipFile, where: str) -> SourceText:
    names = set(z.namelist())
    _check_drm(z, names, where)
    if CONTAINER not in names:
        raise InputError(where, f"is not an EPUB book (no {CONTAINER})")
    container = _xml(z.read(CONTAINER), where, CONTAINER)
    opf = next((r.get("full-path") for r in _children(container, "rootfile")), None)
    if not opf or opf not in names:
        raise InputError(where, "is a damaged EPUB (its package document is missing)")
    package = _xml(z.read(opf), where, opf)
    base = posixpath.dirname(opf)
    manifest = {
        item.get("id"): (posixpath.normpath(posixpath.join(base, unquote(item.get("href") or ""))),
                         item.get("media-type") or "", item.get("properties") or "")
        for item in _children(package, "item")
    }
    spines = _children(package, "spine")
    if not spines:
        raise InputError(where, "is a damaged EPUB (its package has no spine)")
    titles = _toc_titles(z, names, base, manifest, spines[0].get("toc"), where)
    builder = SourceBuilder("epub")
    builder.title = next((" ".join("".join(t.itertext()).split()) for t in _children(package, "title")), "")
    for ref in _children(spines[0], "itemref"):
        href, media, props = manifest.get(ref.get("idref"), ("", "", ""))
        if not href or media not in XHTML or "nav" in props.split() or href not in names:
            continue
        root = html_tree(z.read(href))
        heading = next((el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in HEADINGS), None)
        title = titles.get(href) or (" ".join(heading.text_content().split()) if heading is not None else "")
        builder.chapter(title)
        blocks_of(root, builder)
    source = builder.build()
    if not source.text.strip():
        raise InputError(where, "holds no text (an EPUB of images only, or an empty book)")
    return source
