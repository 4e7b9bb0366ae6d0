"""The report format as data: cells.yaml (every table cell) and rules.yaml (every finding).

The YAML files are the project's copy of ../shared/spec and must stay identical to it.
Everything else in gongkai names cells and rules by the ids defined here.
"""
from .loader import (  # noqa: F401
    FORMATS,
    SECTIONS,
    Rule,
    cell_ids,
    cell_label,
    columns_of,
    rows_of,
    rule,
    rules,
    spec,
    table_of,
)
