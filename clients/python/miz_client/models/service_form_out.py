from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.channel_out import ChannelOut
    from ..models.document_out import DocumentOut
    from ..models.fee_out import FeeOut
    from ..models.field_out import FieldOut


T = TypeVar("T", bound="ServiceFormOut")


@_attrs_define
class ServiceFormOut:
    """فرم درخواست یک خدمت: آنچه فهرست می‌گوید، به‌علاوه شرح، فیلدها و مدارک.

    Attributes:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت.
        title (str): عنوان خدمت.
        area (str): کد حوزه خدمت.
        area_label (str): نام فارسی حوزه.
        channels (list[ChannelOut]): مجراهایی که خدمت از آن‌ها ارائه می‌شود.
        fee (FeeOut): هزینه خدمت.
        duration_working_days (int | None): مدت انجام خدمت به روز کاری (null: تعیین نشده).
        description (str): شرح خدمت.
        fields (list[FieldOut]): فیلدهای فرم درخواست، به ترتیب نمایش.
        documents (list[DocumentOut]): مدارک فرم درخواست.
    """

    service_id: str
    title: str
    area: str
    area_label: str
    channels: list[ChannelOut]
    fee: FeeOut
    duration_working_days: int | None
    description: str
    fields: list[FieldOut]
    documents: list[DocumentOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_id = self.service_id

        title = self.title

        area = self.area

        area_label = self.area_label

        channels = []
        for channels_item_data in self.channels:
            channels_item = channels_item_data.to_dict()
            channels.append(channels_item)

        fee = self.fee.to_dict()

        duration_working_days: int | None
        duration_working_days = self.duration_working_days

        description = self.description

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.to_dict()
            fields.append(fields_item)

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service_id": service_id,
                "title": title,
                "area": area,
                "area_label": area_label,
                "channels": channels,
                "fee": fee,
                "duration_working_days": duration_working_days,
                "description": description,
                "fields": fields,
                "documents": documents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_out import ChannelOut  # noqa: PLC0415
        from ..models.document_out import DocumentOut  # noqa: PLC0415
        from ..models.fee_out import FeeOut  # noqa: PLC0415
        from ..models.field_out import FieldOut  # noqa: PLC0415

        d = dict(src_dict)
        service_id = d.pop("service_id")

        title = d.pop("title")

        area = d.pop("area")

        area_label = d.pop("area_label")

        channels = []
        _channels = d.pop("channels")
        for channels_item_data in _channels:
            channels_item = ChannelOut.from_dict(channels_item_data)

            channels.append(channels_item)

        fee = FeeOut.from_dict(d.pop("fee"))

        def _parse_duration_working_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_working_days = _parse_duration_working_days(d.pop("duration_working_days"))

        description = d.pop("description")

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = FieldOut.from_dict(fields_item_data)

            fields.append(fields_item)

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = DocumentOut.from_dict(documents_item_data)

            documents.append(documents_item)

        service_form_out = cls(
            service_id=service_id,
            title=title,
            area=area,
            area_label=area_label,
            channels=channels,
            fee=fee,
            duration_working_days=duration_working_days,
            description=description,
            fields=fields,
            documents=documents,
        )

        service_form_out.additional_properties = d
        return service_form_out

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
