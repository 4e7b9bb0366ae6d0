"""OCR of scanned pages and images: ruling lines give the table grid, RapidOCR reads each cell.

The page image is deskewed (projection profiles), its ruling lines are found with morphology and
turned into the same edges the text-layer reader uses (pdf.find_grids), and the lines are erased.
Each table cell is cut into text lines by its ink profile and every line is recognized by the
PP-OCR recognition model that rapidocr-onnxruntime ships (no text detector is run: the grid and the
profiles are cheaper and never merge neighbouring cells). Text outside tables is cut into lines
the same way.

Speed (about 0.75 CPU s a page on the 001 scan, was 2.8): cell lines that may be numbers are
read at the recognizer's 48-pixel height, prose and long labels at 32 (half the cost, same words);
short crops are packed into strips run one at a time; a crop whose ink matches one already
queued takes its reading; the model's activation chains are folded (fused_model).

Digits: the CTC output is decoded here, so a numeric cell's confidence is the probability of the
digit it reads, with look-alikes (O/o/〇 -> 0, l/I/| -> 1, S -> 5, B -> 8 ...) counted as that
digit. A numeric cell always carries at["ocr_confidence"]; when a second digit is plausible it
also carries at["alternatives"]. The extractor treats confidence < 0.8 as not certain.
"""
from __future__ import annotations

import io
import threading
import time

from ..document import Document, Problem, Source
from . import pdf as pdfmod

DPI = 200
MIN_REC_WIDTH = 320  # the recognizer was trained on 48x320 inputs, narrower ones read worse
PAGE_BUDGET_S = 60.0
MAX_IMAGE_PIXELS = 60_000_000
MAX_IMAGE_FRAMES = 50
MAX_PAGES = 100  # scanned pages OCR'd in one PDF
MAX_RENDER_PIXELS = 16_000_000  # about A3 at 200 dpi
MAX_SIDE = 4000  # images larger than this (about A4 at 340 dpi) are scaled down first

# Look-alikes read in a numeric cell, as the digit they stand for.
DIGIT_LOOKALIKES = {
    "O": "0", "o": "0", "〇": "0", "○": "0", "Q": "0", "D": "0", "０": "0",
    "l": "1", "L": "1", "I": "1", "|": "1", "i": "1", "！": "1", "!": "1", "１": "1", "丨": "1",
    "Z": "2", "z": "2", "２": "2", "３": "3", "４": "4", "S": "5", "s": "5", "５": "5",
    "b": "6", "６": "6", "７": "7", "B": "8", "８": "8", "g": "9", "q": "9", "９": "9",
    "，": ",", "。": ".", "．": ".", "、": ".",
}

NEEDS_OCR = "识别扫描件需要 OCR 组件（pip install 'gongkai[ocr]'，即 rapidocr-onnxruntime）"


