"""The generator's own invariants: consistent reports satisfy every relation, each requested
defect really breaks its rule (and the report records every rule it breaks), renders carry every
label and every printed value."""
from __future__ import annotations

import datetime as dt
import random
import re

from hypothesis import given, settings, strategies as st
import pytest

from gongkai import spec
from gongkai.synth import DEFECTS, LAYOUTS, compatible, generate, render
from gongkai.synth import relations, split
from gongkai.synth.layouts import render_with_notes

FORMATS = st.sampled_from(["2021", "2019"])
SEEDS = st.integers(0, 2**32 - 1)


def defect_sets(fmt):
    return st.lists(st.sampled_from(DEFECTS), max_size=3, unique=True).filter(lambda ds: compatible(ds, fmt))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(seed=SEEDS, fmt=FORMATS)
def test_consistent_report_keeps_every_relation(seed, fmt):
    r = generate(seed, fmt=fmt)
    assert r.defects == []
    assert set(r.cells) == set(spec.cell_ids(fmt))
    assert relations.broken(r.cells, fmt) == []
    for cid, v in r.cells.items():
        if not cid.endswith((".change", ".amount")):
            assert isinstance(v, int) and v >= 0, cid
    assert all(r.cells[c] == 0 for c in r.blanks)
    assert 2021 <= r.meta["year"] if fmt == "2021" else r.meta["year"] in (2019, 2020)
    published = dt.date.fromisoformat(r.meta["published"])
    deadline = dt.date(r.meta["year"] + 1, 3 if r.meta["kind"] == "government" else 1, 31)
    assert dt.date(r.meta["year"] + 1, 1, 1) <= published < deadline
    assert r.meta["period"]["start"].startswith(str(r.meta["year"]))
    assert set(r.sections) == set(spec.SECTIONS)
    if r.meta["year"] >= 2021:
        assert "信息处理费" in r.sections["other"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(seed=SEEDS, fmt=FORMATS, data=st.data())
def test_requested_defects_are_real_and_recorded(seed, fmt, data):
    wanted = data.draw(defect_sets(fmt))
    r = generate(seed, fmt=fmt, defects=wanted)
    assert set(wanted) <= set(r.defects)
    table_rules = {"requests.balance", "requests.outcome_sum", "requests.column_sum", "review.sum"}
    present = {k: v for k, v in r.cells.items() if k not in r.missing}
    # every relation the printed tables break is recorded, and nothing else among table rules
    assert relations.broken_rules(present, fmt) == {d for d in r.defects if d in table_rules}
    # a table defect breaks only its own rule when asked for alone
    if len(wanted) == 1 and wanted[0] in table_rules:
        assert r.defects == wanted
    year = r.meta["year"]
    if "format.version" in wanted:
        assert (year >= 2021) != (fmt == "2021")
    if "period.year" in wanted:
        assert r.meta["period"]["start"][:4] != str(year)
    if "published.late" in wanted:
        limit = dt.date(year + 1, 3 if r.meta["kind"] == "government" else 1, 31)
        assert dt.date.fromisoformat(r.meta["published"]) > limit + dt.timedelta(days=14)
    if "published.early" in wanted:
        assert dt.date.fromisoformat(r.meta["published"]) <= dt.date(year, 12, 31)
    if "fees.unreported" in wanted:
        assert "信息处理费" not in "".join(r.sections.values())
    if "sections.missing" in wanted:
        assert len(r.sections) == 5
    if "tables.missing" in wanted:
        assert r.missing and all(r.expected(c)[0] == "missing" for c in r.missing)
    if "privacy.personal_info" in wanted:
        text = "\n".join(r.sections.values())
        assert re.search(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dX])(?!\d)", text)
    if "content.injected" in wanted:
        assert "http://" in "".join(r.sections.values())


def test_unbuildable_combinations_are_refused():
    with pytest.raises(ValueError):
        generate(1, defects=["published.late", "published.early"])
    with pytest.raises(ValueError):
        generate(1, fmt="2019", defects=["fees.unreported"])
    with pytest.raises(ValueError):
        generate(1, defects=["no.such.rule"])


