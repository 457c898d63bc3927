"""A long list, one page at a time: the page the request asks for and the list's other filters
(its query string without `page`), which templates/includes/pagination.html links with."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.core.exceptions import FieldError
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, Expression, F, QuerySet, Window

from core.text import to_persian_digits


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("cursor", None)
    return params.urlencode()


def paginate(request, items, per_page: int) -> tuple[Page, str]:
    """(the page `?page=` names, or the nearest one; the query string to keep in its links)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return page, querystring_without_page(request)


def page_notice(request, page: Page) -> str:
    """A Persian sentence when `?page=` named no page of the list (past its end, below one, not a
    number) and the nearest one came instead; "" when it named the page shown or none at all."""
    asked = (request.GET.get("page") or "").strip()
    if not asked or asked == str(page.number):
        return ""
    shown = to_persian_digits(page.number)
    of = to_persian_digits(page.paginator.num_pages)
    return f"صفحه‌ای با این شماره در این فهرست نیست؛ صفحه {shown} از {of} آمده است."


# --- keyset pages: a long list read from where the last page ended ---------------------------------
#
# `?page=N` is an OFFSET: the database reads and drops every row before the page, so the cost grows
# with the page number. A keyset page starts after (or before) a row, named by its sort values in a
# signed `?cursor=`: one index range whatever the page. Small page numbers still work (old links,
# the reports' links) as far as the capped count reaches, where an OFFSET costs at most that many.

COUNT_CAP = 1000
GONE = "درخواست‌های این صفحه دیگر در این فهرست نیستند؛ صفحه نخست آمده است."
TAMPERED = "نشانی این صفحه خوانا نیست یا دست‌کاری شده است؛ صفحه نخست آمده است."
FAR_PAGE = "صفحه‌های دورتر از {cap} ردیف نخست با «بعدی» پیموده می‌شوند، نه با شماره؛ صفحه نخست آمده است."


