"""The engine's fast paths give exactly what the plain way gives: normalised text and its offsets,
remembered digit splits, relation lookups and sums over a grid with readings laid over it."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from gongkai.extract.normalize import FOLD, Normalized, fold_chars
from gongkai.extract.numbers import TooManyReadings, _cuts, _splits
from gongkai.extract.solve import Relation, relation_cells, requests_relations, touching, violations

# folded characters, white space of every kind (the tab separates cells), and ordinary text
CHARS = [chr(k) for k in FOLD] + [" ", "\t", "\t", "\n", "\u3000", "\xa0", "\u2028", "\x85", "\x1c",
                                  "a", "中", "1", "(", "\U00020000"]


def reference(stream: str) -> tuple[str, list[tuple[str, int]]]:
    """Character by character: fold, then the runs of non-space characters and where they start."""
    folded = stream.translate(FOLD)
    runs = [(m.group(), m.start()) for m in re.finditer(r"\S+", folded)]
    return "".join(w for w, _ in runs), runs


@given(st.lists(st.sampled_from(CHARS), max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_normalized_text_and_offsets_are_those_of_a_character_by_character_reading(stream):
    n = Normalized(stream)
    text, runs = reference(stream)
    assert fold_chars(stream) == stream.translate(FOLD)
    assert n.text == text
    # every normalised position maps back to the stream character it came from
    assert [n.to_source(p) for p in range(len(text))] == [start + i for w, start in runs for i in range(len(w))]
    assert n.to_source(len(text)) == (runs[-1][1] + len(runs[-1][0]) if runs else 0)


def test_a_stream_of_cells_maps_each_cell_back_to_its_place():
    n = Normalized("规章\t1 2\t\t（三）其它\t")
    assert n.text == "规章12(三)其他"
    assert [n.to_source(i) for i in range(len(n.text))] == [0, 1, 3, 5, 8, 9, 10, 11, 12]


@given(st.text(alphabet="0123", min_size=1, max_size=9), st.integers(1, 9))
@settings(max_examples=300, deadline=None)
def test_remembered_splits_are_the_splits(digits, parts):
    for _ in range(2):  # computed, then remembered
        assert [list(s) for s in _cuts(digits, parts)] == _splits(digits, parts)


def test_a_run_with_too_many_readings_raises_every_time():
    for _ in range(2):  # not remembered as "no readings"
        with pytest.raises(TooManyReadings):
            _cuts("1" * 40, 20)


RELATIONS = requests_relations(("other_no_correction", "other_no_fee", "other_other"), False)
CELLS = sorted({c for rel in RELATIONS for _, c in rel.terms})


@given(st.sets(st.sampled_from(CELLS), max_size=12))
@settings(max_examples=200, deadline=None)
def test_touching_lists_the_relations_with_a_term_on_the_cells_in_order(cells):
    assert touching(RELATIONS, cells) == [rel for rel in RELATIONS if any(c in cells for _, c in rel.terms)]


@given(st.dictionaries(st.sampled_from(CELLS), st.one_of(st.none(), st.integers(0, 3)), max_size=60),
       st.dictionaries(st.sampled_from(CELLS), st.one_of(st.none(), st.integers(0, 3)), max_size=20))
@settings(max_examples=200, deadline=None)
def test_violations_over_a_grid_are_those_of_the_merged_grid(grid, over):
    assert violations(grid, RELATIONS, over=over) == violations({**grid, **over}, RELATIONS)


def test_touching_is_not_fooled_by_a_new_list_of_relations():
    rel = Relation(((1, "a"), (-1, "b")), "a = b")
    assert touching([rel], {"a"}) == [rel]
    assert touching([Relation(((1, "c"),), "c = 0")], {"a"}) == []


def test_relation_cells_are_the_cells_of_the_relations_given():
    assert relation_cells(RELATIONS) == {c for rel in RELATIONS for _, c in rel.terms}
    for _ in range(3):  # new lists, whose ids may be those of lists already gone
        assert relation_cells([Relation(((1, "a"), (-1, "b")), "a = b")]) == {"a", "b"}
        assert relation_cells([Relation(((1, "c"),), "c = 0")]) == {"c"}


@given(st.lists(st.lists(st.text(alphabet="a中 1\n", max_size=3), max_size=3), max_size=6))
@settings(max_examples=200, deadline=None)
def test_the_stream_gives_the_documents_plain_text(rows):
    from gongkai.document import Cell, Document, Row, Source
    from gongkai.extract.evidence import Stream
    doc = Document(Source("t.txt", "0", "text/plain"), [Row([Cell(t) for t in cells]) for cells in rows])
    assert Stream(doc).plain_text() == doc.plain_text()


def test_relation_index_cache_stays_bounded_for_fresh_lists():
    from gongkai.extract import solve
    rels = requests_relations(("other",), False)
    for _ in range(300):  # callers outside the engine may pass a new list every time
        fresh = list(rels)
        assert touching(fresh, ["requests.new.total"]) == touching(rels, ["requests.new.total"])
    assert len(solve._INDEXES) <= 64
