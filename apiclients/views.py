"""The guide for client systems of the API, `/api/guide/`: a section per kind of client (a counter
office association's software, a complaint system, a provincial system) with the scopes it is
usually given and a worked example in curl and in Python with the generated client `miz_client`
(decision 0107). Public, like the schema and the Swagger page it links to."""

from django.shortcuts import render

from apiclients.auth import STATUS_TEXTS
from apiclients.models import ApiClient
from apiclients.scopes import SCOPES

# Per kind: the scopes it is usually registered with, and the place option of `api_client create`.
KIND_SETUP = {
    ApiClient.Kind.ASSOCIATION: (
        ["services:read", "requests:file", "requests:read", "requests:write", "events:receive"],
        "--office 1108-40-72 1108-40-73",
    ),
    ApiClient.Kind.COMPLAINTS: (["services:read", "requests:read", "events:receive"], "--unit HQ-COMPLAINTS"),
    ApiClient.Kind.PROVINCIAL: (["services:read", "requests:read", "events:receive"], "--province IR-23"),
}


def guide(request):
    kinds = [
        {
            "code": kind.value,
            "label": kind.label,
            "scopes": [(scope, SCOPES[scope]) for scope in scopes],
            "create": f"--kind {kind.value} --scope {' '.join(scopes)} {places}",
        }
        for kind, (scopes, places) in KIND_SETUP.items()
    ]
    context = {
        "kinds": kinds,
        "scopes": SCOPES.items(),
        "statuses": [(status, text) for status, text in STATUS_TEXTS.items() if status >= 400],
        "site": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "apiclients/guide.html", context)
