"""Desk roles per agency (agencies.Membership): clerk (经办), approver (审批), admin (管理员).

Every staff view names the roles it needs; a superuser may do everything. Roles are not inherited
down the agency tree: the desk works for one agency at a time."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from gongkai.web.agencies.models import Agency, Membership

CLERK, APPROVER, ADMIN = Membership.Role.CLERK, Membership.Role.APPROVER, Membership.Role.ADMIN
DESK_ROLES = (CLERK, APPROVER, ADMIN)
STAFF = DESK_ROLES  # anyone on the desk may read it


def roles(user, agency: Agency) -> set[str]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(DESK_ROLES)
    return set(Membership.objects.filter(user=user, agency=agency, role__in=DESK_ROLES)
               .values_list("role", flat=True))


def require(user, agency: Agency, allowed) -> set[str]:
    mine = roles(user, agency)
    if not mine & set(allowed):
        raise PermissionDenied("您没有该机关的相应权限")
    return mine


def desk_agencies(user):
    if user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user, memberships__role__in=DESK_ROLES).distinct()


def agency_or_404(agency_id: int) -> Agency:
    return get_object_or_404(Agency, pk=agency_id)
