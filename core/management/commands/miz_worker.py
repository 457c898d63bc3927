"""`manage.py miz_worker`: django-tasks-db's `db_worker` that survives a database blip.

The library's worker loop lets an `OperationalError` out (only "database is locked" during the
claim is caught), so a PostgreSQL restart ends the process and every queued job waits for a
person. This command takes the same options and runs the same loop; when the loop stops on a
transient database error it logs, drops the connections, waits with capped backoff
(`core.resilience`) and starts the loop again. Any other error still ends it.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from core import resilience

logger = logging.getLogger("core.worker")

# A loop that ran this long before it failed had recovered: the next failure starts the backoff
# afresh (the library's loop has no hook per round, so success is measured in time).
HEALTHY_AFTER_SECONDS = 60


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        backoff = resilience.Backoff()
        while True:
            started = time.monotonic()
            try:
                super().run()
                return
            except resilience.TRANSIENT_DATABASE_ERRORS as exc:
                if not self.running:  # asked to stop (SIGTERM) while the database was away
                    raise
                if time.monotonic() - started > HEALTHY_AFTER_SECONDS:
                    backoff.reset()
                resilience.wait_after(exc, backoff, what=f"task worker {self.worker_id}")
                # The random start-up delay is for the first start of a pool, not for a retry.
                self.startup_delay = False


class Command(db_worker.Command):
    help = "Run the task worker (db_worker) and keep it running through database outages."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # The library's handle() with its Worker replaced by ResilientWorker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together: autoreload is off.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
