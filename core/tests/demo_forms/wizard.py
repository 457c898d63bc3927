"""The lines of `core.tests.demo_forms.FORMS` for the licence holder's self-declaration wizard
(`counters.wizard.STEPS`): each step's forms, a step readied by completing the steps before it
through the services, and what each submission must have saved, read back through the models."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from accounts.models import Role
from core.tests.demo_forms.base import CHECK, Choose, DemoForm, _counts
from core.tests.test_demo_pages_browser import work_pages


def _holder_file(user) -> str:
    from counters.models import Declaration
    from counters.selectors import holder_offices

    return f"/counters/file/{Declaration.objects.filter(office__in=holder_offices(user)).first().pk}/"


def _documents_step(user) -> str:
    from counters.models import Declaration
    from counters.selectors import holder_offices

    work_pages(Role.LICENCE_HOLDER, user)  # starts a draft where an office has no file yet
    mine = Declaration.objects.filter(office__in=holder_offices(user), state=Declaration.State.DRAFT)
    return f"/counters/file/{mine.order_by('pk').first().pk}/step/documents/"


def _draft(user):
    from counters.models import Declaration
    from counters.selectors import holder_offices

    work_pages(Role.LICENCE_HOLDER, user)  # starts a draft where an office has no file yet
    mine = Declaration.objects.filter(office__in=holder_offices(user), state=Declaration.State.DRAFT)
    return mine.order_by("pk").first()


def _wizard_step(slug: str, before: str) -> Callable:
    """The draft's step `slug`, the steps up to `before` not done yet completed through the
    services first (`counters.demo.fill`) unless the step is open already."""

    def path(user) -> str:
        from counters import wizard
        from counters.demo import fill

        declaration = _draft(user)
        if not wizard.is_open(declaration, slug):
            fill(declaration, until=before, missing_only=True)
        return f"/counters/file/{declaration.pk}/step/{slug}/"

    return path


def _saved(**values) -> Callable:
    """What the step's submission must have saved on the draft, read back from the database."""

    def effect(user) -> str:
        draft = _draft(user)
        wrong = {
            name: getattr(draft, name) for name, value in values.items() if getattr(draft, name) != value
        }
        return f"saved {wrong!r}, not {values!r}" if wrong else ""

    return effect


MEMBER_CODE = "۰۰۱۲۳۴۵۶۷۹"  # a valid national code (check digit 9): the board member or staff added


def _code() -> str:
    from core.text import normalize_digits

    return normalize_digits(MEMBER_CODE)


def _without_person(rows: str) -> Callable:
    """Before adding: the person of MEMBER_CODE is not among the draft's `rows` (board members or staff)."""

    def before(user) -> None:
        getattr(_draft(user), rows).filter(national_code=_code()).delete()

    return before


def _person_added(rows: str, **fields) -> Callable:
    def effect(user) -> str:
        added = getattr(_draft(user), rows).filter(national_code=_code(), **fields).exists()
        return "" if added else f"no row of {MEMBER_CODE} with {fields} among the {rows}"

    return effect


def _one_row_less(rows: str) -> Callable:
    def effect(user) -> str:
        left = getattr(_draft(user), rows).count()
        return "" if left == _counts[rows] - 1 else f"{left} {rows} left of {_counts[rows]}"

    return effect


def _with_member(user) -> None:
    from counters import services

    declaration = _draft(user)
    if not declaration.board_members.filter(national_code=_code()).exists():
        services.add_board_member(
            declaration=declaration,
            actor=user,
            first_name="رضا",
            last_name="آزمون",
            national_code=_code(),
            position="عضو",
        )
    _counts["board_members"] = declaration.board_members.count()


def _with_staff(user) -> None:
    """A staff row to remove: the person of MEMBER_CODE when the list is empty."""
    from counters import services

    declaration = _draft(user)
    if not declaration.staff.exists():
        services.add_staff(
            declaration=declaration,
            actor=user,
            first_name="رضا",
            last_name="آزمون",
            birth_date=date(1990, 3, 21),
            gender="male",
            national_code=_code(),
            mobile="+989123456789",
            accepted_terms=True,
        )
    _counts["staff"] = declaration.staff.count()


# A draft step's form holds only what was saved before: every required field is filled.
LEGAL = {
    "id_company_name": "شرکت خدمات پیشخوان البرز",
    "id_company_national_id": "۱۰۳۸۰۲۸۴۷۹۰",
    "id_registration_number": "۱۲۳۴۵",
    "id_registration_date": "۱۳۹۴/۰۲/۱۱",
    "id_registration_place": "کرج",
    "id_representative_first_name": "مریم",
    "id_representative_last_name": "کریمی",
    "id_representative_national_code": MEMBER_CODE,
    "id_representative_mobile": "۰۹۱۲۳۴۵۶۷۸۹",
    "id_representative_position": "مدیرعامل",
}
CONTACT = {
    "id_address": "کرج، خیابان آزمون، پلاک ۱",
    "id_postal_code": "۳۱۵۸۷۶۵۴۳۲",
    "id_phone": "۰۲۶۳۲۲۲۳۳۴۴",
    "id_contact_mobile": "۰۹۱۲۳۴۵۶۷۸۹",
}
HOLDER = (Role.LICENCE_HOLDER,)
LEGAL_STEP = _wizard_step("legal", "details")
MEMBER = {
    "id_first_name": "رضا",
    "id_last_name": "آزمون",
    "id_national_code": MEMBER_CODE,
    "id_position": "عضو",
}
REMOVE = ":has([value=remove])"  # a row's remove button


