from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="DeskApiWritePostDocumentMultiPartBodyParams")


@_attrs_define
class DeskApiWritePostDocumentMultiPartBodyParams:
    """مدرک متقاضی و متن پیامی که آن را همراهی می‌کند.

    Attributes:
        file (File): پرونده مدرک: PDF، JPEG یا PNG تا ۵ مگابایت.
        body (str | Unset): متن پیام (اختیاری؛ تهی: «مدرک پیوست: <نام پرونده>»). Default: ''.
    """

    file: File
    body: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        body = self.body

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if body is not UNSET:
            field_dict["body"] = body

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.body, Unset):
            files.append(("body", (None, str(self.body).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        body = d.pop("body", UNSET)

        desk_api_write_post_document_multi_part_body_params = cls(
            file=file,
            body=body,
        )

        desk_api_write_post_document_multi_part_body_params.additional_properties = d
        return desk_api_write_post_document_multi_part_body_params

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
