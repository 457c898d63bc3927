"""core.resilience: a loop step that meets a transient database error is retried with backoff."""

import logging

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError

from core import resilience


class Stop(Exception):
    pass


def run(steps, *, rounds, settings):
    """Run `repeat` over `steps` (callables, one per round) and return the sleeps it asked for."""
    settings.MIZ_DB_RETRY_SECONDS = 1
    settings.MIZ_DB_RETRY_MAX_SECONDS = 4
    sleeps = []
    calls = iter(steps)

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) >= rounds:
            raise Stop

    with pytest.raises(Stop):
        resilience.repeat(lambda: next(calls)(), every=30, what="test loop", sleep=sleep)
    return sleeps


def fail(exc):
    def step():
        raise exc

    return step


def ok():
    return None


def test_transient_errors_back_off_then_the_loop_goes_on(settings, caplog):
    steps = [ok, fail(OperationalError("server closed the connection unexpectedly"))]
    steps += [fail(InterfaceError("connection already closed"))] * 3 + [ok, fail(OperationalError("x")), ok]
    with caplog.at_level(logging.WARNING, logger="core.resilience"):
        sleeps = run(steps, rounds=8, settings=settings)
    # every, then 1, 2, 4, 4 (capped) while the database is away, every again, then 1 afresh.
    assert sleeps == [30, 1, 2, 4, 4, 30, 1, 30]
    assert "test loop: database unavailable (OperationalError: server closed" in caplog.text
    assert "database back after 4 failed tries" in caplog.text


@pytest.mark.parametrize("error", [DatabaseError("syntax error"), ValueError("bug")])
def test_other_errors_still_end_the_loop(settings, error):
    with pytest.raises(type(error)):
        run([ok, fail(error)], rounds=5, settings=settings)
