"""The whole job for one input: read -> extract -> check. Plain functions, each step inspectable.

    doc = readers.read_path(path)        # Document
    report = extract.extract(doc)        # Report with cells, meta, sections, extraction findings
    checks.run(report)                   # adds every finding of rules.yaml that applies
"""
from __future__ import annotations

from pathlib import Path

from . import checks, extract, readers
from .report import Report


def check_document(doc) -> Report:
    report = extract.extract(doc)
    checks.run(report)
    return report


def check_bytes(data: bytes, name: str = "input", media_type: str | None = None) -> Report:
    return check_document(readers.read_bytes(data, name, media_type))


def check_path(path: str | Path) -> Report:
    return check_document(readers.read_path(path))
