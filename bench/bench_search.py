"""Benchmark: staff search and the sorted queue over 1,000,000 requests on PostgreSQL (issue 14).

    .venv/bin/python bench/bench_search.py [--db postgres://postgres@127.0.0.1:5432/miz_search_bench]
        [--requests 1000000] [--runs 20] [--drop]

Builds the data in SQL (`INSERT … SELECT generate_series`): 250,000 applicants (one in ten a
company), 1,000,000 requests over 32 units and 20 services (a third open), one event per request,
and their search documents (form answers of six words from a 5,000-word vocabulary, one word in
ten requests the common «شیر», a message on one request in five). Then, signed in as an expert of
one unit (~31,000 requests), times the queue page through Django's test client, each a median of
`--runs` different queries (`--reuse`: on the data a previous run left): national code,
tracking code (with dashes), mobile, a company national ID, free text (one word, two words, a
common word) and the queue sorted by several columns; each also through the selector alone
(`desk.search.search_queue`: the count and the first page of rows, the database's share).
`--drop` drops the database afterwards.
Goals: identifiers < 100 ms, free text < 300 ms, sorted queue page < 200 ms.
"""

import argparse
import random
import sys
import time

from _setup import django_on, report

FIRST = (
    "علی محمد حسین رضا مهدی زهرا فاطمه مریم سارا نرگس حمید سعید امیر بهرام کاوه ژیلا شیرین رویا بابک پرویز"
)
LAST = (
    "محمدی حسینی رضایی کریمی موسوی احمدی جعفری صادقی رحیمی نوری قاسمی عباسی کاظمی هاشمی "
    "طاهری سلیمی یزدی تبریزی شیرازی اصفهانی کرمانی گیلانی مرادی فرهادی نیکخواه بهرامی"
)
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def ensure_database(url: str, *, fresh: bool) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'drop database "{name}" with (force)')
        if fresh or not exists:
            conn.execute(f'create database "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def vocabulary(size: int) -> list[str]:
    from core.textsearch import document_text

    rng = random.Random(14)
    words: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 7)))
        if document_text(word) == word:  # already the indexed spelling (no plural suffix)
            words.add(word)
    return sorted(words)


