"""Bad input on the staff queue (issue 18): a page past the end, a sort on an unknown column, a
filter on a service the unit never handles. Each gets the page (200) with a Persian sentence
saying what was done instead, never a server error, and never more queries than a good request."""

import datetime as dt

import pytest
from django.urls import reverse

from core.text import to_persian_digits
from desk import services
from desk.search import UNKNOWN_SORT
from desk.tests.factories import make_service

pytestmark = pytest.mark.django_db

QUEUE_QUERIES = 13  # desk/tests/test_query_counts.py: the plain first page


@pytest.fixture
def queue_of_three(client, head, expert, make_user, submit):
    made = []
    for i in range(3):
        request = submit(who=make_user(first_name=f"متقاضی {i}"))
        services.assign_expert(requests=[request], expert=expert, by=head)
        made.append(request)
    client.force_login(head)
    return made


def get(client, params, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("desk:queue"), params)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize("asked", ["99999", "abc", "-1", "0", "۲"])
def test_a_page_that_is_not_there_shows_the_nearest_one_and_says_so(
    client, queue_of_three, django_assert_max_num_queries, asked
):
    response, html = get(client, {"page": asked}, django_assert_max_num_queries)
    assert len(response.context["reqs"]) == 3
    assert f"صفحه {to_persian_digits(1)} از {to_persian_digits(1)} آمده است" in html


def test_the_page_asked_for_gets_no_notice(client, queue_of_three, django_assert_max_num_queries):
    _, html = get(client, {"page": "1"}, django_assert_max_num_queries)
    assert "input-notice" not in html


@pytest.mark.parametrize("sort", ["nonsense", "-__class__", "applicant__password", "-"])
def test_a_sort_on_an_unknown_column_keeps_the_usual_order_and_says_so(
    client, queue_of_three, django_assert_max_num_queries, sort
):
    plain = client.get(reverse("desk:queue")).context["reqs"]
    response, html = get(client, {"sort": sort}, django_assert_max_num_queries)
    assert response.context["reqs"] == plain
    assert UNKNOWN_SORT in html


def test_a_known_sort_gets_no_notice(client, queue_of_three, django_assert_max_num_queries):
    response, html = get(client, {"sort": "-applicant"}, django_assert_max_num_queries)
    assert "input-notice" not in html
    names = [r.applicant_sort for r in response.context["reqs"]]
    assert names == sorted(names, reverse=True)


def test_a_service_the_unit_never_handles_is_refused_and_the_other_filters_still_apply(
    client, queue_of_three, other_unit, expert, head, django_assert_max_num_queries
):
    elsewhere = make_service([other_unit], title="خدمت واحد دیگر")
    services.transition(request=queue_of_three[0], name="accept", user=expert)
    response, html = get(
        client, {"service": elsewhere.pk, "state": "accepted"}, django_assert_max_num_queries
    )
    assert "واحد شما درخواستی از این خدمت ندارد" in html
    # The state filter still narrows the list; the refused service filter is left out.
    assert response.context["reqs"] == [queue_of_three[0]]


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1 OR 1=1"])
def test_a_service_filter_that_is_not_an_id_is_refused(
    client, queue_of_three, django_assert_max_num_queries, value
):
    response, html = get(client, {"service": value}, django_assert_max_num_queries)
    assert "پالایه خدمت برداشته شد" in html
    assert len(response.context["reqs"]) == 3


def test_an_unknown_state_shows_the_open_requests_and_says_so(
    client, queue_of_three, django_assert_max_num_queries
):
    response, html = get(client, {"state": "__all__"}, django_assert_max_num_queries)
    assert "وضعیت: این گزینه شناخته نیست" in html
    assert len(response.context["reqs"]) == 3


def test_a_service_of_the_unit_filters_without_a_notice(
    client, queue_of_three, django_assert_max_num_queries
):
    service = queue_of_three[0].service
    response, html = get(client, {"service": service.pk}, django_assert_max_num_queries)
    assert "input-notice" not in html
    assert len(response.context["reqs"]) == 3


def test_the_reports_filters_narrow_the_queue_and_a_bad_date_is_dropped_with_a_notice(
    client, queue_of_three, django_assert_max_num_queries, unit
):
    from django.utils import timezone

    from core.jalali import format_date

    today = format_date(timezone.localtime(queue_of_three[0].submitted_at).date(), persian_digits=False)
    # The unit filter looks the unit and the tree up: two queries more than the plain page.
    with django_assert_max_num_queries(QUEUE_QUERIES + 2):
        response = client.get(reverse("desk:queue"), {"unit": unit.code, "since": today, "until": today})
    assert len(response.context["reqs"]) == 3 and 'id="report-filter"' in response.content.decode()
    with django_assert_max_num_queries(QUEUE_QUERIES + 2):
        assert client.get(reverse("desk:queue"), {"unit": "HQ-NOWHERE"}).context["reqs"] == []
    response, html = get(client, {"since": "۱۴۰۴/۱۲/۳۰"}, django_assert_max_num_queries)
    assert len(response.context["reqs"]) == 3  # the refused filter is left out, the others apply
    assert "پذیرش از" in html and "روز ۳۰ وجود ندارد" in html


def test_the_decision_filters_list_the_answered_or_withdrawn_of_those_days_and_drop_bad_values(
    client, queue_of_three, head, expert, django_assert_max_num_queries
):
    from django.utils import timezone

    from core.jalali import format_date

    first, second, still_open = queue_of_three
    services.transition(request=first, name="reject", user=expert, note="نارسا")
    services.transition(request=second, name="withdraw", user=second.applicant)
    today = format_date(timezone.localdate(), persian_digits=False)
    days = {"decided_since": today, "decided_until": today}
    response, html = get(client, {**days, "decided": "answered"}, django_assert_max_num_queries)
    assert [r.pk for r in response.context["reqs"]] == [first.pk] and 'id="report-filter"' in html
    response, _html = get(client, {**days, "decided": "withdrawn"}, django_assert_max_num_queries)
    assert [r.pk for r in response.context["reqs"]] == [second.pk]
    yesterday = format_date(timezone.localdate() - dt.timedelta(days=1), persian_digits=False)
    response, _html = get(
        client, {"decided": "answered", "decided_until": yesterday}, django_assert_max_num_queries
    )
    assert response.context["reqs"] == []
    response, html = get(client, {"decided": "everything"}, django_assert_max_num_queries)
    assert "سرانجام" in html and "این گزینه شناخته نیست" in html  # dropped: the open ones, as usual
    assert {r.pk for r in response.context["reqs"]} == {still_open.pk}
