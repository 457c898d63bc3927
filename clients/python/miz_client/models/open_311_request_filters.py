from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Open311RequestFilters")


@_attrs_define
class Open311RequestFilters:
    """پالایه‌های فهرست درخواست‌ها (پارامترهای query؛ نمونه‌ها در جمله، که OpenAPI برای پارامتر
    نمونه فهرستی نمی‌پذیرد).

        Attributes:
            service_request_id (str | Unset): کدهای رهگیری، جدا با ویرگول (با آن تاریخ‌ها نادیده‌اند)؛ مانند 0599336574557.
                Default: ''.
            service_code (str | Unset): شناسه ملی ۱۱ رقمی خدمت؛ مانند 10031940000. Default: ''.
            start_date (datetime.datetime | None | Unset): از این زمان ثبت (ISO 8601).
            end_date (datetime.datetime | None | Unset): تا این زمان ثبت (ISO 8601).
            status (str | Unset): open یا closed (یا هر دو، جدا با ویرگول). Default: ''.
    """

    service_request_id: str | Unset = ""
    service_code: str | Unset = ""
    start_date: datetime.datetime | None | Unset = UNSET
    end_date: datetime.datetime | None | Unset = UNSET
    status: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_request_id = self.service_request_id

        service_code = self.service_code

        start_date: None | str | Unset
        if isinstance(self.start_date, Unset):
            start_date = UNSET
        elif isinstance(self.start_date, datetime.datetime):
            start_date = self.start_date.isoformat()
        else:
            start_date = self.start_date

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.datetime):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if service_request_id is not UNSET:
            field_dict["service_request_id"] = service_request_id
        if service_code is not UNSET:
            field_dict["service_code"] = service_code
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_request_id = d.pop("service_request_id", UNSET)

        service_code = d.pop("service_code", UNSET)

        def _parse_start_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_date_type_0 = datetime.datetime.fromisoformat(data)

                return start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start_date = _parse_start_date(d.pop("start_date", UNSET))

        def _parse_end_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.datetime.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        end_date = _parse_end_date(d.pop("end_date", UNSET))

        status = d.pop("status", UNSET)

        open_311_request_filters = cls(
            service_request_id=service_request_id,
            service_code=service_code,
            start_date=start_date,
            end_date=end_date,
            status=status,
        )

        open_311_request_filters.additional_properties = d
        return open_311_request_filters

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
