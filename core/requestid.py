"""The request id: one token per request that every log line of it, and of the jobs it enqueues, carries.

- `core.requestlog.RequestLogMiddleware` (first in MIDDLEWARE) takes the proxy's `X-Request-ID`
  when it is a sane token (`accepted`: 1–64 characters of `A-Z a-z 0-9 - _ .`), otherwise makes
  one (uuid4 hex); it binds the id to the request's context for the whole request (`bind`) and
  sends it back in `X-Request-ID`.
- `LogContextFilter` (on the log handlers, settings.LOGGING) puts `request_id` on every record,
  and `user_id` when the request's user is already known (never loaded by a log line, never a
  national code or a name).
- Jobs: a task row written while an id is bound (django-tasks-db's `DBTaskResult`, in the
  request's transaction or on its commit) keeps the id beside its arguments
  (`args_kwargs["request_id"]`; the library reads only `args` and `kwargs`). When a worker starts
  the task (django-tasks' `task_started` signal, sent by `miz_worker` and the library's
  `db_worker` alike) the id is bound again until `task_finished`; a task enqueued with no id
  (the scheduler's) runs under its own task id. A job enqueued by a job inherits the id.
"""

import contextvars
import logging
import re
import uuid

from django.utils.functional import LazyObject, empty

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
TASK_KEY = "request_id"
SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("miz_request_id", default=None)
_request: contextvars.ContextVar[object | None] = contextvars.ContextVar("miz_request", default=None)
# Tokens of the ids bound by running tasks, by task id, to restore what was bound before.
_task_tokens: dict[str, contextvars.Token] = {}


def current() -> str | None:
    """The id bound to the running request or job, if any."""
    return _request_id.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accepted(value: str | None) -> str | None:
    """`value` when it is a sane token to carry (from a proxy), else None."""
    return value if value and SANE.fullmatch(value) else None


class bind:
    """`with bind(request_id):` — bind the id (and optionally the request) for the block."""

    def __init__(self, request_id: str, request=None):
        self.request_id = request_id
        self.request = request

    def __enter__(self) -> str:
        self._tokens = (_request_id.set(self.request_id), _request.set(self.request))
        return self.request_id

    def __exit__(self, *exc) -> None:
        id_token, request_token = self._tokens
        _request.reset(request_token)
        _request_id.reset(id_token)


def known_user_id(request) -> int | None:
    """The id of the request's signed-in user if it was already loaded (a log line must not
    query the session or the database); None otherwise."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


class LogContextFilter(logging.Filter):
    """Adds `request_id` ("-" outside a request or job) and, when known, `user_id` to records."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx/5xx response after the middleware has returned, with the request
        # on the record: its id is on the request.
        request = _request.get() or getattr(record, "request", None)
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or getattr(request, "request_id", None) or "-"
        if request is not None and not hasattr(record, "user_id"):
            user_id = known_user_id(request)
            if user_id is not None:
                record.user_id = user_id
        return True


# --- jobs -------------------------------------------------------------------------------------


def stamp_task(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of DBTaskResult: a new task row keeps the id bound when it is written."""
    request_id = _request_id.get()
    if raw or not instance._state.adding or not request_id or not isinstance(instance.args_kwargs, dict):
        return
    instance.args_kwargs.setdefault(TASK_KEY, request_id)


def task_started(sender, task_result, **kwargs) -> None:
    """A worker starts a database task: bind the id it was enqueued under (or its own id)."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None:  # another backend (immediate: already in the caller's context)
        return
    stored = db_result.args_kwargs.get(TASK_KEY) if isinstance(db_result.args_kwargs, dict) else None
    request_id = accepted(stored) or uuid.UUID(str(task_result.id)).hex
    _task_tokens[str(task_result.id)] = _request_id.set(request_id)


def task_finished(sender, task_result, **kwargs) -> None:
    token = _task_tokens.pop(str(task_result.id), None)
    if token is not None:
        try:
            _request_id.reset(token)
        except ValueError:  # set in another context: nothing of ours to restore there
            _request_id.set(None)


def connect_task_signals() -> None:
    """Called from CoreConfig.ready(): carry the id into the task rows and back out in the worker."""
    from django.db.models.signals import pre_save
    from django_tasks_db.compat import task_finished as finished
    from django_tasks_db.compat import task_started as started
    from django_tasks_db.models import DBTaskResult

    pre_save.connect(stamp_task, sender=DBTaskResult, dispatch_uid="miz_request_id_stamp")
    started.connect(task_started, dispatch_uid="miz_request_id_started")
    finished.connect(task_finished, dispatch_uid="miz_request_id_finished")
