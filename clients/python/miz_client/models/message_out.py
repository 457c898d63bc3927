from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MessageOut")


@_attrs_define
class MessageOut:
    """پیامی که متقاضی می‌بیند (یادداشت‌های داخلی کارکنان نه).

    Attributes:
        at (datetime.datetime): زمان پیام.
        from_staff (bool): از کارکنان است (نه از متقاضی).
        asks_for_more (bool): مدرک یا اطلاعات بیشتری از متقاضی می‌خواهد.
        body (str): متن پیام.
        attachments (list[str]): نام پرونده‌های پیوست.
    """

    at: datetime.datetime
    from_staff: bool
    asks_for_more: bool
    body: str
    attachments: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        from_staff = self.from_staff

        asks_for_more = self.asks_for_more

        body = self.body

        attachments = self.attachments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "from_staff": from_staff,
                "asks_for_more": asks_for_more,
                "body": body,
                "attachments": attachments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        from_staff = d.pop("from_staff")

        asks_for_more = d.pop("asks_for_more")

        body = d.pop("body")

        attachments = cast(list[str], d.pop("attachments"))

        message_out = cls(
            at=at,
            from_staff=from_staff,
            asks_for_more=asks_for_more,
            body=body,
            attachments=attachments,
        )

        message_out.additional_properties = d
        return message_out

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
