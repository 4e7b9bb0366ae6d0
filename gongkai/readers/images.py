"""Report tables published as pictures inside a web page, read by OCR.

Many government pages post the three tables as images (a screenshot or scan of the Word table) in
the middle of the text. The HTML reader notes where each <img> of the report stands
(`Document.images`: row index and src); when the page's text lacks a table's labels and the image
bytes can be had, `read_images` OCRs them (readers.ocr) and puts their rows where the images stand.
Pictures inline in the page (data: URIs, as editors paste them) are read from the page itself; other
image bytes come from the caller, who knows where the page came from: the parts of a web archive
(readers.mht), the files beside a saved page (read_path), or the page's site (readers.web).
"""
from __future__ import annotations

import base64
import re
from typing import Callable

from ..document import Document, Row
from . import MAX_IMAGE_BYTES
from .pdf import DocumentBuilder

MAX_IMAGES = 8  # pictures tried on one page (three tables, a piece or two each)
MIN_SIDE = 120  # pixels: smaller pictures are icons, logos and spacers
# Words every report's three tables print (table 1, table 2, table 3); the narrative seldom does.
TABLE_WORDS = (("行政许可", "行政处罚"), ("本年新收", "予以公开"), ("尚未审结", "维持"))


def missing_tables(doc: Document) -> bool:
    """Whether the text lacks any of the three tables' words (then pictures may hold them); spaces and
    line breaks inside the words do not count (尚未\n审结 in Word's markup)."""
    text = "".join([c.text for r in doc.rows for c in r.cells])
    if all(word in text for words in TABLE_WORDS for word in words):
        return False  # the usual case, told without a copy of the text
    text = re.sub(r"\s+", "", text)
    return any(not all(word in text for word in words) for words in TABLE_WORDS)


def read_images(doc: Document, image_bytes: Callable[[str], bytes | None] | None = None) -> None:
    """OCR the page's images into doc.rows (at their places) when the text lacks a table: pictures
    inline as data: URIs, and those `image_bytes` gives for the other addresses."""
    if not doc.images or not missing_tables(doc):
        return
    from . import ocr

    if not ocr.available():
        return  # without OCR the pictures stay pictures: a table not in the text is still reported missing
    tables = 1 + max((r.table for r in doc.rows if r.table is not None), default=-1)
    inserted: list[tuple[int, list[Row]]] = []
    read = 0
    for attempt, (index, src) in enumerate(doc.images):
        if attempt >= MAX_IMAGES:  # attempts, not successes: a page of icons costs a few requests at most
            break
        try:
            data = inline(src) if src[:5].lower() == "data:" else image_bytes(src) if image_bytes else None
        except Exception:  # noqa: BLE001 - a resolver's failure is one image not read
            data = None
        if not data:
            continue
        rows = _image_rows(data, src, doc)
        if not rows:
            continue
        read += 1
        for row in rows:
            if row.table is not None:
                row.table += tables
        tables = 1 + max((r.table for r in rows if r.table is not None), default=tables - 1)
        inserted.append((index, rows))
    for index, rows in reversed(inserted):  # from the last place: earlier indices stay right
        doc.rows[index:index] = rows
    if read:
        doc.header["ocr_images"] = str(read)
        _number_tables_in_order(doc.rows)


def _number_tables_in_order(rows: list[Row]) -> None:
    """Number the tables 0, 1, 2 … in the order they stand (pictures' tables were numbered after the
    page's own), in the rows and in their cells' positions."""
    order: dict[int, int] = {}
    for row in rows:
        if row.table is not None and row.table not in order:
            order[row.table] = len(order)
    if all(old == new for old, new in order.items()):
        return
    for row in rows:
        if row.table is None:
            continue
        new = order[row.table]
        for cell in row.cells:
            if isinstance(cell.at, dict) and cell.at.get("table") == row.table:
                cell.at = {**cell.at, "table": new}
        row.table = new


def inline(src: str) -> bytes | None:
    """The bytes of a data: URI picture (base64), within the size bound."""
    head, _, payload = src.partition(",")
    if not head.lower().startswith("data:image/") or not head.lower().endswith(";base64"):
        return None
    if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        return None
    return base64.b64decode(re.sub(r"\s+", "", payload) + "==", validate=False)


def _image_rows(data: bytes, src: str, doc: Document) -> list[Row] | None:
    """The rows OCR reads in one image, each cell's position saying the image; None for no picture
    of text (too small, not an image, unreadable)."""
    from . import ocr

    try:
        image = ocr.open_image(data)
        if image is None or min(image.width, image.height) < MIN_SIDE:
            return None
        read = ocr.frame_blocks(image, 1)
    except Exception:  # noqa: BLE001 - not an image PIL reads (SVG, a broken file): not a table picture
        return None
    if read is None:
        return None
    blocks, problems = read
    holder = Document(doc.source)
    builder = DocumentBuilder(holder)
    builder.page(1, blocks)
    builder.flush()
    for row in holder.rows:
        for cell in row.cells:  # the picture instead of a page: the box is within the picture
            cell.at = {**{k: v for k, v in (cell.at or {}).items() if k != "page"}, "image": src[:300]}
    doc.problems.extend(problems)
    return holder.rows
