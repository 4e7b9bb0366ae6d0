"""The HTML reader's shortcuts give what the plain definitions they stand for give.

Each shortcut (text without a regex, cells read from their text alone, one scan over all
class/id or style values, text nodes from XPath) is compared with the straightforward
computation on markup built to hit its edge cases."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from gongkai.readers import html, read_bytes

_PARSER = dict(encoding="utf-8", remove_comments=True, remove_pis=True)


def tree(markup: str):
    root = etree.fromstring(markup.encode("utf-8"), etree.HTMLParser(**_PARSER))
    html._strip(root)
    return root


# --- text ---------------------------------------------------------------------------------

_ODD_TEXT = st.text(alphabet=st.sampled_from(
    list("ab12.") + ["规", "章", " ", "\xa0", "\u3000", "\t", "\n", "\x01", "\x85", "\u200b", "\ufeff", "\u2060",
                     "\u2028", "\u202f", "\x7f"]), max_size=12)


@given(_ODD_TEXT)
def test_norm_is_the_space_regex(s):
    assert html.norm(s) == html._SPACE.sub(" ", s).strip()


def test_text_of_a_leaf_is_its_serialized_text():
    root = tree("<p><b>粗</b><i></i><a>a&amp;b&nbsp;</a>尾</p>")
    for el in root.iter("b", "i", "a", "p"):
        assert html.text_of(el) == etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def test_text_nodes_after_dropping_scripts_are_itertext():
    root = tree("<html><head><title>t</title></head><body>发布时间：20<script>x</script>24<style>s</style>-01"
                "<p>a<noscript>n</noscript></p>b<!--c-->c<svg><text>v</text></svg><iframe>i</iframe>d"
                "<div><script>x</script>头<object>o</object><embed>尾</div></body></html>")
    body = root.find("body")
    nodes = html._TEXT_NODES(body)
    assert "\n".join(nodes) == "\n".join(body.itertext())
    assert "".join(nodes) == etree.tostring(body, method="text", encoding="unicode", with_tail=False)
    assert "发布时间：2024-01" in nodes


def test_chrome_value_split_by_a_script_reads_whole():
    doc = read_bytes("<html><body><div>发布时间：2023-0<script>x</script>1-06 来源：某局</div><div class=content>"
                     "<p>一、总体情况</p><p>二、主动公开政府信息情况</p></div></body></html>".encode("utf-8"), "a.html")
    assert doc.header["published"] == "2023-01-06" and doc.header["publisher"] == "某局"


# --- table cells ----------------------------------------------------------------------------

_PIECES = ["1", "2", "12", "3.", ".4", "0", "规章", "商业", "企业", " ", "&nbsp;", "\u3000", "<br>", "<br/>",
           "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<li>", "<o:p></o:p>", "<b>", "</b>",
           "本报告根据条例编制。" * 12]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_a_flat_tables_cell_read_from_its_text_is_read_cell(pieces):
    root = tree(f"<table><tr><td>{''.join(pieces)}</td></tr></table>")
    cells = list(root.iter("td"))
    assert cells and html._flat(next(root.iter("table")))
    for cell in cells:
        text = html._flat_cell_text(cell)
        if text is not None:
            assert (text, False) == html.read_cell(cell)


def test_cells_the_shortcut_leaves_to_read_cell():
    root = tree("<table><tr><td><p>1</p><p>2</p></td><td>a<br>b<br> c</td><td><p>x</p><p>y</p></td>"
                "<td><span>5</span></td><td>a<br>b c</td><td>" + "<p>长段落文字。</p>" * 60 + "</td></tr></table>")
    cells = list(root.iter("td"))
    got = [html._flat_cell_text(td) for td in cells]
    assert got[0] is None and html.read_cell(cells[0]) == ("1 2", False)  # digits on two lines
    assert got[1] is None and html.read_cell(cells[1]) == ("abc", False)  # a space at a line break
    assert got[2] == "xy" and got[3] == "5"
    assert got[4] == "ab c" == html.read_cell(cells[4])[0]  # one <br>: no line joining
    assert got[5] is None and html.read_cell(cells[5])[1]  # long prose in blocks: layout


def test_layout_table_rows_keep_their_index():
    prose = "本报告根据《中华人民共和国政府信息公开条例》编制。" * 20
    doc = read_bytes(f"""<table><tr><td>甲</td><td>1</td></tr><tr></tr>
        <tr><td><p>{prose}</p><p>一</p><p>二</p></td></tr>
        <tr><td>乙</td><td colspan=2>2</td></tr></table>""".encode("utf-8"), "t.html")
    rows = [(r.table, [c.text for c in r.cells], r.cells[0].at) for r in doc.rows if r.table is not None]
    assert rows == [(0, ["甲", "1"], {"table": 0, "row": 0, "cell": 0}),
                    (0, ["乙", "2"], {"table": 0, "row": 3, "cell": 0})]
    assert [r for r in doc.rows if r.table is not None][1].cells[1].colspan == 2


# --- content containers and hidden elements -------------------------------------------------

def plain_containers(body) -> list:
    return [el for el in body.xpath(".//*[@class or @id]")
            if html._CONTAINER.search((el.get("class") or "") + " " + (el.get("id") or ""))]


def test_container_names_as_re_ignorecase_reads_them():
    names = ["content", "CONTENT", "TRS_EDİTOR", "ıtemx", "newſtext", "Main_Text", "maintext x", "zoo m",
             "news text", "con tent", "textbox", "TextBox2", "detailİ", "artıcle", "nav"]
    markup = "".join(f"<div class='{n}'><span id='{n[::-1]}'>x</span><p class='nav' id='{n}'>y</p></div>"
                     for n in names)
    body = tree(f"<html><body class=content>{markup}</body></html>").find("body")
    found = html._containers(body)
    assert found == plain_containers(body)
    assert len(found) > 10


_NAME = st.sampled_from(["", "content", "Zoom", "ARTİCLE", "x", "detaıl", "nav main-text", "newſ_text"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_NAME, _NAME, st.booleans()), max_size=8))
def test_containers_property(specs):
    markup = ""
    for cls, ident, nest in specs:
        element = f"<div class='{cls}' id='{ident}'>t</div>"
        markup = f"<div class='{cls}' id='{ident}'>{markup}</div>" if nest else markup + element
    body = tree(f"<html><body>{markup}</body></html>").find("body")
    assert html._containers(body) == plain_containers(body)


_STYLE = st.sampled_from(["", "color:red", "display:none", "DISPLAY : None", "border-top:none", "visibility: hidden",
                          "overflow:hidden", "left:-9999px", "left: -20px", "margin-left:-600px", "font-size:0",
                          "font-size: 0.0pt", "font-size:12px", "text-indent:-2em", "display:\tnone"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["div", "span", "marquee", "p"]), _STYLE, st.booleans(), st.booleans()),
                max_size=8))
def test_hidden_elements_property(specs):
    markup = ""
    for tag, style, hidden, nest in specs:
        attrs = (f" style='{style}'" if style else "") + (" hidden" if hidden else "")
        markup = f"<{tag}{attrs}>a{markup}</{tag}>" if nest else markup + f"<{tag}{attrs}>b</{tag}>"
    body = tree(f"<html><body>{markup}</body></html>").find("body")
    assert html._hidden_elements(body) == [el for el in html._MAYBE_HIDDEN(body) if html._is_hidden(el)]


# --- byte scans led by a rare byte -----------------------------------------------------------

_SCAN_BYTES = st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"\xe2"))  # leads made common


@given(_SCAN_BYTES, st.integers(min_value=1, max_value=5))
@settings(max_examples=300)
def test_search_led_is_the_pattern_search(data, tries):
    from gongkai.readers import glyphs, text as plain
    from gongkai.readers.bytescan import search_led

    for pattern, lead in ((glyphs._RADICAL_UTF8, b"\xe2"), (glyphs._RADICAL_GB18030, b"\x81"),
                          (plain._REPLACEMENT_UTF8, b"\xef")):
        assert search_led(pattern, data, lead, tries) == (pattern.search(data) is not None)


def test_search_led_finds_a_match_after_its_tries():
    from gongkai.readers import glyphs, text as plain
    from gongkai.readers.bytescan import search_led

    data = "“引号”".encode() * 100 + "⾏政复议".encode()  # 200 E2 leads (quotes) before the radical
    assert search_led(glyphs._RADICAL_UTF8, data, b"\xe2")
    assert not search_led(glyphs._RADICAL_UTF8, data[:-12], b"\xe2")
    assert plain.readable_if_utf8(b"12 \xef\xbc\x8c" * 100) and not plain.readable_if_utf8(b"12 \xef\xbc\x8c" * 100 + b"\xef\xbf\xbd")
