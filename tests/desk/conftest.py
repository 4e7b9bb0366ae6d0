import pytest


@pytest.fixture
def agency(db):
    from gongkai.web.agencies.models import Agency
    return Agency.objects.create(name="某市生态环境局", kind="department", level="city")


@pytest.fixture
def make_user(db):
    from django.contrib.auth.models import User
    from gongkai.web.agencies.models import Membership

    def make(name, agency=None, *roles):
        u = User.objects.create_user(name, f"{name}@example.org", "pw-" + name)
        for r in roles:
            Membership.objects.create(user=u, agency=agency, role=r)
        return u
    return make


@pytest.fixture
def staff(agency, make_user):
    """clerk, approver, approver2, admin of the agency."""
    return {"clerk": make_user("clerk", agency, "clerk"), "approver": make_user("approver", agency, "approver"),
            "approver2": make_user("approver2", agency, "approver"), "admin": make_user("admin", agency, "admin")}


def application(**over):
    data = {"applicant_type": "natural_person", "name": "张三", "id_type": "id_card", "id_number": "110101199001011234",
            "phone": "13800000000", "email": "zs@example.org", "address": "某市某路1号", "postcode": "100000",
            "description": "请公开2025年某河流水质监测报告", "document_number": "", "form": "electronic",
            "delivery": "email", "purpose": ""}
    data.update(over)
    return data


@pytest.fixture(autouse=True)
def desk_urls(settings):
    settings.ROOT_URLCONF = "tests.desk.urls"
