from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.geo_report_error_out import GeoReportErrorOut
from ...models.open_311_service_out import Open311ServiceOut
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/open311/v2/services.json",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> list[GeoReportErrorOut] | list[Open311ServiceOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Open311ServiceOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = []
        _response_400 = response.json()
        for response_400_item_data in _response_400:
            response_400_item = GeoReportErrorOut.from_dict(response_400_item_data)

            response_400.append(response_400_item)

        return response_400

    if response.status_code == 401:
        response_401 = []
        _response_401 = response.json()
        for response_401_item_data in _response_401:
            response_401_item = GeoReportErrorOut.from_dict(response_401_item_data)

            response_401.append(response_401_item)

        return response_401

    if response.status_code == 403:
        response_403 = []
        _response_403 = response.json()
        for response_403_item_data in _response_403:
            response_403_item = GeoReportErrorOut.from_dict(response_403_item_data)

            response_403.append(response_403_item)

        return response_403

    if response.status_code == 404:
        response_404 = []
        _response_404 = response.json()
        for response_404_item_data in _response_404:
            response_404_item = GeoReportErrorOut.from_dict(response_404_item_data)

            response_404.append(response_404_item)

        return response_404

    if response.status_code == 422:
        response_422 = []
        _response_422 = response.json()
        for response_422_item_data in _response_422:
            response_422_item = GeoReportErrorOut.from_dict(response_422_item_data)

            response_422.append(response_422_item)

        return response_422

    if response.status_code == 429:
        response_429 = []
        _response_429 = response.json()
        for response_429_item_data in _response_429:
            response_429_item = GeoReportErrorOut.from_dict(response_429_item_data)

            response_429.append(response_429_item)

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[list[GeoReportErrorOut] | list[Open311ServiceOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[list[GeoReportErrorOut] | list[Open311ServiceOut]]:
    """Open311: فهرست خدمت‌هایی که این سامانه می‌تواند ثبت کند

     خدمت‌های فعالی که از مجرای دفتر پیشخوان ارائه می‌شوند؛ `service_code` شناسه ملی ۱۱ رقمی خدمت است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[list[GeoReportErrorOut] | list[Open311ServiceOut]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> list[GeoReportErrorOut] | list[Open311ServiceOut] | None:
    """Open311: فهرست خدمت‌هایی که این سامانه می‌تواند ثبت کند

     خدمت‌های فعالی که از مجرای دفتر پیشخوان ارائه می‌شوند؛ `service_code` شناسه ملی ۱۱ رقمی خدمت است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[GeoReportErrorOut] | list[Open311ServiceOut]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[list[GeoReportErrorOut] | list[Open311ServiceOut]]:
    """Open311: فهرست خدمت‌هایی که این سامانه می‌تواند ثبت کند

     خدمت‌های فعالی که از مجرای دفتر پیشخوان ارائه می‌شوند؛ `service_code` شناسه ملی ۱۱ رقمی خدمت است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[list[GeoReportErrorOut] | list[Open311ServiceOut]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> list[GeoReportErrorOut] | list[Open311ServiceOut] | None:
    """Open311: فهرست خدمت‌هایی که این سامانه می‌تواند ثبت کند

     خدمت‌های فعالی که از مجرای دفتر پیشخوان ارائه می‌شوند؛ `service_code` شناسه ملی ۱۱ رقمی خدمت است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[GeoReportErrorOut] | list[Open311ServiceOut]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
