from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_out import ErrorOut
from ...models.value_set import ValueSet
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    period: str | Unset = "",
    unit: str | Unset = "",
    activity: str | Unset = "",
    plan_version: str | Unset = "",
    measure: str | Unset = "",
    format_: str | Unset = "",
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["period"] = period

    params["unit"] = unit

    params["activity"] = activity

    params["plan_version"] = plan_version

    params["measure"] = measure

    params["format"] = format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/performance/datavaluesets",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorOut | ValueSet | None:
    if response.status_code == 200:
        response_200 = ValueSet.from_dict(response.json())

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
        response_422 = ErrorOut.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorOut.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErrorOut | ValueSet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    period: str | Unset = "",
    unit: str | Unset = "",
    activity: str | Unset = "",
    plan_version: str | Unset = "",
    measure: str | Unset = "",
    format_: str | Unset = "",
) -> Response[ErrorOut | ValueSet]:
    """خواندن برنامه و عملکرد واحدهای این سامانه (JSON یا CSV)

     فیلترها: `period` (سال، فصل یا ماه شمسی مانند 1400، 1400Q2، 140003؛ با دوره‌های درون آن)، `unit` (کد
    واحد، با زیرمجموعه‌هایش)، `activity` (کد فعالیت)، `plan_version` (فقط برنامه‌های آن نسخه)، `measure`
    (plan یا actual). `format=csv` یا `Accept: text/csv` همین ردیف‌ها را با سطر نام ستون‌ها به CSV
    می‌دهد. خروجی را می‌توان بی‌تغییر به همین نشانی فرستاد.

    Args:
        period (str | Unset): سال، فصل یا ماه شمسی با دوره‌های درون آن: 1400، 1400Q2 یا 140003.
            Default: ''.
        unit (str | Unset): کد واحد، با زیرمجموعه‌هایش (از مکان‌های این سامانه). Default: ''.
        activity (str | Unset): کد فعالیت. Default: ''.
        plan_version (str | Unset): کد نسخه برنامه: فقط برنامه‌های آن نسخه. Default: ''.
        measure (str | Unset): plan (برنامه) یا actual (عملکرد). Default: ''.
        format_ (str | Unset): json یا csv (بی آن: سرآیند Accept، و گرنه JSON). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | ValueSet]
    """

    kwargs = _get_kwargs(
        period=period,
        unit=unit,
        activity=activity,
        plan_version=plan_version,
        measure=measure,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    period: str | Unset = "",
    unit: str | Unset = "",
    activity: str | Unset = "",
    plan_version: str | Unset = "",
    measure: str | Unset = "",
    format_: str | Unset = "",
) -> ErrorOut | ValueSet | None:
    """خواندن برنامه و عملکرد واحدهای این سامانه (JSON یا CSV)

     فیلترها: `period` (سال، فصل یا ماه شمسی مانند 1400، 1400Q2، 140003؛ با دوره‌های درون آن)، `unit` (کد
    واحد، با زیرمجموعه‌هایش)، `activity` (کد فعالیت)، `plan_version` (فقط برنامه‌های آن نسخه)، `measure`
    (plan یا actual). `format=csv` یا `Accept: text/csv` همین ردیف‌ها را با سطر نام ستون‌ها به CSV
    می‌دهد. خروجی را می‌توان بی‌تغییر به همین نشانی فرستاد.

    Args:
        period (str | Unset): سال، فصل یا ماه شمسی با دوره‌های درون آن: 1400، 1400Q2 یا 140003.
            Default: ''.
        unit (str | Unset): کد واحد، با زیرمجموعه‌هایش (از مکان‌های این سامانه). Default: ''.
        activity (str | Unset): کد فعالیت. Default: ''.
        plan_version (str | Unset): کد نسخه برنامه: فقط برنامه‌های آن نسخه. Default: ''.
        measure (str | Unset): plan (برنامه) یا actual (عملکرد). Default: ''.
        format_ (str | Unset): json یا csv (بی آن: سرآیند Accept، و گرنه JSON). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | ValueSet
    """

    return sync_detailed(
        client=client,
        period=period,
        unit=unit,
        activity=activity,
        plan_version=plan_version,
        measure=measure,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    period: str | Unset = "",
    unit: str | Unset = "",
    activity: str | Unset = "",
    plan_version: str | Unset = "",
    measure: str | Unset = "",
    format_: str | Unset = "",
) -> Response[ErrorOut | ValueSet]:
    """خواندن برنامه و عملکرد واحدهای این سامانه (JSON یا CSV)

     فیلترها: `period` (سال، فصل یا ماه شمسی مانند 1400، 1400Q2، 140003؛ با دوره‌های درون آن)، `unit` (کد
    واحد، با زیرمجموعه‌هایش)، `activity` (کد فعالیت)، `plan_version` (فقط برنامه‌های آن نسخه)، `measure`
    (plan یا actual). `format=csv` یا `Accept: text/csv` همین ردیف‌ها را با سطر نام ستون‌ها به CSV
    می‌دهد. خروجی را می‌توان بی‌تغییر به همین نشانی فرستاد.

    Args:
        period (str | Unset): سال، فصل یا ماه شمسی با دوره‌های درون آن: 1400، 1400Q2 یا 140003.
            Default: ''.
        unit (str | Unset): کد واحد، با زیرمجموعه‌هایش (از مکان‌های این سامانه). Default: ''.
        activity (str | Unset): کد فعالیت. Default: ''.
        plan_version (str | Unset): کد نسخه برنامه: فقط برنامه‌های آن نسخه. Default: ''.
        measure (str | Unset): plan (برنامه) یا actual (عملکرد). Default: ''.
        format_ (str | Unset): json یا csv (بی آن: سرآیند Accept، و گرنه JSON). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorOut | ValueSet]
    """

    kwargs = _get_kwargs(
        period=period,
        unit=unit,
        activity=activity,
        plan_version=plan_version,
        measure=measure,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    period: str | Unset = "",
    unit: str | Unset = "",
    activity: str | Unset = "",
    plan_version: str | Unset = "",
    measure: str | Unset = "",
    format_: str | Unset = "",
) -> ErrorOut | ValueSet | None:
    """خواندن برنامه و عملکرد واحدهای این سامانه (JSON یا CSV)

     فیلترها: `period` (سال، فصل یا ماه شمسی مانند 1400، 1400Q2، 140003؛ با دوره‌های درون آن)، `unit` (کد
    واحد، با زیرمجموعه‌هایش)، `activity` (کد فعالیت)، `plan_version` (فقط برنامه‌های آن نسخه)، `measure`
    (plan یا actual). `format=csv` یا `Accept: text/csv` همین ردیف‌ها را با سطر نام ستون‌ها به CSV
    می‌دهد. خروجی را می‌توان بی‌تغییر به همین نشانی فرستاد.

    Args:
        period (str | Unset): سال، فصل یا ماه شمسی با دوره‌های درون آن: 1400، 1400Q2 یا 140003.
            Default: ''.
        unit (str | Unset): کد واحد، با زیرمجموعه‌هایش (از مکان‌های این سامانه). Default: ''.
        activity (str | Unset): کد فعالیت. Default: ''.
        plan_version (str | Unset): کد نسخه برنامه: فقط برنامه‌های آن نسخه. Default: ''.
        measure (str | Unset): plan (برنامه) یا actual (عملکرد). Default: ''.
        format_ (str | Unset): json یا csv (بی آن: سرآیند Accept، و گرنه JSON). Default: ''.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorOut | ValueSet
    """

    return (
        await asyncio_detailed(
            client=client,
            period=period,
            unit=unit,
            activity=activity,
            plan_version=plan_version,
            measure=measure,
            format_=format_,
        )
    ).parsed
