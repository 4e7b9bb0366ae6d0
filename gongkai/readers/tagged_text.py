"""Text with leftover markup: a crawler's or CMS's text export that kept some tags and entities.

Such a file (``publish_time: …`` then ``<p>&#12288;&#12288;一、总体情况</p>`` and the tables' cells
one per line with no tags at all) looks like HTML to a sniffer, but it is text: its lines are its
structure, and an HTML parser would run every bare line of a table into one paragraph. It is read as
text once its tags are gone and its entities are characters.
"""
from __future__ import annotations

from html import unescape
import re

# Tags that make a page of markup rather than text with tags left in it: the file has a table,
# a document or block structure an HTML reader must see.
_STRUCTURE = re.compile(rb"<(?:html|body|head|table|t[dhr]|div|section|article|iframe|frameset|ul|ol|dl)\b", re.I)
_TAG = re.compile(r"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>", re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|br|h[1-6]|li|blockquote|pre|center)\b", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_LEFTOVER_TAG = re.compile(r"</?(?:p|br|span|font|strong|b|div|h[1-6])\b[^<>]*>", re.I)
_ONLY_NBSP = re.compile(r"[ \t]*(?:&nbsp;[ \t]*)+")


def is_text_with_tags(data: bytes) -> bool:
    """Bytes a sniffer took for HTML (a <p> or <br> in them) that are text: they do not begin with
    markup, and hold no tag of a table or of a page's structure."""
    head = data[:512].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return bool(head) and not head.startswith((b"<", b"\xff\xfe", b"\xfe\xff")) and _STRUCTURE.search(data) is None


def strip_markup(text: str) -> str:
    """The text without its tags, its entities as characters, line for line. A block tag inside a
    line breaks it (two paragraphs on one line stay two), except in a row of cells (tabs, pipes),
    where a cell's pieces join as on a page. A line that held only tags is dropped, so that no empty
    line appears where the file had none (empty lines may be a table's blank cells). A line of
    nothing but ``&nbsp;`` stays as it is (the text reader knows it for an empty cell); such a cell
    in a tab-separated row is empty."""
    out = []
    for line in text.split("\n"):
        if "<" not in line and "&" not in line:
            out.append(line)
            continue
        kept = [p for p in (_plain(piece) for piece in _split_blocks(line)) if p.strip()]
        if kept:
            out.extend(kept)
        elif _TAG.sub("", line).strip():
            out.append("")  # spaces written as entities: an empty line, as the file shows it
        # else a line of tags only: dropped
    return "\n".join(out)


def has_tags(text: str) -> bool:
    """Whether plain text holds tags of a page (<br>, <p>, </span>) left in by its export."""
    return "<" in text and _LEFTOVER_TAG.search(text) is not None


def _split_blocks(line: str) -> list[str]:
    if "\t" in line or "|" in line:
        return [line]  # a row of cells: a line break inside a cell joins its pieces, as in a page
    parts, at = [], 0
    for m in _TAG.finditer(line):
        if _BLOCK_TAG.match(m.group(0)):
            parts.append(line[at:m.start()])
            at = m.end()
    parts.append(line[at:])
    return parts


def _plain(piece: str) -> str:
    piece = _TAG.sub("", piece)
    if "&" not in piece:
        return piece
    fields = piece.split("\t")
    for i, f in enumerate(fields):
        if _ONLY_NBSP.fullmatch(f):
            fields[i] = "" if len(fields) > 1 else f.strip(" ")  # an empty cell of a row; a line's own
        else:
            fields[i] = _ENTITY.sub(lambda m: _character(m.group(0)), f)
    return "\t".join(fields)


def _character(entity: str) -> str:
    ch = unescape(entity)
    if ch == entity:
        return entity  # no entity HTML knows: the text as written
    if ch in ("\xa0", "\u2002", "\u2003", "\u2009") or (len(ch) == 1 and ord(ch) < 32 and ch not in "\t\n"):
        return " "  # a space entity between words or around a number; a control character
    return ch
