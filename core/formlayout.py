"""A form's fields as `includes/form.html` lays them out, drawn in Python.

Every page with a form drew it through the template language: for each field a `{% with %}`, the
field's kind, its label, the required mark, its widget, help and errors, about a thousand Python
calls a field (the public tracking page's two fields were a fifth of its calls; the staff request
page draws five forms). This writes the same markup (`core/tests/test_formlayout.py` keeps the
template it replaced and compares the two for every kind of field, bound and unbound, with and
without errors). The widget itself is still the `bs_widget` filter's, and the layout is described
in `includes/form.html`, which now calls this."""

from django.utils.safestring import mark_safe

from core.markup import escape as _e

REQUIRED = ' <span class="text-danger" aria-hidden="true">*</span>'


def draw(form, field_kind, bs_widget) -> str:
    """The form's errors, hidden fields and visible fields; `field_kind` and `bs_widget` are the
    template filters the markup used (`core.templatetags.miz`)."""
    parts = []
    errors = form.non_field_errors()
    if errors:
        lines = "".join(f'<p class="mb-0">{_e(error)}</p>' for error in errors)
        box = f'<div class="alert alert-danger" role="alert" id="{_e(form.prefix or "form")}-errors">'
        parts.append(f"{box}{lines}</div>")
    parts.extend(str(field) for field in form.hidden_fields())
    for field in form.visible_fields():
        parts.append(_field(field, field_kind(field), bs_widget))
    return mark_safe("\n".join(parts))  # noqa: S308 - every text in it escaped above


def _field(field, kind: str, bs_widget) -> str:
    marked = field.field.required or getattr(field.field, "required_either", False)
    label = f"{_e(field.label)}{REQUIRED if marked else ''}"
    widget = bs_widget(field)
    if kind == "choices":
        html = f'<fieldset class="mb-3">\n<legend class="form-label fs-6 mb-1">{label}</legend>\n{widget}'
    elif kind == "check":
        for_label = _e(field.id_for_label)
        html = f'<div class="mb-3 form-check">\n{widget}\n'
        html += f'<label class="form-check-label" for="{for_label}">{label}</label>'
    else:
        for_label = _e(field.id_for_label)
        html = f'<div class="mb-3">\n<label class="form-label" for="{for_label}">{label}</label>\n{widget}'
    auto_id = _e(field.auto_id)
    if field.help_text:
        html += f'\n<div class="form-text" id="{auto_id}_helptext">{_e(field.help_text)}</div>'
    for error in field.errors:
        html += f'\n<div class="invalid-feedback d-block" id="{auto_id}_error">{_e(error)}</div>'
    return html + ("\n</fieldset>" if kind == "choices" else "\n</div>")