def available() -> bool:
    """True when the recognizer and its image libraries are installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy"))


_lock = threading.Lock()
_engine = None


def engine():
    """(run function, character list) of the PP-OCR recognizer shipped in rapidocr-onnxruntime.

    One thread per session: the machine is shared, and onnxruntime's spinning thread pool is
    much slower than one thread when cores are busy. Loaded once, never downloaded."""
    global _engine
    with _lock:
        if _engine is None:
            from pathlib import Path

            import onnxruntime as ort
            import rapidocr_onnxruntime

            model = Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.log_severity_level = 3
            session = ort.InferenceSession(fused_model(model), sess_options=opts, providers=["CPUExecutionProvider"])
            chars = session.get_modelmeta().custom_metadata_map["character"].splitlines()
            chars = ["blank"] + chars + [" "]
            name = session.get_inputs()[0].name
            _engine = (lambda arr: session.run(None, {name: arr}), chars)
        return _engine


def fused_model(path):
    """The recognizer with its elementwise chains folded away (bytes), or its path without `onnx`.

    The PP-OCRv4 export spells every activation out: Conv -> Mul(a) -> Add(b) (a learnable
    affine) -> x * Clip(x + 3, 0, 6) / 6 (hard-swish). The affine is folded into the
    convolution's weights and bias, and hard-swish becomes x * HardSigmoid(x): the same function
    (outputs agree to 1e-6), about a fifth less time on one core."""
    try:
        import numpy as np
        import onnx
        from onnx import helper, numpy_helper
    except ImportError:
        return str(path)
    model = onnx.load(str(path))
    g = model.graph
    values = {n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in g.node if n.op_type == "Constant"}
    values.update({i.name: numpy_helper.to_array(i) for i in g.initializer})
    users: dict = {}
    for n in g.node:
        for x in n.input:
            users.setdefault(x, []).append(n)

    def only_user(name, op):
        u = users.get(name, [])
        return u[0] if len(u) == 1 and u[0].op_type == op else None

    def scalar(node):
        """(constant scalar operand, the other operand) of a binary node, or (None, None)."""
        k = [i for i, x in enumerate(node.input) if x in values]
        if len(node.input) != 2 or len(k) != 1 or values[node.input[k[0]]].size != 1:
            return None, None
        return float(values[node.input[k[0]]].ravel()[0]), node.input[1 - k[0]]

    def put(name, array):
        """A new initializer, also known to later folds."""
        values[name] = array.astype(np.float32)
        g.initializer.append(numpy_helper.from_array(values[name], name))
        return name

    removed, replaced = set(), {}
    for n in g.node:
        if n.op_type == "Conv" and len(n.input) >= 2 and n.input[1] in values:
            mul = only_user(n.output[0], "Mul")
            add = mul and only_user(mul.output[0], "Add")
            if not add or n.output[0] in (o.name for o in g.output):
                continue
            a, _ = scalar(mul)
            b, _ = scalar(add)
            if a is None or b is None:
                continue
            w = values[n.input[1]]
            bias = values[n.input[2]] if len(n.input) > 2 else np.zeros(w.shape[0], np.float32)
            weights, bias = put(n.output[0] + ".w", w * a), put(n.output[0] + ".b", bias * a + b)
            del n.input[1:]
            n.input.extend([weights, bias])
            n.output[0] = add.output[0]
            removed.update([id(mul), id(add)])
        elif n.op_type == "Add":
            three, x = scalar(n)
            clip = three == 3.0 and only_user(n.output[0], "Clip")
            mul = clip and only_user(clip.output[0], "Mul")
            div = mul and only_user(mul.output[0], "Div")
            if not div or set(mul.input) != {x, clip.output[0]} or scalar(div)[0] != 6.0:
                continue
            if len(clip.input) != 3 or [float(values.get(v, np.nan)) for v in clip.input[1:]] != [0.0, 6.0]:
                continue
            gate = div.output[0] + ".gate"
            replaced[id(div)] = [helper.make_node("HardSigmoid", [x], [gate], alpha=1 / 6, beta=0.5),
                                 helper.make_node("Mul", [x, gate], [div.output[0]])]
            removed.update([id(n), id(clip), id(mul)])
            # The next affine (Mul(c) -> Add(d)) into the next convolution: c scales its weights;
            # d goes into its bias when it pads nothing (a padded border would see d, not 0).
            scale = only_user(div.output[0], "Mul")
            shift = scale and only_user(scale.output[0], "Add")
            conv = shift and only_user(shift.output[0], "Conv")
            if not conv or conv.input[0] != shift.output[0] or conv.input[1] not in values:
                continue
            c, _ = scalar(scale)
            d, _ = scalar(shift)
            pads = [a for a in conv.attribute if a.name in ("pads", "auto_pad")]
            if c is None or d is None or c == 0 or any(a.name == "auto_pad" and a.s not in (b"", b"NOTSET") for a in pads):
                continue
            w = values[conv.input[1]]
            bias = values[conv.input[2]] if len(conv.input) > 2 else np.zeros(w.shape[0], np.float32)
            unpadded = all(a.name != "pads" or not any(a.ints) for a in pads)
            if unpadded:
                bias = bias + d * w.sum(axis=(1, 2, 3))
                conv.input[0] = div.output[0]
                removed.update([id(scale), id(shift)])
            else:  # c * x + d = c * (x + d / c)
                shift.input[:] = [div.output[0], put(shift.output[0] + ".d", np.array(d / c))]
                removed.add(id(scale))
            weights, bias = put(conv.output[0] + ".cw", w * c), put(conv.output[0] + ".cb", bias)
            del conv.input[1:]
            conv.input.extend([weights, bias])
    nodes = []
    for n in g.node:
        if id(n) not in removed:
            nodes.extend(replaced.get(id(n), [n]))
    used = {x for n in nodes for x in n.input} | {o.name for o in g.output}
    nodes = [n for n in nodes if n.op_type != "Constant" or n.output[0] in used]
    del g.node[:]
    g.node.extend(nodes)
    kept = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(kept)
    return model.SerializeToString()


# --- image geometry --------------------------------------------------------------------------


def deskew(gray):
    """The image rotated so text lines are horizontal (search ±6° on a small copy)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    scale = 800.0 / max(h, w)
    small = cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    best, best_score = 0.0, -1.0
    center = (small.shape[1] / 2, small.shape[0] / 2)
    for angle in np.arange(-6.0, 6.01, 0.25):
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rot = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        prof = rot.sum(axis=1)
        score = float((prof * prof).sum())
        if score > best_score:
            best, best_score = float(angle), score
    for angle in np.arange(best - 0.25, best + 0.26, 0.05):  # refine
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rot = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        prof = rot.sum(axis=1)
        score = float((prof * prof).sum())
        if score > best_score:
            best, best_score = float(angle), score
    if abs(best) < 0.05:
        return gray, 0.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), best, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), best


