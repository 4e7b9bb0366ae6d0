"""Fetching against a local HTTP server on 127.0.0.1 (never the real network)."""
import http.server
import threading
from pathlib import Path

import pytest

from gongkai.readers import web

RAW = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"
PICTURES = Path(__file__).resolve().parents[1] / "data" / "pictures"

LIST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>政府信息公开年度报告</title></head><body>
<ul>
<li><a href="/r/016.html">金井片区2023年政府信息公开工作年度报告</a></li>
<li><a href="/r/030.html">自然资源局2023年政府信息公开工作年度报告</a></li>
<li><a href="/nianbao/050.html">海坛片区2025年</a></li>
<li><a href="/private/secret.html">2022年度报告（robots.txt 不允许）</a></li>
<li><a href="/about.html">关于我们</a></li>
<li><a href="http://example.invalid/ndbg.html">外站年度报告</a></li>
</ul></body></html>"""

STUB_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>洪泽区2023年政府信息公开工作年度报告</title></head>
<body><p>洪泽区人民政府2023年政府信息公开工作年度报告，详见附件。</p>
<p>附件：<a href="/files/hongze-2023.pdf">洪泽区2023年政府信息公开工作年度报告.pdf</a></p></body></html>"""


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict = {}

    def log_message(self, *args):
        pass

    def send(self, code, body: bytes, ctype="text/html; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        self.server.agents.add(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/list.html":
            return self.send(200, LIST_PAGE.encode())
        if path == "/r/016.html":
            return self.send(200, (RAW / "016_pingtan-jinjing-pianqu-2023.html").read_bytes())
        if path == "/r/030.html":
            # fails once with a 500, then succeeds: the fetcher retries
            if Handler.hits[path] == 1:
                return self.send(500, b"busy")
            return self.send(200, (RAW / "030_pingtan-zrz-2023.html").read_bytes())
        if path == "/nianbao/050.html":
            return self.send(200, (RAW / "050_pingtan-haitan-pianqu-2025.html").read_bytes())
        if path == "/private/secret.html":
            return self.send(200, b"<html><body>should never be fetched</body></html>")
        if path == "/stub.html":
            return self.send(200, STUB_PAGE.encode())
        if path == "/pictures/051.html":  # a report whose tables are pictures on the site
            return self.send(200, (PICTURES / "051_shanghai-szfbgt-2019.html").read_bytes())
        if path.startswith("/pictures/051_shanghai-szfbgt-2019_files/"):
            return self.send(200, (PICTURES / "051_shanghai-szfbgt-2019_files" / path.rsplit("/", 1)[1]).read_bytes(),
                             "image/png")
        if path == "/ofd-stub.html":
            return self.send(200, STUB_PAGE.replace("/files/hongze-2023.pdf", "/files/hongze-2023.ofd").encode())
        if path == "/files/hongze-2023.ofd":
            from gongkai.synth.ofd import pdf_to_ofd

            return self.send(200, pdf_to_ofd((RAW / "001_huaian-hongze-qu-2023.pdf").read_bytes()), "application/ofd")
        if path == "/files/hongze-2023.pdf":
            return self.send(200, (RAW / "001_huaian-hongze-qu-2023.pdf").read_bytes(), "application/pdf")
        if path == "/huge.html":
            # streamed without Content-Length, far over the cap
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/always500.html":
            return self.send(503, b"down")
        return self.send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.agents = set()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", srv
    srv.shutdown()
    srv.server_close()


def fetcher(**kw):
    kw.setdefault("min_interval", 0.0)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 30)  # generous: the machine is shared and may be slow
    return web.Fetcher(**kw)


def test_report_page(server):
    base, _ = server
    docs = web.fetch(base + "/r/016.html", fetcher=fetcher())
    assert len(docs) == 1
    doc = docs[0]
    assert doc.source.name == base + "/r/016.html"
    assert not doc.problems
    assert any(r.table is not None for r in doc.rows)


def test_list_page_follows_same_site_report_links(server):
    base, srv = server
    f = fetcher()
    docs = web.fetch(base + "/list.html", fetcher=f)
    names = sorted(d.source.name for d in docs)
    assert names == sorted([base + "/r/016.html", base + "/r/030.html", base + "/nianbao/050.html", base + "/private/secret.html"])
    by_name = {d.source.name: d for d in docs}
    # robots.txt forbids /private/: a problem, and the server never saw the request
    blocked = by_name[base + "/private/secret.html"]
    assert blocked.problems and "robots.txt" in blocked.problems[0].message
    assert "/private/secret.html" not in Handler.hits
    # the 500 was retried and the page read
    assert not by_name[base + "/r/030.html"].problems
    assert Handler.hits["/r/030.html"] >= 2
    assert "/about.html" not in Handler.hits
    assert all(a.startswith("gongkai/") for a in srv.agents)


def test_report_stub_reads_its_pdf_attachment(server):
    base, _ = server
    docs = web.fetch(base + "/stub.html", fetcher=fetcher())
    assert len(docs) == 1
    assert docs[0].source.media_type == "application/pdf"
    assert docs[0].source.name.endswith("/files/hongze-2023.pdf")
    assert any("本年新收" in c.text for r in docs[0].rows for c in r.cells)


def test_report_stub_reads_its_ofd_attachment(server):
    base, _ = server
    docs = web.fetch(base + "/ofd-stub.html", fetcher=fetcher())
    assert [d.source.media_type for d in docs] == ["application/ofd"]
    assert any("本年新收" in c.text for r in docs[0].rows for c in r.cells)


def test_a_page_whose_tables_are_pictures_fetches_them(server):
    base, _ = server
    docs = web.fetch(base + "/pictures/051.html", fetcher=fetcher())
    assert len(docs) == 1 and docs[0].header["ocr_images"] == "3"
    cell = next(c for r in docs[0].rows for c in r.cells if c.text == "821")
    assert cell.at["image"].endswith("table1.png")
    assert Handler.hits["/pictures/051_shanghai-szfbgt-2019_files/table1.png"] == 1


def test_size_cap_stops_the_download(server):
    base, _ = server
    docs = web.fetch(base + "/huge.html", fetcher=fetcher(max_bytes=256 * 1024))
    assert len(docs) == 1 and not docs[0].rows
    assert "上限" in docs[0].problems[0].message


def test_server_errors_give_up_after_retries(server):
    base, _ = server
    f = fetcher(retries=2)
    docs = web.fetch(base + "/always500.html", fetcher=f)
    assert "503" in docs[0].problems[0].message
    assert Handler.hits["/always500.html"] == 3


def test_not_found_and_bad_scheme(server):
    base, _ = server
    assert "404" in web.fetch(base + "/missing.html", fetcher=fetcher())[0].problems[0].message
    assert "http" in web.fetch("ftp://127.0.0.1/x", fetcher=fetcher())[0].problems[0].message


def test_rate_limit_spaces_requests_to_one_host(server, monkeypatch):
    base, _ = server
    slept = []
    monkeypatch.setattr(web.time, "sleep", lambda s: slept.append(s))
    f = web.Fetcher(min_interval=5.0, backoff=0.01, robots=False)
    f.get(base + "/r/016.html")
    f.get(base + "/r/016.html")
    assert slept and slept[-1] > 4.0
