"""django-helpdesk's side of bench/helpdesk_side_by_side.py, run in the bench's helpdesk
virtualenv from this folder:

    python hd_fill.py --count N --open K --followups F [--reuse]

Migrates the helpdesk project (hdproject) and fills it in bulk, without the web path: one queue
open to public submission, N tickets over two years (K of them open, the rest closed, as many as
Miz's generated requests are open), each with F public follow-ups (Miz's generated requests carry
that many events on average), and a staff member with a session. Prints one JSON object: the
staff session, the queue, a sample of tickets to view, the counts."""

import argparse
import datetime as dt
import json
import os
import random
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdproject.settings")

SAMPLE = 50
BATCH = 2000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--open", type=int, required=True)
    parser.add_argument("--followups", type=int, required=True)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone
    from helpdesk.models import FollowUp, Queue, Ticket

    if not args.reuse:
        call_command("migrate", verbosity=0)
    queue, _ = Queue.objects.get_or_create(
        slug="desk", defaults={"title": "Desk", "allow_public_submission": True}
    )
    staff = User.objects.filter(username="bench-staff").first() or User.objects.create_user(
        "bench-staff", "staff@example.org", None, is_staff=True
    )
    if not args.reuse:
        rng = random.Random(18)
        end = timezone.now()
        open_ids = set(rng.sample(range(args.count), args.open))
        for start in range(0, args.count, BATCH):
            tickets = []
            for i in range(start, min(start + BATCH, args.count)):
                created = end - dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
                tickets.append(
                    Ticket(
                        title=f"Request {i}: certificate for product {rng.randrange(10**6)}",
                        queue=queue,
                        created=created,
                        modified=created,
                        submitter_email=f"applicant{rng.randrange(max(20, args.count // 4))}@example.org",
                        status=Ticket.OPEN_STATUS if i in open_ids else Ticket.CLOSED_STATUS,
                        description="Please issue the certificate; the documents are attached.",
                        priority=3,
                        secret_key=str(uuid.UUID(int=rng.getrandbits(128))),
                    )
                )
            tickets = Ticket.objects.bulk_create(tickets)
            followups = [
                FollowUp(
                    ticket=t,
                    date=t.created + dt.timedelta(hours=n),
                    title="Ticket Opened" if n == 0 else "Comment",
                    comment="Ticket opened." if n == 0 else f"Step {n}: reviewed by the desk.",
                    public=True,
                    user=None if n == 0 else staff,
                    new_status=None,
                )
                for t in tickets
                for n in range(args.followups)
            ]
            FollowUp.objects.bulk_create(followups, batch_size=5000)
    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    session.create()
    ids = list(Ticket.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(19)
    sample = Ticket.objects.filter(pk__in=rng.sample(ids, min(SAMPLE, len(ids)))).order_by("pk")
    total = len(ids)
    print(
        json.dumps(
            {
                "staff_session": session.session_key,
                "queue_id": queue.pk,
                "tickets": [
                    {"id": t.pk, "ticket": t.ticket_for_url, "email": t.submitter_email, "key": t.secret_key}
                    for t in sample
                ],
                "total": total,
                "open": Ticket.objects.filter(
                    status__in=[Ticket.OPEN_STATUS, Ticket.REOPENED_STATUS]
                ).count(),
                "followups_per_ticket": FollowUp.objects.count() / max(total, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
