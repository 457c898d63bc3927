from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.complainant_in import ComplainantIn


T = TypeVar("T", bound="ComplaintIn")


@_attrs_define
class ComplaintIn:
    """شکایتی که سامانه ملی دریافت کرده است.

    Attributes:
        external_reference (str): شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ شکایت را یکتا می‌کند.
        subject (str): عنوان یکی از موضوعات شکایت.
        text (str): متن شکایت.
        complainant (ComplainantIn): شاکی: کد ملی و شماره همراه، و نام برای شاکی تازه.
        system (str | Unset): سامانه ملی: samad، sina یا dadvar (اگر فرستاده شود، همان پیوند این سامانه). Default: ''.
        province (str | Unset): کد ISO یا نام استان (اختیاری). Default: ''.
        unit (str | Unset): کد واحدِ مورد شکایت (اختیاری). Default: ''.
        received (str | Unset): تاریخ دریافت در سامانه ملی، شمسی (1404/08/01) یا میلادی (2025-10-23). Default: ''.
    """

    external_reference: str
    subject: str
    text: str
    complainant: ComplainantIn
    system: str | Unset = ""
    province: str | Unset = ""
    unit: str | Unset = ""
    received: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_reference = self.external_reference

        subject = self.subject

        text = self.text

        complainant = self.complainant.to_dict()

        system = self.system

        province = self.province

        unit = self.unit

        received = self.received

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_reference": external_reference,
                "subject": subject,
                "text": text,
                "complainant": complainant,
            }
        )
        if system is not UNSET:
            field_dict["system"] = system
        if province is not UNSET:
            field_dict["province"] = province
        if unit is not UNSET:
            field_dict["unit"] = unit
        if received is not UNSET:
            field_dict["received"] = received

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.complainant_in import ComplainantIn  # noqa: PLC0415

        d = dict(src_dict)
        external_reference = d.pop("external_reference")

        subject = d.pop("subject")

        text = d.pop("text")

        complainant = ComplainantIn.from_dict(d.pop("complainant"))

        system = d.pop("system", UNSET)

        province = d.pop("province", UNSET)

        unit = d.pop("unit", UNSET)

        received = d.pop("received", UNSET)

        complaint_in = cls(
            external_reference=external_reference,
            subject=subject,
            text=text,
            complainant=complainant,
            system=system,
            province=province,
            unit=unit,
            received=received,
        )

        complaint_in.additional_properties = d
        return complaint_in

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
