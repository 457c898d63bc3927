"""`seed_demo` gives the counters app a demo: offices in every state, delegation rules, rankings."""

import io

import pytest
from django.core.management import call_command

from counters.models import Declaration, DelegationRule, Licence


@pytest.mark.django_db
def test_seed_demo_twice(monkeypatch, tmp_path):
    from accounts import demo as accounts_demo

    monkeypatch.setattr(accounts_demo, "CREDENTIALS_FILE", tmp_path / "demo_credentials.json")
    call_command("seed_demo", stdout=io.StringIO())
    states = set(Declaration.objects.values_list("state", flat=True))
    assert states == {"submitted", "returned", "approved", "final"}
    assert DelegationRule.objects.exists()
    assert Licence.objects.filter(expires_on__year=2024).count() == 1
    counts = (Declaration.objects.count(), Licence.objects.count(), DelegationRule.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Declaration.objects.count(), Licence.objects.count(), DelegationRule.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_operator_files_delegated_services_only_at_a_ranked_office(monkeypatch, tmp_path):
    from django.core.exceptions import ValidationError

    from accounts import demo as accounts_demo
    from accounts.models import Membership, Role
    from counters import selectors
    from desk import services as desk_services
    from orgs.models import CounterOffice

    monkeypatch.setattr(accounts_demo, "CREDENTIALS_FILE", tmp_path / "demo_credentials.json")
    call_command("seed_demo", stdout=io.StringIO())
    operator = Membership.objects.get(role=Role.COUNTER_OPERATOR, counter_office__code="1520-01-01").user
    karaj, khorramabad = (CounterOffice.objects.get(code=c) for c in ("1108-40-72", "1520-01-01"))
    service = selectors.delegated_services(karaj)[0].service
    person = {"national_code": "0012345679", "mobile": "09121234567", "service": service}
    desk_services.start_counter_intake(operator=operator, counter_office=karaj, **person)
    with pytest.raises(ValidationError, match="رتبه تأییدشده"):
        desk_services.start_counter_intake(operator=operator, counter_office=khorramabad, **person)


@pytest.mark.django_db
def test_the_demo_list_of_offices_for_a_service_holds_only_those_that_may_file_it(
    monkeypatch, tmp_path, client
):
    import re

    from django.urls import reverse

    from accounts import demo as accounts_demo
    from counters import selectors
    from orgs.models import CounterOffice

    monkeypatch.setattr(accounts_demo, "CREDENTIALS_FILE", tmp_path / "demo_credentials.json")
    call_command("seed_demo", stdout=io.StringIO())
    assert not CounterOffice.objects.filter(address="").exists()
    assert not CounterOffice.objects.filter(phone="").exists()
    assert not CounterOffice.objects.filter(latitude__isnull=True).exists()
    karaj = CounterOffice.objects.get(code="1108-40-72")
    service = selectors.delegated_services(karaj)[0].service
    html = client.get(
        reverse("desk:apply", args=[service.service_id]), {"channel": "counter"}
    ).content.decode()
    codes = re.findall(r'data-office="([^"]+)"', html)
    assert "1108-40-72" in codes
    assert "4101-50-03" not in codes  # Tabriz: licence expired
    assert "1520-01-01" not in codes  # Khorramabad: no rank yet, nothing delegated
    assert len(codes) < CounterOffice.objects.count()
