"""Benchmark the oversight app on PostgreSQL: import N synthetic reports (reports/s, peak memory),
then p50/p95 latency of the report page and the dashboard under a small concurrent client on loopback.

    .venv/bin/python bench/bench_web.py --count 10000 --requests 400 --concurrency 8

Uses its own database (default postgres://postgres@127.0.0.1:5432/gongkai_bench, recreated).
Synthetic reports are contract JSON built here: consistent tables (the official relations hold) with a
few deliberate errors, for a tree of 1 province > 10 cities > 10 counties > 9 departments.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_db(url: str) -> None:
    import psycopg
    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def synth(agency: str, year: int, rng: random.Random) -> dict:
    from gongkai.report import SCHEMA
    from gongkai.spec import loader as spec
    fmt = "2021" if year >= 2021 else "2019"
    cells = {cid: {"value": None, "status": "blank", "raw": "", "at": None} for cid in spec.cell_ids(fmt)}
    findings = []
    cols = spec.columns_of("requests", fmt, "new")[:-1]
    outcome = [r for r in spec.rows_of("requests", fmt) if r not in ("new", "carried_in", "total", "carried_out")]
    totals = {r: 0 for r in spec.rows_of("requests", fmt)}
    for col in cols:
        new, cin = rng.choice([0, 0, rng.randint(0, 60)]), rng.randint(0, 3)
        cout = rng.randint(0, min(3, new + cin))
        handled = new + cin - cout
        parts = {r: 0 for r in outcome}
        for _ in range(handled):
            parts[rng.choice(outcome[:6] + ["granted"] * 6)] += 1
        for row, v in [("new", new), ("carried_in", cin), ("carried_out", cout), ("total", handled), *parts.items()]:
            cells[f"requests.{row}.{col}"] = {"value": v, "status": "read", "raw": str(v), "at": {"line": 1}}
            totals[row] += v
    for row, v in totals.items():
        cells[f"requests.{row}.total"] = {"value": v, "status": "read", "raw": str(v), "at": {"line": 1}}
    for g in ("reconsideration", "suit_direct", "suit_after"):
        vals = [rng.randint(0, 3) for _ in range(4)]
        for c, v in zip(("upheld", "corrected", "other", "pending", "total"), vals + [sum(vals)]):
            cells[f"review.{g}.{c}"] = {"value": v, "status": "read", "raw": str(v), "at": {"line": 1}}
    if rng.random() < 0.2:
        cells["requests.total.natural_person"]["value"] += 1
        findings.append({"rule": "requests.balance", "severity": "error", "message": "自然人列：勾稽关系不成立",
                         "cells": ["requests.new.natural_person", "requests.total.natural_person"]})
    published = f"{year + 1}-0{rng.choice([1, 1, 2, 3])}-{rng.randint(10, 28)}"
    return {"schema": SCHEMA, "source": {"name": f"{agency}-{year}.json"},
            "meta": {"title": f"{agency}{year}年政府信息公开工作年度报告", "agency": agency, "year": year,
                     "format": fmt, "published": published, "period": None},
            "sections": {"overview": "总体情况" * 50, "problems": f"存在的问题{rng.random()}"},
            "cells": cells, "findings": findings}


def build_tree():
    from gongkai.web.agencies.models import Agency
    prov = Agency.objects.create(name="基准省人民政府", kind="government", level="province")
    out = []
    for i in range(10):
        city = Agency.objects.create(name=f"第{i}市人民政府", parent=prov, kind="government", level="city")
        out.append(city)
        for j in range(10):
            county = Agency.objects.create(name=f"第{i}市第{j}县人民政府", parent=city, kind="government")
            out.append(county)
            for k in range(9):
                out.append(Agency.objects.create(name=f"第{i}市第{j}县第{k}局", parent=county))
    return prov, out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(urls, cookie, concurrency, deadline):
    def get(url):
        if time.monotonic() > deadline:
            return None
        req = urllib.request.Request(url, headers={"Cookie": cookie})
        t = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            assert r.status == 200
        return (time.perf_counter() - t) * 1000
    with ThreadPoolExecutor(concurrency) as ex:
        times = [t for t in ex.map(get, urls) if t is not None]
    times.sort()
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1), "max_ms": round(times[-1], 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=120, help="bound on each load phase")
    ap.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/gongkai_bench")
    ap.add_argument("--reuse", action="store_true", help="skip the import: load-test the database of a previous run")
    args = ap.parse_args()
    if not args.reuse:
        make_db(args.db)
    os.environ["GONGKAI_DATABASE_URL"] = args.db
    os.environ["GONGKAI_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from gongkai.report import Report as EngineReport
    from gongkai.web.oversight.services import store_report

    rng = random.Random(7)
    years = list(range(2016, 2026))
    if args.reuse:
        from gongkai.web.agencies.models import Agency
        prov = Agency.objects.get(parent__isnull=True)
        agencies = list(Agency.objects.exclude(pk=prov.pk))
        admin = get_user_model().objects.get(username="bench")
        jobs = []
    else:
        prov, agencies = build_tree()
        admin = get_user_model().objects.create_superuser("bench", password="bench")
        jobs = [(a, y) for a in agencies for y in years][: args.count]
    t0 = time.perf_counter()
    for n, (a, y) in enumerate(jobs, 1):
        d = synth(a.name, y, rng)
        store_report(a, EngineReport.from_dict(d), json.dumps(d, ensure_ascii=False).encode(), f"{a.pk}-{y}.json", admin)
        if n % 1000 == 0:
            print(f"  {n} reports, {n / (time.perf_counter() - t0):.1f}/s", flush=True)
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if jobs:
        print(f"import: {len(jobs)} reports in {elapsed:.1f}s = {len(jobs) / elapsed:.1f} reports/s; peak RSS {peak_mb:.0f} MB")
    from django.db import connection
    with connection.cursor() as cur:  # what autovacuum would do soon after a bulk import
        cur.execute("ANALYZE")

    c = Client()
    c.force_login(admin)
    cookie = f"sessionid={c.cookies['sessionid'].value}"
    port = free_port()
    env = {**os.environ, "GONGKAI_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen([sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload",
                               "--insecure"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        from gongkai.web.oversight.models import Report
        ids = list(Report.objects.values_list("pk", flat=True))
        report_urls = [f"{base}/reports/{rng.choice(ids)}/" for _ in range(args.requests)]
        cities = [a.pk for a in agencies if a.level == "city"]
        counties = [a.pk for a in agencies if a.level == "county" and a.kind == "government"]
        load(report_urls[:20], cookie, 2, time.monotonic() + 30)  # warm up
        for conc in sorted({1, args.concurrency}):
            rp = load(report_urls, cookie, conc, time.monotonic() + args.seconds)
            print(f"report page, {conc} concurrent: {rp}", flush=True)
        for label, roots, n in (("county (~100 reports)", counties, args.requests // 2),
                                ("city (~1000 reports)", cities, args.requests // 4),
                                ("province (all 10000)", [prov.pk], 20)):
            urls = [f"{base}/dashboard/?root={rng.choice(roots)}&year={rng.choice(years)}" for _ in range(n)]
            for conc in sorted({1, args.concurrency}):
                dp = load(urls, cookie, conc, time.monotonic() + args.seconds)
                print(f"dashboard {label}, {conc} concurrent: {dp}", flush=True)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
