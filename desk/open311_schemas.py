"""The schemas of Open311 GeoReport v2 on the desk (`desk.open311`, decision 0104), documented in
Persian with examples as every router of `miz.api` is (decision 0107). Their names start with
`Open311`/`GeoReport` so they never replace another router's schema of the same name in the
OpenAPI document. A refusal is GeoReport's list of `GeoReportErrorOut`, not `{"detail"}`."""

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import ConfigDict

SERVICE_CODE = "10031940000"
TRACKING_CODE = "0599336574557"
ERROR_EXAMPLE = {"code": 404, "description": "خدمتی با این شناسه از راه Open311 ارائه نمی‌شود."}
SERVICE_EXAMPLE = {
    "service_code": SERVICE_CODE,
    "service_name": "صدور پروانه کاربرد علامت استاندارد",
    "description": "پروانه کاربرد علامت استاندارد برای کالای تولید داخل.",
    "metadata": True,
    "type": "realtime",
    "keywords": "ارزیابی انطباق",
    "group": "ارزیابی انطباق",
}
ATTRIBUTE_EXAMPLE = {
    "variable": True,
    "code": "miz_office",
    "datatype": "singlevaluelist",
    "required": True,
    "datatype_description": "کد دفتر؛ سامانه‌ای با یک دفتر آن را نمی‌فرستد",
    "order": 2,
    "description": "دفتر پیشخوانی که درخواست در آن ثبت می‌شود",
    "values": [{"key": "1108-40-72", "name": "دفتر پیشخوان ۷۲ تهران"}],
}
CREATED_EXAMPLE = {
    "service_request_id": TRACKING_CODE,
    "service_notice": f"درخواست با کد رهگیری {TRACKING_CODE} ثبت شد؛ موعد پاسخ 2026-12-29.",
    "account_id": None,
}
# GeoReport's place and media of a request: the desk keeps none of them, so they are always null.
PLACE_NOT_KEPT = dict.fromkeys(("address", "address_id", "zipcode", "lat", "long", "media_url"))
REQUEST_EXAMPLE = {
    "service_request_id": TRACKING_CODE,
    "status": "open",
    "status_notes": "در حال بررسی",
    "service_name": "صدور پروانه کاربرد علامت استاندارد",
    "service_code": SERVICE_CODE,
    "description": "برچسب کالا پیوست شده است.",
    "agency_responsible": "اداره کل استاندارد استان تهران",
    "service_notice": None,
    "requested_datetime": "2026-12-01T09:30:00+03:30",
    "updated_datetime": "2026-12-02T10:15:00+03:30",
    "expected_datetime": "2026-12-29T23:59:59+03:30",
    **PLACE_NOT_KEPT,
}
NOT_KEPT = "در میز نگه داشته نمی‌شود؛ همیشه null."

ServiceCode = Annotated[
    str, Path(description="شناسه ملی ۱۱ رقمی خدمت (`service_code` در فهرست خدمت‌ها)؛ مانند 10031940000.")
]
ServiceRequestId = Annotated[
    str, Path(description="کد رهگیری ۱۳ رقمی درخواست (با خط تیره یا بی آن)؛ مانند 0599336574557.")
]


class GeoReportErrorOut(Schema):
    """یک خطای Open311 به شکل GeoReport v2؛ پاسخ هر خطا فهرستی از همین است."""

    model_config = ConfigDict(json_schema_extra={"examples": [ERROR_EXAMPLE]})

    code: int = Field(description="کد وضعیت HTTP خطا.", examples=[404])
    description: str = Field(
        description="علت خطا به فارسی، برای نمایش به کاربر.", examples=[ERROR_EXAMPLE["description"]]
    )


# Every Open311 refusal, in GeoReport's shape (`miz.api.refusal`).
ERRORS = {code: list[GeoReportErrorOut] for code in (400, 401, 403, 404, 422, 429)}
# A filing's body over its limit is refused by the middleware, in the same shape (`core.errors`).
FILING_ERRORS = {**ERRORS, 413: list[GeoReportErrorOut]}


