from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ComplainantIn")


@_attrs_define
class ComplainantIn:
    """شاکی: کد ملی و شماره همراه، و نام برای شاکی تازه.

    Attributes:
        national_code (str): کد ملی ۱۰ رقمی شاکی.
        mobile (str): شماره همراه شاکی.
        first_name (str | Unset): نام شاکی (برای شاکی تازه). Default: ''.
        last_name (str | Unset): نام خانوادگی شاکی (برای شاکی تازه). Default: ''.
    """

    national_code: str
    mobile: str
    first_name: str | Unset = ""
    last_name: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        national_code = self.national_code

        mobile = self.mobile

        first_name = self.first_name

        last_name = self.last_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "national_code": national_code,
                "mobile": mobile,
            }
        )
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        national_code = d.pop("national_code")

        mobile = d.pop("mobile")

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        complainant_in = cls(
            national_code=national_code,
            mobile=mobile,
            first_name=first_name,
            last_name=last_name,
        )

        complainant_in.additional_properties = d
        return complainant_in

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
