"""The command line: `gongkai check`, `gongkai import`, `gongkai serve`.

    gongkai check report.html                 # tables and findings, readably
    gongkai check reports/ --json > out.jsonl # JSON Lines, one report per line (the contract)
    gongkai check reports/ --xlsx findings.xlsx
    gongkai check https://www.example.gov.cn/…/t20240125_86498.htm

Exit status: 0 whenever it ran (whatever the findings), 2 for bad usage or an unreadable path.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
import json
import os
from pathlib import Path
import sys

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="gongkai (公开): read and check government information disclosure annual reports.")

READABLE = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".mht", ".mhtml", ".pdf", ".ofd", ".docx",
            ".doc", ".wps", ".rtf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
PARALLEL_FROM = 8  # below this many files, worker start-up costs more than it saves


def _is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def collect(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files (folders walked recursively, in name order) and URLs; raise BadParameter for a bad path."""
    files: list[str] = []
    urls: list[str] = []
    for p in paths:
        if _is_url(p):
            urls.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            files.extend(str(f) for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in READABLE)
        elif path.is_file():
            files.append(str(path))
        else:
            raise typer.BadParameter(f"no such file or folder: {p}", param_hint="PATH")
    return files, urls


def _check_one(path: str) -> dict:
    from .pipeline import check_path
    try:
        return check_path(path).to_dict()
    except Exception as e:  # a bug must not hide the other files: report it as a finding, loudly
        from .report import Finding, Report
        r = Report(source={"name": Path(path).name, "sha256": None, "media_type": None})
        r.findings.append(Finding("source.unreadable", f"读取时出现内部错误（{type(e).__name__}: {e}），请报告此问题"))
        return r.to_dict()


def _check_many(files: list[str], jobs: int, progress) -> list[dict]:
    if len(files) < PARALLEL_FROM or jobs <= 1:
        out = []
        for f in files:
            out.append(_check_one(f))
            progress()
        return out
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        out = []
        for d in pool.map(_check_one, files, chunksize=max(1, min(32, len(files) // (jobs * 4) or 1))):
            out.append(d)
            progress()
        return out


def _check_urls(urls: list[str]) -> list[dict]:
    from .pipeline import check_document
    try:
        from .readers import web
    except ImportError:
        raise typer.BadParameter("fetching from the web is not available in this installation", param_hint="PATH")
    out = []
    for url in urls:
        for doc in web.fetch(url):
            out.append(check_document(doc).to_dict())
    return out


@app.command()
def check(
    paths: list[str] = typer.Argument(..., help="files, folders (read recursively) or http(s) URLs"),
    json_out: bool = typer.Option(False, "--json", help="write JSON Lines (one report per line) to stdout"),
    xlsx: Path = typer.Option(None, "--xlsx", help="also write a findings workbook (one row per finding)"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="worker processes for many files (default: all cores)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="findings only, no tables"),
):
    """Read and check annual reports; print their tables and findings."""
    files, urls = collect(paths)
    if not files and not urls:
        raise typer.BadParameter("no readable report files found", param_hint="PATH")
    jobs = jobs or os.cpu_count() or 1
    from rich.console import Console
    err = Console(stderr=True)
    show_progress = len(files) >= PARALLEL_FROM and err.is_terminal
    if show_progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            task = bar.add_task("读取与检查", total=len(files))
            results = _check_many(files, jobs, lambda: bar.advance(task))
    else:
        results = _check_many(files, jobs, lambda: None)
    results += _check_urls(urls) if urls else []
    _across_years(results)
    if json_out:
        out = sys.stdout
        for d in results:
            out.write(json.dumps(d, ensure_ascii=False))
            out.write("\n")
    else:
        from .terminal import print_report
        con = Console()
        for d in results:
            print_report(con, d, tables=not quiet)
    if xlsx is not None:
        from .render.xlsx import findings_workbook
        from .report import Report
        xlsx.write_bytes(findings_workbook([Report.from_dict(d) for d in results]))
        err.print(f"findings workbook written: {xlsx}")


def _across_years(results: list[dict]) -> None:
    """Reports of one agency for consecutive years checked together get the across-years findings."""
    if len(results) < 2:
        return
    from .checks import run_across_years
    from .report import Report
    reports = [Report.from_dict(d) for d in results]
    before = [len(r.findings) for r in reports]
    run_across_years(reports)
    for d, r, n in zip(results, reports, before):
        if len(r.findings) != n:
            d["findings"] = r.to_dict()["findings"]


@app.command("import")
def import_(paths: list[str] = typer.Argument(..., help="files, folders (read recursively) or .zip files"),
            parent: str = typer.Option(None, "--parent", help="a new agency is created under this agency")):
    """Read, check and store reports in the oversight database (creates it if needed)."""
    files, urls = collect(paths)
    if urls:
        raise typer.BadParameter("import reads files and folders; fetch web pages with `gongkai check URL`", param_hint="PATH")
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress
    from .web.commands import import_paths
    con = Console(stderr=True)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  console=con, transient=True) as bar:
        task = bar.add_task("导入", total=len(files))

        def progress(name: str, outcome: str) -> None:
            bar.console.print(f"{Path(name).name}：{outcome}")
            bar.advance(task)

        counts = import_paths(files, progress=progress, parent=parent)
    con.print(f"已保存 {counts['stored']}，重复 {counts['duplicate']}，跳过 {counts['skipped']}，失败 {counts['failed']}")


@app.command()
def serve(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000)):
    """Start the web app (SQLite in ./var by default, GONGKAI_DATABASE_URL for PostgreSQL); on first
    run it creates the database and loads the sample reports."""
    from .web.commands import serve as _serve
    _serve(host=host, port=port)


def main() -> None:
    try:
        app(standalone_mode=False)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (typer.BadParameter, typer.Abort) as e:
        _usage_error(str(e) if str(e) else "aborted")
    except Exception as e:  # click's UsageError and friends (typer vendors click)
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):
            _usage_error(e.format_message())
        raise
    sys.exit(0)


def _usage_error(message: str) -> None:
    sys.stderr.write(f"gongkai: error: {message}\n")
    sys.exit(2)


if __name__ == "__main__":
    main()
