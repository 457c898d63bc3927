"""The guide for client systems of the API (decision 0107): `/api/guide/`, the index of its pages,
and `/api/guide/<page>/`, a page per kind of client (a counter office association's software, an
Open311 client, a national complaint system, a provincial system) with the scopes it is usually
given and a worked example in curl and in Python with the generated client `miz_client`
(`apiclients.guide`). Public, like the schema and the Swagger page it links to."""

from django.http import Http404
from django.shortcuts import render

from apiclients.guide import EXAMPLE, PAGES, SCHEMA_PATH, SWAGGER_PATH
from apiclients.scopes import SCOPES
from apiclients.statuses import STATUS_TEXTS


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


API_PAGES = {"swagger_path": SWAGGER_PATH, "schema_path": SCHEMA_PATH}


def guide(request):
    context = {
        "pages": PAGES.values(),
        "scopes": SCOPES.items(),
        "statuses": [(status, text) for status, text in STATUS_TEXTS.items() if status >= 400],
        "site": _site(request),
        **API_PAGES,
    }
    return render(request, "apiclients/guide.html", context)


def guide_page(request, page: str):
    found = PAGES.get(page)
    if found is None:
        raise Http404("این راهنما یافت نشد.")
    site = _site(request)
    context = {
        "page": found,
        "pages": PAGES.values(),
        "scopes": [(scope, SCOPES[scope]) for scope in found.scopes],
        "steps": [(call, call.curl(site)) for call in found.calls(EXAMPLE)],
        "site": site,
        "example": EXAMPLE,
        **API_PAGES,
    }
    return render(request, f"apiclients/guide/{found.slug}.html", context)
