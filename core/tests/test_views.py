"""The shell: the health check, and a right-to-left Persian home page whose static files all exist."""

import pathlib
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from core import jalali

pytestmark = pytest.mark.django_db

STATIC_REF = re.compile(r'(?:href|src)="/static/([^"]+)"')


# --- /healthz -----------------------------------------------------------------------------


def test_healthz_ok(client):
    from core import scheduler
    from core.models import ScheduledRun

    for run in scheduler.tick():  # every periodic job ran in its current period
        ScheduledRun.objects.filter(pk=run.pk).update(state=ScheduledRun.State.SUCCEEDED)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": True, "jobs": {"status": "ok", "late": []}}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


class _BrokenCursor:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql, params=None):
        raise OperationalError("could not connect to server: Connection refused")


class _DownConnection:
    def __init__(self, *, fail_on_open: bool):
        self.fail_on_open = fail_on_open

    def cursor(self):
        if self.fail_on_open:
            raise OperationalError("connection refused")
        return _BrokenCursor()


@pytest.mark.parametrize("fail_on_open", [True, False])
def test_healthz_503_when_the_database_is_down(client, monkeypatch, fail_on_open, caplog):
    monkeypatch.setattr("core.views.connection", _DownConnection(fail_on_open=fail_on_open))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}
    assert "database unreachable" in caplog.text


def test_healthz_is_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_plain_http_behind_ssl_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


# --- the home page ------------------------------------------------------------------------


def test_home_is_rtl_persian_with_todays_jalali_date(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert '<meta charset="utf-8">' in html
    assert jalali.format_long(timezone.localdate()) in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_home_loads_the_vendored_static_files_and_each_exists(client):
    html = client.get(reverse("core:home")).content.decode()
    referenced = STATIC_REF.findall(html)
    for expected in (
        "vendor/bootstrap-5.3.8/bootstrap.rtl.min.css",
        "vendor/vazirmatn-33.0.3/vazirmatn.css",
        "vendor/htmx-2.0.4/htmx.min.js",
        "vendor/bootstrap-5.3.8/bootstrap.bundle.min.js",
        "vendor/jalaali-js-1.2.8/jalaali.min.js",
        "core/js/jalali-picker.js",
        "core/css/miz.css",
    ):
        assert expected in referenced
    for path in referenced:
        assert finders.find(path), f"/static/{path} is referenced but missing"
    assert not re.search(r'(?:href|src)="https?://', html), "no CDN: every asset is vendored"


def test_vazirmatn_css_points_at_font_files_that_exist():
    css_path = finders.find("vendor/vazirmatn-33.0.3/vazirmatn.css")
    with open(css_path, encoding="utf-8") as f:
        css = f.read()
    fonts = re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css)
    assert fonts
    for font in fonts:
        assert finders.find(f"vendor/vazirmatn-33.0.3/{font}"), font


def test_admin_pages_load_their_static_files(admin_client):
    html = admin_client.get(reverse("admin:core_holiday_add")).content.decode()
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    for path in STATIC_REF.findall(html):
        assert finders.find(path), f"/static/{path} is referenced but missing"


def test_every_vendored_folder_is_listed_in_the_readme():
    readme_path = finders.find("vendor/README.md")
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    for folder in pathlib.Path(readme_path).parent.iterdir():
        if folder.is_dir():
            version = folder.name.rsplit("-", 1)[1]
            assert re.search(rf"\|\s*{re.escape(version)}\s*\|", readme), folder.name
