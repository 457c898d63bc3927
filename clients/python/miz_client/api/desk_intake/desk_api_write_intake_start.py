from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.detail_out import DetailOut
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...models.start_in import StartIn
from ...types import Response


def _get_kwargs(
    *,
    body: StartIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/desk/intake/start",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DetailOut | ErrorOut | InputErrorOut | None:
    if response.status_code == 202:
        response_202 = DetailOut.from_dict(response.json())

        return response_202

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
) -> Response[DetailOut | ErrorOut | InputErrorOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: StartIn,
) -> Response[DetailOut | ErrorOut | InputErrorOut]:
    """شروع ثبت درخواست برای متقاضی: پیامک کد تأیید به همراه متقاضی

     همان گام نخست پذیرش در دفتر پیشخوان: دفتر (`office`، کد دفتر) باید از دفترهای این سامانه باشد، خدمت
    از مجرای دفتر پیشخوان ارائه شود و شماره همراه با حساب کد ملی بخواند. کد شش‌رقمی به همراه متقاضی
    پیامک می‌شود و متقاضی آن را به متصدی می‌دهد. دسترسی لازم: `requests:file`.

    Args:
        body (StartIn): متقاضی و خدمتی که دفتر پیشخوان برای او درخواست ثبت می‌کند.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DetailOut | ErrorOut | InputErrorOut]
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
    body: StartIn,
) -> DetailOut | ErrorOut | InputErrorOut | None:
    """شروع ثبت درخواست برای متقاضی: پیامک کد تأیید به همراه متقاضی

     همان گام نخست پذیرش در دفتر پیشخوان: دفتر (`office`، کد دفتر) باید از دفترهای این سامانه باشد، خدمت
    از مجرای دفتر پیشخوان ارائه شود و شماره همراه با حساب کد ملی بخواند. کد شش‌رقمی به همراه متقاضی
    پیامک می‌شود و متقاضی آن را به متصدی می‌دهد. دسترسی لازم: `requests:file`.

    Args:
        body (StartIn): متقاضی و خدمتی که دفتر پیشخوان برای او درخواست ثبت می‌کند.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DetailOut | ErrorOut | InputErrorOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: StartIn,
) -> Response[DetailOut | ErrorOut | InputErrorOut]:
    """شروع ثبت درخواست برای متقاضی: پیامک کد تأیید به همراه متقاضی

     همان گام نخست پذیرش در دفتر پیشخوان: دفتر (`office`، کد دفتر) باید از دفترهای این سامانه باشد، خدمت
    از مجرای دفتر پیشخوان ارائه شود و شماره همراه با حساب کد ملی بخواند. کد شش‌رقمی به همراه متقاضی
    پیامک می‌شود و متقاضی آن را به متصدی می‌دهد. دسترسی لازم: `requests:file`.

    Args:
        body (StartIn): متقاضی و خدمتی که دفتر پیشخوان برای او درخواست ثبت می‌کند.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DetailOut | ErrorOut | InputErrorOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: StartIn,
) -> DetailOut | ErrorOut | InputErrorOut | None:
    """شروع ثبت درخواست برای متقاضی: پیامک کد تأیید به همراه متقاضی

     همان گام نخست پذیرش در دفتر پیشخوان: دفتر (`office`، کد دفتر) باید از دفترهای این سامانه باشد، خدمت
    از مجرای دفتر پیشخوان ارائه شود و شماره همراه با حساب کد ملی بخواند. کد شش‌رقمی به همراه متقاضی
    پیامک می‌شود و متقاضی آن را به متصدی می‌دهد. دسترسی لازم: `requests:file`.

    Args:
        body (StartIn): متقاضی و خدمتی که دفتر پیشخوان برای او درخواست ثبت می‌کند.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DetailOut | ErrorOut | InputErrorOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
