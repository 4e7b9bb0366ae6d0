"""Audit log: who changed what, when, with the record before and after (JSON)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.forms.models import model_to_dict

from .models import AuditEntry


def _json(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_json(x) for x in v]
    if isinstance(v, dict):
        return {k: _json(x) for k, x in v.items()}
    if hasattr(v, "pk"):
        return v.pk
    return v


def snapshot(obj) -> dict | None:
    if obj is None:
        return None
    return _json(model_to_dict(obj))


def record(user, agency, action: str, obj, before: dict | None = None, after: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None, agency=agency, action=action,
        object_type=type(obj).__name__, object_id=str(obj.pk),
        before=before, after=after if after is not None else snapshot(obj))
