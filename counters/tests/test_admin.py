"""The admin pages of the registry's licences and the scoring configuration open and save."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from counters.models import Criterion, Licence

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
    from orgs.models import CounterOffice, Province

    office = CounterOffice.objects.create(
        code="1108-40-72", name="دفتر", kind="counter", province=Province.objects.get(code="IR-30")
    )
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
