"""Benchmark (issue 18): the staff queue's first page with a million requests on PostgreSQL.

    .venv/bin/python bench/queue_1m.py --db postgres://postgres@127.0.0.1:5432/miz_h18queue \
        --count 1000000 [--base 6000] [--reuse] [--runs 20] [--explain]

Filling (skipped with --reuse, which measures what the database holds): the reference data, then
`manage.py desk_generate --count BASE --seed 1` (the requests' lives, logs and summary, written in
bulk), then copies of those requests made in SQL until the table holds COUNT (`INSERT … SELECT`
over `generate_series`: a new id, tracking code and idempotency key per copy, the submission a few
minutes later, the same unit, service, applicant, state and due date; the search documents copied
with them). The copies carry no events: a page reads the last public event of its 50 rows, one
probe each on the events' index, the same with or without others. Deterministic: the same BASE and
COUNT give the same rows.

Timing: in-process, through Django's test client (middleware, session, the view, the template), as
the head of the unit with the most requests; each case warmed twice, then the median of RUNS. The
cases: the plain page, each filter of the queue form, each sort of `desk.search.SORT_COLUMNS` both
ways, searches by words of several frequencies and by a national code, page 2 by the plain page's
«بعدی» link; then, as an expert of every unit, the plain page and each sort both ways. With
--explain, EXPLAIN (ANALYZE, BUFFERS) of each query of each case touching a desk request table,
and a line flagging any Seq Scan on one of them.
"""

import argparse
import re
import statistics
import sys
import time

from _copies import table_columns
from _setup import django_on

DESK_TABLES = ("desk_servicerequest", "desk_requestsearch", "desk_requestevent")
SEQ = re.compile(r"Seq Scan on ({})".format("|".join(DESK_TABLES)))


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def fill(count: int, base: int) -> None:
    from _setup import seed_and_generate
    from django.db import connection

    have = _count()
    if have == 0:
        seconds = seed_and_generate(base, seed=1)
        print(f"desk_generate --count {base:,} --seed 1: {seconds:.1f} s ({base / seconds:,.0f} requests/s)")
    have = _count()
    if have >= count:
        return
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM desk_servicerequest")
        top = cursor.fetchone()[0]
        copies = -(-(count - have) // have)
        stride = top + 1
        columns = [name for name, _ in table_columns(cursor, "desk_servicerequest")]
        made = {
            "id": "r.id + g * %(stride)s",
            "tracking_code": "'9' || lpad((r.id + g * %(stride)s)::text, 12, '0')",
            "idempotency_key": "md5((r.id + g * %(stride)s)::text)",
            "submitted_at": "r.submitted_at + (g %% 997) * interval '1 minute'",
            "first_response_event_id": "NULL",
        }
        select = ", ".join(made.get(c, f"r.{c}") for c in columns)
        cursor.execute(
            f"INSERT INTO desk_servicerequest ({', '.join(columns)}) "  # noqa: S608 - our names
            f"SELECT {select} FROM desk_servicerequest r, generate_series(1, %(copies)s) g "
            "WHERE r.id <= %(top)s",
            {"stride": stride, "copies": copies, "top": top},
        )
        cursor.execute(
            "INSERT INTO desk_requestsearch (request_id, head, answers, messages, unit_id) "
            "SELECT c.id, replace(s.head, r.tracking_code, c.tracking_code), s.answers, s.messages, "
            "s.unit_id "
            "FROM desk_servicerequest c JOIN desk_servicerequest r ON r.id = c.id %% %(stride)s "
            "JOIN desk_requestsearch s ON s.request_id = r.id WHERE c.id > %(top)s",
            {"stride": stride, "top": top},
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('desk_servicerequest', 'id'), max(id)) "
            "FROM desk_servicerequest"
        )
        cursor.execute("ANALYZE desk_servicerequest")
        cursor.execute("ANALYZE desk_requestsearch")
    print(f"copied in SQL to {_count():,} requests: {time.perf_counter() - start:.1f} s")


def _count() -> int:
    from desk.models import ServiceRequest

    return ServiceRequest.objects.count()


