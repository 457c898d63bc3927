"""Who sees and changes what, through the pages: applicants and staff without a management role
see nothing; a province's managers act on their own province only; refusals are in Persian."""

import pytest
from django.urls import reverse

from performance import entry
from performance.models import DataValue, LockException, Submission
from performance.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    tehran, yazd = f.province("تهران"), f.province("یزد")
    activity = f.activity(code="P900", title="صدور پروانه آزمایشی")
    f.plan_version(1400, "1400-v2")
    year = f.year(1400)
    return {
        "tehran": tehran,
        "yazd": yazd,
        "activity": activity,
        "year": year,
        "yazd_head": make_user(role="unit_head", scope={"org_unit": yazd}),
        "tehran_manager": make_user(role="province_manager", scope={"org_unit": tehran}),
    }


PAGES = [
    ("performance:report", []),
    ("performance:report_xlsx", []),
    ("performance:report_pdf", ["summary"]),
    ("performance:dashboard", []),
    ("performance:province", ["IR-23"]),
    ("performance:dq", []),
    ("performance:dq_xlsx", []),
    ("performance:entry", []),
    ("performance:entry_template", []),
]


@pytest.mark.parametrize("role", [None, "applicant", "staff_expert", "counter_operator"])
def test_applicants_and_staff_see_nothing(world, client, make_user, role):
    client.force_login(make_user(role=role))
    for name, args in PAGES:
        response = client.get(reverse(name, args=args), {"year": 1400})
        assert response.status_code == 403, name
        assert "دسترسی به این صفحه برای شما نیست" in response.content.decode()
    posts = {
        "performance:entry_value": {
            "activity": "P900",
            "unit": "IR-23",
            "year": "1400",
            "measure": "actual",
            "value": "5",
        },
        "performance:entry_move": {"unit": "IR-23", "year": "1400", "to": "submitted"},
        "performance:entry_exception": {
            "unit": "IR-23",
            "year": "1400",
            "valid_until": "1405/12/01",
            "reason": "x",
        },
        "performance:dq_run": {"year": "1400"},
    }
    for name, data in posts.items():
        client.post(reverse(name), data)
    assert not DataValue.objects.exists()
    assert not Submission.objects.exclude(state=Submission.State.DRAFT).exists()
    assert not LockException.objects.exists()


def test_a_province_cannot_act_on_another_province(world, client):
    w = world
    client.force_login(w["tehran_manager"])
    page = client.post(
        reverse("performance:entry_value"),
        {"activity": "P900", "unit": "IR-21", "year": "1400", "measure": "actual", "value": "5"},
        follow=True,
    )
    assert "اجازه ثبت عملکرد برای یزد را ندارید" in page.content.decode()
    assert not DataValue.objects.exists()
    # Yazd's head submits; Tehran's manager may not approve it (Persian message, no state change)
    entry.move(user=w["yazd_head"], unit=w["yazd"], period=w["year"], to="submitted")
    page = client.post(
        reverse("performance:entry_move"),
        {"unit": "IR-21", "year": "1400", "to": "province_approved"},
        follow=True,
    )
    assert page.status_code == 200
    assert "این گام تأیید با شما نیست" in page.content.decode()
    assert Submission.objects.get(org_unit=w["yazd"]).state == Submission.State.SUBMITTED
    # nor reopen a locked period with an exception
    page = client.post(
        reverse("performance:entry_exception"),
        {"unit": "IR-21", "year": "1400", "valid_until": "1499/01/01", "reason": "اصلاح"},
        follow=True,
    )
    assert "استثنای قفل را فقط برنامه‌ریز ستاد ثبت می‌کند" in page.content.decode()
    assert not LockException.objects.exists()
    # and the Yazd head cannot enter Tehran's figures either
    with pytest.raises(Exception, match="اجازه ثبت"):
        entry.enter_value(user=w["yazd_head"], activity=w["activity"], unit=w["tehran"], period=w["year"],
                          measure="actual", value=1)  # fmt: skip
