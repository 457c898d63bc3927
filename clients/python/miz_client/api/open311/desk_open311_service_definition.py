from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.geo_report_error_out import GeoReportErrorOut
from ...models.open_311_definition_out import Open311DefinitionOut
from ...types import Response


def _get_kwargs(
    service_code: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/open311/v2/services/{service_code}.json".format(
            service_code=quote(str(service_code), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Open311DefinitionOut | list[GeoReportErrorOut] | None:
    if response.status_code == 200:
        response_200 = Open311DefinitionOut.from_dict(response.json())

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
) -> Response[Open311DefinitionOut | list[GeoReportErrorOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_code: str,
    *,
    client: AuthenticatedClient,
) -> Response[Open311DefinitionOut | list[GeoReportErrorOut]]:
    """Open311: تعریف خدمت (ویژگی‌های فرم درخواست)

     سه ویژگی نخست از آنِ متقاضی است (`miz_national_code`، `miz_office`، `miz_otp`)، سپس یک ویژگی برای هر
    فیلد فرم خدمت. مدارک لازم خدمت ویژگی نیستند: پرونده هر مدرک در بدنه multipart با نام `document_<id>`
    فرستاده می‌شود (شناسه‌ها در `/api/catalogue/services/<شناسه>`).

    Args:
        service_code (str): شناسه ملی ۱۱ رقمی خدمت (`service_code` در فهرست خدمت‌ها)؛ مانند
            10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Open311DefinitionOut | list[GeoReportErrorOut]]
    """

    kwargs = _get_kwargs(
        service_code=service_code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_code: str,
    *,
    client: AuthenticatedClient,
) -> Open311DefinitionOut | list[GeoReportErrorOut] | None:
    """Open311: تعریف خدمت (ویژگی‌های فرم درخواست)

     سه ویژگی نخست از آنِ متقاضی است (`miz_national_code`، `miz_office`، `miz_otp`)، سپس یک ویژگی برای هر
    فیلد فرم خدمت. مدارک لازم خدمت ویژگی نیستند: پرونده هر مدرک در بدنه multipart با نام `document_<id>`
    فرستاده می‌شود (شناسه‌ها در `/api/catalogue/services/<شناسه>`).

    Args:
        service_code (str): شناسه ملی ۱۱ رقمی خدمت (`service_code` در فهرست خدمت‌ها)؛ مانند
            10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Open311DefinitionOut | list[GeoReportErrorOut]
    """

    return sync_detailed(
        service_code=service_code,
        client=client,
    ).parsed


async def asyncio_detailed(
    service_code: str,
    *,
    client: AuthenticatedClient,
) -> Response[Open311DefinitionOut | list[GeoReportErrorOut]]:
    """Open311: تعریف خدمت (ویژگی‌های فرم درخواست)

     سه ویژگی نخست از آنِ متقاضی است (`miz_national_code`، `miz_office`، `miz_otp`)، سپس یک ویژگی برای هر
    فیلد فرم خدمت. مدارک لازم خدمت ویژگی نیستند: پرونده هر مدرک در بدنه multipart با نام `document_<id>`
    فرستاده می‌شود (شناسه‌ها در `/api/catalogue/services/<شناسه>`).

    Args:
        service_code (str): شناسه ملی ۱۱ رقمی خدمت (`service_code` در فهرست خدمت‌ها)؛ مانند
            10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Open311DefinitionOut | list[GeoReportErrorOut]]
    """

    kwargs = _get_kwargs(
        service_code=service_code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_code: str,
    *,
    client: AuthenticatedClient,
) -> Open311DefinitionOut | list[GeoReportErrorOut] | None:
    """Open311: تعریف خدمت (ویژگی‌های فرم درخواست)

     سه ویژگی نخست از آنِ متقاضی است (`miz_national_code`، `miz_office`، `miz_otp`)، سپس یک ویژگی برای هر
    فیلد فرم خدمت. مدارک لازم خدمت ویژگی نیستند: پرونده هر مدرک در بدنه multipart با نام `document_<id>`
    فرستاده می‌شود (شناسه‌ها در `/api/catalogue/services/<شناسه>`).

    Args:
        service_code (str): شناسه ملی ۱۱ رقمی خدمت (`service_code` در فهرست خدمت‌ها)؛ مانند
            10031940000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Open311DefinitionOut | list[GeoReportErrorOut]
    """

    return (
        await asyncio_detailed(
            service_code=service_code,
            client=client,
        )
    ).parsed
