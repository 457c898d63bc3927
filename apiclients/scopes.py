"""The operations a client system may be granted (its scopes), each with its Persian description.

A scope is checked by the endpoint's `ClientBearer(scope)`; an endpoint without one of these
names cannot be declared (the bearer refuses an unknown scope when the module is imported)."""

SCOPES: dict[str, str] = {
    "services:read": "خواندن فهرست خدمات و فرم درخواست هر خدمت (فیلدها، مدارک، مجراها و هزینه)",
    "requests:read": "خواندن وضعیت، گام‌ها، پیام‌ها و پاسخ درخواست‌هایی که در مکان‌های این سامانه ثبت شده‌اند",
}


def scope_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {text}") for code, text in SCOPES.items()]
