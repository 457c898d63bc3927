"""Public catalogue pages, the SLA page and PDF, and the managers' compliance matrix."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from catalogue import compliance, selectors
from catalogue.forms import CatalogueSearchForm
from catalogue.models import Area
from core.paging import paginate
from core.pdf import html_to_pdf, pdf_html

PAGE_SIZE = 20
PDF_CACHE_SECONDS = 24 * 3600


def service_list(request):
    form = CatalogueSearchForm(request.GET or None)
    query = area = ""
    if form.is_bound:
        form.is_valid()  # an unknown area is dropped; the words are still searched
        query, area = form.cleaned_data.get("q", ""), form.cleaned_data.get("area", "")
    page, querystring = paginate(request, selectors.public_services(query=query, area=area), PAGE_SIZE)
    return render(
        request,
        "catalogue/service_list.html",
        {
            "form": form,
            "page": page,
            "services": list(page.object_list),
            "query": query,
            "area": area,
            "areas": Area.choices,
            "querystring": querystring,
        },
    )


def service_detail(request, service_id: str):
    service = selectors.get_public_service(service_id)
    today = timezone.localdate()
    agreement = service.agreement_in_force(today)
    latest = service.latest_agreement()
    return render(
        request,
        "catalogue/service_detail.html",
        {
            "service": service,
            "agreement": agreement,
            "expired_agreement": latest
            if agreement is None and latest and latest.is_expired(today)
            else None,
            "gaps": compliance.information_package_gaps(service),
            "today": today,
        },
    )


def agreement_detail(request, pk: int):
    agreement = selectors.get_public_agreement(pk)
    return render(
        request,
        "catalogue/agreement_detail.html",
        {"agreement": agreement, "service": agreement.service, "today": timezone.localdate()},
    )


def agreement_pdf_html(agreement) -> str:
    """The HTML WeasyPrint sets: A4, right to left, fonts from the vendored Vazirmatn files."""
    return pdf_html(
        "catalogue/agreement_pdf.html",
        {"agreement": agreement, "service": agreement.service, "today": timezone.localdate()},
    )


def render_agreement_pdf(agreement, *, uncompressed: bool = False) -> bytes:
    return html_to_pdf(agreement_pdf_html(agreement), uncompressed_pdf=uncompressed)


def agreement_pdf(request, pk: int):
    agreement = selectors.get_public_agreement(pk)
    # Rendering takes about a second: keep each version's PDF until it is edited (or the day
    # printed on it changes), so a public link cannot be used to keep the server busy.
    key = f"catalogue:sla-pdf:{agreement.pk}:{agreement.updated_at.timestamp()}:{timezone.localdate()}"
    pdf = cache.get_or_set(key, lambda: render_agreement_pdf(agreement), PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"sla-{agreement.service.service_id}-v{agreement.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def compliance_matrix(request):
    if not selectors.can_see_compliance(request.user):
        raise PermissionDenied("این صفحه فقط برای مدیران است.")
    capabilities = compliance.capabilities()
    rows = []
    totals = {c.code: 0 for c in capabilities}
    for service in selectors.services_for_compliance():
        results = compliance.evaluate(service)
        cells = [(c, results[c.code]) for c in capabilities]
        for c, value in cells:
            totals[c.code] += value is True
        rows.append({"service": service, "cells": cells, "met": sum(v is True for _, v in cells)})
    return render(
        request,
        "catalogue/compliance.html",
        {
            "capabilities": capabilities,
            "rows": rows,
            "totals": [totals[c.code] for c in capabilities],
            "capability_count": len(capabilities),
        },
    )
