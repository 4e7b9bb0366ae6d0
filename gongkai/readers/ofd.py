"""OFD files (GB/T 33190, China's fixed-layout format) -> Document, read as the PDF reader reads a page.

Government sites publish official documents as OFD beside or instead of PDF. An OFD is a ZIP of XML:
OFD.xml names each document's Document.xml (DocBody/DocRoot), which lists its pages (Pages/Page,
BaseLoc: the page's Content.xml), page templates and the default page area. A page's content is
layers of objects, each placed by its Boundary (x y w h, millimetres, on the page) and CTM:

- TextObject: its TextCode runs give each character's position (X, Y of the first character's
  baseline; DeltaX the advances to the next ones, "g 3 3.175" repeating 3.175 three times); a run
  without X or Y takes the previous run's. Characters become boxes from the font size;
- PathObject: AbbreviatedData (M/S move, L line, Q/B/A curves, C close), stroked unless Stroke="false":
  straight strokes and thin filled rectangles are the ruling lines of tables;
- PageBlock groups objects; template pages drawn under a page are read with it;
- ImageObject: a page whose text is a picture of the page (a scan) is read by OCR (readers.ocr) from
  the image its ResourceID names (MultiMedia in DocumentRes/PublicRes), placed where the page draws it.

Characters and ruling lines go through the PDF reader's page layout (tables from ruling lines, aligned
columns, paragraphs; readers.pdf), in points, so both formats read alike. The document's title (DocInfo)
is taken only when the page prints it. Nothing is executed or fetched: the XML is parsed without DTDs,
entities or network, and the archive is bounded in entries, sizes and pages.
"""
from __future__ import annotations

import io
import math
import posixpath
import time
import re
import zipfile

from lxml import etree

from ..document import Document, Problem, Source, title_in_body
from .pdf import MAX_CHARS_PER_PAGE, MAX_PAGES, TIME_BUDGET_S, Char, DocumentBuilder, layout_page, path_edges

MM = 72 / 25.4  # points per millimetre: the page layout's thresholds are in points
MAX_ENTRIES = 10_000
MAX_XML_BYTES = 32 * 1024 * 1024  # one XML part, uncompressed
MAX_MEDIA_BYTES = 64 * 1024 * 1024  # one image, compressed (a page scan is a few MB)
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_OBJECTS_PER_PAGE = 60_000
ASCENT, DESCENT = 0.86, 0.14  # of the font size: a character's box around its baseline

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Path operators and how many numbers each takes.
_PATH_ARGS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}


class OfdFormatError(ValueError):
    """The archive is no OFD this reader can read (message in Chinese)."""


def read(data: bytes, source: Source) -> Document:
    doc = Document(source)
    try:
        _read(data, doc)
    except OfdFormatError as e:
        doc.problems.append(Problem("source.unreadable", str(e)))
    except Exception as e:  # noqa: BLE001 - a reader never raises on bad input
        doc.problems.append(Problem("source.unreadable", f"OFD 文件无法读取（{type(e).__name__}），可能已损坏"))
    if not doc.rows and not doc.problems:
        doc.problems.append(Problem("source.unreadable", "OFD 文件中没有可读取的文字"))
    return doc


