"""Every rule of rules.yaml and rules_extra.yaml has exactly one check, and every check a rule."""
from __future__ import annotations

from gongkai import spec
from gongkai.checks import ACROSS_YEARS, CHECKS, _load_families


def test_every_rule_has_a_check():
    _load_families()
    registered = set(CHECKS) | set(ACROSS_YEARS)
    assert registered == set(spec.rules())
    assert set(ACROSS_YEARS) == {r.id for r in spec.rules().values() if r.family == "across_years"}
    assert not set(CHECKS) & set(ACROSS_YEARS)