class Open311ServiceOut(Schema):
    """خدمتی که سامانه می‌تواند از راه Open311 برای متقاضی ثبت کند."""

    model_config = ConfigDict(json_schema_extra={"examples": [SERVICE_EXAMPLE]})

    service_code: str = Field(description="شناسه ملی ۱۱ رقمی خدمت.", examples=[SERVICE_CODE])
    service_name: str = Field(description="عنوان خدمت.", examples=[SERVICE_EXAMPLE["service_name"]])
    description: str = Field(description="شرح خدمت.", examples=[SERVICE_EXAMPLE["description"]])
    metadata: bool = Field(description="ویژگی (فرم) دارد؛ در میز همیشه true.", examples=[True])
    type: str = Field(description="نوع خدمت در GeoReport؛ در میز همیشه realtime.", examples=["realtime"])
    keywords: str = Field(description="نام فارسی حوزه خدمت.", examples=["ارزیابی انطباق"])
    group: str = Field(description="گروه خدمت: نام فارسی حوزه آن.", examples=["ارزیابی انطباق"])


class Open311ValueOut(Schema):
    """یکی از گزینه‌های ویژگی فهرستی."""

    key: str = Field(description="مقداری که فرستاده می‌شود.", examples=["1108-40-72"])
    name: str = Field(description="نام فارسی گزینه.", examples=["دفتر پیشخوان ۷۲ تهران"])


class Open311AttributeOut(Schema):
    """یک ویژگی فرم درخواست خدمت (سه ویژگی نخست از آنِ متقاضی است)."""

    model_config = ConfigDict(json_schema_extra={"examples": [ATTRIBUTE_EXAMPLE]})

    variable: bool = Field(description="مقدارش را سامانه می‌فرستد؛ همیشه true.", examples=[True])
    code: str = Field(description="نام ویژگی؛ با `attribute[<نام>]` فرستاده می‌شود.", examples=["miz_office"])
    datatype: str = Field(
        description="نوع مقدار: string، text، number، datetime یا singlevaluelist.",
        examples=["singlevaluelist"],
    )
    required: bool = Field(description="فرستادنش لازم است.", examples=[True])
    datatype_description: str = Field(
        description="راهنمای فارسی شکل مقدار (یا تهی).", examples=[ATTRIBUTE_EXAMPLE["datatype_description"]]
    )
    order: int = Field(description="ترتیب ویژگی در فرم.", examples=[2])
    description: str = Field(description="برچسب فارسی ویژگی.", examples=[ATTRIBUTE_EXAMPLE["description"]])
    values: list[Open311ValueOut] = Field(description="گزینه‌های ویژگی فهرستی (برای باقی تهی).")


