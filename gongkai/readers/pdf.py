"""PDF -> Document: the text layer with pypdfium2 (fast, C), tables rebuilt from ruling lines.

A page is read as characters with boxes and as ruling edges (stroked paths, thin filled rects).
Edges that touch form a table; the distinct edge positions cut it into a grid, and grid units not
separated by an edge merge into one cell (so merged cells and missing outer borders both work).
Each grid row gives one Row: the cells that start in it, in column order, like HTML with rowspan.
Text outside tables becomes prose rows, lines joined into paragraphs. Pages without a text layer
are rendered and read by OCR (ocr.py), which shares the grid code below.

The reader is bounded: page count, objects and characters per page, decompressed stream size and
wall-clock time are capped; past a cap it stops with a `source.unreadable` problem, never hangs.
"""
from __future__ import annotations

import bisect
import ctypes
import re
import time
import zlib
from dataclasses import dataclass
from functools import lru_cache

from ..document import FOOTNOTE_MARK, NUMBERED_LABEL, Cell, Document, Problem, Row, Source, without_trailing_empty_columns

MAX_PAGES = 200
MAX_OBJECTS_PER_PAGE = 60_000
MAX_CHARS_PER_PAGE = 40_000
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one decompressed stream (content streams are ~100 KB)
MAX_IMAGE_STREAM_BYTES = 256 * 1024 * 1024
MAX_TOTAL_STREAM_BYTES = 768 * 1024 * 1024
TIME_BUDGET_S = 60.0  # text layer; OCR pages add their own budget in ocr.py

SNAP = 2.5  # points: edges closer than this are the same line
MIN_ROW_HEIGHT = 4.0  # points: an empty grid row lower than this is a gap between rules, not a row


def unreadable(doc: Document, message: str, at: dict | None = None) -> Document:
    doc.problems.append(Problem("source.unreadable", message, at))
    return doc


# --- guards ----------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")


def check_streams(data: bytes) -> str | None:
    """A Chinese message if a Flate stream inflates past the caps (a zip bomb), else None."""
    total = 0
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if not m:
            return None
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return None
        pos = end + 9
        head = data[max(0, m.start() - 400):m.start()]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head
        if b"/Fl" not in head:
            continue
        cap = MAX_IMAGE_STREAM_BYTES if b"/Image" in head else MAX_STREAM_BYTES
        d = zlib.decompressobj()
        try:
            out = d.decompress(data[start:end], cap + 1)
        except zlib.error:
            continue  # pdfium reports broken streams itself
        if len(out) > cap or d.unconsumed_tail:
            return f"PDF 中有一个数据流解压后超过 {cap // 1048576} MB（疑似压缩炸弹），已停止读取"
        total += len(out)
        if total > MAX_TOTAL_STREAM_BYTES:
            return f"PDF 数据流解压后总量超过 {MAX_TOTAL_STREAM_BYTES // 1048576} MB，已停止读取"


# --- geometry --------------------------------------------------------------------------------


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x3000 <= o <= 0x303F or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026, 0xB7))


