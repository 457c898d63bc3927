from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StartIn")


@_attrs_define
class StartIn:
    """متقاضی و خدمتی که دفتر پیشخوان برای او درخواست ثبت می‌کند.

    Attributes:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت.
        office (str): کد دفتر پیشخوانی از دفترهای این سامانه.
        national_code (str): کد ملی ۱۰ رقمی متقاضی.
        mobile (str): شماره همراه متقاضی؛ کد تأیید به آن پیامک می‌شود.
    """

    service_id: str
    office: str
    national_code: str
    mobile: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        office = self.office

        national_code = self.national_code

        mobile = self.mobile

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_id": service_id,
                "office": office,
                "national_code": national_code,
                "mobile": mobile,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_id = d.pop("service_id")

        office = d.pop("office")

        national_code = d.pop("national_code")

        mobile = d.pop("mobile")

        start_in = cls(
            service_id=service_id,
            office=office,
            national_code=national_code,
            mobile=mobile,
        )

        start_in.additional_properties = d
        return start_in

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
