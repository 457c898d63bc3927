"""The one append-only base for every event log (desk, counters, performance): rows are written once.

A log line may be created; it may never be changed or removed, neither on the instance
(`save()` of a stored row, `delete()`) nor through a queryset (`update()`, `delete()`,
`bulk_update()`, `update_or_create()` of an existing row). Parents point to their log with
`on_delete=PROTECT`, so deleting the object a log describes is refused too (a cascade would
delete the rows behind the queryset's back). `core/tests/test_eventlog.py` proves this for every
model that inherits from `AppendOnlyModel`, so a new log gets the proof by inheriting.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class AppendOnlyError(ValidationError):
    """Raised on any attempt to change or remove a log line (a ValidationError, so views that
    already turn those into a Persian message do so here too)."""


def _refuse_change(model) -> AppendOnlyError:
    return AppendOnlyError(f"«{model._meta.verbose_name_plural}» تغییرناپذیرند.")


def _refuse_delete(model) -> AppendOnlyError:
    return AppendOnlyError(f"«{model._meta.verbose_name_plural}» پاک نمی‌شوند.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refuse_change(self.model)

    def bulk_update(self, objs, fields, batch_size=None):
        raise _refuse_change(self.model)

    def delete(self):
        raise _refuse_delete(self.model)

    delete.queryset_only = True

    def _raw_delete(self, using):
        raise _refuse_delete(self.model)


class AppendOnlyModel(models.Model):
    """Base of an event log: create rows, never change or delete them."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _refuse_change(type(self))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse_delete(type(self))
