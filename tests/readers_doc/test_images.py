"""Report tables published as pictures in a web page (gongkai.readers.images), read by OCR.

tests/data/pictures holds the corpus's 051 page with its three tables replaced by pictures of them
(Chromium screenshots of the page's own tables, grey PNG; bench/print_sweep.py tables_as_pictures),
saved as browsers save a page: page.html and page_files/."""
import base64
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email import encoders
import json
from pathlib import Path
import re
import shutil

import pytest

from gongkai.pipeline import check_document
from gongkai.readers import images, read_bytes, read_path
from tests.corpus_score import score

DATA = Path(__file__).resolve().parents[1] / "data"
PAGE = DATA / "pictures" / "051_shanghai-szfbgt-2019.html"
FILES = DATA / "pictures" / "051_shanghai-szfbgt-2019_files"
GOLD = json.loads((DATA / "corpus" / "gold" / "051.json").read_text("utf-8"))


def assert_matches_key(doc):
    s = score(GOLD, check_document(doc).to_dict(), ".html")
    assert s["misses"] == [] and s["wrong_conf"] == 0
    assert s["found"] == s["defects"] and s["false_err"] == [] and s["meta_bad"] == []


def test_saved_page_with_its_pictures_beside_it():
    doc = read_path(PAGE)
    assert doc.header["ocr_images"] == "3"
    assert_matches_key(doc)
    # the pictures' rows stand where the pictures stood: table 2 after its heading, before section 四
    texts = [r.text for r in doc.rows]
    heading = next(i for i, t in enumerate(texts) if t.startswith("三、收到和处理政府信息公开申请情况"))
    received = next(i for i, r in enumerate(doc.rows) if r.table is not None and "本年新收" in r.text)
    review = next(i for i, t in enumerate(texts) if t.startswith("四、政府信息公开行政复议"))
    assert heading < received < review
    cell = next(c for c in doc.rows[received].cells if c.text == "821")
    assert cell.at["image"] == "051_shanghai-szfbgt-2019_files/table1.png" and "ocr_confidence" in cell.at


def test_inline_pictures_need_no_files():
    html = PAGE.read_text("utf-8")
    for n in range(3):
        data = base64.b64encode((FILES / f"table{n}.png").read_bytes()).decode("ascii")
        html = html.replace(f"051_shanghai-szfbgt-2019_files/table{n}.png", f"data:image/png;base64,{data}")
    assert_matches_key(read_bytes(html.encode("utf-8"), "page.html"))


def test_web_archive_with_the_pictures_as_parts():
    message = MIMEMultipart("related")
    page = MIMEBase("text", "html", charset="utf-8")
    page.set_payload(PAGE.read_bytes())
    encoders.encode_quopri(page)
    page["Content-Location"] = "http://www.example.gov.cn/xxgk/051.html"
    message.attach(page)
    for n in range(3):
        picture = MIMEBase("image", "png")
        picture.set_payload((FILES / f"table{n}.png").read_bytes())
        encoders.encode_base64(picture)
        picture["Content-Location"] = f"http://www.example.gov.cn/xxgk/051_shanghai-szfbgt-2019_files/table{n}.png"
        message.attach(picture)
    doc = read_bytes(message.as_bytes(), "051.mht")
    assert doc.source.media_type == "multipart/related"
    assert_matches_key(doc)


def test_pictures_are_not_read_when_the_text_has_the_tables():
    asked = []
    page = (DATA / "corpus" / "raw" / "051_shanghai-szfbgt-2019.html").read_text("utf-8")
    page = page.replace("</p>", '</p><img src="logo.png">', 1)
    doc = read_bytes(page.encode("utf-8"), "page.html", image_bytes=lambda src: asked.append(src))
    assert doc.images and asked == [] and "ocr_images" not in doc.header


