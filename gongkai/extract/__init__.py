"""Document -> Report. See extract/engine.py (tables) and extract/meta.py (everything else)."""
from __future__ import annotations


def extract(doc):
    from .engine import extract as _extract
    return _extract(doc)
