"""Writes of the counters app, one module per topic: `gate` (licences and the sign-in gate),
`events` (the review workflow, its log and notices), `declaration` (the wizard's writes),
`identity` (the holder confirms the name and code on record, or reports a mismatch),
`review` and `deadlines`; `corrections` (the region corrects the violations list by the
committee's ruling), `visits` (site visits) and `rescore` (the score again after either).

Every function is keyword-only, runs in one transaction and raises `ValidationError` with a Persian
message. The review workflow's states and transitions are declared once, in `WORKFLOW`
(`core.workflow`); every transition goes through `_transition`, which appends a `DeclarationEvent`.
SMS go through `notifications.services.notify` and leave on commit.
"""

from counters.services.corrections import correct_violation  # noqa: F401
from counters.services.deadlines import (  # noqa: F401
    sweep_deadlines,
)
from counters.services.declaration import (  # noqa: F401
    PERSIAN_NAME_FIELDS,
    SCAN_FORMATS,
    STEP_FIELDS,
    add_board_member,
    add_staff,
    confirm,
    remove_board_member,
    remove_staff,
    save_step,
    save_violation_answers,
    start_declaration,
    upload_document,
)
from counters.services.events import (  # noqa: F401
    ACTION_LABELS,
    WORKFLOW,
    check_holder,
    check_region_expert,
    check_reviewer,
)
from counters.services.gate import (  # noqa: F401
    counter_office_refusal,
    licence_refusal,
    register_licence,
    sync_holder_role,
    where_to_go,
)
from counters.services.identity import (  # noqa: F401
    report_identity_mismatch,
    resolve_identity_mismatch,
    start_with_confirmed_identity,
)
from counters.services.review import (  # noqa: F401
    answer_objection,
    approve,
    return_for_correction,
    submit_objection,
)
from counters.services.visits import plan_visit, record_visit  # noqa: F401
