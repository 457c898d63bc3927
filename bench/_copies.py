"""Copies of generated requests made in SQL (PostgreSQL), for benchmarks at millions of requests:
`desk_generate` writes about 400 requests a second on this machine, so 10,000,000 would take
about seven hours; copying them in SQL takes minutes.

Copy `g` of every request (1, 2, …) gets the id `id + g × stride` and everything the summary's
rebuild reads with it: its events, rating, response (and the response's document), appointments
and receipt messages, with ids shifted the same way; then the copies' clocks are measured from
their logs (`reports.measure`). Every date and time of copy `g` is moved back
by `g mod 53` whole weeks (the weekday kept), so that the copies spread over about three years
and the summary's rows grow as real requests' would, not only their sums. Tracking codes,
idempotency keys, stored file names, verification tokens and de-duplication keys are made unique.
The copies' search rows are not made (the queue's bench, `bench/queue_1m.py`, makes its own).
"""

import time

WEEKS = 53

# table: (the column that names the request, {column: SQL for the copy}, which rows: SQL or "");
# `{s}` is that table's id stride, `{rs}` the requests', `{es}` the events', `{ds}` the documents',
# `g` the copy's number.
TABLES = {
    "desk_servicerequest": (
        "id",
        {
            "tracking_code": "'8' || lpad((t.id + g * {s})::text, 12, '0')",
            "idempotency_key": "md5((t.id + g * {s})::text)",
            "first_response_event_id": "t.first_response_event_id + g * {es}",
        },
        "",
    ),
    "desk_requestevent": ("request_id", {}, ""),
    "desk_feedback": ("request_id", {}, ""),
    "desk_document": (
        "request_id",
        {"stored_name": "t.stored_name || '~' || (t.id + g * {s})", "message_id": "NULL"},
        "t.id IN (SELECT document_id FROM desk_response)",  # only the responses' documents
    ),
    "desk_response": (
        "request_id",
        {
            "document_id": "t.document_id + g * {ds}",
            "verification_token": "md5(t.verification_token || (t.id + g * {s}))",
        },
        "",
    ),
    "desk_appointment": ("request_id", {}, ""),
}
NOTIFICATIONS = "notifications_notification"


def table_columns(cursor, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return cursor.fetchall()


def _stride(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - our names
    return cursor.fetchone()[0]


def _select(columns, overrides: dict, request_column: str, strides: dict, own: int) -> str:
    shift = f"(g %% {WEEKS}) * interval '7 days'"
    made = []
    for name, kind in columns:
        if name in overrides:
            made.append(overrides[name].format(**strides, s=own))
        elif name == "id":
            made.append(f"t.id + g * {own}")
        elif name == request_column:
            made.append(f"t.{name} + g * {strides['rs']}")
        elif kind == "timestamp with time zone":
            made.append(f"t.{name} - {shift}")
        elif kind == "date":
            made.append(f"(t.{name} - {shift})::date")
        else:
            made.append(f"t.{name}")
    return ", ".join(made)


def copy_to(count: int) -> None:
    """Copy the requests there are (with all the rebuild reads) until there are at least `count`."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(id) FROM desk_servicerequest")
        have, top = cursor.fetchone()
        if not have or have >= count:
            return
        copies = -(-(count - have) // have)
        strides = {
            "rs": top + 1,
            "es": _stride(cursor, "desk_requestevent"),
            "ds": _stride(cursor, "desk_document"),
        }
        print(f"copying {have:,} requests {copies} times in SQL …", flush=True)
        with transaction.atomic():
            # the copies' keys point at copies made in the same transaction: no row-by-row checks
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table, (request_column, overrides, which) in TABLES.items():
                start = time.perf_counter()
                own = strides["rs"] if table == "desk_servicerequest" else _stride(cursor, table)
                columns = table_columns(cursor, table)
                select = _select(columns, overrides, request_column, strides, own)
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(c for c, _ in columns)}) "  # noqa: S608 - our names
                    f"SELECT {select} FROM {table} t, generate_series(1, %s) g WHERE t.{request_column} <= %s"
                    + (f" AND {which}" if which else ""),
                    [copies, top],
                )
                print(f"  {table}: {cursor.rowcount:,} rows, {time.perf_counter() - start:.1f} s", flush=True)
            _copy_receipts(cursor, copies, top, strides["rs"])
        for table in (*TABLES, NOTIFICATIONS):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            )
            cursor.execute(f"ANALYZE {table}")
    _measure_copies(top)


def _measure_copies(top: int) -> None:
    """The copies' clocks measured from their own logs (`reports.measure`, decision 0145): a copy
    moved by whole weeks meets other holidays than its original, so its figures are its own."""
    from desk.models import ServiceRequest
    from reports import measure

    start = time.perf_counter()
    read, changed = measure.measure(ServiceRequest.objects.filter(pk__gt=top))
    seconds = time.perf_counter() - start
    print(f"  the copies' clocks measured: {read:,} read, {changed:,} written, {seconds:.0f} s")


def _copy_receipts(cursor, copies: int, top: int, request_stride: int) -> None:
    """The messages about a request (`related_id` is its id as text) copied with it."""
    from django.contrib.contenttypes.models import ContentType

    from desk.models import ServiceRequest

    start = time.perf_counter()
    kind = ContentType.objects.get_for_model(ServiceRequest).pk
    own = _stride(cursor, NOTIFICATIONS)
    overrides = {
        "related_id": f"(t.related_id::bigint + g * {request_stride})::text",
        "dedupe_key": f"t.dedupe_key || '~' || (t.id + g * {own})",
    }
    columns = table_columns(cursor, NOTIFICATIONS)
    select = _select(columns, overrides, "", {"rs": request_stride}, own)
    cursor.execute(
        f"INSERT INTO {NOTIFICATIONS} ({', '.join(c for c, _ in columns)}) "  # noqa: S608 - our names
        f"SELECT {select} FROM {NOTIFICATIONS} t, generate_series(1, %s) g "
        "WHERE t.related_type_id = %s "
        "AND (CASE WHEN t.related_id ~ '^[0-9]{1,18}$' THEN t.related_id::bigint END) <= %s",
        [copies, kind, top],
    )
    print(f"  {NOTIFICATIONS}: {cursor.rowcount:,} rows, {time.perf_counter() - start:.1f} s", flush=True)
