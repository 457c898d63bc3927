"""Views of the counters app, one module per audience: `holder` (the licence holder's offices and
file), `steps` (the holder's wizard), `review` (the region's workbench and review page) and
`rankings`, `fines` (the regulator's list of fines and its export), `licences` (the licence
registry for staff and its import), `visits` (site visits by the region's experts), `supervision`
(HQ's view of every region, an office's history); `common` holds what they share.

Thin: each parses input, calls one service or selector, renders. A refusal of access renders the
selector's Persian reason with status 403. Every view `counters.urls` uses is re-exported here.
"""

from counters.views.fines import fines_view  # noqa: F401
from counters.views.holder import (  # noqa: F401
    declaration_view,
    document_view,
    home,
    mismatch_view,
    objection_view,
    start,
)
from counters.views.licences import (  # noqa: F401
    licence_import_view,
    licence_office_view,
    licences_view,
)
from counters.views.rankings import RANKING_ROLES, _excel, rankings_view  # noqa: F401
from counters.views.review import resolve_mismatch_view, review_view, workbench_view  # noqa: F401
from counters.views.steps import step_view  # noqa: F401
from counters.views.supervision import hq_view, office_history_view  # noqa: F401
from counters.views.visits import visit_photo_view, visit_view, visits_view  # noqa: F401