class _Package:
    """The ZIP's XML parts, read within bounds and parsed safely."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as e:
            raise OfdFormatError("OFD 文件已损坏（不是有效的 ZIP 包），无法读取") from e
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise OfdFormatError(f"OFD 包内文件超过 {MAX_ENTRIES} 个，不像是一份年度报告，未读取")
        self.names = {i.filename.lstrip("/"): i for i in infos}
        self.lower = {name.lower(): name for name in self.names}  # some writers differ in case
        self.read_bytes = 0

    def media(self, name: str) -> bytes | None:
        """A media file's bytes (an image), within the size bounds; None when missing or too large."""
        name = self.lower.get(name.lstrip("/").lower())
        if name is None or self.names[name].file_size > MAX_MEDIA_BYTES:
            return None
        with self.zip.open(self.names[name]) as fh:
            content = fh.read(MAX_MEDIA_BYTES + 1)
        self.read_bytes += len(content)
        if len(content) > MAX_MEDIA_BYTES or self.read_bytes > MAX_TOTAL_BYTES:
            return None
        return content

    def xml(self, name: str):
        name = self.lower.get(name.lstrip("/").lower())
        if name is None:
            return None
        info = self.names[name]
        if info.file_size > MAX_XML_BYTES:
            raise OfdFormatError(f"OFD 包内的 {name} 过大，未读取")
        with self.zip.open(info) as fh:
            content = fh.read(MAX_XML_BYTES + 1)
        self.read_bytes += len(content)
        if len(content) > MAX_XML_BYTES or self.read_bytes > MAX_TOTAL_BYTES:
            raise OfdFormatError("OFD 包解压后过大，未读取")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True, remove_pis=True, recover=True)
        root = etree.fromstring(content, parser)
        if root is None:
            raise OfdFormatError(f"OFD 包内的 {name} 不是有效的 XML，无法读取")
        return root


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c) == name]


def _child(el, name: str):
    return next((c for c in el if _local(c) == name), None)


def _find(el, *path: str):
    for name in path:
        if el is None:
            return None
        el = _child(el, name)
    return el


def _numbers(value: str | None) -> list[float]:
    """The numbers of an attribute, finite ones only (1e999 is no position)."""
    return [v for v in map(float, _NUMBER.findall(value or "")) if math.isfinite(v)]


def _resolve(base_dir: str, loc: str) -> str:
    loc = (loc or "").strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc)
    return posixpath.normpath(path)


def _read(data: bytes, doc: Document) -> None:
    package = _Package(data)
    ofd = package.xml("OFD.xml")
    if ofd is None or _local(ofd) != "OFD":
        raise OfdFormatError("OFD 文件缺少 OFD.xml 入口，无法读取")
    body = _child(ofd, "DocBody")
    root_loc = _find(body, "DocRoot")
    if root_loc is None or not (root_loc.text or "").strip():
        raise OfdFormatError("OFD 文件没有指明文档（DocRoot），无法读取")
    document_path = _resolve("", root_loc.text)
    document = package.xml(document_path)
    if document is None:
        raise OfdFormatError(f"OFD 包内缺少文档 {document_path}，无法读取")
    base = posixpath.dirname(document_path)
    common = _child(document, "CommonData")
    default_box = _numbers(_find(common, "PageArea", "PhysicalBox").text if _find(common, "PageArea", "PhysicalBox") is not None else "")
    templates = {t.get("ID"): _resolve(base, t.get("BaseLoc", "")) for t in _children(common, "TemplatePage")} if common is not None else {}
    pages = _children(_child(document, "Pages"), "Page") if _child(document, "Pages") is not None else []
    if not pages:
        raise OfdFormatError("OFD 文件没有任何页面")
    if len(pages) > MAX_PAGES:
        raise OfdFormatError(f"OFD 共 {len(pages)} 页，超过 {MAX_PAGES} 页上限，未读取（年度报告通常只有几页）")
    media = _media(package, base, common)
    builder = DocumentBuilder(doc)
    scanned: list[int] = []
    template_cache: dict[str, _PageReader] = {}
    deadline = time.monotonic() + TIME_BUDGET_S
    for number, page_ref in enumerate(pages, start=1):
        page_path = _resolve(base, page_ref.get("BaseLoc", ""))
        page = package.xml(page_path)
        if page is None:
            doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页的内容（{page_path}）缺失，未读取",
                                        {"page": number}))
            continue
        box = _numbers(_find(page, "Area", "PhysicalBox").text if _find(page, "Area", "PhysicalBox") is not None else "")
        box = box if len(box) == 4 else default_box if len(default_box) == 4 else [0, 0, 210, 297]
        if time.monotonic() > deadline:
            doc.problems.append(Problem("source.unreadable", f"读取 OFD 超时（{TIME_BUDGET_S:.0f} 秒），只读取了前 "
                                        f"{number - 1} 页", {"page": number}))
            break
        reader = _PageReader(deadline)
        for use in _children(page, "Template"):  # template content (letterhead, rules) with the page
            path = templates.get(use.get("TemplateID"))
            if path and path not in template_cache:  # read once, however many pages use it
                template = package.xml(path)
                template_cache[path] = _PageReader(deadline)
                if template is not None and _child(template, "Content") is not None:
                    template_cache[path].walk(_child(template, "Content"))
            if path:
                reader.add(template_cache[path])
        if _child(page, "Content") is not None:
            reader.walk(_child(page, "Content"))
        if len(reader.chars) > MAX_CHARS_PER_PAGE or reader.objects > MAX_OBJECTS_PER_PAGE or reader.late:
            doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页对象或字符过多（或读取超时），已停止读取",
                                        {"page": number}))
            break
        width, height = (box[2] * MM, box[3] * MM)
        visible = sum(1 for c in reader.chars if c.text.strip())
        picture = max(reader.images, key=lambda im: _area(im[1]), default=None)
        if visible < 20 and picture is not None and _area(picture[1]) > 0.3 * width * height:
            # a scanned page: read what the page shows
            from .ocr import MAX_PAGES as MAX_OCR_PAGES

            if len(scanned) >= MAX_OCR_PAGES:
                doc.problems.append(Problem("source.unreadable", f"扫描页超过 {MAX_OCR_PAGES} 页上限，只识别了前 "
                                            f"{MAX_OCR_PAGES} 页", {"page": number}))
                break
            builder.flush()
            blocks = _ocr_page(package, media, picture, number, doc)
            if blocks is None:
                break
            scanned.append(number)
            builder.page(number, blocks)
            continue
        builder.page(number, layout_page(reader.chars, reader.hedges, reader.vedges, width, height))
    builder.flush()
    if scanned:
        doc.header["ocr_pages"] = ",".join(map(str, scanned))
    title = _find(body, "DocInfo", "Title")
    if title is not None and title.text and title_in_body(doc, title.text.strip()):
        doc.header["title"] = title.text.strip()