class Open311DefinitionOut(Schema):
    """تعریف خدمت: ویژگی‌های فرم درخواست آن."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"service_code": SERVICE_CODE, "attributes": [ATTRIBUTE_EXAMPLE]}]}
    )

    service_code: str = Field(description="شناسه ملی ۱۱ رقمی خدمت.", examples=[SERVICE_CODE])
    attributes: list[Open311AttributeOut] = Field(description="ویژگی‌های فرم، به ترتیب `order`.")


class Open311CreatedOut(Schema):
    """درخواستی که ثبت شد."""

    model_config = ConfigDict(json_schema_extra={"examples": [CREATED_EXAMPLE]})

    service_request_id: str = Field(description="کد رهگیری ۱۳ رقمی درخواست.", examples=[TRACKING_CODE])
    service_notice: str = Field(
        description="جمله فارسی ثبت، با کد رهگیری و موعد پاسخ.", examples=[CREATED_EXAMPLE["service_notice"]]
    )
    account_id: str | None = Field(description=NOT_KEPT, examples=[None])


class Open311RequestOut(Schema):
    """درخواستی در مکان‌های سامانه، به شکل درخواست خدمت GeoReport."""

    model_config = ConfigDict(json_schema_extra={"examples": [REQUEST_EXAMPLE]})

    service_request_id: str = Field(description="کد رهگیری ۱۳ رقمی درخواست.", examples=[TRACKING_CODE])
    status: str = Field(description="open (در دست رسیدگی) یا closed (پایان‌یافته).", examples=["open"])
    status_notes: str = Field(description="نام فارسی وضعیت درخواست در میز.", examples=["در حال بررسی"])
    service_name: str = Field(description="عنوان خدمت.", examples=[REQUEST_EXAMPLE["service_name"]])
    service_code: str = Field(description="شناسه ملی ۱۱ رقمی خدمت.", examples=[SERVICE_CODE])
    description: str | None = Field(
        description="نخستین پیام متقاضی (null: پیامی ندارد).", examples=[REQUEST_EXAMPLE["description"]]
    )
    agency_responsible: str | None = Field(
        description="واحد رسیدگی‌کننده (null: هنوز واحدی ندارد).",
        examples=[REQUEST_EXAMPLE["agency_responsible"]],
    )
    service_notice: str | None = Field(description=NOT_KEPT, examples=[None])
    requested_datetime: dt.datetime = Field(description="زمان ثبت (ISO 8601 با منطقه زمانی).")
    updated_datetime: dt.datetime = Field(description="زمان آخرین تغییر.")
    expected_datetime: dt.datetime = Field(description="پایان روز موعد پاسخ.")
    address: str | None = Field(description=NOT_KEPT, examples=[None])
    address_id: str | None = Field(description=NOT_KEPT, examples=[None])
    zipcode: str | None = Field(description=NOT_KEPT, examples=[None])
    lat: float | None = Field(description=NOT_KEPT, examples=[None])
    long: float | None = Field(description=NOT_KEPT, examples=[None])
    media_url: str | None = Field(description=NOT_KEPT, examples=[None])


class Open311RequestFilters(Schema):
    """پالایه‌های فهرست درخواست‌ها (پارامترهای query؛ نمونه‌ها در جمله، که OpenAPI برای پارامتر
    نمونه فهرستی نمی‌پذیرد)."""

    service_request_id: str = Field(
        "", description="کدهای رهگیری، جدا با ویرگول (با آن تاریخ‌ها نادیده‌اند)؛ مانند 0599336574557."
    )
    service_code: str = Field("", description="شناسه ملی ۱۱ رقمی خدمت؛ مانند 10031940000.")
    start_date: dt.datetime | None = Field(None, description="از این زمان ثبت (ISO 8601).")
    end_date: dt.datetime | None = Field(None, description="تا این زمان ثبت (ISO 8601).")
    status: str = Field("", description="open یا closed (یا هر دو، جدا با ویرگول).")


def _text(description: str) -> dict:
    return {"type": "string", "description": description}


# The create's form-encoded body (read from `request.POST`, so written here, not as a Schema).
CREATE_BODY = {
    "type": "object",
    "description": (
        "درخواست برای متقاضی، فرم‌کدشده یا multipart؛ پاسخ هر ویژگی تعریف خدمت با نام "
        "`attribute[<نام>]` (ویژگی چندگزینه‌ای `attribute[<نام>][]`) و هر مدرک با نام `document_<id>`."
    ),
    "required": ["service_code", "phone"],
    "properties": {
        "service_code": _text("شناسه ملی ۱۱ رقمی خدمت."),
        "phone": _text("شماره همراه متقاضی؛ کد تأیید به آن پیامک می‌شود."),
        "first_name": _text("نام متقاضی (برای متقاضی تازه لازم)."),
        "last_name": _text("نام خانوادگی متقاضی (برای متقاضی تازه لازم)."),
        "description": _text("نخستین پیام متقاضی درباره درخواست (اختیاری)."),
        "api_key": _text("توکن سامانه، اگر در سرآیند Authorization فرستاده نشود."),
    },
    "patternProperties": {r"^attribute\[[A-Za-z0-9_]+\]$": _text("پاسخ یک ویژگی تعریف خدمت.")},
}
CREATE_EXAMPLE = {
    "service_code": SERVICE_CODE,
    "phone": "09121234567",
    "first_name": "مریم",
    "last_name": "احمدی",
    "description": "برچسب کالا پیوست شده است.",
    "attribute[miz_national_code]": "0084575948",
    "attribute[miz_office]": "1108-40-72",
    "attribute[miz_otp]": "123456",
    "attribute[product_name]": "کاشی سرامیکی",
}
CREATE_REQUEST_BODY = {
    "content": {
        "application/x-www-form-urlencoded": {"schema": CREATE_BODY, "example": CREATE_EXAMPLE},
    }
}
