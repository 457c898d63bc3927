"""Miz's form renderer writes an `<input>`, a `<textarea>` and a `<select>` exactly as Django's
templates would, without them, and leaves every other widget (and any override) to the templates."""

from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from core.formrender import INPUT_TEMPLATES, MizFormRenderer
from core.widgets import JalaliDateInput, PersianFileInput, TypedNumberInput


class Everything(forms.Form):
    text = forms.CharField(label="نام", help_text="راهنما", max_length=20)
    number = forms.IntegerField(required=False)
    typed = forms.CharField(widget=TypedNumberInput({"inputmode": "tel"}))
    email = forms.EmailField(disabled=True)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    check = forms.BooleanField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "data-x": True, "data-y": False}))
    url = forms.URLField(required=False, assume_scheme="https")
    upload = forms.FileField(required=False)
    choice = forms.ChoiceField(choices=[("a", "الف"), ("b", "ب")])
    body = forms.CharField(widget=forms.Textarea)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))
    grouped = forms.ChoiceField(
        required=False,
        choices=[
            ("", "---"),
            ("گروه <۱> & «دو»", [("1", "یک & دو"), ("2", mark_safe("<b>ب</b>"))]),
            ("x", "X"),
        ],
    )
    several = forms.MultipleChoiceField(required=False, choices=[(1, 1000), (2, "دو"), (3, 2.5)])
    typed_choice = forms.TypedChoiceField(coerce=int, choices=[(1, "یک"), (22, "بیست‌ودو")], required=False)


VALUES = [
    {},
    {
        "text": "a \"quoted\" <b>&amp;</b> 'x'",
        "number": "12",
        "typed": "۰۹۱۲",
        "email": "x@example.com",
        "password": "p<w>",
        "hidden": "h&v",
        "check": "on",
        "when": "2025-01-02",
        "url": "https://example.com/?a=1&b=2",
        "choice": "b",
        "body": "<script>",
        "note": "خط ۱\n«خط ۲» & <i>",
        "grouped": "2",
        "several": ["1", "3"],
        "typed_choice": "22",
    },
    {"grouped": "x", "several": ["2"], "note": mark_safe("<em>امن</em>"), "body": ""},
    {"text": "x" * 30, "number": "not a number"},
]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("bound", [True, False])
def test_every_field_renders_as_djangos_templates_render_it(data, bound):
    ours = Everything(data if bound else None, initial=data, renderer=MizFormRenderer())
    django = Everything(data if bound else None, initial=data, renderer=DjangoTemplates())
    if bound:
        ours.is_valid(), django.is_valid()
    for name in Everything.base_fields:
        attrs = {"class": "form-control", "aria-describedby": f"id_{name}_helptext"}
        assert ours[name].as_widget(attrs=attrs) == django[name].as_widget(attrs=attrs), name
        assert str(ours[name]) == str(django[name]), name


def test_a_safe_value_is_not_escaped_twice_and_an_unsafe_one_is_escaped():
    widget = forms.TextInput()
    for value in (mark_safe("&amp;"), "&amp;", "<"):
        assert widget.render("n", value, renderer=MizFormRenderer()) == widget.render(
            "n", value, renderer=DjangoTemplates()
        )


def test_only_the_templates_that_are_nothing_but_input_html_are_written_in_python():
    renderer = DjangoTemplates()
    include = '{% include "django/forms/widgets/input.html" %}'
    for name in INPUT_TEMPLATES:
        source = renderer.get_template(name).template.source.strip()
        assert source == include, name
    assert "django/forms/widgets/textarea.html" not in INPUT_TEMPLATES


