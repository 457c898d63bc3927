"""The admin pages of the registry's licences and the scoring configuration open and save."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from counters.models import Criterion, Licence
from orgs.tests.factories import CounterOfficeFactory

PAGES = ["licence", "criterion", "violationitem", "rankthreshold", "facility", "discipline", "delegationrule"]


@pytest.mark.parametrize("model", PAGES)
def test_changelist_and_add_pages_open(admin_client, reference, model):
    assert admin_client.get(reverse(f"admin:counters_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:counters_{model}_add")).status_code == 200


def test_file_admin_is_read_only(admin_client, office, holder):
    from counters import services

    declaration = services.start_declaration(office=office, actor=holder)
    url = reverse("admin:counters_declaration_change", args=[declaration.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:counters_declaration_add")).status_code == 403


def test_criterion_with_an_unknown_computation_is_refused(admin_client, reference):
    response = admin_client.post(
        reverse("admin:counters_criterion_add"),
        {
            "code": "x",
            "title": "معیار",
            "computation": "nothing",
            "points": "1",
            "order": "0",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert not Criterion.objects.filter(code="x").exists()


def test_licence_saved_in_the_admin_gives_the_holder_role(admin_client, reference, make_user):
    from orgs.models import Province

    office = CounterOfficeFactory(code="1108-40-72", name="دفتر", province=Province.objects.get(code="IR-30"))
    holder = make_user()
    response = admin_client.post(
        reverse("admin:counters_licence_add"),
        {
            "office": office.pk,
            "holder": holder.pk,
            "number": "PL-1",
            "status": "active",
            "expires_on": "۱۴۱۰/۰۱/۰۱",
            "file_complete": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Licence.objects.get(number="PL-1").office == office
    assert Membership.objects.filter(user=holder, role=Role.LICENCE_HOLDER, counter_office=office).exists()


def test_office_page_edits_its_licence_inline(admin_client, reference, make_user):
    from orgs.models import CounterOffice, Province

    holder = make_user()
    response = admin_client.get(reverse("admin:orgs_counteroffice_add"))
    assert "پروانه دفتر" in response.content.decode()
    data = {
        "code": "۱۱۰۸-۴۰-۷۲",
        "name": "دفتر پیشخوان کرج",
        "kind": "counter",
        "province": Province.objects.get(code="IR-30").pk,
        "city": "کرج",
        "is_active": "on",
        "licence-TOTAL_FORMS": "1",
        "licence-INITIAL_FORMS": "0",
        "licence-MIN_NUM_FORMS": "0",
        "licence-MAX_NUM_FORMS": "1",
        "licence-0-holder": holder.pk,
        "licence-0-number": "PL-9",
        "licence-0-status": "active",
        "licence-0-expires_on": "۱۴۱۰/۰۱/۰۱",
        "licence-0-file_complete": "on",
    }
    response = admin_client.post(reverse("admin:orgs_counteroffice_add"), data)
    errors = response.context and (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset],
    )
    assert response.status_code == 302, errors
    office = CounterOffice.objects.get(code="1108-40-72")
    assert office.licence.number == "PL-9"
    assert Membership.objects.filter(user=holder, role=Role.LICENCE_HOLDER, counter_office=office).exists()
    changelist = admin_client.get(reverse("admin:orgs_counteroffice_changelist")).content.decode()
    assert "۱۴۱۰/۰۱/۰۱" in changelist


def test_a_licence_moved_to_a_new_holder_takes_the_files_from_the_former_one(
    admin_client, client, submitted, make_user
):
    """A licence transferred in the admin: the former holder's old membership opens nothing."""
    licence = submitted.office.licence
    former = licence.holder
    successor = make_user(first_name="سعید", last_name="نادری")
    response = admin_client.post(
        reverse("admin:counters_licence_change", args=[licence.pk]),
        {
            "office": licence.office_id,
            "holder": successor.pk,
            "number": licence.number,
            "status": "active",
            "expires_on": "۱۴۱۰/۰۱/۰۱",
            "file_complete": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Membership.objects.get(user=former, counter_office=submitted.office).is_active

    file_url = reverse("counters:declaration", args=[submitted.pk])
    client.force_login(former)
    response = client.get(file_url)
    assert response.status_code == 403
    assert "این پرونده از آنِ دفتر شما نیست" in response.content.decode()
    client.force_login(successor)
    assert client.get(file_url).status_code == 200


def test_a_stale_holder_membership_neither_signs_in_nor_opens_the_file(client, submitted, make_user):
    """Even with a membership still active (made outside the admin), the licence decides."""
    from counters import services

    licence = submitted.office.licence
    former = licence.holder
    Licence.objects.filter(pk=licence.pk).update(holder=make_user())
    assert Membership.objects.get(user=former, counter_office=submitted.office).is_active
    assert "به نام دارنده دیگری است" in services.licence_refusal(former)
    client.force_login(former)
    assert client.get(reverse("counters:declaration", args=[submitted.pk])).status_code == 403
