"""Remind the applicants of requests still awaiting payment, then withdraw those left unpaid
(scheduled daily in `MIZ_SCHEDULED_JOBS`; `--every` to loop; running it twice does each once)."""

from core.management.sweep import SweepCommand
from payments.unpaid import sweep_unpaid


class Command(SweepCommand):
    help = (
        "Remind unpaid requests after PAYMENT_REMIND_AFTER_DAYS, withdraw after PAYMENT_WITHDRAW_AFTER_DAYS."
    )

    def sweep_once(self) -> None:
        done = sweep_unpaid()
        summary = "{reminded} reminded, {withdrawn} withdrawn, {paying} with a payment under way"
        self.stdout.write("payments_unpaid: " + summary.format(**done))
