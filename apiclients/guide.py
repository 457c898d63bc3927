"""The worked examples of the guide for client systems (`/api/guide/<page>/`, decision 0107): a
page per kind of client, each with the scopes it is registered with and its calls, in order, as
data (`Call`). The page renders each call as a curl line; the tests check each call against the
served OpenAPI schema (its operation, its body, its documented status) and make it, with the
test world's codes in place of the example's, expecting the status the page promises.

The example's codes are the ones below (`EXAMPLE`); a page's `calls(values)` takes others."""

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from apiclients.models import ApiClient

# The codes the pages show (the test world passes its own).
# The API's own pages, written out: reversing an `api:` name would import the API into the site's
# processes (core.lazyurls, decision 0132); miz/tests/test_urls.py checks they are the API's.
SWAGGER_PATH = "/api/docs"
SCHEMA_PATH = "/api/openapi.json"

EXAMPLE = {
    "service_id": "10031940000",
    "office": "1108-40-72",
    "national_code": "0084575948",
    "mobile": "09121234567",
    "otp": "482913",
    "client_key": "assoc-2026-000123",
    "document": "document_12",
    "answers": {"product_name": "کاشی"},
    "field": "product_name",
    "tracking_code": "0599336574557",
    "reference": "111-1404-0008123",
    "subject": "رفتار و پاسخگویی کارکنان",
    "province": "IR-23",
    "unit": "IR-23",
    "activity": "P001",
    "period": "1400",
}


@dataclass(frozen=True)
class Call:
    """One step of a worked example: a call of the API and the status it answers with."""

    caption: str  # Persian: what the step does
    method: str
    path: str  # with its values in place
    operation: str  # the schema's path template, e.g. /api/complaints/{reference}
    status: int
    query: dict = field(default_factory=dict)
    json: dict | None = None  # an application/json body
    form: dict | None = None  # a form body (multipart when `files`)
    files: tuple[str, ...] = ()  # the form's file parts, each sent as report.pdf
    text: str = ""  # a raw body of `content_type`
    content_type: str = ""

    def url(self, site: str) -> str:
        from urllib.parse import urlencode

        return site + self.path + (f"?{urlencode(self.query)}" if self.query else "")

    def curl(self, site: str) -> str:
        """The call as a shell line (`$TOKEN` holds the client's token)."""
        parts = ["curl -s", '-H "Authorization: Bearer $TOKEN"']
        if self.method != "GET" and self.json is None and self.form is None and not self.text:
            parts.append(f"-X {self.method}")
        if self.json is not None:
            parts += ["-H 'Content-Type: application/json'", "-d " + shlex.quote(_json(self.json))]
        elif self.text:
            parts += [f"-H 'Content-Type: {self.content_type}'", "--data-binary " + shlex.quote(self.text)]
        elif self.form is not None:
            flag = "-F" if self.files else "--data-urlencode"
            parts += [f"{flag} " + shlex.quote(f"{name}={value}") for name, value in self.form.items()]
            parts += [f"-F {name}=@report.pdf" for name in self.files]
        parts.append(shlex.quote(self.url(site)))
        return " \\\n  ".join(parts)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Page:
    """A client kind's page: who it is, how it is registered and its worked example."""

    slug: str
    title: str
    kind: str
    scopes: list[str]
    places: str  # the place options of `api_client create`
    calls: Callable[[dict], list[Call]]

    def create_line(self) -> str:
        return f"--kind {self.kind} --scope {' '.join(self.scopes)} {self.places}"


def association_calls(v: dict) -> list[Call]:
    applicant = {k: v[k] for k in ("service_id", "office", "national_code", "mobile")}
    return [
        Call("فهرست خدمات", "GET", "/api/catalogue/services", "/api/catalogue/services", 200),
        Call(
            "فرم درخواست خدمت: فیلدها و مدارک (شناسه هر مدرک برای نام بخش document_<id>)",
            "GET",
            f"/api/catalogue/services/{v['service_id']}",
            "/api/catalogue/services/{service_id}",
            200,
        ),
        Call(
            "کد تأیید به همراه متقاضی پیامک می‌شود",
            "POST",
            "/api/desk/intake/start",
            "/api/desk/intake/start",
            202,
            json=applicant,
        ),
        Call(
            "ثبت با کدی که متقاضی می‌گوید (همان client_key دوباره: ۲۰۰ و همان درخواست)",
            "POST",
            "/api/desk/intake/file",
            "/api/desk/intake/file",
            201,
            form={
                **applicant,
                "first_name": "رضا",
                "last_name": "کشاورز",
                "otp": v["otp"],
                "client_key": v["client_key"],
                "answers": _json(v["answers"]),
            },
            files=(v["document"],),
        ),
        Call(
            "وضعیت، گام‌ها، پیام‌ها و پاسخ درخواست",
            "GET",
            f"/api/desk/requests/{v['tracking_code']}",
            "/api/desk/requests/{code}",
            200,
        ),
    ]


