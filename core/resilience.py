"""Long-running processes that outlive a database blip: retry with capped backoff, log, go on.

A PostgreSQL restart (or a SQLite file locked past its busy timeout) makes the next query raise
`OperationalError` or `InterfaceError`. A web request may fail then; a worker or a sweeping loop
must not exit, or its work waits until a person restarts it. `repeat()` runs one step of such a
loop, and on a transient database error closes the broken connections (Django opens fresh ones
on the next query), logs, waits `MIZ_DB_RETRY_SECONDS` × 2^(failures−1) (capped at
`MIZ_DB_RETRY_MAX_SECONDS`) and tries again. Any other exception still ends the process: a bug
is not a blip. The task worker (`manage.py miz_worker`) uses `Backoff` and `is_transient` too.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_transient(exc: BaseException) -> bool:
    """A database error that may pass with time (connection lost or refused, database locked)."""
    return isinstance(exc, TRANSIENT_DATABASE_ERRORS)


def close_broken_connections() -> None:
    """Drop every database connection of this thread; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # noqa: S110 - closing a dead socket may fail; Django forgets it anyway
            pass


class Backoff:
    """Delays base, 2×base, 4×base … capped; `reset()` after a success."""

    def __init__(self, *, base: float | None = None, cap: float | None = None):
        self.base = settings.MIZ_DB_RETRY_SECONDS if base is None else base
        self.cap = settings.MIZ_DB_RETRY_MAX_SECONDS if cap is None else cap
        self.failures = 0

    def next_delay(self) -> float:
        self.failures += 1
        return min(self.base * 2 ** (self.failures - 1), self.cap)

    def reset(self) -> None:
        self.failures = 0


def wait_after(exc: BaseException, backoff: Backoff, *, what: str, sleep=time.sleep) -> None:
    """Log a transient database error of `what`, drop the connections, wait before the next try."""
    close_broken_connections()
    delay = backoff.next_delay()
    logger.warning(
        "%s: database unavailable (%s: %s); retry %s in %.1f s",
        what,
        type(exc).__name__,
        str(exc).strip().splitlines()[0] if str(exc).strip() else "",
        backoff.failures,
        delay,
    )
    sleep(delay)


def repeat(step: Callable[[], None], *, every: float, what: str, sleep=time.sleep) -> None:
    """Run `step` every `every` seconds for ever; a transient database error delays, never ends it."""
    backoff = Backoff()
    while True:
        try:
            step()
        except TRANSIENT_DATABASE_ERRORS as exc:
            wait_after(exc, backoff, what=what, sleep=sleep)
            continue
        if backoff.failures:
            logger.warning("%s: database back after %s failed tries", what, backoff.failures)
            backoff.reset()
        sleep(every)