def test_only_pictures_inside_the_pages_folder(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.png").write_bytes((FILES / "table1.png").read_bytes())
    html = PAGE.read_text("utf-8")
    for n, src in enumerate(["../secret.png", str(tmp_path / "secret.png"), "file:///etc/hostname"]):
        html = html.replace(f"051_shanghai-szfbgt-2019_files/table{n}.png", src)
    (tmp_path / "site" / "page.html").write_text(html, "utf-8")
    doc = read_path(tmp_path / "site" / "page.html")
    assert "ocr_images" not in doc.header and not any(r.table is not None and "本年新收" in r.text for r in doc.rows)


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n broken"])
def test_pictures_that_are_no_pictures_are_passed_over(data):
    html = PAGE.read_text("utf-8").replace("051_shanghai-szfbgt-2019_files/table1.png", "x.png")
    doc = read_bytes(html.encode("utf-8"), "page.html",
                     image_bytes=lambda src: data if src == "x.png" else (FILES / Path(src).name).read_bytes())
    assert doc.header["ocr_images"] == "2"  # the two real pictures; the broken one is no table
    assert images.missing_tables(doc)


def test_review_cases_pictures_in_cells_hidden_pictures_and_spaces_in_words():
    html = PAGE.read_text("utf-8")
    for n in range(3):  # each picture in a one-cell table, as editors lay pictures out
        src = f"051_shanghai-szfbgt-2019_files/table{n}.png"
        html = html.replace(f'<img src="{src}">', f'<table><tr><td><img src="{src}"></td></tr></table>')
    doc = read_bytes(html.encode("utf-8"), "page.html", image_bytes=lambda src: (FILES / Path(src).name).read_bytes())
    assert_matches_key(doc)
    hidden = '<p>正文</p><img src="a.png" style="display:none"><img src="b.png" hidden><img src="c.png">'
    doc = read_bytes(f"<html><body>{hidden}</body></html>".encode("utf-8"), "page.html")
    assert [src for _, src in doc.images] == ["c.png"]
    words = read_bytes("<p>行政许可 行政处罚 本年\n新收 予以公开 尚未\n审结 维持</p>".encode("utf-8"), "a.html")
    assert not images.missing_tables(words)


def test_review_cases_attempts_are_bounded_and_missing_tables_stay_reported(monkeypatch):
    from gongkai.readers import ocr

    asked = []
    page = "<p>某某局2023年政府信息公开工作年度报告</p>" + "".join(f'<img src="icon{n}.gif">' for n in range(40))
    read_bytes(page.encode("utf-8"), "page.html", image_bytes=lambda src: asked.append(src))
    assert len(asked) == images.MAX_IMAGES
    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = read_path(PAGE)  # without OCR the pictures stay pictures, and the tables are missing
    findings = {f.rule for f in check_document(doc).findings}
    assert "tables.missing" in findings and "source.unreadable" not in findings


def test_review_cases_resolvers_refuse_long_paths_and_other_sites():
    from gongkai.readers import _file_beside
    from gongkai.readers.web import Fetcher, _picture

    assert _file_beside(PAGE, "a/" * 100_000) is None
    assert _picture(Fetcher(), "http://elsewhere.example/x.png", "http://127.0.0.1:9/page.html") is None
    assert _picture(Fetcher(), "ftp://127.0.0.1:9/x.png", "http://127.0.0.1:9/page.html") is None


def test_pictures_inside_their_heading_paragraph_stand_after_the_heading(tmp_path):
    # <p>三、收到和处理政府信息公开申请情况<img src=…></p>: the picture comes after the heading's text,
    # so its table's rows must follow the heading's row, not precede it
    page = PAGE.read_text("utf-8")
    moved = re.sub(r'</p>(<img src="[^"]+">)', r"\1</p>", page)
    assert moved.count('png"></p>') == 3
    (tmp_path / PAGE.name).write_text(moved, "utf-8")
    shutil.copytree(FILES, tmp_path / FILES.name)
    doc = read_path(tmp_path / PAGE.name)
    assert doc.header["ocr_images"] == "3"
    texts = [r.text for r in doc.rows]
    heading = next(i for i, t in enumerate(texts) if t.startswith("三、收到和处理政府信息公开申请情况"))
    received = next(i for i, r in enumerate(doc.rows) if r.table is not None and "本年新收" in r.text)
    review = next(i for i, t in enumerate(texts) if t.startswith("四、政府信息公开行政复议"))
    assert heading < received < review
    assert_matches_key(doc)


def test_a_picture_after_text_in_its_paragraph_is_placed_after_that_paragraph():
    doc = read_bytes("<p>表一<img src='a.png'>尾</p><p><img src='b.png'>正文</p><p>末</p>".encode(), "p.html")
    assert [r.text for r in doc.rows] == ["表一尾", "正文", "末"]
    # a.png after its paragraph's row; b.png, first in its paragraph, before that paragraph's row
    assert doc.images == [(1, "a.png"), (1, "b.png")]


def test_a_pictured_table_between_text_tables_is_numbered_in_page_order(tmp_path):
    # the corpus page with only its second table (收到和处理申请) a picture: tables 0, 1, 2 as they stand
    page = (DATA / "corpus" / "raw" / PAGE.name).read_text("utf-8")
    start = [m.start() for m in re.finditer(r"<table", page)][1]
    end = page.index("</table>", start) + len("</table>")
    page = page[:start] + f'<img src="{FILES.name}/table1.png">' + page[end:]
    (tmp_path / PAGE.name).write_text(page, "utf-8")
    shutil.copytree(FILES, tmp_path / FILES.name)
    doc = read_path(tmp_path / PAGE.name)
    assert doc.header["ocr_images"] == "1"
    tables = [r.table for r in doc.rows if r.table is not None]
    assert tables == sorted(tables) and set(tables) == {0, 1, 2}
    pictured = {r.table for r in doc.rows if r.table is not None and any("image" in c.at for c in r.cells)}
    assert pictured == {1}
    for row in doc.rows:  # a text table's cells say the same table as their row
        for cell in row.cells:
            if "table" in cell.at:
                assert cell.at["table"] == row.table
    assert_matches_key(doc)
