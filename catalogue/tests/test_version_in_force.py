"""`version_in_force`: the one choice of an SLA version, shared by `Service.agreement_in_force`
and the desk's first-response target (which reads a migration's historical models)."""

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from catalogue.models.service import version_in_force
from desk.first_response import target_of

DAY = dt.date(2026, 3, 1)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)))
agreement = st.builds(
    SimpleNamespace,
    valid_from=dates,
    valid_until=dates,
    version=st.integers(1, 5),
    province_id=st.sampled_from([None, 1, 2]),
    provider_unit_id=st.sampled_from([10, 11]),
    response_working_days=st.integers(1, 9),
)


def test_province_version_before_national_and_never_another_province():
    national = SimpleNamespace(
        valid_from=None, valid_until=None, version=1, province_id=None, provider_unit_id=10
    )
    own = SimpleNamespace(valid_from=DAY, valid_until=None, version=1, province_id=2, provider_unit_id=11)
    assert version_in_force([national, own], DAY, province_id=2) is own
    assert version_in_force([national, own], DAY, province_id=1) is national
    assert version_in_force([national, own], DAY) is national
    assert version_in_force([national, own], DAY - dt.timedelta(days=1), province_id=2) is national
    assert version_in_force([national, own], DAY, unit_id=11) is None


@given(st.lists(agreement, max_size=6), st.sampled_from([None, 1, 2]), dates.filter(lambda d: d is not None))
def test_the_chosen_version_is_in_force_and_the_latest(agreements, province_id, day):
    chosen = version_in_force(agreements, day, province_id=province_id)
    in_force = [
        a
        for a in agreements
        if (a.valid_from is None or a.valid_from <= day) and (a.valid_until is None or a.valid_until >= day)
    ]
    own = [a for a in in_force if province_id is not None and a.province_id == province_id]
    pool = own or [a for a in in_force if a.province_id is None]
    if not pool:
        assert chosen is None
        assert target_of(agreements, day, province_id) is None
        return
    assert chosen in pool
    key = (chosen.valid_from or dt.date.min, chosen.version)
    assert all((a.valid_from or dt.date.min, a.version) <= key for a in pool)
    assert target_of(agreements, day, province_id) == chosen.response_working_days