def open311_calls(v: dict) -> list[Call]:
    create = {
        "service_code": v["service_id"],
        "phone": v["mobile"],
        "first_name": "مریم",
        "last_name": "احمدی",
        "attribute[miz_national_code]": v["national_code"],
        "attribute[miz_office]": v["office"],
        f"attribute[{v['field']}]": v["answers"][v["field"]],
    }
    return [
        Call(
            "خدمت‌هایی که این سامانه ثبت می‌کند",
            "GET",
            "/api/open311/v2/services.json",
            "/api/open311/v2/services.json",
            200,
        ),
        Call(
            "تعریف خدمت: ویژگی‌های متقاضی و فیلدهای فرم",
            "GET",
            f"/api/open311/v2/services/{v['service_id']}.json",
            "/api/open311/v2/services/{service_code}.json",
            200,
        ),
        Call(
            "بار نخست بی کد: کد تأیید به همراه متقاضی پیامک می‌شود و پاسخ ۴۰۰ همین را می‌گوید",
            "POST",
            "/api/open311/v2/requests.json",
            "/api/open311/v2/requests.json",
            400,
            form=create,
        ),
        Call(
            "همان درخواست با کد: ثبت می‌شود و service_request_id کد رهگیری است",
            "POST",
            "/api/open311/v2/requests.json",
            "/api/open311/v2/requests.json",
            201,
            form={**create, "attribute[miz_otp]": v["otp"]},
        ),
        Call(
            "وضعیت درخواست با کد رهگیری",
            "GET",
            f"/api/open311/v2/requests/{v['tracking_code']}.json",
            "/api/open311/v2/requests/{service_request_id}.json",
            200,
        ),
    ]


def complaint_body(v: dict) -> dict:
    return {
        "external_reference": v["reference"],
        "system": "samad",
        "subject": v["subject"],
        "text": "برای پیگیری پرونده سه بار مراجعه کردم و پاسخی نگرفتم.",
        "complainant": {
            "national_code": v["national_code"],
            "mobile": v["mobile"],
            "first_name": "مریم",
            "last_name": "احمدی",
        },
        "province": v["province"],
        "received": "1404/08/01",
    }


def complaints_calls(v: dict) -> list[Call]:
    body = complaint_body(v)
    return [
        Call(
            "شکایتی که سامانه ملی دریافت کرده ثبت می‌شود (۲۰۱، با کد رهگیری میز)",
            "POST",
            "/api/complaints/",
            "/api/complaints/",
            201,
            json=body,
        ),
        Call(
            "همان شکایت دوباره (پاسخ گم شده بود): ۲۰۰ و همان شکایت، چیزی دوباره ثبت نمی‌شود",
            "POST",
            "/api/complaints/",
            "/api/complaints/",
            200,
            json=body,
        ),
        Call(
            "وضعیت شکایت با شماره پیگیری سامانه ملی: گام‌ها، پیام‌ها و پاسخ",
            "GET",
            f"/api/complaints/{v['reference']}",
            "/api/complaints/{reference}",
            200,
        ),
    ]


def value_rows(v: dict, value: str) -> list[dict]:
    return [
        {
            "activity": v["activity"],
            "breakdown": "total",
            "unit": v["unit"],
            "period": v["period"],
            "measure": "actual",
            "value": value,
            "plan_version": "",
        }
    ]


def provincial_calls(v: dict) -> list[Call]:
    path = "/api/performance/datavaluesets"
    csv = "activity,breakdown,unit,period,measure,value,plan_version\n"
    csv += f"{v['activity']},total,{v['unit']},{v['period']},actual,19,\n"
    return [
        Call(
            "فهرست خدمات یک حوزه",
            "GET",
            "/api/catalogue/services",
            "/api/catalogue/services",
            200,
            query={"area": "conformity_assessment"},
        ),
        Call(
            "برنامه و عملکرد یک فعالیت در سال، به CSV",
            "GET",
            path,
            path,
            200,
            query={"period": v["period"], "activity": v["activity"], "format": "csv"},
        ),
        Call(
            "بررسی بی ثبت (dry_run=1): پاسخ ۲۰۰ با خطاهای هر ردیف به فارسی، هیچ ثبتی نمی‌شود",
            "POST",
            path,
            path,
            200,
            query={"dry_run": "1"},
            json={"data_values": value_rows(v, "18")},
        ),
        Call(
            "ثبت عملکرد به JSON: همه ردیف‌ها یا هیچ‌کدام",
            "POST",
            path,
            path,
            200,
            json={"data_values": value_rows(v, "18")},
        ),
        Call("ثبت همان به CSV", "POST", path, path, 200, text=csv, content_type="text/csv"),
    ]


Kind = ApiClient.Kind
PAGES = {
    page.slug: page
    for page in (
        Page(
            "association",
            Kind.ASSOCIATION.label,
            Kind.ASSOCIATION,
            ["services:read", "requests:file", "requests:read", "requests:write", "events:receive"],
            "--office 1108-40-72 1108-40-73",
            association_calls,
        ),
        Page(
            "open311",
            "کلاینت Open311 (GeoReport v2)",
            Kind.ASSOCIATION,
            ["services:read", "requests:file", "requests:read"],
            "--office 1108-40-72",
            open311_calls,
        ),
        Page(
            "complaints",
            Kind.COMPLAINTS.label,
            Kind.COMPLAINTS,
            ["complaints:file", "events:receive"],
            "--unit HQ-COMPLAINTS",
            complaints_calls,
        ),
        Page(
            "provincial",
            Kind.PROVINCIAL.label,
            Kind.PROVINCIAL,
            ["services:read", "requests:read", "performance:read", "performance:write", "events:receive"],
            "--province IR-23",
            provincial_calls,
        ),
    )
}
