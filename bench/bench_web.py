"""Benchmark the oversight app on PostgreSQL: import N synthetic reports (reports/s, peak memory),
then p50/p95 latency of the report page and the jurisdiction dashboard (county, city, province)
served by gunicorn on loopback, at 1 and more concurrent clients.

    apt-get install -y wrk          # the load tool (Debian package); without it a slower fallback is used
    .venv/bin/python bench/bench_web.py --count 10000
    .venv/bin/python bench/bench_web.py --reuse            # load phases only, on the previous import

Uses its own database (default postgres://postgres@127.0.0.1:5432/gongkai_bench, recreated).
Synthetic reports are contract JSON built here: consistent tables (the official relations hold) with a
few deliberate errors, for a tree of 1 province > 10 cities > 10 counties > 9 departments, 10 years.

Server: gunicorn, --workers (2) x --threads (2) gthread workers, DEBUG off, PostgreSQL connections kept.
Load: wrk (C, its own process; closed loop: each connection sends its next request when the last one
is answered) with a Lua script picking a random URL per request; latency percentiles from wrk's own
histogram. If wrk is missing (or --client python) the fallback is one Python process per concurrent
client (http.client, keep-alive), never threads in this process.

What is cached: nothing in the app. The server runs with GONGKAI_CACHE=none (Django's DummyCache), so
the dashboard's memo (analysis.cached_dashboard) is off and every dashboard request is computed. The
dashboard URLs are random (root, year) pairs of the level (1000 county pairs, 100 city pairs, 10
province years), and nothing is warmed over them: the only warm-up is 20 report pages of other ids
(first connections, imports in each worker). PostgreSQL's own buffers hold the data after the import
(about 550 MB at 10,000 reports, smaller than RAM), as on a server in steady state; VACUUM ANALYZE
after the import does what autovacuum would.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import tempfile
import sys
import time
import urllib.request
import http.client
import multiprocessing
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


WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("GK_PATHS")) do paths[#paths + 1] = line end
wrk.headers["Cookie"] = os.getenv("GK_COOKIE")
local seeded = false
request = function()
  if not seeded then math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); seeded = true end
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("GK_RESULT %d %d %d %d %d %d %d\n", summary.requests, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def load_wrk(base, paths, cookie, conc, seconds):
    with tempfile.TemporaryDirectory() as tmp:
        plist, script = Path(tmp, "paths.txt"), Path(tmp, "bench.lua")
        plist.write_text("\n".join(paths) + "\n")
        script.write_text(WRK_SCRIPT)
        env = {**os.environ, "GK_PATHS": str(plist), "GK_COOKIE": cookie}
        out = subprocess.run(["wrk", "-t", str(min(conc, 2)), "-c", str(conc), "-d", f"{seconds:g}s", "--timeout", "30s",
                              "-s", str(script), base], env=env, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("GK_RESULT"))
    n, p50, p95, p99, mx, status_err, sock_err = (int(x) for x in line.split()[1:])
    return {"n": n, "p50_ms": round(p50 / 1000, 1), "p95_ms": round(p95 / 1000, 1), "p99_ms": round(p99 / 1000, 1),
            "max_ms": round(mx / 1000, 1), "rps": round(n / seconds, 1), "errors": status_err + sock_err}


def _client(job):
    """One closed-loop client in its own process: random paths for `seconds`, latencies in ms."""
    host, port, paths, cookie, seconds, seed = job
    rng, times, errors = random.Random(seed), [], 0
    conn = http.client.HTTPConnection(host, port, timeout=30)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.perf_counter()
        conn.request("GET", rng.choice(paths), headers={"Cookie": cookie})
        r = conn.getresponse()
        r.read()
        times.append((time.perf_counter() - t) * 1000)
        errors += r.status != 200
    conn.close()
    return times, errors


def load_python(base, paths, cookie, conc, seconds):
    host, port = base.split("//")[1].split(":")
    with multiprocessing.get_context("spawn").Pool(conc) as pool:
        parts = pool.map(_client, [(host, int(port), paths, cookie, seconds, i) for i in range(conc)])
    times = sorted(t for ts, _ in parts for t in ts)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "p99_ms": round(times[max(0, int(len(times) * 0.99) - 1)], 1), "max_ms": round(times[-1], 1),
            "rps": round(len(times) / seconds, 1), "errors": sum(e for _, e in parts)}


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    get = lambda key: int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith(key))) / 1024
    return get("VmRSS:"), get("VmHWM:")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _db_backends(url: str) -> list[int]:
    """The PostgreSQL backends serving the benchmark database (other than the one asking)."""
    import psycopg
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")]


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--concurrency", default="1,2,4", help="concurrent clients per load phase, comma-separated")
    ap.add_argument("--seconds", type=float, default=15, help="duration of each load phase")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    ap.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                    help="load tool: wrk (apt-get install -y wrk), python (one process per client); auto: wrk if installed")
    ap.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/gongkai_bench")
    ap.add_argument("--reuse", action="store_true", help="skip the import: load-test the database of a previous run")
    args = ap.parse_args()
    concs = sorted({int(c) for c in args.concurrency.split(",")})
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
        if client == "python":
            print("wrk not found (Debian: apt-get install -y wrk): using one Python client process per connection",
                  flush=True)
    elif client == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install -y wrk, or --client python")
    load = load_wrk if client == "wrk" else load_python
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
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at start", flush=True)
    from django.db import connection
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    cpu0, db_cpu0 = time.process_time(), _cpu_seconds(backend)
    t0 = time.perf_counter()
    for n, (a, y) in enumerate(jobs, 1):
        d = synth(a.name, y, rng)
        store_report(a, EngineReport.from_dict(d), json.dumps(d, ensure_ascii=False).encode(), f"{a.pk}-{y}.json", admin)
        if n % 1000 == 0:
            print(f"  {n} reports, {n / (time.perf_counter() - t0):.1f}/s", flush=True)
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if jobs:
        print(f"import: {len(jobs)} reports in {elapsed:.1f}s = {len(jobs) / elapsed:.1f} reports/s; "
              f"peak RSS {peak_mb:.0f} MB; load average {os.getloadavg()[0]:.2f}", flush=True)
        # CPU per report holds on a busy machine, where the rate does not.
        app_ms = (time.process_time() - cpu0) / len(jobs) * 1000
        db_ms = (_cpu_seconds(backend) - db_cpu0) / len(jobs) * 1000
        print(f"import CPU per report: {app_ms:.1f} ms Python + {db_ms:.1f} ms PostgreSQL "
              f"= {1000 / (app_ms + db_ms):.1f} reports per CPU second", flush=True)
    with connection.cursor() as cur:  # what autovacuum does soon after a bulk import (statistics, visibility map)
        cur.execute("VACUUM ANALYZE")
        cur.execute("SELECT pg_database_size(current_database())")
        print(f"database size {cur.fetchone()[0] / 1048576:.0f} MB", flush=True)

    c = Client()
    c.force_login(admin)
    cookie = f"sessionid={c.cookies['sessionid'].value}"
    from django.db import connections
    connections.close_all()
    port = free_port()
    # Database connections kept for the whole run, so the CPU of each backend is counted from start to end.
    env = {**os.environ, "GONGKAI_ALLOWED_HOSTS": "127.0.0.1", "GONGKAI_CACHE": "none", "GONGKAI_DB_CONN_MAX_AGE": "3600"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "gongkai.web.wsgi:application",
                               "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads),
                               "--worker-class", "gthread", "--log-level", "warning"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"server: gunicorn {args.workers} workers x {args.threads} threads; client: {client}; "
          f"{args.seconds:g} s per phase; nothing cached in the app (GONGKAI_CACHE=none)", flush=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        from gongkai.web.oversight.models import Report
        ids = list(Report.objects.values_list("pk", flat=True))
        rng.shuffle(ids)
        warm, measured = ids[:20], ids[20:]
        for pk in warm:  # each worker's first requests (imports, connections), on pages not measured
            req = urllib.request.Request(f"{base}/reports/{pk}/", headers={"Cookie": cookie})
            urllib.request.urlopen(req, timeout=30).read()

        connections.close_all()

        def cpu():
            """CPU seconds so far of the server's workers and of the database backends, by pid."""
            return ({pid: _cpu_seconds(pid) for pid in _children(server.pid)},
                    {pid: _cpu_seconds(pid) for pid in _db_backends(args.db)})

        def phase(label, paths):
            for conc in concs:
                la = os.getloadavg()[0]
                before = cpu()
                r = load(base, paths, cookie, conc, args.seconds)
                after = cpu()
                # CPU per request holds on a busy machine, where latency does not: the same work, only waiting longer.
                app_ms, db_ms = (sum(t - b.get(pid, 0.0) for pid, t in a.items()) / max(r["n"], 1) * 1000
                                 for b, a in zip(before, after))
                r["cpu_ms_per_request"] = {"app": round(app_ms, 1), "db": round(db_ms, 1)}
                print(f"{label}, {conc} concurrent: {r}; load average {la:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)

        phase("report page", [f"/reports/{pk}/" for pk in measured])
        cities = [a.pk for a in agencies if a.level == "city"]
        counties = [a.pk for a in agencies if a.level == "county" and a.kind == "government"]
        for label, roots in ((f"dashboard county (~100 reports, {len(counties)} roots)", counties),
                             (f"dashboard city (~1000 reports, {len(cities)} roots)", cities),
                             ("dashboard province (all reports)", [prov.pk])):
            phase(label, [f"/dashboard/?root={r}&year={y}" for r in roots for y in years])
        workers = _children(server.pid)
        mem = [_rss_mb(pid) for pid in workers]
        if mem:
            print("server workers: RSS " + ", ".join(f"{cur:.0f} MB (peak {peak:.0f})" for cur, peak in mem), flush=True)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
