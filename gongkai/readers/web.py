"""Fetching reports from the web, politely: `fetch(url)` -> Documents (one per report found).

The URL may be a report page, an agency's list of annual reports (its report links on the same
site are followed), or a report file (PDF, OFD, Word, RTF). A report page that only links its report as an
attachment gives the attachment's Document. Every request goes through one Fetcher: a per-host
rate limit, robots.txt, retries with exponential backoff on 5xx and timeouts, a timeout and a size
cap (the body is streamed and dropped past the cap). Failures become Documents with a Problem, so
a caller gets one result per URL it asked about and never an exception.
"""
from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from dataclasses import dataclass

from ..document import Document, Problem, Source
from . import read_bytes

USER_AGENT = "gongkai/0.1 (+government information disclosure annual report checker; polite: 1 request/s, robots.txt)"
MAX_BYTES = 30 * 1024 * 1024
TIMEOUT_S = 20.0
MAX_REPORTS = 30

REPORT_LINK = re.compile(r"年度报告|年报|nianbao|ndbg|gknb|xxgknb|annual", re.I)
ATTACHMENT = re.compile(r"\.(pdf|ofd|docx?|wps|rtf|mhtml?)(?:$|[?#])", re.I)


class FetchError(Exception):
    """A URL that could not be fetched; the message is Chinese, for the report."""


@dataclass
class Response:
    url: str
    status: int
    content_type: str
    body: bytes


class Fetcher:
    """One polite HTTP client: rate limit per host, robots.txt, retries, timeout, size cap."""

    def __init__(self, *, min_interval: float = 1.0, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES,
                 retries: int = 3, backoff: float = 1.0, user_agent: str = USER_AGENT, robots: bool = True):
        self.min_interval = min_interval
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent
        self.robots = robots
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener()
        self.requests = 0  # requests sent (for tests and logs)

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.min_interval
            if ready > now:
                time.sleep(ready - now)
            self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.robots:
            return True
        parts = urllib.parse.urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                r = self._get(key + "/robots.txt", retries=0, max_bytes=512 * 1024)
                parser.parse(r.body.decode("utf-8", "replace").splitlines())
            except FetchError as e:
                # No robots.txt (404) allows everything; 401/403 forbid everything (RFC 9309).
                if getattr(e, "status", None) in (401, 403):
                    parser.disallow_all = True
                else:
                    parser.allow_all = True
            self._robots[key] = parser
        return self._robots[key].can_fetch(self.user_agent, url)

    def get(self, url: str) -> Response:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"不支持的网址：{url}（只支持 http/https）")
        if not self.allowed(url):
            raise FetchError(f"网站的 robots.txt 不允许抓取此网址：{url}")
        return self._get(url, self.retries, self.max_bytes)

    def _get(self, url: str, retries: int, max_bytes: int) -> Response:
        host = urllib.parse.urlsplit(url).netloc
        attempt = 0
        while True:
            self._wait_turn(host)
            self.requests += 1
            try:
                return self._once(url, max_bytes)
            except FetchError as e:
                status = getattr(e, "status", None)
                transient = status is None and getattr(e, "transient", False) or (status is not None and status >= 500) or status == 429
                if not transient or attempt >= retries:
                    raise
            time.sleep(self.backoff * (2 ** attempt))
            attempt += 1

    def _once(self, url: str, max_bytes: int) -> Response:
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with self._opener.open(req, timeout=self.timeout) as r:
                length = r.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FetchError(f"网页或文件过大（{int(length) // 1048576} MB），超过 {max_bytes // 1048576} MB 上限：{url}")
                chunks, size = [], 0
                while True:
                    chunk = r.read(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"网页或文件过大，超过 {max_bytes // 1048576} MB 上限，已停止下载：{url}")
                    chunks.append(chunk)
                return Response(r.geturl(), r.status, r.headers.get("Content-Type", ""), b"".join(chunks))
        except urllib.error.HTTPError as e:
            err = FetchError(f"网站返回错误 {e.code}：{url}")
            err.status = e.code
            raise err from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
            if isinstance(e, FetchError):
                raise
            reason = getattr(e, "reason", e)
            err = FetchError(f"无法连接或连接超时（{reason}）：{url}")
            err.transient = True
            raise err from None


