"""Writing generated desk requests in bulk (`reports.synthetic`, decision 0111): ids reserved
ahead, so that a request is inserted with its first response (`desk.first_response`, decision
0096) already pointing at its event and its log is inserted without a model instance per row; and
its share of the summary computed from what was generated, by the rebuild's own code
(`reports.kept.add_request`), not read back from the database."""

from types import SimpleNamespace

from django.db import connection

from accounts.models import Role
from desk.first_response import responds
from desk.models import Document, Feedback, RequestEvent, RequestSearch, Response, ServiceRequest, State
from reports import summary as kept
from reports.changes import Changes

Kind = RequestEvent.Kind
EVENT_COLUMNS = ("id", "request_id", "kind", "name", "from_state", "to_state", "step_number", "actor_id")
EVENT_COLUMNS += ("actor_role", "at", "ip", "payload", "public")


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys of `model`'s table: from its sequence on PostgreSQL; after the
    largest on SQLite (whose writer holds the database's lock for the generator's transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - our table
        top = cursor.fetchone()[0]
    return list(range(top + 1, top + 1 + count))


def insert_objects(model, objs: list, *, batch: int = 2000) -> None:
    """Insert unsaved model instances with one prepared statement per `batch` (what `bulk_create`
    does, without building its SQL for every batch); those without a primary key get one reserved."""
    if not objs:
        return
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, reserve_ids(model, len(missing)) if missing else (), strict=True):
        obj.pk = pk
    fields = model._meta.concrete_fields
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(f.column for f in fields)}) "  # noqa: S608 - ours
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            cursor.executemany(
                sql,
                [
                    tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
                    for obj in objs[start : start + batch]
                ],
            )


def events_of(request: ServiceRequest, life, staff_id: int) -> list[tuple]:
    """The request's log as rows of EVENT_COLUMNS without their id (the log is most of what the
    generator writes)."""
    place = str(request.counter_office or request.intake_unit or "")
    applicant, pk = request.applicant_id, request.pk
    rows = [
        (*(pk, Kind.TRANSITION, "submit", "", State.SUBMITTED, None, applicant, Role.APPLICANT),
         request.submitted_at, {"channel": request.channel, "place": place}),
        (*(pk, Kind.ASSIGN_UNIT, "assign_unit", "", "", None, None, ""),
         request.submitted_at, {"unit": request.unit_id, "unit_name": str(request.unit)}),
    ]  # fmt: skip
    for name, source, target, at, step, extra in life.events:
        by_applicant = name in ("withdraw", "applicant_answer")
        actor = None if name == "lapse" else applicant if by_applicant else staff_id
        role = Role.APPLICANT if by_applicant else "" if name == "lapse" else Role.STAFF_EXPERT
        payload = {k: v for k, v in extra.items() if k != "response"}
        rows.append((pk, Kind.TRANSITION, name, source, target, step, actor, role, at, payload))
    if life.feedback:
        score, _, at = life.feedback
        rows.append(
            (pk, Kind.FEEDBACK, "feedback", "", "", None, applicant, Role.APPLICANT, at, {"score": score})
        )
    return rows


