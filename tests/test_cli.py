"""The command line, end to end: exit codes, the JSON contract, the workbook, bad input."""
import json
import os
from pathlib import Path
import subprocess
import sys

import pytest

from gongkai import spec
from gongkai.report import STATUSES

RAW = Path(__file__).parent / "data" / "corpus" / "raw"
GONGKAI = [sys.executable, "-m", "gongkai.cli"]


def run(*args, **kw):
    return subprocess.run(GONGKAI + list(args), capture_output=True, text=True, timeout=300, **kw)


def assert_contract(d: dict):
    """One report object exactly as gongkai/spec/CONTRACT.md says."""
    assert d["schema"] == "gongkai.report/1"
    assert set(d) == {"schema", "source", "meta", "sections", "cells", "findings"}
    assert {"name", "sha256", "media_type"} <= set(d["source"])
    assert {"title", "agency", "year", "format", "published", "period"} <= set(d["meta"])
    fmt = d["meta"]["format"]
    if fmt:
        assert set(d["cells"]) == set(spec.cell_ids(fmt)), "every cell id of the format, nothing else"
    for cid, c in d["cells"].items():
        assert c["status"] in STATUSES
        assert {"value", "status", "raw", "at"} <= set(c)
        if c["status"] in ("blank", "ambiguous", "missing"):
            assert c["value"] is None
        if c["status"] == "ambiguous":
            assert c["candidates"]
        if c["status"] == "inferred":
            assert c["derivation"]
    rules = spec.rules()
    for f in d["findings"]:
        assert f["rule"] in rules and f["severity"] == rules[f["rule"]].severity
        assert f["message"] and all(cid in d["cells"] or cid in spec.cell_ids("2021") + spec.cell_ids("2019") for cid in f["cells"])


def test_json_lines_follow_the_contract_for_a_folder(tmp_path):
    for name in ("006_pingtan-2021.txt", "051_shanghai-szfbgt-2019.html", "seed004.txt"):
        (tmp_path / name).write_bytes((RAW / name).read_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "030_pingtan-zrz-2023.txt").write_bytes((RAW / "030_pingtan-zrz-2023.txt").read_bytes())
    p = run("check", str(tmp_path), "--json")
    assert p.returncode == 0, p.stderr
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(lines) == 4  # folders are read recursively
    for d in lines:
        assert_contract(d)
    by_name = {d["source"]["name"]: d for d in lines}
    assert by_name["006_pingtan-2021.txt"]["cells"]["requests.new.total"]["value"] == 70
    assert "format.version" in {f["rule"] for f in by_name["seed004.txt"]["findings"]}


def test_terminal_output_shows_tables_and_findings():
    p = run("check", str(RAW / "030_pingtan-zrz-2023.txt"), env={**os.environ, "COLUMNS": "120"})
    assert p.returncode == 0
    assert "表二 收到和处理政府信息公开申请情况" in p.stdout
    assert "requests.column_sum" in p.stdout and "[错误]" in p.stdout


def test_findings_workbook(tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "findings.xlsx"
    p = run("check", str(RAW / "042_pingtan-zrz-2021.txt"), str(RAW / "050_pingtan-haitan-pianqu-2025.txt"), "--xlsx", str(out), "-q")
    assert p.returncode == 0, p.stderr
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "requests.balance" in text and "requests.column_sum" in text
    assert len(rows) >= 1 + 6


def test_bad_usage_and_missing_paths_exit_2():
    assert run("check", "/no/such/file.txt").returncode == 2
    assert run("check", "--no-such-option", str(RAW / "seed000.txt")).returncode == 2
    p = run("check", "/no/such/file.txt")
    assert "no such file" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff" * 1000, os.urandom(4096),
                                     "一、本年新收政府信息公开申请数量 1 2".encode(),
                                     b"<html><body><table><tr><td>\xe4\xb8\x80</td>", b"%PDF-1.4 truncated"])
