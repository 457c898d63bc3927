from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.complaint_in import ComplaintIn
from ...models.complaint_out import ComplaintOut
from ...models.error_out import ErrorOut
from ...models.input_error_out import InputErrorOut
from ...types import Response


def _get_kwargs(
    *,
    body: ComplaintIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/complaints/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ComplaintOut | ErrorOut | InputErrorOut | None:
    if response.status_code == 200:
        response_200 = ComplaintOut.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ComplaintOut.from_dict(response.json())

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
) -> Response[ComplaintOut | ErrorOut | InputErrorOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ComplaintIn,
) -> Response[ComplaintOut | ErrorOut | InputErrorOut]:
    """ثبت شکایتی که سامانه ملی دریافت کرده است (یک بار برای هر شماره پیگیری)

     `external_reference` شماره پیگیری شکایت در سامانه ملی است (تا ۴۰ نویسه) و شکایت را یکتا می‌کند:
    ارسال دوباره همان شماره، حتی هم‌زمان، همان شکایت را با پاسخ ۲۰۰ برمی‌گرداند و چیزی دوباره ثبت
    نمی‌شود؛ همان شماره با کد ملی دیگر ۴۰۹ است. `system` اگر فرستاده شود باید همان سامانه ملیِ این
    سامانه متصل باشد (`samad`، `sina`، `dadvar`). `subject` عنوان یکی از موضوعات شکایت است، `unit` کد
    واحدِ مورد شکایت (اختیاری؛ شکایت هرگز به همان واحد نمی‌رود)، `province` کد ISO یا نام استان
    (اختیاری؛ شکایتِ بی‌واحد به آن استان می‌رود) و `received` تاریخ دریافت در سامانه ملی، شمسی
    (`1404/08/01`) یا میلادی (`2025-10-23`).

    Args:
        body (ComplaintIn): شکایتی که سامانه ملی دریافت کرده است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ComplaintOut | ErrorOut | InputErrorOut]
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
    body: ComplaintIn,
) -> ComplaintOut | ErrorOut | InputErrorOut | None:
    """ثبت شکایتی که سامانه ملی دریافت کرده است (یک بار برای هر شماره پیگیری)

     `external_reference` شماره پیگیری شکایت در سامانه ملی است (تا ۴۰ نویسه) و شکایت را یکتا می‌کند:
    ارسال دوباره همان شماره، حتی هم‌زمان، همان شکایت را با پاسخ ۲۰۰ برمی‌گرداند و چیزی دوباره ثبت
    نمی‌شود؛ همان شماره با کد ملی دیگر ۴۰۹ است. `system` اگر فرستاده شود باید همان سامانه ملیِ این
    سامانه متصل باشد (`samad`، `sina`، `dadvar`). `subject` عنوان یکی از موضوعات شکایت است، `unit` کد
    واحدِ مورد شکایت (اختیاری؛ شکایت هرگز به همان واحد نمی‌رود)، `province` کد ISO یا نام استان
    (اختیاری؛ شکایتِ بی‌واحد به آن استان می‌رود) و `received` تاریخ دریافت در سامانه ملی، شمسی
    (`1404/08/01`) یا میلادی (`2025-10-23`).

    Args:
        body (ComplaintIn): شکایتی که سامانه ملی دریافت کرده است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ComplaintOut | ErrorOut | InputErrorOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ComplaintIn,
) -> Response[ComplaintOut | ErrorOut | InputErrorOut]:
    """ثبت شکایتی که سامانه ملی دریافت کرده است (یک بار برای هر شماره پیگیری)

     `external_reference` شماره پیگیری شکایت در سامانه ملی است (تا ۴۰ نویسه) و شکایت را یکتا می‌کند:
    ارسال دوباره همان شماره، حتی هم‌زمان، همان شکایت را با پاسخ ۲۰۰ برمی‌گرداند و چیزی دوباره ثبت
    نمی‌شود؛ همان شماره با کد ملی دیگر ۴۰۹ است. `system` اگر فرستاده شود باید همان سامانه ملیِ این
    سامانه متصل باشد (`samad`، `sina`، `dadvar`). `subject` عنوان یکی از موضوعات شکایت است، `unit` کد
    واحدِ مورد شکایت (اختیاری؛ شکایت هرگز به همان واحد نمی‌رود)، `province` کد ISO یا نام استان
    (اختیاری؛ شکایتِ بی‌واحد به آن استان می‌رود) و `received` تاریخ دریافت در سامانه ملی، شمسی
    (`1404/08/01`) یا میلادی (`2025-10-23`).

    Args:
        body (ComplaintIn): شکایتی که سامانه ملی دریافت کرده است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ComplaintOut | ErrorOut | InputErrorOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ComplaintIn,
) -> ComplaintOut | ErrorOut | InputErrorOut | None:
    """ثبت شکایتی که سامانه ملی دریافت کرده است (یک بار برای هر شماره پیگیری)

     `external_reference` شماره پیگیری شکایت در سامانه ملی است (تا ۴۰ نویسه) و شکایت را یکتا می‌کند:
    ارسال دوباره همان شماره، حتی هم‌زمان، همان شکایت را با پاسخ ۲۰۰ برمی‌گرداند و چیزی دوباره ثبت
    نمی‌شود؛ همان شماره با کد ملی دیگر ۴۰۹ است. `system` اگر فرستاده شود باید همان سامانه ملیِ این
    سامانه متصل باشد (`samad`، `sina`، `dadvar`). `subject` عنوان یکی از موضوعات شکایت است، `unit` کد
    واحدِ مورد شکایت (اختیاری؛ شکایت هرگز به همان واحد نمی‌رود)، `province` کد ISO یا نام استان
    (اختیاری؛ شکایتِ بی‌واحد به آن استان می‌رود) و `received` تاریخ دریافت در سامانه ملی، شمسی
    (`1404/08/01`) یا میلادی (`2025-10-23`).

    Args:
        body (ComplaintIn): شکایتی که سامانه ملی دریافت کرده است.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ComplaintOut | ErrorOut | InputErrorOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
