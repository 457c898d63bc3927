from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Open311ServiceOut")


@_attrs_define
class Open311ServiceOut:
    """خدمتی که سامانه می‌تواند از راه Open311 برای متقاضی ثبت کند.

    Attributes:
        service_code (str): شناسه ملی ۱۱ رقمی خدمت.
        service_name (str): عنوان خدمت.
        description (str): شرح خدمت.
        metadata (bool): ویژگی (فرم) دارد؛ در میز همیشه true.
        type_ (str): نوع خدمت در GeoReport؛ در میز همیشه realtime.
        keywords (str): نام فارسی حوزه خدمت.
        group (str): گروه خدمت: نام فارسی حوزه آن.
    """

    service_code: str
    service_name: str
    description: str
    metadata: bool
    type_: str
    keywords: str
    group: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_code = self.service_code

        service_name = self.service_name

        description = self.description

        metadata = self.metadata

        type_ = self.type_

        keywords = self.keywords

        group = self.group

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_code": service_code,
                "service_name": service_name,
                "description": description,
                "metadata": metadata,
                "type": type_,
                "keywords": keywords,
                "group": group,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_code = d.pop("service_code")

        service_name = d.pop("service_name")

        description = d.pop("description")

        metadata = d.pop("metadata")

        type_ = d.pop("type")

        keywords = d.pop("keywords")

        group = d.pop("group")

        open_311_service_out = cls(
            service_code=service_code,
            service_name=service_name,
            description=description,
            metadata=metadata,
            type_=type_,
            keywords=keywords,
            group=group,
        )

        open_311_service_out.additional_properties = d
        return open_311_service_out

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