def ruling_lines(ink, dpi: int):
    """(h_edges, v_edges, line_mask) in pixels: long thin runs of ink found by morphology."""
    import cv2
    import numpy as np

    h, w = ink.shape
    hlen = max(int(dpi * 0.45), 20)  # longer than any character stroke
    vlen = max(int(dpi * 12 / 72), 12)
    hmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    vmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    hedges, vedges = [], []
    thick = max(3, dpi // 25)
    for mask, out, horizontal in ((hmask, hedges, True), (vmask, vedges, False)):
        n, _, stats, _ = components(mask)
        for x, y, bw, bh, area in stats[1:n]:
            if horizontal and bw >= hlen and bh <= thick * 3:
                out.append((y + bh / 2, x, x + bw))
            elif not horizontal and bh >= vlen and bw <= thick * 3:
                out.append((x + bw / 2, y, y + bh))
    tol = max(6, dpi // 25)
    # In a table whose cells have borders of their own (cellspacing), a rule is pieces, one per cell:
    # a narrow column's or a one-line row's piece is shorter than any line a character stroke could
    # be mistaken for. Such a piece is taken only where it continues a rule already found, on its
    # line and touching its end.
    _continue_rules(ink, hmask, hedges, hlen, thick, tol, dpi, horizontal=True)
    _continue_rules(ink, vmask, vedges, vlen, thick, tol, dpi, horizontal=False)

    def column_rules(hedges):
        """A long stroke of a big bold character is no ruling line: a ruling line ends on another
        line (short ones at both ends)."""
        def touches(x, y):
            return any(a - tol <= x <= b + tol and abs(hy - y) <= tol for hy, a, b in hedges)

        def crossings(x, top, bottom):
            return sum(1 for hy, a, b in hedges if a - tol <= x <= b + tol and top + tol < hy < bottom - tol)

        kept = []
        for x, top, bottom in vedges:
            ends = touches(x, top) + touches(x, bottom)
            # A table cut by a page break has its top or bottom rule on another page: its columns'
            # rules end on nothing there, but cross the rules of the rows between.
            if ends == 2 or (ends == 1 and bottom - top > dpi * 30 / 72) or crossings(x, top, bottom) >= 2:
                kept.append((x, top, bottom))
        return kept

    # Underlines out: text right above a line that stays inside one cell (it neither crosses a
    # column rule nor ends on column rules at both ends). Other lines are left out of the text (a
    # double border's upper line is no text over the lower one).
    text_ink = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.bitwise_or(hmask, vmask)))
    kept = column_rules(hedges)
    rules = [e for e in hedges if not (_underline(text_ink, e) and _inside_one_cell(e, kept))]
    if len(rules) < len(hedges):  # column rules that ended on an underline end on nothing now
        hedges = rules
        kept = column_rules(hedges)
    for x, top, bottom in set(vedges).difference(kept):
        vmask[int(top):int(bottom) + 1, max(int(x) - thick * 2, 0):int(x) + thick * 2 + 1] = 0
    mask = cv2.dilate(cv2.bitwise_or(hmask, vmask), np.ones((3, 3), np.uint8))
    return hedges, kept, mask


def _continue_rules(ink, mask, edges: list, length: int, thick: int, tol: int, dpi: int, horizontal: bool) -> None:
    """Add to `edges` (and `mask`) the short straight pieces of ink that continue a rule of `edges`
    end to end, piece after piece (see ruling_lines)."""
    import cv2

    if not edges:
        return
    short = max(int(dpi * 5 / 72), 8)
    kernel = (short, 1) if horizontal else (1, short)
    smask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    n, _, stats, _ = components(smask)
    pieces = []
    for x, y, bw, bh, _ in stats[1:n]:
        run, across = (bw, bh) if horizontal else (bh, bw)
        if short <= run < length and across <= thick * 3:
            pieces.append((x, y, bw, bh))
    while pieces:
        left = []
        for x, y, bw, bh in pieces:
            pos, a, b = (y + bh / 2, x, x + bw) if horizontal else (x + bw / 2, y, y + bh)
            if any(abs(pos - p) <= tol and (abs(a - end) <= tol or abs(b - start) <= tol) for p, start, end in edges):
                edges.append((pos, a, b))
                mask[y:y + bh, x:x + bw] |= smask[y:y + bh, x:x + bw]
            else:
                left.append((x, y, bw, bh))
        if len(left) == len(pieces):
            break
        pieces = left


