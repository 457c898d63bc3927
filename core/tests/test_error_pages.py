"""Persian error pages in the site's shell with DEBUG off (issue 13, defect 8): 400, 403, 404, 500
and a failed CSRF check, each with the way back home; the 500 page without the database."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import timezone

import miz.urls
from core import errors, jalali

pytestmark = [pytest.mark.django_db]


def boom(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


def forbidden_with_reason(request):
    raise PermissionDenied("این پرونده به دفتر دیگری سپرده شده است.")


def forbidden_in_english(request):
    raise PermissionDenied("You shall not pass")


urlpatterns = [
    path("_test/boom/", boom),
    path("_test/forbidden/", forbidden),
    path("_test/forbidden-why/", forbidden_with_reason),
    path("_test/forbidden-en/", forbidden_in_english),
    *miz.urls.urlpatterns,
]
handler400, handler403 = miz.urls.handler400, miz.urls.handler403
handler404, handler500 = miz.urls.handler404, miz.urls.handler500

ERROR_SETTINGS = {"DEBUG": False, "ROOT_URLCONF": __name__, "ALLOWED_HOSTS": ["testserver"]}


def assert_persian_page_in_the_shell(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="fa" dir="rtl">' in html
    assert 'class="miz-header' in html and 'class="miz-footer' in html  # the site's shell
    assert heading in html
    assert 'href="/" id="error-home"' in html  # the way back
    for english in ("Not Found", "Server Error", "Forbidden", "Bad Request", "CSRF verification"):
        assert english not in html, english


@override_settings(**ERROR_SETTINGS)
def test_404_for_a_wrong_link(client):
    response = client.get("/desk/verify/not-a-real-token/")
    assert_persian_page_in_the_shell(response, 404, "صفحه‌ای که خواستید پیدا نشد")
    assert_persian_page_in_the_shell(client.get("/no/such/page/"), 404, "پیدا نشد")


@override_settings(**ERROR_SETTINGS)
def test_400_for_a_bad_host_and_for_a_nul_byte(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert_persian_page_in_the_shell(response, 400, "درخواست نادرست")
    response = client.get("/services/%00/")
    assert_persian_page_in_the_shell(response, 400, "نویسهٔ نامعتبر")


@override_settings(**ERROR_SETTINGS)
def test_403_says_why_in_persian_only(client, make_user):
    client.force_login(make_user())
    assert_persian_page_in_the_shell(client.get("/_test/forbidden/"), 403, "اجازه لازم را ندارید")
    why = client.get("/_test/forbidden-why/")
    assert_persian_page_in_the_shell(why, 403, "این پرونده به دفتر دیگری سپرده شده است.")
    english = client.get("/_test/forbidden-en/")
    assert_persian_page_in_the_shell(english, 403, "اجازه لازم را ندارید")
    assert "You shall not pass" not in english.content.decode()


@override_settings(**ERROR_SETTINGS)
def test_500_in_the_shell():
    client = Client(raise_request_exception=False)
    response = client.get("/_test/boom/")
    assert_persian_page_in_the_shell(response, 500, "خطایی در سامانه رخ داد")
    # Drawn without the request, the header still has today's Jalali date.
    today = jalali.format_long(timezone.localdate())
    assert f"امروز: {today}" in response.content.decode()


@override_settings(**ERROR_SETTINGS)
def test_csrf_failure_is_a_persian_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"national_code": "0012345678", "password": "x"})
    assert_persian_page_in_the_shell(response, 403, "فرم پذیرفته نشد")
    assert "دوباره باز کنید" in response.content.decode()


class Broken:
    """A request whose every attribute fails, as one may when the session store or the
    database is down."""

    def __getattr__(self, name):
        raise RuntimeError(f"request.{name} is unavailable")


@override_settings(**ERROR_SETTINGS)
def test_500_reads_neither_the_database_nor_the_request(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = errors.server_error(Broken())
    assert_persian_page_in_the_shell(response, 500, "خطایی در سامانه رخ داد")


class FailingUser:
    @property
    def is_authenticated(self):
        raise RuntimeError("the session store is down")


@override_settings(**ERROR_SETTINGS)
def test_an_error_page_whose_request_fails_still_renders():
    request = RequestFactory().get("/x/")
    request.user = FailingUser()  # the shell's menu and header fail on it
    response = errors.page_not_found(request)
    assert_persian_page_in_the_shell(response, 404, "پیدا نشد")


@override_settings(**ERROR_SETTINGS, TEMPLATES=[])
def test_without_any_template_the_page_is_still_persian():
    response = errors.server_error(None)
    html = response.content.decode()
    assert response.status_code == 500 and 'lang="fa"' in html and "خطای سامانه" in html
    assert 'href="/"' in html
