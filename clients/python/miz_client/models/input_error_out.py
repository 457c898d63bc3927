from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error_out import FieldErrorOut


T = TypeVar("T", bound="InputErrorOut")


@_attrs_define
class InputErrorOut:
    """پاسخ ورودی نادرست (۴۲۲): جمله فارسی و فهرست خطاهای هر فیلد برای برنامه‌ها.

    Attributes:
        detail (str): علت خطا به فارسی، برای نمایش به کاربر.
        errors (list[FieldErrorOut] | Unset): خطای هر فیلد (وقتی ساختار ورودی نادرست است؛ برای خطاهای قواعد کسب‌وکار
            خالی).
    """

    detail: str
    errors: list[FieldErrorOut] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error_out import FieldErrorOut  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail")

        _errors = d.pop("errors", UNSET)
        errors: list[FieldErrorOut] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldErrorOut.from_dict(errors_item_data)

                errors.append(errors_item)

        input_error_out = cls(
            detail=detail,
            errors=errors,
        )

        input_error_out.additional_properties = d
        return input_error_out

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
