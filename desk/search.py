"""Staff search over the queue (D5): the search document of a request, the parsing of `?q=`, and
the queue narrowed by it, ranked and sorted. Visibility is the queue's own (`selectors.filtered_queue`):
search only narrows it, so it never finds a request the user may not see.

How a query is read (`parse`):
- only digits (any script, with spaces, dashes, brackets or a leading +), four or more: an
  identifier. A mobile in any format becomes `09…`; the digits are then looked for inside the
  identifiers of the request (tracking code, applicant national code, mobile, company national
  ID: the `head` column, a trigram index on PostgreSQL) and as a whole word in the answers and
  messages. A whole identifier ranks above a part of one, which ranks above a word of the text.
- anything else: words (`core.textsearch.query_words`), every one of which must be found in the
  names, answers or messages (PostgreSQL `tsvector` with weights A/B/C; SQLite FTS5 with bm25).
Results come by relevance, then the most recent first.
"""

import json
from dataclasses import dataclass
from math import ceil

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_save

from core.text import normalize_text, to_persian_digits
from core.textsearch import ascii_digits, document_text, query_words
from core.validators import clean_mobile

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
MIN_IDENTIFIER_DIGITS = 4
# National code, company national ID, tracking code.
WHOLE_IDENTIFIER_LENGTHS = (10, 11, 13)
MAX_MESSAGES_CHARS = 200_000
# A search by words ranks at most the newest this many matching requests of the queue: a word in
# one request in ten would otherwise rank tens of thousands to show fifty (docs/desk.md).
MAX_RANKED = 1000
# A search by words reads the search rows of the newest this many ids (of every unit) first, and
# checks each against the words (`newest_matches`) …
WINDOW = 20_000
# … and at the most this many ids in all before it asks the words' index for older matches.
MAX_SCANNED = 100_000
_ID_CHARS = set("0123456789 -_/.()+\u200c")

TOO_LONG = f"عبارت جست‌وجو بیش از {to_persian_digits(MAX_QUERY_CHARS)} نویسه است؛ کوتاه‌ترش کنید."
NO_WORDS = "عبارت جست‌وجو باید دست‌کم یک حرف یا رقم داشته باشد."
TOO_MANY_WORDS = f"بیش از {to_persian_digits(MAX_QUERY_WORDS)} واژه را نمی‌توان با هم جست."
CAPPED = (
    f"دست‌کم {to_persian_digits(f'{MAX_RANKED:,}').replace(',', '٬')} درخواست با این عبارت یافت شد؛ "
    "تازه‌ترین‌های آنها به ترتیب ارتباط آمده است. برای یافتن درخواست‌های قدیمی‌تر، واژه‌های بیشتری "
    "بنویسید یا وضعیت و خدمت را برگزینید."
)

# The queue's sortable columns: ?sort=<key> ascending, ?sort=-<key> descending.
SORT_COLUMNS = {
    "code": ("کد رهگیری", ("tracking_code",)),
    # Copies kept on the request (`ServiceRequest.service_sort`, `applicant_sort`) and indexed.
    "service": ("خدمت", ("service_sort",)),
    "applicant": ("متقاضی", ("applicant_sort",)),
    "channel": ("مجرا", ("channel",)),
    "state": ("وضعیت", ("state",)),
    # The assignee's names, "" for none (`ServiceRequest.assignee_sort`, indexed): a keyset page
    # needs a value on every row.
    "assignee": ("کارشناس", ("assignee_sort",)),
    "due": ("موعد", ("due_date",)),
    "submitted": ("زمان ثبت", ("submitted_at",)),
}


@dataclass(frozen=True)
class Query:
    """A parsed search: `digits` for an identifier search, else `words` for full text."""

    digits: str = ""
    words: tuple[str, ...] = ()
    # The digits are a whole identifier (national code, company ID, tracking code, mobile): look
    # for it as a whole word first (the full-text index), inside other identifiers only if absent.
    whole: bool = False


# --- the document --------------------------------------------------------------------------------


