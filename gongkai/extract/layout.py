"""Where the template's rows are in a document: each table's row labels found in the stream
(labels.yaml), the tables' regions, and the format they are printed in.
"""
from __future__ import annotations

from bisect import bisect_right
from difflib import SequenceMatcher
from dataclasses import dataclass, field
import re

from . import labels
from .evidence import Stream, group_words
from .normalize import Normalized
from .solve import OTHER_SPLIT

REQUEST_ROWS = ("new", "carried_in", "granted", "partial", "denied_state_secret", "denied_prohibited",
                "denied_security", "denied_third_party", "denied_internal", "denied_process",
                "denied_enforcement_file", "denied_query", "unable_not_held", "unable_needs_creation",
                "unable_unclear", "unprocessed_petition", "unprocessed_duplicate", "unprocessed_publication",
                "unprocessed_excessive", "unprocessed_confirmation", "other", "other_no_correction",
                "other_no_fee", "other_other", "total", "carried_out")
ACTIVE_ROWS = ("regulations", "normative_documents", "licensing", "other_services", "penalty", "coercion",
               "fees", "procurement")
_REVIEW_HEADING = re.compile(r"行政法?复议[.和及与]?(?:提起)?行政诉讼")
SECTION_FIVE = re.compile(r"五\.(?:[^.]{0,16}问题|[^.]{0,6}改进)|六\.其他需要报告")


@dataclass
class Found:
    start: int  # stream offsets of the label
    end: int


@dataclass
class Layout:
    active: dict[str, Found] = field(default_factory=dict)
    requests: dict[str, Found] = field(default_factory=dict)
    review: Found | None = None  # the end of table 3's header
    active_region: tuple[int, int] | None = None
    requests_region: tuple[int, int] | None = None
    review_end: int = 0
    review_by_heading: bool = False  # table 3 found by its heading only (no run of header words)
    format_votes: dict[str, int] = field(default_factory=dict)


def _align_rows(norm: Normalized, table: str, rows: tuple[str, ...], start: int, end: int) -> dict[str, tuple[int, int]]:
    """Find the template rows in order between normalised positions start and end.

    A row whose label is not found, or is found only after the label of one of the next two rows,
    is absent (a missing row must not swallow the next row's label)."""
    text = norm.text
    found: dict[str, tuple[int, int]] = {}
    cur = start
    for i, row in enumerate(rows):
        m = labels.row_matcher(table, row).search(text, cur, end)
        if not m:
            continue
        ahead = rows[i + 1:i + 3]
        if ahead and labels.cores_pattern(table, ahead).search(text, cur, m[0]) is not None and \
                any(labels.row_matcher(table, nxt).search(text, cur, m[0]) for nxt in ahead):
            continue
        found[row] = m
        cur = m[1]
    return found


def _between_rows(found: dict[str, tuple[int, int]], i: int, end: int | None) -> tuple[int, int] | None:
    """Where table-2 row REQUEST_ROWS[i], not found, can stand: between the rows found before and
    after it. (六)其他处理, a group's label, is no bound: it may be printed beside the middle of its
    rows. The first rows, before any found, are looked for a little way before the next (where a
    header stands, not the narrative). After the last found row, up to `end` (None: not looked for)."""
    before = next((found[p] for p in reversed(REQUEST_ROWS[:i]) if p in found and p != "other"), None)
    after = next((found[n] for n in REQUEST_ROWS[i + 1:] if n in found), None)
    if after is None and (before is None or end is None):
        return None
    lo = before[1] if before is not None else max(0, after[0] - 300)
    return lo, (after[0] if after is not None else end)