def test_bad_input_gives_findings_not_tracebacks(tmp_path, content):
    f = tmp_path / "input.bin"
    f.write_bytes(content)
    p = run("check", str(f), "--json")
    assert p.returncode == 0 and "Traceback" not in p.stderr
    d = json.loads(p.stdout.splitlines()[0])
    assert_contract(d)
    assert d["findings"], "bad input must never pass silently"
    assert any(x["severity"] == "error" for x in d["findings"])


def test_a_huge_file_is_refused_with_a_finding(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        line = ("一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n" * 1000).encode()
        while out.tell() < 50 * 1024 * 1024:
            out.write(line)
    p = run("check", str(f), "--json")
    assert p.returncode == 0
    d = json.loads(p.stdout.splitlines()[0])
    assert "source.unreadable" in {x["rule"] for x in d["findings"]}


def test_a_table_with_an_extra_column_is_malformed_not_guessed(tmp_path):
    text = (RAW / "seed000.txt").read_text("utf-8")
    # add an eighth value after the first row of table 2
    i = text.index("一、本年新收政府信息公开申请数量")
    j = text.index("二、上年结转", i)
    text = text[:j] + "5\n\n" + text[j:]
    f = tmp_path / "extra.txt"
    f.write_text(text, "utf-8")
    d = json.loads(run("check", str(f), "--json").stdout.splitlines()[0])
    assert "table.malformed" in {x["rule"] for x in d["findings"]}
    assert d["cells"]["requests.new.natural_person"]["status"] in ("missing", "ambiguous", "inferred")


def test_check_a_url_served_locally(tmp_path):
    import functools
    import http.server
    import threading
    (tmp_path / "r.html").write_bytes((RAW / "030_pingtan-zrz-2023.html").read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        p = run("check", f"http://127.0.0.1:{server.server_address[1]}/r.html", "--json")
    finally:
        server.shutdown()
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout.splitlines()[0])
    assert_contract(d)
    assert d["cells"]["requests.new.total"]["value"] == 19
    assert "requests.column_sum" in {f["rule"] for f in d["findings"]}


def test_terminal_numbers_are_printed_as_read_not_rounded():
    from gongkai.terminal import _fmt

    assert [_fmt(v) for v in (18651.06, 5949.088667, 1234567.5, 3.0, 12, None)] == \
        ["18651.06", "5949.088667", "1234567.5", "3", "12", ""]


def test_a_folder_of_word_web_archive_and_ofd_files(tmp_path):
    import gzip

    from gongkai.synth.ofd import pdf_to_ofd

    data = Path(__file__).parent / "data"
    (tmp_path / "a.rtf").write_bytes(gzip.decompress((data / "rtf" / "051_shanghai-szfbgt-2019.rtf.gz").read_bytes()))
    (tmp_path / "b.MHT").write_bytes(gzip.decompress((data / "mht" / "051_shanghai-szfbgt-2019.mht.gz").read_bytes()))
    (tmp_path / "c.ofd").write_bytes(pdf_to_ofd((RAW / "001_huaian-hongze-qu-2023.pdf").read_bytes()))
    (tmp_path / "notes.xyz").write_bytes(b"not a report")
    p = run("check", str(tmp_path), "--json")
    assert p.returncode == 0, p.stderr
    by_name = {d["source"]["name"]: d for d in map(json.loads, p.stdout.splitlines())}
    assert set(by_name) == {"a.rtf", "b.MHT", "c.ofd"}  # by suffix, any case; other files left alone
    assert {d["source"]["media_type"] for d in by_name.values()} == {"application/rtf", "multipart/related", "application/ofd"}
    assert by_name["a.rtf"]["cells"]["requests.new.total"]["value"] == by_name["b.MHT"]["cells"]["requests.new.total"]["value"]
    assert by_name["c.ofd"]["meta"]["year"] == 2023
