"""Background jobs of the performance app (run by `manage.py db_worker`)."""

from django_tasks import task


@task()
def process_upload(job_id: int) -> str:
    """Read (or import) one large Excel upload, recording progress on its `UploadJob`."""
    from performance import upload

    return upload.run_job(job_id)


@task()
def build_full_report(build_id: int) -> str:
    """Build the whole annual report (PDF or Excel) of one `ReportBuild`, recording progress."""
    from performance.fullreport import builds

    return builds.run(build_id)
