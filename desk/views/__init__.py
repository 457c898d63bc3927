"""The desk's views, one module per audience: `public`, `applicant`, `request` (one request's page
and its actions), `staff` (the queue), `planning` (take next, workload), `counter` (counter-office
and in-person intake)."""

from desk.views._common import (  # noqa: F401
    COUNTER_KEY,
)
from desk.views.applicant import (  # noqa: F401
    apply,
    my_requests,
    receipt,
    receipt_pdf,
)
from desk.views.counter import (  # noqa: F401
    counter_confirm,
    counter_start,
)
from desk.views.planning import (  # noqa: F401
    take_next,
    workload,
)
from desk.views.public import (  # noqa: F401
    book_visit,
    track,
    verify,
)
from desk.views.request import (  # noqa: F401
    answer_appointment,
    book_appointment,
    detail,
    document_download,
    download_response,
    external_answer,
    feedback,
    issue_response,
    post_message,
    post_note,
    transition,
)
from desk.views.staff import (  # noqa: F401
    alert_settings,
    assign_one,
    queue,
    reassign_unit,
)
