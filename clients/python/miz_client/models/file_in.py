from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileIn")


@_attrs_define
class FileIn:
    """فرم ثبت درخواست برای متقاضی (multipart/form-data)؛ هر مدرک بخشی به نام `document_<id>`.

    Attributes:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت.
        office (str): کد دفتر پیشخوانی از دفترهای این سامانه.
        national_code (str): کد ملی ۱۰ رقمی متقاضی.
        mobile (str): شماره همراه متقاضی؛ کد تأیید به آن پیامک می‌شود.
        otp (str): کد شش‌رقمی که به همراه متقاضی پیامک شد.
        client_key (str): کلید یکتای این درخواست در این سامانه (۸ تا ۴۸ نویسه از A-Z a-z 0-9 . _ : -)؛ تکرار امن است.
        answers (str | Unset): شیء JSON پاسخ فیلدهای فرم خدمت به نام هر فیلد؛ تاریخ‌ها شمسی مانند 1404/01/31. Default:
            '{}'.
        first_name (str | Unset): نام متقاضی (برای متقاضی تازه لازم است). Default: ''.
        last_name (str | Unset): نام خانوادگی متقاضی (برای متقاضی تازه لازم است). Default: ''.
    """

    service_id: str
    office: str
    national_code: str
    mobile: str
    otp: str
    client_key: str
    answers: str | Unset = "{}"
    first_name: str | Unset = ""
    last_name: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        office = self.office

        national_code = self.national_code

        mobile = self.mobile

        otp = self.otp

        client_key = self.client_key

        answers = self.answers

        first_name = self.first_name

        last_name = self.last_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_id": service_id,
                "office": office,
                "national_code": national_code,
                "mobile": mobile,
                "otp": otp,
                "client_key": client_key,
            }
        )
        if answers is not UNSET:
            field_dict["answers"] = answers
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_id = d.pop("service_id")

        office = d.pop("office")

        national_code = d.pop("national_code")

        mobile = d.pop("mobile")

        otp = d.pop("otp")

        client_key = d.pop("client_key")

        answers = d.pop("answers", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        file_in = cls(
            service_id=service_id,
            office=office,
            national_code=national_code,
            mobile=mobile,
            otp=otp,
            client_key=client_key,
            answers=answers,
            first_name=first_name,
            last_name=last_name,
        )

        file_in.additional_properties = d
        return file_in

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
