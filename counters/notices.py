"""The texts of the SMS and email about a self-declaration file, to the region's experts and the
office's licence holder (E4): declared here as defaults (editable in the admin,
notifications.texts), with the values each event fills in. `counters.services.events` sends them."""

from core.jalali import format_date
from core.text import ltr_code, to_persian_digits
from notifications.texts import Event, Variable, register

_OFFICE = Variable("office_code", "کد دفتر پیشخوان", ltr_code("1108-40-72"), required=True)
_DUE = Variable("due_date", "پایان مهلت (تاریخ شمسی)", "۱۴۰۵/۱۰/۲۲", required=True)
_SCORE = Variable("score", "امتیاز نهایی", "۸۷٫۵۰", required=True)


def register_texts() -> None:
    """Declare the default texts of the counters' events (from CountersConfig.ready)."""
    for code, label, sms, variables in [
        (
            "submitted",
            "رسیدن پرونده برای بررسی (به کارشناسان منطقه)",
            "پرونده خوداظهاری دفتر {office_code} برای بررسی رسید؛ مهلت بررسی تا {due_date}.",
            (_OFFICE, _DUE),
        ),
        (
            "returned",
            "عودت پرونده برای اصلاح (به دارنده پروانه)",
            "پرونده خوداظهاری دفتر {office_code} برای اصلاح عودت شد. "
            "یادداشت‌های کارشناس را ببینید و تا {due_date} اصلاح و ارسال کنید.",
            (_OFFICE, _DUE),
        ),
        (
            "approved",
            "تأیید امتیاز نهایی (به دارنده پروانه)",
            "ارزیابی دفتر {office_code} تأیید شد: امتیاز نهایی {score}، رتبه {rank}. "
            "اعتراض تا {due_date} در میز خدمت پذیرفته می‌شود.",
            (_OFFICE, _SCORE, Variable("rank", "عنوان رتبه", "الف", required=True), _DUE),
        ),
        (
            "objection",
            "ثبت اعتراض به امتیاز (به کارشناسان منطقه)",
            "دارنده پروانه دفتر {office_code} به امتیاز اعتراض کرد؛ مهلت پاسخ تا {due_date}.",
            (_OFFICE, _DUE),
        ),
        (
            "objection_answered",
            "پاسخ به اعتراض (به دارنده پروانه)",
            "به اعتراض دفتر {office_code} پاسخ داده شد: {outcome}؛ امتیاز نهایی {score}.",
            (_OFFICE, Variable("outcome", "نتیجه اعتراض", "امتیاز اصلاح شد", required=True), _SCORE),
        ),
        (
            "late",
            "دیرکرد دفتر در اصلاح (به کارشناسان منطقه)",
            "دفتر {office_code} پرونده عودت‌شده را در مهلت ({due_date}) اصلاح نکرد و دیرکرد خورد.",
            (_OFFICE, _DUE),
        ),
        (
            "escalated",
            "ارجاع بررسی دیرکرده به سرپرست منطقه",
            "مهلت بررسی پرونده دفتر {office_code} در {due_date} گذشت و به سرپرست منطقه ارجاع شد.",
            (_OFFICE, _DUE),
        ),
        (
            "licence_expiring",
            "یادآوری انقضای پروانه (به دارنده پروانه، ۳۰ و ۷ روز پیش از انقضا)",
            "پروانه {licence_number} دفتر پیشخوان {office_code} در {expires_on} ({days_left} روز دیگر) "
            "منقضی می‌شود. برای تمدید به سامانه صدور پروانه مراجعه کنید.",
            (
                _OFFICE,
                Variable("licence_number", "شماره پروانه", ltr_code("PL-00012"), required=True),
                Variable("expires_on", "تاریخ انقضا (شمسی)", "۱۴۰۵/۱۱/۳۰", required=True),
                Variable("days_left", "روز مانده", "۳۰"),
            ),
        ),
        (
            "violation_corrected",
            "اصلاح تخلفات به حکم کمیته کشوری (به دارنده پروانه)",
            "منطقه پاسخ ردیف {item} تخلفات پرونده دفتر {office_code} را به حکم کمیته کشوری "
            "شماره {ruling_number} مورخ {ruling_date} اصلاح کرد: {change}؛ امتیاز از {score_before} "
            "به {score_after} رسید.",
            (
                _OFFICE,
                Variable("item", "ردیف تخلف", "۳", required=True),
                Variable("ruling_number", "شماره حکم", ltr_code("۱۲۳/۴۵"), required=True),
                Variable("ruling_date", "تاریخ حکم (شمسی)", "۱۴۰۵/۰۸/۱۲", required=True),
                Variable("change", "اصلاح", "مرتکب نشده است", required=True),
                Variable("score_before", "امتیاز پیش از اصلاح", "۸۵٫۵۰", required=True),
                Variable("score_after", "امتیاز پس از اصلاح", "۸۷٫۵۰", required=True),
            ),
        ),
    ]:
        register(Event(f"counters.{code}", label, variables, sms=sms))


def office_and_due(declaration) -> dict[str, str]:
    """The values of most events: the office's code and the end of the window now open."""
    return {"office_code": ltr_code(declaration.office.code), "due_date": format_date(declaration.due_on)}


def approved(declaration, score) -> dict[str, str]:
    return {
        **office_and_due(declaration),
        "score": to_persian_digits(score.total),
        "rank": score.rank_title or "—",
    }


def objection_answered(declaration, objection) -> dict[str, str]:
    return {
        "office_code": ltr_code(declaration.office.code),
        "outcome": objection.get_outcome_display(),
        "score": to_persian_digits(declaration.final_score),
    }


def correction_change(correction) -> str:
    return "مرتکب شده است" if correction.committed else "مرتکب نشده است"


def violation_corrected(correction) -> dict[str, str]:
    return {
        "office_code": ltr_code(correction.declaration.office.code),
        "item": to_persian_digits(correction.item.number),
        "ruling_number": ltr_code(correction.ruling_number),
        "ruling_date": format_date(correction.ruling_date),
        "change": correction_change(correction),
        "score_before": to_persian_digits(correction.score_before),
        "score_after": to_persian_digits(correction.score_after),
    }


def correction_line(correction) -> str:
    """The line of the file's event log for a correction."""
    values = violation_corrected(correction)
    return (
        f"ردیف {values['item']}: {values['change']} (حکم {values['ruling_number']} مورخ "
        f"{values['ruling_date']})؛ امتیاز {values['score_before']} ← {values['score_after']}"
    )
