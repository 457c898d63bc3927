"""Contains all the data models used in inputs/outputs"""

from .area import Area
from .channel_out import ChannelOut
from .desk_api_write_intake_file_file_in import DeskApiWriteIntakeFileFileIn
from .desk_api_write_post_document_multi_part_body_params import DeskApiWritePostDocumentMultiPartBodyParams
from .detail_out import DetailOut
from .document_in import DocumentIn
from .document_out import DocumentOut
from .error_out import ErrorOut
from .event_out import EventOut
from .fee_out import FeeOut
from .field_error_out import FieldErrorOut
from .field_out import FieldOut
from .file_in import FileIn
from .input_error_out import InputErrorOut
from .message_in import MessageIn
from .message_out import MessageOut
from .request_out import RequestOut
from .response_out import ResponseOut
from .service_filters import ServiceFilters
from .service_form_out import ServiceFormOut
from .service_out import ServiceOut
from .start_in import StartIn
from .step_out import StepOut
from .track_in import TrackIn
from .track_out import TrackOut
from .withdraw_in import WithdrawIn

__all__ = (
    "Area",
    "ChannelOut",
    "DeskApiWriteIntakeFileFileIn",
    "DeskApiWritePostDocumentMultiPartBodyParams",
    "DetailOut",
    "DocumentIn",
    "DocumentOut",
    "ErrorOut",
    "EventOut",
    "FeeOut",
    "FieldErrorOut",
    "FieldOut",
    "FileIn",
    "InputErrorOut",
    "MessageIn",
    "MessageOut",
    "RequestOut",
    "ResponseOut",
    "ServiceFilters",
    "ServiceFormOut",
    "ServiceOut",
    "StartIn",
    "StepOut",
    "TrackIn",
    "TrackOut",
    "WithdrawIn",
)
