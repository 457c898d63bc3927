"""Queries per hot page of the desk, written down (docs/performance-desk.md, «Queries per page»)
and guarded: each page is opened once with one row of everything and once with many (requests,
messages with attachments, documents, events), and must cost the same, within its ceiling. An
N+1 (a query per row) fails both."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from desk import services
from desk.tests.factories import pdf_file

pytestmark = pytest.mark.django_db

MANY = 30

# The ceiling of each page (docs/performance-desk.md): a new query on a page raises it there.
# Signed-in pages count the unread notices for the menu's badge (one query); filing a request
# also records the applicant's in-app notice of its receipt (four: lookup and insert, savepoints)
# and adds it to the reports' summary (one upsert, decision 0068).
MAX_QUERIES = {
    # the request (its service with it), its events (the timeline, the clock and the progress: one
    # read); its service's steps come from the cache under the service's version (issue 18), so a
    # cold cache adds one
    "track": 3,
    # the user's memberships read once for the menu, the roles at the request's unit and the desk's
    # scopes, and the units' tree only for a role reaching down from above (issue 18: three less);
    # its service's fields and responsible units from the definition's cache (two less); its response
    # and rating each read by the request's id (joined to the request's read they were two less,
    # but PostgreSQL spent 2–5 ms planning that join of eight tables: docs/performance-desk.md)
    "detail": 16,  # + the request's charge, if its service collects a fee (decision 0085)
    # the units the user may be assigned in and heads come from the memberships read once for the
    # menu and the scopes, not two queries of their own (two less)
    "queue": 9,
    # a search sorts its matches' ids first and then reads the page's rows with their joins (one
    # query more than a page of the queue's own order; on a long list that first read also counts)
    "queue_search": 11,
    "queue_sort": 9,
    "my_requests": 7,
    # the service's definition from the cache (issue 18): one query for its version, not six
    "apply_get": 10,  # + the applicant's confirmed companies (0079), the service's fee rule (0085)
    # + the companies (0079), the report summary's upsert (0068), the fee rule (0085), the receipt in
    # the compliance summary (0102: one read of the request and one upsert per receipt message), the
    # month rollup's upserts beside the day rows' (0111: the submission's and the receipt's)
    # less (issue 18): the search document in one INSERT, notify() without a savepoint of its own;
    # the definition cached (five less), the filing's notices written without looking up or
    # guarding keys that name the request being filed (eight less, three per staff member told);
    # the summary's additions of the submission and its receipt gathered and written once (decision
    # 0128: five less, the receipt messages' reads of the request and their upserts); the flash
    # message in a signed cookie, not the session (three less: no session write after the filing);
    # the service's version read once for the body limit and the view (one less)
    "apply_post": 26,
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 302), response.status_code
    return len(queries.captured_queries), response


def assert_flat(page: str, one: int, many: int) -> None:
    print(f"\nqueries {page}: one row {one}, {MANY} rows {many}")  # read with -s
    assert many <= MAX_QUERIES[page], f"{page}: {many} queries, ceiling {MAX_QUERIES[page]}"
    assert many == one, f"{page}: {one} queries with one row, {many} with {MANY}: a query per row"


def talk(request, *, expert, applicant, rounds: int) -> None:
    """`rounds` of a staff message and an applicant's answer, each with an attachment, and a note."""
    for _ in range(rounds):
        services.post_message(request=request, author=expert, body="مدرک را بفرستید.", files=[pdf_file()])
        services.post_message(request=request, author=applicant, body="فرستادم.", files=[pdf_file()])
        services.post_message(request=request, author=expert, body="یادداشت", internal=True)