def _mobile_local(mobile: str) -> str:
    return "0" + mobile[3:] if mobile and mobile.startswith("+98") else (mobile or "").lstrip("+")


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def document_for(*, tracking_code: str, applicant, form_data, bodies, company=None) -> dict:
    """The three columns of a request's search document. Takes plain values so that the
    migration that fills the table for old requests can use it with historical models.
    `company`: the company the applicant filed for, found by its national ID and name."""
    identifiers = [
        tracking_code,
        applicant.national_code,
        applicant.legal_national_id or "",
        company.national_id if company else "",
        _mobile_local(applicant.mobile),
    ]
    company_name = company.name if company else ""
    names = " ".join([applicant.first_name, applicant.last_name, applicant.legal_name or "", company_name])
    head = " ".join([*(i for i in identifiers if i), document_text(names)]).strip()
    messages = document_text("\n".join(bodies)[:MAX_MESSAGES_CHARS])
    return {"head": head, "answers": document_text(" ".join(_strings(form_data or {}))), "messages": messages}


def refresh(request, *, new: bool = False) -> None:
    """Rewrite the search document of `request`; services call it in their transaction after
    changing what it holds (submission, a message). `new`: the request was just inserted in this
    transaction, so it has no messages and no document yet: one INSERT, instead of reading its
    messages and its document and writing the document under a savepoint (issue 18)."""
    from desk.models import Message, RequestSearch

    bodies = (
        []
        if new
        else Message.objects.filter(request_id=request.pk).order_by("pk").values_list("body", flat=True)
    )
    values = document_for(
        tracking_code=request.tracking_code,
        applicant=request.applicant,
        form_data=request.form_data,
        bodies=list(bodies),
        company=request.company,
    )
    values["unit_id"] = request.unit_id
    if new:
        RequestSearch.objects.create(request_id=request.pk, **values)
    else:
        RequestSearch.objects.update_or_create(request_id=request.pk, defaults=values)


def moved(request) -> None:
    """Keep the unit of `request`'s search document in step after its unit changed (services
    call it in their transaction, as `refresh`)."""
    from desk.models import RequestSearch

    RequestSearch.objects.filter(request_id=request.pk).update(unit_id=request.unit_id)


_APPLICANT_FIELDS = {"first_name", "last_name", "legal_name", "mobile", "national_code", "legal_national_id"}


def _applicant_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    """An applicant's new name or mobile reaches the documents of their requests; a staff
    member's new name, the assignee sort key of the requests they hold."""
    if created or (update_fields is not None and not (set(update_fields) & _APPLICANT_FIELDS)):
        return
    from desk.models import ServiceRequest, applicant_sort_key

    key = applicant_sort_key(instance)
    ServiceRequest.objects.filter(assignee=instance).exclude(assignee_sort=key).update(assignee_sort=key)
    requests = ServiceRequest.objects.filter(applicant=instance)
    requests.exclude(applicant_sort=key).update(applicant_sort=key)
    for request in requests.select_related("applicant"):
        refresh(request)


def _service_saved(sender, instance, created, **kwargs) -> None:
    """A service's new title reaches the queue's sort key of its requests (one UPDATE)."""
    if created:
        return
    from desk.models import ServiceRequest

    ServiceRequest.objects.filter(service=instance).exclude(service_sort=instance.title).update(
        service_sort=instance.title
    )


def connect_signals() -> None:
    from accounts.models import User
    from catalogue.models import Service

    post_save.connect(_applicant_saved, sender=User, dispatch_uid="desk.search.applicant_saved")
    post_save.connect(_service_saved, sender=Service, dispatch_uid="desk.search.service_saved")


# --- the query -----------------------------------------------------------------------------------


