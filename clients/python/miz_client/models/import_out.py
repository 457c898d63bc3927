from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.row_errors import RowErrors


T = TypeVar("T", bound="ImportOut")


@_attrs_define
class ImportOut:
    """نتیجه ثبت یا بررسی مجموعه: شمار ردیف‌ها و خطاهای هر ردیف.

    Attributes:
        detail (str | Unset): جمله فارسی نتیجه. Default: ''.
        dry_run (bool | Unset): فقط بررسی بود و چیزی ثبت نشد. Default: False.
        rows (int | Unset): شمار ردیف‌های فرستاده‌شده. Default: 0.
        changed (int | Unset): ردیف‌هایی که مقدار ثبت‌شده را تغییر می‌دهند. Default: 0.
        unchanged (int | Unset): ردیف‌هایی که همان مقدار ثبت‌شده را دارند. Default: 0.
        imported (int | Unset): مقدارهایی که ثبت شد. Default: 0.
        errors (list[RowErrors] | Unset): خطاهای ردیف‌ها (خالی: ردیفی خطا ندارد).
    """

    detail: str | Unset = ""
    dry_run: bool | Unset = False
    rows: int | Unset = 0
    changed: int | Unset = 0
    unchanged: int | Unset = 0
    imported: int | Unset = 0
    errors: list[RowErrors] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        dry_run = self.dry_run

        rows = self.rows

        changed = self.changed

        unchanged = self.unchanged

        imported = self.imported

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if detail is not UNSET:
            field_dict["detail"] = detail
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if rows is not UNSET:
            field_dict["rows"] = rows
        if changed is not UNSET:
            field_dict["changed"] = changed
        if unchanged is not UNSET:
            field_dict["unchanged"] = unchanged
        if imported is not UNSET:
            field_dict["imported"] = imported
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_errors import RowErrors  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail", UNSET)

        dry_run = d.pop("dry_run", UNSET)

        rows = d.pop("rows", UNSET)

        changed = d.pop("changed", UNSET)

        unchanged = d.pop("unchanged", UNSET)

        imported = d.pop("imported", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[RowErrors] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = RowErrors.from_dict(errors_item_data)

                errors.append(errors_item)

        import_out = cls(
            detail=detail,
            dry_run=dry_run,
            rows=rows,
            changed=changed,
            unchanged=unchanged,
            imported=imported,
            errors=errors,
        )

        import_out.additional_properties = d
        return import_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
