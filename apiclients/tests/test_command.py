"""The `api_client` command's contract: create prints the token once, on its last line; rotate,
revoke and scopes; bad input refused in Persian with nothing registered."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apiclients import services
from apiclients.models import ApiClient
from apiclients.scopes import SCOPES
from core.text import to_persian_digits
from orgs.models import OrgUnit
from orgs.tests.factories import CounterOfficeFactory, OrgUnitFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    from io import StringIO

    out = StringIO()
    call_command("api_client", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_for_offices_prints_the_token_on_its_last_line():
    first = CounterOfficeFactory(code="1108-40-72")
    second = CounterOfficeFactory(code="1108-40-73")
    lines = run(
        "create", "assoc", "--scope", "services:read", "requests:read",
        "--office", to_persian_digits("11084072"), "1108-40-73",
    )  # fmt: skip
    client = ApiClient.objects.get(name="assoc")
    assert client.kind == "association" and client.scopes == ["services:read", "requests:read"]
    assert set(client.offices.all()) == {first, second}
    token = services.find_token(lines[-1])
    assert token is not None and token.client == client and token.refusal() == ""
    assert sum(lines[-1] in line for line in lines) == 1


def test_create_for_a_province_or_a_unit_with_repeated_scope_options():
    province = ProvinceFactory(code="IR-23", name="تهران")
    run("create", "tehran", "--scope", "requests:read", "--scope", "services:read", "--province", "ir-23")
    client = ApiClient.objects.get(name="tehran")
    assert client.kind == "provincial" and list(client.provinces.all()) == [province]
    assert client.scopes == ["requests:read", "services:read"]
    unit = OrgUnitFactory(code="HQ-COMPLAINTS", kind=OrgUnit.Kind.HQ_OFFICE)
    lines = run("create", "complaints", "--scope", "requests:read", "--unit", "HQ-COMPLAINTS")
    client = ApiClient.objects.get(name="complaints")
    assert client.kind == "complaints" and list(client.units.all()) == [unit]
    assert services.find_token(lines[-1]).client == client


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scope", "requests:delete"], "دسترسی ناشناخته"),
        (["--scope", "services:read", "--office", "9999-99-99"], "دفتر پیشخوان با کد «9999-99-99» یافت نشد"),
        (["--scope", "services:read", "--office", "12"], "دفتر پیشخوان با کد «12» یافت نشد"),
        (["--scope", "services:read", "--unit", "NOPE"], "واحد سازمانی با کد «NOPE» یافت نشد"),
        (["--scope", "services:read", "--days", "0"], "دست‌کم ۱"),
    ],
)
def test_bad_input_is_refused_in_persian_and_nothing_is_registered(args, message):
    with pytest.raises(CommandError, match=message):
        run("create", "x", *args)
    assert not ApiClient.objects.exists()


def test_a_second_client_of_the_same_name_is_refused():
    run("create", "assoc", "--scope", "services:read")
    with pytest.raises(CommandError, match="پیش‌تر ثبت شده"):
        run("create", "assoc", "--scope", "services:read")
    assert ApiClient.objects.count() == 1


def test_places_of_two_kinds_at_once_are_refused():
    CounterOfficeFactory(code="1108-40-72")
    with pytest.raises(CommandError, match="فقط یکی از --office، --unit یا --province"):
        run("create", "x", "--scope", "services:read", "--office", "1108-40-72", "--province", "IR-23")
    assert not ApiClient.objects.exists()


def test_rotate_prints_a_new_token_and_the_old_one_stops():
    old = run("create", "assoc", "--scope", "services:read")[-1]
    new = run("rotate", "assoc", "--days", "7")[-1]
    assert new != old and "باطل" in services.find_token(old).refusal()
    assert services.find_token(new).refusal() == ""


def test_revoke_stops_every_token():
    token = run("create", "assoc", "--scope", "services:read")[-1]
    assert run("revoke", "assoc") == ["1 توکن سامانه «assoc» باطل شد."]
    assert "باطل" in services.find_token(token).refusal()
    with pytest.raises(CommandError, match="ثبت نشده"):
        run("revoke", "nobody")


def test_scopes_lists_each_scope_with_its_persian_description():
    assert run("scopes") == [f"{code}\t{text}" for code, text in SCOPES.items()]


def test_subscribe_prints_the_webhook_secret_on_its_last_line_and_lists_it():
    run("create", "assoc", "--scope", "events:receive", "requests:read")
    lines = run(
        "subscribe", "assoc", "https://assoc.example/hook", "--event", "request.accepted", "request.decided"
    )
    client = ApiClient.objects.get(name="assoc")
    [row] = client.webhook_subscriptions.all()
    assert lines[-1] == row.secret and row.events == ["request.accepted", "request.decided"]
    listed = run("subscriptions", "assoc")
    assert listed == [f"{row.pk}\tفعال\thttps://assoc.example/hook\trequest.accepted,request.decided"]
    assert "counter_file.ranked" in "\n".join(run("events"))


def test_subscribe_without_the_scope_or_with_an_unknown_event_is_refused():
    run("create", "reader", "--scope", "requests:read")
    with pytest.raises(CommandError, match="events:receive"):
        run("subscribe", "reader", "https://r.example/hook", "--event", "request.accepted")
    run("create", "hearer", "--scope", "events:receive")
    with pytest.raises(CommandError, match="رویداد ناشناخته"):
        run("subscribe", "hearer", "https://r.example/hook", "--event", "request.lost")
    assert not ApiClient.objects.filter(webhook_subscriptions__isnull=False).exists()