def parse(text: str) -> Query | None:
    """The search in `text` (None when there is none), or a Persian `ValidationError`."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationError(TOO_LONG, code="too_long")
    plain = ascii_digits(normalize_text(text))
    digits = "".join(ch for ch in plain if ch.isdigit())
    if set(plain) <= _ID_CHARS and len(digits) >= MIN_IDENTIFIER_DIGITS:
        try:
            return Query(digits=_mobile_local(clean_mobile(plain)), whole=True)
        except ValidationError:
            return Query(digits=digits, whole=len(digits) in WHOLE_IDENTIFIER_LENGTHS)
    words = query_words(text)
    if not words:
        raise ValidationError(NO_WORDS, code="no_words")
    if len(words) > MAX_QUERY_WORDS:
        raise ValidationError(TOO_MANY_WORDS, code="too_many_words")
    return Query(words=tuple(words))


_DIGITS_RANK = "CASE WHEN (' ' || s.head || ' ') LIKE %s THEN 2 WHEN s.head LIKE %s THEN 1 ELSE 0.5 END"


def _postgres_sql(query: Query, *, whole: bool, units=None) -> tuple[str, list, str, list]:
    # With `units`, the words must come with one of the units' `u<id>` words (migration 0003):
    # the GIN index intersects the two, so a common word costs what the unit's matches cost.
    match = "s.vector @@ plainto_tsquery('simple', %s)"
    unit_params = []
    if units is not None:
        match = "s.vector @@ (plainto_tsquery('simple', %s) && to_tsquery('simple', %s))"
        unit_params = [" | ".join(f"u{u}" for u in units)]
    if query.digits:
        d = query.digits
        if whole:
            return match, [d, *unit_params], _DIGITS_RANK, [f"% {d} %", f"%{d}%"]
        where = "s.head LIKE %s OR s.vector @@ plainto_tsquery('simple', %s)"
        return where, [f"%{d}%", d], _DIGITS_RANK, [f"% {d} %", f"%{d}%"]
    words = " ".join(query.words)
    # As double precision: a `real` comes back as its shortest text, which the next page's keyset
    # would compare as a slightly different number, showing the same rows again (decision 0113).
    rank = "ts_rank(s.vector, plainto_tsquery('simple', %s))::double precision"
    return match, [words, *unit_params], rank, [words]


def _sqlite_sql(query: Query, *, whole: bool, units=None) -> tuple[str, list, str, list]:
    fts = "SELECT rowid FROM desk_requestsearch_fts WHERE desk_requestsearch_fts MATCH %s"
    if query.digits:
        d = query.digits
        where = f"s.request_id IN ({fts})"
        params = [f'"{d}"'] if whole else [f"%{d}%", f'"{d}"']
        where = where if whole else "s.head LIKE %s OR " + where
        return where, params, _DIGITS_RANK, [f"% {d} %", f"%{d}%"]
    # Words are letters and digits only (`query_words`), so quoting them cannot break the syntax.
    match = " ".join(f'"{w}"' for w in query.words)
    where = f"s.request_id IN ({fts})"
    rank = (
        "SELECT -bm25(desk_requestsearch_fts, 4.0, 2.0, 1.0) FROM desk_requestsearch_fts "
        "WHERE desk_requestsearch_fts MATCH %s AND rowid = s.request_id"
    )
    return where, [match], f"({rank})", [match]


def _matching(query: Query, *, whole: bool, unit_ids, cap: int | None, window: bool = False):
    """The SQL of the ids of the requests matching `query` (with its parameters), and of a
    request's rank. `cap`: only the newest `cap` of those ids. With `window`, the statement takes
    two more parameters first, ids: only the requests from the first to before the second, read
    newest first by id; else, with `cap`, one more last: only those before it, through the words'
    index."""
    postgres = connection.vendor == "postgresql"
    build = _postgres_sql if postgres else _sqlite_sql
    units = None if unit_ids is None else sorted(int(u) for u in unit_ids) or [0]  # [0]: nothing
    where, where_params, rank, rank_params = build(query, whole=whole, units=units)
    in_units = "" if units is None else f"unit_id IN ({', '.join(['%s'] * len(units))})"
    # Only fixed SQL fragments of this module are formatted in; the user's words are parameters.
    # `OFFSET 0` keeps PostgreSQL from merging an inner query into the outer one.
    fence = " OFFSET 0" if postgres else ""
    if window:
        # The newest rows by id, each checked against the words: for a common word a few
        # thousand rows, where the words' index would fetch every match to keep the newest. The
        # units are checked as the rows are read, before the words (a unit's share of a range:
        # 16 -> 10 ms for a range of 76,627 ids, a fifth of them the unit's).
        columns = "request_id, head, unit_id" + (", vector" if postgres else "")
        inner = f"SELECT {columns} FROM desk_requestsearch WHERE request_id >= %s AND request_id < %s"  # noqa: S608
        inner += f" AND {in_units}" if in_units else ""
        inner += f" ORDER BY request_id DESC{fence}"
        matching_sql = f"SELECT s.request_id FROM ({inner}) s WHERE ({where}) "  # noqa: S608
        matching_sql += f"ORDER BY s.request_id DESC LIMIT {int(cap)}"
        # The statement's parameters: the range (the caller's), the units, then the words.
        return matching_sql, [*(units or ()), *where_params], RawSQL(_rank_sql(rank), rank_params)  # noqa: S611
    if units is not None:
        where = f"({where}) AND s.{in_units}"
        where_params = [*where_params, *units]
    if cap is not None:
        # The words' index finds every match before the window, then only the ids are sorted.
        # Merged, PostgreSQL may walk the whole table backwards by id looking for a rare word.
        found = f"SELECT s.request_id FROM desk_requestsearch s WHERE ({where}) AND s.request_id < %s{fence}"  # noqa: S608
        matching_sql = f"SELECT m.request_id FROM ({found}) m ORDER BY m.request_id DESC LIMIT {int(cap)}"  # noqa: S608
    else:
        matching_sql = "SELECT s.request_id FROM desk_requestsearch s WHERE " + where  # noqa: S608
    return matching_sql, where_params, RawSQL(_rank_sql(rank), rank_params)  # noqa: S611


def _rank_sql(rank: str) -> str:
    return "SELECT " + rank + " FROM desk_requestsearch s WHERE s.request_id = desk_servicerequest.id"  # noqa: S608


def narrow(qs: QuerySet, query: Query, *, whole: bool = False, unit_ids=None) -> QuerySet:
    """`qs` (ServiceRequest rows) limited to those matching `query`, annotated with `search_rank`;
    `whole`: digits only as a whole word; `unit_ids`: the units `qs` is limited to (None: any),
    so that the matches are narrowed to them in the index, before the requests are read. (A
    search by words keeps only its newest matches: `newest_matches` and `among`.)"""
    matching_sql, params, rank_value = _matching(query, whole=whole, unit_ids=unit_ids, cap=None)
    if connection.vendor == "postgresql":
        # `= ANY(ARRAY(…))` makes PostgreSQL find the matches first (one index scan) and then
        # fetch those requests by primary key, instead of joining them with every request of
        # the user's units; the queue's conditions are checked on those few rows.
        where_any = f"desk_servicerequest.id = ANY(ARRAY({matching_sql}))"
        qs = qs.extra(where=[where_any], params=params)  # noqa: S610
    else:
        qs = qs.filter(pk__in=RawSQL(matching_sql, params))  # noqa: S611
    return qs.annotate(search_rank=rank_value)


def newest_matches(query: Query, *, unit_ids, cap: int) -> list[int]:
    """The ids of the newest `cap` requests in the units matching the words of `query`, newest
    first, found once for a page (its rows, its count and the cap notice all read this list).

    The search rows of the newest `WINDOW` ids are read and checked against the words (a common
    word ends here, after a few thousand rows, where the words' index would fetch every match to
    keep the newest); short of `cap`, the next ids, as many as the matches found so far say will
    do if that keeps within `MAX_SCANNED` ids in all; else, or if still short, the older matches
    through the words' index, which then holds few of them (a rare word goes there after the
    first window; decision 0139). Every id above the last range read was checked, so the list is
    exactly the newest matches. (On PostgreSQL; SQLite asks its index at once.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(request_id) FROM desk_requestsearch")
        top = cursor.fetchone()[0] or 0
        ids: list[int] = []
        # The ids below `end` are still to be searched. SQLite's words' index (FTS5) lists every
        # match of a word whichever way it is asked, so there the index is asked at once.
        end, size = top + 1, WINDOW if connection.vendor == "postgresql" else 0
        while len(ids) < cap and end > 1:
            if not size or (end <= top and not ids):
                # Far enough (`size` is 0 once the next range would pass `MAX_SCANNED`), or nothing
                # in the newest: the older matches through the index.
                sql, params, _ = _matching(query, whole=False, unit_ids=unit_ids, cap=cap - len(ids))
                cursor.execute(sql, [*params, end])
                ids += [row[0] for row in cursor.fetchall()]
                break
            start = max(end - size, 1)
            sql, params, _ = _matching(query, whole=False, unit_ids=unit_ids, cap=cap - len(ids), window=True)
            cursor.execute(sql, [start, end, *params])
            ids += [row[0] for row in cursor.fetchall()]
            end = start
            if ids:  # the ids still needed at the density found, with a margin
                scanned = top + 1 - end
                size = max(ceil((cap - len(ids)) * scanned / len(ids) * 1.25), WINDOW // 4)
                if size > MAX_SCANNED - scanned:  # more than may be read: the index at once
                    size = 0
    return ids


def among(qs: QuerySet, query: Query, ids: list[int]) -> QuerySet:
    """`qs` limited to the requests `ids` (found by `newest_matches`), annotated with
    `search_rank` as `narrow` does."""
    _, _, rank_value = _matching(query, whole=False, unit_ids=None, cap=None)
    if connection.vendor == "postgresql":
        # One array parameter, whatever the number of ids: the same statement for every page.
        qs = qs.extra(where=["desk_servicerequest.id = ANY(%s)"], params=[ids])
    else:  # one JSON parameter: under SQLite's limit of parameters a statement, however many ids
        qs = qs.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))
    return qs.annotate(search_rank=rank_value)


