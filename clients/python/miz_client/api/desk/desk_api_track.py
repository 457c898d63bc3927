from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...models.track_in import TrackIn
from ...models.track_out import TrackOut
from ...types import Response


def _get_kwargs(
    *,
    body: TrackIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/desk/track",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorOut | InputErrorOut | TrackOut | None:
    if response.status_code == 200:
        response_200 = TrackOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorOut.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = ErrorOut.from_dict(response.json())

        return response_404

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
) -> Response[ErrorOut | InputErrorOut | TrackOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TrackIn,
) -> Response[ErrorOut | InputErrorOut | TrackOut]:
    """پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه

     همان قاعده صفحه عمومی پیگیری، بی توکن: کد رهگیری به‌علاوه کد ملی یا شماره همراه متقاضی. کد یا
    شناسه‌ای که با هم نخوانند ۴۰۴ است، و تعداد جست‌وجوهای هر نشانی محدود است (۴۲۹).

    Args:
        body (TrackIn): پرسش پیگیری: کد رهگیری و کد ملی یا شماره همراه متقاضی.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | TrackOut]
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
    client: AuthenticatedClient | Client,
    body: TrackIn,
) -> ErrorOut | InputErrorOut | TrackOut | None:
    """پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه

     همان قاعده صفحه عمومی پیگیری، بی توکن: کد رهگیری به‌علاوه کد ملی یا شماره همراه متقاضی. کد یا
    شناسه‌ای که با هم نخوانند ۴۰۴ است، و تعداد جست‌وجوهای هر نشانی محدود است (۴۲۹).

    Args:
        body (TrackIn): پرسش پیگیری: کد رهگیری و کد ملی یا شماره همراه متقاضی.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | TrackOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TrackIn,
) -> Response[ErrorOut | InputErrorOut | TrackOut]:
    """پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه

     همان قاعده صفحه عمومی پیگیری، بی توکن: کد رهگیری به‌علاوه کد ملی یا شماره همراه متقاضی. کد یا
    شناسه‌ای که با هم نخوانند ۴۰۴ است، و تعداد جست‌وجوهای هر نشانی محدود است (۴۲۹).

    Args:
        body (TrackIn): پرسش پیگیری: کد رهگیری و کد ملی یا شماره همراه متقاضی.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | InputErrorOut | TrackOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TrackIn,
) -> ErrorOut | InputErrorOut | TrackOut | None:
    """پیگیری درخواست با کد رهگیری و کد ملی یا شماره همراه

     همان قاعده صفحه عمومی پیگیری، بی توکن: کد رهگیری به‌علاوه کد ملی یا شماره همراه متقاضی. کد یا
    شناسه‌ای که با هم نخوانند ۴۰۴ است، و تعداد جست‌وجوهای هر نشانی محدود است (۴۲۹).

    Args:
        body (TrackIn): پرسش پیگیری: کد رهگیری و کد ملی یا شماره همراه متقاضی.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | InputErrorOut | TrackOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
