from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResponseOut")


@_attrs_define
class ResponseOut:
    """پاسخ صادرشده درخواست (نامه یا گواهی).

    Attributes:
        decision (str): کد تصمیم: approved یا rejected.
        decision_label (str): نام فارسی تصمیم.
        text (str): متن پاسخ.
        issued_at (datetime.datetime): زمان صدور.
        verification_token (str): رمز درستی‌سنجی پاسخ در صفحه عمومی راستی‌آزمایی.
    """

    decision: str
    decision_label: str
    text: str
    issued_at: datetime.datetime
    verification_token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision

        decision_label = self.decision_label

        text = self.text

        issued_at = self.issued_at.isoformat()

        verification_token = self.verification_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "decision_label": decision_label,
                "text": text,
                "issued_at": issued_at,
                "verification_token": verification_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = d.pop("decision")

        decision_label = d.pop("decision_label")

        text = d.pop("text")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        verification_token = d.pop("verification_token")

        response_out = cls(
            decision=decision,
            decision_label=decision_label,
            text=text,
            issued_at=issued_at,
            verification_token=verification_token,
        )

        response_out.additional_properties = d
        return response_out

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
