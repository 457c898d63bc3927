"""The form renderer of every Miz form (`FORM_RENDERER`): Django's, except that an `<input>`
is written in Python instead of through the template engine.

Django draws each widget by rendering `django/forms/widgets/<type>.html`, which includes
`input.html`, which includes `attrs.html`: three template renders and a loop for one tag. On a
small page that is most of the work (the public tracking page, issue 18, spent a quarter of its
time drawing its two inputs). `INPUT_TEMPLATES` are the stock templates that are nothing but that
include; for them `render` writes the very markup `input.html` would (`core/tests/
test_formrender.py` compares the two for every kind of input), and leaves every other template,
and any template a project overrides, to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

# Django's widget templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox color date datetime email file hidden number password search tel text time url".split()
    )
)


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping: the value as text, escaped unless safe."""
    text = str(value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def input_html(widget: dict) -> str:
    """The markup of `django/forms/widgets/input.html` for a widget's context (`widget`)."""
    parts = [f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{_text(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


class MizFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES and not self.overridden(template_name):
            return input_html(context["widget"])
        return super().render(template_name, context, request=request)

    def overridden(self, template_name: str) -> bool:
        """Whether the engine finds `template_name` (or `input.html`) elsewhere than in Django."""
        cache = self.__dict__.setdefault("_overridden", {})
        if template_name not in cache:
            names = (template_name, "django/forms/widgets/input.html", "django/forms/widgets/attrs.html")
            cache[template_name] = any(
                "/django/forms/templates/" not in str(self.get_template(name).origin.name) for name in names
            )
        return cache[template_name]
