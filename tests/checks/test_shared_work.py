"""The checks' shortcuts (shared cell facts, precompiled relations, scan prefilters) give exactly
the results of the plain definitions they replace."""
from __future__ import annotations

from importlib import resources
import re

from hypothesis import given, settings, strategies as st
import yaml

from gongkai import checks, spec
from gongkai.checks import CHECKS, _load_families
from gongkai.checks.content import DIGIT_RUN_RE, PHRASE_NEEDS, spam_words
from gongkai.checks.facts import CellFacts, facts, scope
from gongkai.report import CellValue

from .factory import make_report, run_check

VALUES = st.one_of(st.none(), st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=4), st.booleans())
STATUSES = st.sampled_from(["read", "blank", "inferred", "ambiguous", "missing", "other"])
CELL_IDS = st.sampled_from(spec.cell_ids("2021") + spec.cell_ids("2019"))
CELLS = st.dictionaries(CELL_IDS, st.tuples(VALUES, STATUSES), max_size=40)


def plain_numbers(report, ids):
    """The definition: blank counts 0; read or inferred int/float values count; anything else, or
    a cell the report lacks, makes the whole list None."""
    out = []
    for i in ids:
        c = report.cells.get(i)
        if c is None:
            return None
        if c.status == "blank":
            out.append(0)
        elif c.status in ("read", "inferred") and type(c.value) in (int, float):
            out.append(c.value)
        else:
            return None
    return out


def odd_report(cells, fmt="2021"):
    r = make_report("2021")
    for cid, (value, status) in cells.items():
        r.cells[cid] = CellValue(value, status, None, candidates=[1, 2] if status == "ambiguous" else None)
    r.meta["format"] = fmt
    return r


@settings(max_examples=150, deadline=None)
@given(CELLS, st.lists(CELL_IDS, min_size=1, max_size=8))
def test_facts_numbers_are_the_plain_definition(cells, ids):
    r = odd_report(cells)
    got = CellFacts(r).values(tuple(ids))
    want = plain_numbers(r, ids)
    if want is None:
        assert got is None
    else:  # compare as text: NaN is not equal to itself
        assert got is not None and repr(list(got)) == repr(want)


@settings(max_examples=150, deadline=None)
@given(CELLS)
def test_facts_groups_are_the_plain_definition(cells):
    r = odd_report(cells)
    f = CellFacts(r)
    assert f.ambiguous == {k for k, c in r.cells.items() if c.status == "ambiguous"}
    assert f.inferred == [k for k, c in r.cells.items() if c.status == "inferred"]
    assert f.unusual == [k for k, c in r.cells.items() if c.status in ("read", "inferred") and c.value is not None
                         and not (type(c.value) is int and c.value >= 0)]
    for cid in spec.cell_ids("2021") + spec.cell_ids("2019") + ("no.such.cell",):
        assert f.absent(cid) == (r.cells.get(cid) is None or r.cells[cid].status == "missing")


def _findings(report):
    return [(f.rule, f.message, f.cells, f.severity, f.evidence) for f in report.findings]


@settings(max_examples=100, deadline=None)
@given(CELLS, st.sampled_from(["2021", "2019", None]))
def test_a_run_sharing_facts_finds_what_each_check_alone_finds(cells, fmt):
    shared, alone = odd_report(cells, fmt), odd_report(cells, fmt)
    checks.run(shared)
    _load_families()
    for fn in CHECKS.values():
        fn(alone)  # outside checks.run: every check gathers its own facts
    assert _findings(shared) == _findings(alone)


def test_facts_belong_to_their_report_and_to_the_run():
    a, b = make_report("2021"), make_report("2021")
    with scope(a):
        assert facts(a) is facts(a)
        assert facts(b) is not facts(b) and facts(b).report is b
    assert facts(a) is not facts(a)  # after the run, a changed cell is seen again


def test_phrase_shortcuts_name_phrases_of_spam_yaml():
    data = yaml.safe_load(resources.files("gongkai.checks").joinpath("spam.yaml").read_text("utf-8"))
    assert set(PHRASE_NEEDS) <= set(data["phrases"])
    assert sum(1 for _, needs in spam_words()["phrases"] if needs) == len(PHRASE_NEEDS)


_PHRASE_ALPHABET = "投下开注户网址平台入口加微信QQqVXvx：: a1_-" + "".join({c for n in PHRASE_NEEDS.values() for w in n for c in w})


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_PHRASE_ALPHABET, max_size=30))
def test_a_phrase_matches_only_where_one_of_its_needs_is(text):
    for phrase, needs in PHRASE_NEEDS.items():
        if re.search(phrase, text):
            assert any(n in text for n in needs), (phrase, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789０１２٣Xx a.", max_size=60))
def test_digit_runs_are_those_of_the_plain_pattern(text):
    plain = re.compile(r"\d{11,}[Xx]?")
    assert [(m.span(), m.group()) for m in DIGIT_RUN_RE.finditer(text)] == \
        [(m.span(), m.group()) for m in plain.finditer(text)]


def test_one_spam_link_among_many_plain_ones_still_fires():
    links = [(f"https://www.example.gov.cn/{i}.html", f"通知公告{i}") for i in range(300)]
    r = make_report(text="正文")
    r.links = links[:150] + [("http://xx88.cc/", "百家乐")] + links[150:]
    assert len(run_check("content.injected", r)) == 1
    r = make_report(text="正文")
    r.links = links[:10] + [("http://a.example/casino/", "点击进入")] + links[10:]
    assert len(run_check("content.injected", r)) == 1
    r = make_report(text="正文")
    r.links = links
    assert run_check("content.injected", r) == []