def _misread_labels(norm: Normalized, found: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Table-2 rows the exact search missed whose long label stands, a character or two misread
    (OCR: 逾期 read 邀期), right between the rows found before and after it. Only labels of twelve
    characters or more, and only a near-perfect likeness: a short label is too easily like another."""
    text = norm.text
    out = {}
    for i, r in enumerate(REQUEST_ROWS):
        if r in found:
            continue
        window = _between_rows(found, i, None)
        if window is None or window[1] - window[0] > 400:
            continue
        lo, hi = window
        best = (0.0, 0, 0, None, "")
        for core, numbering in labels.row_matcher("requests", r).literals:
            if len(core) < 12:
                continue
            # where a misread label can be: a piece of six characters of it, read right
            starts = set()
            for k in range(0, len(core) - 5, 6):
                at = text.find(core[k:k + 6], lo, hi)
                if at >= 0:
                    starts.add(max(at - k, lo))
            matcher = SequenceMatcher(None, b=core, autojunk=False)
            for start in starts:
                matcher.set_seq1(text[start:min(start + len(core), hi)])
                ratio = matcher.ratio()
                if ratio > best[0]:
                    # the label is where its characters matched: a label read a character short does
                    # not take the first digit of its values with it
                    blocks = [(a, size) for a, _, size in matcher.get_matching_blocks() if size]
                    best = (ratio, start + blocks[0][0], start + blocks[-1][0] + blocks[-1][1], numbering, core)
        ratio, start, end, numbering, core = best
        # a digit the label has not is a value printed inside a wrapped label (…重新出具 4 / 已获取信息), no
        # misreading; its numbering printed inside it is (申请人无正当理由逾 / 1. / 期不补正…)
        if ratio >= 0.9 and _digits(text[start:end]) <= _digits(core):
            before_it = numbering.search(text, max(start - 4, 0), start) if numbering else None  # "2."
            out[r] = (before_it.start() if before_it else start, end)
    return out


def _digits(text: str) -> int:
    """How many digits text holds beside its numberings (1.)."""
    return sum(c.isdigit() for c in _NUMBERING_IN.sub("", text))


_NUMBERING_IN = re.compile(r"\d{1,2}\.(?!\d)")
# The values of a row in the normalised text (white space removed): digits, and the marks a blank
# or a thousands separator is written with
_VALUES_RUN = re.compile(r"[0-9.,/-]*[0-9][0-9.,/-]*")
_WRAP_MIN_HEAD = 5  # characters of a label before its values: enough to tell it from any other label
_WRAP_MIN_HEAD_NUMBERED = 2  # or fewer, after its numbering


def _wrapped_labels(norm: Normalized, found: dict[str, tuple[int, int]], end: int) -> dict[str, tuple[int, int]]:
    """Table-2 rows whose label was printed in two pieces with the row's values between them, as a
    PDF's text is copied out of a narrow label column (5.要求行政机关确认或重新 0 0 0 0 0 0 0 / 出具已获取信息):
    the head of a label variant, right after it the values, right after them the rest of the label,
    between the rows found before and after. The label is its head (the rest is words after values)."""
    text = norm.text
    out: dict[str, tuple[int, int]] = {}
    for i, r in enumerate(REQUEST_ROWS):
        if r in found:
            continue
        window = _between_rows({**found, **out}, i, end)
        if window is None or window[1] - window[0] > 600:
            continue
        lo, hi = window
        hit = None
        for core, numbering in labels.row_matcher("requests", r).literals:
            # a numbered label's head may be short (四.结转下 / 年度继续办理): its numbering tells it
            least = _WRAP_MIN_HEAD_NUMBERED if numbering is not None else _WRAP_MIN_HEAD
            if len(core) < least + 2:
                continue
            at = text.find(core[:least], lo, hi)
            while at >= 0 and hit is None:
                k = least  # the head is as long as the text agrees with the label
                while k < len(core) - 1 and at + k < hi and text[at + k] == core[k]:
                    k += 1
                values = _VALUES_RUN.match(text, at + k, hi)
                if values is None:  # a piece of the group label over the row printed in between?
                    k, values = _past_group_piece(text, core, at, k, hi)
                if values is not None and len(core) - k >= 2 and _rest_follows(text, core[k:], values.end(), hi):
                    numbered = numbering.search(text, max(at - 4, lo), at) if numbering else None
                    if numbered is not None or (numbering is None or k >= _WRAP_MIN_HEAD):
                        hit = (numbered.start() if numbered else at, at + k)
                at = text.find(core[:least], at + 1, hi)
            if hit is not None:
                out[r] = hit
                break
    return out


_GROUP_PIECE_MAX = 4  # characters of a group label's line: （六）其他处理 wraps as （六）其 / 他处理
_PIECE_MIN_AFTER = 2  # characters of the label after the group's piece, before the values


def _past_group_piece(text: str, core: str, at: int, k: int, hi: int) -> tuple[int, re.Match | None]:
    """(k, values) where the label's head `core[:k]` at `at` is followed by a line of the group label
    beside it (…收费通知 / 他处理 / 要求缴纳费用、行政机关不 0 0 0 / 再处理其…: the narrow group column
    wraps between the row label's lines), then more of the label and the row's values; `k` grown by
    the label after the piece. (k, None) where it is not so."""
    words = group_words()
    for size in range(_GROUP_PIECE_MAX, 1, -1):
        piece = text[at + k:at + k + size]
        if len(piece) < size or not any(piece in word for word in words):
            continue
        j = at + k + size
        more = 0
        while k + more < len(core) - 1 and j + more < hi and text[j + more] == core[k + more]:
            more += 1
        if more >= _PIECE_MIN_AFTER:
            values = _VALUES_RUN.match(text, j + more, hi)
            if values is not None:
                return k + more, values
    return k, None


# What a page break puts between a row's values and the rest of its label: a page number (- 3 -,
# 第3页共8页, 3/8), words (the table's header printed again) and a running head, whose only figure
# is the report's year: never a value.
_PAGE_MARK = re.compile(r"第\d+页(?:/?共\d+页)?|-\d+-|\d+/\d+|\d+页|(?:19|20)\d\d年")
_REST_AFTER_BREAK_MIN = 3  # characters of a label's rest found past a page break: "信息" alone is too common


def _rest_follows(text: str, rest: str, at: int, hi: int) -> bool:
    """The rest of a wrapped label stands at `at`, or further on before `hi` past what a page break
    prints (digits only in page numbers: the values all stand before it)."""
    if text.startswith(rest, at):
        return at + len(rest) <= hi
    if len(rest) < _REST_AFTER_BREAK_MIN:
        return False
    found = text.find(rest, at, hi)
    return found >= 0 and not any(c.isdigit() for c in _PAGE_MARK.sub("", text[at:found]))


def _table_rows_out_of_order(stream: Stream, found: dict[str, tuple[int, int]], start: int, end: int) -> dict:
    """Table-1 rows the in-order search missed that sit, once, as the first cell of a table row with
    values (a converter printed 规章 | 0 | 0 | 0 after the 行政事业性收费 line). Table-1 rows have no
    relations to each other, so a row read out of order is as good as one in order."""
    norm = stream.norm
    taken = list(found.values())
    out = {}
    for r in ACTIVE_ROWS:
        if r in found:
            continue
        matcher, hits, pos = labels.row_matcher("active", r), [], start
        while len(hits) < 2:
            m = matcher.search(norm.text, pos, end)
            if m is None:
                break
            if not any(x < m[1] and m[0] < y for x, y in taken):
                hits.append(m)
            pos = m[1]
        if len(hits) != 1:
            continue
        src = norm.to_source(hits[0][0])
        cell = bisect_right(stream.cell_starts, src) - 1
        ri = stream.cell_rows[cell]
        row = stream.doc.rows[ri]
        first_cell = stream.row_last[ri] - len(row.cells) + 1
        if row.delimited and len(row.cells) >= 2 and cell == first_cell and \
                all(stream.value_like(j) for j in range(first_cell + 1, stream.row_last[ri] + 1)):
            out[r] = hits[0]
            taken.append(hits[0])
    return out


# A label quoted in a sentence of the narrative: 本年新收政府信息公开申请62件，上年结转2件…
# (or in words: 予以公开五件)
_IN_A_SENTENCE = re.compile(r"[ \u3000]*(?:数量)?[ \u3000]*(?:为|共|达|合计)?[ \u3000]*(?:[0-9０-９]+|[一二两三四五六七八九十百零〇]+)"
                            r"[ \u3000]*(?:件|个|条|项|余|多|次|人)")


_SECTION_THREE = re.compile(r"三\.(?:[^.]{0,8}收到和处理|[^.]{0,4}依申请)")


def _section_start(text: str, lo: int, hi: int) -> int:
    """Where table 2's section begins between lo and hi (its heading), else hi."""
    m = _SECTION_THREE.search(text, lo, hi)
    return m.start() if m else hi


def _review_header_run(text: str, lo: int, hi: int) -> re.Match | None:
    """The first long run of table 3's header words between lo and hi (结果维持 … 尚未审结 …)."""
    for h in labels.review_header().finditer(text, lo, hi):
        if h.end() - h.start() >= 12 and ("维持" in h.group() or "审结" in h.group()):
            return h
    return None


def _first_row_label(stream: Stream, row: str, numbered: bool = False) -> tuple[int, int] | None:
    """The first match of a table-2 row's label that is no figure of the narrative. A report that
    says 本年新收政府信息公开申请62件 in section 一 has the label before its table; a sentence has the
    count and its unit in the same cell right after the label. If every match is such, the first.
    numbered: the first with its numbering ((一)予以公开), if any has it (a sentence says 均予以公开)."""
    norm, matcher = stream.norm, labels.row_matcher("requests", row)
    first = m = matcher.search(norm.text)
    plain = None
    while m is not None:
        end = norm.end_to_source(m[1])
        if not _IN_A_SENTENCE.match(stream.text, end):
            if not numbered or norm.text[m[0]] == "(":
                return m
            plain = plain or m
        m = matcher.search(norm.text, m[1])
    return plain or first


def align(stream: Stream) -> Layout:
    norm = stream.norm
    text = norm.text
    lay = Layout()
    to_src = norm.to_source
    # Table 2 first: its first rows are the most distinctive labels of the report.
    t2_start = None
    m = _first_row_label(stream, "new")
    if m is None:  # the first row's label misread or wrapped: the next rows' tell where the table is
        m = _first_row_label(stream, "carried_in")
    if m is None:
        m = _first_row_label(stream, "granted", numbered=True)
    if m is not None:
        t2_start = m[0]
    # Table 3's header: the first long run of header words after table 2 starts.
    review_hdr = _review_header_run(text, t2_start or 0, len(text))
    if review_hdr is None and t2_start is not None:
        # No run of header words (a converter wrote them a character per line): the section's heading,
        # or the table's top header, names both kinds of case
        review_hdr = _REVIEW_HEADING.search(text, t2_start)
        lay.review_by_heading = review_hdr is not None
    review_first = False  # an agency's own order: table 3 before table 2 (sections 二、四、三)
    if review_hdr is None and t2_start is not None:
        review_hdr = _review_header_run(text, 0, t2_start)
        review_first = review_hdr is not None
    if review_first:
        five = SECTION_FIVE.search(text, t2_start)
        t2_end = five.start() if five else len(text)
    else:
        t2_end = review_hdr.start() if review_hdr else len(text)
    if t2_start is not None:
        rows = _align_rows(norm, "requests", REQUEST_ROWS, t2_start, t2_end)
        misread = _misread_labels(norm, rows)
        misread.update(_wrapped_labels(norm, {**rows, **misread}, t2_end))
        if misread:
            rows = dict(sorted({**rows, **misread}.items(), key=lambda kv: kv[1][0]))
        lay.requests = {r: Found(to_src(a), norm.end_to_source(b)) for r, (a, b) in rows.items()}
        t2_start = min([t2_start, *(a for a, _ in rows.values())])
        lay.requests_region = (to_src(t2_start), to_src(t2_end))
    # Table 1: from its first anchor before table 2.
    a = labels.anchor_pattern("active").search(text, 0, t2_start if t2_start is not None else len(text))
    if review_first and a is not None and review_hdr.start() < a.start():
        a = None  # table 1 stands after table 3: not this order
    if a is not None:
        t1_end = t2_start if t2_start is not None else (review_hdr.start() if review_hdr else len(text))
        if review_first:
            t1_end = review_hdr.start()
        rows = _align_rows(norm, "active", ACTIVE_ROWS, a.start(), t1_end)
        rows.update(_table_rows_out_of_order(stream, rows, a.start(), t1_end))
        lay.active = {r: Found(to_src(x), norm.end_to_source(y)) for r, (x, y) in rows.items()}
        lay.active_region = (to_src(a.start()), to_src(t1_end))
        for fmt, rx in labels.format_signals().items():
            lay.format_votes[fmt] = len(rx.findall(text, a.start(), t1_end))
    if review_hdr is not None:
        lay.review = Found(to_src(review_hdr.start()), norm.end_to_source(review_hdr.end()))
        five = SECTION_FIVE.search(text, review_hdr.end())
        if review_first:  # up to table 2's section
            lay.review_end = to_src(_section_start(text, review_hdr.end(), t2_start))
        else:
            lay.review_end = to_src(five.start()) if five else len(stream.text)
    return lay


def detect_format(lay: Layout, year: int | None) -> str | None:
    v21, v19 = lay.format_votes.get("2021", 0), lay.format_votes.get("2019", 0)
    if "other_services" in lay.active or "procurement" in lay.active:
        v19 += 2
    if v21 != v19:
        return "2021" if v21 > v19 else "2019"
    split = any(r in lay.requests for r in OTHER_SPLIT)
    if lay.requests:
        return "2021" if split else ("2019" if "other" in lay.requests else None)
    if not lay.active and lay.review is None:
        return None  # no table at all: no layout to name (the year does not make one up)
    if year:
        return "2021" if year >= 2021 else "2019"
    return None
