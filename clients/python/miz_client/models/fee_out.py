from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FeeOut")


@_attrs_define
class FeeOut:
    """هزینه خدمت.

    Attributes:
        is_free (bool): رایگان است یا نه.
        fee_rials (int | None): هزینه به ریال (برای خدمت رایگان یا متغیر null).
        note (str): توضیح هزینه، مانند هزینه به ازای هر قلم کالا.
    """

    is_free: bool
    fee_rials: int | None
    note: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_free = self.is_free

        fee_rials: int | None
        fee_rials = self.fee_rials

        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_free": is_free,
                "fee_rials": fee_rials,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_free = d.pop("is_free")

        def _parse_fee_rials(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        fee_rials = _parse_fee_rials(d.pop("fee_rials"))

        note = d.pop("note")

        fee_out = cls(
            is_free=is_free,
            fee_rials=fee_rials,
            note=note,
        )

        fee_out.additional_properties = d
        return fee_out

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
