from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...models.request_out import RequestOut
from ...types import Response


def _get_kwargs(
    code: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/desk/requests/{code}".format(
            code=quote(str(code), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InputErrorOut | RequestOut | None:
    if response.status_code == 200:
        response_200 = RequestOut.from_dict(response.json())

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
) -> Response[ErrorOut | InputErrorOut | RequestOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorOut | InputErrorOut | RequestOut]:
    """وضعیت، گام‌ها، پیام‌ها و پاسخ درخواستی که در مکان‌های این سامانه ثبت شده است

     کد رهگیری ۱۳ رقمی (با خط تیره یا بی آن). درخواستی که در دفتر، واحد یا استانِ این سامانه ثبت یا
    رسیدگی نشده باشد، مانند کد ناموجود، پاسخ ۴۰۴ دارد. پیام‌ها همان‌هایی است که متقاضی می‌بیند
    (یادداشت‌های داخلی کارکنان نه). دسترسی لازم: `requests:read`.

    Args:
        code (str): کد رهگیری ۱۳ رقمی درخواست (با خط تیره یا بی آن، رقم فارسی هم)؛ مانند
            0599336574557.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | RequestOut]
    """

    kwargs = _get_kwargs(
        code=code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient,
) -> ErrorOut | InputErrorOut | RequestOut | None:
    """وضعیت، گام‌ها، پیام‌ها و پاسخ درخواستی که در مکان‌های این سامانه ثبت شده است

     کد رهگیری ۱۳ رقمی (با خط تیره یا بی آن). درخواستی که در دفتر، واحد یا استانِ این سامانه ثبت یا
    رسیدگی نشده باشد، مانند کد ناموجود، پاسخ ۴۰۴ دارد. پیام‌ها همان‌هایی است که متقاضی می‌بیند
    (یادداشت‌های داخلی کارکنان نه). دسترسی لازم: `requests:read`.

    Args:
        code (str): کد رهگیری ۱۳ رقمی درخواست (با خط تیره یا بی آن، رقم فارسی هم)؛ مانند
            0599336574557.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | RequestOut
    """

    return sync_detailed(
        code=code,
        client=client,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorOut | InputErrorOut | RequestOut]:
    """وضعیت، گام‌ها، پیام‌ها و پاسخ درخواستی که در مکان‌های این سامانه ثبت شده است

     کد رهگیری ۱۳ رقمی (با خط تیره یا بی آن). درخواستی که در دفتر، واحد یا استانِ این سامانه ثبت یا
    رسیدگی نشده باشد، مانند کد ناموجود، پاسخ ۴۰۴ دارد. پیام‌ها همان‌هایی است که متقاضی می‌بیند
    (یادداشت‌های داخلی کارکنان نه). دسترسی لازم: `requests:read`.

    Args:
        code (str): کد رهگیری ۱۳ رقمی درخواست (با خط تیره یا بی آن، رقم فارسی هم)؛ مانند
            0599336574557.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | RequestOut]
    """

    kwargs = _get_kwargs(
        code=code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient,
) -> ErrorOut | InputErrorOut | RequestOut | None:
    """وضعیت، گام‌ها، پیام‌ها و پاسخ درخواستی که در مکان‌های این سامانه ثبت شده است

     کد رهگیری ۱۳ رقمی (با خط تیره یا بی آن). درخواستی که در دفتر، واحد یا استانِ این سامانه ثبت یا
    رسیدگی نشده باشد، مانند کد ناموجود، پاسخ ۴۰۴ دارد. پیام‌ها همان‌هایی است که متقاضی می‌بیند
    (یادداشت‌های داخلی کارکنان نه). دسترسی لازم: `requests:read`.

    Args:
        code (str): کد رهگیری ۱۳ رقمی درخواست (با خط تیره یا بی آن، رقم فارسی هم)؛ مانند
            0599336574557.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | RequestOut
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
        )
    ).parsed