def _review(user) -> str:
    from counters.models import Declaration
    from counters.selectors import workbench

    waiting = (Declaration.State.SUBMITTED, Declaration.State.RESUBMITTED)
    return f"/counters/region/file/{next(d for d in workbench(user) if d.state in waiting).pk}/"


def _unanswered(user) -> None:
    """No violation answered yet: a radio group none of whose radios is chosen takes the arrows."""
    _draft(user).violation_answers.all().delete()


def _answered_yes(user) -> str:
    """Every active violation item answered «بله» (the second radio of each row)."""
    from counters.models import ViolationItem

    items = ViolationItem.objects.filter(is_active=True).count()
    yes = _draft(user).violation_answers.filter(committed=True).count()
    return "" if yes == items else f"{yes} of {items} items answered yes"


def _new_office_file(user):
    """The file of the holder's office the demo gives no file (`counters.demo.DEMO_OFFICES`, «new»):
    the draft whose wizard these lines walk."""
    from counters.demo import DEMO_OFFICES
    from counters.models import Declaration
    from counters.selectors import holder_offices

    new = [row[0] for row in DEMO_OFFICES if row[5] == "new"]
    mine = Declaration.objects.filter(office__in=holder_offices(user), office__code__in=new)
    return mine.order_by("-pk").first()


def _unconfirmed(user) -> None:
    """The previous pass's confirmation put back: the file is a draft again."""
    from counters.models import Declaration

    file = _new_office_file(user)
    if file and file.state == Declaration.State.SUBMITTED:
        Declaration.objects.filter(pk=file.pk).update(
            state=Declaration.State.DRAFT, confirmed_at=None, confirmed_by=None
        )


def _confirmed(user) -> str:
    from counters.models import Declaration

    file = _new_office_file(user)
    if file.state != Declaration.State.SUBMITTED or not file.confirmed_at:
        return f"the file is {file.state}, confirmed at {file.confirmed_at}, not submitted"
    return ""


BOARD_ADDED = _person_added("board_members")
STAFF_MEMBER = {
    "id_first_name": "رضا",
    "id_last_name": "آزمون",
    "id_birth_date": "۱۳۶۹/۰۱/۰۱",
    "id_gender": Choose(2),
    "id_national_code": MEMBER_CODE,
    "id_mobile": "۰۹۱۲۳۴۵۶۷۸۹",
    "id_accepted_terms": CHECK,
}
# Fardis, the draft's office's city: typed, since a map click takes a mouse.
POINT = {"id_latitude": "۳۵٫۷۲۹۷", "id_longitude": "۵۰٫۹۸۶۴"}


WIZARD = [
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("manager", "documents"),
        "step-form",
        {"id_manager_first_name": "کیوان"},
        effect=_saved(manager_first_name="کیوان"),
    ),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("details", "manager"),
        "step-form",
        {
            "id_person_type": Choose(2),
            "id_staff_count": "۲",
            "id_disabled_staff_count": "۱",
            "id_contracts_count": "۵",
        },
        effect=_saved(contracts_count=5),
    ),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("legal", "details"),
        "step-form",
        LEGAL,
        effect=_saved(registration_place="کرج"),
    ),
    DemoForm(
        HOLDER, LEGAL_STEP, "member-form", MEMBER, before=_without_person("board_members"), effect=BOARD_ADDED
    ),
    DemoForm(
        HOLDER,
        LEGAL_STEP,
        "counters:step",
        pick=REMOVE,
        before=_with_member,
        effect=_one_row_less("board_members"),
    ),
    DemoForm(
        (Role.LICENCE_HOLDER,),
        _wizard_step("contact", "legal"),
        "step-form",
        CONTACT,
        effect=_saved(phone="+982632223344"),
    ),
    DemoForm(
        HOLDER,
        _wizard_step("location", "contact"),
        "step-form",
        POINT,
        effect=_saved(latitude=Decimal("35.7297"), longitude=Decimal("50.9864")),
    ),
    DemoForm(
        HOLDER,
        _wizard_step("staff", "location"),
        "staff-form",
        STAFF_MEMBER,
        before=_without_person("staff"),
        effect=_person_added("staff", gender="male", birth_date=date(1990, 3, 21), accepted_terms=True),
    ),
    DemoForm(
        HOLDER,
        _wizard_step("staff", "location"),
        "counters:step",
        pick=REMOVE,
        before=_with_staff,
        effect=_one_row_less("staff"),
    ),
    DemoForm(
        HOLDER,
        _wizard_step("ranking", "staff"),
        "violations-form",
        {"[type=radio]": Choose(1)},
        before=_unanswered,
        effect=_answered_yes,
    ),
    DemoForm(
        HOLDER,
        _wizard_step("confirm", "ranking"),
        "confirm-form",
        {"id_agree": CHECK},
        before=_unconfirmed,
        effect=_confirmed,
    ),
]
