"""Site visits (P8; seed 003, 4-1): an expert of the office's region plans a visit, then records on
site which declared facilities and staff were found, with photos from the phone's camera.

The rules of a visit's differences: each difference becomes the expert's note on the file (the
section it belongs to, this review round), so the holder reads it with the others. A declared
facility that was not found leaves the file's facilities, so the criteria that count facilities no
longer score it (the score follows, `counters.services.rescore`). A declared staff member not seen
is a note only: someone may be on leave the day of a visit, and the region returns the file or
corrects it if the person does not work there. Every recorded visit is in the file's event log
with the score before and after and the reason.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.jalali import format_date
from core.text import ltr_code, to_persian_digits
from core.uploads import IMAGE_FORMATS, check_upload
from counters import conf
from counters.models import Declaration, Visit, VisitFinding, VisitPhoto
from counters.selectors import expert_region_ids
from counters.services.events import _lock, _today, add_notes, check_reviewer
from counters.services.rescore import log_change, rescore, shown


def _refuse_outside_region(actor, office) -> None:
    if office.province.region_id not in expert_region_ids(actor):
        raise PermissionDenied(
            f"دفتر {ltr_code(office.code)} در منطقه شما نیست؛ بازدید آن با کارشناسان منطقه خودش است."
        )


@transaction.atomic
def plan_visit(*, office, actor, planned_on, now=None) -> Visit:
    """A visit of `office` on `planned_on`, checked against its latest file sent to the region."""
    _refuse_outside_region(actor, office)
    declaration = (
        Declaration.objects.filter(office=office)
        .exclude(state=Declaration.State.DRAFT)
        .order_by("-year")
        .first()
    )
    if declaration is None:
        raise ValidationError(
            "این دفتر پرونده خوداظهاری ارسال‌شده‌ای ندارد که بازدید با آن سنجیده شود.", code="no_file"
        )
    check_reviewer(actor, declaration)
    if planned_on is None:
        raise ValidationError("تاریخ بازدید را وارد کنید.", code="no_date")
    if planned_on < _today(now):
        raise ValidationError("تاریخ بازدید نمی‌تواند پیش از امروز باشد.", code="past_date")
    return Visit.objects.create(
        office=office, declaration=declaration, planned_on=planned_on, planned_by=actor
    )


def checked_photos(photos) -> list:
    """The visit's photos read and checked (real JPEG or PNG, within the size and count limits) by
    `core.uploads.check_upload`; a Persian `ValidationError` for the first bad one."""
    photos = [p for p in photos or [] if p]
    most = conf.max_visit_photos()
    if len(photos) > most:
        raise ValidationError(f"دست‌بالا {to_persian_digits(most)} عکس برای هر بازدید پذیرفته است.")
    return [
        check_upload(
            photo,
            formats=IMAGE_FORMATS,
            max_bytes=conf.max_visit_photo_bytes(),
            title=PurePath(photo.name or "").name,
            noun="عکس",
        )
        for photo in photos
    ]


def _names(rows) -> str:
    return "، ".join(str(row) for row in rows)


@transaction.atomic
def record_visit(
    *, visit, actor, found_facilities, found_staff, photos=(), note: str = "", ip=None, now=None
) -> Visit:
    """What was found on the visit (ids of the file's declared facilities and staff), its photos and
    a note; the differences become notes and, for facilities, a change of score."""
    visit = Visit.objects.select_for_update().select_related("office__province").get(pk=visit.pk)
    _refuse_outside_region(actor, visit.office)
    declaration = _lock(visit.declaration_id)
    check_reviewer(actor, declaration)
    now = now or timezone.now()
    if visit.state == Visit.State.RECORDED:
        raise ValidationError("نتیجه این بازدید پیش‌تر ثبت شده است.", code="recorded")
    if visit.planned_on > _today(now):
        raise ValidationError(
            f"این بازدید برای {format_date(visit.planned_on)} برنامه‌ریزی شده است؛ "
            "نتیجه آن از همان روز ثبت می‌شود.",
            code="early",
        )
    checked = checked_photos(photos)
    facilities = list(declaration.facilities.order_by("pk"))
    staff = list(declaration.staff.order_by("pk"))
    found_f = {int(pk) for pk in found_facilities or []}
    found_s = {int(pk) for pk in found_staff or []}
    if found_f - {f.pk for f in facilities} or found_s - {s.pk for s in staff}:
        raise ValidationError("فقط امکانات و کارکنانی که در پرونده اعلام شده‌اند سنجیده می‌شوند.")

    before = shown(declaration)
    for facility in facilities:
        VisitFinding.objects.create(
            visit=visit,
            kind=VisitFinding.Kind.FACILITY,
            facility=facility,
            label=facility.title,
            found=facility.pk in found_f,
        )
    for person in staff:
        VisitFinding.objects.create(
            visit=visit,
            kind=VisitFinding.Kind.STAFF,
            staff=person,
            label=str(person),
            found=person.pk in found_s,
        )
    missing_f = [f for f in facilities if f.pk not in found_f]
    missing_s = [s for s in staff if s.pk not in found_s]
    day = format_date(visit.planned_on)
    notes = []
    if missing_f:
        declaration.facilities.remove(*missing_f)
        notes.append(
            (
                "details",
                f"در بازدید {day} این امکانات اعلام‌شده یافت نشد و از امتیاز کنار رفت: {_names(missing_f)}.",
            )
        )
    if missing_s:
        notes.append(
            ("staff", f"در بازدید {day} این کارکنان اعلام‌شده در دفتر دیده نشدند: {_names(missing_s)}.")
        )
    add_notes(declaration, notes, author=actor, at=now)
    after = rescore(declaration, before)
    declaration.save()
    for photo in checked:
        row = VisitPhoto(
            visit=visit, original_name=photo.original_name, content_type=photo.content_type, size=photo.size
        )
        row.file.save("photo", ContentFile(photo.data), save=False)
        row.save()
    visit.state, visit.recorded_at, visit.recorded_by = Visit.State.RECORDED, now, actor
    visit.note = (note or "").strip()
    visit.save()
    summary = " ".join(text for _section, text in notes) or f"در بازدید {day} همه موارد اعلام‌شده یافت شد."
    if after.score != before.score:
        summary += (
            f" امتیاز {to_persian_digits(before.score)} ← {to_persian_digits(after.score)} "
            "(امکانات یافت‌نشده شمرده نمی‌شود)."
        )
    log_change(
        declaration,
        "visit",
        actor=actor,
        ip=ip,
        note=summary,
        before=before,
        after=after,
        data={
            "visit": visit.pk,
            "missing_facilities": [f.code for f in missing_f],
            "missing_staff": [s.pk for s in missing_s],
            "photos": len(checked),
        },
    )
    return visit
