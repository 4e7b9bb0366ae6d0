"""A PDF written out as OFD (GB/T 33190), as PDF-to-OFD converters write it: for OFD reader tests.

    pdf_to_ofd(pdf_bytes, style="runs") -> bytes

Each page's text becomes TextObjects: one per run of characters on one baseline in one font size
(style "runs": Boundary around the run, TextCode X/Y inside it, DeltaX the advances, repeated ones
compressed as "g N v"), or one per character (style "chars", as some converters do), or runs placed
by a scaling CTM with sizes in points (style "ctm"). Ruling lines (as readers.pdf finds them) become
stroked PathObjects, each "M 0 0 L w h" inside its Boundary. Millimetres throughout, A4 or whatever
the PDF's page size is; the table's lines go on a template page (drawn under every page) in the
"template" style, as letterheads are; style "scan" draws each page as a 200 dpi grey JPEG image (a
scanned OFD: no text, one ImageObject a page, its file listed in DocumentRes.xml).
"""
from __future__ import annotations

import ctypes
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

MM = 25.4 / 72  # millimetres per point
NS = "http://www.ofdspec.org/2016"


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _deltas(values: list[float]) -> str:
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and abs(values[j] - values[i]) < 1e-3:
            j += 1
        if j - i >= 3:
            out += ["g", str(j - i), _fmt(values[i])]
        else:
            out += [_fmt(v) for v in values[i:j]]
        i = j
    return " ".join(out)


