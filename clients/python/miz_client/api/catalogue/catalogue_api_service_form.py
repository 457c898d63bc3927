from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...models.service_form_out import ServiceFormOut
from ...types import Response


def _get_kwargs(
    service_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/catalogue/services/{service_id}".format(
            service_id=quote(str(service_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InputErrorOut | ServiceFormOut | None:
    if response.status_code == 200:
        response_200 = ServiceFormOut.from_dict(response.json())

        return response_200

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
) -> Response[ErrorOut | InputErrorOut | ServiceFormOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorOut | InputErrorOut | ServiceFormOut]:
    """فرم درخواست یک خدمت: فیلدها، مدارک، مجراها و هزینه

     فیلدهای فرم (نام هر فیلد کلید آن در `answers` ثبت درخواست است)، مدارک (هر کدام با نام
    `document_<id>` فرستاده می‌شود)، مجراها و هزینه. خدمتی که نیست یا فعال نیست ۴۰۴ است. دسترسی لازم:
    `services:read`.

    Args:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت (رقم فارسی هم پذیرفته است)؛ مانند 10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | ServiceFormOut]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorOut | InputErrorOut | ServiceFormOut | None:
    """فرم درخواست یک خدمت: فیلدها، مدارک، مجراها و هزینه

     فیلدهای فرم (نام هر فیلد کلید آن در `answers` ثبت درخواست است)، مدارک (هر کدام با نام
    `document_<id>` فرستاده می‌شود)، مجراها و هزینه. خدمتی که نیست یا فعال نیست ۴۰۴ است. دسترسی لازم:
    `services:read`.

    Args:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت (رقم فارسی هم پذیرفته است)؛ مانند 10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | ServiceFormOut
    """

    return sync_detailed(
        service_id=service_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    service_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorOut | InputErrorOut | ServiceFormOut]:
    """فرم درخواست یک خدمت: فیلدها، مدارک، مجراها و هزینه

     فیلدهای فرم (نام هر فیلد کلید آن در `answers` ثبت درخواست است)، مدارک (هر کدام با نام
    `document_<id>` فرستاده می‌شود)، مجراها و هزینه. خدمتی که نیست یا فعال نیست ۴۰۴ است. دسترسی لازم:
    `services:read`.

    Args:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت (رقم فارسی هم پذیرفته است)؛ مانند 10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | ServiceFormOut]
    """

    kwargs = _get_kwargs(
        service_id=service_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorOut | InputErrorOut | ServiceFormOut | None:
    """فرم درخواست یک خدمت: فیلدها، مدارک، مجراها و هزینه

     فیلدهای فرم (نام هر فیلد کلید آن در `answers` ثبت درخواست است)، مدارک (هر کدام با نام
    `document_<id>` فرستاده می‌شود)، مجراها و هزینه. خدمتی که نیست یا فعال نیست ۴۰۴ است. دسترسی لازم:
    `services:read`.

    Args:
        service_id (str): شناسه ملی ۱۱ رقمی خدمت (رقم فارسی هم پذیرفته است)؛ مانند 10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | ServiceFormOut
    """

    return (
        await asyncio_detailed(
            service_id=service_id,
            client=client,
        )
    ).parsed
