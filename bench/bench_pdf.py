"""Pages per second of the document readers on one core: PDF text layer, OCR, DOCX.

    .venv/bin/python bench/bench_pdf.py              # text layer x20 rounds, OCR of the 001 scan once
    .venv/bin/python bench/bench_pdf.py -r 50 --ocr-pages 2 --json out.json

Text layer: gongkai.readers.read_bytes on tests/data/corpus/raw/001_huaian-hongze-qu-2023.pdf
(5 pages, ruled tables) and on a synthetic 40-page PDF of ruled tables; OCR: the same reader on the
001 scan (200 dpi, image-only), --ocr-pages pages (its 5 pages in turn), after one warm-up page
(model load), per wall-clock second and per CPU second (the recognizer uses one thread).
Peak memory is ru_maxrss of this process. The machine is shared: run it when it is quiet, and
read the figures as a lower bound when the load average is high.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import resource
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.readers import read_bytes  # noqa: E402

RAW = ROOT / "tests" / "data" / "corpus" / "raw"


def synthetic_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages, each a ruled 25x8 table of numbers with a paragraph above it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from readers_doc.pdfmaker import build_pdf, ruled_table, stream

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for p in range(pages):
        rows = [[f"Row {r} of page {p}"] + [str((r * 7 + c * 13 + p) % 1000) for c in range(7)] for r in range(25)]
        content = b"BT /F1 11 Tf 60 800 Td (Paragraph text above the table on this page.) Tj ET\n"
        content += ruled_table(rows, top=80, col_w=(150,) + (45,) * 7, row_h=24)
        objects.append(stream(content))
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, content_id))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return build_pdf(objects)


def pages_per_second(data: bytes, name: str, pages: int, rounds: int) -> float:
    read_bytes(data, name)  # warm-up (imports)
    t = time.perf_counter()
    for _ in range(rounds):
        doc = read_bytes(data, name)
        assert not doc.problems, doc.problems
    return pages * rounds / (time.perf_counter() - t)


def ocr_pages_per_second(pages: int) -> tuple[float, float]:
    """(pages per wall-clock second, pages per CPU second of this process): the recognizer runs
    one thread, so the second is pages per second per core, and holds when the machine is busy."""
    import cv2
    import pypdfium2 as pdfium

    from gongkai.readers import ocr

    cv2.setNumThreads(1)  # one core: OpenCV's own pool would blur the per-core figure

    pdf = pdfium.PdfDocument((RAW / "001_huaian-hongze-qu-2023-scan.pdf").read_bytes())
    ocr.read_pdf_page(pdf[4], 5, 595, 842)  # warm-up: model load
    t, cpu = time.perf_counter(), time.process_time()
    for i in range(pages):
        blocks, problems = ocr.read_pdf_page(pdf[i % len(pdf)], i % len(pdf) + 1, 595, 842)
        assert blocks and not problems
    return pages / (time.perf_counter() - t), pages / (time.process_time() - cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-r", "--rounds", type=int, default=20)
    ap.add_argument("--ocr-pages", type=int, default=5)
    ap.add_argument("--json")
    a = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    out = {"load_average": os.getloadavg()[0]}
    real = (RAW / "001_huaian-hongze-qu-2023.pdf").read_bytes()
    out["text_layer_001_pages_per_s"] = round(pages_per_second(real, "001.pdf", 5, a.rounds), 1)
    synth = synthetic_pdf(40)
    out["text_layer_synthetic_pages_per_s"] = round(pages_per_second(synth, "synth.pdf", 40, max(1, a.rounds // 5)), 1)
    docx = (RAW / "051_shanghai-szfbgt-2019.docx").read_bytes()
    t = time.perf_counter()
    for _ in range(a.rounds):
        read_bytes(docx, "051.docx")
    out["docx_files_per_s"] = round(a.rounds / (time.perf_counter() - t), 1)
    if a.ocr_pages:
        wall, cpu = ocr_pages_per_second(a.ocr_pages)
        out["ocr_pages_per_s"] = round(wall, 3)
        out["ocr_pages_per_cpu_s"] = round(cpu, 3)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    for k, v in out.items():
        print(f"{k:36s} {v}")
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