class _PageReader:
    """A page's characters and ruling lines, in points from the page's top-left corner."""

    def __init__(self, deadline: float):
        self.chars: list[Char] = []
        self.hedges: list = []
        self.vedges: list = []
        self.images: list[tuple[str, tuple]] = []  # (ResourceID, box in points)
        self.objects = 0
        self.deadline = deadline
        self.late = False  # stopped at the deadline

    def add(self, other: "_PageReader") -> None:
        """What another reader read (a template page under this one)."""
        self.chars += other.chars
        self.hedges += other.hedges
        self.vedges += other.vedges
        self.images += other.images
        self.objects += other.objects
        self.late = self.late or other.late

    def walk(self, content) -> None:
        stack = [(content, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
        while stack:
            el, matrix = stack.pop()
            for child in reversed(el):
                self.objects += 1
                if self.objects > MAX_OBJECTS_PER_PAGE or len(self.chars) > MAX_CHARS_PER_PAGE:
                    return
                if self.objects % 1000 == 0 and time.monotonic() > self.deadline:
                    self.late = True
                    return
                kind = _local(child)
                if kind in ("Layer", "PageBlock"):
                    stack.append((child, matrix))
                elif kind == "TextObject":
                    self.text_object(child, matrix)
                elif kind == "PathObject":
                    self.path_object(child, matrix)
                elif kind == "ImageObject":
                    self.image_object(child, matrix)

    @staticmethod
    def placement(obj, outer) -> tuple[float, ...]:
        """The object's matrix: its CTM, then its Boundary's offset, then the enclosing one."""
        ctm = _numbers(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        boundary = _numbers(obj.get("Boundary"))
        if len(boundary) >= 2:
            e, f = e + boundary[0], f + boundary[1]
        A, B, C, D, E, F = outer
        return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)

    def text_object(self, obj, outer) -> None:
        m = self.placement(obj, outer)
        size = _numbers(obj.get("Size"))
        size = size[0] if size and size[0] > 0 else 3.5
        hscale = _numbers(obj.get("HScale"))
        hscale = hscale[0] if hscale and hscale[0] > 0 else 1.0
        scale = (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5 or 1.0  # the CTM's scale applies to the glyphs
        x = y = 0.0
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            if code.get("X") is not None:
                x = (_numbers(code.get("X")) or [x])[0]
            if code.get("Y") is not None:
                y = (_numbers(code.get("Y")) or [y])[0]
            room = MAX_CHARS_PER_PAGE + 1 - len(self.chars)
            if room <= 0:
                return  # the page's cap (checked by the caller) is passed: read no further
            text = text[:room]
            dx, dy = _deltas(code.get("DeltaX"), len(text)), _deltas(code.get("DeltaY"), len(text))
            cx, cy = x, y
            for i, ch in enumerate(text):
                advance = dx[i] if i < len(dx) else None
                width = size * hscale * (1.0 if ord(ch) > 0x2E80 else 0.5)
                if advance is not None and 0 < advance < width:
                    width = advance  # set tighter than the glyph's nominal width
                px, py = m[0] * cx + m[2] * cy + m[4], m[1] * cx + m[3] * cy + m[5]
                w, s = width * scale, size * scale
                if not ch.isspace() or ch == " ":
                    self.chars.append(Char(" " if ch.isspace() else ch, px * MM, (py - s * ASCENT) * MM,
                                           (px + w) * MM, (py + s * DESCENT) * MM))
                cx += advance if advance is not None else width
                if i < len(dy):
                    cy += dy[i]

    def image_object(self, obj, outer) -> None:
        """An image is drawn on the unit square its CTM scales (no CTM: its Boundary)."""
        if obj.get("CTM") is None:
            boundary = _numbers(obj.get("Boundary"))
            if len(boundary) < 4:
                return
            corners = [(boundary[0], boundary[1]), (boundary[0] + boundary[2], boundary[1] + boundary[3])]
            corners = [(x * outer[0] + y * outer[2] + outer[4], x * outer[1] + y * outer[3] + outer[5]) for x, y in corners]
        else:
            m = self.placement(obj, outer)
            corners = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]) for x, y in ((0, 0), (1, 1))]
        (ax, ay), (bx, by) = corners
        box = (min(ax, bx) * MM, min(ay, by) * MM, max(ax, bx) * MM, max(ay, by) * MM)
        self.images.append((obj.get("ResourceID") or "", box))

    def path_object(self, obj, outer) -> None:
        stroked = (obj.get("Stroke") or "true").strip().lower() != "false"
        filled = (obj.get("Fill") or "false").strip().lower() == "true"
        if stroked and _white(_child(obj, "StrokeColor")):
            stroked = False
        if filled and _white(_child(obj, "FillColor")):
            filled = False
        if not stroked and not filled:
            return
        data = _child(obj, "AbbreviatedData")
        if data is None or not data.text:
            return
        m = self.placement(obj, outer)
        subpaths = _subpaths(data.text, m)
        if subpaths:
            path_edges(subpaths, stroked, self.hedges, self.vedges)


