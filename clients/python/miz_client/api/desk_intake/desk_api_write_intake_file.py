from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.desk_api_write_intake_file_file_in import DeskApiWriteIntakeFileFileIn
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...models.request_out import RequestOut
from ...types import Response


def _get_kwargs(
    *,
    body: DeskApiWriteIntakeFileFileIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/desk/intake/file",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InputErrorOut | RequestOut | None:
    if response.status_code == 200:
        response_200 = RequestOut.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = RequestOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorOut.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorOut.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorOut.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorOut.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorOut.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorOut.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = InputErrorOut.from_dict(response.json())

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
) -> Response[ErrorOut | InputErrorOut | RequestOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DeskApiWriteIntakeFileFileIn,
) -> Response[ErrorOut | InputErrorOut | RequestOut]:
    """ثبت درخواست برای متقاضی با کد تأیید او (تکرار با همان client_key همان درخواست را برمی‌گرداند)

     multipart/form-data: همان داده‌های گام نخست به‌علاوه `otp` (کد پیامک‌شده به متقاضی)، `client_key` (۸
    تا ۴۸ نویسه از حروف لاتین، رقم و `._:-`، یکتا برای هر درخواستِ این سامانه)، `answers` (شیء JSON پاسخ
    فیلدهای فرم خدمت، تاریخ‌ها شمسی مانند `1404/01/31`) و برای هر مدرک پرونده‌ای با نام `document_<id>`
    (شناسه مدرک در فرم خدمت). پاسخ ۲۰۱ درخواست تازه است و ۲۰۰ همان درخواستی که پیش‌تر با این
    `client_key` ثبت شد؛ همان `client_key` برای متقاضی یا خدمت دیگر ۴۰۹ است. متقاضی تازه نام و نام
    خانوادگی می‌خواهد.

    Args:
        body (DeskApiWriteIntakeFileFileIn): فرم ثبت درخواست برای متقاضی (multipart/form-data)؛ هر
            مدرک بخشی به نام `document_<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | RequestOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: DeskApiWriteIntakeFileFileIn,
) -> ErrorOut | InputErrorOut | RequestOut | None:
    """ثبت درخواست برای متقاضی با کد تأیید او (تکرار با همان client_key همان درخواست را برمی‌گرداند)

     multipart/form-data: همان داده‌های گام نخست به‌علاوه `otp` (کد پیامک‌شده به متقاضی)، `client_key` (۸
    تا ۴۸ نویسه از حروف لاتین، رقم و `._:-`، یکتا برای هر درخواستِ این سامانه)، `answers` (شیء JSON پاسخ
    فیلدهای فرم خدمت، تاریخ‌ها شمسی مانند `1404/01/31`) و برای هر مدرک پرونده‌ای با نام `document_<id>`
    (شناسه مدرک در فرم خدمت). پاسخ ۲۰۱ درخواست تازه است و ۲۰۰ همان درخواستی که پیش‌تر با این
    `client_key` ثبت شد؛ همان `client_key` برای متقاضی یا خدمت دیگر ۴۰۹ است. متقاضی تازه نام و نام
    خانوادگی می‌خواهد.

    Args:
        body (DeskApiWriteIntakeFileFileIn): فرم ثبت درخواست برای متقاضی (multipart/form-data)؛ هر
            مدرک بخشی به نام `document_<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | RequestOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DeskApiWriteIntakeFileFileIn,
) -> Response[ErrorOut | InputErrorOut | RequestOut]:
    """ثبت درخواست برای متقاضی با کد تأیید او (تکرار با همان client_key همان درخواست را برمی‌گرداند)

     multipart/form-data: همان داده‌های گام نخست به‌علاوه `otp` (کد پیامک‌شده به متقاضی)، `client_key` (۸
    تا ۴۸ نویسه از حروف لاتین، رقم و `._:-`، یکتا برای هر درخواستِ این سامانه)، `answers` (شیء JSON پاسخ
    فیلدهای فرم خدمت، تاریخ‌ها شمسی مانند `1404/01/31`) و برای هر مدرک پرونده‌ای با نام `document_<id>`
    (شناسه مدرک در فرم خدمت). پاسخ ۲۰۱ درخواست تازه است و ۲۰۰ همان درخواستی که پیش‌تر با این
    `client_key` ثبت شد؛ همان `client_key` برای متقاضی یا خدمت دیگر ۴۰۹ است. متقاضی تازه نام و نام
    خانوادگی می‌خواهد.

    Args:
        body (DeskApiWriteIntakeFileFileIn): فرم ثبت درخواست برای متقاضی (multipart/form-data)؛ هر
            مدرک بخشی به نام `document_<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | RequestOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: DeskApiWriteIntakeFileFileIn,
) -> ErrorOut | InputErrorOut | RequestOut | None:
    """ثبت درخواست برای متقاضی با کد تأیید او (تکرار با همان client_key همان درخواست را برمی‌گرداند)

     multipart/form-data: همان داده‌های گام نخست به‌علاوه `otp` (کد پیامک‌شده به متقاضی)، `client_key` (۸
    تا ۴۸ نویسه از حروف لاتین، رقم و `._:-`، یکتا برای هر درخواستِ این سامانه)، `answers` (شیء JSON پاسخ
    فیلدهای فرم خدمت، تاریخ‌ها شمسی مانند `1404/01/31`) و برای هر مدرک پرونده‌ای با نام `document_<id>`
    (شناسه مدرک در فرم خدمت). پاسخ ۲۰۱ درخواست تازه است و ۲۰۰ همان درخواستی که پیش‌تر با این
    `client_key` ثبت شد؛ همان `client_key` برای متقاضی یا خدمت دیگر ۴۰۹ است. متقاضی تازه نام و نام
    خانوادگی می‌خواهد.

    Args:
        body (DeskApiWriteIntakeFileFileIn): فرم ثبت درخواست برای متقاضی (multipart/form-data)؛ هر
            مدرک بخشی به نام `document_<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | RequestOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
