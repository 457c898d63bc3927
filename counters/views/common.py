"""What every counters view shares: `refusing` (a refusal as a Persian 403 page), form error
helpers and the context of a file's read-only page (with its office's fines per year), shown to its
holder and to its reviewer.

Thin views: each parses input, calls one service or selector, renders. A refusal of access renders the
selector's Persian reason with status 403.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from counters import forms, scoring, selectors, services, wizard


def refusing(view):
    """Render a PermissionDenied's Persian message as a 403 page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            message = str(exc) or "به این صفحه دسترسی ندارید."
            return render(request, "counters/denied.html", {"message": message}, status=403)

    return login_required(wrapped)


def xlsx_url(request, name: str) -> str:
    """The address of the page `name` with its current filters and `format=xlsx`: the export of
    what the page shows."""
    query = request.GET.copy()
    query["format"] = "xlsx"
    return reverse(name) + "?" + query.urlencode()


def _file_context(declaration, *, holder: bool) -> dict:
    score = scoring.compute(declaration)
    notes = list(declaration.notes.select_related("author"))
    return {
        "declaration": declaration,
        "steps": wizard.status(declaration),
        "score": score,
        "approved": declaration.score_breakdown or None,
        "notes": notes,
        "events": list(declaration.events.select_related("actor")),
        "action_labels": services.ACTION_LABELS,
        "documents": list(declaration.documents.all()),
        "staff": list(declaration.staff.select_related("discipline")),
        "board": list(declaration.board_members.all()),
        "answers": list(declaration.violation_answers.select_related("item")),
        "facilities": list(declaration.facilities.all()),
        "objection": getattr(declaration, "objection", None),
        "corrections": list(declaration.corrections.select_related("item")),
        "objection_form": forms.ObjectionForm() if holder else None,
        "section_titles": wizard.STEP_TITLES,
        "holder": holder,
        "office_fines": selectors.office_fines(declaration.office),
    }
