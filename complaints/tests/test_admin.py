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
