"""200 public submissions at once against PostgreSQL through a live server: all stored, all with
distinct tracking codes. Needs GONGKAI_DATABASE_URL (skipped only when it is unset)."""
import http.cookiejar
import os
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("GONGKAI_DATABASE_URL"), reason="GONGKAI_DATABASE_URL is not set"),
]

N = 200
WORKERS = 40  # concurrent clients; below PostgreSQL's default max_connections (100) with headroom


def submit(base: str, agency_id: int, i: int) -> str:
    """One applicant: fetch the form (CSRF cookie and token), post it, follow to the status page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/desk/apply/{agency_id}/"
    page = opener.open(url, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {**application(name=f"申请人{i}", id_number=f"ID{i:06d}", description=f"第{i}号申请：请公开某项目{i}的环评批复"),
            "csrfmiddlewaretoken": token}
    req = urllib.request.Request(url, urllib.parse.urlencode(data).encode(), headers={"Referer": url})
    with opener.open(req, timeout=60) as resp:
        final = resp.geturl()
        body = resp.read().decode()
    m = re.search(r"/desk/status/([A-Z0-9]+)/$", final)
    assert m, (final, body[:500])
    assert m.group(1) in body
    return m.group(1)


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_submissions(live_server, agency, settings):
    from django.db import connection
    from gongkai.web.desk.models import Request
    assert connection.vendor == "postgresql"
    settings.DESK_INTAKE_PER_HOUR = 10 * N  # every client comes from 127.0.0.1
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(submit, live_server.url, agency.pk, i) for i in range(N)]
        # A hang guard, not a speed assertion: a lost request must fail the test, not hang it.
        codes = [f.result(timeout=300) for f in futures]
    assert len(codes) == N and len(set(codes)) == N
    stored = dict(Request.objects.filter(agency=agency).values_list("code", "name"))
    assert len(stored) == N
    assert set(stored) == set(codes)
    assert sorted(stored.values()) == sorted(f"申请人{i}" for i in range(N))
