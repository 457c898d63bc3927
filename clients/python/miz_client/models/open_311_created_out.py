from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Open311CreatedOut")


@_attrs_define
class Open311CreatedOut:
    """درخواستی که ثبت شد.

    Attributes:
        service_request_id (str): کد رهگیری ۱۳ رقمی درخواست.
        service_notice (str): جمله فارسی ثبت، با کد رهگیری و موعد پاسخ.
        account_id (None | str): در میز نگه داشته نمی‌شود؛ همیشه null.
    """

    service_request_id: str
    service_notice: str
    account_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_request_id = self.service_request_id

        service_notice = self.service_notice

        account_id: None | str
        account_id = self.account_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_request_id": service_request_id,
                "service_notice": service_notice,
                "account_id": account_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_request_id = d.pop("service_request_id")

        service_notice = d.pop("service_notice")

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        open_311_created_out = cls(
            service_request_id=service_request_id,
            service_notice=service_notice,
            account_id=account_id,
        )

        open_311_created_out.additional_properties = d
        return open_311_created_out

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