def clean_text(s: str) -> str:
    """Collapse whitespace; drop spaces between two CJK characters (justified Chinese lines)."""
    s = re.sub(r"[ \t\u00a0\u3000]+", " ", s).strip()
    if " " not in s:
        return s
    out = []
    for i, ch in enumerate(s):
        if ch == " " and 0 < i < len(s) - 1 and (_is_cjk(s[i - 1]) or _is_cjk(s[i + 1])) and not (s[i - 1].isdigit() and s[i + 1].isdigit()):
            if _is_cjk(s[i - 1]) and _is_cjk(s[i + 1]):
                continue
        out.append(ch)
    return "".join(out)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Chars into text lines (top to bottom), each sorted left to right."""
    lines: list[list[Char]] = []
    spans: list[list[float]] = []  # [top, bottom] of each open line
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        h = max(c.bottom - c.top, 0.5)
        if lines:
            top, bottom = spans[-1]
            # Overlap relative to the smaller height: a quote mark's tight box sits high but inside.
            if min(bottom, c.bottom) - max(top, c.top) >= 0.5 * min(h, max(bottom - top, 0.5)):
                lines[-1].append(c)
                spans[-1] = [min(top, c.top), max(bottom, c.bottom)]
                continue
        lines.append([c])
        spans.append([c.top, c.bottom])
    for ln in lines:
        ln.sort(key=lambda c: c.x0)
    return lines


def without_footnote_marks(line: list[Char]) -> list[Char]:
    """`line` without the footnote marks set raised after text (行政处罚[1], 87¹): each run of
    glyphs sitting above the line's baseline by a fifth of its height that reads as a mark."""
    if len(line) < 2:
        return line
    inked = sorted(c.bottom for c in line if c.text.strip())
    if not inked:
        return line
    baseline = inked[len(inked) // 2]
    height = sorted(c.bottom - c.top for c in line if c.text.strip())[len(inked) // 2]
    raised = [bool(c.text.strip()) and c.bottom < baseline - 0.2 * height for c in line]
    if not any(raised):
        return line
    drop = set()
    i = 0
    while i < len(line):
        if not raised[i]:
            i += 1
            continue
        j = i
        while j < len(line) and raised[j]:
            j += 1
        if i > 0 and not raised[i - 1] and FOOTNOTE_MARK.fullmatch("".join(c.text for c in line[i:j]).strip()):
            drop.update(range(i, j))
        i = j
    return [c for k, c in enumerate(line) if k not in drop] if drop else line


def line_text(line: list[Char]) -> str:
    parts = []
    prev = None
    for c in without_footnote_marks(line):
        if prev is not None:
            h = max(prev.bottom - prev.top, c.bottom - c.top, 1.0)
            if c.x0 - prev.x1 > 0.3 * h and c.text != " " and prev.text != " ":
                parts.append(" ")
        parts.append(c.text)
        prev = c
    return clean_text("".join(parts))


def join_lines(texts: list[str]) -> str:
    """Lines wrapped inside one cell or paragraph: Chinese joins without a space."""
    out = ""
    for t in texts:
        if not t:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and t[0].isascii() and t[0].isalnum():
            out += " "
        out += t
    return out


def snap_values(values: list[float], tol: float = SNAP) -> list[float]:
    """Cluster sorted positions within tol; returns the cluster means."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def merge_edges(edges: list[tuple[float, float, float]], tol: float = SNAP) -> list[tuple[float, float, float]]:
    """Edges as (position, start, end): snap positions, join collinear overlapping pieces."""
    if not edges:
        return []
    centers = snap_values([e[0] for e in edges], tol)
    snapped = []
    for pos, a, b in edges:
        i = bisect.bisect_left(centers, pos - tol)
        best = min(centers[max(0, i - 1):i + 2], key=lambda c: abs(c - pos))
        snapped.append((best, min(a, b), max(a, b)))
    snapped.sort()
    out: list[list[float]] = []
    for pos, a, b in snapped:
        if out and out[-1][0] == pos and a <= out[-1][2] + tol:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([pos, a, b])
    return [tuple(e) for e in out]


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list


@dataclass(slots=True)
class Grid:
    box: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    unit_cell: dict  # (i, j) -> index into cells

    def locate(self, x: float, y: float) -> GridCell | None:
        x0, top, x1, bottom = self.box
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        j = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        i = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        k = self.unit_cell.get((i, j))
        return self.cells[k] if k is not None else None


def _covers(edges: list[tuple[float, float, float]], positions: list[float], pos: float, a: float, b: float) -> bool:
    """True when an edge at `pos` covers most of the span [a, b]."""
    need = (b - a) * 0.5
    i = bisect.bisect_left(positions, pos - 0.01)
    while i < len(edges) and edges[i][0] <= pos + 0.01:
        _, s, e = edges[i]
        if min(e, b) - max(s, a) >= need:
            return True
        i += 1
    return False


def _components(h, v, tol: float) -> list[int]:
    """The component of each edge (h first, then v) when crossing edges are joined."""
    n = len(h) + len(v)
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, (y, hx0, hx1) in enumerate(h):
        for j, (x, vt, vb) in enumerate(v):
            if hx0 - tol <= x <= hx1 + tol and vt - tol <= y <= vb + tol:
                ra, rb = find(i), find(len(h) + j)
                if ra != rb:
                    parent[ra] = rb
    return [find(k) for k in range(n)]


def find_grids(hedges, vedges, tol: float = SNAP) -> list[Grid]:
    """Tables from ruling edges. hedges: (y, x0, x1); vedges: (x, top, bottom)."""
    h = merge_edges(hedges, tol)
    v = merge_edges(vedges, tol)
    if len(h) + len(v) > 6000:
        h, v = h[:3000], v[:3000]
    comp = _components(h, v, tol)
    groups: dict[int, tuple[list, list]] = {}
    for i in range(len(h)):
        groups.setdefault(comp[i], ([], []))[0].append(h[i])
    for j in range(len(v)):
        groups.setdefault(comp[len(h) + j], ([], []))[1].append(v[j])
    grids = []
    for hs, vs in groups.values():
        if len(vs) < 2 or not hs or len(hs) < 2 and not _one_row_fragment(hs, vs, tol):
            continue
        grid = _grid(sorted(hs), sorted(vs), tol)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.box[1])
    return grids


def _one_row_fragment(hs, vs, tol) -> bool:
    """A table's row alone at the top (or bottom) of a page: its rule on the other side of the
    page break is on the other page. One horizontal rule, and three or more column rules that all
    start and end together, on it at one end."""
    if len(hs) != 1 or len(vs) < 3:
        return False
    y = hs[0][0]
    tops, bottoms = [e[1] for e in vs], [e[2] for e in vs]
    if max(tops) - min(tops) > tol or max(bottoms) - min(bottoms) > tol:
        return False
    return abs(y - bottoms[0]) <= tol or abs(y - tops[0]) <= tol


def _grid(hs, vs, tol) -> Grid | None:
    x0 = min(min(e[1] for e in hs), min(e[0] for e in vs))
    x1 = max(max(e[2] for e in hs), max(e[0] for e in vs))
    top = min(min(e[0] for e in hs), min(e[1] for e in vs))
    bottom = max(max(e[0] for e in hs), max(e[2] for e in vs))
    if x1 - x0 < 20 or bottom - top < 8:
        return None
    xs = snap_values([x0, x1] + [e[0] for e in vs], tol)
    ys = snap_values([top, bottom] + [e[0] for e in hs], tol)
    xs[0], xs[-1], ys[0], ys[-1] = x0, x1, top, bottom
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1 or nr * nc > 40_000:
        return None
    hpos = [e[0] for e in hs]
    vpos = [e[0] for e in vs]
    parent = list(range(nr * nc))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def near(positions, p):
        i = bisect.bisect_left(positions, p - tol)
        return positions[i] if i < len(positions) and abs(positions[i] - p) <= tol else None

    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc:
                p = near(vpos, xs[j + 1])
                if p is None or not _covers(vs, vpos, p, ys[i], ys[i + 1]):
                    parent[find(i * nc + j)] = find(i * nc + j + 1)
            if i + 1 < nr:
                p = near(hpos, ys[i + 1])
                if p is None or not _covers(hs, hpos, p, xs[j], xs[j + 1]):
                    parent[find(i * nc + j)] = find((i + 1) * nc + j)
    comps: dict[int, list[tuple[int, int]]] = {}
    for i in range(nr):
        for j in range(nc):
            comps.setdefault(find(i * nc + j), []).append((i, j))
    if len(comps) < 2:
        return None  # a frame around text, not a table
    cells, unit_cell = [], {}
    for units in sorted(comps.values(), key=lambda u: (min(a for a, _ in u), min(b for _, b in u))):
        r0 = min(a for a, _ in units); r1 = max(a for a, _ in units)
        c0 = min(b for _, b in units); c1 = max(b for _, b in units)
        k = len(cells)
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]), []))
        for u in units:
            unit_cell[u] = k
    return Grid((x0, top, x1, bottom), xs, ys, cells, unit_cell)


_NUMERIC = re.compile(r"[-+]?\d[\d,，.．]*%?")
# a value as a cell may hold it: a number, with its unit or not, or a blank's mark
_VALUE = re.compile(r"[-+]?\d[\d,，.．]*%?\s*(?:件|项|个|次|人次|份|条|元|万元)?|[-－—/／]")


def grid_rows(grid: Grid, cell_text) -> list[list[tuple[GridCell, str]]]:
    """Rows of (cell, text) in reading order; empty label cells folded into their left neighbour."""
    by_row: dict[int, list[GridCell]] = {}
    for c in grid.cells:
        by_row.setdefault(c.row, []).append(c)
    rows = []
    for r in sorted(by_row):
        cells = sorted(by_row[r], key=lambda c: c.col)
        texts = [cell_text(c) for c in cells]
        # A row of empty cells is real (a table row left blank) unless it is a sliver between
        # two nearly coincident rules.
        height = min(c.box[3] - c.box[1] for c in cells)
        if any(texts) or height >= MIN_ROW_HEIGHT:
            rows.append(list(zip(cells, texts)))
    # Label columns: where rows holding numbers have label text. An empty cell there is the
    # continuation of a label merged across pages or a spacer, not a blank value.
    label_cols: set[int] = set()
    for row in rows:
        if any(_NUMERIC.fullmatch(t) for _, t in row):
            for c, t in row:
                if t and not _VALUE.fullmatch(t):  # 49件 is a value, not a label
                    label_cols.update(range(c.col, c.col + c.colspan))
    if not label_cols:
        return rows
    out = []
    for row in rows:
        kept = [(c, t) for c, t in row if t or c.col not in label_cols]
        if kept:
            out.append(kept)
    return out


# --- pdfium page access ----------------------------------------------------------------------


class _Page:
    """One page's chars and ruling edges in top-left page coordinates (points)."""

    def __init__(self, page, raw):
        self.page = page
        self.raw = raw
        l, b, r, t = page.get_mediabox()
        self.rot = page.get_rotation() % 360
        self.mb = (l, b, r, t)
        self.width, self.height = (t - b, r - l) if self.rot in (90, 270) else (r - l, t - b)

    def pt(self, x: float, y: float) -> tuple[float, float]:
        l, b, r, t = self.mb
        if self.rot == 90:
            return y - b, x - l
        if self.rot == 180:
            return r - x, y - b
        if self.rot == 270:
            return t - y, r - x
        return x - l, t - y

    def box(self, x0, y0, x1, y1) -> tuple[float, float, float, float]:
        ax, ay = self.pt(x0, y0)
        bx, by = self.pt(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _page_chars(pg: _Page, textpage, raw) -> list[Char] | None:
    n = textpage.count_chars()
    if n > MAX_CHARS_PER_PAGE:
        return None
    out = []
    tp = textpage.raw
    rect = raw.FS_RECTF()
    l, b, r, t = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
    for i in range(n):
        u = raw.FPDFText_GetUnicode(tp, i)
        if u in (0, 10, 13, 0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(tp, i):
            continue
        ch = chr(u)
        if ch.isspace():
            ch = " "
        # Loose boxes (advance width x font ascent..descent) keep quotes and 一 on their line.
        # Some fonts (vertical text) give absurd loose boxes: then the tight glyph box.
        if not raw.FPDFText_GetCharBox(tp, i, l, r, b, t):
            continue
        box = (l.value, b.value, r.value, t.value)
        if raw.FPDFText_GetLooseCharBox(tp, i, rect):
            tw, th = box[2] - box[0], box[3] - box[1]
            lw, lh = rect.right - rect.left, rect.top - rect.bottom
            if ch == " " or (lw <= max(2.5 * tw, 1.5 * th, 1.0) + 1 and lh <= 3 * max(th, tw, 1.0) + 2):
                box = (rect.left, rect.bottom, rect.right, rect.top)
        x0, top, x1, bottom = pg.box(*box)
        out.append(Char(ch, x0, top, x1, bottom))
    return out


def _page_edges(pg: _Page, raw, deadline: float):
    """Visible ruling edges: stroked straight segments, and thin filled rectangles."""
    hedges, vedges = [], []
    images = []  # boxes of image objects (to spot scanned pages)
    count = raw.FPDFPage_CountObjects(pg.raw)
    if count > MAX_OBJECTS_PER_PAGE:
        return None
    stack = [(raw.FPDFPage_GetObject(pg.raw, i), None) for i in range(count)]
    seen = 0
    rr, gg, bb, aa = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    m = raw.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    bl, bb_, br, bt = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
    while stack:
        obj, parent_m = stack.pop()
        seen += 1
        if seen > MAX_OBJECTS_PER_PAGE or (seen % 2000 == 0 and time.monotonic() > deadline):
            return None
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            raw.FPDFPageObj_GetMatrix(obj, m)
            fm = (m.a, m.b, m.c, m.d, m.e, m.f)
            if parent_m:
                fm = _compose(fm, parent_m)
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                stack.append((raw.FPDFFormObj_GetObject(obj, k), fm))
            continue
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            if raw.FPDFPageObj_GetBounds(obj, bl, bb_, br, bt):
                images.append(pg.box(bl.value, bb_.value, br.value, bt.value))
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPath_GetDrawMode(obj, fillmode, stroke)
        stroked = bool(stroke.value)
        if stroked:
            raw.FPDFPageObj_GetStrokeColor(obj, rr, gg, bb, aa)
            if aa.value == 0 or min(rr.value, gg.value, bb.value) >= 235:
                stroked = False
        filled = fillmode.value != 0
        if filled:
            raw.FPDFPageObj_GetFillColor(obj, rr, gg, bb, aa)
            if aa.value == 0 or min(rr.value, gg.value, bb.value) >= 235:
                filled = False
        if not stroked and not filled:
            continue
        raw.FPDFPageObj_GetMatrix(obj, m)
        om = (m.a, m.b, m.c, m.d, m.e, m.f)
        if parent_m:
            om = _compose(om, parent_m)
        nseg = raw.FPDFPath_CountSegments(obj)
        if nseg > 5000:
            continue
        pts = []  # subpaths as point lists
        cur: list = []
        for k in range(nseg):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            raw.FPDFPathSegment_GetPoint(seg, px, py)
            t = raw.FPDFPathSegment_GetType(seg)
            x = om[0] * px.value + om[2] * py.value + om[4]
            y = om[1] * px.value + om[3] * py.value + om[5]
            p = pg.pt(x, y)
            if t == raw.FPDF_SEGMENT_MOVETO:
                if len(cur) > 1:
                    pts.append(cur)
                cur = [p]
            elif t == raw.FPDF_SEGMENT_LINETO:
                cur.append(p)
            else:  # a curve: not a ruling line
                cur.append(None)
            if raw.FPDFPathSegment_GetClose(seg) and cur:
                cur.append(cur[0])
        if len(cur) > 1:
            pts.append(cur)
        path_edges(pts, stroked, hedges, vedges)
    return hedges, vedges, images


def path_edges(subpaths: list[list], stroked: bool, hedges: list, vedges: list) -> None:
    """Ruling edges of a drawn path (subpaths as point lists in page points, top-left origin, None
    for a curve): its straight horizontal and vertical strokes, or, when it is filled and not
    stroked, itself if it is a thin rectangle. Shared by the PDF and OFD readers."""
    for sub in subpaths:
        if stroked:
            for a, b in zip(sub, sub[1:]):
                if a is None or b is None:
                    continue
                if abs(a[1] - b[1]) < 1.0 and abs(a[0] - b[0]) > 1.0:
                    hedges.append(((a[1] + b[1]) / 2, min(a[0], b[0]), max(a[0], b[0])))
                elif abs(a[0] - b[0]) < 1.0 and abs(a[1] - b[1]) > 1.0:
                    vedges.append(((a[0] + b[0]) / 2, min(a[1], b[1]), max(a[1], b[1])))
        elif None not in sub:
            xs = [p[0] for p in sub]
            ys = [p[1] for p in sub]
            w, hgt = max(xs) - min(xs), max(ys) - min(ys)
            if hgt <= 2.5 and w > 2.5:
                hedges.append(((max(ys) + min(ys)) / 2, min(xs), max(xs)))
            elif w <= 2.5 and hgt > 2.5:
                vedges.append(((max(xs) + min(xs)) / 2, min(ys), max(ys)))


def _compose(m1, m2):
    """m1 then m2 (PDF row-vector convention)."""
    a, b, c, d, e, f = m1
    A, B, C, D, E, F = m2
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


# --- page layout -----------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"[-－—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/共]\s*\d{1,4}\s*页?)?[-－—–\s]*")


@dataclass(slots=True)
class Block:
    """A table (rows of cells) or a text line, placed on a page."""
    top: float
    kind: str  # "table" | "line"
    rows: list | None = None  # table: list of list[(box, text, colspan, rowspan)]
    text: str = ""
    box: tuple = (0, 0, 0, 0)
    size: float = 0.0
    margin: bool = False  # a line in the page's top or bottom margin (a running header or footer)


def drop_underlines(hedges, chars: list[Char], vedges=()) -> list:
    """The horizontal edges that are not underlines of text (a link's or an emphasis's line right
    under the glyphs, as long as the words): taken for rules, they cut a table cell in rows. An
    edge that ends on column rules at both ends is a rule, however closely text fills the cell."""
    if not hedges or not chars:
        return hedges

    def on_rule(x: float, y: float) -> bool:
        return any(abs(vx - x) <= 0.6 and top - 1.0 <= y <= bottom + 1.0 for vx, top, bottom in vedges)

    by_bottom = sorted(chars, key=lambda c: c.bottom)
    bottoms = [c.bottom for c in by_bottom]
    kept = []
    for edge in hedges:
        y, x0, x1 = edge
        lo = bisect.bisect_left(bottoms, y - 1.2)  # an underline touches the glyph boxes; a rule keeps its padding
        hi = bisect.bisect_right(bottoms, y + 0.5)
        above = [c for c in by_bottom[lo:hi] if c.text.strip() and x0 - 1.0 <= c.cx <= x1 + 1.0]
        if above:
            left, right = min(c.x0 for c in above), max(c.x1 for c in above)
            if abs(left - x0) <= 1.5 and abs(right - x1) <= 1.5 and not (on_rule(x0, y) and on_rule(x1, y)):
                continue  # as long as the glyphs right above it, between rules: an underline
        kept.append(edge)
    return kept


_STRIKE_MAX = 200.0  # points: a line longer than any figure is a rule


def drop_struck(hedges, chars: list[Char]) -> tuple[list, list[Char]]:
    """(edges, chars) without the text struck out and the lines striking it: a line through the
    middle of a run of glyphs on one line, as long as the run (a revised figure's old value, 11
    struck beside the 12 that replaces it, as <del> on a web page). Read, the two run together."""
    if not chars or not any(x1 - x0 <= _STRIKE_MAX for _, x0, x1 in hedges):
        return hedges, chars
    by_top = sorted(chars, key=lambda c: c.top)
    tops = [c.top for c in by_top]
    kept_edges, struck = [], set()
    for edge in hedges:
        y, x0, x1 = edge
        if x1 - x0 > _STRIKE_MAX:
            kept_edges.append(edge)
            continue
        lo = bisect.bisect_left(tops, y - 60)
        hi = bisect.bisect_right(tops, y)
        through = [c for c in by_top[lo:hi] if c.text.strip() and x0 - 1.0 <= c.cx <= x1 + 1.0
                   and c.top + 0.3 * (c.bottom - c.top) <= y <= c.bottom - 0.2 * (c.bottom - c.top)]
        if through and abs(min(c.x0 for c in through) - x0) <= 1.5 and abs(max(c.x1 for c in through) - x1) <= 1.5:
            struck.update(id(c) for c in through)
            continue
        kept_edges.append(edge)
    if not struck:
        return hedges, chars
    return kept_edges, [c for c in chars if id(c) not in struck]


_DIGITS = re.compile(r"\d+")
_CELL_PADDING = 12.0  # points: a browser's or Word's padding on both sides of a cell, at most


def cell_text(cell) -> str:
    """A table cell's lines joined (join_lines). A number the cell was too narrow for, wrapped onto
    the next line (266 as 26 / 6: a browser breaks anywhere in a narrow column), is one number: the
    line before the break fills the cell, so the next line's first digit did not fit beside it."""
    if not cell.chars:
        return ""
    lines = group_lines(cell.chars)
    texts = [line_text(line) for line in lines]
    width = cell.box[2] - cell.box[0]
    for k in range(len(lines) - 1, 0, -1):
        if _DIGITS.fullmatch(texts[k - 1]) and _DIGITS.fullmatch(texts[k]):
            before, after = lines[k - 1], lines[k]
            filled = max(c.x1 for c in before) - min(c.x0 for c in before)
            if width - filled < (after[0].x1 - after[0].x0) + _CELL_PADDING:
                texts[k - 1] += texts.pop(k)
    return join_lines(texts)


_OPEN_COLUMN_WIDTH = 200.0  # points: a 序号 or group-label column, not a neighbouring table


def close_open_columns(hedges, vedges, chars: list[Char], tol: float = SNAP) -> list[tuple[float, float, float]]:
    """Rules for a column of a table piece that has no horizontal rule across it, so that nothing
    joins its two sides: a group label spanning every row of the piece after a page break, or a
    column between the table and a 序号 column. Its vertical rules would be no table, or another
    one, and its text read as lines. Each such column (two vertical rules side by side, in
    different sets of joined rules, overlapping in height) is closed at its top and bottom and cut
    where a row rule beside it meets no text of the column crossing it and has text on both sides
    (an empty column stays one cell, as a spanning cell does)."""
    h = merge_edges(hedges, tol)
    v = merge_edges(vedges, tol)
    if not h or len(v) < 2 or len(h) + len(v) > 1500:
        return []
    comp = _components(h, v, tol)
    vcomp = comp[len(h):]
    if len(set(vcomp)) < 2:
        return []
    added: list[tuple[float, float, float]] = []
    order = sorted(range(len(v)), key=lambda j: v[j][0])
    for k in range(len(order) - 1):
        left, a = order[k], v[order[k]]
        # the nearest rule to the right overlapping this one in height
        right = None
        for j in order[k + 1:]:
            b = v[j]
            if b[0] - a[0] > _OPEN_COLUMN_WIDTH:
                break
            if b[0] - a[0] > tol and min(a[2], b[2]) - max(a[1], b[1]) >= 0.8 * min(a[2] - a[1], b[2] - b[1]):
                right = j
                break
        if right is None or vcomp[left] == vcomp[right]:
            continue
        b = v[right]
        if abs(a[1] - b[1]) > tol and abs(a[2] - b[2]) > tol:
            continue  # rules of one table piece start or end together (a page's frame beside a table does not)
        x0, x1 = a[0], b[0]
        top, bottom = max(a[1], b[1]), min(a[2], b[2])
        if bottom - top < 8 or any(x0 - tol <= hx0 and hx1 <= x1 + tol and top - tol <= y <= bottom + tol
                                   for y, hx0, hx1 in h if hx1 - hx0 > tol):
            continue  # a rule inside the column: it is no open column
        ys = sorted({y for y, hx0, hx1 in h if top + tol < y < bottom - tol
                     and (abs(hx1 - x0) <= tol or abs(hx0 - x1) <= tol)})
        inside = [ch for ch in chars if x0 < ch.cx < x1 and top < ch.cy < bottom and ch.text.strip()]
        cuts = [top]
        for n, y in enumerate(ys):
            after = ys[n + 1] if n + 1 < len(ys) else bottom
            crossed = any(ch.top < y - 1 and ch.bottom > y + 1 for ch in inside)
            if not crossed and any(cuts[-1] < ch.cy < y for ch in inside) and any(y < ch.cy < after for ch in inside):
                cuts.append(y)
        cuts.append(bottom)
        added.extend((y, x0, x1) for y in cuts)
        old, new = vcomp[right], vcomp[left]
        vcomp = [new if c == old else c for c in vcomp]
    return added


def layout_page(chars: list[Char], hedges, vedges, width: float, height: float) -> list[Block]:
    """Tables and text lines of one page, top to bottom."""
    # Rules drawn a cell at a time (WeasyPrint, browsers) are joined first: a piece under a label
    # that fills its cell is as long as the glyphs above it, but the rule it belongs to is not.
    hedges, chars = drop_struck(merge_edges(hedges), chars)
    hedges = drop_underlines(hedges, chars, vedges)
    grids = find_grids(hedges + close_open_columns(hedges, vedges, chars), vedges)
    loose = []
    for c in chars:
        for g in grids:
            # a glyph across a table's last rule (a cell's text the page break cut off, as WeasyPrint
            # prints it) belongs to the cell its top is in
            cell = g.locate(c.cx, c.cy) or (g.locate(c.cx, c.top + 0.5) if c.cy > g.box[3] else None)
            if cell is not None:
                cell.chars.append(c)
                break
        else:
            loose.append(c)
    blocks = []
    for g in grids:
        rows = []
        for row in grid_rows(g, cell_text):
            rows.append([(cell.box, text, cell.colspan, cell.rowspan) for cell, text in row])
        if rows:
            blocks.append(Block(g.box[1], "table", rows=rows, box=g.box))
        else:
            loose.extend(ch for cell in g.cells for ch in cell.chars)
    lines = []
    for line in group_lines(loose):
        text = line_text(line)
        if not text:
            continue
        box = (min(c.x0 for c in line), min(c.top for c in line), max(c.x1 for c in line), max(c.bottom for c in line))
        in_margin = box[1] > height * 0.9 or box[3] < height * 0.08
        if in_margin and _PAGE_NUMBER.fullmatch(text):
            continue
        sizes = sorted(c.bottom - c.top for c in line if c.text.strip())
        lines.append((line, Block(box[1], "line", text=text, box=box, size=sizes[len(sizes) // 2] if sizes else 0,
                                  margin=in_margin)))
    blocks.extend(borderless_tables(lines))
    blocks.sort(key=lambda b: b.top)
    return blocks


def segments(line: list[Char], size: float) -> list[list[Char]]:
    """A text line cut where the gap between characters is wider than two characters."""
    out = [[]]
    prev = None
    for c in line:
        if prev is not None and c.x0 - prev.x1 > 2.0 * size and out[-1]:
            out.append([])
        if c.text != " " or out[-1]:
            out[-1].append(c)
        prev = c
    return [seg for seg in out if any(ch.text.strip() for ch in seg)]


def borderless_tables(lines: list) -> list[Block]:
    """Text lines, with runs of aligned 'label  number  number ...' lines made into tables.

    A line is a table row when it splits at wide gaps into at least three pieces, two of them
    numbers. Two or more such lines in a row form a table; value columns are the clusters of the
    numbers' centres, and a row with no number in a column gets an empty cell there."""
    out: list[Block] = []
    run: list = []

    def flush():
        if len(run) >= 2:
            out.append(_aligned_table(run))
        else:
            out.extend(block for _, block, _ in run)
        run.clear()

    for line, block in lines:
        segs = segments(line, block.size or 10.0)
        texts = [line_text(s) for s in segs]
        nums = sum(1 for t in texts if _NUMERIC.fullmatch(t))
        if len(segs) >= 3 and nums >= 2:
            run.append((segs, block, texts))
        else:
            flush()
            out.append(block)
    flush()
    return out


def _aligned_table(run: list) -> Block:
    centres = []
    for segs, _, texts in run:
        for seg, t in zip(segs, texts):
            if _NUMERIC.fullmatch(t):
                centres.append((seg[0].x0 + seg[-1].x1) / 2)
    size = max(b.size for _, b, _ in run) or 10.0
    columns = snap_values(centres, tol=size * 1.5)
    rows = []
    for segs, block, texts in run:
        first_value = next(i for i, t in enumerate(texts) if _NUMERIC.fullmatch(t))
        row = []
        for seg, t in zip(segs[:first_value], texts[:first_value]):
            row.append(((seg[0].x0, block.box[1], seg[-1].x1, block.box[3]), t, 1, 1))
        placed: dict[int, tuple] = {}
        for seg, t in zip(segs[first_value:], texts[first_value:]):
            cx = (seg[0].x0 + seg[-1].x1) / 2
            k = min(range(len(columns)), key=lambda j: abs(columns[j] - cx))
            if k in placed:  # two values in one column: keep both, in order
                k = max(placed) + 1 if max(placed) + 1 >= len(columns) else k + 1
            placed[k] = ((seg[0].x0, block.box[1], seg[-1].x1, block.box[3]), t, 1, 1)
        for k in range(0, max(max(placed) + 1, len(columns))):
            if k in placed:
                row.append(placed[k])
            elif k < len(columns):
                x = columns[k]
                row.append(((x - size, block.box[1], x + size, block.box[3]), "", 1, 1))
        rows.append(row)
    box = (min(b.box[0] for _, b, _ in run), run[0][1].box[1], max(b.box[2] for _, b, _ in run), run[-1][1].box[3])
    return Block(box[1], "table", rows=rows, box=box)


# A table row's own label starts with its number (the rest of a label cut by a page break does not).
_ROW_START = re.compile(rf"{NUMBERED_LABEL}|\s*(?:总计|合计)")
_DIGITS_AND_SPACE = re.compile(r"[\d\s]+")
_GROUP_WITH_ROWS = re.compile(r"\s*[（(]\s*[三四五六]\s*[)）]")  # table 2's groups of numbered rows
_SPANNING_GROUP = re.compile(r"\s*(?:三\s*[、.．]|[（(]\s*[三四五六]\s*[)）])")  # 三、本年度办理结果, （三）不予公开
_SERIAL = re.compile(r"\d{1,3}")  # a 序号
_SUB_ROW = re.compile(r"\s*\d+\s*[.．、](?!\d)")
_HEADING = re.compile(r"\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[\u3220-\u3229]|第[一二三四五六七八九十]+[章节部分]|附件|[0-9]+[.．、](?!\d))")


def _stray_left_x(rows: list[Row], kept: list[Row]) -> float | None:
    """The left x of the cells without_trailing_empty_columns dropped from `rows` (kept), None if none."""
    if kept is rows:
        return None
    kept_ats = {id(c.at) for row in kept for c in row.cells}
    xs = [c.at["box"][0] for row in rows for c in row.cells if id(c.at) not in kept_ats and "box" in c.at]
    return min(xs) if xs else None


def _without_cells_right_of(row: list, x: float) -> list:
    """A block's table row, (box, text, colspan, rowspan, ...) per cell, without the empty cells at its end
    that start at x or to its right (a stray column)."""
    end = len(row)
    while end and not row[end - 1][1].strip() and row[end - 1][0][0] >= x - 2.0:
        end -= 1
    return row if end == len(row) else row[:end]


@lru_cache(maxsize=1)
def _active_row_labels() -> frozenset[str]:
    """The labels of table 1's rows (规章, 行政许可, …): words without a number that start a row."""
    from .. import spec

    tables = spec.spec()["tables"]["active"]
    return frozenset(row["label"] for fmt in spec.FORMATS for row in tables[fmt]["rows"].values()) | {"规范性文件"}


def _last_label(texts: list[str]) -> int | None:
    """Index of the last cell of a table row holding label text (not a value: a number, with its
    unit or not, or a blank's mark), or None."""
    for k in range(len(texts) - 1, -1, -1):
        if texts[k] and not _VALUE.fullmatch(texts[k]):
            return k
    return None


def _at(page_no: int, box) -> dict:
    """Provenance of a PDF cell or paragraph: its page and box, in points to the hundredth."""
    return {"page": page_no, "box": [round(float(v), 2) for v in box]}


class DocumentBuilder:
    """Turns page blocks into Rows: tables continue across pages, lines become paragraphs."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.table = -1
        self.last_kind = None
        self.stray_x = None  # where the stray empty column of the table's first piece starts (x, points)
        self.para: list[str] = []
        self.para_at: dict | None = None
        self.prev_line: Block | None = None
        self.left = self.right = None
        self.furniture: list[tuple[int, Block]] = []  # running headers held until it is known where they stand
        self.margin_texts: set[str] = set()  # the margin lines of the pages before (numbers taken out)

    def flush(self):
        self._release_furniture()
        if self.para:
            text = join_lines(self.para)
            if text:
                self.doc.rows.append(Row([Cell(text, self.para_at)], delimited=False))
        self.para, self.para_at = [], None

    def page(self, page_no: int, blocks: list[Block]):
        self.page_no = page_no
        lines = [b for b in blocks if b.kind == "line"]
        if lines:
            self.left = min(b.box[0] for b in lines)
            self.right = max(b.box[2] for b in lines)
        first = True
        margin_texts = set()
        for b in blocks:
            if b.kind == "line" and b.margin:
                key = _DIGITS_AND_SPACE.sub("", b.text)
                margin_texts.add(key)
                if key in self.margin_texts:
                    # a running header or footer (a margin line the pages before had too): dropped where
                    # it stands between two pieces of one table (it would end the table), read elsewhere
                    self.furniture.append((page_no, b))
                    continue
            if b.kind == "table":
                continued = first and self.last_kind == "table"
                if continued:
                    self.furniture = []
                self.flush()
                if not continued:
                    self.table += 1
                rows = b.rows
                # A stray empty column at the right edge (a Word table's sliver) is no column of values,
                # also in the pieces of the table on the next pages: they have no header of their own, and
                # a rowspan cut at the page break shifts their grid, so where the first piece's stray
                # column starts on the page tells (a sliver in only some rows leaves the others' cells
                # alone). Cut before a row broken over the page is joined up: its parts must match.
                if continued and self.stray_x is not None:
                    rows = [_without_cells_right_of(row, self.stray_x) for row in rows]
                if continued and rows and self._mend_broken_row(rows[0]):
                    rows = rows[1:]
                table_rows = []
                for row in rows:
                    cells = []
                    for box, t, colspan, rowspan, *extra in row:
                        at = _at(page_no, box)
                        if extra and extra[0]:
                            at.update(extra[0])  # OCR: ocr_confidence, alternatives
                        cells.append(Cell(t, at, colspan, rowspan))
                    table_rows.append(Row(cells, delimited=True, table=self.table))
                kept = table_rows
                if not continued:
                    kept = without_trailing_empty_columns(table_rows)
                    self.stray_x = _stray_left_x(table_rows, kept)
                self.doc.rows.extend(row for row in kept if row.cells)
                self.last_kind = "table"
                self.prev_line = None
            else:
                self._release_furniture()
                self._line(page_no, b, first)
            first = False
        self.margin_texts |= margin_texts

    def _release_furniture(self) -> None:
        held, self.furniture = self.furniture, []
        for page_no, b in held:
            self._line(page_no, b, False)

    def _line(self, page_no: int, b: Block, first: bool) -> None:
        if self.starts_paragraph(b, first):
            self.flush()
        if not self.para:
            self.para_at = _at(page_no, b.box)
        else:
            bx = self.para_at["box"]
            if self.para_at["page"] == page_no:
                self.para_at["box"] = [min(bx[0], b.box[0]), min(bx[1], b.box[1]), max(bx[2], b.box[2]), max(bx[3], b.box[3])]
                self.para_at["box"] = [round(float(v), 2) for v in self.para_at["box"]]
        self.para.append(b.text)
        self.prev_line = b
        self.last_kind = "line"

    def _mend_broken_row(self, first_row: list) -> bool:
        """Join the two parts of a table row that a page break cut in two (Word and browsers let a
        row break across pages): the last row before the break (head) and `first_row` (tail).

        Each part is incomplete: one has no label, or one has no values, and where one part has a
        value the other's cell is empty. The label is joined (head + tail) and the values are
        taken from whichever part has them. True when `first_row` went into the previous row;
        False when it stays (maybe completed with the head, which is then dropped)."""
        rows = self.doc.rows
        if not rows or rows[-1].table != self.table:
            return False
        head = rows[-1].cells
        head_texts = [c.text for c in head]
        tail_texts = [t for _, t, *_ in first_row]
        head_label_at = _last_label(head_texts)
        tail_label_at = _last_label(tail_texts)
        if head_label_at is None and tail_label_at is None:
            return False
        group = None  # a group's label spanning the rows below, printed only after the break
        if head_label_at is not None and tail_label_at is not None and first_row[tail_label_at][3] > 1 \
                and _SPANNING_GROUP.match(tail_texts[tail_label_at]) and not any(tail_texts[:tail_label_at]):
            group = first_row[tail_label_at]
            first_row = first_row[:tail_label_at] + first_row[tail_label_at + 1:]
            tail_texts = [t for _, t, *_ in first_row]
            tail_label_at = _last_label(tail_texts)
        if head_label_at is not None and tail_label_at is not None:
            labels = _active_row_labels()
            tail_label = "".join(tail_texts[tail_label_at].split())
            if tail_label in labels and "".join(head_texts[head_label_at].split()) + tail_label not in labels:
                return False  # 行政强制 under 行政处罚: a row of its own (table 1's labels have no numbers),
                # but 行政 / 规范性文件 is one label broken over the page
        if not any(_NUMERIC.fullmatch(t) for t in head_texts + tail_texts):
            return self._join_header_parts(head, first_row)
        if self._group_over_its_first_row(head, head_label_at, first_row, tail_label_at):
            return True
        serial: Cell | None = None
        spanning_rests: list[tuple[Cell, str]] = []  # rests of labels spanning rows above, and their cells
        if head_label_at is not None and tail_label_at is not None:
            # Both have label text: the tail's last is the rest of the head's label; any before it,
            # the rest of a label spanning rows above (三、本年度办理结 | 果); none starts a row.
            tail_labels = [(k, t) for k, t in enumerate(tail_texts[:tail_label_at + 1]) if t]
            if any(_ROW_START.match(t) for _, t in tail_labels):
                return False
            for k, t in tail_labels[:-1]:
                cell = self._spanning_cell_above(first_row[k][0])
                if cell is None:
                    return False
                spanning_rests.append((cell, t))
            n = len(head_texts) - head_label_at - 1
            if len(tail_texts) - tail_label_at - 1 != n:
                if any(tail_texts[tail_label_at + 1:]) or not any(head_texts[head_label_at + 1:]):
                    return False
                # the rest of the label alone, its empty cells not ruled as the head's are: no values
                tail_texts = tail_texts[:tail_label_at + 1] + [""] * n
        else:
            n = len(head_texts) - head_label_at - 1 if head_label_at is not None else len(tail_texts) - tail_label_at - 1
            unlabelled = tail_texts if head_label_at is not None else head_texts
            extra = unlabelled[:len(unlabelled) - n]
            if head_label_at is None and len(extra) == 1 and _SERIAL.fullmatch(extra[0]) and not tail_texts[0]:
                serial = head[0]  # the row's 序号 printed before the break, its label after it
            elif len(unlabelled) < n or any(extra):
                return False
        if n == 0:
            return False
        head_values, tail_values = head_texts[-n:], tail_texts[-n:]
        if any(h and t for h, t in zip(head_values, tail_values)):
            return False  # two values for one cell: two rows
        has_values = (any(head_values), any(tail_values))
        complete = (head_label_at is not None and has_values[0], tail_label_at is not None and has_values[1])
        if all(complete):
            return False  # label and values on both sides: two rows
        for cell, rest in spanning_rests:
            cell.text += rest
        if head_label_at is not None:  # the head is the row: the tail's label and values go into it
            if tail_label_at is not None:
                head[head_label_at].text += tail_texts[tail_label_at]
            if group is not None:
                box, text, colspan, rowspan, *_ = group
                head.insert(head_label_at, Cell(text, _at(self.page_no, box), colspan, rowspan))
            for k in range(1, n + 1):
                if not head[-k].text and tail_texts[-k]:
                    box, t, *_ = first_row[-k]
                    head[-k].text, head[-k].at = t, _at(self.page_no, box)
            return True
        for k in range(1, n + 1):  # the tail is the row: the head (values only) fills its empty cells
            if not first_row[-k][1] and head[-k].text:
                box, _, colspan, rowspan, *extra = first_row[-k]
                where = {**(extra[0] if extra and extra[0] else {}), **(head[-k].at or {})}  # the value's own page and box
                first_row[-k] = (box, head[-k].text, colspan, rowspan, where)
        if serial is not None:
            box, _, colspan, rowspan, *extra = first_row[0]
            first_row[0] = (box, serial.text, colspan, rowspan, {**(extra[0] if extra and extra[0] else {}), **(serial.at or {})})
        del rows[-1]
        return False

    def _group_over_its_first_row(self, head: list[Cell], head_label_at, first_row: list, tail_label_at) -> bool:
        """A group's first row broken over the page with its values above the break and its label
        below it: （六）其 | 1 | 0 | … before, 1.申请人无正当理由… | (empty) after (WeasyPrint moves a
        cell's text that does not fit). The row label goes in after the group label; True when it did."""
        if head_label_at is None or tail_label_at is None:
            return False
        tail_texts = [t for _, t, *_ in first_row]
        if not _GROUP_WITH_ROWS.match(head[head_label_at].text) or not _SUB_ROW.match(tail_texts[tail_label_at]) \
                or any(tail_texts[:tail_label_at]) or any(tail_texts[tail_label_at + 1:]):
            return False
        values = [c.text for c in head[head_label_at + 1:]]
        if not values or not any(_NUMERIC.fullmatch(t) for t in values):
            return False
        box = first_row[tail_label_at][0]
        head.insert(head_label_at + 1, Cell(tail_texts[tail_label_at], _at(self.page_no, box)))
        return True

    @staticmethod
    def _join_header_parts(head: list[Cell], first_row: list) -> bool:
        """A header row cut by a page break (结果 | 维持 in a narrow column): every piece of text
        after the break goes to the cell of the same column before it. True when all found one."""
        pieces = []
        for box, text, *_ in first_row:
            if not text:
                continue
            cell = next((c for c in head if c.at and "box" in c.at and abs(c.at["box"][0] - box[0]) <= 2.0
                         and abs(c.at["box"][2] - box[2]) <= 2.0), None)
            if cell is None or _ROW_START.match(text) or "".join(text.split()) in _active_row_labels():
                return False  # a row's label (行政处罚 after 信息内容 | 本年处理决定数量): a row, not the header's rest
            if not any(ch.isalpha() for ch in text):
                return False  # no word: a blank written as a mark (－, /, —), a row of values
            pieces.append((cell, text))
        if not pieces:
            return False
        for cell, text in pieces:
            cell.text += text
        return True

    def _spanning_cell_above(self, box) -> Cell | None:
        """The cell spanning several rows of this table, on the page before, in the column of `box`."""
        for row in reversed(self.doc.rows[-40:]):
            if row.table != self.table:
                break
            for cell in row.cells:
                at = cell.at or {}
                if cell.rowspan > 1 and "box" in at and abs(at["box"][0] - box[0]) <= 2.0 and cell.text:
                    return cell
        return None

    def starts_paragraph(self, b: Block, first_on_page: bool) -> bool:
        prev = self.prev_line
        if prev is None or not self.para:
            return True
        size = b.size or 10.0
        if _HEADING.match(b.text) or _HEADING.match(prev.text) and prev.box[2] < (self.right or 0) - 2 * size:
            return True
        if self.left is not None and b.box[0] > self.left + 0.8 * size:
            return True  # indented first line
        if self.right is not None and prev.box[2] < self.right - 1.5 * size:
            return True  # the previous line stopped short: end of its paragraph
        if not first_on_page and b.box[1] - prev.box[3] > 1.6 * max(size, prev.size):
            return True
        if abs(b.size - prev.size) > 0.25 * max(b.size, prev.size, 1):
            return True
        return False


def _table_picture(images, chars, page_area: float) -> bool:
    """A large picture with (almost) no text layer over it: a scanned or pasted table."""
    for x0, top, x1, bottom in images:
        if (x1 - x0) * (bottom - top) < 0.15 * page_area:
            continue
        inside = sum(1 for c in chars if c.text.strip() and x0 <= c.cx <= x1 and top <= c.cy <= bottom)
        if inside < 10:
            return True
    return False


# --- entry point -----------------------------------------------------------------------------


def open_pdf(data: bytes, doc: Document):
    """The pypdfium2 document, or None with a problem recorded."""
    import pypdfium2 as pdfium

    bomb = check_streams(data)
    if bomb:
        unreadable(doc, bomb)
        return None
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            unreadable(doc, "PDF 已加密（需要密码），无法读取")
        elif "security" in msg:
            unreadable(doc, "PDF 使用了不支持的加密方式，无法读取")
        else:
            unreadable(doc, "PDF 文件已损坏或格式不正确，无法读取")
        return None
    except Exception:  # noqa: BLE001 - a reader never raises on bad input
        unreadable(doc, "PDF 文件已损坏或格式不正确，无法读取")
        return None


def read(data: bytes, source: Source) -> Document:
    doc = Document(source)
    try:
        return _read(data, doc)
    except Exception as e:  # noqa: BLE001 - a reader never raises on bad input
        return unreadable(doc, f"读取 PDF 时出错：{type(e).__name__}")


def _read(data: bytes, doc: Document) -> Document:
    import pypdfium2.raw as raw

    pdf = open_pdf(data, doc)
    if pdf is None:
        return doc
    try:
        title = pdf.get_metadata_value("Title") if hasattr(pdf, "get_metadata_value") else ""
    except Exception:  # noqa: BLE001
        title = ""
    if title:
        doc.header["title"] = title
    npages = len(pdf)
    if npages == 0:
        return unreadable(doc, "PDF 没有任何页面")
    if npages > MAX_PAGES:
        return unreadable(doc, f"PDF 共 {npages} 页，超过 {MAX_PAGES} 页上限，未读取（年度报告通常只有几页）")
    deadline = time.monotonic() + TIME_BUDGET_S
    builder = DocumentBuilder(doc)
    scanned: list[int] = []
    for index in range(npages):
        if time.monotonic() > deadline:
            return unreadable(doc, f"读取 PDF 超时（{TIME_BUDGET_S:.0f} 秒），只读取了前 {index} 页")
        page = pdf[index]
        try:
            pg = _Page(page, page.raw)
            edges = _page_edges(pg, raw, deadline)
            if edges is None:
                return unreadable(doc, f"PDF 第 {index + 1} 页对象过多（或读取超时），已停止读取", {"page": index + 1})
            hedges, vedges, images = edges
            textpage = page.get_textpage()
            chars = _page_chars(pg, textpage, raw)
            textpage.close()
            if chars is None:
                return unreadable(doc, f"PDF 第 {index + 1} 页字符过多（超过 {MAX_CHARS_PER_PAGE} 个），已停止读取", {"page": index + 1})
            visible = sum(1 for c in chars if c.text.strip())
            image_area = sum((b[2] - b[0]) * (b[3] - b[1]) for b in images)
            garbled = sum(1 for c in chars if c.text == "\ufffd" or 0xE000 <= ord(c.text) <= 0xF8FF)
            # No text layer (a scan), one whose fonts map to no Unicode (private-use codes), or a
            # text page whose table is pasted in as a picture: read what the page shows instead.
            if (visible < 20 and image_area > 0.3 * pg.width * pg.height) or (visible >= 20 and garbled > 0.3 * visible) \
                    or _table_picture(images, chars, pg.width * pg.height):
                from . import ocr
                if not ocr.available():
                    return unreadable(doc, f"PDF 第 {index + 1} 页是扫描图像，{ocr.NEEDS_OCR}", {"page": index + 1})
                if len(scanned) >= ocr.MAX_PAGES:
                    return unreadable(doc, f"扫描页超过 {ocr.MAX_PAGES} 页上限，只识别了前 {ocr.MAX_PAGES} 页", {"page": index + 1})
                scanned.append(index + 1)
                builder.flush()
                started = time.monotonic()
                ocr_blocks, problems = ocr.read_pdf_page(page, index + 1, pg.width, pg.height, deadline_extra=ocr.PAGE_BUDGET_S)
                deadline += time.monotonic() - started  # OCR pages have their own budget
                doc.problems.extend(problems)
                builder.page(index + 1, ocr_blocks)
                continue
            builder.page(index + 1, layout_page(chars, hedges, vedges, pg.width, pg.height))
        finally:
            page.close()
    builder.flush()
    pdf.close()
    if scanned:
        doc.header["ocr_pages"] = ",".join(map(str, scanned))
    if not doc.rows and not doc.problems:
        unreadable(doc, "PDF 中没有可读取的文字")
    return doc
