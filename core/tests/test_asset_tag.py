"""`{% asset %}` gives what `{% static %}` gives, and follows a change of the static settings or of
the script prefix as `{% static %}` does (it remembers addresses once worked out)."""

from django.template import engines
from django.urls import clear_script_prefix, set_script_prefix


def rendered(source: str) -> str:
    return engines["django"].from_string(source).render({})


def test_asset_is_the_static_address(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    path = "core/css/miz.css"
    assert rendered(f"{{% asset '{path}' %}}") == rendered(f"{{% load static %}}{{% static '{path}' %}}")
    settings.STATIC_URL = "/elsewhere/"
    assert rendered(f"{{% asset '{path}' %}}") == f"/elsewhere/{path}"


def test_asset_under_a_script_prefix_is_what_static_gives_there(settings):
    static = "{% load static %}{% static 'a.css' %}"
    rendered("{% asset 'a.css' %}")  # remembered without a prefix
    set_script_prefix("/miz/")
    try:
        assert rendered("{% asset 'a.css' %}") == rendered(static)
    finally:
        clear_script_prefix()
    assert rendered("{% asset 'a.css' %}") == rendered(static)


def test_every_page_and_the_admin_name_the_sites_icon(client, admin_user):
    # Without it a browser asked for /favicon.ico on every first visit and logged a 404.
    from django.contrib.staticfiles import finders

    assert finders.find("core/img/favicon.svg")
    icon = '<link rel="icon" type="image/svg+xml" href="/static/core/img/favicon.svg">'
    assert icon in client.get("/").content.decode()
    client.force_login(admin_user)
    assert icon in client.get("/admin/").content.decode()
