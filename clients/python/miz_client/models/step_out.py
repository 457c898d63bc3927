from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StepOut")


@_attrs_define
class StepOut:
    """یک گام گردش کار درخواست.

    Attributes:
        order (int): شماره گام.
        title (str): عنوان گام.
        status (str): وضعیت گام: done، current یا pending.
        status_label (str): نام فارسی وضعیت گام.
    """

    order: int
    title: str
    status: str
    status_label: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order = self.order

        title = self.title

        status = self.status

        status_label = self.status_label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order": order,
                "title": title,
                "status": status,
                "status_label": status_label,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order = d.pop("order")

        title = d.pop("title")

        status = d.pop("status")

        status_label = d.pop("status_label")

        step_out = cls(
            order=order,
            title=title,
            status=status,
            status_label=status_label,
        )

        step_out.additional_properties = d
        return step_out

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
