"""Documents as a reader made them, kept as JSON: the input of extract and the checks, fixed.

A reader's output on a large source (a Chromium print of a written report is 0.5-1.2 MB of PDF,
fonts and all) is a few kilobytes of rows. Tests of what extract makes of such rows load them
from here; `python -m tests.document_fixtures SOURCE OUT.json` writes one.
"""
from __future__ import annotations

import json
from pathlib import Path
import sys

from gongkai.document import Cell, Document, Row, Source


def dump(doc: Document) -> dict:
    return {
        "source": {"name": doc.source.name, "sha256": doc.source.sha256, "media_type": doc.source.media_type,
                   "size": doc.source.size},
        "header": doc.header,
        "rows": [{"table": row.table, "delimited": row.delimited,
                  "cells": [[c.text, c.at, c.colspan, c.rowspan] for c in row.cells]} for row in doc.rows],
    }


def load(path: Path) -> Document:
    data = json.loads(path.read_text("utf-8"))
    rows = [Row([Cell(text, at, colspan, rowspan) for text, at, colspan, rowspan in row["cells"]],
                row["delimited"], row["table"]) for row in data["rows"]]
    return Document(Source(**data["source"]), rows, dict(data["header"]))


if __name__ == "__main__":
    from gongkai import readers

    source, out = sys.argv[1:3]
    Path(out).write_text(json.dumps(dump(readers.read_path(source)), ensure_ascii=False, indent=None) + "\n", "utf-8")
