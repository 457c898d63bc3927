"""Pages of a background Excel upload: the job's page, and the status fragment it polls (htmx)
until the result is there. Only the uploader sees a job."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from performance.uploadjobs import UploadJob


def _job_for(request, pk: int) -> UploadJob:
    return get_object_or_404(UploadJob.objects.defer("content"), pk=pk, user=request.user)


@login_required
def job_page(request, pk: int):
    return render(request, "performance/upload_job.html", {"job": _job_for(request, pk)})


@login_required
def job_status(request, pk: int):
    return render(request, "performance/_upload_job_status.html", {"job": _job_for(request, pk)})
