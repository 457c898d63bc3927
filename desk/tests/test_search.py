"""Staff search on the queue page (`/desk/queue/?q=`): each kind of search, Persian spellings,
ranking, sorting and paging, visibility exactly the queue's, and bad input answered in Persian."""

import itertools

import pytest
from django.urls import reverse

from accounts.models import Role, User
from core.text import to_persian_digits
from desk import search, services
from desk.models import RequestSearch, ServiceRequest, State
from desk.tests.factories import make_service, pdf_file

_keys = itertools.count(1)


@pytest.fixture
def file_request(service):
    def do(applicant, *, svc=None, **answers):
        svc = svc or service
        request, _ = services.submit_request(
            service=svc,
            applicant=applicant,
            form_data={"product_name": "شیر", **answers},
            files={d.pk: pdf_file() for d in svc.documents.filter(required=True)},
            idempotency_key=f"search-{next(_keys)}",
            actor=applicant,
        )
        return request

    return do


def found(client, user, q, **params):
    client.force_login(user)
    response = client.get(reverse("desk:queue"), {"q": q, **params})
    assert response.status_code == 200
    return response, [r.tracking_code for r in response.context["reqs"]]


def test_a_national_code_finds_that_applicants_requests_only(
    client, expert, applicant, other_applicant, file_request
):
    mine, theirs = file_request(applicant), file_request(other_applicant)
    _, codes = found(client, expert, applicant.national_code)
    assert codes == [mine.tracking_code]
    assert theirs.tracking_code not in codes


def test_a_national_code_in_persian_digits_with_dashes_finds_the_request(
    client, expert, applicant, file_request
):
    request = file_request(applicant)
    code = applicant.national_code
    typed = to_persian_digits(f"{code[:3]}-{code[3:9]}-{code[9]}")
    assert found(client, expert, typed)[1] == [request.tracking_code]


@pytest.mark.parametrize("shape", ["plain", "display", "arabic_indic", "part"])
def test_a_tracking_code_is_found_with_or_without_dashes_in_any_digits(
    client, expert, applicant, file_request, shape
):
    request = file_request(applicant)
    file_request(applicant)
    code = request.tracking_code
    typed = {
        "plain": code,
        "display": request.tracking_display,
        "arabic_indic": code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        "part": code[2:9],
    }[shape]
    assert found(client, expert, typed)[1] == [code]


@pytest.mark.parametrize(
    "typed", ["09135550001", "+98 913 555 0001", "۰۹۱۳-۵۵۵-۰۰۰۱", "989135550001", "9135550001"]
)
def test_a_mobile_in_any_format_finds_the_applicant(
    client, expert, applicant, other_applicant, file_request, typed
):
    request = file_request(applicant)
    file_request(other_applicant)
    assert found(client, expert, typed)[1] == [request.tracking_code]


def test_a_company_national_id_finds_the_companys_requests(
    client, expert, make_user, applicant, file_request
):
    company = make_user(
        role=Role.APPLICANT,
        person_type=User.PersonType.LEGAL,
        legal_national_id="10100000006",
        legal_name="شرکت لبنیات",
    )
    request = file_request(company)
    file_request(applicant)
    assert found(client, expert, "10100000006")[1] == [request.tracking_code]
    assert found(client, expert, "لبنیات")[1] == [request.tracking_code]


def test_a_name_is_found_whatever_the_arabic_letters_or_zwnj(
    client, expert, make_user, applicant, file_request
):
    person = make_user(role=Role.APPLICANT, first_name="مریم", last_name="کریمی‌نژاد")
    request = file_request(person)
    file_request(applicant)
    for typed in ("كريمي نژاد", "کریمینژاد", "مریم كريمي‌نژاد"):
        assert found(client, expert, typed)[1] == [request.tracking_code], typed


def test_form_answers_are_found_in_their_plural_and_with_attached_ha(client, expert, applicant, file_request):
    request = file_request(applicant, product_name="بسته‌بندی کیک و بیسکویت‌ها")
    file_request(applicant, product_name="لوازم خانگی")
    for typed in ("بیسکویت", "بيسكويتها", "کیک‌ها", "بسته بندی"):
        assert found(client, expert, typed)[1] == [request.tracking_code], typed


