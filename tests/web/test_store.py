"""Storing reports: versions, the long cell table, duplicates, ingest (incl. zip limits), import_paths."""
import io
import zipfile
from pathlib import Path

import pytest

from gongkai.web.oversight import permissions as perm, services
from gongkai.web.oversight.models import AuditEntry, Cell, Finding, PendingUpload, Report, ReportVersion

from .conftest import BALANCE, as_bytes, contract

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "raw"


def test_store_keeps_json_cells_and_findings(tree, store):
    v = store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 12}, [BALANCE]))
    assert v.number == 1 and v.report.current_id == v.pk
    assert v.data["meta"]["year"] == 2023 and v.errors == 1
    cell = Cell.objects.get(version=v, cell_id="requests.new.total")
    assert cell.value == 12 and cell.status == "read" and cell.current and cell.agency == tree["a"]
    assert Cell.objects.filter(version=v).count() == len(v.data["cells"])
    f = Finding.objects.get(version=v)
    assert f.rule == "requests.balance" and f.state == "open" and f.cells == BALANCE["cells"]


def test_corrected_version_replaces_current_and_keeps_history(tree, store):
    v1 = store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 12}, [BALANCE]))
    v2 = store(tree["a"], contract("甲县人民政府", 2023, {"requests.new.total": 13}))
    rep = Report.objects.get(agency=tree["a"], year=2023)
    assert rep.current == v2 and v2.number == 2 and rep.versions.count() == 2
    assert not Cell.objects.filter(version=v1, current=True).exists()
    assert Cell.objects.get(current=True, agency=tree["a"], cell_id="requests.new.total").value == 13
    assert not Finding.objects.filter(version=v1, current=True).exists()
    assert AuditEntry.objects.filter(action="report.version", object_id=str(v2.pk)).get().before["version"] == 1


def test_identical_file_is_not_stored_twice(tree, store):
    d = contract("甲县人民政府", 2023, {"requests.new.total": 12})
    v1 = store(tree["a"], d)
    assert store(tree["a"], d) == v1
    assert ReportVersion.objects.count() == 1


def test_ingest_matches_agency_by_name_and_flags_duplicates(tree, users):
    admin = users["admin"]
    scope = perm.viewable_agencies(admin)
    data = as_bytes(contract("甲县 教育局", 2022))  # spaces ignored when matching names
    r1 = services.ingest_one(data, "a.json", admin, scope=scope)
    assert r1.version is not None and r1.version.report.agency == tree["a_edu"]
    r2 = services.ingest_one(data, "a-again.json", admin, scope=scope)
    assert r2.duplicate and r2.version == r1.version
    r3 = services.ingest_one(data, "b.json", admin, scope=scope, agency=tree["b"])
    assert any("已作为" in n for n in r3.notes)  # same sha256 stored for another agency


def test_ingest_unknown_agency_waits_for_confirmation(tree, users):
    admin = users["admin"]
    res = services.ingest_one(as_bytes(contract("丙县人民政府", 2022)), "c.json", admin,
                              scope=perm.viewable_agencies(admin))
    assert res.version is None and res.pending is not None and "未能对应" in res.pending.reason
    v = services.confirm_pending(res.pending, tree["b"], 2022, admin)
    assert v.report.agency == tree["b"] and not PendingUpload.objects.exists()


def test_ingest_creates_unknown_agency_under_parent(tree, users):
    admin = users["admin"]
    res = services.ingest_one(as_bytes(contract("丙县人民政府", 2022)), "c.json", admin,
                              scope=perm.viewable_agencies(admin), parent=tree["city"], create_missing=True)
    assert res.version.report.agency.parent == tree["city"]
    assert res.version.report.agency.name == "丙县人民政府"


def test_ingest_without_year_is_pending(tree, users):
    res = services.ingest_one(as_bytes(contract("甲县人民政府", None)), "x.json", users["admin"],
                              scope=perm.viewable_agencies(users["admin"]))
    assert res.pending is not None and "年度" in res.pending.reason


