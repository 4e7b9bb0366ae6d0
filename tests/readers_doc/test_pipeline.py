"""The real bar for documents: PDF, scanned PDF and DOCX through the whole pipeline.

Every gold cell exact for the text-layer PDF and the DOCX; for the scan every cell exact or
not confidently read (ambiguous/missing), never a confident wrong number. Same comparison as
../shared/tools/score_corpus.py (tests/corpus_score.py).
"""
import pytest

from gongkai.pipeline import check_path
from tests.corpus_score import DOCS, pairs, score

CASES = list(pairs(DOCS))


@pytest.mark.parametrize("raw,gold", CASES, ids=[raw.name for raw, _ in CASES])
def test_document_reads_exactly(raw, gold):
    if "scan" in raw.name:
        pytest.importorskip("rapidocr_onnxruntime")
    out = check_path(raw).to_dict()
    s = score(gold, out, raw.suffix.lower())
    assert s["wrong"] == [], "a confident wrong number"
    assert s["unread_confident"] == []
    if "scan" in raw.name:
        # OCR may leave a digit in doubt, never guess it: the misses must all be non-confident
        assert s["ok"] >= s["n"] * 0.95
    else:
        assert s["misses"] == []
        assert s["missed_defects"] == []
        assert s["false_errors"] == []
    assert s["meta_off"] == []


def test_document_cases_cover_pdf_scan_and_docx():
    names = {raw.name for raw, _ in CASES}
    assert any(n.endswith("-scan.pdf") for n in names)
    assert any(n.endswith(".docx") for n in names)
    assert any(n.endswith(".pdf") and "scan" not in n for n in names)
