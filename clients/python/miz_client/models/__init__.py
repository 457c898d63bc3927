"""Contains all the data models used in inputs/outputs"""

from .area import Area
from .channel_out import ChannelOut
from .complainant_in import ComplainantIn
from .complaint_in import ComplaintIn
from .complaint_out import ComplaintOut
from .desk_api_write_intake_file_file_in import DeskApiWriteIntakeFileFileIn
from .desk_api_write_post_document_multi_part_body_params import DeskApiWritePostDocumentMultiPartBodyParams
from .desk_open_311_create_request_body import DeskOpen311CreateRequestBody
from .detail_out import DetailOut
from .document_in import DocumentIn
from .document_out import DocumentOut
from .error_out import ErrorOut
from .event_out import EventOut
from .fee_out import FeeOut
from .field_error_out import FieldErrorOut
from .field_out import FieldOut
from .file_in import FileIn
from .geo_report_error_out import GeoReportErrorOut
from .import_out import ImportOut
from .input_error_out import InputErrorOut
from .message_in import MessageIn
from .message_out import MessageOut
from .open_311_attribute_out import Open311AttributeOut
from .open_311_created_out import Open311CreatedOut
from .open_311_definition_out import Open311DefinitionOut
from .open_311_request_filters import Open311RequestFilters
from .open_311_request_out import Open311RequestOut
from .open_311_service_out import Open311ServiceOut
from .open_311_value_out import Open311ValueOut
from .request_out import RequestOut
from .response_out import ResponseOut
from .row_errors import RowErrors
from .service_filters import ServiceFilters
from .service_form_out import ServiceFormOut
from .service_out import ServiceOut
from .start_in import StartIn
from .step_out import StepOut
from .track_in import TrackIn
from .track_out import TrackOut
from .value_row import ValueRow
from .value_set import ValueSet
from .withdraw_in import WithdrawIn

__all__ = (
    "Area",
    "ChannelOut",
    "ComplainantIn",
    "ComplaintIn",
    "ComplaintOut",
    "DeskApiWriteIntakeFileFileIn",
    "DeskApiWritePostDocumentMultiPartBodyParams",
    "DeskOpen311CreateRequestBody",
    "DetailOut",
    "DocumentIn",
    "DocumentOut",
    "ErrorOut",
    "EventOut",
    "FeeOut",
    "FieldErrorOut",
    "FieldOut",
    "FileIn",
    "GeoReportErrorOut",
    "ImportOut",
    "InputErrorOut",
    "MessageIn",
    "MessageOut",
    "Open311AttributeOut",
    "Open311CreatedOut",
    "Open311DefinitionOut",
    "Open311RequestFilters",
    "Open311RequestOut",
    "Open311ServiceOut",
    "Open311ValueOut",
    "RequestOut",
    "ResponseOut",
    "RowErrors",
    "ServiceFilters",
    "ServiceFormOut",
    "ServiceOut",
    "StartIn",
    "StepOut",
    "TrackIn",
    "TrackOut",
    "ValueRow",
    "ValueSet",
    "WithdrawIn",
)
