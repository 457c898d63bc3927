from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValueRow")


@_attrs_define
class ValueRow:
    """یک مقدار: برنامه یا عملکرد یک فعالیت در یک واحد و یک دوره.

    Attributes:
        activity (str): کد فعالیت.
        unit (str): کد واحد سازمانی.
        period (str): سال، فصل یا ماه شمسی: 1400، 1400Q2 یا 140003
        measure (str): plan (برنامه) یا actual (عملکرد)
        value (str): مقدار عددی، به متن (رقم فارسی هم پذیرفته است).
        breakdown (str | Unset): کد تفکیک مقدار؛ total برای کل. Default: 'total'.
        plan_version (str | Unset): کد نسخه برنامه؛ برای برنامه لازم و برای عملکرد خالی Default: ''.
    """

    activity: str
    unit: str
    period: str
    measure: str
    value: str
    breakdown: str | Unset = "total"
    plan_version: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity = self.activity

        unit = self.unit

        period = self.period

        measure = self.measure

        value = self.value

        breakdown = self.breakdown

        plan_version = self.plan_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activity": activity,
                "unit": unit,
                "period": period,
                "measure": measure,
                "value": value,
            }
        )
        if breakdown is not UNSET:
            field_dict["breakdown"] = breakdown
        if plan_version is not UNSET:
            field_dict["plan_version"] = plan_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity = d.pop("activity")

        unit = d.pop("unit")

        period = d.pop("period")

        measure = d.pop("measure")

        value = d.pop("value")

        breakdown = d.pop("breakdown", UNSET)

        plan_version = d.pop("plan_version", UNSET)

        value_row = cls(
            activity=activity,
            unit=unit,
            period=period,
            measure=measure,
            value=value,
            breakdown=breakdown,
            plan_version=plan_version,
        )

        value_row.additional_properties = d
        return value_row

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