def _area(box) -> float:
    return max(box[2] - box[0], 0) * max(box[3] - box[1], 0)


def _media(package: "_Package", base: str, common) -> dict[str, str]:
    """Multimedia resource ID -> the file's path in the package (from PublicRes and DocumentRes)."""
    out: dict[str, str] = {}
    if common is None:
        return out
    for ref in [c for c in common if _local(c) in ("PublicRes", "DocumentRes")]:
        path = _resolve(base, ref.text or "")
        res = package.xml(path) if ref.text else None
        if res is None:
            continue
        res_dir = _resolve(posixpath.dirname(path), res.get("BaseLoc", ""))
        for group in _children(res, "MultiMedias"):
            for item in _children(group, "MultiMedia"):
                media_file = _child(item, "MediaFile")
                if item.get("ID") and media_file is not None and media_file.text:
                    out[item.get("ID")] = _resolve(res_dir, media_file.text)
    return out


def _ocr_page(package: "_Package", media: dict, picture, number: int, doc: Document):
    """Blocks of a scanned page read from its image by OCR, the image's box placed on the page; [] with
    a problem when it cannot be read, None when reading must stop."""
    from . import ocr

    resource, box = picture
    if not ocr.available():
        doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页是扫描图像，{ocr.NEEDS_OCR}", {"page": number}))
        return None
    data = package.media(media.get(resource, ""))
    try:
        image = ocr.open_image(data) if data else None
    except Exception:  # noqa: BLE001 - a format PIL cannot read (JBIG2 ...): this page, not the file
        doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页的图像格式无法读取，未能识别", {"page": number}))
        return []
    if image is None:
        doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页的图像缺失或过大，无法识别", {"page": number}))
        return []
    dpi = int(round(image.width / max((box[2] - box[0]) / 72, 0.1)))
    try:
        read = ocr.frame_blocks(image, number, max(60, min(dpi, 1200))) if 30 <= dpi <= 2400 else None
    except Exception:  # noqa: BLE001 - a truncated or damaged image: this page, not the file
        doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页的图像已损坏，未能识别", {"page": number}))
        return []
    if read is None:
        doc.problems.append(Problem("source.unreadable", f"OFD 第 {number} 页的图像尺寸异常，无法识别", {"page": number}))
        return []
    blocks, problems = read
    doc.problems.extend(problems)
    return [_shifted(b, box[0], box[1]) for b in blocks]


