from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_out import EventOut


T = TypeVar("T", bound="TrackOut")


@_attrs_define
class TrackOut:
    """وضعیت درخواست چنان که متقاضی در صفحه پیگیری می‌بیند.

    Attributes:
        tracking_code (str): کد رهگیری ۱۳ رقمی.
        service_id (str): شناسه ملی ۱۱ رقمی خدمت.
        service_title (str): عنوان خدمت.
        state (str): کد وضعیت درخواست، مانند submitted، in_review، closed.
        state_label (str): نام فارسی وضعیت.
        step_number (int | None): شماره گام جاری (null: هنوز در گامی نیست).
        step_title (None | str): عنوان گام جاری.
        submitted_at (datetime.datetime): زمان ثبت.
        due_date (datetime.date): موعد پاسخ (میلادی).
        due_date_jalali (str): موعد پاسخ به تاریخ شمسی.
        clock_paused (bool): زمان رسیدگی متوقف است (در انتظار متقاضی یا پرداخت).
        overdue (bool): از موعد گذشته و هنوز پاسخ نگرفته است.
        events (list[EventOut]): رویدادهای عمومی درخواست، به ترتیب زمان.
    """

    tracking_code: str
    service_id: str
    service_title: str
    state: str
    state_label: str
    step_number: int | None
    step_title: None | str
    submitted_at: datetime.datetime
    due_date: datetime.date
    due_date_jalali: str
    clock_paused: bool
    overdue: bool
    events: list[EventOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tracking_code = self.tracking_code

        service_id = self.service_id

        service_title = self.service_title

        state = self.state

        state_label = self.state_label

        step_number: int | None
        step_number = self.step_number

        step_title: None | str
        step_title = self.step_title

        submitted_at = self.submitted_at.isoformat()

        due_date = self.due_date.isoformat()

        due_date_jalali = self.due_date_jalali

        clock_paused = self.clock_paused

        overdue = self.overdue

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tracking_code": tracking_code,
                "service_id": service_id,
                "service_title": service_title,
                "state": state,
                "state_label": state_label,
                "step_number": step_number,
                "step_title": step_title,
                "submitted_at": submitted_at,
                "due_date": due_date,
                "due_date_jalali": due_date_jalali,
                "clock_paused": clock_paused,
                "overdue": overdue,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_out import EventOut  # noqa: PLC0415

        d = dict(src_dict)
        tracking_code = d.pop("tracking_code")

        service_id = d.pop("service_id")

        service_title = d.pop("service_title")

        state = d.pop("state")

        state_label = d.pop("state_label")

        def _parse_step_number(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        step_number = _parse_step_number(d.pop("step_number"))

        def _parse_step_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        step_title = _parse_step_title(d.pop("step_title"))

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        due_date = datetime.date.fromisoformat(d.pop("due_date"))

        due_date_jalali = d.pop("due_date_jalali")

        clock_paused = d.pop("clock_paused")

        overdue = d.pop("overdue")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = EventOut.from_dict(events_item_data)

            events.append(events_item)

        track_out = cls(
            tracking_code=tracking_code,
            service_id=service_id,
            service_title=service_title,
            state=state,
            state_label=state_label,
            step_number=step_number,
            step_title=step_title,
            submitted_at=submitted_at,
            due_date=due_date,
            due_date_jalali=due_date_jalali,
            clock_paused=clock_paused,
            overdue=overdue,
            events=events,
        )

        track_out.additional_properties = d
        return track_out

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
