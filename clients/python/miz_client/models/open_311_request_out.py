from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Open311RequestOut")


@_attrs_define
class Open311RequestOut:
    """درخواستی در مکان‌های سامانه، به شکل درخواست خدمت GeoReport.

    Attributes:
        service_request_id (str): کد رهگیری ۱۳ رقمی درخواست.
        status (str): open (در دست رسیدگی) یا closed (پایان‌یافته).
        status_notes (str): نام فارسی وضعیت درخواست در میز.
        service_name (str): عنوان خدمت.
        service_code (str): شناسه ملی ۱۱ رقمی خدمت.
        description (None | str): نخستین پیام متقاضی (null: پیامی ندارد).
        agency_responsible (None | str): واحد رسیدگی‌کننده (null: هنوز واحدی ندارد).
        service_notice (None | str): در میز نگه داشته نمی‌شود؛ همیشه null.
        requested_datetime (datetime.datetime): زمان ثبت (ISO 8601 با منطقه زمانی).
        updated_datetime (datetime.datetime): زمان آخرین تغییر.
        expected_datetime (datetime.datetime): پایان روز موعد پاسخ.
        address (None | str): در میز نگه داشته نمی‌شود؛ همیشه null.
        address_id (None | str): در میز نگه داشته نمی‌شود؛ همیشه null.
        zipcode (None | str): در میز نگه داشته نمی‌شود؛ همیشه null.
        lat (float | None): در میز نگه داشته نمی‌شود؛ همیشه null.
        long (float | None): در میز نگه داشته نمی‌شود؛ همیشه null.
        media_url (None | str): در میز نگه داشته نمی‌شود؛ همیشه null.
    """

    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: None | str
    agency_responsible: None | str
    service_notice: None | str
    requested_datetime: datetime.datetime
    updated_datetime: datetime.datetime
    expected_datetime: datetime.datetime
    address: None | str
    address_id: None | str
    zipcode: None | str
    lat: float | None
    long: float | None
    media_url: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_request_id = self.service_request_id

        status = self.status

        status_notes = self.status_notes

        service_name = self.service_name

        service_code = self.service_code

        description: None | str
        description = self.description

        agency_responsible: None | str
        agency_responsible = self.agency_responsible

        service_notice: None | str
        service_notice = self.service_notice

        requested_datetime = self.requested_datetime.isoformat()

        updated_datetime = self.updated_datetime.isoformat()

        expected_datetime = self.expected_datetime.isoformat()

        address: None | str
        address = self.address

        address_id: None | str
        address_id = self.address_id

        zipcode: None | str
        zipcode = self.zipcode

        lat: float | None
        lat = self.lat

        long: float | None
        long = self.long

        media_url: None | str
        media_url = self.media_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_request_id": service_request_id,
                "status": status,
                "status_notes": status_notes,
                "service_name": service_name,
                "service_code": service_code,
                "description": description,
                "agency_responsible": agency_responsible,
                "service_notice": service_notice,
                "requested_datetime": requested_datetime,
                "updated_datetime": updated_datetime,
                "expected_datetime": expected_datetime,
                "address": address,
                "address_id": address_id,
                "zipcode": zipcode,
                "lat": lat,
                "long": long,
                "media_url": media_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_request_id = d.pop("service_request_id")

        status = d.pop("status")

        status_notes = d.pop("status_notes")

        service_name = d.pop("service_name")

        service_code = d.pop("service_code")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_agency_responsible(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agency_responsible = _parse_agency_responsible(d.pop("agency_responsible"))

        def _parse_service_notice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service_notice = _parse_service_notice(d.pop("service_notice"))

        requested_datetime = datetime.datetime.fromisoformat(d.pop("requested_datetime"))

        updated_datetime = datetime.datetime.fromisoformat(d.pop("updated_datetime"))

        expected_datetime = datetime.datetime.fromisoformat(d.pop("expected_datetime"))

        def _parse_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        def _parse_address_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address_id = _parse_address_id(d.pop("address_id"))

        def _parse_zipcode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        zipcode = _parse_zipcode(d.pop("zipcode"))

        def _parse_lat(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lat = _parse_lat(d.pop("lat"))

        def _parse_long(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        long = _parse_long(d.pop("long"))

        def _parse_media_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        media_url = _parse_media_url(d.pop("media_url"))

        open_311_request_out = cls(
            service_request_id=service_request_id,
            status=status,
            status_notes=status_notes,
            service_name=service_name,
            service_code=service_code,
            description=description,
            agency_responsible=agency_responsible,
            service_notice=service_notice,
            requested_datetime=requested_datetime,
            updated_datetime=updated_datetime,
            expected_datetime=expected_datetime,
            address=address,
            address_id=address_id,
            zipcode=zipcode,
            lat=lat,
            long=long,
            media_url=media_url,
        )

        open_311_request_out.additional_properties = d
        return open_311_request_out

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
