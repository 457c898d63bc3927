from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.open_311_value_out import Open311ValueOut


T = TypeVar("T", bound="Open311AttributeOut")


@_attrs_define
class Open311AttributeOut:
    """یک ویژگی فرم درخواست خدمت (سه ویژگی نخست از آنِ متقاضی است).

    Attributes:
        variable (bool): مقدارش را سامانه می‌فرستد؛ همیشه true.
        code (str): نام ویژگی؛ با `attribute[<نام>]` فرستاده می‌شود.
        datatype (str): نوع مقدار: string، text، number، datetime یا singlevaluelist.
        required (bool): فرستادنش لازم است.
        datatype_description (str): راهنمای فارسی شکل مقدار (یا تهی).
        order (int): ترتیب ویژگی در فرم.
        description (str): برچسب فارسی ویژگی.
        values (list[Open311ValueOut]): گزینه‌های ویژگی فهرستی (برای باقی تهی).
    """

    variable: bool
    code: str
    datatype: str
    required: bool
    datatype_description: str
    order: int
    description: str
    values: list[Open311ValueOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        variable = self.variable

        code = self.code

        datatype = self.datatype

        required = self.required

        datatype_description = self.datatype_description

        order = self.order

        description = self.description

        values = []
        for values_item_data in self.values:
            values_item = values_item_data.to_dict()
            values.append(values_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "variable": variable,
                "code": code,
                "datatype": datatype,
                "required": required,
                "datatype_description": datatype_description,
                "order": order,
                "description": description,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.open_311_value_out import Open311ValueOut  # noqa: PLC0415

        d = dict(src_dict)
        variable = d.pop("variable")

        code = d.pop("code")

        datatype = d.pop("datatype")

        required = d.pop("required")

        datatype_description = d.pop("datatype_description")

        order = d.pop("order")

        description = d.pop("description")

        values = []
        _values = d.pop("values")
        for values_item_data in _values:
            values_item = Open311ValueOut.from_dict(values_item_data)

            values.append(values_item)

        open_311_attribute_out = cls(
            variable=variable,
            code=code,
            datatype=datatype,
            required=required,
            datatype_description=datatype_description,
            order=order,
            description=description,
            values=values,
        )

        open_311_attribute_out.additional_properties = d
        return open_311_attribute_out

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