def test_messages_and_staff_notes_are_found(client, expert, applicant, file_request):
    request, other = file_request(applicant), file_request(applicant)
    services.post_message(request=request, author=applicant, body="نمونه‌ها روز شنبه ارسال شد")
    services.post_message(request=other, author=expert, body="یادداشت: آزمایشگاه مرکزی", internal=True)
    assert found(client, expert, "نمونه")[1] == [request.tracking_code]
    assert found(client, expert, "آزمایشگاه")[1] == [other.tracking_code]


def test_every_word_must_match(client, expert, applicant, file_request):
    both = file_request(applicant, product_name="روغن زیتون")
    file_request(applicant, product_name="روغن آفتابگردان")
    assert found(client, expert, "روغن زیتون")[1] == [both.tracking_code]


def test_results_come_by_relevance_then_most_recent(client, expert, make_user, applicant, file_request):
    named = make_user(role=Role.APPLICANT, first_name="پسته", last_name="کرمانی")
    older_text = file_request(applicant, product_name="پسته")
    newer_text = file_request(applicant, product_name="پسته")
    by_name = file_request(named)
    ServiceRequest.objects.filter(pk=older_text.pk).update(
        submitted_at=by_name.submitted_at.replace(year=2020)
    )
    _, codes = found(client, expert, "پسته")
    # A name (the document's head) weighs more than an answer; equal ranks, the newest first.
    assert codes == [by_name.tracking_code, newer_text.tracking_code, older_text.tracking_code]


def test_a_search_spans_every_state_unless_a_state_is_chosen(client, expert, applicant, file_request):
    request = file_request(applicant)
    ServiceRequest.objects.filter(pk=request.pk).update(state=State.CLOSED)
    assert found(client, expert, applicant.national_code)[1] == [request.tracking_code]
    assert found(client, expert, applicant.national_code, state=State.SUBMITTED)[1] == []


def test_another_units_request_with_the_same_national_code_is_never_shown(
    client, expert, other_expert, applicant, file_request, other_unit
):
    here = file_request(applicant, product_name="عسل")
    there = file_request(applicant, svc=make_service([other_unit]), product_name="عسل")
    for q in (applicant.national_code, "عسل", there.tracking_code, applicant.mobile):
        _, codes = found(client, expert, q)
        assert there.tracking_code not in codes, q
        _, codes = found(client, other_expert, q)
        assert here.tracking_code not in codes, q
    assert found(client, other_expert, "عسل")[1] == [there.tracking_code]


def test_staff_never_find_their_own_request(client, expert, file_request):
    file_request(expert)
    assert found(client, expert, expert.national_code)[1] == []


def test_a_new_name_or_mobile_reaches_the_search(client, expert, applicant, file_request):
    request = file_request(applicant)
    applicant.last_name = "تازه‌نام"
    applicant.mobile = "+989135550099"
    applicant.save()
    assert found(client, expert, "تازه نام")[1] == [request.tracking_code]
    assert found(client, expert, "09135550099")[1] == [request.tracking_code]
    assert found(client, expert, "09135550001")[1] == []


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("!!! ؟؟ ... --- ***", search.NO_WORDS),
        ("ا" * 10_000, search.TOO_LONG),
        ("' OR 1=1 --", None),
        ("'; DROP TABLE desk_servicerequest; --", None),
        ('"unterminated AND (NEAR', None),
        ("^.*$ [a-z]+ (?i) \\d{3}", None),
        ("% _ %%", search.NO_WORDS),
        ("a* OR b NOT c:*", None),
        ("1 & 2 | !3 <-> 4", None),
    ],
)
def test_bad_queries_get_a_persian_message_or_no_match_and_change_nothing(
    client, expert, applicant, file_request, q, message
):
    request = file_request(applicant)
    before = (ServiceRequest.objects.count(), RequestSearch.objects.count())
    response, codes = found(client, expert, q)
    assert codes == []
    if message:
        assert response.context["search_error"] == message
        assert message in response.content.decode()
    else:
        assert response.context["search_error"] == ""
    assert (ServiceRequest.objects.count(), RequestSearch.objects.count()) == before
    assert found(client, expert, request.tracking_code)[1] == [request.tracking_code]


