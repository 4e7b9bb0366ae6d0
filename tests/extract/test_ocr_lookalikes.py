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


def _tokens_of(text: str):
    from gongkai.document import Cell, Document, Row, Source
    from gongkai.extract.evidence import Stream, row_tokens

    doc = Document(Source.of_bytes("t.txt", b"", "text/plain"), [Row([Cell(text, {"line": 1, "col": 1})], False)])
    stream = Stream(doc)
    return row_tokens(stream, text.index("罚") + 1, len(stream.text))


def test_letters_for_digits_in_free_text_are_an_uncertain_value():
    # 行政处罚 l l2: the word l2 is 12 as OCR misread it, not the 2 in it read for sure
    (token,) = _tokens_of("行政处罚 l2")
    assert token.uncertain and token.candidates == (12,) and token.raw == "l2"
    (token,) = _tokens_of("行政处罚 1O")
    assert token.uncertain and token.candidates == (10,)
    (token,) = _tokens_of("行政处罚 12")
    assert not token.uncertain and token.digits == "12"


def test_a_stray_mark_or_a_letter_in_a_value_cell_is_an_uncertain_value():
    from gongkai.extract.evidence import _cell_tokens

    for text, value in (("2'", 2), (".7", 7), ("3.", 3), ("S", 5), ("B5", 85), ("l3", 13)):
        out = []
        assert _cell_tokens(text, None, out, 0)
        assert out[0].uncertain and out[0].candidates == (value,), text
    assert not _cell_tokens("行政强制", None, [], 0)


def test_rulings_read_as_letters():
    from gongkai.readers.text import rules_read_as_letters

    assert rules_read_as_letters("| 规章 l 0 I 0 |") == "| 规章 | 0 | 0 |"
    assert rules_read_as_letters("l 3.危及 | 0 l 0 |") == "| 3.危及 | 0 | 0 |"
    assert rules_read_as_letters("| 9 |   l   | 4 |") == "| 9 |   |   | 4 |"  # between empty cells
    assert rules_read_as_letters("| 1 | l | 0 |") == "| 1 | l | 0 |"  # alone in its cell: a value
    assert rules_read_as_letters("Il y a l 0") == "Il y a l 0"  # no pipes: no rulings