@pytest.fixture
def worked(head, expert, applicant, submit):
    """A request in review, assigned to the expert, with one round of talk; `more()` adds rounds."""
    request = submit()
    services.assign_expert(requests=[request], expert=expert, by=head)
    for name in ("accept", "start_review"):
        services.transition(request=request, name=name, user=expert)
    talk(request, expert=expert, applicant=applicant, rounds=1)

    def more():
        talk(request, expert=expert, applicant=applicant, rounds=MANY // 3)
        services.transition(request=request, name="advance", user=expert)

    request.more = more
    return request


def test_public_tracking_costs_the_same_however_long_the_history(client, applicant, worked):
    def track():
        return client.post(
            reverse("desk:track"), {"code": worked.tracking_code, "identifier": applicant.national_code}
        )

    one, response = count(track)
    assert response.context["req"] == worked
    worked.more()
    cache.clear()
    many, _ = count(track)
    assert_flat("track", one, many)


def test_public_tracking_reads_its_services_steps_from_the_cache(client, applicant, worked):
    def track():
        return client.post(
            reverse("desk:track"), {"code": worked.tracking_code, "identifier": applicant.national_code}
        )

    cold, _ = count(track)
    warm, response = count(track)
    assert (cold, warm) == (3, 2)
    shown = [(row["step"].order, row["step"].title, row["status"]) for row in response.context["steps"]]
    assert shown == [
        (step.order, step.title, "current" if step.order == worked.step_number else "pending")
        for step in worked.service.steps.all()
    ]


def test_the_staff_request_page_costs_the_same_however_many_messages(client, expert, worked):
    client.force_login(expert)
    url = reverse("desk:detail", args=[worked.tracking_code])
    client.get(url)  # its service's definition is cached from here on
    one, _ = count(lambda: client.get(url))
    worked.more()
    many, response = count(lambda: client.get(url))
    assert len(response.context["messages_list"]) == 3 * (1 + MANY // 3)
    assert_flat("detail", one, many)
    # PostgreSQL's planning grows fast with the tables one statement joins: the request's read
    # joined to eight took 5 ms to plan and 0.2 ms to run (docs/performance-desk.md), so the
    # response and the rating are read on their own. No statement of the page joins more than five.
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    joins = max(q["sql"].count(" JOIN ") for q in queries.captured_queries)
    assert joins <= 5, f"a statement of the request page joins {joins} tables"
    # A cold cache reads the definition, the service and its five parts: six more, once per
    # service and version (the fields and the responsible units read alone were two).
    cache.clear()
    cold, _ = count(lambda: client.get(url))
    assert cold == many + 6


def _fill_queue(submit, make_user, *, expert, head, n: int) -> None:
    for i in range(n):
        who = make_user(first_name=f"متقاضی {i}")
        request = submit(who=who)
        services.assign_expert(requests=[request], expert=expert, by=head)


@pytest.mark.parametrize(
    ("page", "params"),
    [("queue", {}), ("queue_search", {"q": "national"}), ("queue_sort", {"sort": "applicant"})],
)
def test_the_queue_first_page_costs_the_same_however_many_requests(
    client, make_user, head, expert, applicant, submit, page, params
):
    # The head reads the queue: with a search by the applicant's national code, the sort by
    # applicant, and plain; the applicant's own request is among many from other applicants.
    submit()
    _fill_queue(submit, make_user, expert=expert, head=head, n=1)
    client.force_login(head)
    if params.get("q") == "national":
        params = {"q": applicant.national_code}
    url = reverse("desk:queue")
    one, _ = count(lambda: client.get(url, params))
    _fill_queue(submit, make_user, expert=expert, head=head, n=MANY)
    many, response = count(lambda: client.get(url, params))
    expected = 1 if "q" in params else MANY + 2
    assert len(response.context["reqs"]) == expected
    assert_flat(page, one, many)


def test_the_applicants_list_costs_the_same_however_many_requests(client, applicant, submit):
    submit()
    client.force_login(applicant)
    url = reverse("desk:my_requests")
    one, _ = count(lambda: client.get(url))
    for _ in range(MANY):
        submit()
    many, response = count(lambda: client.get(url))
    assert response.context["page"].paginator.count == MANY + 1
    assert_flat("my_requests", one, many)


def _apply_post(client, service, key: str):
    document = service.documents.get(required=True)
    data = {"idempotency_key": key, "product_name": "شیر پاستوریزه", f"document_{document.pk}": pdf_file()}
    url = reverse("desk:apply", args=[service.service_id])
    return lambda: client.post(url, data)


# Filing's cost must not grow with what the applicant filed before (issue 18): the form and the
# submission are counted with no earlier request and with this many.
HISTORY = 200


def test_the_application_form_costs_the_same_however_long_the_applicants_history(
    client, applicant, service, submit
):
    client.force_login(applicant)
    url = reverse("desk:apply", args=[service.service_id])
    client.get(url)  # the service's definition into the cache, as any filing before leaves it
    none, _ = count(lambda: client.get(url))
    for _ in range(HISTORY):
        submit()
    many, response = count(lambda: client.get(url))
    assert "reuse_" in response.content.decode()
    assert_flat("apply_get", none, many)


def test_a_submission_with_a_pdf_costs_the_same_however_long_the_applicants_history(
    client, applicant, service, submit, make_user
):
    # Another applicant files first, as someone always has in a running worker: the service's
    # definition, the holidays and the content types are then in the process's caches.
    client.force_login(make_user(role=Role.APPLICANT, email="other@example.com"))
    assert count(_apply_post(client, service, "k-other"))[1].status_code == 302
    client.force_login(applicant)
    none, response = count(_apply_post(client, service, "k-none"))
    assert response.status_code == 302
    for _ in range(HISTORY):
        submit()
    many, response = count(_apply_post(client, service, "k-many"))
    assert response.status_code == 302
    assert_flat("apply_post", none, many)


def test_a_cold_cache_costs_the_services_definition_once(client, applicant, service):
    """The first filing after a change to the service reads its definition (the service and its
    five parts: six queries more); the next ones find it in the cache."""
    client.force_login(applicant)
    url = reverse("desk:apply", args=[service.service_id])
    cold, _ = count(lambda: client.get(url))
    warm, _ = count(lambda: client.get(url))
    assert cold == warm + 6
    service.fields.first().save()  # an edit of the form moves the service's version
    again, _ = count(lambda: client.get(url))
    assert again == cold


def test_the_applicants_list_comes_a_page_at_a_time(client, applicant, submit, monkeypatch):
    from desk.views import applicant as views

    monkeypatch.setattr(views, "MY_REQUESTS_PER_PAGE", 2)
    newest_first = [submit().tracking_code for _ in range(3)][::-1]
    client.force_login(applicant)
    first = client.get(reverse("desk:my_requests"))
    second = client.get(reverse("desk:my_requests"), {"page": 2})
    assert [r.tracking_code for r in first.context["reqs"]] == newest_first[:2]
    assert [r.tracking_code for r in second.context["reqs"]] == newest_first[2:]
    assert "page=2" in first.content.decode()