@pytest.mark.parametrize("key", [*search.SORT_COLUMNS, *(f"-{k}" for k in search.SORT_COLUMNS)])
def test_the_queue_sorts_by_every_column(client, expert, make_user, applicant, file_request, key):
    zed = make_user(role=Role.APPLICANT, first_name="ژ", last_name="یزدانی")
    reqs = [file_request(applicant), file_request(zed), file_request(applicant, product_name="عسل")]
    ServiceRequest.objects.filter(pk=reqs[1].pk).update(state=State.ACCEPTED, channel="counter")
    client.force_login(expert)
    response = client.get(reverse("desk:queue"), {"sort": key})
    rows = response.context["reqs"]
    name, desc = key.removeprefix("-"), key.startswith("-")
    fields = search.SORT_COLUMNS[name][1]

    def value(r):
        out = []
        for f in fields:
            v = r
            for part in f.split("__"):
                v = getattr(v, part) if v is not None else None
            out.append("" if v is None else v)
        return tuple(out)

    values = [value(r) for r in rows]
    assert len(rows) == 3
    assert values == sorted(values, reverse=desc)


def test_sorting_by_applicant_or_service_follows_the_real_names_and_their_changes(
    client, expert, make_user, applicant, unit, file_request
):
    """The sort keys are copies (indexed on the request): they start as the applicant's name and
    the service's title and follow a rename, so the page's order is always the real one."""
    other = make_service([unit], title="آزمون خدمت دیگر")
    aram = make_user(role=Role.APPLICANT, first_name="آرام", last_name="یگانه")
    first, second = file_request(applicant), file_request(aram, svc=other)
    client.force_login(expert)

    def order(key):
        return [r.tracking_code for r in client.get(reverse("desk:queue"), {"sort": key}).context["reqs"]]

    def by(rows, key):
        return [r.tracking_code for r in sorted(rows, key=key)]

    rows = [first, second]
    assert order("applicant") == by(rows, lambda r: (r.applicant.last_name, r.applicant.first_name))
    assert order("service") == by(rows, lambda r: r.service.title)

    aram.last_name = "ابراهیمی"  # now before the other applicant
    aram.save()
    other.title = "یک خدمت دیگر"  # now after the other service
    other.save()
    for r in rows:
        r.refresh_from_db()
    assert [r.applicant_sort for r in rows] == [
        f"{r.applicant.last_name} {r.applicant.first_name}" for r in rows
    ]
    assert [r.service_sort for r in rows] == [r.service.title for r in rows]
    assert order("applicant") == by(rows, lambda r: (r.applicant.last_name, r.applicant.first_name))
    assert order("service") == by(rows, lambda r: r.service.title)
    assert order("-service") == list(reversed(order("service")))


def test_the_migration_fills_the_sort_keys_of_existing_requests(applicant, file_request):
    import importlib

    from django.db import connection

    migration = importlib.import_module("desk.migrations.0005_queue_sort_keys")
    request = file_request(applicant)
    ServiceRequest.objects.update(applicant_sort="", service_sort="")

    class Editor:  # what `fill` uses of a schema editor (SQLite's cannot open inside a test's transaction)
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.fill(None, Editor())
    request.refresh_from_db()
    assert request.applicant_sort == f"{applicant.last_name} {applicant.first_name}"
    assert request.service_sort == request.service.title


