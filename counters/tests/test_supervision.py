"""The regulator's supervision (issue 19 item 6): every region's workload and deadlines, average
scores over the years, an office's history, and who may see them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core import nav
from core.templatetags.miz import fa_number
from counters import services, supervision
from counters.models import Declaration, Objection
from counters.tests.factories import DeclarationFactory
from orgs.models import OrgUnit, Province, Region

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY, TOMORROW = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
S = Declaration.State


@pytest.fixture
def hq(make_user):
    return make_user(role=Role.HQ_PLANNER, scope={"org_unit": OrgUnit.objects.get(code="HQ-PLANNING")})


def _file(office, year, state, *, due_on=None, score=None):
    return DeclarationFactory(office=office, year=year, state=state, due_on=due_on, final_score=score)


def _objection(declaration, *, answered=False):
    holder = declaration.office.licence.holder
    return Objection.objects.create(
        declaration=declaration,
        text="اعتراض",
        created_by=holder,
        answered_at=timezone.now() if answered else None,
    )


@pytest.fixture
def files(make_office):
    """North (Alborz): a final file, a late review, a late objection open, a review in time and
    an approved file whose objection was answered; south (Fars): a draft and a late correction."""
    a, b, c = (make_office(province="IR-30") for _ in range(3))
    d = make_office(province="IR-07")
    _file(a, 1403, S.FINAL, score=80)
    _file(a, 1404, S.SUBMITTED, due_on=YESTERDAY)
    _objection(_file(b, 1404, S.OBJECTED, due_on=YESTERDAY, score=60))
    _file(c, 1404, S.RESUBMITTED, due_on=TOMORROW)
    _objection(_file(c, 1403, S.APPROVED, due_on=TOMORROW, score=60), answered=True)
    _file(d, 1404, S.DRAFT)
    _file(d, 1403, S.RETURNED, due_on=YESTERDAY, score=50)
    return a, b, c, d


def _counts(row):
    return {state: n for state, n in zip(S.values, row.by_state, strict=True) if n}


def test_workload_counts_each_regions_states_late_reviews_and_open_objections(
    files, django_assert_num_queries
):
    north, south = Region.objects.get(code="north"), Province.objects.get(code="IR-07").region
    with django_assert_num_queries(2):
        rows, totals = supervision.workload(today=TODAY)
    by_region = {row.region_id: row for row in rows}
    assert len(rows) == Region.objects.count()
    row = by_region[north.pk]
    assert _counts(row) == {S.SUBMITTED: 1, S.RESUBMITTED: 1, S.OBJECTED: 1, S.APPROVED: 1, S.FINAL: 1}
    assert (row.total, row.late, row.objections) == (5, 2, 1)
    row = by_region[south.pk]
    assert _counts(row) == {S.DRAFT: 1, S.RETURNED: 1}
    assert (row.late, row.objections) == (0, 0)  # a late correction is the office's, not the region's
    assert (totals.total, totals.late, totals.objections) == (7, 2, 1)
    # A day later the review due tomorrow is late too.
    rows, totals = supervision.workload(today=TOMORROW + dt.timedelta(days=1))
    assert totals.late == 3
    assert {d.office for d in supervision.late_reviews(today=TODAY)} == {files[0], files[1]}


def test_scores_by_year_average_only_approved_files_per_region_and_province(files):
    a, b, _, d = files
    _file(d, 1402, S.FINAL, score=Decimal("50.5"))
    _file(b, 1403, S.SUBMITTED, score=10)  # not approved: not counted
    years, rows = supervision.scores_by_year(by="region")
    assert years == [1404, 1403, 1402]
    cells = {row.name: row.cells for row in rows}
    north, south = a.province.region.name, d.province.region.name
    assert cells[north] == [
        supervision.YearScore(Decimal("60.00"), 1),
        supervision.YearScore(Decimal("70.00"), 2),
        None,
    ]
    assert cells[south] == [None, None, supervision.YearScore(Decimal("50.50"), 1)]
    _, rows = supervision.scores_by_year(by="province")
    assert [row.name for row in rows] == sorted([a.province.name, d.province.name])


def test_the_hq_page_shows_the_workload_in_persian_digits_and_links_to_history(
    client, files, hq, django_assert_max_num_queries
):
    client.force_login(hq)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("counters:hq"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="workload-total"' in page
    total_row = page.split('id="workload-total"')[1].split("</tr>")[0]
    assert "<th>۷</th>" in total_row and '<th class="late">۲</th>' in total_row
    assert reverse("counters:office_history", args=[files[0].pk]) in page
    assert "۷۰" in page and "۱۴۰۳" in page  # north's average of 1403
    assert any(item.url_name == "counters:hq" for item in nav.items_for(hq))


@pytest.mark.parametrize("who", ["expert", "holder", "province_manager"])
def test_the_hq_page_is_refused_to_anyone_but_hq(client, files, who, make_expert, make_user):
    if who == "expert":
        user = make_expert(Region.objects.get(code="north"))
    elif who == "holder":
        user = files[0].licence.holder
    else:
        user = make_user(role=Role.PROVINCE_MANAGER, scope={"org_unit": OrgUnit.objects.first()})
    client.force_login(user)
    response = client.get(reverse("counters:hq"))
    assert response.status_code == 403
    assert "برای ستاد سازمان است" in response.content.decode()
    assert not any(item.url_name == "counters:hq" for item in nav.items_for(user))


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    assert client.get(reverse("counters:hq")).status_code == 302


@pytest.fixture
def history(submitted, expert):
    """An approved file with violation 1 declared, a recorded visit that missed a facility and a
    correction by the committee's ruling of violation 2 (now committed)."""
    from counters.models import ViolationAnswer

    ViolationAnswer.objects.filter(declaration=submitted, item__number=1).update(committed=True)
    ViolationAnswer.objects.filter(declaration=submitted, item__number=2).update(committed=False)
    approved = services.approve(
        declaration=submitted, actor=expert, recipients_score=80, association_score=60
    )
    visit = services.plan_visit(office=approved.office, actor=expert, planned_on=TODAY)
    facilities = list(approved.facilities.order_by("pk").values_list("pk", flat=True))
    staff = list(approved.staff.values_list("pk", flat=True))
    services.record_visit(visit=visit, actor=expert, found_facilities=facilities[1:], found_staff=staff)
    from counters.models import ViolationItem

    services.correct_violation(
        declaration=approved,
        actor=expert,
        item=ViolationItem.objects.get(number=2),
        committed=True,
        ruling_date=dt.date(2026, 10, 1),
        ruling_number="۱۲۳/۴۵",
        reason="حکم کمیته",
    )
    approved.refresh_from_db()
    return approved


