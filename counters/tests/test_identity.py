"""Identity confirmation before a declaration (P8): the holder confirms the holder name and office code
on record, or reports a mismatch, which reaches the region's workbench and blocks the start until
an expert settles it."""

from django.urls import reverse

from core.text import to_persian_digits
from counters.models import Declaration, IdentityMismatch
from orgs.models import Region


def test_the_holder_sees_the_name_and_code_on_record_before_starting(client, office, holder):
    client.force_login(holder)
    page = client.get(reverse("counters:home")).content.decode()
    assert f'<dd class="col-sm-9" id="identity-holder-{office.pk}">{holder.get_full_name()}</dd>' in page
    assert to_persian_digits(office.code) in page.split(f'id="identity-code-{office.pk}"')[1][:80]


def test_a_start_without_confirmation_is_refused_and_nothing_is_created(client, office, holder):
    client.force_login(holder)
    response = client.post(reverse("counters:start", args=[office.pk]), follow=True)
    assert "تأیید کنید که نام دارنده پروانه و کد دفتر از آنِ شماست" in response.content.decode()
    assert not Declaration.objects.filter(office=office).exists()


def test_a_confirmed_start_records_what_was_confirmed(client, office, holder):
    client.force_login(holder)
    client.post(reverse("counters:start", args=[office.pk]), {"confirm_identity": "1"})
    event = Declaration.objects.get(office=office).events.get(action="create")
    assert event.data["identity_confirmed"] == {
        "holder_name": holder.get_full_name(),
        "office_code": office.code,
    }


def test_a_mismatch_reaches_the_regions_workbench_and_holds_the_start(client, office, holder, make_expert):
    expert = make_expert(office.province.region)
    elsewhere = make_expert(Region.objects.get(code="south"))
    client.force_login(holder)
    client.post(reverse("counters:mismatch", args=[office.pk]), {"text": "نام دارنده پروانه نادرست است."})
    report = IdentityMismatch.objects.get(office=office)
    assert (report.reported_by, report.office_code_shown) == (holder, office.code)

    page = client.get(reverse("counters:home")).content.decode()
    assert f'id="mismatch-open-{office.pk}"' in page
    assert reverse("counters:start", args=[office.pk]) not in page
    response = client.post(
        reverse("counters:start", args=[office.pk]), {"confirm_identity": "1"}, follow=True
    )
    assert "در بررسی منطقه است" in response.content.decode()
    assert not Declaration.objects.filter(office=office).exists()

    client.force_login(elsewhere)
    assert "نام دارنده پروانه نادرست است." not in client.get(reverse("counters:workbench")).content.decode()
    assert client.post(reverse("counters:resolve_mismatch", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.resolved_at is None

    client.force_login(expert)
    assert "نام دارنده پروانه نادرست است." in client.get(reverse("counters:workbench")).content.decode()
    client.post(reverse("counters:resolve_mismatch", args=[report.pk]))
    report.refresh_from_db()
    assert report.resolved_by == expert
    assert "نام دارنده پروانه نادرست است." not in client.get(reverse("counters:workbench")).content.decode()

    client.force_login(holder)
    client.post(reverse("counters:start", args=[office.pk]), {"confirm_identity": "1"})
    assert Declaration.objects.filter(office=office).exists()


def test_an_empty_report_is_refused(client, office, holder):
    client.force_login(holder)
    response = client.post(reverse("counters:mismatch", args=[office.pk]), {"text": "  "}, follow=True)
    assert "بنویسید کدام مشخصات نادرست است" in response.content.decode()
    assert not IdentityMismatch.objects.exists()


def test_a_report_for_another_holders_office_is_refused(client, office, make_office):
    other = make_office()
    client.force_login(other.licence.holder)
    response = client.post(reverse("counters:mismatch", args=[office.pk]), {"text": "از آنِ من نیست"})
    assert response.status_code == 403
    assert not IdentityMismatch.objects.exists()


def test_a_holder_with_two_offices_to_start_gets_each_its_own_ids(client, office, holder, make_office):
    """Each office's confirmation and report form names its own controls: a label or a link to the
    report form reaches the office it is shown for (issue 13's keyboard-and-mouse journey)."""
    import re

    other = make_office(holder=holder)
    client.force_login(holder)
    page = client.get(reverse("counters:home")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    for shown in (office, other):
        assert f'for="id_mismatch-{shown.pk}-text"' in page and f'id="mismatch-{shown.pk}"' in page
    assert page.count('name="text"') == 2
