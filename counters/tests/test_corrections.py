"""The region corrects a self-declared answer of the violations list by the national committee's
ruling (issue 19 item 4; P4, P8): actors, bad input, score and fines, the event log, the SMS."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.jalali import format_date
from core.templatetags.miz import fa_number
from counters import scoring, selectors, services
from counters.models import Declaration, DeclarationEvent, ViolationAnswer, ViolationCorrection, ViolationItem
from notifications.models import Notification
from orgs.models import Region

pytestmark = pytest.mark.django_db
RULING_DAY = dt.date(2026, 10, 1)


def _approved(submitted, expert):
    return services.approve(declaration=submitted, actor=expert, recipients_score=80, association_score=60)


def _item(number):
    return ViolationItem.objects.get(number=number)


def _correct(declaration, actor, *, number=1, committed=False, **extra):
    values = {"ruling_date": RULING_DAY, "ruling_number": "۱۲۳/۴۵", "reason": "حکم برائت", **extra}
    return services.correct_violation(
        declaration=declaration, actor=actor, item=_item(number), committed=committed, **values
    )


def _sms():
    return Notification.objects.filter(event="counters.violation_corrected", channel="sms")


def test_an_acquittal_lifts_the_penalty_and_the_fine_and_is_logged_and_texted(submitted, expert, holder):
    declaration = _approved(submitted, expert)
    before = declaration.final_score
    penalty = _item(1).penalty_points
    assert [f.total_rials for f in selectors.office_fines(declaration.office)] == [100_000]

    correction = _correct(declaration, expert)

    declaration.refresh_from_db()
    assert declaration.final_score == before + penalty == scoring.compute(declaration).total
    assert declaration.rank == scoring.rank_for(declaration.final_score)[0]
    assert declaration.score_breakdown["negative"] == []
    assert not ViolationAnswer.objects.get(declaration=declaration, item__number=1).committed
    assert selectors.office_fines(declaration.office) == []
    assert (correction.was_committed, correction.committed) == (True, False)
    assert (correction.score_before, correction.score_after) == (before, before + penalty)
    assert correction.ruling_date == RULING_DAY and correction.corrected_by == expert
    event = declaration.events.get(action="correct_violation")
    assert event.actor == expert and event.from_state == event.to_state == Declaration.State.APPROVED
    assert event.data["ruling_number"] == "۱۲۳/۴۵" and event.data["score_after"] == str(before + penalty)
    message = _sms().get()
    assert message.user == holder
    assert format_date(RULING_DAY) in message.body and "مرتکب نشده است" in message.body


def test_a_conviction_the_holder_did_not_declare_adds_the_penalty_and_the_fine(submitted, expert):
    declaration = _approved(submitted, expert)
    before = declaration.final_score
    _correct(declaration, expert, number=5, committed=True)
    declaration.refresh_from_db()
    answer = ViolationAnswer.objects.get(declaration=declaration, item__number=5)
    assert answer.committed and answer.ruling_date == RULING_DAY
    assert declaration.final_score == max(Decimal(0), before - _item(5).penalty_points)
    assert [f.total_rials for f in selectors.office_fines(declaration.office)] == [200_000]


def test_before_approval_the_live_score_follows_and_no_final_score_is_set(submitted, expert):
    live = scoring.compute(submitted).total
    correction = _correct(submitted, expert)
    submitted.refresh_from_db()
    assert submitted.final_score is None
    assert correction.score_after == scoring.compute(submitted).total == live + _item(1).penalty_points


def test_a_score_set_by_hand_on_objection_moves_by_the_corrected_penalty(submitted, expert, holder):
    declaration = _approved(submitted, expert)
    services.submit_objection(declaration=declaration, actor=holder, text="امتیاز کم است")
    declaration = services.answer_objection(
        declaration=declaration, actor=expert, answer="اصلاح شد", corrected_score="50"
    )
    _correct(declaration, expert)
    declaration.refresh_from_db()
    assert declaration.final_score == Decimal(50) + _item(1).penalty_points
    assert declaration.score_breakdown["corrected_total"] == str(declaration.final_score)


def _unchanged(declaration, score):
    declaration.refresh_from_db()
    assert declaration.final_score == score
    assert ViolationAnswer.objects.get(declaration=declaration, item__number=1).committed
    assert not ViolationCorrection.objects.exists()
    assert not DeclarationEvent.objects.filter(action="correct_violation").exists()
    assert not _sms().exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"ruling_date": None}, "تاریخ حکم کمیته کشوری را وارد کنید"),
        ({"ruling_number": "  "}, "شماره حکم کمیته کشوری را وارد کنید"),
        ({"ruling_date": timezone.localdate() + dt.timedelta(days=2)}, "پس از امروز باشد"),
        ({"committed": True}, "اصلاحی لازم نیست"),
    ],
)
def test_bad_input_is_refused_in_persian_and_changes_nothing(submitted, expert, extra, message):
    declaration = _approved(submitted, expert)
    with pytest.raises(ValidationError, match=message):
        _correct(declaration, expert, **extra)
    _unchanged(declaration, declaration.final_score)


def test_only_an_expert_of_the_offices_region_corrects(submitted, expert, holder, make_expert):
    declaration = _approved(submitted, expert)
    stranger = make_expert(Region.objects.exclude(pk=declaration.office.province.region_id).first())
    for who in (stranger, holder):
        with pytest.raises(PermissionDenied, match="در منطقه شما نیست"):
            _correct(declaration, who)
    _unchanged(declaration, declaration.final_score)


def test_no_correction_while_the_holder_edits_and_a_correction_outlives_a_return(submitted, expert, holder):
    _correct(submitted, expert)
    returned = services.return_for_correction(declaration=submitted, actor=expert, notes={"staff": "کد ملی"})
    with pytest.raises(ValidationError, match="در دست دارنده پروانه"):
        _correct(returned, expert, number=2, committed=True)
    items = ViolationItem.objects.filter(is_active=True)
    answers = {i.pk: {"committed": i.number == 1, "ruling_date": None, "description": ""} for i in items}
    with pytest.raises(ValidationError, match="به حکم کمیته کشوری اصلاح کرده است"):
        services.save_violation_answers(declaration=returned, answers=answers, actor=holder)
    assert not ViolationAnswer.objects.get(declaration=returned, item__number=1).committed


# --- request level ----------------------------------------------------------------------------


def _post(client, declaration, **data):
    payload = {
        "action": "correct",
        "correct-item": _item(1).pk,
        "correct-committed": "no",
        "correct-ruling_date": format_date(RULING_DAY),
        "correct-ruling_number": "۷۸/۹",
        **data,
    }
    return client.post(reverse("counters:review", args=[declaration.pk]), payload)


def test_the_review_page_corrects_and_the_holder_sees_before_and_after(client, submitted, expert, holder):
    declaration = _approved(submitted, expert)
    before = declaration.final_score
    client.force_login(expert)
    page = client.get(reverse("counters:review", args=[declaration.pk]))
    assert 'id="correct-form"' in page.content.decode()
    response = _post(client, declaration)
    assert response.status_code == 302
    correction = ViolationCorrection.objects.get()
    assert correction.ruling_number == "۷۸/۹" and correction.score_before == before
    client.force_login(holder)
    html = client.get(reverse("counters:declaration", args=[declaration.pk])).content.decode()
    assert 'id="corrections"' in html
    assert f'<td class="score-before">{fa_number(before)}</td>' in html
    assert f'<td class="score-after">{fa_number(correction.score_after)}</td>' in html
    assert format_date(RULING_DAY) in html
    assert "اصلاح تخلف به حکم کمیته کشوری" in html  # the event log's line


def test_the_review_page_refuses_without_a_ruling_date_and_another_regions_expert(
    client, submitted, expert, make_expert
):
    declaration = _approved(submitted, expert)
    client.force_login(expert)
    response = _post(client, declaration, **{"correct-ruling_date": ""})
    assert response.status_code == 200
    assert "تاریخ حکم کمیته کشوری را وارد کنید" in response.content.decode()
    stranger = make_expert(Region.objects.exclude(pk=declaration.office.province.region_id).first())
    client.force_login(stranger)
    assert _post(client, declaration).status_code == 403
    _unchanged(declaration, declaration.final_score)
