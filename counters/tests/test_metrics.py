"""Counter-office declaration files in the metrics, by review state."""

import pytest

from core.testing import scrape_gauge


@pytest.mark.django_db
def test_the_declarations_gauge_counts_files_by_state(client, settings, submitted):
    gauge = scrape_gauge(client, settings, "miz_counters_declarations")
    assert gauge["submitted"] == 1
    assert gauge["draft"] == 0 and gauge["final"] == 0
