"""The periodic jobs (settings.MIZ_SCHEDULED_JOBS; docs/operations.md, decision 0060): each job's
Persian title, the management command the task worker runs, its cron expression (Tehran time),
the grace after which /healthz calls it late, and its queue when not the default."""

SCHEDULED_JOBS = {
    "webhooks_retry": {
        "title": "ارسال دوبارهٔ وب‌هوک‌های جامانده",
        "command": ["webhooks_retry"],
        "cron": "*/5 * * * *",
        "grace_seconds": 600,
        "queue": "webhooks",
    },
    "complaints_pull": {
        "title": "دریافت شکایات تازه از سامانه‌های ملی رسیدگی به شکایات",
        "command": ["complaints_pull"],
        "cron": "*/15 * * * *",
        "grace_seconds": 1800,
    },
    "payments_inquire": {
        "title": "استعلام پرداخت‌های باز از درگاه و نشاندن پرداخت‌های تأییدشده",
        "command": ["payments_inquire"],
        "cron": "*/10 * * * *",
        "grace_seconds": 1200,
    },
    "payments_unpaid": {
        "title": "یادآوری هزینه‌های پرداخت‌نشده و بستن درخواست‌های پرداخت‌نشده",
        "command": ["payments_unpaid"],
        "cron": "30 7 * * *",
        "grace_seconds": 3600,
    },
    "notifications_retry": {
        "title": "ارسال دوبارهٔ پیام‌های جامانده",
        "command": ["notifications_retry"],
        "cron": "*/5 * * * *",
        "grace_seconds": 600,
        "queue": "notifications",
    },
    "counters_deadlines": {
        "title": "اقدام بر مهلت‌های گذشتهٔ دفاتر پیشخوان",
        "command": ["counters_deadlines"],
        "cron": "0 * * * *",
        "grace_seconds": 1800,
    },
    "counters_licence_reminders": {
        "title": "یادآوری پیامکی انقضای پروانه دفاتر (۳۰ و ۷ روز پیش از انقضا)",
        "command": ["counters_licence_reminders"],
        "cron": "0 9 * * *",
        "grace_seconds": 3600,
    },
    "desk_refresh_clocks": {
        "title": "بازمحاسبهٔ موعد درخواست‌های باز",
        "command": ["desk_refresh_clocks"],
        "cron": "30 0 * * *",
        "grace_seconds": 3600,
    },
    "desk_alerts": {
        "title": "اعلان‌های روزانهٔ میز خدمت: موعد فردا، دیرکرد و ارجاع آن، یادآوری نوبت و پاسخ متقاضی",
        "command": ["desk_alerts"],
        "cron": "0 7 * * *",
        "grace_seconds": 3600,
    },
    "desk_orphan_files": {
        "title": "حذف پرونده‌های بی‌صاحب میز خدمت",
        "command": ["desk_orphan_files"],
        "cron": "0 3 * * *",
        "grace_seconds": 3600,
    },
    "performance_desk_actuals": {
        "title": "محاسبهٔ عملکرد از درخواست‌های میز خدمت (ماه جاری و ماه پیش)",
        "command": ["performance_desk_actuals", "--recent"],
        "cron": "0 2 * * *",
        "grace_seconds": 3600,
    },
    "requeue_stale_tasks": {
        "title": "بازگرداندن کارهای ماندهٔ «در حال اجرا» به صف",
        "command": ["miz_requeue_stale_tasks"],
        "cron": "*/5 * * * *",
        "grace_seconds": 600,
    },
    "prune_task_results": {
        "title": "پاک‌کردن نتایج کهنهٔ کارها",
        "command": ["miz_prune_task_results"],
        "cron": "30 3 * * *",
        "grace_seconds": 3600,
    },
}
