from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.value_row import ValueRow


T = TypeVar("T", bound="ValueSet")


@_attrs_define
class ValueSet:
    """مجموعه مقادیر: ردیف‌های برنامه و عملکرد، برای خواندن و ثبت به یک شکل.

    Attributes:
        data_values (list[ValueRow]): ردیف‌های مقادیر.
    """

    data_values: list[ValueRow]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_values = []
        for data_values_item_data in self.data_values:
            data_values_item = data_values_item_data.to_dict()
            data_values.append(data_values_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_values": data_values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.value_row import ValueRow  # noqa: PLC0415

        d = dict(src_dict)
        data_values = []
        _data_values = d.pop("data_values")
        for data_values_item_data in _data_values:
            data_values_item = ValueRow.from_dict(data_values_item_data)

            data_values.append(data_values_item)

        value_set = cls(
            data_values=data_values,
        )

        value_set.additional_properties = d
        return value_set

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
