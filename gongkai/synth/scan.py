"""A PDF turned into a noisy scanned copy: an image-only PDF, for OCR round-trip tests.

    scan_pdf(pdf_bytes, dpi=200, noise=8.0, rotation=0.6, blur=0.6, jpeg=75, seed=0) -> bytes

Each page is rendered in grey at `dpi`, rotated by `rotation` degrees (paper fed askew), blurred
(`blur`, Gaussian radius in pixels), given Gaussian pixel noise (`noise`, standard deviation in grey
levels) and saved as JPEG of quality `jpeg` inside a PDF at the same resolution, so the page keeps
its size in points. Deterministic for a given seed.
"""
from __future__ import annotations

import io


def scan_pdf(pdf_bytes: bytes, dpi: int = 200, noise: float = 8.0, rotation: float = 0.6, blur: float = 0.6,
             jpeg: int = 75, seed: int = 0, max_pages: int = 50) -> bytes:
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    if not 72 <= dpi <= 600:
        raise ValueError("dpi must be within 72..600")
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(pdf_bytes)
    pages = []
    try:
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            if rotation:
                img = img.rotate(rotation, resample=Image.BICUBIC, expand=False, fillcolor=255)
            if blur:
                img = img.filter(ImageFilter.GaussianBlur(blur))
            if noise:
                arr = np.asarray(img, dtype=np.float32)
                arr = arr + rng.normal(0.0, noise, arr.shape)
                img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
            # Through JPEG like a scanner's output, then into the PDF.
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=jpeg)
            buf.seek(0)
            pages.append(Image.open(buf))
    finally:
        pdf.close()
    if not pages:
        raise ValueError("the PDF has no pages")
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return out.getvalue()
