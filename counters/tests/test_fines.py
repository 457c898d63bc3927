"""Fines of counter offices (P9): the yearly computation, who sees which office's fines, the export."""

from io import BytesIO

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import Role
from counters import selectors, services
from counters.fines import YearFines, yearly_fines
from counters.models import Declaration, ViolationAnswer, ViolationItem
from counters.tests.conftest import fill
from orgs.models import OrgUnit, Region

violations = st.lists(st.tuples(st.integers(1390, 1420), st.integers(0, 10**12)), max_size=40)


def test_yearly_fines_add_each_years_violations_latest_year_first():
    rows = yearly_fines([(1403, 100_000), (1404, 100_000), (1403, 250_000), (1404, 100_000), (1403, 0)])
    assert rows == [YearFines(1404, 2, 200_000), YearFines(1403, 3, 350_000)]
    assert yearly_fines([]) == []


@given(violations)
def test_yearly_fines_keep_every_rial_and_every_violation(items):
    rows = yearly_fines(items)
    assert sum(r.total_rials for r in rows) == sum(fine for _, fine in items)
    assert sum(r.count for r in rows) == len(items)
    assert [r.year for r in rows] == sorted({year for year, _ in items}, reverse=True)


def test_a_negative_fine_is_refused():
    with pytest.raises(ValueError):
        yearly_fines([(1404, -1)])


def test_every_item_of_table_4_1_carries_the_seeds_fine(reference):
    items = ViolationItem.objects.all()
    assert items.count() == 23
    assert set(items.values_list("fine_rials", flat=True)) == {100_000}


def _approved(office, *, committed=(1,)):
    """A file of `office` approved by its region, declaring the violation items numbered `committed`."""
    from accounts.models import Membership
    from accounts.tests.factories import UserFactory

    holder = office.licence.holder
    declaration = fill(services.start_declaration(office=office, actor=holder))
    ViolationAnswer.objects.filter(declaration=declaration).update(committed=False)
    ViolationAnswer.objects.filter(declaration=declaration, item__number__in=committed).update(committed=True)
    declaration = services.confirm(declaration=declaration, actor=holder, agree=True)
    reviewer = UserFactory()
    Membership.objects.create(user=reviewer, role=Role.REGION_EXPERT, region=office.province.region)
    scores = {"recipients_score": 80, "association_score": 60}
    return services.approve(declaration=declaration, actor=reviewer, **scores)


def test_the_holder_sees_the_fines_of_their_own_office_only(client, make_office):
    mine = make_office()
    other = make_office()
    _approved(mine, committed=(1,))
    _approved(other, committed=(1, 2, 3))

    client.force_login(mine.licence.holder)
    page = client.get(reverse("counters:home")).content.decode()
    assert "۱۰۰٬۰۰۰ ریال" in page
    assert "۳۰۰٬۰۰۰ ریال" not in page
    assert other.code not in page


def test_another_offices_file_is_refused_with_its_fines(client, make_office):
    mine = make_office()
    other = _approved(make_office(), committed=(1, 2, 3))
    client.force_login(mine.licence.holder)
    response = client.get(reverse("counters:declaration", args=[other.pk]))
    assert response.status_code == 403
    assert "۳۰۰٬۰۰۰" not in response.content.decode()


def test_the_region_expert_sees_the_offices_fines_on_the_review_page(client, office, expert):
    declaration = _approved(office, committed=(1, 2))
    client.force_login(expert)
    page = client.get(reverse("counters:review", args=[declaration.pk])).content.decode()
    assert 'id="office-fines"' in page
    assert "۲۰۰٬۰۰۰ ریال" in page


def test_a_violation_the_region_has_not_confirmed_does_not_count(client, office, holder):
    declaration = fill(services.start_declaration(office=office, actor=holder))
    services.confirm(declaration=declaration, actor=holder, agree=True)  # submitted, not yet approved
    assert ViolationAnswer.objects.filter(declaration=declaration, committed=True).exists()
    assert selectors.office_fines(office) == []
    client.force_login(holder)
    page = client.get(reverse("counters:home")).content.decode()
    assert "برای این دفتر تخلف تأییدشده‌ای ثبت نشده است." in page
    assert "ریال</td>" not in page


def test_an_edited_amount_and_an_unanswered_item_change_the_fine(office):
    declaration = _approved(office, committed=(1, 2))
    ViolationItem.objects.filter(number=2).update(fine_rials=350_000)
    assert selectors.office_fines(office) == [YearFines(declaration.year, 2, 450_000)]


def _sheet_rows(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return sheet, [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_regulator_exports_every_regions_fines_to_excel(client, make_office, make_user):
    north = _approved(make_office(province="IR-30"), committed=(1,))
    south = _approved(make_office(province="IR-07"), committed=(1, 2, 3))
    hq = make_user(role=Role.HQ_PLANNER, scope={"org_unit": OrgUnit.objects.get(code="HQ-PLANNING")})
    client.force_login(hq)

    page = client.get(reverse("counters:fines")).content.decode()
    assert "۴۰۰٬۰۰۰ ریال" in page  # the total of both offices

    response = client.get(reverse("counters:fines"), {"format": "xlsx", "year": north.year})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet, rows = _sheet_rows(response)
    assert sheet.sheet_view.rightToLeft
    assert next(sheet.iter_rows(max_row=1, values_only=True))[-1] == "جریمه (ریال)"
    by_code = {row[1]: row for row in rows}
    assert by_code[north.office.code][5:] == [north.year, 1, 100_000]
    assert by_code[south.office.code][5:] == [south.year, 3, 300_000]
    assert sheet.cell(row=2, column=8).number_format == "#,##0"

    response = client.get(reverse("counters:fines"), {"format": "xlsx", "year": north.year + 1})
    assert _sheet_rows(response)[1] == []


def test_a_region_expert_lists_only_their_regions_fines(client, make_office, make_expert):
    north = _approved(make_office(province="IR-30"), committed=(1,))
    south = _approved(make_office(province="IR-07"), committed=(1, 2))
    client.force_login(make_expert(Region.objects.get(code="north")))
    _, rows = _sheet_rows(client.get(reverse("counters:fines"), {"format": "xlsx"}))
    assert [row[1] for row in rows] == [north.office.code]
    assert south.office.code not in client.get(reverse("counters:fines")).content.decode()


def test_the_fines_list_is_refused_to_a_holder(client, office, holder):
    _approved(office)
    response = client.get(reverse("counters:fines"))
    assert response.status_code == 302  # signed out: to the sign-in page
    client.force_login(holder)
    response = client.get(reverse("counters:fines"), {"format": "xlsx"})
    assert response.status_code == 403
    assert "کارشناسان منطقه و ستاد" in response.content.decode()
    assert Declaration.objects.filter(state=Declaration.State.APPROVED).count() == 1
