"""In-app notices: every notify() to a user records one notice, once per key, whatever channels;
the notices page shows the signed-in user's own, newest first and paged, and reads them; the
menu's badge counts the unread ones with one query."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core import nav
from notifications import selectors
from notifications.models import Notice, Notification
from notifications.services import mark_notices_read, notify

pytestmark = pytest.mark.django_db

NOTICES = "/notices/"


def tell(user, text="پیام آزمون", **extra) -> None:
    notify(event="x.test", text=text, user=user, **extra)


def test_a_message_to_a_user_is_also_their_notice(make_user):
    user = make_user(email="ali@example.com")
    rows = notify(event="desk.receipt", text="درخواست شما ثبت شد.", user=user, subject="رسید")
    assert [r.channel for r in rows] == ["sms", "email"]  # the notice is not one of the sent rows
    notice = Notice.objects.get()
    assert (notice.user, notice.event, notice.subject, notice.body) == (
        user,
        "desk.receipt",
        "رسید",
        "درخواست شما ثبت شد.",
    )
    assert notice.is_unread


def test_one_notice_per_key(make_user):
    user = make_user()
    for _ in range(3):
        tell(user, key="x.test:1")
    tell(user, key="x.test:2")
    assert Notice.objects.filter(user=user).count() == 2
    assert Notification.objects.filter(user=user).count() == 2


def test_no_channels_records_the_notice_and_sends_nothing(make_user):
    user = make_user()
    assert notify(event="x.test", text="فقط در سامانه", user=user, key="k", channels=()) == []
    assert not Notification.objects.exists()
    assert Notice.objects.get().body == "فقط در سامانه"


def test_a_message_to_a_number_only_is_no_ones_notice():
    notify(event="x.test", text="سلام", mobile="09121112233", key="k")
    assert Notification.objects.count() == 1
    assert not Notice.objects.exists()


def test_the_event_text_fills_the_notice(make_user):
    user = make_user()
    notify(event="desk.message", values={"site": "میز", "tracking_code": "123", "service": "خدمت"}, user=user)
    notice = Notice.objects.get()
    assert notice.body == Notification.objects.get().body
    assert notice.subject == "پیام تازه درباره درخواست شما"


def test_the_page_shows_only_my_notices_newest_first(client, make_user):
    me, other = make_user(), make_user()
    tell(me, "نخستین پیام من")
    tell(other, "پیام دیگری")
    tell(me, "دومین پیام من")
    Notice.objects.filter(body="نخستین پیام من").update(created_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(me)
    html = client.get(NOTICES).content.decode()
    assert html.index("دومین پیام من") < html.index("نخستین پیام من")
    assert "پیام دیگری" not in html


def test_another_users_notice_cannot_be_marked_read(make_user):
    me, other = make_user(), make_user()
    tell(other, "پیام دیگری")
    theirs = Notice.objects.get(user=other)
    assert mark_notices_read(me, [theirs.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.is_unread
    assert not selectors.notices_for(me).filter(pk=theirs.pk).exists()


def test_opening_the_page_reads_the_notices_shown(client, make_user):
    me, other = make_user(), make_user()
    tell(me)
    tell(me)
    tell(other)
    client.force_login(me)
    html = client.get(NOTICES).content.decode()
    assert html.count("miz-notice-unread") == 2  # marked as they were when the page opened
    assert selectors.unread_notice_count(me) == 0
    assert selectors.unread_notice_count(other) == 1
    assert "miz-notice-unread" not in client.get(NOTICES).content.decode()


def test_notices_on_a_later_page_stay_unread_until_it_is_opened(client, make_user):
    me = make_user()
    for n in range(25):
        tell(me, f"پیام {n}")
    client.force_login(me)
    first = client.get(NOTICES)
    assert len(first.context["notices"]) == 20
    assert selectors.unread_notice_count(me) == 5
    assert 'page=2"' in first.content.decode()
    second = client.get(NOTICES + "?page=2")
    assert len(second.context["notices"]) == 5
    assert selectors.unread_notice_count(me) == 0


def test_the_menu_badge_counts_my_unread_notices(client, make_user):
    me, other = make_user(), make_user()
    for _ in range(3):
        tell(me)
    tell(other)
    client.force_login(me)
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-nav-badge="notifications:notices">۳<' in html
    client.get(NOTICES)
    assert 'data-nav-badge="notifications:notices"' not in client.get(reverse("core:home")).content.decode()


def test_the_badge_is_one_count_query(make_user, django_assert_num_queries):
    me = make_user()
    tell(me)
    item = next(i for i in nav.items_for(me) if i.url_name == "notifications:notices")
    with django_assert_num_queries(1):
        assert item.count_for(me) == 1


def test_the_badge_counts_no_further_than_its_cap(client, make_user, django_assert_num_queries):
    """Past 99 unread the badge shows «۹۹+» and its count stops at 100 (issue 18: a staff member
    told of every new request of their units counted thousands on every page)."""
    from core.nav import BADGE_CAP
    from notifications.models import Notice

    me = make_user()
    tell(me)
    first = Notice.objects.get(user=me)
    values = {f.attname: getattr(first, f.attname) for f in Notice._meta.concrete_fields if not f.primary_key}
    Notice.objects.bulk_create([Notice(**values) for _ in range(BADGE_CAP + 5)])
    assert Notice.objects.filter(user=me, read_at__isnull=True).count() == BADGE_CAP + 6
    with django_assert_num_queries(1):
        assert selectors.unread_notice_count(me) == BADGE_CAP + 1
    client.force_login(me)
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-nav-badge="notifications:notices">۹۹+<' in html
    Notice.objects.filter(
        pk__in=[n.pk for n in Notice.objects.filter(user=me)[: BADGE_CAP + 6 - BADGE_CAP]]
    ).delete()
    assert selectors.unread_notice_count(me) == BADGE_CAP
    assert 'data-nav-badge="notifications:notices">۹۹<' in client.get(reverse("core:home")).content.decode()


def test_the_page_is_for_signed_in_users_and_in_their_menu(client, make_user):
    from django.contrib.auth.models import AnonymousUser

    response = client.get(NOTICES)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "notifications:notices" not in [i.url_name for i in nav.items_for(AnonymousUser())]
    assert "notifications:notices" in [i.url_name for i in nav.items_for(make_user())]


def test_an_empty_list_says_so(client, make_user):
    client.force_login(make_user())
    assert "هنوز اعلانی برای شما نیست" in client.get(NOTICES).content.decode()
