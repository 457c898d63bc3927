"""Background jobs of the performance app (run by `manage.py db_worker`)."""

from django_tasks import task


@task()
def process_upload(job_id: int) -> str:
    """Read (or import) one large Excel upload, recording progress on its `UploadJob`."""
    from performance import upload

    return upload.run_job(job_id)
