"""Pages of the whole report in one file: the report page's buttons start a build (or find the
cached one), the build's page shows its progress (htmx polls a fragment) and, once done, the
download. Every page is for the roles that may read the annual report; a build belongs to the
report, not to the user who asked for it, so every reader shares it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.downloads import file_response
from core.excel import XLSX_CONTENT_TYPE
from core.params import parse_id
from performance import selectors
from performance.fullreport import builds
from performance.models import ReportBuild


def _build_for(request, pk: int) -> ReportBuild:
    builds.check_reader(request.user)
    return get_object_or_404(ReportBuild.objects.select_related("plan_version"), pk=pk)


@login_required
@require_POST
def start(request):
    builds.check_reader(request.user)
    year = parse_id(request.POST.get("year")) or 0
    kind = request.POST.get("kind", "")
    if year not in selectors.years() or kind not in ReportBuild.Kind.values:
        messages.error(request, "سال یا نوع پرونده گزارش کامل درست نیست؛ چیزی ساخته نشد.")
        return redirect("performance:report")
    version = selectors.plan_version_for(year, request.POST.get("version") or None)
    build = builds.request_build(
        user=request.user, year=year, plan_version=version or selectors.plan_version_for(year), kind=kind
    )
    return redirect("performance:report_full", build.pk)


@login_required
def job_page(request, pk: int):
    build = _build_for(request, pk)
    back = f"{reverse('performance:report')}?year={build.year}"
    if build.plan_version_id:
        back += f"&version={build.plan_version.code}"
    return render(request, "performance/report_build.html", {"build": build, "back": back})


@login_required
def job_status(request, pk: int):
    return render(request, "performance/_report_build_status.html", {"build": _build_for(request, pk)})


@login_required
def download(request, pk: int):
    build = _build_for(request, pk)
    if build.state != ReportBuild.State.DONE:
        raise Http404("این پرونده هنوز ساخته نشده است.")
    content_type = "application/pdf" if build.kind == ReportBuild.Kind.PDF else XLSX_CONTENT_TYPE
    try:
        handle = builds.open_file(build)
    except FileNotFoundError:
        raise Http404("پرونده این گزارش دیگر نیست؛ دوباره بسازید.") from None
    return file_response(handle, name=build.file_name, content_type=content_type)
