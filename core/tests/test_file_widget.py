"""The Persian file chooser (issue 13): every file field of a Miz form is a `PersianFileInput`
(Chromium's own input reads «Choose File / No file chosen»), and no template writes a bare file
input outside its wrapper. Its look in Chromium is held by test_file_input_browser.py."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core.forms import MizForm
from core.widgets import NO_FILE_CHOSEN, PersianFileInput


class Upload(MizForm):
    paper = forms.FileField(label="پرونده", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    photo = forms.FileField(label="عکس", required=False)


def test_every_file_field_gets_the_persian_chooser_keeping_its_attributes():
    form = Upload()
    assert all(isinstance(f.widget, PersianFileInput) for f in form.fields.values())
    html = str(form["paper"])
    assert 'type="file"' in html and 'accept=".pdf"' in html and "required" in html
    assert "data-miz-file" in html and "انتخاب پرونده" in html and NO_FILE_CHOSEN in html
    assert not re.search(r">[^<]*[A-Za-z]{2,}[^<]*<", html), html  # no English text shown


def test_the_chosen_file_still_reaches_the_form():
    upload = SimpleUploadedFile("نامه.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    form = Upload(data={}, files={"paper": upload})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["paper"].name == "نامه.pdf"


def test_a_kept_file_is_offered_for_removal_in_persian():
    class Stored:
        url = "/media/a.pdf"

        def __str__(self):
            return "a.pdf"

    html = Upload()["photo"].field.widget.render("photo", Stored(), {"id": "id_photo"})
    assert "پرونده کنونی" in html and "حذف پرونده" in html and "Currently" not in html


def test_no_template_writes_a_bare_file_input():
    bare = []
    for template in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        for line in template.read_text(encoding="utf-8").splitlines():
            if 'type="file"' in line and "data-miz-file><input" not in line:
                bare.append(f"{template}: {line.strip()[:120]}")
    assert not bare, "file inputs outside the Persian chooser:\n" + "\n".join(bare)