class _RowCompare(Expression):
    """`(a, b, …) > (x, y, …)` (or `<`): one index bound where each column has the same direction."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, fields, values, op: str):
        super().__init__()
        self.fields, self.values, self.op = [F(f) for f in fields], list(values), op

    def get_source_expressions(self):
        return self.fields

    def set_source_expressions(self, exprs):
        self.fields = list(exprs)

    def as_sql(self, compiler, connection):
        columns, params = [], []
        for expr in self.fields:
            sql, p = compiler.compile(expr)
            columns.append(sql)
            params.extend(p)
        for expr, value in zip(self.fields, self.values, strict=True):
            try:
                field = expr.output_field
            except FieldError:  # raw SQL of no declared type (a search's rank): a plain number
                field = None
            params.append(field.get_db_prep_value(value, connection) if field is not None else value)
        marks = ", ".join(["%s"] * len(self.values))
        return f"({', '.join(columns)}) {self.op} ({marks})", params


def _encode(value):
    if isinstance(value, dt.datetime):
        return ["dt", value.isoformat()]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, Decimal):  # PostgreSQL's numeric (a search's rank by identifier)
        return ["n", str(value)]
    if isinstance(value, bool | int | float | str):
        return ["v", value]
    raise TypeError(f"a keyset over {type(value).__name__} values")


def _decode(tagged):
    tag, value = tagged
    if tag == "dt":
        return dt.datetime.fromisoformat(value)
    if tag == "d":
        return dt.date.fromisoformat(value)
    if tag == "n":
        return Decimal(value)
    if tag == "v" and isinstance(value, bool | int | float | str):
        return value
    raise ValueError(tag)


def _value(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, "pk" if name == "pk" else name)
    return obj


@dataclass
class KeysetPage:
    """A page of a keyset list, as templates/includes/keyset_pagination.html shows it."""

    object_list: list
    number: int
    count: int  # rows in the list, at most `COUNT_CAP` + 1 (more: «بیش از …»)
    per_page: int
    notice: str = ""
    next_cursor: str = ""
    previous_cursor: str = ""
    more_after: bool = False
    more_before: bool = False

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def num_pages(self) -> int | None:
        return None if self.capped else max(1, -(-self.count // self.per_page))

    @property
    def count_label(self) -> str:
        return f"بیش از {_thousands(COUNT_CAP)}" if self.capped else to_persian_digits(self.count)


def keyset_paginate(request, qs: QuerySet, per_page: int, *, salt: str, rows_of=None):
    """(the page of `qs` in its order that `?cursor=` (or a small `?page=`) names, the query string
    to keep in its links). Its `order_by` names model fields or annotations, each with `-` for
    descending, all in the same direction, the last one unique (the primary key): ties keep a
    stable order.
    Two queries whatever the list's length: the rows (one more than a page, to know whether there
    is a next) and the count capped at `COUNT_CAP` (none on a first page that holds the whole list).
    `rows_of(ids)`, for a list whose order no index gives (a search's relevance among its matches):
    `qs` gives the page's ids and the values it is ordered by, sorting only the table's own rows,
    and `rows_of` reads those rows with their joins (one query more; the joins made for a page's
    rows, not for every row sorted)."""
    order = tuple(qs.query.order_by)
    if (
        not order
        or not all(isinstance(o, str) for o in order)
        or order[-1].removeprefix("-") not in ("pk", "id")
    ):
        raise ValueError("a keyset list is ordered by names, the primary key last")
    descending = order[0].startswith("-")
    if any(o.startswith("-") != descending for o in order):
        raise ValueError("a keyset order runs in one direction")
    names = [o.removeprefix("-") for o in order]
    cursor, notice = _read_cursor(request.GET.get("cursor"), salt=salt, order=order)
    if cursor:
        page = _after_cursor(qs, order, names, cursor, per_page, descending, rows_of)
        if not page.object_list:  # nothing left after (or before) it: the list changed since
            notice = GONE
            page = _numbered(request, qs, order, per_page, notice, rows_of)
    else:
        page = _numbered(request, qs, order, per_page, notice, rows_of)
    page.notice = page.notice or notice
    rows = page.object_list
    if rows and page.more_after:
        page.next_cursor = _cursor(rows[-1], names, order, page.number + 1, False, salt)
    if rows and page.more_before:
        page.previous_cursor = _cursor(rows[0], names, order, page.number - 1, True, salt)
    return page, querystring_without_page(request)


def _capped_count(qs: QuerySet) -> int:
    return qs.order_by().values("pk")[: COUNT_CAP + 1].count()


def _rows(qs: QuerySet, order, start: int, stop: int, rows_of, read_to: int = 0) -> tuple[list, int]:
    """The rows of `qs` in `order` from `start` to before `stop`, and 0. With `rows_of` (see
    `keyset_paginate`), each row is given the values of `qs`'s annotations it is ordered by; and
    with `read_to`, the number of rows in the list (at most `read_to`) is returned instead of 0,
    counted by the same statement: the list's capped count, without a query of its own."""
    ordered = qs.order_by(*order)
    if rows_of is None:
        return list(ordered[start:stop]), 0
    names = [o.removeprefix("-") for o in order]
    if read_to:
        # The sort passes every row anyway: the rows it passed are counted as it goes.
        ordered = ordered.annotate(_keyset_total=Window(Count("*")))
        counted = list(ordered.values_list(*names, "_keyset_total")[start:stop])
        read = min(counted[0][-1], read_to) if counted else 0
        keys = [key[:-1] for key in counted]
    else:
        keys, read = list(ordered.values_list(*names)[start:stop]), 0
    found = {row.pk: row for row in rows_of([key[-1] for key in keys])} if keys else {}
    annotated = [(i, name) for i, name in enumerate(names) if name in qs.query.annotations]
    rows = []
    for key in keys:
        row = found.get(key[-1])
        if row is None:  # gone since the ids were read: left out
            continue
        for i, name in annotated:
            setattr(row, name, key[i])
        rows.append(row)
    return rows, read


def _after_cursor(qs, order, names, cursor, per_page: int, descending: bool, rows_of) -> "KeysetPage":
    backwards = cursor["b"]
    op = "<" if descending != backwards else ">"
    reverse = tuple(n if descending else f"-{n}" for n in names)
    narrowed = qs.filter(_RowCompare(names, cursor["v"], op))
    rows, _ = _rows(narrowed, reverse if backwards else order, 0, per_page + 1, rows_of)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    number = cursor["n"] if not backwards or more else 1
    page = KeysetPage(rows, number, _capped_count(qs), per_page)
    page.more_after = more or backwards
    page.more_before = more if backwards else True
    return page


def _numbered(request, qs, order, per_page: int, notice: str, rows_of) -> "KeysetPage":
    """The first page, or the page a small `?page=` names (an OFFSET of at most `COUNT_CAP`
    rows); past the end of the list its last page, with a sentence; a number that is none, or
    further than the capped count reaches, the first page, with a sentence."""
    asked = "" if notice else (request.GET.get("page") or "").strip()
    try:
        number = int(asked) if asked else 1
    except ValueError:
        number = 0
    count = None
    if number > 1:
        count = _capped_count(qs)
        if count > COUNT_CAP and number > COUNT_CAP // per_page:
            number, notice = 1, FAR_PAGE.format(cap=_thousands(COUNT_CAP))
        elif count <= COUNT_CAP:
            number = min(number, max(1, -(-count // per_page)))
    number = max(number, 1)
    offset = (number - 1) * per_page
    # A first page read by ids reads them on to the cap: its count is then how many it read.
    read_to = COUNT_CAP + 1 if rows_of is not None and count is None and offset == 0 else 0
    rows, read = _rows(qs, order, offset, offset + per_page + 1, rows_of, read_to)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if count is None:
        count = read if read_to else len(rows) if not more else _capped_count(qs)
    page = KeysetPage(rows, number, count, per_page, notice=notice)
    if asked and not notice and asked != str(number):
        page.notice = page_notice_text(number, page.num_pages)
    page.more_after, page.more_before = more, number > 1
    return page


def _thousands(n: int) -> str:
    return to_persian_digits(f"{n:,}").replace(",", "٬")


def page_notice_text(shown: int, of: int | None) -> str:
    of_text = to_persian_digits(of) if of else f"بیش از {_thousands(COUNT_CAP)} ردیف"
    return f"صفحه‌ای با این شماره در این فهرست نیست؛ صفحه {to_persian_digits(shown)} از {of_text} آمده است."


def _cursor(row, names, order, number: int, backwards: bool, salt: str) -> str:
    values = [_encode(_value(row, n)) for n in names]
    return signing.dumps(
        {"v": values, "o": list(order), "n": number, "b": backwards}, salt=salt, compress=True
    )


def _read_cursor(raw: str | None, *, salt: str, order) -> tuple[dict | None, str]:
    """The cursor's content, or None and a sentence when it was changed by hand, is of another
    sort (kept from an earlier link) or cannot be read."""
    if not raw:
        return None, ""
    try:
        data = signing.loads(raw, salt=salt)
        if data["o"] != list(order):
            return None, TAMPERED
        values = [_decode(v) for v in data["v"]]
        number, backwards = int(data["n"]), bool(data["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, ArithmeticError):
        return None, TAMPERED
    if len(values) != len(order) or number < 1:
        return None, TAMPERED
    return {"v": values, "n": number, "b": backwards}, ""
