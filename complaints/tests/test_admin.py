"""Complaint subjects are data: seeded from the seeds, edited in the Persian admin."""

import pytest
from django.urls import reverse

from complaints.models import ComplaintSubject

pytestmark = pytest.mark.django_db


def test_subjects_are_seeded():
    titles = set(ComplaintSubject.objects.values_list("title", flat=True))
    assert {"کالا یا خدمت غیراستاندارد", "اندازه‌شناسی، اوزان و مقیاس‌ها", "سایر"} <= titles


def test_an_administrator_adds_a_subject_typed_with_arabic_letters(admin_client):
    response = admin_client.post(
        reverse("admin:complaints_complaintsubject_add"),
        {"title": "كيفيت خدمات", "order": 9, "is_active": "on"},
    )
    assert response.status_code == 302
    assert ComplaintSubject.objects.filter(title="کیفیت خدمات").exists()
    page = admin_client.get(reverse("admin:complaints_complaintsubject_changelist")).content.decode()
    assert "کیفیت خدمات" in page and "موضوعات شکایت" in page


def test_complaints_are_read_only_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:complaints_complaint_add")).status_code == 403


def test_a_subject_change_is_in_the_configuration_log(admin_client):
    from auditlog.models import LogEntry

    subject = ComplaintSubject.objects.get(title="سایر")
    url = reverse("admin:complaints_complaintsubject_change", args=[subject.pk])
    admin_client.post(url, {"title": "موارد دیگر", "order": 99, "is_active": "on"})
    entry = LogEntry.objects.get_for_object(subject).get()
    assert entry.changes_dict["title"] == ["سایر", "موارد دیگر"]


def test_an_administrator_links_only_a_complaint_system_and_reads_refused_pulls(admin_client):
    from apiclients.models import ApiClient
    from apiclients.tests.factories import make_client
    from complaints.models import PullRefusal, SystemLink

    association, _token = make_client("complaints:file")
    samad, _token = make_client("complaints:file", kind=ApiClient.Kind.COMPLAINTS)
    add = reverse("admin:complaints_systemlink_add")
    data = {"system": "samad", "pull_url": "https://samad.example/api", "pull_token": "t", "cursor": ""}
    page = admin_client.post(add, {**data, "client": association.pk}).content.decode()
    assert "یک گزینهٔ معتبر انتخاب کنید" in page  # the form offers complaint systems only
    assert not SystemLink.objects.exists()
    assert admin_client.post(add, {**data, "client": samad.pk}).status_code == 302
    link = SystemLink.objects.get()
    assert link.pull_token == "t"
    change = reverse("admin:complaints_systemlink_change", args=[link.pk])
    assert 'value="t"' not in admin_client.get(change).content.decode()  # never shown again
    admin_client.post(change, {**data, "client": samad.pk, "pull_token": "", "pull_url": "samad.example/v2"})
    link.refresh_from_db()
    assert (link.pull_token, link.pull_url) == ("t", "https://samad.example/v2")  # blank keeps it
    PullRefusal.objects.create(link=link, external_reference="SAMAD-9", payload={"x": 1}, reason="موضوع نیست")
    listing = admin_client.get(reverse("admin:complaints_pullrefusal_changelist")).content.decode()
    assert "SAMAD-9" in listing and "موضوع نیست" in listing
    assert admin_client.get(reverse("admin:complaints_pullrefusal_add")).status_code == 403
