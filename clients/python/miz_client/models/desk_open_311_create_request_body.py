from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeskOpen311CreateRequestBody")


@_attrs_define
class DeskOpen311CreateRequestBody:
    """درخواست برای متقاضی، فرم‌کدشده یا multipart؛ پاسخ هر ویژگی تعریف خدمت با نام `attribute[<نام>]` (ویژگی چندگزینه‌ای
    `attribute[<نام>][]`) و هر مدرک با نام `document_<id>`.

        Attributes:
            service_code (str): شناسه ملی ۱۱ رقمی خدمت.
            phone (str): شماره همراه متقاضی؛ کد تأیید به آن پیامک می‌شود.
            first_name (str | Unset): نام متقاضی (برای متقاضی تازه لازم).
            last_name (str | Unset): نام خانوادگی متقاضی (برای متقاضی تازه لازم).
            description (str | Unset): نخستین پیام متقاضی درباره درخواست (اختیاری).
            api_key (str | Unset): توکن سامانه، اگر در سرآیند Authorization فرستاده نشود.
    """

    service_code: str
    phone: str
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    description: str | Unset = UNSET
    api_key: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_code = self.service_code

        phone = self.phone

        first_name = self.first_name

        last_name = self.last_name

        description = self.description

        api_key = self.api_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_code": service_code,
                "phone": phone,
            }
        )
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if description is not UNSET:
            field_dict["description"] = description
        if api_key is not UNSET:
            field_dict["api_key"] = api_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_code = d.pop("service_code")

        phone = d.pop("phone")

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        description = d.pop("description", UNSET)

        api_key = d.pop("api_key", UNSET)

        desk_open_311_create_request_body = cls(
            service_code=service_code,
            phone=phone,
            first_name=first_name,
            last_name=last_name,
            description=description,
            api_key=api_key,
        )

        desk_open_311_create_request_body.additional_properties = d
        return desk_open_311_create_request_body

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
