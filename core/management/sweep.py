"""`SweepCommand`: a management command that sweeps once, or with `--every SECONDS` keeps
sweeping through database outages (core.resilience.repeat)."""

from django.core.management.base import BaseCommand

from core import resilience


class SweepCommand(BaseCommand):
    """Subclasses write `sweep_once()`; `--every` repeats it (the command's name in the logs)."""

    every_help = "Keep running, sweeping every SECONDS; a database outage delays it, never ends it"

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help=self.every_help + " (default: sweep once and exit).",
        )

    def handle(self, *args, every: int, **options):
        if every <= 0:
            self.sweep_once()
            return
        resilience.repeat(self.sweep_once, every=every, what=self.__module__.rsplit(".", 1)[-1])

    def sweep_once(self) -> None:
        raise NotImplementedError


class OutboxSweepCommand(SweepCommand):
    """Sweeps an outbox: its `sweep` (the app's `services.sweep`) frees what is stuck in sending and
    enqueues again what is due whose job was lost; both counts are printed."""

    sweep = None

    def sweep_once(self) -> None:
        result = self.sweep()
        self.stdout.write(f"stuck freed: {result['stuck']}, jobs enqueued: {result['enqueued']}")
        self.stdout.flush()