def sort(qs: QuerySet, key: str | None, *, ranked: bool) -> QuerySet:
    """Order by a whitelisted column (`-` for descending); else by relevance then recency when
    searching; else as the queue comes (most urgent first)."""
    key = key or ""
    name = key.removeprefix("-")
    if name in SORT_COLUMNS:
        fields = SORT_COLUMNS[name][1]
        prefix = "-" if key.startswith("-") else ""
        return qs.order_by(*(prefix + f for f in fields), prefix + "pk")
    if ranked:
        return qs.order_by("-search_rank", "-submitted_at", "-pk")
    return qs


UNKNOWN_SORT = "این ستون برای مرتب‌سازی شناخته نیست؛ کارتابل به ترتیب همیشگی آمده است."


def sort_error(key: str | None) -> str:
    """A Persian sentence when `?sort=` names no sortable column (`sort` then ignores it), else ""."""
    return UNKNOWN_SORT if key and key.removeprefix("-") not in SORT_COLUMNS else ""


def sort_links(params, current: str | None) -> list[dict]:
    """The queue's column headers: label, the query string that sorts by it (toggling the
    direction of the current column) and the current direction."""
    current = current or ""
    base = params.copy()
    base.pop("page", None)
    base.pop("cursor", None)
    base.pop("sort", None)
    links = []
    for key, (label, _fields) in SORT_COLUMNS.items():
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        base["sort"] = f"-{key}" if direction == "asc" else key
        links.append({"key": key, "label": label, "query": base.urlencode(), "direction": direction})
    return links


