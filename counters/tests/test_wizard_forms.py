"""The wizard's late steps (location, staff, ranking) as a keyboard or screen-reader user meets
them (issue 13), and the demo's `fill` completing only the steps still missing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from counters import wizard
from counters.models import ViolationItem
from counters.tests.conftest import fill


@pytest.fixture
def signed_in(client, holder):
    client.force_login(holder)
    return client


def _labels(html: str) -> dict[str, str]:
    """Each `<label for=…>`'s text, by the id it names."""
    return {
        target: re.sub(r"<[^>]+>|\s+", " ", text).strip()
        for target, text in re.findall(r'<label[^>]*\bfor="([^"]+)"[^>]*>(.*?)</label>', html, re.S)
    }


def test_every_ruling_date_and_description_of_the_violations_has_a_label_naming_its_row(
    signed_in, declaration
):
    fill(declaration, until="staff")
    html = signed_in.get(reverse("counters:step", args=[declaration.pk, "ranking"])).content.decode()
    labels = _labels(html)
    items = ViolationItem.objects.filter(is_active=True).order_by("number")
    assert items.exists()
    for item in items:
        number = str(item.number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        assert labels.get(f"id_v{item.pk}_description") == f"توضیحات ردیف {number}"
        assert labels.get(f"id_v{item.pk}_ruling_date") == f"تاریخ ابلاغ حکم ردیف {number}"


def test_the_point_is_typed_in_labelled_boxes_without_the_map(signed_in, declaration):
    """A keyboard user sets the office's point in the two boxes; the map is not needed."""
    fill(declaration, until="contact")
    url = reverse("counters:step", args=[declaration.pk, "location"])
    labels = _labels(signed_in.get(url).content.decode())
    assert "عرض" in labels.get("id_latitude", "") and "طول" in labels.get("id_longitude", "")
    signed_in.post(url, {"latitude": "۳۵٫۸۳۲۷", "longitude": "۵۰٫۹۹۱۵"})
    declaration.refresh_from_db()
    assert (declaration.latitude, declaration.longitude) == (Decimal("35.8327"), Decimal("50.9915"))
    assert not wizard.problems(declaration, "location")


def test_fill_of_the_missing_steps_only_adds_no_board_member_or_staff_twice(declaration):
    fill(declaration, until="staff")
    declaration.staff.first().delete()  # the staff list no longer matches the office's details
    fill(declaration, until="ranking", missing_only=True)
    assert declaration.board_members.count() == 1 and declaration.staff.count() == 2
    assert all(not wizard.problems(declaration, step.slug) for step in wizard.STEPS[:-1])
