from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DocumentOut")


@_attrs_define
class DocumentOut:
    """مدرکی که فرم خدمت می‌خواهد؛ در ثبت درخواست با نام `document_<id>` فرستاده می‌شود.

    Attributes:
        id (int): شناسه مدرک؛ نام بخش پرونده در ثبت: `document_<id>`.
        title (str): عنوان مدرک.
        description (str): شرح مدرک.
        formats (list[str]): قالب‌های پذیرفته: pdf، jpeg، png.
        format_labels (str): قالب‌های پذیرفته برای نمایش.
        max_size_bytes (int): بیشترین حجم پرونده به بایت.
        required (bool): لازم است یا نه.
    """

    id: int
    title: str
    description: str
    formats: list[str]
    format_labels: str
    max_size_bytes: int
    required: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        description = self.description

        formats = self.formats

        format_labels = self.format_labels

        max_size_bytes = self.max_size_bytes

        required = self.required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "description": description,
                "formats": formats,
                "format_labels": format_labels,
                "max_size_bytes": max_size_bytes,
                "required": required,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        description = d.pop("description")

        formats = cast(list[str], d.pop("formats"))

        format_labels = d.pop("format_labels")

        max_size_bytes = d.pop("max_size_bytes")

        required = d.pop("required")

        document_out = cls(
            id=id,
            title=title,
            description=description,
            formats=formats,
            format_labels=format_labels,
            max_size_bytes=max_size_bytes,
            required=required,
        )

        document_out.additional_properties = d
        return document_out

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
