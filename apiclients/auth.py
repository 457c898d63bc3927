"""Bearer authentication of client systems for django-ninja endpoints, with scope and rate limit.

`auth=ClientBearer("requests:read")` on an endpoint: the token must be one of a client's, in
force, the client must hold the scope (else 403) and be within its calls per minute (else 429
with `Retry-After`, counted by django-ratelimit through `core.policy.over_limit`). Open311
clients may send the same token as `api_key` (`ClientApiKey`, decision 0104). Every call that
reaches such an endpoint is marked on the request for `apiclients.middleware`, which logs it
with its status."""

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import APIKeyQuery, HttpBearer
from pydantic import ConfigDict

from apiclients import services
from apiclients.models import ApiClient
from apiclients.scopes import SCOPES
from core.policy import over_limit

UNKNOWN_BEARER = "توکن دسترسی شناخته نشد."
RATE_LIMITED = "تعداد درخواست‌های این سامانه در این دقیقه از سقف مجاز گذشت؛ کمی بعد دوباره تلاش کنید."


# Seconds a 429 asks the client to wait when its refusal did not say (django-ninja's own throttles).
RETRY_AFTER_DEFAULT = 60


class TooManyRequests(HttpError):
    """A 429 that says, in `Retry-After` (set by `miz.api`), how many seconds to wait."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(429, message)
        self.retry_after = retry_after


class ErrorOut(Schema):
    """پاسخ هر خطا: یک جمله فارسی که می‌گوید چه شد و چه باید کرد."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"detail": UNKNOWN_BEARER}]})

    detail: str = Field(description="علت خطا به فارسی، برای نمایش به کاربر.", examples=[UNKNOWN_BEARER])


class FieldErrorOut(Schema):
    """یک خطای ورودی برای برنامه: کدام مقدار و چه نوع خطایی."""

    loc: list[str | int] = Field(
        description="جای مقدار نادرست: بخش درخواست (body، query، path) و نام فیلد.",
        examples=[["body", "payload", "mobile"]],
    )
    type: str = Field(
        description="نوع خطا به اصطلاح pydantic، مانند missing یا string_type.", examples=["missing"]
    )


class InputErrorOut(ErrorOut):
    """پاسخ ورودی نادرست (۴۲۲): جمله فارسی و فهرست خطاهای هر فیلد برای برنامه‌ها."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "detail": "ورودی درست نیست: «mobile» لازم است و فرستاده نشده.",
                    "errors": [{"loc": ["body", "payload", "mobile"], "type": "missing"}],
                }
            ]
        }
    )

    errors: list[FieldErrorOut] = Field(
        default_factory=list,
        description="خطای هر فیلد (وقتی ساختار ورودی نادرست است؛ برای خطاهای قواعد کسب‌وکار خالی).",
    )


def errors(*statuses: int) -> dict:
    """The refusals an endpoint declares, each with the Persian `{"detail"}` schema (422 with the
    fields' `errors` too): `response={200: Out, **errors(404, 422)}`."""
    return {status: InputErrorOut if status == 422 else ErrorOut for status in statuses}


# The answers every client-authenticated endpoint may give besides its own.
AUTH_ERRORS = errors(401, 403, 429)


class ClientBearer(HttpBearer):
    """`Authorization: Bearer miz_…` of a client holding `scope`."""

    def __init__(self, scope: str):
        if scope not in SCOPES:
            raise ValueError(f"Unknown API scope {scope!r}; add it to apiclients.scopes.SCOPES.")
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest):
        request.miz_api_call = {"client": None, "token": None}
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        stored = services.find_token(token.strip())
        if stored is None:
            raise AuthenticationError(message=UNKNOWN_BEARER)
        request.miz_api_call = {"client": stored.client, "token": stored}
        refusal = stored.refusal()
        if refusal:
            raise AuthenticationError(message=refusal)
        client = stored.client
        wait = over_limit(
            request, group="apiclients:calls", key=str(client.pk), limit=client.calls_per_minute, window=60
        )
        if wait:
            raise TooManyRequests(RATE_LIMITED, wait)
        if not client.has_scope(self.scope):
            raise AuthorizationError(
                message=f"این سامانه دسترسی «{SCOPES[self.scope]}» ({self.scope}) را ندارد."
            )
        return client


class ClientApiKey(APIKeyQuery):
    """The same token as Open311's `api_key` parameter (query string or form body), checked
    exactly as `ClientBearer(scope)` checks the header. List it after the bearer
    (`auth=[ClientBearer(s), ClientApiKey(s)]`): a request with the header is judged by it."""

    param_name = "api_key"

    def __init__(self, scope: str):
        self.bearer = ClientBearer(scope)
        super().__init__()

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.GET.get(self.param_name) or request.POST.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        if not key:
            return None
        return self.bearer.authenticate(request, key)
