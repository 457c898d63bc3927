"""Report pages do not wait long for a summary table that is being built (decision 0154).

A first build of the summary (`reports.merge.indexes_set_aside`) holds its tables locked against
readers until it commits, minutes at national volume. A report page that waited for it would hold
a web worker as long, and enough of them would leave no worker for filing and tracking. On
PostgreSQL each report page waits at most `LOCK_WAIT` for a lock; then it answers 503 with
`Retry-After` and a Persian sentence instead. A rebuild of a summary that is there does not lock
readers out, and SQLite's readers do not wait for its writer: there this changes nothing."""

from functools import wraps

from django.db import OperationalError, connection

from core.errors import render_error
from core.policy import retry_after_header
from reports.measure import postgres_settings

LOCK_WAIT = "3s"
RETRY_AFTER_SECONDS = 60
BUILDING_MESSAGE = (
    "خلاصهٔ گزارش‌ها در همین لحظه از نو ساخته می‌شود و این گزارش هنوز آماده نیست؛ "
    "چند دقیقه دیگر دوباره تلاش کنید."
)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's lock_not_available: lock_timeout ran out


def waits_briefly(view):
    """The report view `view`, waiting at most `LOCK_WAIT` for a table (module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            with connection.cursor() as cursor, postgres_settings(cursor, {"lock_timeout": LOCK_WAIT}):
                return view(request, *args, **kwargs)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
        response = render_error(request, 503, "reports/building.html", message=BUILDING_MESSAGE)
        return retry_after_header(response, RETRY_AFTER_SECONDS)

    return wrapper
