"""Row numbering set as one character, as Word and input methods write it: ㈠ for （一）, ① ⑴ ⒈ for 1.
The report reads as it does with the numbering written out, captions (第二十条第㈠项) included."""
import json
import re
from pathlib import Path

import pytest

from gongkai.extract.normalize import Normalized
from gongkai.pipeline import check_bytes

RAW = Path(__file__).parents[1] / "data" / "corpus" / "raw"
WRITTEN = Path(__file__).parents[1] / "data" / "written" / "raw"


def _parenthesized(text: str) -> str:
    for numeral, enclosed in zip("一二三四五六七八九十", "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"):
        text = text.replace(f"（{numeral}）", enclosed).replace(f"({numeral})", enclosed)
    return text


def _digit_marks(first: int):
    """1. 2. ... before a label as one character each: ⒈ (first=0x2488), ① (0x2460), ⑴ (0x2474)."""
    return lambda text: re.sub(r"(?<![\d.])([1-8])[.．](?=[\u4e00-\u9fff])",
                               lambda m: chr(first + int(m.group(1)) - 1), text)


def _essentials(report: dict) -> str:
    # positions (at) move where the numbering got shorter; the values, readings and findings must not
    cells = {cid: {k: v for k, v in cell.items() if k != "at"} for cid, cell in report["cells"].items()}
    return json.dumps([cells, [(f["rule"], f["message"]) for f in report["findings"]]], ensure_ascii=False,
                      sort_keys=True)


@pytest.mark.parametrize("path", [RAW / "042_pingtan-zrz-2021.txt", RAW / "051_shanghai-szfbgt-2019.html",
                                  WRITTEN / "1243_changsha-sthjj-2024.txt"], ids=lambda p: p.name)
@pytest.mark.parametrize("rewrite", [_parenthesized, _digit_marks(0x2488), _digit_marks(0x2460), _digit_marks(0x2474)],
                         ids=["paren-ideograph", "digit-full-stop", "circled", "paren-digit"])
def test_numbering_as_one_character_reads_as_written_out(path, rewrite):
    text = path.read_bytes().decode("utf-8-sig")
    changed = rewrite(text)
    assert changed != text
    assert _essentials(check_bytes(changed.encode("utf-8"), path.name).to_dict()) == \
        _essentials(check_bytes(path.read_bytes(), path.name).to_dict())


def test_the_crawler_report_with_enclosed_numbering_has_no_inferred_rows():
    # Unmatched, the （一）予以公开 and （七）总计 rows were inferred from relations the report breaks:
    # 16 for a published 18, as if read.
    text = _parenthesized((RAW / "042_pingtan-zrz-2021.txt").read_text("utf-8"))
    assert "㈦总计180" in text
    cells = check_bytes(text.encode("utf-8"), "042.txt").to_dict()["cells"]
    assert cells["requests.total.natural_person"] == {**cells["requests.total.natural_person"], "value": 18,
                                                      "status": "read"}
    assert not [cid for cid, cell in cells.items() if cell["status"] == "inferred"]


def test_an_enclosed_numeral_normalises_to_its_written_form_and_maps_back():
    stream = "第二十条第㈠项\t12\t㈦总计"
    n = Normalized(stream)
    assert n.text == "第二十条第(一)项12(七)总计"
    at = stream.index("㈠")
    assert [n.to_source(n.text.index(c)) for c in "(一)"] == [at, at, at]
    assert n.to_source(n.text.index("项")) == at + 1
    assert n.end_to_source(n.text.index("项")) == at + 1  # a match ending at ")" ends after ㈠
    assert n.to_source(n.text.index("12")) == stream.index("12")
    assert n.to_source(n.text.index("总")) == stream.index("总")
