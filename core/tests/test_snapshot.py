"""The database snapshot the demo's tests share (decision 0135): what is put back is exactly what
was taken, on either engine, with the search index, the sequences and the stored files in step."""

from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role, User
from core.tests import snapshot
from desk import search
from desk.models import RequestSearch, ServiceRequest
from desk.tests.factories import make_service, submit_request
from orgs.models import OrgUnit
from orgs.tests.factories import OrgUnitFactory, ProvinceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def found(code: str) -> list[str]:
    query = search.parse(code)
    return list(search.narrow(ServiceRequest.objects.all(), query).values_list("tracking_code", flat=True))


def rows(taken: snapshot.Snapshot) -> dict[str, list]:
    """Each table's rows in a fixed order (PostgreSQL's COPY gives them in the order they lie in the
    table's pages, which a restore into pages with deleted rows changes)."""
    if taken.vendor == "postgresql":
        return {table: sorted(data.splitlines()) for table, data in taken.tables.items()}
    return {table: (columns, sorted(map(repr, found))) for table, (columns, found) in taken.tables.items()}


def test_what_is_restored_is_what_was_taken_and_the_database_goes_on_from_there(make_user):
    province = ProvinceFactory()
    unit = OrgUnitFactory(code="IR-99", name="اداره کل آزمون", kind=OrgUnit.Kind.PROVINCE, province=province)
    applicant = make_user(role=Role.APPLICANT)
    service = make_service([unit])
    request = submit_request(service, applicant)
    files = snapshot.media_files()
    assert files, "the request's document is stored under MEDIA_ROOT"
    taken = snapshot.take(files=files)
    assert found(request.tracking_code) == [request.tracking_code]

    # Everything changed after the snapshot: a row gone, one edited, one added, a file deleted.
    second = submit_request(service, applicant)
    User.objects.filter(pk=applicant.pk).update(first_name="دیگر")
    RequestSearch.objects.filter(request=request).delete()
    assert found(request.tracking_code) == []
    for name in files:
        (Path(settings.MEDIA_ROOT) / name).unlink()

    snapshot.restore(taken)

    again = snapshot.take(files=snapshot.media_files())
    assert rows(again) == rows(taken)
    # the files are back (those stored since are left: no row names them any more)
    assert {name: again.files.get(name) for name in taken.files} == taken.files
    assert User.objects.get(pk=applicant.pk).first_name == applicant.first_name
    assert not ServiceRequest.objects.filter(pk=second.pk).exists()
    # the search index follows the rows: the restored request is found, the one undone is not
    assert found(request.tracking_code) == [request.tracking_code]
    assert found(second.tracking_code) == []
    # new rows take ids past the restored ones (the sequences were set past them)
    third = submit_request(service, applicant)
    assert third.pk > request.pk
    assert found(third.tracking_code) == [third.tracking_code]


def test_a_snapshot_goes_back_only_to_the_engine_and_tables_it_came_from(make_user):
    make_user()
    taken = snapshot.take()
    other = snapshot.Snapshot(vendor="another engine", tables=taken.tables)
    with pytest.raises(AssertionError, match="engine"):
        snapshot.restore(other)
    fewer = snapshot.Snapshot(vendor=taken.vendor, tables=dict(list(taken.tables.items())[1:]))
    with pytest.raises(AssertionError, match="tables"):
        snapshot.restore(fewer)
