"""The events a client system may subscribe to, each with its Persian label."""

EVENTS: dict[str, str] = {
    "request.accepted": "پذیرش درخواست",
    "request.more_needed": "درخواست مدرک یا اطلاعات بیشتر از متقاضی",
    "request.decided": "تصمیم درباره درخواست (تأیید یا رد)",
    "request.response_issued": "صدور پاسخ درخواست",
    "counter_file.returned": "عودت پرونده خوداظهاری دفتر پیشخوان برای اصلاح",
    "counter_file.ranked": "ثبت یا قطعی‌شدن رتبه پرونده دفتر پیشخوان",
}


def event_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {label}") for code, label in EVENTS.items()]
