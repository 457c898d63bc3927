from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.area import Area
from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceFilters")


@_attrs_define
class ServiceFilters:
    """محدود کردن فهرست خدمات.

    Attributes:
        q (str | Unset): واژه‌هایی از عنوان، شرح یا شناسه خدمت، مانند «پروانه». Default: ''.
        area (Area | None | Unset): فقط خدمات این حوزه، مانند conformity_assessment.
    """

    q: str | Unset = ""
    area: Area | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        q = self.q

        area: None | str | Unset
        if isinstance(self.area, Unset):
            area = UNSET
        elif isinstance(self.area, Area):
            area = self.area.value
        else:
            area = self.area

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if q is not UNSET:
            field_dict["q"] = q
        if area is not UNSET:
            field_dict["area"] = area

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        q = d.pop("q", UNSET)

        def _parse_area(data: object) -> Area | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                area_type_0 = Area(data)

                return area_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Area | None | Unset, data)

        area = _parse_area(d.pop("area", UNSET))

        service_filters = cls(
            q=q,
            area=area,
        )

        service_filters.additional_properties = d
        return service_filters

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
