"""The operations a client system may be granted (its scopes), each with its Persian description.

A scope is checked by the endpoint's `ClientBearer(scope)`; an endpoint without one of these
names cannot be declared (the bearer refuses an unknown scope when the module is imported)."""

SCOPES: dict[str, str] = {
    "services:read": "خواندن فهرست خدمات و فرم درخواست هر خدمت (فیلدها، مدارک، مجراها و هزینه)",
    "requests:read": "خواندن وضعیت، گام‌ها، پیام‌ها و پاسخ درخواست‌هایی که در مکان‌های این سامانه ثبت شده‌اند",
    "requests:file": "ثبت درخواست برای متقاضی در دفترهای پیشخوان این سامانه، با کد تأیید پیامک‌شده به متقاضی",
    "requests:write": "پیام، مدرک و انصراف متقاضی در درخواست‌هایی که در دفترهای پیشخوان این سامانه ثبت شده‌اند",
    "complaints:file": (
        "ثبت شکایات دریافتی یک سامانه ملی رسیدگی به شکایات و خواندن وضعیت آن‌ها (فقط سامانه شکایاتِ پیوندخورده)"
    ),
    "events:receive": (
        "دریافت رویدادهای درخواست‌ها و پرونده‌های دفترهای این سامانه با وب‌هوک (اشتراک را مدیر سامانه می‌سازد)"
    ),
    "performance:read": "خواندن برنامه و عملکرد واحدهای این سامانه (مجموعه مقادیر داده، JSON یا CSV)",
    "performance:write": "ثبت عملکرد واحدهای این سامانه، با همان قاعده‌های تأیید و قفل صفحه‌های ورود داده",
    "performance:plan": (
        "ثبت برنامه واحدهای این سامانه در نسخه برنامه (همراه performance:write؛ کار برنامه‌ریز ستاد)"
    ),
}


def scope_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {text}") for code, text in SCOPES.items()]
