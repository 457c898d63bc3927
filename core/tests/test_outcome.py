"""`core.outcome.perform_valid`: a form posted from another page runs its action only when valid,
with the named cleaned fields; otherwise, or on a refusal, a Persian message and False."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.outcome import perform_valid


class TextForm(forms.Form):
    text = forms.CharField()
    other = forms.CharField(required=False)


def posted():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def texts(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_a_valid_form_runs_the_action_with_its_named_fields():
    calls = []
    request = posted()
    done = perform_valid(
        request,
        TextForm({"text": "سلام", "other": "x"}),
        lambda **kw: calls.append(kw),
        fields=("text",),
        invalid="متن را بنویسید.",
        success="ثبت شد.",
        who="me",
    )
    assert done and calls == [{"who": "me", "text": "سلام"}]
    assert texts(request) == ["ثبت شد."]


def test_an_invalid_form_runs_nothing_and_says_why():
    calls = []
    request = posted()
    done = perform_valid(request, TextForm({}), calls.append, fields=("text",), invalid="متن را بنویسید.")
    assert not done and calls == [] and texts(request) == ["متن را بنویسید."]
    quiet = posted()
    assert not perform_valid(quiet, TextForm({}), calls.append) and texts(quiet) == []


def test_a_refusal_is_its_message():
    def refuse(**_):
        raise ValidationError("پذیرفته نشد.")

    request = posted()
    assert not perform_valid(request, TextForm({"text": "a"}), refuse, fields=("text",), success="ثبت شد.")
    assert texts(request) == ["پذیرفته نشد."]