def test_an_offices_history_shows_each_year_with_violations_fine_visits_and_corrections(
    client, history, hq, django_assert_max_num_queries
):
    years = supervision.office_history(history.office)
    assert [y.declaration.year for y in years] == [history.year]
    year = years[0]
    assert (year.violations, year.fine_rials) == (2, 200_000)
    assert [v.missing for v in year.visits] == [1]
    assert len(year.corrections) == 1

    client.force_login(hq)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("counters:office_history", args=[history.office_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="violations">۲</td>' in page
    assert "۲۰۰٬۰۰۰ ریال" in page
    assert "۱ مورد اظهارشده یافت نشد" in page
    assert "۱۲۳/۴۵" in page
    assert f"<td>{fa_number(history.final_score)}</td>" in page


def test_the_offices_region_expert_sees_its_history_another_region_and_the_holder_do_not(
    client, history, expert, holder, make_expert
):
    url = reverse("counters:office_history", args=[history.office_id])
    missing = reverse("counters:office_history", args=[999_999])
    other = make_expert(Region.objects.exclude(pk=history.office.province.region_id).first())
    outside, staff_only = "در منطقه شما نیست", "برای کارشناسان منطقه و ستاد سازمان است"
    cases = ((expert, url, ""), (other, url, outside), (holder, url, staff_only), (expert, missing, outside))
    for user, address, refusal in cases:
        client.force_login(user)
        response = client.get(address)
        assert response.status_code == (403 if refusal else 200)
        assert refusal in response.content.decode()
    client.force_login(expert)
    assert url in client.get(reverse("counters:review", args=[history.pk])).content.decode()


def test_the_rankings_link_to_the_history_only_for_who_may_open_it(client, history, hq, expert, make_expert):
    url = reverse("counters:office_history", args=[history.office_id])
    for user, linked in ((hq, True), (expert, True), (make_expert(Region.objects.get(code="south")), False)):
        client.force_login(user)
        assert (url in client.get(reverse("counters:rankings")).content.decode()) is linked
