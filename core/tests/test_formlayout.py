"""Forms drawn in Python (`core.formlayout`, through `includes/form.html`) are the markup the
template drew: every kind of field (text with help, a required-either file, a select, a date, radio
buttons and checkboxes as a fieldset, one checkbox, hidden fields, one with its hidden initial),
with and without a prefix, unbound and bound with errors of the field and of the form; and every
form of the project's `forms` modules that can be made without arguments, unbound and bound empty."""

import importlib
import inspect

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from core.templatetags.miz import form_fields

OLD = Template(
    """{% if form.non_field_errors %}
  <div class="alert alert-danger" role="alert" id="{{ form.prefix|default:'form' }}-errors">
    {% for error in form.non_field_errors %}<p class="mb-0">{{ error }}</p>{% endfor %}
  </div>
{% endif %}
{% for field in form.hidden_fields %}{{ field }}{% endfor %}
{% for field in form.visible_fields %}
  {% with kind=field|field_kind %}
  {% if kind == "choices" %}
  <fieldset class="mb-3">
    <legend class="form-label fs-6 mb-1">{{ field.label }}{% if field.field.required or field.field.required_either %} <span class="text-danger" aria-hidden="true">*</span>{% endif %}</legend>
    {{ field|bs_widget }}
  {% elif kind == "check" %}
  <div class="mb-3 form-check">
    {{ field|bs_widget }}
    <label class="form-check-label" for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required or field.field.required_either %} <span class="text-danger" aria-hidden="true">*</span>{% endif %}</label>
  {% else %}
  <div class="mb-3">
    <label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required or field.field.required_either %} <span class="text-danger" aria-hidden="true">*</span>{% endif %}</label>
    {{ field|bs_widget }}
  {% endif %}
    {% if field.help_text %}<div class="form-text" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</div>{% endif %}
    {% for error in field.errors %}<div class="invalid-feedback d-block" id="{{ field.auto_id }}_error">{{ error }}</div>{% endfor %}
  {% if kind == "choices" %}</fieldset>{% else %}</div>{% endif %}
  {% endwith %}
{% endfor %}"""  # noqa: E501
)
INCLUDE = Template('{% include "includes/form.html" %}')


class EveryKind(forms.Form):
    name = forms.CharField(label="نام <و> نام خانوادگی", help_text="همان‌گونه که در کارت ملی آمده است & بس.")
    note = forms.CharField(label="توضیح", required=False, widget=forms.Textarea)
    scan = forms.FileField(label="پویش مدرک", required=False)
    place = forms.ChoiceField(label="محل", choices=[("1", "تهران"), ("2", "اصفهان <مرکز>")])
    when = forms.DateField(label="تاریخ", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    score = forms.ChoiceField(
        label="امتیاز", choices=[(str(n), str(n)) for n in range(1, 6)], widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        label="دلیل‌ها",
        required=False,
        choices=[("slow", "کند بود"), ("rude", "برخورد نادرست")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="می‌پذیرم")
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    kept = forms.CharField(widget=forms.HiddenInput, required=False, show_hidden_initial=True, initial="x")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].required_either = True  # a file or an earlier one (desk's documents)

    def clean(self):
        raise forms.ValidationError("درخواستی با این <کد> یافت نشد.")


def same(form) -> None:
    context = Context({"form": form})
    then = OLD.render(context)
    assert parse_html(str(form_fields(form))) == parse_html(then)
    assert parse_html(INCLUDE.render(Context({"form": form}))) == parse_html(then)


@pytest.mark.parametrize("prefix", [None, "second"])
@pytest.mark.parametrize("data", [None, {}, {"name": "<b>", "place": "9", "score": "3", "reasons": ["rude"]}])
def test_every_kind_of_field_is_drawn_as_the_template_drew_it(prefix, data):
    form = EveryKind(data=data, prefix=prefix)
    if data is not None:
        assert not form.is_valid()
        assert form.non_field_errors() or form.errors
    same(form)


APPS = ("accounts", "audit", "catalogue", "complaints", "core", "counters", "desk", "notifications")
APPS += ("payments", "performance", "reports")


@pytest.mark.django_db
def test_every_form_of_the_project_made_without_arguments_is_drawn_as_the_template_drew_it():
    compared = []
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            try:
                made = [cls(), cls(data={})]
            except (TypeError, ValueError):  # it needs what its page gives it (a user, places), or a model
                continue
            for form in made:
                form.is_valid()
                same(form)
            compared.append(f"{app}.{name}")
    assert len(compared) >= 15, compared