def trim(count: int) -> None:
    """Delete the copies past `count` (the newest ids: the last copy is cut short)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM desk_requestsearch WHERE request_id IN (SELECT id FROM desk_servicerequest "
            "ORDER BY id OFFSET %s)",
            [count],
        )
        cursor.execute(
            "DELETE FROM desk_servicerequest WHERE id IN "
            "(SELECT id FROM desk_servicerequest ORDER BY id OFFSET %s)",
            [count],
        )


def head_of_busiest_unit():
    from django.db.models import Count

    from accounts.models import Membership, Role, User
    from desk.models import ServiceRequest
    from orgs.models import OrgUnit

    top = ServiceRequest.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n").first()
    unit = OrgUnit.objects.get(pk=top["unit_id"])
    from core.validators import national_code_with_check_digit

    code = national_code_with_check_digit("512345678")
    user = User.objects.filter(national_code=code).first()
    if user is None:
        user = User.objects.create_user(code, "+989120000766", None, first_name="سرپرست", last_name="سنجه")
    Membership.objects.get_or_create(user=user, role=Role.UNIT_HEAD, org_unit=unit)
    return user, unit, top["n"]


def expert_of_every_unit():
    """An expert of every unit holding requests (as helpdesk_side_by_side's staff member is): the
    queue of a staff member of many units, whose open requests the unit-led indexes do not give
    in one order."""
    from accounts.models import Membership, Role, User
    from core.validators import national_code_with_check_digit
    from desk.models import ServiceRequest

    code = national_code_with_check_digit("512345679")
    user = User.objects.filter(national_code=code).first()
    if user is None:
        user = User.objects.create_user(code, "+989120000767", None, first_name="کارشناس", last_name="همه")
    for unit_id in ServiceRequest.objects.values_list("unit_id", flat=True).distinct().order_by():
        Membership.objects.get_or_create(user=user, role=Role.STAFF_EXPERT, org_unit_id=unit_id)
    return user


def cases(user, unit):
    from catalogue.models import Channel
    from desk.models import ServiceRequest, State
    from desk.search import SORT_COLUMNS

    service_id = (
        ServiceRequest.objects.filter(unit=unit)
        .values_list("service_id", flat=True)
        .order_by("service_id")
        .first()
    )
    national_code = ServiceRequest.objects.filter(unit=unit).values_list(
        "applicant__national_code", flat=True
    )[:1][0]
    out = [("plain", {})]
    out += [(f"state={s}", {"state": s}) for s in (State.SUBMITTED, State.IN_REVIEW, State.CLOSED)]
    out += [("state=(every)", {"state": ""})]
    out += [
        ("service", {"service": service_id}),
        (f"channel={Channel.COUNTER}", {"channel": Channel.COUNTER}),
    ]
    out += [("due=overdue", {"due": "overdue"}), ("due=soon", {"due": "soon"}), ("mine", {"mine": "on"})]
    for key in SORT_COLUMNS:
        out += [(f"sort={key}", {"sort": key}), (f"sort=-{key}", {"sort": f"-{key}"})]
    out += [("sort=due, every state", {"sort": "due", "state": ""})]
    from desk.models import RequestSearch

    # A name of an applicant of the unit: a common word, matched in thousands of requests.
    head = RequestSearch.objects.filter(unit_id=unit.pk).values_list("head", flat=True).first()
    word = next(w for w in reversed(head.split()) if not w.isdigit())
    out += [(f"q=word «{word}»", {"q": word}), ("q=national code", {"q": national_code})]
    # Words of other frequencies (decision 0139): the newest request's names (a first name in
    # about one request in four of the unit, a last name in one in sixteen here) and two words
    # found together in few (the product's last two words, a number among them).
    head, answers = (
        RequestSearch.objects.filter(unit_id=unit.pk)
        .order_by("-request_id")
        .values_list("head", "answers")
        .first()
    )
    out += [(f"q=name «{name}»", {"q": name}) for name in head.split() if not name.isdigit()]
    rare = " ".join(answers.split()[-2:])
    out += [(f"q=rare «{rare}»", {"q": rare})]
    return out


def measure(client, params: dict, runs: int) -> tuple[float, object]:
    from django.urls import reverse

    url = reverse("desk:queue")
    for _ in range(2):
        response = client.get(url, params)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), response


def explain(client, params: dict) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("desk:queue"), params)
    lines = []
    for q in queries.captured_queries:
        sql = q["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in DESK_TABLES):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
        seq = [p.strip() for p in plan if SEQ.search(p)]
        total = next((p for p in plan if p.startswith("Execution Time")), "")
        lines.append(f"  -- {sql[:150]}…")
        lines += [f"     {p}" for p in plan]
        lines.append(f"  {'SEQ SCAN: ' + '; '.join(seq) if seq else 'no seq scan on desk tables'}; {total}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/miz_h18queue")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=6000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    ensure_database(args.db)
    django_on(args.db)
    if not args.reuse:
        fill(args.count, args.base)
        trim(args.count)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host and its response.context; DEBUG off

    user, unit, in_unit = head_of_busiest_unit()
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does to a table after this many inserts: VACUUM sets its visibility map,
        # without which no index-only scan is possible (the alert counts and the counts read
        # covering indexes), and ANALYZE tells the planner every table's size. This machine's
        # PostgreSQL runs with autovacuum off (its CI configuration); a production server has it
        # on, so a table filled in bulk and never vacuumed is a state it is not in for long.
        cursor.execute("VACUUM (ANALYZE)")
    print(f"{_count():,} requests; the head of {unit} ({in_unit:,} of them); median of {args.runs} warm")
    client = Client()
    client.force_login(user)
    results = []
    for name, params in cases(user, unit):
        if args.only and args.only not in name:
            continue
        median, response = measure(client, params, args.runs)
        page = response.context["page"]
        rows = len(response.context["reqs"])
        results.append((name, median))
        count = getattr(page, "count_label", None) or page.paginator.count  # main's Paginator page
        print(f"{name:28} {median:8.1f} ms  rows {rows:3}  count {count}", flush=True)
        if args.explain:
            print("\n".join(explain(client, params)))
        if name == "plain" and page.has_next:
            # The «بعدی» link: a cursor here, `?page=2` before keyset pages.
            nxt = {"cursor": page.next_cursor} if hasattr(page, "next_cursor") else {"page": 2}
            median, response = measure(client, nxt, args.runs)
            print(
                f"{'plain, page 2 (next link)':28} {median:8.1f} ms  rows {len(response.context['reqs']):3}"
            )
            results.append(("page 2", median))
            if args.explain:
                print("\n".join(explain(client, nxt)))
    every = Client()
    every.force_login(expert_of_every_unit())
    from desk.search import SORT_COLUMNS

    every_cases = [("every unit: plain", {})]
    every_cases += [
        (f"every unit: sort={d}{key}", {"sort": f"{d}{key}"}) for key in SORT_COLUMNS for d in ("", "-")
    ]
    for name, params in every_cases:
        if args.only and args.only not in name:
            continue
        median, response = measure(every, params, args.runs)
        results.append((name, median))
        print(f"{name:28} {median:8.1f} ms  rows {len(response.context['reqs']):3}", flush=True)
        if args.explain:
            print("\n".join(explain(every, params)))
    worst = max(results, key=lambda r: r[1])
    print(f"slowest: {worst[0]} {worst[1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
