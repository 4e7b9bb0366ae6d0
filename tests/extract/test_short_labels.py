"""Table-2 labels an author shortened (a WeChat copy whose note says 小编对部分栏目名称做了简写:
5.三类内部事务信息, 2.需另行制作, 1.逾期不补正): the short forms are label variants in labels.yaml.
Before, those rows stayed missing (tests/data/written 1112)."""
import json
from pathlib import Path

import pytest

from gongkai.pipeline import check_bytes
from tests.corpus_score import score

DATA = Path(__file__).parents[1] / "data"
SHORT = {
    "属于三类内部事务信息": "三类内部事务信息", "属于四类过程性信息": "四类过程性信息",
    "属于行政执法案卷": "行政执法案卷", "属于行政查询事项": "行政查询事项",
    "本机关不掌握相关政府信息": "本机关不掌握", "没有现成信息需要另行制作": "需另行制作",
    "补正后申请内容仍不明确": "补正后仍不明确", "信访举报投诉类申请": "信访举报投诉类",
    "要求行政机关确认或重新出具已获取信息": "要求确认或重新出具已获取信息",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "逾期不补正",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "逾期未缴费",
}
CASES = ["written/raw/1023_zhangzhou-zrzyj-2023.txt", "written/raw/1212_mwr-shuilibu-2022.txt",
         "corpus/raw/030_pingtan-zrz-2023.txt"]


@pytest.mark.parametrize("case", CASES)
def test_shortened_labels_keep_their_rows(case):
    raw = DATA / case
    text = raw.read_text("utf-8")
    for full, short in SHORT.items():
        text = text.replace(full, short)
    assert sum(short in text for short in SHORT.values()) >= 8
    gold = json.loads((raw.parent.parent / "gold" / f"{raw.name.split('_')[0]}.json").read_text("utf-8"))
    out = check_bytes(text.encode("utf-8"), raw.name).to_dict()
    s = score(gold, out, ".txt")
    assert s["misses"] == [] and s["wrong"] == []
    assert "table.malformed" not in {f["rule"] for f in out["findings"]}
