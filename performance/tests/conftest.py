"""Fixtures of performance tests: the demo report's data and its import."""

import json

import pytest

from performance.demo import REPORT


@pytest.fixture(scope="session")
def report_data():
    return json.loads(REPORT.read_text(encoding="utf-8"))


@pytest.fixture
def imported(db, report_data):
    from performance.importer import import_report

    return import_report(report_data)
