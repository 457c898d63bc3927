"""No select shows Django's `---------`: every Miz form and admin page offers «— برگزینید —»."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from core.admin import MizModelAdmin
from core.forms import DJANGO_EMPTY_LABEL, EMPTY_LABEL, MizForm, MizModelForm
from orgs.models import Province

# Miz's own apps: those whose package sits at the top of the project.
MIZ_APPS = [a.label for a in django_apps.get_app_configs() if Path(a.path).parent == Path(settings.BASE_DIR)]


def miz_form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for app in MIZ_APPS:
        root = Path(settings.BASE_DIR) / app
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(settings.BASE_DIR)
            if {"tests", "migrations", "management"} & set(relative.parts) or path.stem.startswith("testing"):
                continue
            module = importlib.import_module(
                ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            )
            found += [
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and not (issubclass(value, forms.ModelForm) and value._meta.model is None)  # a base
            ]
    return found


@pytest.mark.django_db
def test_every_miz_form_that_renders_alone_has_no_dashes_as_empty_choice():
    Province.objects.get_or_create(code="99", defaults={"name": "آزمایش"})
    rendered = with_select = 0
    for form_class in miz_form_classes():
        try:
            html = str(form_class())
        except TypeError:  # needs arguments (a user, a trail, an object): shown by its page's tests
            continue
        rendered += 1
        assert DJANGO_EMPTY_LABEL not in html, form_class
        if EMPTY_LABEL in html:
            with_select += 1
    assert rendered >= 35
    assert with_select >= 1


class _ProvinceForm(MizModelForm):
    class Meta:
        model = Province
        fields = ["region"]


class _ChoiceForm(MizForm):
    kind = forms.ChoiceField(choices=[("", DJANGO_EMPTY_LABEL), ("a", "الف")], required=False)
    own = forms.ChoiceField(choices=[("", "همه"), ("a", "الف")], required=False)
    province = forms.ModelChoiceField(Province.objects.all(), required=False)
    chosen = forms.ModelChoiceField(Province.objects.all(), empty_label="— هیچ —", required=False)
    many = forms.ModelMultipleChoiceField(Province.objects.all(), required=False)


@pytest.mark.django_db
def test_the_base_form_replaces_only_djangos_dashes():
    html = str(_ChoiceForm())
    assert DJANGO_EMPTY_LABEL not in html
    assert html.count(EMPTY_LABEL) == 2  # kind and province
    assert "همه" in html and "— هیچ —" in html
    assert EMPTY_LABEL in str(_ProvinceForm())  # a foreign key of a model form


@pytest.mark.django_db
def test_miz_admin_pages_have_no_dashes_as_empty_choice(admin_client):
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, MizModelAdmin):
            continue
        meta = model._meta
        for page in ("changelist", "add"):
            try:
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}")
            except NoReverseMatch:  # an admin with pages of its own (notification texts)
                continue
            response = admin_client.get(url)
            if response.status_code != 200:  # e.g. no adding to a log
                continue
            assert DJANGO_EMPTY_LABEL not in response.content.decode(), (model, page)
            checked += 1
    assert checked >= 20