def _underline(text_ink, edge) -> bool:
    """A horizontal line right under text along much of its length: a link's or an emphasis's
    underline (it touches the glyphs), not a table rule (the cell's padding keeps text off it).
    text_ink: the page's ink without its ruling lines."""
    y, a, b = edge
    top = int(round(y)) - 2  # the line's own stroke is about 2-3 px thick at 200 dpi
    band = text_ink[max(top - 4, 0):max(top - 1, 0), int(a):int(b) + 1]
    return band.size > 0 and band.any(axis=0).mean() > 0.25


def _inside_one_cell(edge, vedges) -> bool:
    """A horizontal line that crosses no column rule and does not end on one at each end."""
    y, a, b = edge
    at_y = [x for x, top, bottom in vedges if top - 3 <= y <= bottom + 3]
    if any(a + 3 < x < b - 3 for x in at_y):
        return False
    return not (any(abs(x - a) <= 3 for x in at_y) and any(abs(x - b) <= 3 for x in at_y))


def components(mask):
    """cv2.connectedComponentsWithStats (8-connected) with 16-bit labels when they cannot
    overflow (fewer runs of ink than 65535): three times faster on a page than 32-bit ones."""
    import cv2
    import numpy as np

    runs = np.count_nonzero(mask[:, 1:] > mask[:, :-1]) + np.count_nonzero(mask[:, 0])
    return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U if runs < 65535 else cv2.CV_32S)


def drop_specks(ink, min_area: int = 5):
    """The ink image without tiny isolated dots (scan noise); thin strokes survive."""
    import cv2
    import numpy as np

    n, labels, stats, _ = components(ink)
    small = np.nonzero(stats[:, cv2.CC_STAT_AREA] < min_area)[0]
    if len(small) <= 1:
        return ink
    keep = np.ones(n, dtype=np.uint8)
    keep[small] = 0
    keep[0] = 0
    return (keep[labels] * 255).astype(np.uint8)


def text_bands(ink, min_gap: int = 2):
    """Row ranges [a, b) of the ink image that hold text lines."""
    import numpy as np

    bands = [list(r) for r in _runs(ink.sum(axis=1) > 0, min_gap, trim_end=False)]
    # Specks and the dots of 、 or 。 form thin bands: fold them into the nearest band.
    merged = []
    for b in bands:
        if merged and (b[1] - b[0] < 6 or merged[-1][1] - merged[-1][0] < 6) and b[0] - merged[-1][1] < 8:
            merged[-1][1] = b[1]
        else:
            merged.append(b)
    return [b for b in merged if b[1] - b[0] >= 4 and np.count_nonzero(ink[b[0]:b[1]]) >= 12]


def cell_lines(ink):
    """Text lines of a cell; a tall narrow run (text set vertically, one character per line
    with little leading) is cut into its characters."""
    import numpy as np

    out = []
    for a, b in text_bands(ink):
        cols = np.nonzero(ink[a:b].sum(axis=0))[0]
        width = (cols[-1] - cols[0] + 1) if len(cols) else 0
        if width and b - a > 1.6 * width:
            out.extend([a + s, a + e] for s, e in text_bands(ink[a:b], min_gap=1))
        else:
            out.append([a, b])
    return out


def split_segments(ink_band, gap: int):
    """Column ranges of one text line, split where blank runs are at least `gap` wide."""
    return _runs(ink_band.sum(axis=0) > 0, gap, trim_end=True)


def _runs(profile, gap: int, trim_end: bool) -> list[tuple[int, int]]:
    """[start, end) ranges where `profile` is on, split by at least `gap` off positions in a row.
    trim_end: a run still open at the end stops at its last on position, not at the end."""
    runs, start, blank = [], None, 0
    for i, on in enumerate(profile):
        if on:
            if start is None:
                start = i
            blank = 0
        elif start is not None:
            blank += 1
            if blank >= gap:
                runs.append((start, i - blank + 1))
                start, blank = None, 0
    if start is not None:
        runs.append((start, len(profile) - (blank if trim_end else 0)))
    return runs


