"""`core.gathering`: parts handed to a gathering are flushed once, at the end of the block, inside
its transaction; never when the block fails; never for what was added inside a savepoint (there
the receiver writes at once, so a savepoint rolled back takes its writes with it)."""

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from core.gathering import current, gathered


class Tally:
    flushed: list

    def __init__(self):
        self.items = []

    def flush(self):
        Tally.flushed.append((list(self.items), connection.in_atomic_block))


@pytest.fixture(autouse=True)
def _flushed():
    Tally.flushed = []


def test_outside_a_transaction_a_gathering_is_refused():
    with pytest.raises(TransactionManagementError):
        with gathered():
            pass
    assert current() is None


@pytest.mark.django_db
def test_parts_are_flushed_once_at_the_end_inside_the_transaction():
    with transaction.atomic(), gathered() as gathering:
        assert current() is gathering
        current().part("tally", Tally).items.append(1)
        current().part("tally", Tally).items.append(2)
        assert Tally.flushed == []
    assert Tally.flushed == [([1, 2], True)]
    assert current() is None


@pytest.mark.django_db
def test_a_failed_block_flushes_nothing():
    with pytest.raises(ZeroDivisionError):
        with transaction.atomic(), gathered():
            current().part("tally", Tally).items.append(1)
            1 / 0  # noqa: B018
    assert Tally.flushed == []
    assert current() is None


@pytest.mark.django_db
def test_inside_a_savepoint_there_is_no_gathering_and_after_it_there_is_again():
    with transaction.atomic(), gathered() as gathering:
        with transaction.atomic():  # a savepoint: what is added here must be able to roll back alone
            assert current() is None
        with transaction.atomic(savepoint=False):  # no savepoint: still the same point
            assert current() is gathering
        assert current() is gathering


@pytest.mark.django_db
def test_a_gathering_opened_inside_a_savepoint_flushes_at_the_savepoint_end():
    with transaction.atomic(), gathered() as outer:
        current().part("tally", Tally).items.append("outer")
        with transaction.atomic(), gathered() as inner:
            assert inner is not outer and current() is inner
            current().part("tally", Tally).items.append("inner")
        assert Tally.flushed == [(["inner"], True)]
        assert current() is outer
    assert Tally.flushed == [(["inner"], True), (["outer"], True)]


@pytest.mark.django_db
def test_nested_at_the_same_point_it_joins_and_only_the_outer_block_flushes():
    with transaction.atomic(), gathered() as outer:
        with gathered() as inner:
            assert inner is outer
            current().part("tally", Tally).items.append(1)
        assert Tally.flushed == []
    assert Tally.flushed == [([1], True)]


@pytest.mark.django_db
def test_a_part_flushed_may_add_another_part_which_is_flushed_too():
    class Chain(Tally):
        def flush(self):
            super().flush()
            current().part("tally", Tally).items.append("from chain")

    with transaction.atomic(), gathered():
        current().part("chain", Chain).items.append("chain")
    assert Tally.flushed == [(["chain"], True), (["from chain"], True)]
