"""Counter-office and in-person intake (D11): who may take requests where, and the applicant's code."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Role
from catalogue.models import Channel, Service
from core.prepared import Prepared
from core.registry import Registry
from core.text import normalize_text
from desk import selectors
from desk.models import (
    RequestEvent,
    ServiceRequest,
)
from desk.services.access import _role_at
from desk.services.intake import (
    check_documents,
    check_intake_owner,
    find_submitted,
    route_unit,
    submit_request,
)
from orgs.models import CounterOffice

Kind = RequestEvent.Kind

# Rules other apps add on what a counter office may file (the counters app: a licence in good
# standing, P1, and the services delegated to the office, P2). Each check takes the office and the
# service (None before the service is known) and returns a Persian reason, or "" when allowed.
# `counter_office_checks.isolated()` files under the desk's own rules alone.
counter_office_checks = Registry("counter office checks")
# The office's relations each check reads (`select_related` names, e.g. its licence), so that a
# caller that fetches the office for a filing reads them in the same query (`office_reads()`).
counter_office_reads = Registry("counter office reads")


# `counter_intake(submitted=...)` left out: the service looks the idempotency key up itself.
LOOK_UP = object()


def register_counter_office_check(check, *, reads: tuple[str, ...] = ()) -> None:
    counter_office_checks.register(check, check)
    counter_office_reads.register(check, tuple(reads))


def office_reads() -> list[str]:
    """The relations of a counter office the registered checks read, to `select_related`."""
    return [name for check in counter_office_checks.values() for name in counter_office_reads.get(check, ())]


def counter_office_refusal(office: CounterOffice, service: Service | None = None) -> str:
    for check in counter_office_checks.values():
        reason = check(office, service)
        if reason:
            return reason
    return ""


def check_intake_place(
    *, operator, counter_office=None, intake_unit=None, service=None, client_office_ids=None
) -> None:
    """Only an operator of an active counter office, or a desk clerk of the unit, files for others;
    a counter office also has to pass the registered checks (licence, delegated services).

    A client system (the API, issue 15) files with `operator=None` and the ids of the counter
    offices it acts for in `client_office_ids`: only at one of those, and only if it is active."""
    if operator is None:
        allowed = client_office_ids or frozenset()
        if counter_office is None or counter_office.pk not in allowed or not counter_office.is_active:
            raise ValidationError(
                "این سامانه برای این دفتر پیشخوان درخواست ثبت نمی‌کند یا دفتر فعال نیست.", code="place"
            )
        reason = counter_office_refusal(counter_office, service)
        if reason:
            raise ValidationError(reason, code="office_refused")
        return
    if counter_office is not None:
        if not selectors.operator_offices(operator).filter(pk=counter_office.pk).exists():
            raise ValidationError("شما کاربر فعال این دفتر پیشخوان نیستید یا دفتر فعال نیست.", code="place")
        reason = counter_office_refusal(counter_office, service)
        if reason:
            raise ValidationError(reason, code="office_refused")
    elif intake_unit is not None:
        if not selectors.clerk_units(operator).filter(pk=intake_unit.pk).exists():
            raise ValidationError("شما در میز خدمت حضوری این واحد کار نمی‌کنید.", code="place")
    else:
        raise ValidationError("محل پذیرش را برگزینید.", code="place")


# Asked at both calls of a filing through the API: compiled once (decision 0127).
_PERSON = Prepared(
    lambda national_code: get_user_model().objects.filter(national_code=national_code).order_by("pk"),
    settings.AUTH_USER_MODEL,
    national_code=str,
)


def find_counter_applicant(*, national_code: str, mobile: str):
    """The account with this national code (its mobile must match), or None for a new person."""
    from core.validators import clean_mobile, clean_national_code

    national_code, mobile = clean_national_code(national_code), clean_mobile(mobile)
    user = _PERSON.first_object(national_code=national_code)
    if user is not None and user.mobile != mobile:
        raise ValidationError(
            "این شماره همراه با حساب این کد ملی نمی‌خواند؛ شماره ثبت‌شده متقاضی را وارد کنید.", code="mobile"
        )
    return user


def send_applicant_code(*, national_code: str, mobile: str, intro: str):
    """Check the person (a known national code must come with its own mobile) and SMS them the
    one-time code that confirms a request staff file for them (a counter office, a desk clerk,
    the 1517 line)."""
    from accounts.models import OneTimeCode
    from accounts.services import issue_code

    find_counter_applicant(national_code=national_code, mobile=mobile)
    return issue_code(mobile=mobile, purpose=OneTimeCode.Purpose.COUNTER_INTAKE, intro=intro)


def check_applicant_code(*, mobile: str, otp: str) -> int | None:
    """The person's one-time code checked, not spent (`accounts.services.check_code`): call it
    outside a transaction (a wrong code must stay counted), and `spend_applicant_code` in the one
    that files."""
    from accounts.models import OneTimeCode
    from accounts.services import check_code

    return check_code(mobile=mobile, purpose=OneTimeCode.Purpose.COUNTER_INTAKE, code=otp)


def spend_applicant_code(code_id: int | None) -> None:
    from accounts.services import spend_code

    spend_code(code_id)


def confirm_applicant_code(*, mobile: str, otp: str) -> None:
    """Spend the person's one-time code, or raise. Call it outside a transaction: a wrong code
    must stay counted (accounts.services.verify_code)."""
    from accounts.models import OneTimeCode
    from accounts.services import verify_code

    verify_code(mobile=mobile, purpose=OneTimeCode.Purpose.COUNTER_INTAKE, code=otp)


def applicant_account(applicant, *, national_code: str, mobile: str, first_name: str, last_name: str):
    """The confirmed person's account: `applicant` when known, else a new applicant account
    without a password (they can set one later by SMS). Call inside the filing transaction."""
    from accounts.models import Membership, User

    if applicant is not None:
        return applicant
    first_name, last_name = normalize_text(first_name or "").strip(), normalize_text(last_name or "").strip()
    if not first_name or not last_name:
        raise ValidationError("نام و نام خانوادگی متقاضی تازه را وارد کنید.", code="name")
    applicant = User.objects.create_user(
        national_code, mobile, None, first_name=first_name, last_name=last_name
    )
    Membership.objects.create(user=applicant, role=Role.APPLICANT)
    return applicant


def start_counter_intake(
    *,
    operator,
    national_code: str,
    mobile: str,
    counter_office=None,
    intake_unit=None,
    service=None,
    client_office_ids=None,
):
    """Check the place and the person, then send the applicant their one-time code."""
    if service is not None:
        check_intake_owner(service)
    check_intake_place(
        operator=operator,
        counter_office=counter_office,
        intake_unit=intake_unit,
        service=service,
        client_office_ids=client_office_ids,
    )
    place = counter_office or intake_unit
    return send_applicant_code(
        national_code=national_code,
        mobile=mobile,
        intro=f"تأیید ثبت درخواست شما در {place}. این کد را فقط به متصدی همین محل بدهید.",
    )


def counter_intake(
    *,
    operator,
    service: Service,
    national_code: str,
    mobile: str,
    first_name: str = "",
    last_name: str = "",
    otp: str,
    form_data: dict,
    files: dict,
    idempotency_key: str,
    counter_office=None,
    intake_unit=None,
    ip: str | None = None,
    client_office_ids=None,
    submitted=LOOK_UP,
) -> tuple[ServiceRequest, bool]:
    """File a request for an applicant confirmed by the one-time code sent to their mobile
    (`operator=None` with `client_office_ids`: a client system files, see `check_intake_place`).

    `submitted`: the request already filed with `idempotency_key` (or None), when the caller has
    looked the key up itself (the API, to refuse a key used for another request); by default it is
    looked up here, and when no request had it `submit_request` does not look again (a twin filed
    since is caught by the unique constraint)."""
    check_intake_place(
        operator=operator,
        counter_office=counter_office,
        intake_unit=intake_unit,
        service=service,
        client_office_ids=client_office_ids,
    )
    applicant = find_counter_applicant(national_code=national_code, mobile=mobile)
    if applicant is not None:
        if submitted is LOOK_UP:
            submitted = find_submitted(applicant, idempotency_key)
        if submitted is not None and submitted.applicant_id == applicant.pk:
            return submitted, False
    key_unused = applicant is None or submitted is None  # no request of theirs has this key
    # Refuse bad files before the code is spent, so the operator can fix them and resubmit.
    checked = check_documents(service, files, applicant=applicant)
    route_unit(
        service,
        province=(counter_office or intake_unit).province if (counter_office or intake_unit) else None,
    )
    code_id = check_applicant_code(mobile=mobile, otp=otp)
    with transaction.atomic():
        spend_applicant_code(code_id)  # with the filing: a filing that fails leaves the code for the retry
        applicant = applicant_account(
            applicant, national_code=national_code, mobile=mobile, first_name=first_name, last_name=last_name
        )
        role = Role.COUNTER_OPERATOR if counter_office is not None else _role_at(operator, intake_unit)
        return submit_request(
            service=service,
            applicant=applicant,
            form_data=form_data,
            files=files,
            idempotency_key=idempotency_key,
            actor=operator,
            actor_role=role,
            channel=Channel.COUNTER if counter_office is not None else Channel.IN_PERSON,
            counter_office=counter_office,
            intake_unit=intake_unit,
            ip=ip,
            checked_documents=checked,
            key_unused=key_unused,
        )
