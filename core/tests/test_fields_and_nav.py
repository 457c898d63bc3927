"""Model fields store identifiers in one form; the navigation registry shows each role its items."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import formfields, modelfields, nav
from core.context_processors import shell


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        (modelfields.NationalCodeField(), "۰۰۸-۴۵۷۵۹۴-۸", "0084575948"),
        (modelfields.LegalIdField(), "۱۰۳۸۰۲۸۴۷۹۰", "10380284790"),
        (modelfields.MobileField(), "۰۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789"),
        (modelfields.LandlineField(), "۰۲۱-۸۸۸۸۸۸۸۸", "+982188888888"),
        (modelfields.PostalCodeField(), "۱۳۱۸۶-۵۳۵۱۱", "1318653511"),
    ],
)
def test_model_fields_store_the_canonical_form(field, typed, stored):
    assert field.clean(typed, None) == stored


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        (modelfields.NationalCodeField(), "1111111111"),
        (modelfields.MobileField(), "02188888888"),
        (modelfields.PostalCodeField(), "۱۲۳"),
    ],
)
def test_model_fields_refuse_bad_values(field, typed):
    with pytest.raises(ValidationError):
        field.clean(typed, None)


def test_model_fields_give_the_matching_form_fields():
    assert isinstance(modelfields.NationalCodeField().formfield(), formfields.NationalCodeField)
    assert isinstance(modelfields.MobileField().formfield(), formfields.MobileField)
    assert isinstance(modelfields.JalaliDateField().formfield(), formfields.JalaliDateField)


def test_phone_form_fields_show_the_national_form():
    assert formfields.MobileField().prepare_value("+989123456789") == "09123456789"
    assert formfields.LandlineField().prepare_value("+982188888888") == "02188888888"
    assert formfields.MobileField().prepare_value("0912") == "0912"


# --- navigation ---------------------------------------------------------------------------


class _User:
    is_authenticated = True

    def __init__(self, *codes):
        self.codes = codes

    def role_codes(self):
        return set(self.codes)


@pytest.fixture
def registry():
    with nav.items.isolated(), nav.role_infos.isolated():
        nav.register_nav("خانه", "core:home", roles={nav.PUBLIC}, order=0)
        nav.register_nav("کارتابل", "core:home", roles={"staff_expert", "unit_head"}, order=10)
        nav.register_nav("حساب من", "core:home", roles={nav.SIGNED_IN}, order=5)
        nav.register_nav("ناپیدا", "no_such:url", roles={nav.PUBLIC}, order=1)
        nav.register_role("staff_expert", "کارشناس", "بررسی درخواست‌ها", order=2)
        nav.register_role("applicant", "متقاضی", "درخواست خدمت", order=1)
        yield


def test_the_isolated_registry_gives_back_what_the_apps_registered():
    before = [i.label for i in nav.items_for_role("staff_expert")]
    assert before, "the apps register menu items for experts"
    with nav.items.isolated():
        assert nav.items_for_role("staff_expert") == []
        nav.register_nav("موقت", "core:home", roles={"staff_expert"})
        assert [i.label for i in nav.items_for_role("staff_expert")] == ["موقت"]
    assert [i.label for i in nav.items_for_role("staff_expert")] == before


def labels(items):
    return [i.label for i in items]


def test_items_by_audience(registry):
    assert labels(nav.items_for(AnonymousUser())) == ["خانه", "ناپیدا"]
    assert labels(nav.items_for(_User())) == ["خانه", "ناپیدا", "حساب من"]
    assert labels(nav.items_for(_User("unit_head"))) == ["خانه", "ناپیدا", "حساب من", "کارتابل"]
    assert labels(nav.items_for_role("staff_expert")) == ["کارتابل"]


def test_registering_twice_adds_once_and_bad_urls_are_blank(registry):
    nav.register_nav("خانه", "core:home", roles={nav.PUBLIC}, order=0)
    assert labels(nav.items_for(AnonymousUser())).count("خانه") == 1
    assert next(i for i in nav.items_for(AnonymousUser()) if i.label == "ناپیدا").url == ""
    assert next(i for i in nav.items_for(AnonymousUser()) if i.label == "خانه").url == "/"


class _ElsewhereUrls:
    from django.urls import path

    urlpatterns = [path("elsewhere/", lambda request: None, name="elsewhere")]


def test_an_items_address_follows_the_script_prefix_and_the_urlconf(registry, settings):
    from django.urls import clear_script_prefix, set_script_prefix, set_urlconf

    home = next(i for i in nav.items_for(AnonymousUser()) if i.label == "خانه")
    assert home.url == "/"
    set_script_prefix("/miz/")
    try:
        assert home.url == "/miz/"
    finally:
        clear_script_prefix()
    set_urlconf(_ElsewhereUrls)  # a request's own URLconf, as a middleware may set
    try:
        assert home.url == ""  # no `core:home` there
    finally:
        set_urlconf(None)
    assert home.url == "/"


def test_roles_in_order_and_user_role_codes(registry):
    assert [r.code for r in nav.roles()] == ["applicant", "staff_expert"]
    assert nav.user_role_codes(AnonymousUser()) == set()
    assert nav.user_role_codes(_User("auditor")) == {"auditor"}


def test_shell_context(rf, settings):
    request = rf.get("/")
    request.user = AnonymousUser()
    context = shell(request)
    assert context["miz_organisation_name"] == settings.MIZ_ORGANISATION_NAME
    assert context["miz_today"]
    assert all(item.roles & {nav.PUBLIC} for item in context["miz_nav"])
    assert context["miz_links"] == {
        "home": reverse("core:home"),
        "login": reverse("accounts:login"),
        "signup": reverse("accounts:signup"),
        "logout": reverse("accounts:logout"),
        "api_guide": reverse("api_guide"),
    }


def test_the_shell_leaves_out_a_menu_item_with_no_address_here(rf, registry, client):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert labels(shell(request)["miz_nav"]) == ["خانه"]  # «ناپیدا» names no URL of this URLconf
    html = client.get(reverse("core:home")).content.decode()
    assert "ناپیدا" not in html and 'class="nav-link active" aria-current="page" href="/">خانه</a>' in html


def look_alike(items) -> list[tuple[str, str]]:
    """Pairs of menu labels that begin with the same two words: in a folded phone menu they read
    as one entry («انطباق با دستورالعمل (از داده‌ها)» beside «انطباق با دستورالعمل میز خدمت»)."""
    seen: dict[tuple[str, ...], str] = {}
    pairs = []
    for item in items:
        start = tuple(item.label.split()[:2])
        if start in seen:
            pairs.append((seen[start], item.label))
        seen.setdefault(start, item.label)
    return pairs


def test_the_look_alike_check_finds_two_entries_with_the_same_start(registry):
    nav.register_nav("انطباق با دستورالعمل میز خدمت", "core:home", roles={"staff_expert"})
    nav.register_nav("انطباق با دستورالعمل (از داده‌ها)", "core:home", roles={"staff_expert"})
    [pair] = look_alike(nav.items_for(_User("staff_expert")))
    assert set(pair) == {"انطباق با دستورالعمل میز خدمت", "انطباق با دستورالعمل (از داده‌ها)"}


def test_no_role_sees_two_menu_entries_that_read_alike():
    """Issue 13: every role's menu (with what every signed-in person sees) has distinct entries."""
    found = {}
    for role in nav.roles():
        labels_seen = labels(nav.items_for(_User(role.code)))
        assert len(labels_seen) == len(set(labels_seen)), role.code
        if pairs := look_alike(nav.items_for(_User(role.code))):
            found[role.code] = pairs
    assert found == {}
    manager = labels(nav.items_for(_User("province_manager")))
    assert "ماتریس قابلیت‌های خدمات" in manager and "گزارش انطباق با دستورالعمل" in manager