def test_a_project_override_of_the_input_template_is_rendered_by_the_template(tmp_path):
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "input.html").write_text('<input data-overridden name="{{ widget.name }}">')

    class Overriding(MizFormRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": False, "DIRS": dirs, "NAME": "overriding", "OPTIONS": {}})

    assert forms.TextInput().render("n", "v", renderer=Overriding()) == '<input data-overridden name="n">'


@pytest.mark.parametrize("name", ["select_option.html", "select.html", "textarea.html", "attrs.html"])
def test_a_project_override_of_a_select_or_textarea_template_is_rendered_by_the_templates(tmp_path, name):
    """A select, its options or a textarea drawn by a template the project overrides: Django's."""
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    stock = Path(forms.__file__).parent / "templates" / "django" / "forms" / "widgets" / name
    (folder / name).write_text(
        " data-overridden" + stock.read_text().strip()
        if name == "attrs.html"
        else stock.read_text().replace("<", "<!-- overridden -->\n<", 1)
    )

    class Overriding(MizFormRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": False, "DIRS": dirs, "NAME": "overriding", "OPTIONS": {}})

    widget = forms.Textarea() if name == "textarea.html" else forms.Select(choices=[("a", "الف")])
    shown = widget.render("n", "a", attrs={"id": "x"}, renderer=Overriding())
    assert ("data-overridden" if name == "attrs.html" else "<!-- overridden -->") in shown


def test_stock_inputs_textareas_and_selects_are_written_without_the_templates(monkeypatch):
    """Were the Python path skipped (a fallback taken by mistake), the comparisons above would
    still pass: here the templates refuse to draw these widgets at all."""

    def refuse(self, template_name, context, request=None):
        raise AssertionError(f"drawn by its template: {template_name}")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    renderer = MizFormRenderer()
    grouped = [("گروه", [("1", "یک")]), ("2", "دو")]
    assert forms.Textarea().render("t", "x", renderer=renderer).startswith("<textarea")
    assert forms.Select(choices=grouped).render("s", "1", renderer=renderer).startswith("<select")
    assert forms.SelectMultiple(choices=grouped).render("m", ["2"], renderer=renderer).startswith("<select")
    assert forms.TextInput().render("i", "v", renderer=renderer).startswith("<input")
    with pytest.raises(AssertionError, match="radio"):
        forms.RadioSelect(choices=grouped).render("r", "1", renderer=renderer)


class _StoredFile:
    """What a bound file field shows once a file is there (`ClearableFileInput.is_initial`)."""

    url = "/media/a%20b.pdf?x=1&y=<2>"

    def __str__(self):
        return 'نامه "اول" <۱>.pdf'


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (JalaliDateInput(), None),
        (JalaliDateInput(), "۱۴۰۳/۰۱/۰۲"),
        (JalaliDateInput({"placeholder": 'a "b" <c>', "required": True}), '"<x>&'),
        (PersianFileInput(), None),
        (PersianFileInput({"accept": "application/pdf", "capture": "environment"}), None),
        (PersianFileInput(), _StoredFile()),
    ],
)
def test_mizs_date_and_file_widgets_render_as_their_templates(widget, value):
    attrs = {"id": "id_x", "class": "form-control", "aria-describedby": "id_x_helptext"}
    for required in (True, False):
        widget.is_required = required
        ours = widget.render("x", value, attrs=attrs, renderer=MizFormRenderer())
        assert ours == widget.render("x", value, attrs=attrs, renderer=DjangoTemplates())


def test_the_date_and_an_empty_file_chooser_are_written_without_the_engine(monkeypatch):
    renderer = MizFormRenderer()
    renderer.wrapper("core/widgets/jalali_date.html"), renderer.wrapper("core/widgets/file_chooser.html")

    def refuse(self, template_name, context, request=None):
        raise AssertionError(f"drawn by its template: {template_name}")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    assert 'data-jalali-group><input type="text"' in JalaliDateInput().render("d", None, renderer=renderer)
    assert 'data-miz-file><input type="file"' in PersianFileInput().render("f", None, renderer=renderer)
    with pytest.raises(AssertionError, match=r"file\.html"):  # a file already there: the template
        PersianFileInput().render("f", _StoredFile(), renderer=renderer)


def test_a_widget_template_with_more_than_fixed_markup_is_left_to_the_engine(tmp_path):
    folder = tmp_path / "core" / "widgets"
    folder.mkdir(parents=True)
    (folder / "jalali_date.html").write_text(
        '<div data-for="{{ widget.name }}">{% include "django/forms/widgets/input.html" %}</div>'
    )

    class Overriding(MizFormRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": False, "DIRS": dirs, "NAME": "overriding", "OPTIONS": {}})

    renderer = Overriding()
    assert renderer.wrapper("core/widgets/jalali_date.html") is None
    assert JalaliDateInput().render("d", None, renderer=renderer).startswith('<div data-for="d"><input')
