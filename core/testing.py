"""Test helpers shared by every app's tests (imported by the root conftest.py, never by app code)."""

import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.test import Client, TestCase

# What the Content-Security-Policy blocked in any browser context of the current test, as Chromium
# reports it on the console (the root conftest fills it and fails the test on anything in it).
CSP_BLOCKED: list[str] = []


class LocalServer:
    """A real HTTP server on 127.0.0.1 in a daemon thread, standing for another system in a test
    (a webhook receiver, a national complaint system). A subclass gives `handler()`, a
    `BaseHTTPRequestHandler` class; `stop()` closes the port (the system is down) and `start()`
    opens the same port again (it is back)."""

    server = None
    port = 0

    def handler(self):
        raise NotImplementedError

    def start(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        """Down: the port is closed, so a call is refused at once."""
        self.server.shutdown()
        self.server.server_close()


class EndlessBody:
    """A request body (`wsgi.input`) that never ends, counting what was read from it."""

    def __init__(self, chunk=b"-" * 65536):
        self.chunk = chunk
        self.read_bytes = 0

    def read(self, size=-1):
        size = len(self.chunk) if size is None or size < 0 else min(size, len(self.chunk))
        self.read_bytes += size
        return self.chunk[:size]

    readline = read


def shared_last(items, fixture: str, *, under: Path) -> None:
    """Within each run of one module's tests under `under` (pytest's order otherwise kept), those
    that use `fixture` go after the others: a module-wide fixture made in a transaction the module's
    tests nest in (`rolled_back_after`) is then there only for the tests that asked for it (decision
    0130). Called from a conftest's `pytest_collection_modifyitems` with the whole session's tests."""
    start = 0
    while start < len(items):
        end = start + 1
        while end < len(items) and items[end].path == items[start].path:
            end += 1
        if items[start].path.is_relative_to(under):
            items[start:end] = sorted(items[start:end], key=lambda item: fixture in item.fixturenames)
        start = end


@contextmanager
def rolled_back_after(django_db_blocker, make):
    """What `make()` writes, kept for a module's tests and rolled back after the last of them (for a
    module-scoped fixture): it runs in a transaction each test's own then nests in as a savepoint, so
    a test that changes those rows changes them only for itself (decision 0130). Yields `make()`."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = make()
        except BaseException as error:
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def made_once_per_module(name: str, make, *, what: str) -> tuple:
    """Three fixtures for a conftest or a test module (one such set per module or directory),
    assigned there as `_made_once_per_module, <name>, _<name>_unless_asked = made_once_per_module(…)`:

    - `_made_once_per_module` (module scope): `make()`'s rows, made before the module's first test
      that asks for `name` and rolled back after its last (`rolled_back_after`);
    - `name`: those rows for a test (each test's own transaction nests in theirs);
    - an autouse guard that fails a test run while they are there without asking for `name`, as
      it would see rows another test made (`shared_last` orders the module's tests so that none
      does); `what` names them in its message. Decisions 0130 and 0135."""
    import pytest

    made = {}

    @pytest.fixture(scope="module", name="_made_once_per_module")
    def once(django_db_setup, django_db_blocker):
        with rolled_back_after(django_db_blocker, make) as rows:
            made["rows"] = rows
            try:
                yield rows
            finally:
                made.clear()

    @pytest.fixture(name=name)
    def fixture(_made_once_per_module, db):
        return _made_once_per_module

    @pytest.fixture(autouse=True, name=f"_{name}_unless_asked")
    def guard(request):
        if made and name not in request.fixturenames:
            pytest.fail(f"{request.node.nodeid} would see {what} another test of its module made")

    return once, fixture, guard


# The password every test person has when a test signs in through the login page.
PASSWORD = "a-Strong-Pass-123"  # noqa: S105 - UserFactory's, for every test person


def screen_page(browser, base_url: str, width: int, *, height: int = 900, timeout: int = 15000):
    """A page in a new Persian, Tehran-time browser context `width` px wide (`page.base_url` set);
    close it with `page.context.close()`."""
    context = browser.new_context(
        locale="fa-IR", timezone_id="Asia/Tehran", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.base_url = base_url
    return page


def clear_of_midnight(margin: float = 180, *, now=None, sleep=None) -> float:
    """Wait, if need be, until Tehran's date cannot change in the next `margin` seconds, and return
    the seconds waited. A browser journey that fills in today's date and has the server check it
    against its own today (a visit planned for today, a renewal dated today) fails if Tehran's
    midnight falls between the two: CI's run of 2026-12-06 did, at 23:59:56 Tehran time."""
    import datetime as dt
    import time

    from django.utils import timezone

    current = timezone.localtime(now)
    midnight = timezone.make_aware(dt.datetime.combine(current.date() + dt.timedelta(days=1), dt.time()))
    left = (midnight - current).total_seconds()
    if left > margin:
        return 0.0
    wait = left + 1
    (sleep or time.sleep)(wait)
    return wait


def sign_in_page(page, user, password: str = PASSWORD) -> None:
    """Sign `user` in through the login page in a browser test (national code in Persian digits)."""
    from core.text import to_persian_digits

    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_national_code", to_persian_digits(user.national_code))
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="ورود", exact=True).click()


def signed_in_page(browser, base_url: str, user, *, width: int, height: int = 900):
    """A `screen_page` with `user` signed in; its uncaught script errors collect in
    `page.script_errors`."""
    page = screen_page(browser, base_url, width, height=height)
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    sign_in_page(page, user)
    return page


def main_navigation(page):
    """The main navigation (a Playwright locator), its links unfolded first where the screen is
    narrow enough to fold them behind «فهرست»."""
    nav = page.get_by_role("navigation", name="فهرست اصلی")
    toggler = nav.get_by_role("button", name="فهرست")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        nav.locator("#miz-nav-links.show").wait_for()
    return nav


# Browser checks of how a page looks (Playwright): run in the page with `page.evaluate(...)` or
# `locator.evaluate(...)`.

# The visible inputs whose placeholder is wider than the box shows (measured in the box's own font).
CUT_OFF_PLACEHOLDERS = """() => {
  const canvas = document.createElement('canvas').getContext('2d'), cut = [];
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!el.placeholder || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (canvas.measureText(el.placeholder).width > room + 1) cut.push(`#${el.id}: ${el.placeholder}`);
  }
  return cut;
}"""

# The visible lists (<select>) whose chosen option is wider than the box shows.
CUT_OFF_CHOICES = """() => {
  const canvas = document.createElement('canvas').getContext('2d'), cut = [];
  for (const el of document.querySelectorAll('select:not([multiple])')) {
    const chosen = el.options[el.selectedIndex];
    if (!chosen || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (canvas.measureText(chosen.text).width > room + 1) cut.push(`${el.name}: ${chosen.text}`);
  }
  return cut;
}"""

# Where an element is across the screen, and whether a box around it scrolls sideways (so part of
# what it holds is out of sight until one scrolls).
HORIZONTAL_PLACE = """(el) => {
  const box = el.getBoundingClientRect();
  let scrolled = false;
  for (let up = el.parentElement; up; up = up.parentElement) {
    const clips = getComputedStyle(up).overflowX !== 'visible';
    if (clips && up.scrollWidth > up.clientWidth + 1) scrolled = true;
  }
  return {left: box.left, right: box.right, screen: document.documentElement.clientWidth, scrolled};
}"""


def fully_on_screen(locator) -> bool:
    """Whether the element is wholly within the screen's width with nothing to scroll sideways."""
    place = locator.evaluate(HORIZONTAL_PLACE)
    return place["left"] >= 0 and place["right"] <= place["screen"] + 0.5 and not place["scrolled"]


def post_endless(client, path, *, content_length: int = 1000 * 1024 * 1024, **extra):
    """POST an endless multipart body declaring `content_length` bytes; returns (response, body)."""
    body = EndlessBody()
    response = client.generic(
        "POST",
        path,
        data=b"",
        **{
            "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
            "CONTENT_LENGTH": str(content_length),
            "wsgi.input": body,
            **extra,
        },
    )
    return response, body


class CommittingClient(Client):
    """A test client that runs each request's on-commit callbacks when the request ends.

    Outside tests every request commits; inside pytest-django's test transaction (a plain `db`
    test) nothing does, so SMS and tasks sent with `transaction.on_commit` would never fire.
    """

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


class JsonLog:
    """The log lines the production handler would write (settings.LOGGING's JSON formatter and
    context filter) while the block runs, parsed: `with JsonLog() as log: …; log.lines`."""

    def __enter__(self):
        import io
        import logging

        from django.conf import settings
        from django.utils.module_loading import import_string

        from core.requestid import LogContextFilter

        spec = dict(settings.LOGGING["formatters"]["json"])
        formatter = import_string(spec.pop("()"))(**spec)
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(formatter)
        self.handler.addFilter(LogContextFilter())
        logging.getLogger().addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        import logging

        logging.getLogger().removeHandler(self.handler)

    @property
    def lines(self) -> list[dict]:
        import json

        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line]

    def of(self, logger: str) -> list[dict]:
        return [line for line in self.lines if line["logger"] == logger]