def chunks(ink_band, start: int, end: int, max_width: int):
    """[start, end) cut at blank columns into pieces at most about max_width wide.

    The recognizer's cost grows faster than linearly with width: short pieces are cheaper."""
    import numpy as np

    if end - start <= max_width:
        return [(start, end)]
    blank = np.nonzero(ink_band[:, start:end].sum(axis=0) == 0)[0] + start
    out, s = [], start
    while end - s > max_width:
        target = s + max_width * 0.8
        cand = blank[(blank > s + max_width * 0.4) & (blank < s + max_width)]
        if len(cand) == 0:
            cut = s + max_width  # no gap: cut anyway (rare in Chinese text)
        else:
            cut = int(cand[np.argmin(np.abs(cand - target))])
        out.append((s, cut))
        s = cut
    out.append((s, end))
    return out


# --- recognition -----------------------------------------------------------------------------


def recognize(crops, height: int = 48):
    """[(text, per-char [(char, prob row)], mean conf)] for gray line crops.

    Short crops (a cell's number, a short label) are packed side by side into strips with white
    gaps between them and recognized together; the CTC time step of each character tells which
    crop it belongs to. One 640-pixel strip costs about what two lone 320-pixel crops cost, and
    holds up to ten numbers."""
    import cv2
    import numpy as np

    if not crops:
        return []
    session, chars = engine()
    prepared = []
    for img in crops:
        h, w = img.shape
        # Margins like the detector's unclipped boxes: a lone tight digit looks like 。 to it.
        pv, ph = max(2, int(h * 0.12)), max(3, int(h * 0.25))
        img = cv2.copyMakeBorder(img, pv, pv, ph, ph, cv2.BORDER_CONSTANT, value=255)
        h, w = img.shape
        nw = max(8, int(round(height * w / h)))
        img = cv2.resize(img, (nw, height), interpolation=cv2.INTER_AREA if h > height else cv2.INTER_LINEAR)
        prepared.append(img)
    # A crop that looks like one already queued (a table's many 0 cells) takes its reading.
    twins, seen = {}, {}
    for i, img in enumerate(prepared):
        for j in seen.get(img.shape, ()):
            if same_image(img, prepared[j]):
                twins[i] = j
                break
        else:
            seen.setdefault(img.shape, []).append(i)
    # Pack into strips: [(crop index, x offset)], widest crops alone.
    order = sorted((i for i in range(len(prepared)) if i not in twins), key=lambda i: prepared[i].shape[1])
    strips, current, x = [], [], 0
    for i in order:
        w = prepared[i].shape[1]
        if current and x + STRIP_GAP + w > STRIP_WIDTH:
            strips.append((current, x))
            current, x = [], 0
        if current:
            x += STRIP_GAP
        current.append((i, x))
        x += w
    if current:
        strips.append((current, x))
    results = [("", [], 0.0)] * len(prepared)
    strips.sort(key=lambda s: s[1])
    batch = BATCH
    for b in range(0, len(strips), batch):
        group = strips[b:b + batch]
        width = max(max(wid for _, wid in group), MIN_REC_WIDTH * height // 48)
        width = (width + 7) // 8 * 8
        arr = np.zeros((len(group), 3, height, width), dtype=np.float32)  # zero = mid grey, as trained
        for k, (members, wid) in enumerate(group):
            if len(members) > 1:
                arr[k, :, :, :wid] = 1.0  # white paper between packed crops
            for i, off in members:
                img = prepared[i].astype(np.float32) / 127.5 - 1.0
                arr[k, :, :, off:off + img.shape[1]] = img
        preds = session(arr)[0]
        for k, (members, wid) in enumerate(group):
            steps = preds[k].shape[0]
            emitted = _decode_steps(preds[k], chars)
            for i, off in members:
                x0, x1 = off, off + prepared[i].shape[1]
                mine = [(ch, row) for ch, row, t in emitted if x0 <= (t + 0.5) * width / steps < x1 and ch != " " or
                        (ch == " " and x0 <= (t + 0.5) * width / steps < x1 and len(members) == 1)]
                text = "".join(ch for ch, _ in mine).strip()
                conf = float(np.mean([row.max() for _, row in mine])) if mine else 0.0
                results[i] = (text, mine, conf)
    for i, j in twins.items():
        results[i] = results[j]
    return results


TWIN_DIFFERENCE = 24  # grey levels


def same_image(a, b) -> bool:
    """True when two prepared crops differ nowhere by more than scan noise: the mean absolute
    difference over every 5x5 window stays under TWIN_DIFFERENCE.

    On the 001 scan two readings of the same text differ by 8-40 (edges moved by a pixel), two
    different texts (3 and 0, 审结 and 维持) by 108 or more; one extra stroke or dot of a digit
    at 48 pixels (4-5 pixels wide, ~200 levels darker) comes to 150 or more."""
    import cv2
    import numpy as np

    diff = cv2.absdiff(a, b).astype(np.float32)
    return float(cv2.blur(diff, (5, 5), borderType=cv2.BORDER_CONSTANT).max()) < TWIN_DIFFERENCE


STRIP_WIDTH = 640
STRIP_GAP = 16
# One strip per run: a batch is padded to its widest strip, and on one core onnxruntime reads a
# lone 48x640 strip about a third faster per column than a batch of sixteen.
BATCH = 1
# Input heights: numbers at the 48 pixels the recognizer was trained on; prose and long labels
# (read for words, not digits) at 32, which costs about half and reads the same on the corpus.
CELL_H = 48
PROSE_H = 32
LABEL_ASPECT = 6  # a cell line wider than this many heights is a label (11+ digits are rare)


def _decode_steps(probs, chars):
    """Greedy CTC decode: [(char, probability row at its peak, time step)]."""
    best = probs.argmax(axis=1)
    out, prev = [], 0
    for t, c in enumerate(best):
        if c != 0 and c != prev and c < len(chars):
            out.append([chars[c], probs[t], t])
        elif c != 0 and c == prev and out and probs[t][c] > out[-1][1][c]:
            out[-1][1] = probs[t]
        prev = c
    return out


def _digit_indices(chars):
    """For each digit, the class indices that read as it (the digit and its look-alikes)."""
    groups: dict[str, list[int]] = {}
    for i, ch in enumerate(chars):
        d = ch if ch in "0123456789" else DIGIT_LOOKALIKES.get(ch)
        if d and d in "0123456789":
            groups.setdefault(d, []).append(i)
    return groups


_digit_groups = None


def numeric_reading(pieces):
    """(normalized numeric text, confidence, alternatives) or None if the cell is not a number.

    pieces: decoded lines [(text, chars, conf)]."""
    import re

    global _digit_groups
    text = "".join(p[0] for p in pieces).replace(" ", "")
    norm = "".join(DIGIT_LOOKALIKES.get(ch, ch) for ch in text)
    if not norm or not re.fullmatch(r"[-+]?\d[\d,.]*%?", norm) or not any(ch.isdigit() for ch in text + norm):
        return None
    if _digit_groups is None:
        _digit_groups = _digit_indices(engine()[1])
    conf = 1.0
    alternatives = []
    position = 0
    for _, emitted, _ in pieces:
        for ch, row in emitted:
            if ch == " ":
                continue
            d = DIGIT_LOOKALIKES.get(ch, ch)
            if d in _digit_groups:
                scores = {k: float(row[v].sum()) for k, v in _digit_groups.items()}
                p = scores[d]
                conf = min(conf, p)
                for k, s in sorted(scores.items(), key=lambda kv: -kv[1]):
                    if k != d and s >= 0.05:
                        alternatives.append(norm[:position] + k + norm[position + 1:])
            else:
                conf = min(conf, float(row.max()))
            position += 1
    return norm, conf, alternatives[:4]


# --- page reading ----------------------------------------------------------------------------


def read_gray(gray, page_no: int, dpi: int, deadline: float):
    """Blocks (pdf.Block) of one page image, and problems."""
    import cv2
    import numpy as np

    problems = []
    gray, angle = deskew(gray)
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    hpx, vpx, line_mask = ruling_lines(binary, dpi)
    ink = cv2.bitwise_and(binary, cv2.bitwise_not(line_mask))
    ink = drop_specks(ink)
    clean = gray.copy()
    clean[line_mask > 0] = 255
    k = 72.0 / dpi
    grids = pdfmod.find_grids([(y * k, a * k, b * k) for y, a, b in hpx], [(x * k, a * k, b * k) for x, a, b in vpx], tol=6.0)
    height_pt = gray.shape[0] * k
    # Every recognizable line crop of the page, then one batched recognition.
    jobs = []  # (owner, band box in px)
    covered = np.zeros(gray.shape, dtype=bool)
    for gi, g in enumerate(grids):
        x0, t0, x1, b0 = (int(v / k) for v in g.box)
        covered[max(t0 - 3, 0):b0 + 3, max(x0 - 3, 0):x1 + 3] = True
        for ci, cell in enumerate(g.cells):
            cx0, ct, cx1, cb = (int(round(v / k)) for v in cell.box)
            m = 4
            sub = ink[ct + m:cb - m, cx0 + m:cx1 - m]
            if sub.size == 0:
                continue
            for a, b in cell_lines(sub):
                cols = np.nonzero(sub[a:b].sum(axis=0))[0]
                if len(cols) == 0:
                    continue
                box = (cx0 + m + cols[0], ct + m + a, cx0 + m + cols[-1] + 1, ct + m + b)
                jobs.append(((gi, ci), box))
    loose = ink.copy()
    loose[covered] = 0
    for a, b in text_bands(loose, min_gap=3):
        band = loose[a:b]
        for s, e in split_segments(band, gap=max(int((b - a) * 2.5), 20)):
            for cs, ce in chunks(band, s, e, max_width=(b - a) * 9):
                jobs.append((None, (cs, a, ce, b)))
    if time.monotonic() > deadline:
        problems.append(Problem("source.unreadable", f"第 {page_no} 页识别超时，已跳过", {"page": page_no}))
        return [], problems
    crops = [clean[t:b, x0:x1] for _, (x0, t, x1, b) in jobs]
    numeric = [owner is not None and c.shape[1] <= LABEL_ASPECT * c.shape[0] for (owner, _), c in zip(jobs, crops)]
    results = [None] * len(jobs)
    for want, height in ((True, CELL_H), (False, PROSE_H)):
        idx = [i for i, n in enumerate(numeric) if n is want]
        for i, res in zip(idx, recognize([crops[i] for i in idx], height)):
            results[i] = res
    # A long cell line that turns out to be a number (11+ digits) is read again at full height:
    # its digits and their confidence come from the 48-pixel reading.
    again = [i for i, n in enumerate(numeric) if not n and jobs[i][0] is not None and numeric_reading([results[i]])]
    for i, res in zip(again, recognize([crops[i] for i in again], CELL_H)):
        results[i] = res
    cell_pieces: dict = {}
    loose_chars = []
    inked = {owner for owner, _ in jobs if owner is not None}
    for (owner, (x0, t, x1, b)), res in zip(jobs, results):
        text, emitted, conf = res
        if not text.strip():
            continue
        if owner is None:
            loose_chars.append(pdfmod.Char(text, x0 * k, t * k, x1 * k, b * k))
        else:
            cell_pieces.setdefault(owner, []).append((t, res, (x0, t, x1, b)))
    blocks = []
    for gi, g in enumerate(grids):
        rows = []
        readings = {}
        for ci, cell in enumerate(g.cells):
            found = sorted(cell_pieces.get((gi, ci), []), key=lambda p: p[0])
            pieces = [r for _, r, _ in found]
            if not pieces and (gi, ci) in inked:
                # ink the recognizer could not read: not a blank cell, an unreadable one
                readings[id(cell)] = ("", {"ocr_confidence": 0.0, "ocr_unreadable": True})
            else:
                readings[id(cell)] = _cell_reading(pieces, lambda: sum(glyph_count(ink, box) for _, _, box in found))
        for row in pdfmod.grid_rows(g, lambda c: readings[id(c)][0]):
            rows.append([(cell.box, text, cell.colspan, cell.rowspan, readings[id(cell)][1]) for cell, text in row])
        if rows:
            blocks.append(pdfmod.Block(g.box[1], "table", rows=rows, box=g.box))
    for line in pdfmod.group_lines(loose_chars):
        text = pdfmod.line_text(line)
        box = (min(c.x0 for c in line), min(c.top for c in line), max(c.x1 for c in line), max(c.bottom for c in line))
        if (box[1] > height_pt * 0.9 or box[3] < height_pt * 0.08) and pdfmod._PAGE_NUMBER.fullmatch(text):
            continue
        blocks.append(pdfmod.Block(box[1], "line", text=text, box=box, size=box[3] - box[1]))
    blocks.sort(key=lambda b: b.top)
    return blocks, problems


def glyph_count(ink, box) -> int:
    """Characters in a line crop of the ink image: connected components at least half as tall
    as the line (a digit is one component; '.', ',' and specks are small)."""
    import cv2

    x0, top, x1, bottom = box
    sub = ink[top:bottom, x0:x1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    if n <= 1:
        return 0
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    return int((heights >= 0.5 * heights.max()).sum())


def _cell_reading(pieces, glyphs=None):
    """(text, extra provenance) of one table cell from its recognized lines.

    glyphs: a function giving the number of characters the cell's ink shows; a numeric reading
    with a different number of digits (a digit dropped or doubled by the recognizer) is not
    certain whatever the recognizer's confidence."""
    if not pieces:
        return "", {"ocr_confidence": 1.0}
    num = numeric_reading(pieces)
    if num is not None:
        text, conf, alts = num
        if glyphs is not None:
            digits = sum(ch.isdigit() for ch in text)
            shown = glyphs()
            if shown != digits:
                conf = min(conf, 0.5)
        extra = {"ocr_confidence": round(conf, 3)}
        if alts:
            extra["alternatives"] = alts
        return text, extra
    text = pdfmod.join_lines([pdfmod.clean_text(p[0]) for p in pieces])
    conf = min(p[2] for p in pieces)
    return text, {"ocr_confidence": round(conf, 3)}


def read_pdf_page(page, page_no: int, width: float, height: float, deadline_extra: float = PAGE_BUDGET_S):
    """OCR one pypdfium2 page: (blocks, problems)."""
    try:
        # Bounded memory: a page with an absurd media box is rendered at a lower resolution.
        scale = min(DPI / 72, (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5)
        if scale < 60 / 72:
            return [], [Problem("source.unreadable", f"第 {page_no} 页尺寸异常，无法识别", {"page": page_no})]
        bitmap = page.render(scale=scale, grayscale=True)
        gray = bitmap.to_numpy()
        if gray.ndim == 3:
            gray = gray[:, :, 0]
        return read_gray(gray.copy(), page_no, int(round(scale * 72)), time.monotonic() + deadline_extra)
    except Exception as e:  # noqa: BLE001 - one bad page is a problem, not a crash
        return [], [Problem("source.unreadable", f"第 {page_no} 页无法识别（{type(e).__name__}）", {"page": page_no})]


def read(data: bytes, source: Source) -> Document:
    """An image file (PNG, JPEG, TIFF; multi-page TIFF page by page)."""
    doc = Document(source)
    if not available():
        return pdfmod.unreadable(doc, f"这是图像文件，{NEEDS_OCR}")
    try:
        from PIL import ImageOps

        img = open_image(data)
        if img is None:
            return pdfmod.unreadable(doc, "图像尺寸过大，未读取")
        frames = getattr(img, "n_frames", 1)
        if frames > MAX_IMAGE_FRAMES:
            return pdfmod.unreadable(doc, f"图像共 {frames} 帧，超过 {MAX_IMAGE_FRAMES} 帧上限，未读取")
        builder = pdfmod.DocumentBuilder(doc)
        for f in range(frames):
            img.seek(f)
            frame = ImageOps.exif_transpose(img) if f == 0 else img
            read_frame = frame_blocks(frame, f + 1)
            if read_frame is None:
                return pdfmod.unreadable(doc, "图像尺寸过大，未读取")
            blocks, problems = read_frame
            doc.problems.extend(problems)
            builder.page(f + 1, blocks)
        builder.flush()
    except Exception as e:  # noqa: BLE001 - a reader never raises on bad input
        return pdfmod.unreadable(doc, f"图像文件无法读取（{type(e).__name__}），可能已损坏")
    if not doc.rows and not doc.problems:
        pdfmod.unreadable(doc, "图像中没有识别出文字")
    return doc


def open_image(data: bytes):
    """A PIL image, opened lazily (its size is known before it is decoded); None when PIL refuses it
    as a decompression bomb. Other bad data raises, as Image.open does."""
    import warnings

    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            return None


def frame_blocks(frame, page_no: int, dpi: int | None = None):
    """(blocks, problems) of one image (a PIL frame) read as page `page_no`, in points at `dpi` (the
    image's own, or guessed, when None); None when the image is too large to read."""
    import numpy as np

    if frame.width * frame.height > MAX_IMAGE_PIXELS:
        return None
    if dpi is None:
        dpi = frame.info.get("dpi", (0, 0))[0] or 0
        dpi = int(dpi) if 100 <= dpi <= 600 else _guess_dpi(frame.width, frame.height)
    gray_img = frame.convert("L")
    if max(gray_img.size) > MAX_SIDE:
        factor = MAX_SIDE / max(gray_img.size)
        gray_img = gray_img.resize((max(1, int(gray_img.width * factor)), max(1, int(gray_img.height * factor))))
        dpi = max(60, int(dpi * factor))
    return read_gray(np.asarray(gray_img).copy(), page_no, dpi, time.monotonic() + PAGE_BUDGET_S)


def _guess_dpi(width: int, height: int) -> int:
    """An A4 page scan: its dpi from its size; otherwise assume 200."""
    long_side = max(width, height)
    if long_side > 1000:
        return max(100, min(600, int(round(long_side / 11.69))))
    return 200
