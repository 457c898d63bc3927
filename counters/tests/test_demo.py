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
