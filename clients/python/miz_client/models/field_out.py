from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FieldOut")


@_attrs_define
class FieldOut:
    """یک فیلد فرم درخواست خدمت؛ پاسخ آن با همین `name` در `answers` فرستاده می‌شود.

    Attributes:
        name (str): نام فیلد، کلید آن در `answers`.
        label (str): برچسب فارسی فیلد.
        kind (str): نوع فیلد: text، textarea، number، date (تاریخ شمسی مانند 1404/01/31)، choice و…
        kind_label (str): نام فارسی نوع فیلد.
        required (bool): پاسخ آن لازم است یا نه.
        choices (list[str]): گزینه‌ها (فقط برای فیلد گزینه‌ای).
        help_text (str): راهنمای فیلد برای متقاضی.
    """

    name: str
    label: str
    kind: str
    kind_label: str
    required: bool
    choices: list[str]
    help_text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        kind = self.kind

        kind_label = self.kind_label

        required = self.required

        choices = self.choices

        help_text = self.help_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
                "kind": kind,
                "kind_label": kind_label,
                "required": required,
                "choices": choices,
                "help_text": help_text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        label = d.pop("label")

        kind = d.pop("kind")

        kind_label = d.pop("kind_label")

        required = d.pop("required")

        choices = cast(list[str], d.pop("choices"))

        help_text = d.pop("help_text")

        field_out = cls(
            name=name,
            label=label,
            kind=kind,
            kind_label=kind_label,
            required=required,
            choices=choices,
            help_text=help_text,
        )

        field_out.additional_properties = d
        return field_out

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