def test_upload_size_bounded(tree, users, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 100
    res = services.ingest_one(b"x" * 101, "big.txt", users["admin"], scope=perm.viewable_agencies(users["admin"]))
    assert res.error and "过大" in res.error


def _zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_expands_report_files_only():
    data = _zip([("a/r1.json", b"{}"), ("r2.txt", b"x"), ("__MACOSX/._r1", b"y"), ("notes.exe", b"z")])
    assert [n for _, n in services.expand_upload(data, "batch.zip")] == ["r1.json", "r2.txt"]


@pytest.mark.parametrize("name", ["../evil.txt", "/abs.txt", "a/../../evil.txt", "C:/x.txt"])
def test_zip_path_traversal_refused(name):
    with pytest.raises(services.IngestError, match="不安全"):
        services.expand_upload(_zip([(name, b"x")]), "bad.zip")


def test_zip_entry_count_and_size_bounded(monkeypatch):
    monkeypatch.setattr(services, "ZIP_MAX_ENTRIES", 3)
    with pytest.raises(services.IngestError, match="过多"):
        services.expand_upload(_zip([(f"{i}.txt", b"x") for i in range(4)]), "many.zip")
    monkeypatch.setattr(services, "ZIP_MAX_ENTRIES", 500)
    monkeypatch.setattr(services, "ZIP_MAX_TOTAL", 1000)
    with pytest.raises(services.IngestError, match="过大"):
        services.expand_upload(_zip([("big.txt", b"0" * 2000)]), "bomb.zip")


def test_upload_page_stores_files_and_zip(tree, users, login, upload_file):
    c = login(users["city_reviewer"])
    z = _zip([("r1.json", as_bytes(contract("甲县人民政府", 2021))), ("r2.json", as_bytes(contract("乙县人民政府", 2021)))])
    from django.core.files.uploadedfile import SimpleUploadedFile
    resp = c.post("/upload/", {"files": [upload_file(contract("甲县教育局", 2021)), SimpleUploadedFile("b.zip", z)]})
    assert resp.status_code == 200
    assert set(Report.objects.values_list("agency__name", flat=True)) == {"甲县人民政府", "乙县人民政府", "甲县教育局"}


def test_agency_user_upload_goes_to_own_agency(tree, users, login, upload_file):
    c = login(users["edu_user"])
    c.post("/upload/", {"files": [upload_file(contract("乙县人民政府", 2021))]})
    # an agency user cannot file a report under another agency: it lands on its own agency
    assert list(Report.objects.values_list("agency__name", flat=True)) == ["甲县教育局"]


def test_import_paths_reads_real_reports(db, tmp_path):
    from gongkai.web.commands import import_paths
    files = [CORPUS / "006_pingtan-2021.txt", CORPUS / "004_pingtan-2019.txt"]
    seen = []
    counts = import_paths(files, progress=lambda n, o: seen.append(n), parent="平潭")
    assert counts["stored"] == 2 and len(seen) == 2
    reports = Report.objects.select_related("current", "agency")
    assert {r.year for r in reports} == {2019, 2021}
    for r in reports:
        assert r.agency.parent.name == "平潭"
        assert Cell.objects.filter(version=r.current, status="read").exists()
    assert import_paths(files, parent="平潭")["duplicate"] == 2


def test_ingest_url_with_fake_fetch(tree, users):
    """No network: a stand-in for gongkai.readers.web.fetch returns a Document read from a corpus file."""
    from gongkai import readers
    doc = readers.read_path(CORPUS / "006_pingtan-2021.txt")
    calls = []

    def fake_fetch(url):
        calls.append(url)
        return [doc]
    admin = users["admin"]
    res = services.ingest_url("https://example.gov.cn/nb/2021.html", admin, scope=perm.viewable_agencies(admin),
                              fetch=fake_fetch, agency=tree["b"])
    assert calls == ["https://example.gov.cn/nb/2021.html"]
    assert res[0].version is not None and res[0].version.report.year == 2021
    assert "平潭" in bytes(res[0].version.source).decode("utf-8")
    assert bytes(res[0].version.source).decode("utf-8") == doc.plain_text()  # the document's text, stored
    bad = services.ingest_url("javascript:alert(1)", admin, scope=perm.viewable_agencies(admin), fetch=fake_fetch)
    assert bad[0].error and len(calls) == 1


def test_pending_upload_confirmed_on_page(tree, users, login, upload_file):
    c = login(users["city_reviewer"])
    c.post("/upload/", {"files": [upload_file(contract("无名机关", 2022))]})
    pending = PendingUpload.objects.get()
    assert "无名机关" in c.get(f"/pending/{pending.pk}/").content.decode()
    r = c.post(f"/pending/{pending.pk}/", {"new_name": "无名机关", "parent": tree["b"].pk, "year": "2022"})
    rep = Report.objects.get()
    assert r.status_code == 302 and rep.agency.parent == tree["b"] and rep.agency.name == "无名机关"
    # another user cannot see someone's pending file
    c.post("/upload/", {"files": [upload_file(contract("无名机关二", 2022))]})
    other = PendingUpload.objects.get()
    assert login(users["b_reviewer"]).get(f"/pending/{other.pk}/").status_code == 404


def test_sample_corpus_available_for_first_run():
    from gongkai.web.commands import sample_dir
    d = sample_dir()
    assert d is not None and any(p.suffix in (".txt", ".html") for p in d.iterdir())
