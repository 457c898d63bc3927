"""The performance app's models, one module per topic; every model is re-exported here so that
`from performance.models import X` keeps working: `catalogue` (areas, activities, breakdowns,
periods, plan versions), `printed` (every printed line of an imported report),
`values` (data values, their audit, printed figures, `percent`),
`quality` (data-quality rules, runs, results), `approval` (submissions, their events, lock
exceptions) and `builds` (the whole report built in one file). `UploadJob` is kept beside the
upload code, in `performance.uploadjobs`."""

from performance.models.approval import LockException, PlanVersionEvent, Submission, SubmissionEvent
from performance.models.builds import ReportBuild
from performance.models.catalogue import Activity, Area, Breakdown, Period, PlanVersion
from performance.models.printed import PrintedLine
from performance.models.quality import ValidationResult, ValidationRule, ValidationRun
from performance.models.values import (
    PERCENT_QUANTUM,
    DataValue,
    DataValueAudit,
    Measure,
    PrintedFigure,
    percent,
)
from performance.uploadjobs import UploadJob

__all__ = [
    "PERCENT_QUANTUM",
    "Activity",
    "Area",
    "Breakdown",
    "DataValue",
    "DataValueAudit",
    "LockException",
    "Measure",
    "Period",
    "PlanVersion",
    "PlanVersionEvent",
    "PrintedFigure",
    "PrintedLine",
    "ReportBuild",
    "Submission",
    "SubmissionEvent",
    "UploadJob",
    "ValidationResult",
    "ValidationRule",
    "ValidationRun",
    "percent",
]
