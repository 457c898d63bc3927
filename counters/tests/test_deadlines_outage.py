"""`counters_deadlines --every` keeps sweeping through a database outage (core.testing_outage)."""

import pytest

from core.testing_outage import assert_running, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_deadline_sweeper_survives_a_database_outage(outage_db, start_manage):
    if outage_db.vendor == "sqlite":
        pytest.skip(
            "an idle deadline sweep only reads, and SQLite in WAL mode never locks a reader out: "
            "the outage cannot reach it (the writing sweep's loop, core.resilience.repeat, is "
            "proved on SQLite by notifications_retry's outage test)"
        )
    sweeper = start_manage("counters_deadlines", "--every", "1")

    def sweeps() -> int:
        return sweeper.log.read_text().count("late: ")

    wait_until(sweeps, timeout=60, what="a first sweep")

    outage_db.outage()

    assert_running(sweeper)
    after_outage = sweeps()
    wait_until(lambda: sweeps() >= after_outage + 2, timeout=60, what="sweeps after the outage")
    assert_running(sweeper)
    assert "counters_deadlines: database unavailable" in sweeper.log.read_text()
