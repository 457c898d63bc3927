from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.area import Area
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...models.service_out import ServiceOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = "",
    area: Area | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    json_area: None | str | Unset
    if isinstance(area, Unset):
        json_area = UNSET
    elif isinstance(area, Area):
        json_area = area.value
    else:
        json_area = area
    params["area"] = json_area

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/catalogue/services",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InputErrorOut | list[ServiceOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ServiceOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorOut | InputErrorOut | list[ServiceOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = "",
    area: Area | None | Unset = UNSET,
) -> Response[ErrorOut | InputErrorOut | list[ServiceOut]]:
    """فهرست خدمات فعال

     خدمات فعالی که هم‌اکنون ارائه می‌شوند، به ترتیب فهرست عمومی. با `q` (واژه‌های عنوان، شرح یا شناسه) و
    `area` (حوزه) می‌توان فهرست را محدود کرد. دسترسی لازم: `services:read`.

    Args:
        q (str | Unset): واژه‌هایی از عنوان، شرح یا شناسه خدمت، مانند «پروانه». Default: ''.
        area (Area | None | Unset): فقط خدمات این حوزه، مانند conformity_assessment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | list[ServiceOut]]
    """

    kwargs = _get_kwargs(
        q=q,
        area=area,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str | Unset = "",
    area: Area | None | Unset = UNSET,
) -> ErrorOut | InputErrorOut | list[ServiceOut] | None:
    """فهرست خدمات فعال

     خدمات فعالی که هم‌اکنون ارائه می‌شوند، به ترتیب فهرست عمومی. با `q` (واژه‌های عنوان، شرح یا شناسه) و
    `area` (حوزه) می‌توان فهرست را محدود کرد. دسترسی لازم: `services:read`.

    Args:
        q (str | Unset): واژه‌هایی از عنوان، شرح یا شناسه خدمت، مانند «پروانه». Default: ''.
        area (Area | None | Unset): فقط خدمات این حوزه، مانند conformity_assessment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | list[ServiceOut]
    """

    return sync_detailed(
        client=client,
        q=q,
        area=area,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = "",
    area: Area | None | Unset = UNSET,
) -> Response[ErrorOut | InputErrorOut | list[ServiceOut]]:
    """فهرست خدمات فعال

     خدمات فعالی که هم‌اکنون ارائه می‌شوند، به ترتیب فهرست عمومی. با `q` (واژه‌های عنوان، شرح یا شناسه) و
    `area` (حوزه) می‌توان فهرست را محدود کرد. دسترسی لازم: `services:read`.

    Args:
        q (str | Unset): واژه‌هایی از عنوان، شرح یا شناسه خدمت، مانند «پروانه». Default: ''.
        area (Area | None | Unset): فقط خدمات این حوزه، مانند conformity_assessment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | list[ServiceOut]]
    """

    kwargs = _get_kwargs(
        q=q,
        area=area,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = "",
    area: Area | None | Unset = UNSET,
) -> ErrorOut | InputErrorOut | list[ServiceOut] | None:
    """فهرست خدمات فعال

     خدمات فعالی که هم‌اکنون ارائه می‌شوند، به ترتیب فهرست عمومی. با `q` (واژه‌های عنوان، شرح یا شناسه) و
    `area` (حوزه) می‌توان فهرست را محدود کرد. دسترسی لازم: `services:read`.

    Args:
        q (str | Unset): واژه‌هایی از عنوان، شرح یا شناسه خدمت، مانند «پروانه». Default: ''.
        area (Area | None | Unset): فقط خدمات این حوزه، مانند conformity_assessment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | list[ServiceOut]
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            area=area,
        )
    ).parsed
