from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.request_out import RequestOut


T = TypeVar("T", bound="ComplaintOut")


@_attrs_define
class ComplaintOut:
    """شکایت ثبت‌شده و درخواستی که برای رسیدگی به آن ساخته شد.

    Attributes:
        system (str): کد سامانه ملی.
        system_label (str): نام فارسی سامانه ملی.
        external_reference (str): شماره پیگیری در سامانه ملی.
        subject (str): عنوان موضوع شکایت.
        complained_unit_code (None | str): کد واحدِ مورد شکایت (null: نامشخص).
        received_on (datetime.date | None): تاریخ دریافت در سامانه ملی (میلادی؛ null: نامعلوم).
        request (RequestOut): درخواست چنان که سامانه متصل می‌خواند: وضعیت، گام‌ها، پیام‌ها و پاسخ.
    """

    system: str
    system_label: str
    external_reference: str
    subject: str
    complained_unit_code: None | str
    received_on: datetime.date | None
    request: RequestOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        system = self.system

        system_label = self.system_label

        external_reference = self.external_reference

        subject = self.subject

        complained_unit_code: None | str
        complained_unit_code = self.complained_unit_code

        received_on: None | str
        if isinstance(self.received_on, datetime.date):
            received_on = self.received_on.isoformat()
        else:
            received_on = self.received_on

        request = self.request.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "system": system,
                "system_label": system_label,
                "external_reference": external_reference,
                "subject": subject,
                "complained_unit_code": complained_unit_code,
                "received_on": received_on,
                "request": request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.request_out import RequestOut  # noqa: PLC0415

        d = dict(src_dict)
        system = d.pop("system")

        system_label = d.pop("system_label")

        external_reference = d.pop("external_reference")

        subject = d.pop("subject")

        def _parse_complained_unit_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        complained_unit_code = _parse_complained_unit_code(d.pop("complained_unit_code"))

        def _parse_received_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                received_on_type_0 = datetime.date.fromisoformat(data)

                return received_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        received_on = _parse_received_on(d.pop("received_on"))

        request = RequestOut.from_dict(d.pop("request"))

        complaint_out = cls(
            system=system,
            system_label=system_label,
            external_reference=external_reference,
            subject=subject,
            complained_unit_code=complained_unit_code,
            received_on=received_on,
            request=request,
        )

        complaint_out.additional_properties = d
        return complaint_out

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
