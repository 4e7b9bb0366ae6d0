"""Who may see and do what. Every view and API call asks here; nothing else decides access.

- superuser, or Membership ADMIN: everything within that agency's subtree (superuser: all)
- REVIEWER: read, upload and review every report in the subtree of its agency (its jurisdiction)
- AGENCY: read and upload its own agency's reports only; no review
"""
from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from gongkai.web.agencies.models import Agency, Membership

R = Membership.Role


def _memberships(user, roles):
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_gongkai_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).select_related("agency"))
        user._gongkai_memberships = cache
    return [m for m in cache if m.role in roles]


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def _scope(user, roles, own_only_roles=()) -> Q | None:
    """A Q over Agency for the agencies the user may act on with these roles; None = all."""
    if is_admin(user):
        return None
    q = Q(pk__in=[])
    for m in _memberships(user, roles):
        if m.role in own_only_roles:
            q |= Q(pk=m.agency_id)
        else:
            q |= Q(path__startswith=m.agency.path)
    return q


def viewable_agencies(user):
    q = _scope(user, (R.ADMIN, R.REVIEWER, R.AGENCY), own_only_roles=(R.AGENCY,))
    return Agency.objects.all() if q is None else Agency.objects.filter(q)


def reviewable_agencies(user):
    q = _scope(user, (R.ADMIN, R.REVIEWER))
    return Agency.objects.all() if q is None else Agency.objects.filter(q)


def _within(user, agency: Agency, roles, own_only_roles=()) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    for m in _memberships(user, roles):
        if m.role in own_only_roles:
            if m.agency_id == agency.pk:
                return True
        elif agency.path.startswith(m.agency.path):
            return True
    return False


def can_view(user, agency: Agency) -> bool:
    return _within(user, agency, (R.ADMIN, R.REVIEWER, R.AGENCY), own_only_roles=(R.AGENCY,))


def can_upload(user, agency: Agency) -> bool:
    return can_view(user, agency)


def can_review(user, agency: Agency) -> bool:
    return _within(user, agency, (R.ADMIN, R.REVIEWER))


def can_create_agency_under(user, parent: Agency | None) -> bool:
    if parent is None:
        return is_admin(user)
    return can_review(user, parent)


def is_reviewer_anywhere(user) -> bool:
    return is_admin(user) or bool(_memberships(user, (R.ADMIN, R.REVIEWER)))


def roots(user):
    """The top agencies of the user's scope (for jurisdiction pickers)."""
    if is_admin(user):
        return list(Agency.objects.filter(parent__isnull=True))
    seen, out = set(), []
    for m in _memberships(user, (R.ADMIN, R.REVIEWER, R.AGENCY)):
        if m.agency_id not in seen:
            seen.add(m.agency_id)
            out.append(m.agency)
    return out


def require(allowed: bool):
    """Refuse as 'not found' so a user cannot probe which reports exist outside its scope."""
    if not allowed:
        raise Http404("无权访问或不存在")
