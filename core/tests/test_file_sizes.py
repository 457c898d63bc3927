"""File sizes in Persian text read «۲ مگابایت», never «2.0 MB» or «500 بایت» with Latin digits."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines
from hypothesis import given
from hypothesis import strategies as st

from core.tests.test_empty_labels import MIZ_APPS, miz_form_classes
from core.text import file_size_text

PERSIAN_SIZE = re.compile(r"^[۰-۹]+(٫[۰-۹])? (بایت|کیلوبایت|مگابایت)$")
# A size unit in Latin letters, or Latin digits before a Persian unit.
LATIN_SIZE = re.compile(r"\b[0-9.,]*\s*(KB|MB|GB|kB|bytes)\b|[0-9]\s*(بایت|کیلوبایت|مگابایت)")


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "۰ بایت"),
        (500, "۵۰۰ بایت"),
        (153600, "۱۵۰ کیلوبایت"),
        (1536000, "۱٫۵ مگابایت"),
        (2 * 1024 * 1024, "۲ مگابایت"),
        (1024 * 1024 - 1, "۱ مگابایت"),
    ],
)
def test_sizes_in_persian(size, text):
    assert file_size_text(size) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_every_size_is_persian_digits_and_a_persian_unit(size):
    assert PERSIAN_SIZE.match(file_size_text(size)), file_size_text(size)


def test_the_template_filter():
    template = engines["django"].from_string("{{ a|fa_filesize }}|{{ b|fa_filesize }}")
    assert template.render({"a": 2048, "b": None}) == "۲ کیلوبایت|"


def miz_templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates"] + [
        Path(settings.BASE_DIR) / app / "templates" for app in MIZ_APPS
    ]
    return [path for root in roots if root.exists() for path in root.rglob("*.html")]


def test_no_template_uses_djangos_filesizeformat_or_writes_latin_sizes():
    templates = miz_templates()
    assert len(templates) > 50
    for path in templates:
        source = path.read_text(encoding="utf-8")
        assert "filesizeformat" not in source, f"{path}: use |fa_filesize"
        assert not LATIN_SIZE.search(re.sub(r"<[^>]*>|{[{%].*?[%}]}", " ", source)), path


def test_no_form_label_or_help_text_writes_latin_sizes():
    checked = 0
    for form_class in miz_form_classes():
        for name, field in form_class.base_fields.items():
            for text in (field.label, field.help_text):
                assert not LATIN_SIZE.search(str(text or "")), (form_class, name, text)
                checked += 1
    for model in apps.get_models():
        if model._meta.app_label in MIZ_APPS:
            for field in model._meta.get_fields():
                assert not LATIN_SIZE.search(str(getattr(field, "help_text", "") or "")), (model, field.name)
    assert checked > 100


def test_the_scanner_sees_what_django_writes():
    from django.template.defaultfilters import filesizeformat

    assert LATIN_SIZE.search(str(filesizeformat(1536000)))
    assert LATIN_SIZE.search(str(filesizeformat(500)))
