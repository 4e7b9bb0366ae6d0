"""Tiny hand-written PDFs for tests: build the bytes with a correct xref table."""
from __future__ import annotations

import zlib


def build_pdf(objects: list[bytes], trailer_extra: bytes = b"", root: int = 1) -> bytes:
    """objects[i] is the body of object i+1 (without 'obj/endobj')."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(content: bytes, compress: bool = False) -> bytes:
    """A one-page PDF with Helvetica and the given content stream."""
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content, compress=compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def two_pages(first: bytes, second: bytes) -> bytes:
    """A two-page PDF with Helvetica, one content stream a page."""
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>",
        stream(first), stream(second),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def ruled_table(rows: list[list[str]], x0=60.0, top=100.0, col_w=(180.0, 60.0, 60.0, 60.0), row_h=20.0, missing_v: set = frozenset()) -> bytes:
    """Content stream drawing a ruled table (ASCII text), with optional missing vertical rules.

    missing_v: {(row, col_boundary)} pairs whose vertical rule segment is not drawn (merged cells)."""
    H = 842.0
    ops = [b"0 0 0 RG 0.8 w"]
    xs = [x0]
    for w in col_w:
        xs.append(xs[-1] + w)
    for r in range(len(rows) + 1):
        y = H - (top + r * row_h)
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (xs[0], y, xs[-1], y))
    for r in range(len(rows)):
        ya, yb = H - (top + r * row_h), H - (top + (r + 1) * row_h)
        for k, x in enumerate(xs):
            if (r, k) in missing_v:
                continue
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x, ya, x, yb))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                y = H - (top + (r + 1) * row_h) + 6
                ops.append(b"BT /F1 10 Tf %.2f %.2f Td (%s) Tj ET" % (xs[c] + 4, y, text.encode("latin-1")))
    return b"\n".join(ops)
