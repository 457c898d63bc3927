"""The queue's keyset pages (issue 18): «بعدی» and «قبلی» carry a signed cursor (the last or first
row's sort values), so a page far down the queue costs what the first does. The order is total
(ties broken by id), so walking the pages shows every request once; a cursor changed by hand, or
kept from another sort, brings the first page and a Persian sentence, never a server error."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core import paging
from desk import search, services
from desk.models import ServiceRequest
from desk.search import SORT_COLUMNS

pytestmark = pytest.mark.django_db

PER_PAGE = 3
QUEUE_QUERIES = 13  # desk/tests/test_query_counts.py: the plain first page (searched: 14)


@pytest.fixture
def seven(client, head, expert, make_user, submit, monkeypatch):
    """Seven requests, three a page, tied on due date and submission time (and service, channel,
    state): only the id tells them apart. Four are assigned, three are not."""
    monkeypatch.setattr("desk.views.staff.QUEUE_PAGE_SIZE", PER_PAGE)
    made = [submit(who=make_user(first_name=f"متقاضی {i % 2}")) for i in range(7)]
    services.assign_expert(requests=made[:4], expert=expert, by=head)
    when = timezone.make_aware(dt.datetime(2026, 1, 10, 9, 0))
    ServiceRequest.objects.filter(pk__in=[r.pk for r in made]).update(submitted_at=when)
    client.force_login(head)
    return made


def walk(client, params, django_assert_max_num_queries):
    """The pks of each page from the first by «بعدی», then back by «قبلی»: (forward, backward)."""
    forward, backward, cursor = [], [], None
    for _ in range(20):  # seven rows, three a page: a cursor that does not move fails, not hangs
        with django_assert_max_num_queries(QUEUE_QUERIES + bool(params.get("q"))):
            response = client.get(reverse("desk:queue"), {**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200
        page = response.context["page"]
        forward.append([r.pk for r in response.context["reqs"]])
        assert 'id="page-next"' in response.content.decode() or not page.has_next
        if not page.has_next:
            break
        cursor = page.next_cursor
    else:
        pytest.fail(f"the next page never ended: {forward[:4]}")
    while page.has_previous and len(backward) < 20:
        response = client.get(reverse("desk:queue"), {**params, "cursor": page.previous_cursor})
        page = response.context["page"]
        backward.insert(0, [r.pk for r in response.context["reqs"]])
    backward.append(forward[-1])
    return forward, backward


def test_the_pages_show_every_request_once_in_the_queues_order_and_back(
    client, seven, django_assert_max_num_queries
):
    forward, backward = walk(client, {}, django_assert_max_num_queries)
    assert [len(p) for p in forward] == [3, 3, 1]
    # Tied on everything the queue sorts by: the id decides, the same on every page.
    assert [pk for page in forward for pk in page] == sorted(r.pk for r in seven)
    assert backward == forward


@pytest.mark.parametrize("key", [*SORT_COLUMNS, *(f"-{k}" for k in SORT_COLUMNS)])
def test_every_sort_pages_through_every_request_once_in_its_order(
    client, seven, key, django_assert_max_num_queries
):
    forward, backward = walk(client, {"sort": key}, django_assert_max_num_queries)
    whole = client.get(reverse("desk:queue"), {"sort": key, "page": "1"})
    expected = list(ServiceRequest.objects.filter(pk__in=[r.pk for r in seven]).values_list("pk", flat=True))
    shown = [pk for page in forward for pk in page]
    assert sorted(shown) == sorted(expected) and len(shown) == len(set(shown)) == 7
    assert shown[:PER_PAGE] == [r.pk for r in whole.context["reqs"]]
    assert backward == forward


def test_a_search_pages_by_relevance_then_recency(client, seven, django_assert_max_num_queries):
    forward, backward = walk(client, {"q": "متقاضی"}, django_assert_max_num_queries)
    shown = [pk for page in forward for pk in page]
    # Equal rank and submission time: the newest id first, the same on every page.
    assert shown == sorted((r.pk for r in seven), reverse=True)
    assert backward == forward


def test_a_search_of_unequal_relevance_pages_in_the_order_the_database_ranks(
    client, head, seven, django_assert_max_num_queries
):
    """A search's pages sort their matches' ids first and read the rows after
    (`keyset_paginate(rows_of=...)`): the same rows in the same order as the database's own sort
    of the whole list, the rank carried from page to page."""
    for i, request in enumerate(seven):
        request.applicant.first_name = " ".join(["متقاضی"] * (1 + i % 3))
        request.applicant.save()
    forward, backward = walk(client, {"q": "متقاضی"}, django_assert_max_num_queries)
    ranked, _, _ = search.search_queue(head, q="متقاضی", filters={"all_states": True})
    assert len({r.search_rank for r in ranked}) > 1
    assert [pk for page in forward for pk in page] == [r.pk for r in ranked]
    assert backward == forward


def test_a_search_counts_its_matches_as_it_reads_their_ids(client, seven, monkeypatch):
    html = client.get(reverse("desk:queue"), {"q": "متقاضی"}).content.decode()
    assert "صفحه ۱ از ۳ (۷ ردیف)" in html
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    html = client.get(reverse("desk:queue"), {"q": "متقاضی"}).content.decode()
    assert "بیش از ۵ ردیف" in html and "صفحه ۱ از" not in html


def test_the_page_number_follows_the_cursor_and_the_count_is_shown(client, seven):
    first = client.get(reverse("desk:queue")).context["page"]
    response = client.get(reverse("desk:queue"), {"cursor": first.next_cursor})
    html = response.content.decode()
    assert response.context["page"].number == 2
    assert "صفحه ۲ از ۳ (۷ ردیف)" in html


def test_a_long_queue_says_more_than_the_cap_instead_of_counting_it(client, seven, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    html = client.get(reverse("desk:queue")).content.decode()
    assert "بیش از ۵ ردیف" in html and "صفحه ۱ از" not in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # the signature no longer fits
        lambda c: "x" + c,
        lambda c: "abc",
        lambda c: "",
    ],
)
def test_a_tampered_cursor_brings_the_first_page_and_says_so(
    client, seven, tamper, django_assert_max_num_queries
):
    cursor = client.get(reverse("desk:queue")).context["page"].next_cursor
    bad = tamper(cursor) or "!"
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("desk:queue"), {"cursor": bad})
    assert response.status_code == 200
    assert [r.pk for r in response.context["reqs"]] == sorted(r.pk for r in seven)[:PER_PAGE]
    assert paging.TAMPERED in response.content.decode()


def test_a_cursor_of_another_sort_brings_the_first_page_of_this_one(client, seven):
    cursor = client.get(reverse("desk:queue"), {"sort": "code"}).context["page"].next_cursor
    response = client.get(reverse("desk:queue"), {"sort": "-applicant", "cursor": cursor})
    assert response.status_code == 200 and paging.TAMPERED in response.content.decode()
    assert response.context["page"].number == 1


def test_a_signed_cursor_with_values_of_the_wrong_kind_is_refused(client, seven):
    from django.core import signing

    order = ["due_date", "submitted_at", "pk"]
    forged = signing.dumps({"v": [["d", "not a day"], ["v", 1], ["v", 2]], "o": order, "n": 2, "b": False})
    response = client.get(reverse("desk:queue"), {"cursor": forged})  # signed, but not for the queue
    assert response.status_code == 200 and paging.TAMPERED in response.content.decode()


def test_a_cursor_past_the_last_request_brings_the_first_page(client, seven):
    page = client.get(reverse("desk:queue")).context["page"]
    cursor = client.get(reverse("desk:queue"), {"cursor": page.next_cursor}).context["page"].next_cursor
    # The rows after it left the open queue (closed since the link was made).
    ServiceRequest.objects.filter(pk__in=[r.pk for r in seven[3:]]).update(state="closed")
    response = client.get(reverse("desk:queue"), {"cursor": cursor})
    assert response.status_code == 200
    assert [r.pk for r in response.context["reqs"]] == sorted(r.pk for r in seven[:3])
    assert paging.GONE in response.content.decode()


def test_a_small_page_number_still_opens_that_page(client, seven):
    response = client.get(reverse("desk:queue"), {"page": "2"})
    assert [r.pk for r in response.context["reqs"]] == sorted(r.pk for r in seven)[3:6]
    assert "input-notice" not in response.content.decode()


def test_a_page_beyond_the_capped_count_brings_the_first_page_and_says_why(client, seven, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    response = client.get(reverse("desk:queue"), {"page": "40"})
    assert response.context["page"].number == 1
    assert "با «بعدی» پیموده می‌شوند" in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 1, 10),
        timezone.make_aware(dt.datetime(2026, 1, 10, 9, 0, 1, 5)),
        Decimal("0.5"),  # PostgreSQL's rank of an identifier search: numeric
        0.0607927,
        "خدمت",
        42,
    ],
)
def test_a_cursor_carries_each_kind_of_sort_value_unchanged(value):
    decoded = paging._decode(paging._encode(value))
    assert decoded == value and type(decoded) is type(value)
