from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="DeskApiWriteIntakeFileFileIn")


@_attrs_define
class DeskApiWriteIntakeFileFileIn:
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
    additional_properties: dict[str, File] = _attrs_field(init=False, factory=dict)

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
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_tuple()

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

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("service_id", (None, str(self.service_id).encode(), "text/plain")))

        files.append(("office", (None, str(self.office).encode(), "text/plain")))

        files.append(("national_code", (None, str(self.national_code).encode(), "text/plain")))

        files.append(("mobile", (None, str(self.mobile).encode(), "text/plain")))

        files.append(("otp", (None, str(self.otp).encode(), "text/plain")))

        files.append(("client_key", (None, str(self.client_key).encode(), "text/plain")))

        if not isinstance(self.answers, Unset):
            files.append(("answers", (None, str(self.answers).encode(), "text/plain")))

        if not isinstance(self.first_name, Unset):
            files.append(("first_name", (None, str(self.first_name).encode(), "text/plain")))

        if not isinstance(self.last_name, Unset):
            files.append(("last_name", (None, str(self.last_name).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, prop.to_tuple()))

        return files

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

        desk_api_write_intake_file_file_in = cls(
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

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = File(payload=BytesIO(prop_dict))

            additional_properties[prop_name] = additional_property

        desk_api_write_intake_file_file_in.additional_properties = additional_properties
        return desk_api_write_intake_file_file_in

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> File:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: File) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
