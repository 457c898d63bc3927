from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.complaint_out import ComplaintOut
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...types import Response


def _get_kwargs(
    reference: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/complaints/{reference}".format(
            reference=quote(str(reference), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ComplaintOut | ErrorOut | InputErrorOut | None:
    if response.status_code == 200:
        response_200 = ComplaintOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorOut.from_dict(response.json())

        return response_409

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
) -> Response[ComplaintOut | ErrorOut | InputErrorOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    reference: str,
    *,
    client: AuthenticatedClient,
) -> Response[ComplaintOut | ErrorOut | InputErrorOut]:
    """وضعیت شکایتی از این سامانه ملی، با شماره پیگیری آن در سامانه ملی

     شکایتی که این سامانه ملی با همین شماره پیگیری فرستاده است: موضوع، واحد و درخواست رسیدگی در میز
    (وضعیت، گام‌ها، پیام‌ها و پاسخ). شماره‌ای که از این سامانه ملی ثبت نشده ۴۰۴ است.

    Args:
        reference (str): شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ مانند 111-1404-0008123.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ComplaintOut | ErrorOut | InputErrorOut]
    """

    kwargs = _get_kwargs(
        reference=reference,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reference: str,
    *,
    client: AuthenticatedClient,
) -> ComplaintOut | ErrorOut | InputErrorOut | None:
    """وضعیت شکایتی از این سامانه ملی، با شماره پیگیری آن در سامانه ملی

     شکایتی که این سامانه ملی با همین شماره پیگیری فرستاده است: موضوع، واحد و درخواست رسیدگی در میز
    (وضعیت، گام‌ها، پیام‌ها و پاسخ). شماره‌ای که از این سامانه ملی ثبت نشده ۴۰۴ است.

    Args:
        reference (str): شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ مانند 111-1404-0008123.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ComplaintOut | ErrorOut | InputErrorOut
    """

    return sync_detailed(
        reference=reference,
        client=client,
    ).parsed


async def asyncio_detailed(
    reference: str,
    *,
    client: AuthenticatedClient,
) -> Response[ComplaintOut | ErrorOut | InputErrorOut]:
    """وضعیت شکایتی از این سامانه ملی، با شماره پیگیری آن در سامانه ملی

     شکایتی که این سامانه ملی با همین شماره پیگیری فرستاده است: موضوع، واحد و درخواست رسیدگی در میز
    (وضعیت، گام‌ها، پیام‌ها و پاسخ). شماره‌ای که از این سامانه ملی ثبت نشده ۴۰۴ است.

    Args:
        reference (str): شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ مانند 111-1404-0008123.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ComplaintOut | ErrorOut | InputErrorOut]
    """

    kwargs = _get_kwargs(
        reference=reference,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reference: str,
    *,
    client: AuthenticatedClient,
) -> ComplaintOut | ErrorOut | InputErrorOut | None:
    """وضعیت شکایتی از این سامانه ملی، با شماره پیگیری آن در سامانه ملی

     شکایتی که این سامانه ملی با همین شماره پیگیری فرستاده است: موضوع، واحد و درخواست رسیدگی در میز
    (وضعیت، گام‌ها، پیام‌ها و پاسخ). شماره‌ای که از این سامانه ملی ثبت نشده ۴۰۴ است.

    Args:
        reference (str): شماره پیگیری شکایت در سامانه ملی (تا ۴۰ نویسه)؛ مانند 111-1404-0008123.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ComplaintOut | ErrorOut | InputErrorOut
    """

    return (
        await asyncio_detailed(
            reference=reference,
            client=client,
        )
    ).parsed