def queue_services(user):
    """The services offered by the queue's service filter: those with a request in the user's
    units (every service with a request, for HQ roles). One index probe per service
    (`desk_request_unit_service`) instead of a pass over the whole queue."""
    from catalogue.models import Service
    from desk import selectors
    from desk.models import ServiceRequest

    requests = ServiceRequest.objects.filter(service=OuterRef("pk"))
    if not selectors.sees_everything(user):
        requests = requests.filter(
            unit_id__in=selectors.staff_unit_ids(user) | selectors.auditor_unit_ids(user)
        )
    return Service.objects.filter(Exists(requests))


def search_queue(user, *, q: str = "", filters: dict | None = None, sort_key: str | None = None):
    """The queue page's rows for `user`: `selectors.filtered_queue` narrowed by the search `q`
    and sorted. Returns (rows, error, notice): on a query that cannot be searched, no rows and a
    Persian message saying why; a notice when a search by words found more than it ranks."""
    from desk import selectors

    qs = selectors.filtered_queue(user, filters=filters)
    try:
        query = parse(q)
    except ValidationError as exc:
        return qs.none(), exc.messages[0], ""
    units = None
    notice = ""
    if query is not None and not selectors.sees_everything(user):
        # The queue's own units (`selectors.queue`): the same narrowing, done in the index.
        units = selectors.staff_unit_ids(user) | selectors.auditor_unit_ids(user)
    if query is not None and query.whole:
        exact = narrow(qs, query, whole=True, unit_ids=units)
        qs = exact if exact.exists() else narrow(qs, query, unit_ids=units)
    elif query is not None and query.words:
        ids = newest_matches(query, unit_ids=units, cap=MAX_RANKED)
        qs = among(qs, query, ids)
        notice = CAPPED if len(ids) >= MAX_RANKED else ""
    elif query is not None:
        qs = narrow(qs, query, unit_ids=units)
    return sort(qs, sort_key, ranked=query is not None), "", notice