def test_the_assignee_sort_key_follows_assignment_moves_and_renames(
    client, expert, head, make_user, applicant, unit, file_request
):
    """The assignee's names are copied on the request (indexed, issue 18): set by the assignment,
    cleared when a move to another unit clears the assignee, changed by the staff member's
    rename; the queue sorted by assignee gives the unassigned first, then the names in order."""
    other = make_user(role=Role.STAFF_EXPERT, scope={"org_unit": unit}, first_name="بهار", last_name="آرین")
    mine, theirs, nobody = file_request(applicant), file_request(applicant), file_request(applicant)
    services.assign_expert(requests=[mine], expert=expert, by=head)
    services.assign_expert(requests=[theirs], expert=other, by=head)
    for r in (mine, theirs, nobody):
        r.refresh_from_db()
    assert mine.assignee_sort == f"{expert.last_name} {expert.first_name}"
    assert (theirs.assignee_sort, nobody.assignee_sort) == ("آرین بهار", "")
    client.force_login(head)

    def order(key):
        return [r.pk for r in client.get(reverse("desk:queue"), {"sort": key}).context["reqs"]]

    names = sorted([(mine.assignee_sort, mine.pk), (theirs.assignee_sort, theirs.pk)])
    assert order("assignee") == [nobody.pk] + [pk for _, pk in names]
    assert order("-assignee") == list(reversed(order("assignee")))

    other.last_name = "یزدانی"  # now after the other expert
    other.save()
    theirs.refresh_from_db()
    assert theirs.assignee_sort == "یزدانی بهار"
    assert order("assignee")[-1] == theirs.pk

    theirs.assignee = None  # as a workflow step handed to another unit leaves it, then saved
    theirs.save()
    theirs.refresh_from_db()
    assert theirs.assignee_sort == ""


def test_the_migration_fills_the_assignee_sort_keys(expert, head, applicant, file_request):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("desk.migrations.0012_requests_by_applicant_and_assignee")
    request = file_request(applicant)
    services.assign_expert(requests=[request], expert=expert, by=head)
    ServiceRequest.objects.update(assignee_sort="")
    migration.fill_assignee_sort(apps, None)
    request.refresh_from_db()
    assert request.assignee_sort == f"{expert.last_name} {expert.first_name}"


def test_the_queue_pages_and_keeps_the_search(client, expert, applicant, file_request):
    for _ in range(3):
        file_request(applicant)
    client.force_login(expert)
    response = client.get(reverse("desk:queue"), {"q": applicant.national_code, "sort": "code"})
    assert response.context["page"].count == 3
    assert f"q={applicant.national_code}" in response.context["querystring"]
    links = {c["key"]: c for c in response.context["columns"]}
    assert links["code"]["direction"] == "asc"
    assert "sort=-code" in links["code"]["query"] and f"q={applicant.national_code}" in links["code"]["query"]


def test_the_document_follows_submission_and_messages(expert, applicant, file_request):
    request = file_request(applicant, product_name="زعفران‌ها")
    doc = RequestSearch.objects.get(request=request)
    assert request.tracking_code in doc.head and applicant.national_code in doc.head
    assert "زعفران" in doc.answers.split()
    services.post_message(request=request, author=expert, body="لطفاً فاکتورها را بفرستید")
    doc.refresh_from_db()
    assert "فاکتور" in doc.messages.split()


def test_a_request_sent_to_another_unit_is_found_there_and_no_longer_here(
    client, head, expert, other_expert, applicant, file_request, service, other_unit
):
    service.responsible_units.add(other_unit)
    request = file_request(applicant, product_name="گلاب")
    assert RequestSearch.objects.get(request=request).unit_id == request.unit_id
    services.reassign_unit(request=request, unit=other_unit, by=head)
    assert RequestSearch.objects.get(request=request).unit_id == other_unit.pk
    for q in ("گلاب", applicant.national_code, request.tracking_code):
        assert found(client, other_expert, q)[1] == [request.tracking_code], q
        assert found(client, expert, q)[1] == [], q


