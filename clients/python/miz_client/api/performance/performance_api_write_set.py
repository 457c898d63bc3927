from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.import_out import ImportOut
from ...models.value_set import ValueSet
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: ValueSet | File | Unset = UNSET,
    dry_run: str | Unset = "",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["dry_run"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/performance/datavaluesets",
        "params": params,
    }

    if isinstance(body, ValueSet):
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        if not isinstance(body, Unset):
            _kwargs["content"] = body.payload
        headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorOut | ImportOut | None:
    if response.status_code == 200:
        response_200 = ImportOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorOut.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorOut.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ImportOut.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ImportOut.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorOut.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ImportOut.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorOut.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorOut | ImportOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ValueSet | File | Unset = UNSET,
    dry_run: str | Unset = "",
) -> Response[ErrorOut | ImportOut]:
    """ثبت برنامه و عملکرد (JSON یا CSV)؛ با dry_run=1 فقط بررسی، بی هیچ ثبتی

     بدنه JSON `{"data_values": [...]}` یا CSV (`Content-Type: text/csv`) با ستون‌های activity،
    breakdown، unit، period، measure، value، plan_version. همه ردیف‌ها ثبت می‌شوند یا هیچ‌کدام: ردیفِ
    واحد بیرون از مکان‌های سامانه یا برنامه بی دسترسی performance:plan ۴۰۳، دوره قفل‌شده یا تأییدشده
    ۴۰۹، و باقی خطاها ۴۲۲؛ پاسخ خطاهای هر ردیف را به فارسی دارد. `dry_run=1` همان بررسی است با پاسخ ۲۰۰
    و هیچ ثبتی. ردیفی که همان مقدار ثبت‌شده را دارد تغییر نیست.

    Args:
        dry_run (str | Unset): 1 یا true: فقط بررسی و پاسخ ۲۰۰، بی هیچ ثبتی؛ 0، false یا خالی:
            ثبت. Default: ''.
        body (ValueSet | Unset): مجموعه مقادیر: ردیف‌های برنامه و عملکرد، برای خواندن و ثبت به یک
            شکل.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | ImportOut]
    """

    kwargs = _get_kwargs(
        body=body,
        dry_run=dry_run,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ValueSet | File | Unset = UNSET,
    dry_run: str | Unset = "",
) -> ErrorOut | ImportOut | None:
    """ثبت برنامه و عملکرد (JSON یا CSV)؛ با dry_run=1 فقط بررسی، بی هیچ ثبتی

     بدنه JSON `{"data_values": [...]}` یا CSV (`Content-Type: text/csv`) با ستون‌های activity،
    breakdown، unit، period، measure، value، plan_version. همه ردیف‌ها ثبت می‌شوند یا هیچ‌کدام: ردیفِ
    واحد بیرون از مکان‌های سامانه یا برنامه بی دسترسی performance:plan ۴۰۳، دوره قفل‌شده یا تأییدشده
    ۴۰۹، و باقی خطاها ۴۲۲؛ پاسخ خطاهای هر ردیف را به فارسی دارد. `dry_run=1` همان بررسی است با پاسخ ۲۰۰
    و هیچ ثبتی. ردیفی که همان مقدار ثبت‌شده را دارد تغییر نیست.

    Args:
        dry_run (str | Unset): 1 یا true: فقط بررسی و پاسخ ۲۰۰، بی هیچ ثبتی؛ 0، false یا خالی:
            ثبت. Default: ''.
        body (ValueSet | Unset): مجموعه مقادیر: ردیف‌های برنامه و عملکرد، برای خواندن و ثبت به یک
            شکل.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | ImportOut
    """

    return sync_detailed(
        client=client,
        body=body,
        dry_run=dry_run,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ValueSet | File | Unset = UNSET,
    dry_run: str | Unset = "",
) -> Response[ErrorOut | ImportOut]:
    """ثبت برنامه و عملکرد (JSON یا CSV)؛ با dry_run=1 فقط بررسی، بی هیچ ثبتی

     بدنه JSON `{"data_values": [...]}` یا CSV (`Content-Type: text/csv`) با ستون‌های activity،
    breakdown، unit، period، measure، value، plan_version. همه ردیف‌ها ثبت می‌شوند یا هیچ‌کدام: ردیفِ
    واحد بیرون از مکان‌های سامانه یا برنامه بی دسترسی performance:plan ۴۰۳، دوره قفل‌شده یا تأییدشده
    ۴۰۹، و باقی خطاها ۴۲۲؛ پاسخ خطاهای هر ردیف را به فارسی دارد. `dry_run=1` همان بررسی است با پاسخ ۲۰۰
    و هیچ ثبتی. ردیفی که همان مقدار ثبت‌شده را دارد تغییر نیست.

    Args:
        dry_run (str | Unset): 1 یا true: فقط بررسی و پاسخ ۲۰۰، بی هیچ ثبتی؛ 0، false یا خالی:
            ثبت. Default: ''.
        body (ValueSet | Unset): مجموعه مقادیر: ردیف‌های برنامه و عملکرد، برای خواندن و ثبت به یک
            شکل.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | ImportOut]
    """

    kwargs = _get_kwargs(
        body=body,
        dry_run=dry_run,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ValueSet | File | Unset = UNSET,
    dry_run: str | Unset = "",
) -> ErrorOut | ImportOut | None:
    """ثبت برنامه و عملکرد (JSON یا CSV)؛ با dry_run=1 فقط بررسی، بی هیچ ثبتی

     بدنه JSON `{"data_values": [...]}` یا CSV (`Content-Type: text/csv`) با ستون‌های activity،
    breakdown، unit، period، measure، value، plan_version. همه ردیف‌ها ثبت می‌شوند یا هیچ‌کدام: ردیفِ
    واحد بیرون از مکان‌های سامانه یا برنامه بی دسترسی performance:plan ۴۰۳، دوره قفل‌شده یا تأییدشده
    ۴۰۹، و باقی خطاها ۴۲۲؛ پاسخ خطاهای هر ردیف را به فارسی دارد. `dry_run=1` همان بررسی است با پاسخ ۲۰۰
    و هیچ ثبتی. ردیفی که همان مقدار ثبت‌شده را دارد تغییر نیست.

    Args:
        dry_run (str | Unset): 1 یا true: فقط بررسی و پاسخ ۲۰۰، بی هیچ ثبتی؛ 0، false یا خالی:
            ثبت. Default: ''.
        body (ValueSet | Unset): مجموعه مقادیر: ردیف‌های برنامه و عملکرد، برای خواندن و ثبت به یک
            شکل.
        body (File | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | ImportOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            dry_run=dry_run,
        )
    ).parsed
