"""The rankings page lists provinces in Persian alphabetical order (چ، ک، گ in place, not last)."""

import re

from django.urls import reverse

from accounts.models import Role
from core.text import persian_sort_key
from orgs.models import OrgUnit, Province


def test_the_province_choices_of_the_rankings_are_in_persian_order(client, reference, make_user):
    hq = OrgUnit.objects.get(code="HQ-PLANNING")
    client.force_login(make_user(role=Role.HQ_PLANNER, scope={"org_unit": hq}))
    html = client.get(reverse("counters:rankings")).content.decode()
    select = html[html.index('name="province"') :]
    select = select[: select.index("</select>")]
    shown = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)

    assert sorted(shown) == sorted(Province.objects.values_list("name", flat=True))
    assert shown == sorted(shown, key=persian_sort_key)
    assert shown.index("چهارمحال و بختیاری") < shown.index("خراسان رضوی")
    assert shown.index("کرمان") < shown.index("گیلان") < shown.index("لرستان") < shown.index("یزد")
