"""Append-only tables: rows are written once and never changed or deleted, from any path.

`AppendOnlyModel` refuses `save()` of an existing row and `delete()`; its manager's querysets
refuse `update()` and `delete()`. Used by the logs that auditors rely on (sign-ins, …); the
database itself still allows what an operator does by hand, which is outside the application.
"""

from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a row of an append-only table."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} تغییر نمی‌کنند.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} پاک نمی‌شوند.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} تغییر نمی‌کنند.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} تغییر نمی‌کنند.")
        # A new instance that names an existing primary key would otherwise UPDATE that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} پاک نمی‌شوند.")
