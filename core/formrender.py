"""The form renderer of every Miz form (`FORM_RENDERER`): Django's, except that an `<input>`,
a `<textarea>` and a `<select>` are written in Python instead of through the template engine.

Django draws each widget by rendering `django/forms/widgets/<type>.html`, which includes
`input.html`, which includes `attrs.html`: three template renders and a loop for one tag. On a
small page that is most of the work (the public tracking page, issue 18, spent a quarter of its
time drawing its two inputs). `INPUT_TEMPLATES` are the stock templates that are nothing but that
include; for them `render` writes the very markup `input.html` would (`core/tests/
test_formrender.py` compares the two for every kind of input), and leaves every other template,
and any template a project overrides, to Django. A textarea (three templates) and a select (one
template, then two for each option) are written likewise, the markup their stock templates give
(the staff request page draws three textareas and two selects: 1.65 ms of its 34, issue 18).
"""

import re

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from core.markup import escape

# Django's widget templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox color date datetime email file hidden number password search tel text time url".split()
    )
)


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping: the value as text, escaped unless safe."""
    if type(value) is str:  # plain text (most attributes): escaped in one call
        return escape(value)
    text = str(value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


TEXTAREA = "django/forms/widgets/textarea.html"
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# The templates each of those includes (an override of any of them leaves the widget to Django).
INCLUDES = {
    **{name: ("django/forms/widgets/input.html",) for name in INPUT_TEMPLATES},
    TEXTAREA: (),
    SELECT: (OPTION,),
}
_PLAIN = Context()  # `{{ value }}` as a widget template draws it: localised, autoescaped


def _shown(value) -> str:
    """`{{ value }}` in a widget template: the value localised as text, escaped unless safe."""
    if type(value) is str:  # plain text is neither localised nor safe
        return escape(value)
    return render_value_in_context(value, _PLAIN)


def _attrs(attrs: dict) -> str:
    """The markup of `django/forms/widgets/attrs.html`."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_shown(name)}" if value is True else f' {_shown(name)}="{_text(value)}"')
    return "".join(parts)


def input_html(widget: dict) -> str:
    """The markup of `django/forms/widgets/input.html` for a widget's context (`widget`)."""
    value = f' value="{_text(widget["value"])}"' if widget["value"] is not None else ""
    start = f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
    return mark_safe(f"{start}{value}{_attrs(widget['attrs'])}>")  # noqa: S308 - every piece is escaped


def textarea_html(widget: dict) -> str:
    """The markup of `django/forms/widgets/textarea.html`."""
    text = _shown(widget["value"]) if widget["value"] else ""
    start = f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>'
    return mark_safe(f"{start}\n{text}</textarea>")  # noqa: S308 - every piece is escaped


def select_html(widget: dict) -> str:
    """The markup of `django/forms/widgets/select.html`, each option that of `select_option.html`."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            label = _shown(option["label"])
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{label}</option>\n'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


# Miz's own widget templates that are fixed markup around the stock input (the Jalali date's input
# group; a file chooser with no file yet, `core/widgets/file.html` when `widget.is_initial` is
# false): drawn as that markup around `input_html`. The markup is read from the templates
# themselves, comments dropped and fixed includes written out, so the two cannot drift; a template
# with any other tag or variable is left to the engine (`core/tests/test_formrender.py`).
WRAPPED = {
    "core/widgets/jalali_date.html": ("core/widgets/jalali_date.html", None),
    "core/widgets/file.html": ("core/widgets/file_chooser.html", "is_initial"),
}
_INPUT = '{% include "django/forms/widgets/input.html" %}'
_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)
_INCLUDE = re.compile(r'\{% include "([^"]+)" %\}')


class MizFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in WRAPPED:
            source, unless = WRAPPED[template_name]
            around = self.wrapper(source)
            if around is not None and not (unless and context["widget"].get(unless)):
                # `.strip()` as Django's renderer strips what a template gives.
                return mark_safe(f"{around[0]}{input_html(context['widget'])}{around[1]}".strip())  # noqa: S308
        if template_name in INCLUDES and not self.overridden(template_name):
            widget = context["widget"]
            if template_name == TEXTAREA:
                return textarea_html(widget)
            if template_name != SELECT:
                return input_html(widget)
            if all(o["template_name"] == OPTION for _n, options, _i in widget["optgroups"] for o in options):
                return select_html(widget)
        return super().render(template_name, context, request=request)

    def wrapper(self, template_name: str) -> tuple[str, str] | None:
        """The fixed markup before and after the one stock input of `template_name`, or None when
        the template holds anything else (or the stock input's templates are overridden)."""
        cache = self.__dict__.setdefault("_wrappers", {})
        if template_name not in cache:
            text = self._fixed(template_name)
            parts = text.split(_INPUT) if text is not None else []
            usable = len(parts) == 2 and not self.overridden("django/forms/widgets/text.html")
            # What the included input.html gives after its tag (its file's last newline).
            stock = self.get_template("django/forms/widgets/input.html").template.source
            tail = stock[len(stock.rstrip()) :]
            cache[template_name] = (parts[0], tail + parts[1]) if usable else None
        return cache[template_name]

    def _fixed(self, template_name: str, depth: int = 0) -> str | None:
        """The template's text without comments and with fixed includes written out, the stock
        input's include kept; None if any other tag or variable is in it."""
        text = _COMMENT.sub("", self.get_template(template_name).template.source)

        def expand(match):
            if match.group(0) == _INPUT:
                return _INPUT
            inner = self._fixed(match.group(1), depth + 1) if depth < 3 else None
            return inner if inner is not None and _INPUT not in inner else "{{ not fixed }}"

        text = _INCLUDE.sub(expand, text)
        rest = text.replace(_INPUT, "")
        return None if "{%" in rest or "{{" in rest else text

    def overridden(self, template_name: str) -> bool:
        """Whether the engine finds `template_name` (or a template it includes) elsewhere than in
        Django."""
        cache = self.__dict__.setdefault("_overridden", {})
        if template_name not in cache:
            names = (template_name, *INCLUDES[template_name], "django/forms/widgets/attrs.html")
            cache[template_name] = any(
                "/django/forms/templates/" not in str(self.get_template(name).origin.name) for name in names
            )
        return cache[template_name]