def _page_runs(page, pdf_page_height: float) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """Runs of (char, x, baseline y) in millimetres from the top-left, with their font size (mm)."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    tp = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    l, r, b, t = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
    runs: list = []
    for i in range(textpage.count_chars()):
        u = raw.FPDFText_GetUnicode(tp, i)
        if u in (0, 10, 13, 0xFFFE, 0xFFFF) or raw.FPDFText_IsGenerated(tp, i):
            continue
        if not raw.FPDFText_GetCharOrigin(tp, i, x, y):
            continue
        # the size as drawn (the font's ascent to descent); FPDFText_GetFontSize ignores the text matrix
        if not raw.FPDFText_GetLooseCharBox(tp, i, rect) or not raw.FPDFText_GetCharBox(tp, i, l, r, b, t):
            continue
        size = rect.top - rect.bottom
        if size > 3 * max(t.value - b.value, r.value - l.value, 1.0) + 2:  # an absurd loose box (vertical fonts)
            size = max(t.value - b.value, r.value - l.value)
        size = round(size * MM, 2)
        cx, cy = x.value * MM, (pdf_page_height - y.value) * MM
        last = runs[-1] if runs else None
        if last and abs(last[0] - size) < 0.01 and abs(last[1][-1][2] - cy) < 0.05 and cx > last[1][-1][1]:
            last[1].append((chr(u), cx, cy))
        else:
            runs.append((size, [(chr(u), cx, cy)]))
    textpage.close()
    return runs


def _text_objects(runs, style: str, ids) -> list[str]:
    out = []
    for size, chars in runs:
        groups = [[c] for c in chars] if style == "chars" else [chars]
        for group in groups:
            x0, base = group[0][1], group[0][2]
            top = base - size
            advances = [b[1] - a[1] for a, b in zip(group, group[1:])]
            width = (group[-1][1] - x0) + size
            text = escape("".join(c[0] for c in group))
            if style == "ctm":  # sizes in points, the object scaled to millimetres by its CTM
                attrs = (f'Boundary="{_fmt(x0)} {_fmt(top)} {_fmt(width)} {_fmt(size * 1.2)}" '
                         f'CTM="{_fmt(MM)} 0 0 {_fmt(MM)} 0 0" Size="{_fmt(size / MM)}"')
                code = (f'<ofd:TextCode X="0" Y="{_fmt(size / MM)}"'
                        + (f' DeltaX="{_deltas([a / MM for a in advances])}"' if advances else "") + f">{text}</ofd:TextCode>")
            else:
                attrs = f'Boundary="{_fmt(x0)} {_fmt(top)} {_fmt(width)} {_fmt(size * 1.2)}" Size="{_fmt(size)}"'
                code = (f'<ofd:TextCode X="0" Y="{_fmt(size)}"'
                        + (f' DeltaX="{_deltas(advances)}"' if advances else "") + f">{text}</ofd:TextCode>")
            out.append(f'<ofd:TextObject ID="{next(ids)}" Font="2" {attrs}><ofd:FillColor Value="0 0 0"/>{code}</ofd:TextObject>')
    return out


def _path_objects(hedges, vedges, ids) -> list[str]:
    out = []
    for y, x0, x1 in hedges:
        out.append(f'<ofd:PathObject ID="{next(ids)}" Boundary="{_fmt(x0 * MM)} {_fmt(y * MM)} {_fmt((x1 - x0) * MM)} 0.5" '
                   f'LineWidth="0.25"><ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 L '
                   f'{_fmt((x1 - x0) * MM)} 0</ofd:AbbreviatedData></ofd:PathObject>')
    for x, y0, y1 in vedges:
        out.append(f'<ofd:PathObject ID="{next(ids)}" Boundary="{_fmt(x * MM)} {_fmt(y0 * MM)} 0.5 {_fmt((y1 - y0) * MM)}" '
                   f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L 0 {_fmt((y1 - y0) * MM)}</ofd:AbbreviatedData>'
                   f'</ofd:PathObject>')
    return out


def _content(objects: list[str], layer_id: int) -> str:
    return f'<ofd:Content><ofd:Layer ID="{layer_id}">{"".join(objects)}</ofd:Layer></ofd:Content>'


def pdf_to_ofd(pdf_bytes: bytes, style: str = "runs", title: str = "") -> bytes:
    import itertools

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from ..readers.pdf import _Page, _page_edges

    ids = itertools.count(10)
    pdf = pdfium.PdfDocument(pdf_bytes)
    files: dict[str, str | bytes] = {}
    media: list[str] = []
    page_refs, template_refs = [], []
    width = height = 0.0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            pg = _Page(page, page.raw)
            width, height = pg.width * MM, pg.height * MM
            if style == "scan":  # the page as a picture: a grey JPEG at 200 dpi, drawn over the whole page
                image = io.BytesIO()
                page.render(scale=200 / 72, grayscale=True).to_pil().convert("L").save(image, "JPEG", quality=80)
                page.close()
                rid = next(ids)
                files[f"Doc_0/Res/image_{rid}.jpg"] = image.getvalue()
                media.append(f'<ofd:MultiMedia ID="{rid}" Type="Image" Format="JPEG"><ofd:MediaFile>image_{rid}.jpg'
                             '</ofd:MediaFile></ofd:MultiMedia>')
                texts, paths = [f'<ofd:ImageObject ID="{next(ids)}" Boundary="0 0 {_fmt(width)} {_fmt(height)}" '
                                f'CTM="{_fmt(width)} 0 0 {_fmt(height)} 0 0" ResourceID="{rid}"/>'], []
            else:
                hedges, vedges, _ = _page_edges(pg, raw, float("inf"))
                runs = _page_runs(page, pg.mb[3])
                page.close()
                texts = _text_objects(runs, "chars" if style == "chars" else "ctm" if style == "ctm" else "runs", ids)
                paths = _path_objects(hedges, vedges, ids)
            use_template = ""
            if style == "template":
                tid = next(ids)
                files[f"Doc_0/Tpls/Tpl_{index}/Content.xml"] = (
                    f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{_content(paths, next(ids))}</ofd:Page>')
                template_refs.append(f'<ofd:TemplatePage ID="{tid}" BaseLoc="Tpls/Tpl_{index}/Content.xml"/>')
                use_template = f'<ofd:Template TemplateID="{tid}" ZOrder="Background"/>'
                paths = []
            files[f"Doc_0/Pages/Page_{index}/Content.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{use_template}'
                f'<ofd:Area><ofd:PhysicalBox>0 0 {_fmt(width)} {_fmt(height)}</ofd:PhysicalBox></ofd:Area>'
                f'{_content(paths + texts, next(ids))}</ofd:Page>')
            page_refs.append(f'<ofd:Page ID="{next(ids)}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
    finally:
        pdf.close()
    files["Doc_0/PublicRes.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                    '<ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    files["Doc_0/DocumentRes.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                      f'<ofd:MultiMedias>{"".join(media)}</ofd:MultiMedias></ofd:Res>')
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{next(ids)}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {_fmt(width)} {_fmt(height)}'
        f'</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>{"".join(template_refs)}'
        f'</ofd:CommonData><ofd:Pages>{"".join(page_refs)}</ofd:Pages></ofd:Document>')
    info = f"<ofd:Title>{escape(title)}</ofd:Title>" if title else ""
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType={quoteattr("OFD")}>'
        f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID>{info}<ofd:Creator>gongkai.synth</ofd:Creator></ofd:DocInfo>'
        f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["OFD.xml"] + sorted(n for n in files if n != "OFD.xml"):
            content = files[name]
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)),
                       content.encode("utf-8") if isinstance(content, str) else content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
