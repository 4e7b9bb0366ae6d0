"""A table-2 label printed in two pieces with the row's values between them: text copied out of a PDF
whose label column is narrow (pdfplumber, a browser's PDF viewer):

    5.要求行政机关确认或重新 0 0 0 0 0 0 0
    出具已获取信息

Before, the row's values went to the row above ("more values than 7 columns") or the row was missing.
The rows of a real report written so (tests/data/written 1401-1411) are checked in test_written; here
reports of other layouts have their labels wrapped at several points."""
import json
import re
from pathlib import Path

import pytest

from gongkai.pipeline import check_bytes
from gongkai.readers.text import page_numbers_by_running_heads
from tests.corpus_score import score

DATA = Path(__file__).parents[1] / "data"
# a table-2 row on one line, its label followed by seven values
ROW = re.compile(r"(?m)^([ \t]*)([^\d\s|]*?[\u4e00-\u9fff][^\d\s|]{7,})((?:[ \t]+[0-9０-９]+){7})[ \t]*$")
CASES = ["written/raw/1023_zhangzhou-zrzyj-2023.txt", "written/raw/1212_mwr-shuilibu-2022.txt",
         "written/raw/1203_qingdao-huangdao-xinan-jiedao-2023.txt", "written/raw/905_wuhou-jiaoyuju-2023.txt",
         # 均依法予以公开 and 予以公开五件 in the narrative: table 2 does not start at such a sentence when its
         # first row's label is wrapped
         "written/raw/1405_yuexiu-beijingjie-2022-fakebold-fullwidth.txt"]


def _wrapped(text: str, fraction: float) -> tuple[str, int]:
    count = 0

    def wrap(m: re.Match) -> str:
        nonlocal count
        label = m.group(2)
        k = max(5, int(len(label) * fraction))
        if k >= len(label) - 1:
            return m.group(0)
        count += 1
        return f"{m.group(1)}{label[:k]}{m.group(3)}\n{label[k:]}"

    return ROW.sub(wrap, text), count


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.75])
def test_a_label_wrapped_after_its_values_keeps_its_row(case, fraction):
    raw = DATA / case
    text, count = _wrapped(raw.read_text("utf-8"), fraction)
    assert count >= 3
    gold = json.loads((raw.parent.parent / "gold" / f"{raw.name.split('_')[0]}.json").read_text("utf-8"))
    out = check_bytes(text.encode("utf-8"), raw.name).to_dict()
    s = score(gold, out, ".txt")
    assert s["misses"] == [] and s["false_errors"] == []
    assert "table.malformed" not in {f["rule"] for f in out["findings"]}


_PAGE_BREAKS = ["\n— 3 —\n", "\n第 3 页 共 6 页\n\f某某局2023年政府信息公开工作年度报告\n",
                "\n3/6\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n申请人情况\n自然人\n"
                "法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n"]


@pytest.mark.parametrize("case", CASES[:4])
@pytest.mark.parametrize("page_break", _PAGE_BREAKS)
def test_a_label_cut_by_a_page_break_after_its_values_keeps_its_row(case, page_break):
    # 1.本机关不掌握相关 33 2 0 0 1 1 37 / — 3 — / the header again / 政府信息 (a PDF's text, written case 1548)
    raw = DATA / case
    text, cut = re.subn(r"(?m)^(.*本机关不掌握相关)(政府信息)((?:[ \t]+\d+){7})[ \t]*$",
                        lambda m: f"{m[1]}{m[3]}{page_break}{m[2]}", raw.read_text("utf-8"))
    assert cut == 1
    out = check_bytes(text.encode("utf-8"), raw.name).to_dict()
    assert score(_key(case), out, ".txt")["misses"] == []
    assert out["cells"]["requests.unable_not_held.total"]["status"] == "read"
    assert "table.malformed" not in {f["rule"] for f in out["findings"]}


def test_a_short_rest_past_other_words_is_no_label():
    # the head's values followed by other words, then 信息 further on: two characters are no rest
    from gongkai.extract.layout import _rest_follows
    assert not _rest_follows("33200113申请人情况自然人信息", "信息", 8, 30)
    assert _rest_follows("33200113-3-申请人情况政府信息", "政府信息", 8, 40)
    assert not _rest_follows("33200113申请人12政府信息", "政府信息", 8, 40)  # a value between: another row's


def _key(case: str) -> dict:
    raw = DATA / case
    return json.loads((raw.parent.parent / "gold" / f"{raw.name.split('_')[0]}.json").read_text("utf-8"))


def test_a_label_is_not_made_of_a_head_whose_rest_is_not_after_the_values():
    # 5.要求行政机关确认或重新 followed by its values and other words: no label of the template
    case = CASES[0]
    text = (DATA / case).read_text("utf-8")
    changed = re.sub(r"5\.要求行政机关确认或重新出具已获取信息( [0-9 ]+)", r"5.要求行政机关确认或重新\1\n审查的信息", text)
    assert changed != text
    out = check_bytes(changed.encode("utf-8"), "t.txt").to_dict()
    assert out["cells"]["requests.unprocessed_confirmation.natural_person"]["status"] not in ("read", "blank")
    assert score(_key(case), out, ".txt")["wrong"] == []


def test_page_numbers_beside_running_heads():
    head = "江西省水利厅2021年政府信息公开工作年度报告"
    lines = [head, "正文", "1", head, "0", "0", "2", head, "4.保护第三方合法权益", "3", head, "行政复议"]
    assert page_numbers_by_running_heads(lines) == {2, 6, 9}
    # numbers after each head (a header's page number)
    lines = [head, "正文", head, "2", "0", head, "3", "0"]
    assert page_numbers_by_running_heads(lines) == {3, 6}
    # a value that happens to stand before a head, with no page numbers: kept
    assert page_numbers_by_running_heads([head, "0", "0", head, "0", "5", head, "x"]) == set()
    # one repeat only: two pages, too little to tell a page number from a value
    assert page_numbers_by_running_heads([head, "0", "1", head, "0"]) == set()


def test_a_page_number_before_a_running_head_is_no_value():
    # pages end in the narrative and in the middle of table 2, each with its number and the next
    # page's running head (the report's title): the number 2 is not one more value of the row above
    case = CASES[0]
    lines = (DATA / case).read_text("utf-8").split("\n")
    head = "漳州市自然资源局2023年政府信息公开工作年度报告"
    carried = next(i for i, line in enumerate(lines) if line.startswith("二、上年结转"))
    lines[carried + 1:carried + 1] = ["2", head]
    lines[10:10] = ["1", head]
    out = check_bytes("\n".join(lines).encode("utf-8"), "t.txt").to_dict()
    s = score(_key(case), out, ".txt")
    assert s["misses"] == [] and s["false_errors"] == []
    assert "table.malformed" not in {f["rule"] for f in out["findings"]}


@pytest.mark.parametrize("case", CASES[:3])
def test_the_first_row_label_misread_is_found_before_the_next(case):
    # OCR read 申请 as 中请 in 一、本年新收…: the table starts at that row, found by its likeness,
    # and 二、上年结转 right after it is not lost for standing before (一)予以公开
    raw = DATA / case
    text = raw.read_text("utf-8")
    changed = text.replace("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开中请数量", 1)
    assert changed != text
    out = check_bytes(changed.encode("utf-8"), raw.name).to_dict()
    s = score(_key(case), out, ".txt")
    assert s["misses"] == [] and s["false_errors"] == []