def insert_events(rows: list[tuple]) -> None:
    """Insert rows of EVENT_COLUMNS (id first) in statements of 5,000."""
    adapt = connection.ops.adapt_datetimefield_value
    prepare = RequestEvent._meta.get_field("payload").get_db_prep_save
    table = RequestEvent._meta.db_table
    sql = (
        f"INSERT INTO {table} ({', '.join(EVENT_COLUMNS)}) "  # noqa: S608 - names are ours
        f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})"
    )
    values = [
        (
            *row[:2],
            *(str(v) for v in row[2:6]),
            *row[6:8],
            str(row[8]),  # the role: a `Role` member, stored as its value
            adapt(row[9]),
            None,
            prepare(row[10], connection),
            True,
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            cursor.executemany(sql, values[start : start + 5000])


def store(maker, part: list, *, summary: bool = True) -> None:
    """Write a batch of generated (request, life) pairs with their log, response, rating, search
    document and (unless `summary` is false: `desk_summary_rebuild` counts it afterwards) share of
    the summary."""
    _unique_codes(maker, part)
    for (request, _life), pk in zip(part, reserve_ids(ServiceRequest, len(part)), strict=True):
        request.pk = request.id = pk
    logs = [events_of(request, life, maker.staff.pk) for request, life in part]
    event_ids = iter(reserve_ids(RequestEvent, sum(len(log) for log in logs)))
    logs = [[(next(event_ids), *row) for row in log] for log in logs]
    for (request, _life), log in zip(part, logs, strict=True):
        first = next((row for row in log if responds(row[2], row[3], row[8])), None)
        if first is not None:
            request.first_response_event_id, request.first_responded_at = first[0], first[9]
        # what the desk's clock measured, kept on the request as the workflow keeps it (decision 0145)
        events = [e[:1] + e[2:4] + e[8:11] for e in log if kept.reads_event(e[2], e[3])]
        kept.measure_request(request, events, calendar=maker.calendar, today=maker.today)
    insert_objects(ServiceRequest, [request for request, _ in part])
    insert_events([row for log in logs for row in log])
    documents, feedback, searches = [], [], []
    for request, life in part:
        if any(e[5].get("response") for e in life.events):
            documents.append(
                Document(
                    request=request,
                    kind=Document.Kind.RESPONSE,
                    original_name=f"response-{request.tracking_code}.pdf",
                    stored_name=f"synthetic/{request.tracking_code}.pdf",
                    content_type="application/pdf",
                    size=0,
                    sha256="0" * 64,
                    uploaded_by=maker.staff,
                    uploaded_at=next(e[3] for e in life.events if e[0] == "issue_response"),
                )
            )
        if life.feedback:
            score, reasons, at = life.feedback
            feedback.append(Feedback(request=request, score=score, reasons=reasons, created_at=at))
        searches.append(
            RequestSearch(request=request, unit_id=request.unit_id, **maker.search_document(request))
        )
    insert_objects(Document, documents)
    decisions = {r.pk: life.decision for r, life in part}
    responses = [
        Response(
            request_id=d.request_id,
            decision=decisions[d.request_id],
            text="پاسخ نمونه",
            document=d,
            generated=True,
            verification_token=f"synthetic-{d.request.tracking_code}",
            issued_by=maker.staff,
            issued_at=d.uploaded_at,
        )
        for d in documents
    ]
    for model, objs in ((Response, responses), (Feedback, feedback), (RequestSearch, searches)):
        insert_objects(model, objs)
    if summary:
        _add_to_summary(part, {r.request_id: r.pk for r in responses})


def _unique_codes(maker, part: list) -> None:
    codes = [r.tracking_code for r, _ in part]
    taken = set(
        ServiceRequest.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True)
    )
    seen = set()
    for request, _ in part:
        while request.tracking_code in taken or request.tracking_code in seen:
            request.tracking_code = maker.tracking_code(request.submitted_at)
        seen.add(request.tracking_code)


def _add_to_summary(part: list, responses: dict) -> None:
    """The batch's share of the summary, as the rebuild (`reports.recount`) counts it from the
    database: the same fields of each request (its clock's figures measured by `store`), no
    receipt message, call or visit (the generator writes none)."""
    changes = Changes()
    for request, life in part:
        score, reasons, rated_at = life.feedback or (None, None, None)
        row = SimpleNamespace(
            **{name: getattr(request, name) for name in kept.REQUEST_FIELDS},
            fb_score=score,
            fb_created_at=rated_at,
            fb_reasons=reasons,
            response_id=responses.get(request.pk),
            has_receipt=False,
            called_in=False,
        )
        kept.add_request(changes, row, (), since=None)
    changes.save()
