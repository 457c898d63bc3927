"""Writes of the desk, one module per topic: `intake`, `access` (who may act as staff), `staff`
(assignment, transitions, external answers, reassignment), `planning` (take next, rebalance), `messages`,
`response`, `appointments` (and feedback), `counter` (counter-office and in-person intake, and
the applicant's SMS confirmation every staff-filed request uses), `routing` (which unit may
receive a request), `payment` (the hook of paid services: fee, awaiting payment, paid),
`alerts` (staff alerts, escalation, the applicant's reminders and lapse; the
daily sweep). Each function is keyword-only, runs in one transaction, raises a Persian
`ValidationError` and changes nothing when refused, and appends to the request's event log."""

from desk.services.access import (  # noqa: F401
    HEAD_ROLES,
    check_staff,
    heads_unit_of,
)
from desk.services.appointments import (  # noqa: F401
    answer_appointment,
    book_appointment,
    submit_feedback,
    visit_refusal,
)
from desk.services.counter import (  # noqa: F401
    applicant_account,
    check_intake_place,
    confirm_applicant_code,
    counter_intake,
    counter_office_checks,
    counter_office_reads,
    counter_office_refusal,
    find_counter_applicant,
    office_reads,
    register_counter_office_check,
    send_applicant_code,
    start_counter_intake,
)
from desk.services.intake import (  # noqa: F401
    DEFAULT_TARGET_WORKING_DAYS,
    IntakeOwner,
    applicant_type_refusal,
    check_applicant_type,
    check_documents,
    check_intake_owner,
    earlier_documents,
    find_submitted,
    intake_owners,
    new_idempotency_key,
    register_intake_owner,
    route_unit,
    submit_request,
    units_for,
)
from desk.services.messages import (  # noqa: F401
    clean_body,
    post_message,
)
from desk.services.payment import (  # noqa: F401
    FeeQuote,
    PaymentSummary,
    charge_if_due,
    extra_fee_due,
    fee_description,
    payment_lapse,
    payment_received,
    payment_summary,
    register_fee_provider,
)
from desk.services.planning import (  # noqa: F401
    rebalance,
    take_next,
)
from desk.services.response import (  # noqa: F401
    issue_response,
    record_response_download,
)
from desk.services.routing import (  # noqa: F401
    check_receiving_unit,
    receiving_unit_checks,
    register_receiving_unit_check,
)
from desk.services.staff import (  # noqa: F401
    assign_expert,
    reassign_unit,
    record_external_answer,
    transition,
)
