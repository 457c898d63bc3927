"""Shared fixtures: SMS outbox, people, and a running server + Chromium for browser tests."""

import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

from core import sms
from core.testing import CSP_BLOCKED

# Property tests prove rules, not speed (speed is measured in bench/): Hypothesis' per-example
# deadline (200 ms) fails them at random on a shared CI machine under load.
hypothesis_settings.register_profile("miz", deadline=None)
hypothesis_settings.load_profile("miz")


def _database_kind(item) -> int:
    """pytest-django's order: 0 plain database tests, 1 transactional ones, 2 the rest."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    if marker is not None:
        return 1 if marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") else 0
    return 0 if "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (plain database tests, then transactional ones, which flush the
    database, then the rest), the tests marked `slow` go first within their kind: a minute-long
    test taken last by one xdist worker would leave the other idle that long (decision 0084)."""
    kinds = [_database_kind(item) for item in items]
    if kinds != sorted(kinds):
        return  # not the order this hook expects: leave pytest-django's as it is
    items.sort(key=lambda item: (_database_kind(item), item.get_closest_marker("slow") is None))


@pytest.fixture(scope="session", autouse=True)
def _flush_with_delete_on_postgresql():
    """After each transactional test Django empties every table (`flush`); on PostgreSQL that is
    one TRUNCATE of all ~150 tables, which makes new files for each table and index: about 4.5 s a
    test on the shared machine, against 0.3 s for a DELETE of each table (decision 0084). The
    tables end just as empty; Django's foreign keys are DEFERRABLE, so the order does not matter
    inside the flush's transaction. Flushes that reset sequences or cascade keep Django's SQL."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))}"
            for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _clean_outbox_calendar_and_cache():
    from django.core.cache import cache

    from core.calendar import clear_cache

    # The cache holds the rate-limit counters (core.policy): each test starts with none spent.
    sms.outbox.clear()
    clear_cache()
    cache.clear()
    yield
    sms.outbox.clear()
    clear_cache()
    cache.clear()


@pytest.fixture
def clock(time_machine):
    """Move every clock (Django's, `time`, `datetime`) forward with `clock.shift(seconds=...)`;
    `clock.now()` is Django's aware now."""
    from datetime import timedelta

    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=True)

    class Clock:
        def shift(self, **delta):
            time_machine.shift(timedelta(**delta))

        def now(self):
            return timezone.now()

    return Clock()


@pytest.fixture
def outbox():
    """The SMS sent during the test (`core.sms.LocMemSmsBackend`), oldest first.

    Miz sends SMS on commit, and nothing commits inside a plain `db` test. To see them here:
    make requests with `committing_client` (each request runs its on-commit callbacks), wrap
    service calls in `django_capture_on_commit_callbacks(execute=True)`, or use
    `transactional_db` (browser tests through the live server do).
    """
    return sms.outbox


@pytest.fixture
def committing_client():
    """A Django test client whose requests run their on-commit callbacks (SMS, tasks)."""
    from core.testing import CommittingClient

    return CommittingClient()


@pytest.fixture
def json_log():
    """The structured log lines written during the test, parsed (`core.testing.JsonLog`)."""
    from core.testing import JsonLog

    with JsonLog() as log:
        yield log


@pytest.fixture
def make_user(db):
    """A user with a valid generated national code and (optionally) a role."""
    from accounts.tests.factories import make_user

    return make_user


@pytest.fixture
def applicant(make_user):
    """Sara, who applies for services (the desk's own has an e-mail address too)."""
    from accounts.models import Role

    return make_user(role=Role.APPLICANT, first_name="سارا", mobile="+989135550001")


@pytest.fixture
def other_applicant(make_user):
    from accounts.models import Role

    return make_user(role=Role.APPLICANT, first_name="نیما")


@pytest.fixture
def expert(make_user, unit):
    """An expert of the app's `unit` (an app whose experts are elsewhere defines its own)."""
    from accounts.models import Role

    return make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="حسین")


@pytest.fixture
def operator(make_user, office):
    """The operator of the app's counter `office`."""
    from accounts.models import Role

    return make_user(role=Role.COUNTER_OPERATOR, scope={"counter_office": office}, first_name="اپراتور")


@pytest.fixture
def admin_user(make_user):
    """pytest-django's `admin_user` (and so `admin_client`) for Miz's user model, which needs a
    national code and a mobile."""
    return make_user(is_superuser=True, is_staff=True, first_name="مدیر", last_name="سامانه")


@pytest.fixture
def outage_db(transactional_db, tmp_path):
    """The test database as a `manage.py` subprocess sees it, with `outage()` to take it away for a
    few seconds (see core.testing_outage)."""
    from core.testing_outage import OutageDatabase

    database = OutageDatabase(tmp_path)
    yield database
    database.close()


@pytest.fixture
def start_manage(outage_db, tmp_path):
    """`start_manage("miz_worker", ...)`: a background `manage.py` against `outage_db`, ended after
    the test."""
    from core.testing_outage import ManageProcesses

    processes = ManageProcesses(outage_db, tmp_path)
    yield processes.start
    processes.stop_all()


CHROMIUM = os.environ.get("MIZ_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto) for this test session (core.testing_s3)."""
    from core.testing_s3 import S3Server

    server = S3Server()
    yield server
    server.stop()


@pytest.fixture
def object_storage(settings, s3_server):
    """Files go to a fresh private bucket on `s3_server`, configured exactly as production is from
    the MIZ_S3_* variables (miz.storage); yields `(server, bucket)`."""
    from miz.storage import default_storage_from

    bucket = s3_server.bucket()
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from(s3_server.env(bucket))}
    return s3_server, bucket


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; skipped without it unless MIZ_REQUIRE_BROWSER=1."""
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("MIZ_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (MIZ_REQUIRE_BROWSER=1: CI must run browser tests)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        new_context = instance.new_context
        instance.new_context = lambda *args, **kwargs: _watch_csp(new_context(*args, **kwargs))
        yield instance
        instance.close()


@pytest.fixture
def contexts(browser):
    """`contexts()` opens one more browser context (a person on another machine) in Persian and
    Tehran time; every context a test opened is closed after it (`pytest_runtest_call`)."""
    return lambda: browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran", accept_downloads=True)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fa-IR", timezone_id="Asia/Tehran")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    page.csp_blocked = CSP_BLOCKED
    yield page
    context.close()


# What the Content-Security-Policy blocked in any browser context of the current test (Chromium
# reports it on the console): a page must work under the policy it is served with. The list lives
# in `core.testing` (a test module cannot import this file by name: bench/ has a conftest too).


def _watch_csp(context):
    def seen(message):
        if "Content Security Policy" in message.text:
            # An inline style has no script location; the page's address says where it was.
            where = message.location.get("url") or (message.page.url if message.page else "")
            CSP_BLOCKED.append(f"{where}: {message.text}")

    context.on("console", seen)
    return context


@pytest.fixture(autouse=True)
def _nothing_blocked_by_the_policy():
    CSP_BLOCKED.clear()
    yield
    blocked, CSP_BLOCKED[:] = list(CSP_BLOCKED), []
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Close every browser context a test opened before its fixtures (live server, database) are
    torn down, so no keep-alive request of a forgotten context outlives the test."""
    yield
    browser = item.funcargs.get("browser")
    if browser is not None:
        for context in list(browser.contexts):
            context.close()
