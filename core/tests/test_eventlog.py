"""Every event log in Miz is append-only, proved once for every model built on `AppendOnlyModel`."""

import pytest
from django.apps import apps
from django.db import models

from core.eventlog import AppendOnlyError, AppendOnlyModel

LOGS = [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]


def test_the_logs_of_desk_counters_and_performance_are_built_on_the_base():
    labels = {m._meta.label for m in LOGS}
    assert {
        "desk.RequestEvent",
        "counters.DeclarationEvent",
        "performance.SubmissionEvent",
        "performance.DataValueAudit",
        "audit.SignInRecord",
    } <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("model", LOGS, ids=lambda m: m._meta.label)
def test_no_queryset_changes_or_removes_log_lines(model):
    rows = model.objects.all()
    with pytest.raises(AppendOnlyError):
        rows.update(pk=1)
    with pytest.raises(AppendOnlyError):
        rows.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update([], ["pk"])
    with pytest.raises(AppendOnlyError):
        rows._raw_delete("default")


@pytest.mark.parametrize("model", LOGS, ids=lambda m: m._meta.label)
def test_a_stored_line_cannot_be_saved_again_or_deleted(model):
    line = model(pk=1)
    line._state.adding = False  # as if loaded from the database
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        line.delete()


@pytest.mark.parametrize("model", LOGS, ids=lambda m: m._meta.label)
def test_deleting_what_a_log_describes_cannot_take_the_log_with_it(model):
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey):
            # CASCADE would remove the lines behind the queryset's back; PROTECT refuses the
            # delete, SET_NULL keeps the line (its own columns still say what it was about).
            assert field.remote_field.on_delete in (models.PROTECT, models.SET_NULL), field