def scrape_gauge(client, settings, name: str, label: str = "state") -> dict[str, float]:
    """GET /metrics as the monitoring system and return one labelled metric as {label value: value}."""
    from prometheus_client.parser import text_string_to_metric_families

    settings.MIZ_METRICS_TOKEN = "test-metrics-token"  # noqa: S105
    response = client.get("/metrics", headers={"Authorization": "Bearer test-metrics-token"})
    assert response.status_code == 200
    (family,) = [f for f in text_string_to_metric_families(response.content.decode()) if f.name == name]
    return {sample.labels[label]: sample.value for sample in family.samples}


@contextmanager
def shared_by_threads(directory: Path):
    """The test database where threads with their own connections can race (a `transaction=True`
    test): PostgreSQL as it is; the suite's in-memory SQLite copied to a file in `directory`, which
    every connection opened inside the block uses (in-memory shared cache raises "table is locked"
    instead of waiting, a file in WAL mode waits like production). What the block writes stays in
    the file; the in-memory database is back, unchanged, on exit.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    path = directory / "shared_by_threads.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # WAL is kept in the file: set here, once, the threads' connections find it set; left to them,
    # two first connections switching the journal at once refuse each other ("database is locked").
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    in_memory, connection.connection = connection.connection, None  # kept open: it holds the data
    name = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)  # the dict every thread's connection is made from
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


def run_due_tasks() -> int:
    """Run every task that is due now, as `miz_worker --batch` does (the library's loop, which lets
    an error out where miz_worker would wait and retry); returns how many ran. The worker commits,
    so a test that calls it needs `transaction=True`."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.exclude(status="READY").count()
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    return DBTaskResult.objects.exclude(status="READY").count() - before


