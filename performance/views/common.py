"""What every performance page reads from the query string: the years with data, the year,
plan version and period asked for, and the check that the user may read the reports."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError

from performance import selectors
from performance.models import Period

# what a performance write service refuses with; the page shows it as a message (core.outcome.perform)
REFUSALS = (ValidationError, PermissionDenied)


def known_years(request) -> list[int]:
    if not hasattr(request, "_performance_years"):
        request._performance_years = selectors.years()
    return request._performance_years


def require_reader(request):
    if not selectors.can_read(request.user):
        raise PermissionDenied("این صفحه برای مدیران و برنامه‌ریزان است.")


def chosen_year(request) -> int:
    years = known_years(request)
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if year in years else (years[-1] if years else 0)


def report_args(request):
    require_reader(request)
    year = chosen_year(request)
    version = selectors.plan_version_for(
        year, request.GET.get("version") or None
    ) or selectors.plan_version_for(year)
    return year, version


def period_args(request):
    """(year, plan version, period, error): `?period=1401Q1` (or a month, in any digits) picks a
    quarter or month and its year; a period that does not exist is a Persian error and the
    page shows the year instead (status 400)."""
    from performance import periods

    year, version = report_args(request)
    text = request.GET.get("period")
    if not text:
        return year, version, None, None
    try:
        key = periods.parse(text)
    except ValidationError as exc:
        return year, version, None, " ".join(exc.messages)
    chosen = request.GET.get("version") or None
    version = selectors.plan_version_for(key.year, chosen) or selectors.plan_version_for(key.year)
    return key.year, version, (None if key.kind == Period.Kind.YEAR else key), None


def report_query(year, version, period) -> str:
    return urlencode(
        {"year": year, "version": version.code if version else ""}
        | ({"period": period.code} if period else {})
    )
