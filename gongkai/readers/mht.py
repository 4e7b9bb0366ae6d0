"""MHTML web archives (.mht, .mhtml) -> Document: the page inside, read by readers.html.

Browsers save a page as one MIME message (multipart/related: the page, then its images and styles);
Word's "single file web page" is the same format, and sites publish such files as .mht and, renamed,
as .doc. The page is the part the message's `start` parameter names, or else its first text/html
part; its transfer encoding (quoted-printable, base64) is undone and its charset applied, and the
HTML reader reads it (provenance is within that page). When the page's tables are pictures, the
pictures' parts are read by OCR (readers.images); nothing in the archive is loaded or executed.
"""
from __future__ import annotations

import codecs
import email
import email.policy
import re
import urllib.parse

from ..document import Document, Problem, Source
from . import MAX_IMAGE_BYTES, MAX_TEXT_BYTES, html, images

MAX_PAGE_BYTES = MAX_TEXT_BYTES  # as for an HTML file
_WEB_CODECS = frozenset(("utf-8", "big5", "big5hkscs", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1",
                         "iso8859-1", "cp1252", "cp1250", "cp1251", "shift_jis", "euc_jp", "euc_kr", "cp936", "cp950"))
_CONTENT_ID = re.compile(r"^<?(.*?)>?$")


def read(data: bytes, source: Source) -> Document:
    parts: dict = {}
    try:
        page = page_of(data, parts)
    except Exception as e:  # noqa: BLE001 - the email parser is lenient; this is the last guard
        page = None
        reason = f"网页存档（MHT）无法解析（{type(e).__name__}），可能已损坏"
    else:
        reason = "网页存档（MHT）中没有网页内容（text/html 部分），无法读取"
    if page is not None and len(page) > MAX_PAGE_BYTES:
        page, reason = None, f"网页存档（MHT）中的网页超过 {MAX_PAGE_BYTES // 1048576} MB，不像是一份年度报告，未读取"
    if page is None:
        return Document(source, problems=[Problem("source.unreadable", reason)])
    doc = html.read(page, source)
    base = parts.get("")

    def image_bytes(src: str) -> bytes | None:  # the picture's own part, by its address or cid:
        key = src[4:] if src.lower().startswith("cid:") else urllib.parse.urljoin(base or "", src)
        part = parts.get(key) or parts.get(src)
        payload = part.get_payload(decode=True) if part is not None else None
        return payload if isinstance(payload, bytes) and len(payload) <= MAX_IMAGE_BYTES else None

    images.read_images(doc, image_bytes)
    return doc


def page_of(data: bytes, parts: dict | None = None) -> bytes | None:
    """The archive's page as bytes, in UTF-8 when its part's charset decodes it; None if it has none.
    `parts`, when given, receives the archive's parts by Content-Location and Content-ID (and the
    page's own location under "")."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart():
        return None
    parts_list = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start")
    start = _CONTENT_ID.match(str(start)).group(1) if isinstance(start, str) else None
    pages = [p for p in parts_list if p.get_content_type() == "text/html"]
    chosen = next((p for p in pages if start and _CONTENT_ID.match(str(p.get("Content-ID", ""))).group(1) == start),
                  pages[0] if pages else None)
    if chosen is None:
        return None
    if parts is not None:
        for part in parts_list:
            for key in (str(part.get("Content-Location", "")).strip(), _CONTENT_ID.match(str(part.get("Content-ID", ""))).group(1)):
                if key:
                    parts.setdefault(key, part)
        parts[""] = str(chosen.get("Content-Location", "")).strip()
    payload = chosen.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    try:  # valid UTF-8 stays UTF-8 whatever the label says (pages often say gb2312 and are UTF-8)
        payload.decode("utf-8")
        return payload
    except UnicodeDecodeError:
        pass
    codec = _web_codec(chosen.get_content_charset())
    if codec:
        try:  # the part's charset, when it reads the bytes cleanly, beats a guess from the markup
            return payload.decode(codec).encode("utf-8")
        except UnicodeError:
            pass
    return payload  # the HTML reader finds the encoding (meta charset, UTF-8, GB18030 ...)


def _web_codec(charset: str | None) -> str | None:
    """The Python codec of a charset pages are written in; None for any other name (a part's charset
    is the archive's word: only text encodings are taken, never a codec that transforms data)."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except (LookupError, ValueError):
        return None
    if name in ("gb2312", "gbk", "gb18030"):
        return "gb18030"  # the superset: pages labelled gb2312 use GBK characters
    return name if name in _WEB_CODECS else None