def at_once(*targets, timeout: float = 60) -> list:
    """Run each target in its own thread, so on its own database connection (closed after),
    released together by a barrier; their results in order. An exception in a thread is raised
    here once all have ended. Inside `shared_by_threads` on SQLite."""
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)
    errors: list[BaseException] = []

    def run(index, target):
        try:
            barrier.wait(timeout=timeout)
            results[index] = target()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    return results


TEST_REDIS_URL = os.environ.get("MIZ_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def live_redis(url: str = TEST_REDIS_URL):
    """A redis-py client of the tests' Redis, which answers. Without one the test is skipped,
    unless CI or MIZ_REQUIRE_REDIS is set, where a missing Redis is a failure."""
    import pytest
    import redis

    connection = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        if os.environ.get("CI") or os.environ.get("MIZ_REQUIRE_REDIS"):
            pytest.fail(f"Redis is not reachable at {url}")
        pytest.skip(f"Redis is not reachable at {url}")
    return connection


def python_process(*argv: str, env: dict[str, str] | None = None, drop=(), timeout: float = 120) -> str:
    """Run `python *argv` in another process (another node, another worker) from the project's
    folder, with this process's environment less `drop` and the test-only variables, plus `env`
    (settings `miz.settings` with DEBUG=1 unless given); assert it succeeded and return its output,
    stripped."""
    dropped = {
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "PYTEST_XDIST_WORKER",
        "PYTEST_CURRENT_TEST",
    }
    full = {k: v for k, v in os.environ.items() if k not in dropped}
    full.update(
        {"DJANGO_SETTINGS_MODULE": "miz.settings", "DEBUG": "1", "PYTHONUNBUFFERED": "1", **(env or {})}
    )
    result = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, *argv],
        cwd=settings.BASE_DIR,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def page_text(html: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    """A page's text pieces as (text, inside the `code` filter's `<bdi dir="ltr" class="code">`,
    the open tags around it), for tests that scan what a page shows."""
    from html.parser import HTMLParser

    void = ("br", "input", "img", "meta", "link", "hr", "source")
    pieces: list[tuple[str, bool, tuple[str, ...]]] = []
    stack: list[tuple[str, bool]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            classes = (attrs.get("class") or "").split()
            if tag not in void:
                stack.append((tag, tag == "bdi" and attrs.get("dir") == "ltr" and "code" in classes))

        def handle_endtag(self, tag):
            while stack:
                if stack.pop()[0] == tag:
                    break

        def handle_data(self, data):
            pieces.append((data, any(code for _, code in stack), tuple(tag for tag, _ in stack)))

    Parser(convert_charrefs=True).feed(html)
    return pieces
