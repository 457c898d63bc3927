"""Models of the counters app, one module per topic: `licence` (an office's licence),
`config` (scoring and delegation configuration), `declaration` (the self-declaration file and what
the holder fills in), `review` (notes, objection, event log) and `oversight` (the region's
corrections of the violations list and its site visits).

Counter offices beyond their registry entry (orgs.CounterOffice). Every model is re-exported here, so
callers and migrations keep importing from `counters.models`.
"""

from counters.models.config import (  # noqa: F401
    Criterion,
    DelegationRule,
    Discipline,
    Facility,
    RankThreshold,
    ViolationItem,
)
from counters.models.declaration import (  # noqa: F401
    BoardMember,
    Declaration,
    DeclarationDocument,
    StaffMember,
    ViolationAnswer,
    document_upload_to,
)
from counters.models.licence import IdentityMismatch, Licence, LicenceEvent, LicenceReminder  # noqa: F401
from counters.models.oversight import (  # noqa: F401
    ViolationCorrection,
    Visit,
    VisitFinding,
    VisitPhoto,
    visit_photo_upload_to,
)
from counters.models.review import DeclarationEvent, Objection, ReviewNote  # noqa: F401
