"""Signals of the outbox for other apps (the reports' summary counts receipts not failed, decision
0102). The status of a notification changes by conditional UPDATEs, which send no `post_save`:
these say which rows changed to or from "failed", after the change, in its transaction."""

from django.dispatch import Signal

# ids: the notifications that became "failed" (`deliver` gave up on them).
failed = Signal()
# ids: the notifications that were "failed" and are queued again (`retry_now`).
revived = Signal()