def test_a_common_word_finds_only_the_units_requests_by_relevance_then_recency(
    client, expert, make_user, applicant, other_applicant, file_request, other_unit
):
    elsewhere = make_service([other_unit])
    # The fixture's answers hold «شیر» in every request; a name holding it ranks first.
    named = make_user(role=Role.APPLICANT, first_name="شیر", last_name="کرمانی")
    here = [file_request(applicant), file_request(other_applicant), file_request(applicant)]
    by_name = file_request(named)
    there = [file_request(applicant, svc=elsewhere) for _ in range(3)]
    for n, request in enumerate([*here, *there]):
        year = by_name.submitted_at.replace(year=2020 + n)
        ServiceRequest.objects.filter(pk=request.pk).update(submitted_at=year)
    _, codes = found(client, expert, "شیر")
    newest_first = [r.tracking_code for r in reversed(here)]
    assert codes == [by_name.tracking_code, *newest_first]
    assert not {r.tracking_code for r in there} & set(codes)


def test_a_word_in_more_requests_than_are_ranked_shows_the_newest_and_says_so(
    client, expert, applicant, file_request, monkeypatch
):
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    old, middle, new = (file_request(applicant, colour="زعفرانی") for _ in range(3))
    response, codes = found(client, expert, "زعفرانی")
    assert sorted(codes) == sorted([middle.tracking_code, new.tracking_code])
    assert response.context["search_notice"] == search.CAPPED
    assert "search-notice" in response.content.decode()

    ServiceRequest.objects.filter(pk=old.pk).update(form_data={"product_name": "شیر"})
    search.refresh(ServiceRequest.objects.get(pk=old.pk))
    response, codes = found(client, expert, "زعفرانی")
    assert sorted(codes) == sorted([middle.tracking_code, new.tracking_code])
    assert response.context["search_notice"] == search.CAPPED  # exactly the cap: "at least"
    ServiceRequest.objects.filter(pk=middle.pk).update(form_data={"product_name": "شیر"})
    search.refresh(ServiceRequest.objects.get(pk=middle.pk))
    response, codes = found(client, expert, "زعفرانی")
    assert codes == [new.tracking_code]
    assert response.context["search_notice"] == ""


def test_a_search_by_words_looks_the_words_up_once_a_page(
    client, expert, applicant, file_request, monkeypatch
):
    """The newest matches are found once, and the page's rows, its count and the cap notice all
    read them: a common word costs one pass over its matches, not three (decision 0139)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(search, "MAX_RANKED", 3)
    made = [file_request(applicant, colour="زعفرانی") for _ in range(5)]
    client.force_login(expert)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("desk:queue"), {"q": "زعفرانی"})
    # The newest ids read by range (PostgreSQL), or the words' index asked (SQLite, or older ones).
    marks = ("WHERE request_id >= ", "ORDER BY m.request_id DESC")
    lookups = [q["sql"] for q in captured.captured_queries if any(mark in q["sql"] for mark in marks)]
    assert len(lookups) == 1, lookups
    assert {r.tracking_code for r in response.context["reqs"]} == {r.tracking_code for r in made[-3:]}
    assert response.context["search_notice"] == search.CAPPED


def test_the_newest_matches_are_the_same_whatever_the_window(applicant, file_request, expert, monkeypatch):
    """`newest_matches` reads the newest rows first, then further ranges, then the words' index for
    older ones: for every first window (all rows, some, one), bound on the ids read and cap, the
    ids are exactly the newest matches of the units."""
    words = ["زعفرانی", "سبز", "زعفرانی", "زعفرانی", "سبز", "زعفرانی", "سبز"]
    made = [file_request(applicant, colour=word) for word in words]
    expected = [r.pk for r, word in zip(made, words, strict=True) if word == "زعفرانی"][::-1]
    units = {made[0].unit_id}
    query = search.parse("زعفرانی")
    for window, scanned, cap in itertools.product((1, 2, 3, 5, 8, 20_000), (1, 4, 100_000), (1, 2, 3, 4, 6)):
        monkeypatch.setattr(search, "WINDOW", window)
        monkeypatch.setattr(search, "MAX_SCANNED", scanned)
        assert search.newest_matches(query, unit_ids=units, cap=cap) == expected[:cap], (window, scanned, cap)
    monkeypatch.setattr(search, "WINDOW", 2)
    assert search.newest_matches(query, unit_ids={made[0].unit_id + 999}, cap=3) == []
    assert search.newest_matches(search.parse("ناپیدا"), unit_ids=units, cap=3) == []