def build(n_requests: int) -> dict:
    import importlib

    from django.db import connection

    from accounts.models import Membership, Role, User
    from core.textsearch import document_text
    from core.validators import national_code_with_check_digit
    from desk.tests.factories import make_service
    from orgs.models import OrgUnit

    first = [w for w in FIRST.split() if document_text(w) == w]
    last = [w for w in LAST.split() if document_text(w) == w]
    vocab = vocabulary(5000)
    n_users = max(n_requests // 4, 1)
    units = [
        OrgUnit.objects.create(code=f"B-{n:02d}", name=f"دفتر سنجش {n}", kind=OrgUnit.Kind.HQ_OFFICE)
        for n in range(32)
    ]
    services = [make_service([units[0]], title=f"خدمت سنجش {n}") for n in range(20)]
    expert = User.objects.create_user(
        national_code_with_check_digit("999999998"),
        "+989120000077",
        None,
        first_name="کارشناس",
        last_name="سنجش",
    )
    Membership.objects.create(user=expert, role=Role.STAFF_EXPERT, org_unit=units[0])
    unit_ids = "{" + ",".join(str(u.pk) for u in units) + "}"
    service_ids = "{" + ",".join(str(s.pk) for s in services) + "}"
    migration = importlib.import_module("desk.migrations.0002_request_search")
    steps = [
        (
            "applicants",
            """INSERT INTO accounts_user (password, is_superuser, national_code, first_name, last_name,
               mobile, email, person_type, legal_national_id, legal_name, is_active, is_staff, date_joined,
               failed_login_count)
               SELECT '!', false, '3' || lpad(g::text, 9, '0'), (%(first)s::text[])[1 + g %% %(nf)s],
                 (%(last)s::text[])[1 + (g / %(nf)s) %% %(nl)s], '+98935' || lpad(g::text, 7, '0'), '',
                 CASE WHEN g %% 10 = 1 THEN 'legal' ELSE 'natural' END,
                 CASE WHEN g %% 10 = 1 THEN '14' || lpad(g::text, 9, '0') END,
                 CASE WHEN g %% 10 = 1 THEN 'شرکت ' || (%(vocab)s::text[])[1 + g %% 5000] ELSE '' END,
                 true, false, now(), 0
               FROM generate_series(1::bigint, %(n_users)s::bigint) g""",
        ),
        (
            "drop search indexes",
            "DROP INDEX desk_requestsearch_vector; DROP INDEX desk_requestsearch_head_trgm",
        ),
        (
            "requests",
            """INSERT INTO desk_servicerequest (tracking_code, channel, state, resume_state, form_data,
               idempotency_key, target_working_days, submitted_at, due_date, clock_paused, updated_at,
               applicant_id, service_id, unit_id, service_sort, applicant_sort)
               SELECT '05' || lpad(g::text, 10, '0') || (g %% 10)::text, 'online',
                 (ARRAY['submitted','accepted','in_review','closed','closed','approved','response_issued',
                        'closed','rejected'])[1 + (g * 7) %% 9], '',
                 jsonb_build_object('product_name', concat_ws(' ',
                   (%(vocab)s::text[])[1 + (g * 2654435761) %% 5000],
                   (%(vocab)s::text[])[1 + (g * 40503 + 17) %% 5000],
                   (%(vocab)s::text[])[1 + (g * 9973 + 101) %% 5000],
                   (%(vocab)s::text[])[1 + (g * 7919 + 3) %% 5000],
                   (%(vocab)s::text[])[1 + (g * 104729 + 11) %% 5000],
                   (%(vocab)s::text[])[1 + (g * 1299709 + 29) %% 5000],
                   CASE WHEN g %% 10 = 0 THEN 'شیر' END)),
                 'b' || g, 10, now() - make_interval(mins => g::int),
                 (now() - make_interval(mins => g::int))::date + 14,
                 false, now(), u0.id + (g %% %(n_users)s), (%(services)s::bigint[])[1 + g %% 20],
                 (%(units)s::bigint[])[1 + g %% 32], '', ''
               FROM generate_series(1::bigint, %(n)s::bigint) g,
                 (SELECT min(id) AS id FROM accounts_user WHERE password = '!') u0""",
        ),
        # The queue's sort keys (desk/0004), as the migration fills them for existing requests.
        ("sort keys", importlib.import_module("desk.migrations.0005_queue_sort_keys").FILL["postgresql"]),
        (
            "events",
            """INSERT INTO desk_requestevent (kind, name, from_state, to_state, actor_id, actor_role, at,
               payload, public, request_id)
               SELECT 'transition', 'submit', '', 'submitted', r.applicant_id, 'applicant', r.submitted_at,
                 '{}'::jsonb, true, r.id FROM desk_servicerequest r WHERE r.idempotency_key LIKE 'b%%'""",
        ),
        (
            "search documents",
            """INSERT INTO desk_requestsearch (request_id, unit_id, head, answers, messages)
               SELECT r.id, r.unit_id, concat_ws(' ', r.tracking_code, u.national_code, u.legal_national_id,
                   '0' || substr(u.mobile, 4), u.first_name, u.last_name, nullif(u.legal_name, '')),
                 r.form_data->>'product_name',
                 CASE WHEN r.id %% 5 = 0
                   THEN 'لطفا مدارک تکمیلی ' || (%(vocab)s::text[])[1 + (r.id * 31) %% 5000]
                   ELSE '' END
               FROM desk_servicerequest r JOIN accounts_user u ON u.id = r.applicant_id
               WHERE r.idempotency_key LIKE 'b%%'""",
        ),
        *((f"index {n}", sql) for n, sql in enumerate(migration.PG_INDEXES, 1)),
        ("vacuum analyze", "VACUUM ANALYZE"),
    ]
    params = {
        "first": first,
        "last": last,
        "nf": len(first),
        "nl": len(last),
        "vocab": vocab,
        "n_users": n_users,
        "n": n_requests,
        "units": unit_ids,
        "services": service_ids,
    }
    with connection.cursor() as cursor:
        # A bulk load: no per-row foreign-key triggers (the rows are consistent by construction).
        cursor.execute("SET session_replication_role = replica")
        for name, sql in steps:
            start = time.perf_counter()
            for statement in sql.split("; "):
                cursor.execute(statement, params if "%(" in statement else None)
            print(f"  {name}: {time.perf_counter() - start:.1f} s", flush=True)
        cursor.execute("SET session_replication_role = DEFAULT")
    return {"expert": expert, "unit": units[0], "vocab": vocab}


def samples(unit, vocab, runs: int) -> dict:
    from django.db import connection

    from desk import tracking

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT r.tracking_code, u.national_code, u.mobile
               FROM desk_servicerequest r JOIN accounts_user u ON u.id = r.applicant_id
               WHERE r.unit_id = %s ORDER BY r.id LIMIT 2000""",
            [unit.pk],
        )
        rows = cursor.fetchall()
        cursor.execute(
            """SELECT u.legal_national_id FROM desk_servicerequest r
               JOIN accounts_user u ON u.id = r.applicant_id
               WHERE r.unit_id = %s AND u.legal_national_id IS NOT NULL ORDER BY r.id LIMIT %s""",
            [unit.pk, runs],
        )
        companies = [row[0] for row in cursor.fetchall()]
    rng = random.Random(20)
    picked = rng.sample(rows, runs)
    words = rng.sample(vocab, runs * 2)
    return {
        "national code": [r[1] for r in picked],
        "tracking code (with dashes)": [tracking.display(r[0]) for r in picked],
        "mobile (09…)": ["0" + r[2][3:] for r in picked],
        "company national ID": companies,
        "free text, one word": words[:runs],
        "free text, two words": [f"{words[i]} {words[runs + i]}" for i in range(runs)],
        "free text, common word (1 request in 10)": ["شیر"] * runs,
    }


def timed_urls(client, urls: list[str]) -> list[float]:
    client.get(urls[0])  # warm-up
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert b'id="search-error"' not in response.content, url
    return times


def explained(run) -> float:
    """PostgreSQL's own execution time (EXPLAIN ANALYZE), in ms, of the queries `run()` sends:
    the database's work without Python, the network or the scheduler of a busy machine."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    total = 0.0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            total += plan[0]["Execution Time"]
    return total


def timed_in_database(user, params: list[dict], pages=None) -> list[float]:
    """The queries of `search_queue` and the page's count and rows, as EXPLAIN ANALYZE times
    them (the user's scopes are read once per HTTP request and are left out)."""
    from desk import search, selectors

    selectors._scopes(user)
    times = []
    for n, p in enumerate(params):
        page = pages[n] if pages else 1

        def run(p=p, page=page):
            rows, *_ = search.search_queue(user, **p)
            rows.count()
            list(rows[(page - 1) * 50 : page * 50])

        times.append(explained(run))
    return times


def timed_selector(user, params: list[dict]) -> list[float]:
    """The database's share: the queue's count and its first 50 rows, as the page asks them."""
    from desk import search

    times = []
    for p in [params[0], *params]:
        start = time.perf_counter()
        rows, error, _ = search.search_queue(user, **p)
        assert not error, error
        rows.count()
        list(rows[:50])
        times.append((time.perf_counter() - start) * 1000)
    return times[1:]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/miz_search_bench")
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--reuse", action="store_true", help="time the data a previous run left")
    args = parser.parse_args()
    from urllib.parse import urlencode

    ensure_database(args.db, fresh=not args.reuse)
    django_on(args.db)
    from django.test import Client

    from desk import search

    if args.reuse:
        from accounts.models import User
        from orgs.models import OrgUnit

        built = {
            "expert": User.objects.get(mobile="+989120000077"),
            "unit": OrgUnit.objects.get(code="B-00"),
            "vocab": vocabulary(5000),
        }
    else:
        start = time.perf_counter()
        print(f"building {args.requests:,} requests…", flush=True)
        built = build(args.requests)
        print(f"build: {time.perf_counter() - start:.0f} s", flush=True)
    client = Client(SERVER_NAME="localhost")
    client.force_login(built["expert"])
    ok = True
    goals = {"free text": 300}
    for name, queries in samples(built["unit"], built["vocab"], args.runs).items():
        urls = ["/desk/queue/?" + urlencode({"q": q}) for q in queries]
        found = search.search_queue(built["expert"], q=queries[0], filters={"all_states": True})[0].count()
        limit = next((v for k, v in goals.items() if name.startswith(k)), 100)
        print(f"[{found} found for the first query]")
        ok &= report(f"search by {name}, page", timed_urls(client, urls), limit)
        params = [{"q": q, "filters": {"all_states": True}} for q in queries]
        report(f"search by {name}, selector only", timed_selector(built["expert"], params), limit)
        report(f"search by {name}, in the database", timed_in_database(built["expert"], params), limit)
    for sort in ("", "-submitted", "applicant", "-due", "service", "code"):
        label = f"queue sorted by «{sort or 'default'}» (pages 1–{args.runs})"
        urls = [f"/desk/queue/?sort={sort}&page={page}" for page in range(1, args.runs + 1)]
        ok &= report(f"{label}, page", timed_urls(client, urls), 200)
        expert = built["expert"]
        times = []
        for page in range(1, args.runs + 1):
            start = time.perf_counter()
            rows, *_ = search.search_queue(expert, sort_key=sort or None)
            rows.count()
            list(rows[(page - 1) * 50 : page * 50])
            times.append((time.perf_counter() - start) * 1000)
        report(f"{label}, selector only", times, 200)
        params = [{"sort_key": sort or None}] * args.runs
        report(f"{label}, in the database", timed_in_database(expert, params, range(1, args.runs + 1)), 200)
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database(args.db)
        print(f"dropped {args.db.rsplit('/', 1)[1]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
