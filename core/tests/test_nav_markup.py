"""The menu's links and badges drawn in Python (`{% nav_links %}`, `{% nav_badges %}`) are the markup
of the template loop they replaced in `base.html`, kept here with the tag it used."""

import re

import pytest
from django import template
from django.template import Context, Engine
from django.utils.html import format_html

from core.nav import BADGE_CAP, NavItem
from core.text import to_persian_digits

register = template.Library()  # the old `{% nav_badge %}`, as `core.templatetags.miz` had it


@register.simple_tag(takes_context=True)
def nav_badge(context, item):
    request = context.get("request")
    counts = request.__dict__.setdefault("_miz_nav_counts", {}) if request is not None else {}
    if item.url_name not in counts:
        counts[item.url_name] = item.count_for(getattr(request, "user", None))
    count = counts[item.url_name]
    if not count:
        return ""
    shown = f"{to_persian_digits(BADGE_CAP)}+" if count > BADGE_CAP else to_persian_digits(count)
    return format_html(
        '<span class="badge rounded-pill text-bg-danger ms-1" data-nav-badge="{}">{}'
        '<span class="visually-hidden"> {}</span></span>',
        item.url_name,
        shown,
        item.badge_label,
    )


OLD = """{% load oldnav %}<span>فهرست</span>{% for item in miz_nav %}{% if item.has_badge %}{% nav_badge item %}{% endif %}{% endfor %}
<ul class="nav flex-column flex-md-row">
            {% for item in miz_nav %}
              <li class="nav-item"><a class="nav-link{% if request.path == item.url %} active" aria-current="page{% endif %}" href="{{ item.url }}">{{ item.label }}{% if item.has_badge %}{% nav_badge item %}{% endif %}</a></li>
            {% endfor %}
</ul>"""  # noqa: E501 - the lines of base.html as they were

NEW = """{% load miz %}<span>فهرست</span>{% nav_badges %}
<ul class="nav flex-column flex-md-row">
            {% nav_links %}
</ul>"""

ENGINE = Engine(libraries={"oldnav": "core.tests.test_nav_markup", "miz": "core.templatetags.miz"})


class Member:
    is_authenticated = True


def _items():
    def counting(n):
        return lambda user: n

    return [
        NavItem("خانه", "core:home", frozenset({"public"}), 1),
        NavItem("پیگیری <درخواست> & \"کد\" 'ها'", "desk:track", frozenset({"public"}), 2),
        NavItem("اعلان‌ها", "accounts:login", frozenset(), 3, badge=counting(7), badge_label="خوانده‌نشده"),
        NavItem("صف", "desk:queue", frozenset(), 4, badge=counting(BADGE_CAP + 51), badge_label="<تازه>"),
        NavItem("هیچ", "accounts:signup", frozenset(), 5, badge=counting(0), badge_label="صفر"),
        NavItem("ناپیدا", "nowhere:page", frozenset(), 6),
    ]


def _draw(source, request, items) -> str:
    html = ENGINE.from_string(source).render(Context({"request": request, "miz_nav": items}))
    return re.sub(r">\s+<", "><", html)  # the loop's indentation between the items


@pytest.mark.parametrize("path", ["/", "/desk/track/", "/desk/queue/", "/elsewhere/"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_menu_is_the_markup_of_the_loop_it_replaced(rf, path, signed_in):
    items = _items()
    old_request, new_request = rf.get(path), rf.get(path)
    if signed_in:
        old_request.user = new_request.user = Member()
    old, new = _draw(OLD, old_request, items), _draw(NEW, new_request, items)
    assert new == old
    assert new.count('class="nav-item"') == len(items)
    assert ("data-nav-badge" in new) is signed_in
    assert "&lt;درخواست&gt; &amp; &quot;کد&quot; &#x27;ها&#x27;" in new


def test_each_badge_is_counted_once_a_request(rf):
    calls = []
    item = NavItem("اعلان‌ها", "core:home", frozenset(), badge=lambda user: calls.append(1) or 3)
    request = rf.get("/")
    request.user = Member()
    html = _draw(NEW, request, [item])
    assert len(calls) == 1
    assert html.count('data-nav-badge="core:home">۳<') == 2  # by the menu button and by the item


def test_no_menu_no_markup(rf):
    assert _draw(NEW, rf.get("/"), []) == _draw(OLD, rf.get("/"), [])