def test_generation_is_reproducible():
    a, b = generate(99, fmt="2019", defects=["review.sum"]), generate(99, fmt="2019", defects=["review.sum"])
    assert a.cells == b.cells and a.meta == b.meta and a.sections == b.sections
    assert render(a, "html", random.Random(5)) == render(b, "html", random.Random(5))


def test_identity_number_has_valid_check_digit():
    from gongkai.synth.prose import ID_CHECK, ID_WEIGHTS, id_number
    rng = random.Random(3)
    for _ in range(50):
        n = id_number(rng)
        assert len(n) == 18 and n[-1] == ID_CHECK[sum(int(d) * w for d, w in zip(n[:17], ID_WEIGHTS)) % 11]


def _decode(data: bytes) -> str:
    head = data[:600].lower()
    return data.decode("gbk" if b"charset=gbk" in head or b"charset=gb2312" in head else "utf-8")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=SEEDS, fmt=FORMATS, layout=st.sampled_from(sorted(LAYOUTS)))
def test_render_prints_every_heading_and_value(seed, fmt, layout):
    r = generate(seed, fmt=fmt, blanks=None if LAYOUTS[layout].blanks else False)
    data, name = render(r, layout, random.Random(seed))
    text = _decode(data)
    assert name.startswith("synth-")
    assert r.meta["title"] in text
    from gongkai.synth.layouts import variants
    for key in r.sections:
        wordings = [spec.SECTIONS[key]] + variants()["headings"].get(key, [])
        assert any(w[2:] in text for w in wordings), key
    squeezed = re.sub(r"\s+", "", text)
    for cid, printed in r.printed.items():
        if printed:
            assert printed in squeezed, cid
    if layout == "crawler":
        assert "==================== 正文 ====================" in text
        body = text.split("==================== 正文 ====================\n", 1)[1]
        assert body.count("\n") == 1  # the whole body on one line


def test_layouts_without_blank_cells_refuse_blanks():
    r = generate(4, fmt="2019", blanks=True)
    assert r.blanks
    for name, lay in LAYOUTS.items():
        if not lay.blanks:
            with pytest.raises(ValueError):
                render(r, name)


def test_digit_splits():
    assert split.readings("640020470", ["count"] * 7) != []
    assert split.certain("10 0 0 0 01", ["count"] * 7, (1, 0, 0, 0, 0, 0, 1), split.row_sum)
    assert not split.certain("693665", ["count"] * 3, (69, 36, 65))
    assert split.certain("69 36 65", ["count"] * 3, (69, 36, 65))
    assert split.certain("000", ["count"] * 3, (0, 0, 0))
    assert split.readings("396-185181", ["count", "signed", "count"])[0][:1] == (396,)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(seed=SEEDS, fmt=FORMATS)
def test_crawler_notes_which_cells_are_uncertain(seed, fmt):
    r = generate(seed, fmt=fmt, blanks=False)
    _, _, notes = render_with_notes(r, "crawler", random.Random(seed))
    assert notes["uncertain"] <= set(r.cells)
    # single-cell rows are always certain
    for cid in ("active.licensing.decisions", "active.penalty.decisions") if fmt == "2021" else ():
        assert cid not in notes["uncertain"]


def test_to_report_carries_statuses():
    r = generate(12, fmt="2019", blanks=True, defects=["tables.missing"])
    rep = r.to_report()
    assert set(rep.cells) == set(spec.cell_ids("2019"))
    for cid, cv in rep.cells.items():
        assert (cv.status, cv.value) == r.expected(cid)


def test_a_layout_is_one_registration():
    from gongkai.synth.layouts import register, LAYOUTS as registry
    register("plain-test", blanks=False)(lambda report, rng: (report.meta["title"].encode(), "t.txt"))
    try:
        data, name = render(generate(1, blanks=False), "plain-test")
        assert name == "t.txt" and "年度报告" in data.decode()
    finally:
        registry.pop("plain-test")


def test_html_in_gbk_declares_its_charset():
    for seed in range(40):
        data, _ = render(generate(seed), "html", random.Random(seed))
        if b"charset=gbk" in data[:400] or b"charset=GB2312" in data[:400]:
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            assert "政府信息公开工作年度报告" in data.decode("gbk")
            return
    pytest.fail("no GBK page in 40 renders")
