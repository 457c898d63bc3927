"""The mechanism of the list of the demo's forms (`core.tests.demo_forms.FORMS`): how a line names
a form, page and filling, and the walk that finds the POST forms the demo's pages show."""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse


@dataclass(frozen=True)
class Choose:
    """Pick option `index` (0 is the first) of a list, or radio `index` of a group, none chosen
    before: ArrowDown `index` times by keyboard, the option or its label by mouse."""

    index: int = 1


NOTE = "توضیح آزمون صفحه‌کلید"  # what the tests write in a note or reason
CHECK = "check"  # tick a checkbox: Space by keyboard, a click on its label by mouse
_counts: dict[str, int] = {}  # what a line's `before` saw, for its `effect` to compare


@dataclass(frozen=True)
class DemoForm:
    roles: tuple  # every role whose pages show the form; the journey runs as the first
    page: str | Callable  # a path, or a function of the user giving one (evaluated at each pass)
    key: str  # the form's id, or the URL name its action posts to
    fill: dict = field(
        default_factory=dict
    )  # control id, name or "[type=…]" -> text, Choose(n), CHECK, UPLOAD…
    pick: str = ""  # a CSS condition choosing among the page's forms of this key, e.g. ":has(textarea)"
    submit: str = ""  # the button pressed, a CSS selector inside the form (else its first submit)
    before: Callable | None = None  # puts back what the previous pass changed, given the user
    effect: Callable | None = None  # given the user, what the submission failed to do ("" if done)
    shows: str = ""  # a CSS selector the answer page must match (a lookup that saves nothing)

    def path(self, user) -> str:
        if self.before:
            self.before(user)
        return self.page if isinstance(self.page, str) else self.page(user)


def form_key(page_view: str, form_id: str | None, action: str | None) -> str:
    """A form's name in the list: its id, or the URL name its action posts to."""
    if form_id:
        return form_id
    path = urlsplit(action or "").path
    if not path:
        return page_view
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


