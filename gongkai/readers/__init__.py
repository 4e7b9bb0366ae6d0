"""Readers: one module per input kind, each turning bytes into a Document (see gongkai.document).

Detection is by content, not by file extension. Every reader is bounded (size, time) and never
raises on bad input: it returns a Document whose `problems` say what went wrong.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..document import Document, Problem, Source

MAX_BYTES = 60 * 1024 * 1024  # a report is a few MB; anything much larger is refused with a finding
MAX_TEXT_BYTES = 12 * 1024 * 1024  # a text or HTML report is well under 1 MB; a scan PDF may be tens of MB
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # one picture of a table in a page (readers.images)


# How a MIME web archive (.mht) begins: its message headers (browsers and Word write these first).
_MIME_HEADERS = (b"from:", b"mime-version:", b"content-type:", b"subject:", b"date:", b"message-id:",
                 b"snapshot-content-location:", b"x-")


class ReadError(Exception):
    """The input cannot be read at all (missing path, not a file)."""


def sniff(data: bytes, name: str = "") -> str:
    """The media type of `data`, from its content (name only breaks ties)."""
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF"):
        return "application/pdf"
    # an OFD package: OFD.xml among the first entries or in the central directory at the end
    if data[:4] == b"PK\x03\x04" and (b"ofd.xml" in data[:65536].lower() or b"ofd.xml" in data[-65536:].lower()
                                      or name.lower().endswith(".ofd")):
        return "application/ofd"
    if data[:4] == b"PK\x03\x04":
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document" if b"word/" in data[:65536] or name.lower().endswith(".docx") else "application/zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "application/msword"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: look at its characters
        head = head.decode("utf-16", "replace").encode("utf-8", "replace").lstrip()
    low = head[:2048].lower()
    if low.startswith(_MIME_HEADERS) and b"multipart/related" in low:  # a web archive (.mht), also as .doc
        return "multipart/related"
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")) or b"<table" in low \
            or b"<body" in low or b"<div" in low or b"<p" in low:
        return "text/html"
    if name.lower().endswith((".md", ".markdown")):
        return "text/markdown"
    return "text/plain"


def read_bytes(data: bytes, name: str = "input", media_type: str | None = None,
               image_bytes: Callable[[str], bytes | None] | None = None) -> Document:
    """The Document of `data`; for a web page, `image_bytes(src)` gives its pictures' bytes, read by OCR
    when the report's tables are pictures (readers.images; inline data: pictures need no help)."""
    media_type = media_type or sniff(data, name)
    markup_in_text = False
    if media_type == "text/html" and len(data) <= MAX_TEXT_BYTES:
        from .tagged_text import is_text_with_tags
        if is_text_with_tags(data):  # a text export with some tags left in it: its lines are its structure
            media_type, markup_in_text = "text/plain", True
    source = Source.of_bytes(name, data, media_type)
    if len(data) > MAX_BYTES:
        return Document(source, problems=[Problem("source.unreadable", f"文件过大（{len(data) // 1048576} MB），超过 {MAX_BYTES // 1048576} MB 上限，未读取")])
    if media_type.startswith("text/") and len(data) > MAX_TEXT_BYTES:
        return Document(source, problems=[Problem("source.unreadable", f"文本文件过大（{len(data) // 1048576} MB），"
                                                  f"超过 {MAX_TEXT_BYTES // 1048576} MB 上限，未读取；年度报告正文通常不足 1 MB")])
    if media_type == "text/html":
        from . import html, images
        doc = html.read(data, source)
        images.read_images(doc, image_bytes)
        return doc
    if media_type == "multipart/related":
        from . import mht
        return mht.read(data, source)
    if media_type in ("text/plain", "text/markdown"):
        from . import text
        return text.read(data, source, markup=markup_in_text)
    doc = None
    try:
        if media_type == "application/pdf":
            from . import pdf
            doc = pdf.read(data, source)
        elif media_type == "application/ofd":
            from . import ofd
            doc = ofd.read(data, source)
        elif media_type == "application/rtf":
            from . import rtf
            doc = rtf.read(data, source)
        elif media_type.endswith("wordprocessingml.document") or media_type == "application/msword":
            from . import docx
            doc = docx.read(data, source)
        elif media_type.startswith("image/"):
            from . import ocr
            doc = ocr.read(data, source)
    except ImportError:
        pass
    if doc is not None:
        from .glyphs import fold_document
        fold_document(doc)  # a PDF's font may map 行 to the radical ⾏, and a Word file hold text copied from one
        return doc
    return Document(source, problems=[Problem("source.unreadable", f"暂不支持读取此类文件（{media_type}）")])


def read_path(path: str | Path) -> Document:
    p = Path(path)
    if not p.is_file():
        raise ReadError(f"not a readable file: {p}")
    size = p.stat().st_size
    if size > MAX_BYTES:
        return Document(Source(p.name, "", "application/octet-stream", size),
                        problems=[Problem("source.unreadable", f"文件过大（{size // 1048576} MB），超过 {MAX_BYTES // 1048576} MB 上限，未读取")])
    # a saved page's pictures lie beside it (page.html and page_files/)
    return read_bytes(p.read_bytes(), p.name, image_bytes=lambda src: _file_beside(p, src))


def _file_beside(page: Path, src: str) -> bytes | None:
    """The bytes of a page's picture saved with it (a relative src, within the page's folder)."""
    import urllib.parse

    if not src or len(src) > 1000 or urllib.parse.urlsplit(src).scheme or src.startswith(("/", "\\")):
        return None
    folder = page.resolve().parent
    path = (folder / urllib.parse.unquote(src.split("?")[0].split("#")[0])).resolve()
    if not path.is_relative_to(folder) or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    return path.read_bytes()
