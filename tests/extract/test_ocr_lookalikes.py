"""Characters OCR reads in place of a label's (中请 for 申请, 夏议 for 复议, 白然人 for 自然人, 子以公开
for 予以公开) in text copied out of a scan. They are folded to the label's character in labels and
documents alike (extract.normalize). Before, a report with every other such character misread lost
most of table 2: 13,029 of 31,880 cells of the real text reports were read (bench/perturb_sweep.py
--variants ocr-chars); now 31,877, and no value wrong."""
import json
from pathlib import Path
import re

import pytest

from gongkai.extract.normalize import OCR_LOOKALIKES, fold
from gongkai.pipeline import check_bytes
from tests.corpus_score import score

DATA = Path(__file__).parents[1] / "data"
# one of each layout: crawler text with digits run together, one cell per line, tab-separated rows
CASES = ["corpus/raw/004_pingtan-2019.txt",  # 2019: its 政府集中采购 row
         "corpus/raw/006_pingtan-2021.txt", "corpus/raw/011_shuyang-xian-2025.txt",
         "corpus/raw/030_pingtan-zrz-2023.txt", "written/raw/1023_zhangzhou-zrzyj-2023.txt"]
_TO_LOOKALIKE = {char: read_as for read_as, char in OCR_LOOKALIKES.items()}


def _misread(text: str, every: int) -> str:
    seen: dict[str, int] = {}

    def lookalike(m: re.Match) -> str:
        seen[m[0]] = seen.get(m[0], 0) + 1
        return _TO_LOOKALIKE[m[0]] if seen[m[0]] % every == 0 else m[0]

    return re.sub(f"[{''.join(_TO_LOOKALIKE)}]", lookalike, text)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("every", [1, 2])
def test_a_report_with_labels_misread_reads_as_the_clean_one(case, every):
    raw = DATA / case
    text = _misread(raw.read_text("utf-8"), every)
    assert "中请" in text or "白然人" in text
    gold = json.loads((raw.parent.parent / "gold" / f"{raw.name.split('_')[0]}.json").read_text("utf-8"))
    s = score(gold, check_bytes(text.encode("utf-8"), raw.name).to_dict(), ".txt")
    assert s["misses"] == [] and s["wrong"] == []


def test_a_lookalike_folds_to_the_labels_character_and_labels_with_it_still_match():
    assert fold("本年新收政府信息公开中请数量") == fold("本年新收政府信息公开申请数量")
    assert fold("行玫夏仪") == fold("行政复议") and fold("白然人") == fold("自然人")
    # 政府集中采购 holds a lookalike itself: folded the same way on both sides (a 2019 report's
    # procurement row is among the cells CASES[0] checks)
    assert fold("政府集中采购") == fold("政府集申采购")