class _PostForms(HTMLParser):
    """The POST forms of a page (id, action) but the shell's sign-out, and its main menu's links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._in_nav = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            if attrs.get("action") != reverse("accounts:logout"):
                self.forms.append((attrs.get("id"), attrs.get("action")))
        elif tag == "nav" and attrs.get("aria-label") == "فهرست اصلی":
            self._in_nav = True
        elif tag == "a" and self._in_nav and (attrs.get("href") or "").startswith("/"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False


def post_forms(html: str) -> _PostForms:
    parsed = _PostForms()
    parsed.feed(html)
    return parsed


def forms_on_demo_pages(client, role, user, pages: list) -> set[tuple]:
    """(role, page's URL name, form key) of every POST form on `pages` and on the links of the
    role's main menu, as `client` signed in as `user` sees them. A page given as a function is
    asked for its path once signed in (a line's `before` may keep a flow's first step in the
    session)."""
    client.force_login(user)
    links = post_forms(client.get("/").content.decode()).links
    pages = [page() if callable(page) else page for page in pages]
    found = set()
    for path in dict.fromkeys(["/", *links, *pages]):
        if path.startswith("/admin/"):
            continue
        view = resolve(urlsplit(path).path).view_name
        for form_id, action in post_forms(client.get(path).content.decode()).forms:
            found.add((role, view, form_key(view, form_id, action)))
    client.logout()
    return found


def listed(forms: list[DemoForm], users: dict) -> set[tuple]:
    """(role, page's URL name, form key) of every line of the list."""
    out = set()
    for form in forms:
        view = resolve(urlsplit(form.path(users[form.roles[0]])).path).view_name
        out |= {(role, view, form.key) for role in form.roles}
    return out


UPLOAD = "upload"  # choose a file (a small table no form accepts): Space, or a click, opens the chooser
UPLOAD_JPEG = "upload-jpeg"  # choose a picture (a scanned document the desk accepts)
UPLOAD_COMPLAINT = "upload-complaint"  # a national system's CSV of one complaint (a new reference each time)
UPLOAD_LICENCES = "upload-licences"  # the licence system's CSV: one licence's expiry moved (LICENCE_EXPIRES)
UPLOAD_VALUES = (
    "upload-values"  # the data entry's workbook: one actual value (ENTRY_ACTUAL, P009, IR-15, 1400)
)
UPLOAD_PLAN = "upload-plan"  # the plan's workbook: one plan value (PLAN_UPLOADED, P010, IR-15)
UPLOADS = (UPLOAD, UPLOAD_JPEG, UPLOAD_COMPLAINT, UPLOAD_LICENCES, UPLOAD_VALUES, UPLOAD_PLAN)
ENTRY_ACTUAL, PLAN_UPLOADED = 34, 456
LICENCE_EXPIRES = "1410/06/31"


def upload_file(how: str = UPLOAD) -> dict:
    if how == UPLOAD_JPEG:
        from counters.demo import JPEG

        return {"name": "کارت-ملی.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    if how == UPLOAD_COMPLAINT:
        return {"name": "شکایات.csv", "mimeType": "text/csv", "buffer": _complaint_csv()}
    if how == UPLOAD_VALUES:
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return {"name": "عملکرد.xlsx", "mimeType": xlsx, "buffer": _values_xlsx()}
    if how == UPLOAD_PLAN:
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return {"name": "برنامه.xlsx", "mimeType": xlsx, "buffer": _plan_xlsx()}
    if how == UPLOAD_LICENCES:
        return {"name": "پروانه‌ها.csv", "mimeType": "text/csv", "buffer": _licence_csv()}
    return {"name": "جدول.csv", "mimeType": "text/csv", "buffer": "کد,مقدار\n۱,۲\n".encode()}


def _complaint_csv() -> bytes:
    """One complaint about the Khorramabad office from the national system سامد, under a reference
    not imported before (an import skips a reference already on file)."""
    from complaints.imports import HEADER
    from complaints.models import ComplaintSubject
    from core.validators import national_code_with_check_digit

    _counts["complaint file"] = _counts.get("complaint file", 0) + 1
    subject = ComplaintSubject.objects.order_by("order", "pk").first().title
    row = ["سامد", f"KBD-{_counts['complaint file']}", national_code_with_check_digit("004455673")]
    row += ["09127770099", "پرویز", "شاکی", subject, "IR-15", NOTE]
    return ("\n".join(",".join(cells) for cells in (HEADER, row)) + "\n").encode()


def _licence_csv() -> bytes:
    """The licence of the office the licence lines work on (`regulator.LICENSED`) as on record, but
    to expire on LICENCE_EXPIRES."""
    from core.tests.demo_forms.regulator import LICENSED
    from core.validators import display_phone
    from counters.licence_import import HEADER
    from counters.models import Licence

    licence = Licence.objects.select_related("holder").get(office__code=LICENSED)
    holder = licence.holder
    row = [LICENSED, licence.number, holder.national_code, display_phone(holder.mobile)]
    row += [holder.first_name, holder.last_name, "1400/01/01", LICENCE_EXPIRES, "معتبر"]
    return ("\n".join(",".join(cells) for cells in (HEADER, row)) + "\n").encode()


def _values_xlsx() -> bytes:
    """The data entry's workbook (`performance.upload.HEADER`) with one row: P009's actual in 1400
    for the Khorramabad office, ENTRY_ACTUAL."""
    from core import excel
    from performance.upload import HEADER

    workbook, sheet = excel.new_workbook("برنامه و عملکرد")
    excel.header_row(sheet, HEADER)
    sheet.append(["P009", "", "total", "IR-15", "", 1400, None, ENTRY_ACTUAL])
    return excel.workbook_bytes(workbook)


def _plan_xlsx() -> bytes:
    """The plan's workbook (`performance.plan_files.HEADER`) with one row: P010 for the Khorramabad
    office, PLAN_UPLOADED."""
    from core import excel
    from performance.plan_files import HEADER

    workbook, sheet = excel.new_workbook("برنامه")
    excel.header_row(sheet, HEADER)
    sheet.append(["P010", "total", "IR-15", PLAN_UPLOADED, "", ""])
    return excel.workbook_bytes(workbook)
