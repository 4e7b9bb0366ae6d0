"""MHTML web archives (gongkai.readers.mht): pages saved by a browser or by Word as one file.

tests/data/mht holds two real report pages (the corpus's 051 and the probe's 900001) as Chromium
saves them (Page.captureSnapshot, scripts off; gzipped). Word's "single file web page" is built here
with the standard library in Word's style: a preamble, the page in GB2312 and quoted-printable."""
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email import encoders
import gzip
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from gongkai.pipeline import check_bytes
from gongkai.readers import read_bytes, read_path, sniff
from gongkai.readers import mht
from tests.corpus_score import score
from tests.readers_doc.damage import damaged

DATA = Path(__file__).resolve().parents[1] / "data"
PAGE = ("<html><head><meta http-equiv=Content-Type content='text/html; charset=gb2312'>"
        "<title>某某局2023年政府信息公开工作年度报告</title></head><body>"
        "<p class=MsoNormal>某某局2023年政府信息公开工作年度报告</p>"
        "<table border=1><tr><td>本年新收政府信息公开申请数量</td><td>80</td></tr></table></body></html>")


def fixture(stem: str) -> bytes:
    return gzip.decompress((DATA / "mht" / f"{stem}.mht.gz").read_bytes())


def word_mht(page: str = PAGE, charset: str = "gb2312", encoding: str = "quoted-printable", extra=()) -> bytes:
    message = MIMEMultipart("related")
    message.preamble = "This document is a Single File Web Page, also known as a Web Archive file."
    part = MIMEBase("text", "html", charset=charset)
    part.set_payload(page.encode(charset))
    (encoders.encode_base64 if encoding == "base64" else encoders.encode_quopri)(part)
    part["Content-Location"] = "file:///C:/report.htm"
    for extra_part in extra:
        message.attach(extra_part)
    message.attach(part)
    return message.as_bytes()


def texts(doc):
    return [[c.text for c in r.cells] for r in doc.rows]


@pytest.mark.parametrize("stem, gold", [
    ("051_shanghai-szfbgt-2019", DATA / "corpus" / "gold" / "051.json"),
    ("900001_shuyang-fgj-2023", DATA / "probe" / "gold" / "900001.json"),
])
def test_pages_saved_by_chromium_match_their_keys(stem, gold):
    data = fixture(stem)
    assert read_bytes(data, f"{stem}.mht").source.media_type == "multipart/related"
    key = json.loads(gold.read_text("utf-8"))
    s = score(key, json.loads(check_bytes(data, f"{stem}.mht").to_json()), ".html")
    assert s["misses"] == [] and s["wrong_conf"] == 0
    assert s["found"] == s["defects"] and s["false_err"] == [] and s["meta_bad"] == []


def test_chromium_archive_reads_the_same_tables_as_the_page():
    archived = read_bytes(fixture("051_shanghai-szfbgt-2019"), "051.mht")
    page = read_path(DATA / "corpus" / "raw" / "051_shanghai-szfbgt-2019.html")
    assert [texts(archived)[i] for i, r in enumerate(archived.rows) if r.table is not None] == \
        [texts(page)[i] for i, r in enumerate(page.rows) if r.table is not None]


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_word_single_file_page_in_gb2312_named_doc(encoding):
    doc = read_bytes(word_mht(encoding=encoding), "report.doc")
    assert doc.source.media_type == "multipart/related" and not doc.problems
    assert texts(doc) == [["某某局2023年政府信息公开工作年度报告"], ["本年新收政府信息公开申请数量", "80"]]
    assert doc.header["title"] == "某某局2023年政府信息公开工作年度报告"


def test_the_page_the_start_parameter_names():
    header = MIMEText("<html><body><p>页眉</p></body></html>", "html", "utf-8")
    header["Content-ID"] = "<header>"
    data = word_mht(extra=[header])
    assert texts(read_bytes(data, "a.mht"))[0] == ["页眉"]  # no start parameter: the first page
    data = data.replace(b'multipart/related;', b'multipart/related; start="<main>";', 1)
    data = data.replace(b"Content-Location: file:///C:/report.htm", b"Content-ID: <main>\nContent-Location: x", 1)
    assert texts(read_bytes(data, "a.mht"))[0] == ["某某局2023年政府信息公开工作年度报告"]


def test_sniffed_by_content():
    assert sniff(word_mht(), "report.doc") == "multipart/related"
    assert sniff(fixture("051_shanghai-szfbgt-2019"), "x.html") == "multipart/related"
    assert sniff(b"From: someone\n\nhello 2023", "mail.txt") == "text/plain"  # a mail, not an archive


def test_archives_without_a_page_or_too_large_get_clear_problems(monkeypatch):
    image = MIMEBase("image", "png")
    image.set_payload(b"\x89PNG")
    encoders.encode_base64(image)
    only_image = MIMEMultipart("related")
    only_image.attach(image)
    doc = read_bytes(b"MIME-Version: 1.0\n" + only_image.as_bytes(), "x.mht")
    assert [p.rule for p in doc.problems] == ["source.unreadable"] and "text/html" in doc.problems[0].message
    monkeypatch.setattr(mht, "MAX_PAGE_BYTES", 100)
    doc = read_bytes(word_mht(), "x.mht")
    assert doc.problems and "超过" in doc.problems[0].message and not doc.rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_archives_never_raise(data):
    blob = damaged(data, word_mht(), 30, alphabet=b"=\r\n-:;\"<>AZaz09\x00\xff ")
    doc = read_bytes(blob, "damaged.mht")
    assert doc.rows or any(p.rule == "source.unreadable" for p in doc.problems)


def test_review_cases_charsets_and_content_ids():
    def archive(charset: str, body: bytes, cid: str = "<main>", start: str = "<main>") -> bytes:
        head = (f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"; start="{start}"\r\n\r\n--B\r\n'
                f'Content-Type: text/html; charset={charset}\r\nContent-ID: {cid}\r\n\r\n').encode("utf-8")
        return head + body + b"\r\n--B--\r\n"

    page = "<p>本年新收政府信息公开申请数量 80</p>"
    # a label that is no text encoding is not applied (punycode would transform the bytes, slowly)
    assert texts(read_bytes(archive("punycode", page.encode("gb18030")), "a.mht")) == [["本年新收政府信息公开申请数量 80"]]
    # UTF-8 labelled gb2312 stays UTF-8
    assert texts(read_bytes(archive("gb2312", page.encode("utf-8")), "a.mht")) == [["本年新收政府信息公开申请数量 80"]]
    # a Content-ID that is not ASCII
    assert texts(read_bytes(archive("utf-8", page.encode("utf-8"), cid="<页>", start="<页>"), "a.mht")) \
        == [["本年新收政府信息公开申请数量 80"]]
