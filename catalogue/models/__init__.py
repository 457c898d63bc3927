"""The service catalogue: services, what an applicant provides, workflow templates and SLAs.

The models live in topic modules; everything is re-exported here, so callers (and migrations)
keep importing from `catalogue.models`.
"""

from catalogue.models.agreement import AgreementQuerySet, ServiceLevelAgreement, overlap_message
from catalogue.models.application import (
    DOCUMENT_FORMATS,
    FIELD_NAME_RE,
    RequiredDocument,
    ServiceField,
    WorkflowStep,
    parse_formats,
    validate_field_name,
)
from catalogue.models.fields import (
    AT_LEAST_ONE_DAY,
    SERVICE_ID_LENGTH,
    ServiceIdField,
    ServiceIdFormField,
    clean_service_id,
    validate_service_id,
)
from catalogue.models.service import ApplicantType, Area, Channel, Service, ServiceQuerySet

__all__ = [
    "AT_LEAST_ONE_DAY",
    "DOCUMENT_FORMATS",
    "FIELD_NAME_RE",
    "SERVICE_ID_LENGTH",
    "AgreementQuerySet",
    "ApplicantType",
    "Area",
    "Channel",
    "RequiredDocument",
    "Service",
    "ServiceField",
    "ServiceIdField",
    "ServiceIdFormField",
    "ServiceLevelAgreement",
    "ServiceQuerySet",
    "WorkflowStep",
    "clean_service_id",
    "overlap_message",
    "parse_formats",
    "validate_field_name",
    "validate_service_id",
]
