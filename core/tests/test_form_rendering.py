"""`includes/form.html` lays out every kind of widget as Bootstrap expects (issue 13, defect 1): a
group of radio buttons or checkboxes is a fieldset of form-checks, never one squeezed input box."""

from html.parser import HTMLParser

from django import forms
from django.template.loader import render_to_string

from core.forms import MizForm


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


class EveryKind(MizForm):
    score = forms.ChoiceField(label="امتیاز", choices=[("1", "۱"), ("2", "۲")], widget=forms.RadioSelect)
    reasons = forms.MultipleChoiceField(
        label="دلیل‌ها",
        choices=[("a", "سرعت انجام کار"), ("b", "رفتار کارشناسان")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="هر چند مورد",
    )
    agree = forms.BooleanField(label="می‌پذیرم", required=False)
    name = forms.CharField(label="نام")


def rendered(form) -> list[tuple[str, dict]]:
    return Tags(render_to_string("includes/form.html", {"form": form})).tags


def test_only_inputs_carry_form_check_input_and_every_label_points_at_an_input():
    for form in (EveryKind(), EveryKind(data={"score": "9", "reasons": ["x"]})):
        tags = rendered(form)
        ids = {attrs["id"] for tag, attrs in tags if tag == "input" and "id" in attrs}
        for tag, attrs in tags:
            if "form-check-input" in attrs.get("class", "").split():
                assert tag == "input", (tag, attrs)
            if tag == "label":
                assert attrs.get("for") in ids, attrs


def test_choice_groups_are_fieldsets_of_form_checks_named_by_a_legend():
    tags = rendered(EveryKind(data={"reasons": ["x"]}))
    names = [tag for tag, _ in tags]
    assert names.count("fieldset") == 2 and names.count("legend") == 2
    boxes = [a for t, a in tags if t == "input" and a.get("type") in ("radio", "checkbox")]
    assert [(a["name"], a["type"]) for a in boxes] == [
        ("score", "radio"),
        ("score", "radio"),
        ("reasons", "checkbox"),
        ("reasons", "checkbox"),
        ("agree", "checkbox"),
    ]
    assert all("form-check-input" in a["class"].split() for a in boxes)
    reasons = [a for a in boxes if a["name"] == "reasons"]
    assert all(a["aria-describedby"] == "id_reasons_helptext id_reasons_error" for a in reasons)
    checks = [a for t, a in tags if t == "div" and "form-check" in a.get("class", "").split()]
    assert len(checks) == 5