def _failed(url: str, message: str) -> Document:
    return Document(Source(url, "", "application/octet-stream"), problems=[Problem("source.unreadable", message, {"url": url})])


def _read_url(fetcher: Fetcher, url: str) -> Document:
    try:
        r = fetcher.get(url)
    except FetchError as e:
        return _failed(url, str(e))
    media = None
    ctype = r.content_type.split(";")[0].strip().lower()
    if ctype == "application/pdf":
        media = "application/pdf"
    # a page whose tables are pictures: they are fetched as the page was (same limits)
    doc = read_bytes(r.body, r.url or url, media,
                     image_bytes=lambda src: _picture(fetcher, urllib.parse.urljoin(r.url or url, src), r.url or url))
    doc.header.setdefault("url", r.url or url)
    return doc


def _picture(fetcher: Fetcher, url: str, page_url: str) -> bytes | None:
    """A picture of the page, from the page's own site (as links are followed), at most 20 MB."""
    from . import MAX_IMAGE_BYTES

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urllib.parse.urlsplit(page_url).netloc:
        return None
    try:
        body = fetcher.get(url).body
    except FetchError:
        return None
    return body if len(body) <= MAX_IMAGE_BYTES else None


def is_report(doc: Document) -> bool:
    """A page that holds a report's tables (not a list of links, not an attachment stub)."""
    text = doc.plain_text()
    return any(r.delimited and len(r.cells) > 2 for r in doc.rows) or ("本年新收" in text and "申请" in text)


def report_links(doc: Document, base: str) -> list[tuple[str, str]]:
    """(absolute URL, anchor text) of links on the same site that look like annual reports."""
    host = urllib.parse.urlsplit(base).netloc
    out, seen = [], set()
    for href, text in doc.links:
        url = urllib.parse.urljoin(base, href.strip())
        url = url.split("#")[0]
        if urllib.parse.urlsplit(url).netloc != host or url in seen or url == base:
            continue
        if REPORT_LINK.search(text or "") or REPORT_LINK.search(urllib.parse.unquote(href)):
            seen.add(url)
            out.append((url, text))
    return out


def attachment_links(doc: Document, base: str) -> list[tuple[str, str]]:
    """(absolute URL, anchor text) of linked report files (PDF, OFD, Word, RTF, web archives)."""
    out, seen = [], set()
    for href, text in doc.links:
        url = urllib.parse.urljoin(base, href.strip()).split("#")[0]
        if ATTACHMENT.search(urllib.parse.urlsplit(url).path + "?") and url not in seen:
            seen.add(url)
            out.append((url, text))
    return out


def fetch(url: str, *, fetcher: Fetcher | None = None, max_reports: int = MAX_REPORTS, follow: bool = True) -> list[Document]:
    """The reports at `url`: the page itself, its report attachments, or the reports it lists."""
    fetcher = fetcher or Fetcher()
    doc = _read_url(fetcher, url)
    if doc.problems and not doc.rows:
        return [doc]
    base = doc.header.get("url", url)
    if not doc.source.media_type.startswith("text/"):
        return [doc]  # a report file
    if is_report(doc):
        return [doc]
    # A report page whose body is only a link to the report file: read the attachment(s).
    attachments = attachment_links(doc, base)
    named = [a for a, text in attachments if REPORT_LINK.search(text or "") or REPORT_LINK.search(urllib.parse.unquote(a))]
    if not named and attachments and len(attachments) <= 3 and REPORT_LINK.search(doc.header.get("title", "") + doc.plain_text()[:500]):
        named = [a for a, _ in attachments]
    if named:
        return [_read_url(fetcher, a) for a in named[:max_reports]]
    if not follow:
        return [doc]
    links = report_links(doc, base)
    if not links:
        doc.problems.append(Problem("source.unreadable", "此网页不是年度报告，也没有找到年度报告的链接", {"url": url}))
        return [doc]
    out = []
    for link, _ in links[:max_reports]:
        out.extend(fetch(link, fetcher=fetcher, max_reports=max_reports, follow=False))
    return out
