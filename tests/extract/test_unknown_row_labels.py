"""A table-2 row under a label the template does not know ((七)小计, （一）同意公开).

Its values are some row's as published. They must not be read as the row before it (a crawler line
3.其他（七）小计3000003 gave 其他 3), and a row missing from the template is inferred from the relations
only where the unknown row's digits are the inferred ones: the published table may break the
relations (total printed 18 where the outcome rows add up to 16)."""
import json
import re
from pathlib import Path

import pytest

from gongkai.pipeline import check_bytes
from tests.corpus_score import score

DATA = Path(__file__).parents[1] / "data"


def _read(corpus: str, name: str, pattern: str, replacement: str) -> tuple[dict, dict]:
    raw = DATA / corpus / "raw" / name
    text = raw.read_bytes().decode("utf-8-sig")
    changed = re.sub(pattern, replacement, text)
    assert changed != text
    gold = json.loads((DATA / corpus / "gold" / f"{name.split('_')[0]}.json").read_text("utf-8"))
    return check_bytes(changed.encode("utf-8"), name).to_dict(), gold


UNKNOWN_LABELS = [
    (r"(（七）|\(七\))\s*总计", r"\1小计"),
    (r"(（一）|\(一\))\s*予以公开", r"\1同意公开"),
    (r"(（二）|\(二\))\s*部分公开", r"\1部分予以公开"),
]
# crawler lines (digits run together), tab-separated text, HTML tables; consistent tables and not
CASES = ["corpus/042_pingtan-zrz-2021.txt", "corpus/020_pingtan-scj-2022.txt", "corpus/030_pingtan-zrz-2023.html",
         "probe/80588_zrz-2020.txt", "probe/80595_pingtan-2020.html", "probe/97025_jjf-2024.txt",
         "written/1229_harbin-daoli-xinfa-zhen-2022.html"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("pattern,replacement", UNKNOWN_LABELS, ids=["total", "granted", "partial"])
def test_no_value_comes_out_confidently_wrong(case, pattern, replacement):
    corpus, name = case.split("/")
    out, gold = _read(corpus, name, pattern, replacement)
    s = score(gold, out, Path(name).suffix)
    assert s["wrong"] == [] and s["unread_confident"] == []


def test_the_row_before_an_unknown_row_does_not_take_its_values():
    assert "3.其他（七）总计3000003" in (DATA / "corpus" / "raw" / "020_pingtan-scj-2022.txt").read_text("utf-8")
    out, _ = _read("corpus", "020_pingtan-scj-2022.txt", r"（七）总计", "（七）小计")
    other = [out["cells"][f"requests.other_other.{c}"] for c in ("natural_person", "total")]
    assert [cell["value"] for cell in other] != [3, 3]  # published: left empty
    assert all(cell["status"] != "read" or cell["value"] in (0, None) for cell in other)


def test_a_row_inferred_against_an_unknown_rows_digits_is_not_taken():
    out, _ = _read("corpus", "042_pingtan-zrz-2021.txt", r"（七）总计", "（七）小计")
    total = out["cells"]["requests.total.natural_person"]
    assert total["status"] == "ambiguous" and total["candidates"] == [16]  # as printed: 18
    message = next(f["message"] for f in out["findings"] if "（七）小计" in f["message"])
    assert "16、0、0、2、0、0、18" in message and "180000018" in message


def test_a_row_inferred_as_an_unknown_rows_digits_stands():
    # OCR text whose 2.申请人逾期未按收费通知要… label is broken by the group label: its zeros are the
    # inferred row
    out = check_bytes((DATA / "written" / "raw" / "1095_ganzhou-nankang-tangjiang-zhen-2022-ocr-photo.txt").read_bytes(),
                      "1095.txt").to_dict()
    assert {out["cells"][f"requests.other_no_fee.{c}"]["status"] for c in ("natural_person", "total")} == {"inferred"}
    assert [out["cells"][f"requests.other_no_fee.{c}"]["value"] for c in ("natural_person", "total")] == [0, 0]


def test_heji_is_the_total_row():
    out, gold = _read("corpus", "042_pingtan-zrz-2021.txt", r"（七）总计", "（七）合计")
    assert out["cells"]["requests.total.natural_person"]["value"] == 18
    assert score(gold, out, ".txt")["misses"] == []