def _shifted(block, dx: float, dy: float):
    """A page block moved by (dx, dy) points: OCR places it on its image, the image lies on the page."""
    if not dx and not dy:
        return block
    move = lambda b: (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)  # noqa: E731
    block.top += dy
    block.box = move(block.box)
    if block.rows:
        block.rows = [[(move(cell[0]), *cell[1:]) for cell in row] for row in block.rows]
    return block


def _white(color) -> bool:
    """A white or transparent colour (a rule nobody sees)."""
    if color is None:
        return False
    alpha = _numbers(color.get("Alpha"))
    if alpha and alpha[0] == 0:
        return True
    value = _numbers(color.get("Value"))
    return len(value) >= 3 and min(value[:3]) >= 235


def _deltas(value: str | None, limit: int) -> list[float]:
    """DeltaX/DeltaY: numbers, "g N v" meaning N times v; at most `limit` (the run's characters)."""
    if not value:
        return []
    out: list[float] = []
    tokens = value.split()
    i = 0
    try:
        while i < len(tokens) and len(out) < limit:
            if tokens[i] == "g" and i + 2 < len(tokens):
                count, step = float(tokens[i + 1]), float(tokens[i + 2])
                if not (math.isfinite(count) and math.isfinite(step)):
                    break
                out.extend([step] * max(0, min(int(count), limit - len(out))))
                i += 3
                continue
            value = float(tokens[i])
            if not math.isfinite(value):
                break
            out.append(value)
            i += 1
    except ValueError:
        pass  # a word that is no number: the advances end there
    return out


def _subpaths(data: str, m) -> list[list]:
    """AbbreviatedData as subpaths of page points (None for a curve's end, not a ruling line)."""
    tokens = _PATH_TOKEN.findall(data)
    out: list[list] = []
    cur: list = []
    i = 0

    def point(x: float, y: float):
        return ((m[0] * x + m[2] * y + m[4]) * MM, (m[1] * x + m[3] * y + m[5]) * MM)

    while i < len(tokens):
        op = tokens[i]
        i += 1
        if op not in _PATH_ARGS:
            continue  # a stray number: skip it
        n = _PATH_ARGS[op]
        try:
            args = [float(t) for t in tokens[i:i + n]]
        except ValueError:
            break
        if len(args) < n:
            break
        i += n
        if op in ("S", "M"):
            if len(cur) > 1:
                out.append(cur)
            cur = [point(*args)]
        elif op == "L":
            cur.append(point(*args))
        elif op == "C":
            if cur:
                cur.append(cur[0])
        else:  # a curve: its end point, not straight
            cur.append(None)
            cur.append(point(*args[-2:]))
        if len(out) > 5000:
            break
    if len(cur) > 1:
        out.append(cur)
    return out
