import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.geo_report_error_out import GeoReportErrorOut
from ...models.open_311_request_out import Open311RequestOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    service_request_id: str | Unset = "",
    service_code: str | Unset = "",
    start_date: datetime.datetime | None | Unset = UNSET,
    end_date: datetime.datetime | None | Unset = UNSET,
    status: str | Unset = "",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["service_request_id"] = service_request_id

    params["service_code"] = service_code

    json_start_date: None | str | Unset
    if isinstance(start_date, Unset):
        json_start_date = UNSET
    elif isinstance(start_date, datetime.datetime):
        json_start_date = start_date.isoformat()
    else:
        json_start_date = start_date
    params["start_date"] = json_start_date

    json_end_date: None | str | Unset
    if isinstance(end_date, Unset):
        json_end_date = UNSET
    elif isinstance(end_date, datetime.datetime):
        json_end_date = end_date.isoformat()
    else:
        json_end_date = end_date
    params["end_date"] = json_end_date

    params["status"] = status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/open311/v2/requests.json",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> list[GeoReportErrorOut] | list[Open311RequestOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Open311RequestOut.from_dict(response_200_item_data)

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
) -> Response[list[GeoReportErrorOut] | list[Open311RequestOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    service_request_id: str | Unset = "",
    service_code: str | Unset = "",
    start_date: datetime.datetime | None | Unset = UNSET,
    end_date: datetime.datetime | None | Unset = UNSET,
    status: str | Unset = "",
) -> Response[list[GeoReportErrorOut] | list[Open311RequestOut]]:
    """Open311: درخواست‌های مکان‌های این سامانه

     `service_request_id` (کدهای رهگیری جدا با ویرگول)، `service_code`، `start_date` و `end_date` (ISO
    8601، بر زمان ثبت) و `status` (`open` یا `closed`). بی تاریخ، ۹۰ روز گذشته؛ حداکثر ۱۰۰۰ درخواست،
    تازه‌ترین نخست.

    Args:
        service_request_id (str | Unset): کدهای رهگیری، جدا با ویرگول (با آن تاریخ‌ها نادیده‌اند)؛
            مانند 0599336574557. Default: ''.
        service_code (str | Unset): شناسه ملی ۱۱ رقمی خدمت؛ مانند 10031940000. Default: ''.
        start_date (datetime.datetime | None | Unset): از این زمان ثبت (ISO 8601).
        end_date (datetime.datetime | None | Unset): تا این زمان ثبت (ISO 8601).
        status (str | Unset): open یا closed (یا هر دو، جدا با ویرگول). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[list[GeoReportErrorOut] | list[Open311RequestOut]]
    """

    kwargs = _get_kwargs(
        service_request_id=service_request_id,
        service_code=service_code,
        start_date=start_date,
        end_date=end_date,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    service_request_id: str | Unset = "",
    service_code: str | Unset = "",
    start_date: datetime.datetime | None | Unset = UNSET,
    end_date: datetime.datetime | None | Unset = UNSET,
    status: str | Unset = "",
) -> list[GeoReportErrorOut] | list[Open311RequestOut] | None:
    """Open311: درخواست‌های مکان‌های این سامانه

     `service_request_id` (کدهای رهگیری جدا با ویرگول)، `service_code`، `start_date` و `end_date` (ISO
    8601، بر زمان ثبت) و `status` (`open` یا `closed`). بی تاریخ، ۹۰ روز گذشته؛ حداکثر ۱۰۰۰ درخواست،
    تازه‌ترین نخست.

    Args:
        service_request_id (str | Unset): کدهای رهگیری، جدا با ویرگول (با آن تاریخ‌ها نادیده‌اند)؛
            مانند 0599336574557. Default: ''.
        service_code (str | Unset): شناسه ملی ۱۱ رقمی خدمت؛ مانند 10031940000. Default: ''.
        start_date (datetime.datetime | None | Unset): از این زمان ثبت (ISO 8601).
        end_date (datetime.datetime | None | Unset): تا این زمان ثبت (ISO 8601).
        status (str | Unset): open یا closed (یا هر دو، جدا با ویرگول). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[GeoReportErrorOut] | list[Open311RequestOut]
    """

    return sync_detailed(
        client=client,
        service_request_id=service_request_id,
        service_code=service_code,
        start_date=start_date,
        end_date=end_date,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    service_request_id: str | Unset = "",
    service_code: str | Unset = "",
    start_date: datetime.datetime | None | Unset = UNSET,
    end_date: datetime.datetime | None | Unset = UNSET,
    status: str | Unset = "",
) -> Response[list[GeoReportErrorOut] | list[Open311RequestOut]]:
    """Open311: درخواست‌های مکان‌های این سامانه

     `service_request_id` (کدهای رهگیری جدا با ویرگول)، `service_code`، `start_date` و `end_date` (ISO
    8601، بر زمان ثبت) و `status` (`open` یا `closed`). بی تاریخ، ۹۰ روز گذشته؛ حداکثر ۱۰۰۰ درخواست،
    تازه‌ترین نخست.

    Args:
        service_request_id (str | Unset): کدهای رهگیری، جدا با ویرگول (با آن تاریخ‌ها نادیده‌اند)؛
            مانند 0599336574557. Default: ''.
        service_code (str | Unset): شناسه ملی ۱۱ رقمی خدمت؛ مانند 10031940000. Default: ''.
        start_date (datetime.datetime | None | Unset): از این زمان ثبت (ISO 8601).
        end_date (datetime.datetime | None | Unset): تا این زمان ثبت (ISO 8601).
        status (str | Unset): open یا closed (یا هر دو، جدا با ویرگول). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[list[GeoReportErrorOut] | list[Open311RequestOut]]
    """

    kwargs = _get_kwargs(
        service_request_id=service_request_id,
        service_code=service_code,
        start_date=start_date,
        end_date=end_date,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    service_request_id: str | Unset = "",
    service_code: str | Unset = "",
    start_date: datetime.datetime | None | Unset = UNSET,
    end_date: datetime.datetime | None | Unset = UNSET,
    status: str | Unset = "",
) -> list[GeoReportErrorOut] | list[Open311RequestOut] | None:
    """Open311: درخواست‌های مکان‌های این سامانه

     `service_request_id` (کدهای رهگیری جدا با ویرگول)، `service_code`، `start_date` و `end_date` (ISO
    8601، بر زمان ثبت) و `status` (`open` یا `closed`). بی تاریخ، ۹۰ روز گذشته؛ حداکثر ۱۰۰۰ درخواست،
    تازه‌ترین نخست.

    Args:
        service_request_id (str | Unset): کدهای رهگیری، جدا با ویرگول (با آن تاریخ‌ها نادیده‌اند)؛
            مانند 0599336574557. Default: ''.
        service_code (str | Unset): شناسه ملی ۱۱ رقمی خدمت؛ مانند 10031940000. Default: ''.
        start_date (datetime.datetime | None | Unset): از این زمان ثبت (ISO 8601).
        end_date (datetime.datetime | None | Unset): تا این زمان ثبت (ISO 8601).
        status (str | Unset): open یا closed (یا هر دو، جدا با ویرگول). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        list[GeoReportErrorOut] | list[Open311RequestOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            service_request_id=service_request_id,
            service_code=service_code,
            start_date=start_date,
            end_date=end_date,
            status=status,
        )
    ).parsed
