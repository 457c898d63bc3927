"""Miz settings: everything that differs between machines comes from the environment."""

import ipaddress
import json
import os
import re
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from miz.env import env_bool, env_float, env_int, env_list
from miz.scheduled_jobs import SCHEDULED_JOBS
from miz.storage import default_storage_from

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MIZ_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


# pytest imports this module after importing itself; tests get a throw-away key.
TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)

# Commands that only read the code (no request, no signing, no data) run without the secret, so a
# fresh checkout can check its migrations; everything else refuses to start without it.
CODE_ONLY_COMMANDS = {"makemigrations", "help", "version"}
COMMAND = sys.argv[1] if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" else ""

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING or COMMAND in CODE_ONLY_COMMANDS:
        SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "core.adminsite.AdminConfig",  # Django's admin, its registry loaded on demand in web workers
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "core.apps.TasksDatabaseConfig",  # django_tasks_db, named in Persian
    "django_ratelimit",
    "csp",
    "auditlog",
    # Miz apps, in dependency order (seed_demo runs their demo data in this order).
    "core",
    "orgs",
    "accounts",
    "notifications",
    "apiclients",  # client systems of the API: tokens, scopes, places, call log (issue 15)
    "catalogue",
    "desk",
    "complaints",  # complaints are desk requests of the complaint service (R8)
    "counters",
    "performance",
    "webhooks",  # signed deliveries of desk and counter events to client systems (issue 15)
    "payments",  # fees paid online through a gateway, receipts, refunds, reconciliation (issue 16)
    "reports",  # managers' reports of the desk, from a summary its events keep (issue 11)
    "audit",  # reads every app's logs; keeps the sign-in log and watches configuration tables
]

MIDDLEWARE = [
    # First: the request id (X-Request-ID), one log line and the latency sample of every request,
    # refusals of the middleware below included (core.requestlog, decision 0064).
    "core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (decision 0044)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.sessions.SessionMiddleware",  # Django's, but a failed save keeps the view's response
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Logs each call of a client-authenticated API endpoint with its status, and each call with a
    # client's token that the two refusals below answer before any view (apiclients).
    "apiclients.middleware.ApiCallLogMiddleware",
    # Before the CSRF check, which reads the body: refuses bodies over the view's limit (413).
    "core.bodylimit.RequestBodyLimitMiddleware",
    # After the body limit (it reads form bodies), before anything uses the data: NUL → 400.
    "core.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who, from where: django-auditlog's actor and client address for configuration changes.
    "audit.middleware.MizAuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "miz.urls"

# Inputs drawn without three template renders each (core.formrender, issue 18).
FORM_RENDERER = "core.formrender.MizFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.shell",
                # Django's CSRF token (its built-in processor runs first), masked in a few calls.
                "core.csrfmask.csrf",
            ],
            "builtins": ["core.templatetags.miz"],
        },
    },
]

WSGI_APPLICATION = "miz.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'miz.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a health check that asks the server only when its socket has something to
    # say: no `SELECT 1` round trip at the start of every request (decision 0152).
    DATABASES["default"]["ENGINE"] = "core.postgres"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the task worker share the file: WAL and a busy timeout keep them
    # from failing each other with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_float("MIZ_SQLITE_TIMEOUT_SECONDS", 20),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.NationalCodeBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.NotNationalCodeValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Persian first, Jalali shown, Gregorian stored, Tehran time.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The container image collects static files at build time outside the data volume (MIZ_STATIC_ROOT).
STATIC_ROOT = Path(os.environ.get("MIZ_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic fills it; WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads and generated PDFs: local disk (one web node) or an S3 bucket shared by every node when
# MIZ_S3_BUCKET is set (miz/storage.py, docs/operations.md "Files: local disk or object storage").
STORAGES = {
    "default": default_storage_from(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# Source maps are for the browser's developer tools: not worth compressing (it doubles the time
# of collectstatic, the vendored Swagger UI being large).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv"),
    *("woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv"),
    "map",
]
# Uploaded files live outside the web root (or in a private bucket) and are served only by
# access-checked views; MEDIA_URL is empty so no file has a public address.
MEDIA_ROOT = VAR_DIR / "uploads"
MEDIA_URL = ""
FILE_UPLOAD_PERMISSIONS = 0o640

# Flash messages ride in a signed cookie (the session only for one too long for it): a filing or
# any other form that ends with a message writes no session row for it, nor does the next page
# that shows it (issue 18: three queries less a filing).
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# The cache holds the rate-limit counters (core.policy): production sets REDIS_URL so every worker
# counts in one place (`check --deploy` refuses anything else, core.E001); a developer's single
# process may use local memory.
# A Redis that stops answering is given up on after a second (redis-py would wait forever by
# default): then the default cache counts and caches in the process's memory, and a session is read
# from the database (decision 0148).
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CACHES = {
    "default": (
        {
            "BACKEND": "core.rediscache.RedisCacheOrLocal",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": REDIS_OPTIONS,
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "miz"}
    )
}
RATELIMIT_USE_CACHE = "default"
# Sessions: in the database (every node reads the same table). With Redis, each request reads its
# session from Redis and writes go to both, so a Redis restart signs nobody out (decision 0062), and
# an outage neither fails a page nor undoes a sign-out (core.sessions, decision 0148).
if os.environ.get("REDIS_URL"):
    CACHES["sessions"] = {
        "BACKEND": "core.rediscache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "session",
        "OPTIONS": REDIS_OPTIONS,
    }
    SESSION_ENGINE = "core.sessions"  # Django's cached_db, safe through a Redis outage
    SESSION_CACHE_ALIAS = "sessions"
# django-ratelimit's own cache check knows neither Django's built-in Redis backend (atomic INCR)
# nor that local memory is meant for one process only; core.E001 says what we require instead.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# The desk queue's covering indexes (INCLUDE columns) serve PostgreSQL; SQLite builds them without
# the extra columns, which is all models.W040 says on every command of an embedded installation.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS.append("models.W040")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "notifications", "webhooks"],
    }
}

# Periodic jobs (docs/operations.md, docs/decisions/0060): the one table of what runs when.
# `manage.py miz_scheduler` enqueues each job once per period of its cron expression (Tehran
# time; minute hour day month weekday, or six fields with seconds first), and the task worker
# runs its management command. A job is "late" in /healthz once `grace_seconds` have passed after
# a period started without a successful run. Change a schedule or switch a job off ("") without
# editing code: MIZ_SCHEDULE='{"desk_orphan_files": "0 5 * * *", "performance_desk_actuals": ""}'.
MIZ_SCHEDULED_JOBS = SCHEDULED_JOBS  # the table is in miz/scheduled_jobs.py
MIZ_SCHEDULE_OVERRIDES = json.loads(os.environ.get("MIZ_SCHEDULE", "") or "{}")
# How often the scheduler looks at the clock; a period is claimed within this many seconds.
MIZ_SCHEDULER_INTERVAL_SECONDS = env_float("MIZ_SCHEDULER_INTERVAL_SECONDS", 5)
# A task "running" longer than this lost its worker (killed): it goes back to the queue, and after
# MIZ_TASK_MAX_ATTEMPTS tries it is marked failed instead (miz_requeue_stale_tasks).
MIZ_TASK_RUNNING_TIMEOUT_SECONDS = env_int("MIZ_TASK_RUNNING_TIMEOUT_SECONDS", 1800)
MIZ_TASK_MAX_ATTEMPTS = env_int("MIZ_TASK_MAX_ATTEMPTS", 3)
# Finished task results and scheduled-run rows are deleted after this many days.
MIZ_TASK_RESULTS_MAX_AGE_DAYS = env_int("MIZ_TASK_RESULTS_MAX_AGE_DAYS", 14)

# Uploads (docs/decisions/0050): the virus-scanning hook is off unless a scanner is named, e.g.
# MIZ_VIRUS_SCANNER=core.virus.ClamdScanner with MIZ_CLAMD_ADDRESS=unix:///run/clamav/clamd.ctl.
MIZ_VIRUS_SCANNER = os.environ.get("MIZ_VIRUS_SCANNER", "")
MIZ_CLAMD_ADDRESS = os.environ.get("MIZ_CLAMD_ADDRESS", "tcp://127.0.0.1:3310")
MIZ_CLAMD_TIMEOUT = env_float("MIZ_CLAMD_TIMEOUT", 30)
MIZ_UPLOAD_MAX_PIXELS = env_int("MIZ_UPLOAD_MAX_PIXELS", 40_000_000)
MIZ_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("MIZ_UPLOAD_MAX_UNCOMPRESSED_BYTES", 100 * 1024**2)
# The PDF structure check runs pypdf in the web worker (IN_PROCESS, the default: ~10 ms a file) or,
# with MIZ_UPLOAD_PDF_CHECK_IN_PROCESS=0, in a child process per file, with this time and address
# space (decision 0126: pypdf, cryptography and Pillow out of the worker, ~13–18 MB, for 0.1–0.5 s
# more per PDF). With MIZ_UPLOAD_PDF_CHECKER set (unix:/path or host:port) the node's checker does it
# (deploy/entrypoint.sh pdfcheck, decision 0136: pypdf out of the worker at ~the in-process time);
# a checker that cannot be reached is logged and the check falls back to a child process.
MIZ_UPLOAD_PDF_CHECKER = os.environ.get("MIZ_UPLOAD_PDF_CHECKER", "").strip()
MIZ_UPLOAD_PDF_CHECK_SECONDS = env_float("MIZ_UPLOAD_PDF_CHECK_SECONDS", 20)
MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES = env_int("MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES", 1024**3)
MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = env_bool("MIZ_UPLOAD_PDF_CHECK_IN_PROCESS", True)
MIZ_PERFORMANCE_INLINE_ROWS = env_int("MIZ_PERFORMANCE_INLINE_ROWS", 2000)

# Security. The production values are the default; DEBUG relaxes only what a laptop needs.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"  # a Persian page in the site's shell
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$", r"^metrics$"]
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Miz settings -------------------------------------------------------------------------
# Request bodies (core.bodylimit): what any view accepts (form fields); views that take files add
# their files' own limits. The reverse proxy's limit (nginx client_max_body_size) must be at least
# the largest of these.
MIZ_REQUEST_MAX_BYTES = env_int("MIZ_REQUEST_MAX_BYTES", 1024 * 1024)
# Long-running processes (miz_worker, the --every sweepers) wait this long after a transient
# database error, doubling up to the cap, and go on (core.resilience).
MIZ_DB_RETRY_SECONDS = env_float("MIZ_DB_RETRY_SECONDS", 1)
MIZ_DB_RETRY_MAX_SECONDS = env_float("MIZ_DB_RETRY_MAX_SECONDS", 60)
MIZ_ORGANISATION_NAME = os.environ.get("MIZ_ORGANISATION_NAME", "سازمان ملی استاندارد ایران")
MIZ_SITE_NAME = os.environ.get("MIZ_SITE_NAME", "میز خدمت الکترونیکی")

# Weekend days as Python weekday numbers (Monday=0 … Sunday=6). Iran: Friday (4);
# many offices also close on Thursday: MIZ_WEEKEND=thu,fri.
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
try:
    MIZ_WEEKEND = sorted({_WEEKDAYS[d] for d in env_list("MIZ_WEEKEND", "fri")})
except KeyError as exc:
    raise ImproperlyConfigured(f"MIZ_WEEKEND: unknown day {exc}; use mon…sun.") from exc

# Payments (issue 16, docs/payments.md): the gateway in use — `sandbox` (inside Miz: the demo and
# the tests), `zarinpal`, or a dotted path to a `payments.backends.Gateway`. Its secrets come from
# the environment only and are never logged.
PAYMENT_BACKEND = os.environ.get("PAYMENT_BACKEND", "sandbox")
ZARINPAL_MERCHANT_ID = os.environ.get("ZARINPAL_MERCHANT_ID", "")
ZARINPAL_ACCESS_TOKEN = os.environ.get("ZARINPAL_ACCESS_TOKEN", "")
ZARINPAL_BASE_URL = os.environ.get("ZARINPAL_BASE_URL", "https://payment.zarinpal.com")
ZARINPAL_TIMEOUT = env_float("ZARINPAL_TIMEOUT", 10)
PAYMENT_INQUIRY_AFTER_MINUTES = env_int("PAYMENT_INQUIRY_AFTER_MINUTES", 10)
PAYMENT_EXPIRE_AFTER_MINUTES = env_int("PAYMENT_EXPIRE_AFTER_MINUTES", 60)
# Unpaid requests (payments.unpaid, run daily as `payments_unpaid`), in working days.
PAYMENT_REMIND_AFTER_DAYS = env_int("PAYMENT_REMIND_AFTER_DAYS", 3)
PAYMENT_WITHDRAW_AFTER_DAYS = env_int("PAYMENT_WITHDRAW_AFTER_DAYS", 10)

# SMS: a dotted path, like EMAIL_BACKEND.
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND",
    "core.sms.LocMemSmsBackend" if TESTING else "core.sms.ConsoleSmsBackend",
)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "miz@localhost")

# Notifications (the notifications app): retries with exponential backoff, base × 2^(attempt-1).
MIZ_NOTIFY_BACKOFF_SECONDS = env_int("MIZ_NOTIFY_BACKOFF_SECONDS", 30)
MIZ_NOTIFY_BACKOFF_MAX_SECONDS = env_int("MIZ_NOTIFY_BACKOFF_MAX_SECONDS", 3600)
MIZ_NOTIFY_MAX_ATTEMPTS = env_int("MIZ_NOTIFY_MAX_ATTEMPTS", 12)
# A row "sending" for longer than this lost its worker; the sweeper sends it again.
MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS = env_int("MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS", 600)
# A queued/retrying row due for longer than this lost its job; the sweeper enqueues a new one.
MIZ_NOTIFY_SWEEP_GRACE_SECONDS = env_int("MIZ_NOTIFY_SWEEP_GRACE_SECONDS", 120)
MIZ_NOTIFY_SWEEP_BATCH = env_int("MIZ_NOTIFY_SWEEP_BATCH", 500)
# Webhooks (the webhooks app): a POST waits this long; retries with backoff base × 2^(attempt-1)
# with jitter, capped; after the last attempt the delivery is "failed" and re-sent from the admin
# (15 attempts with these values: about a day and a half of a receiver being down).
MIZ_WEBHOOK_TIMEOUT_SECONDS = env_float("MIZ_WEBHOOK_TIMEOUT_SECONDS", 10)
MIZ_WEBHOOK_BACKOFF_SECONDS = env_int("MIZ_WEBHOOK_BACKOFF_SECONDS", 30)
MIZ_WEBHOOK_BACKOFF_MAX_SECONDS = env_int("MIZ_WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)
MIZ_WEBHOOK_MAX_ATTEMPTS = env_int("MIZ_WEBHOOK_MAX_ATTEMPTS", 15)
MIZ_WEBHOOK_SENDING_TIMEOUT_SECONDS = env_int("MIZ_WEBHOOK_SENDING_TIMEOUT_SECONDS", 300)
MIZ_WEBHOOK_SWEEP_GRACE_SECONDS = env_int("MIZ_WEBHOOK_SWEEP_GRACE_SECONDS", 120)
MIZ_WEBHOOK_SWEEP_BATCH = env_int("MIZ_WEBHOOK_SWEEP_BATCH", 500)
# Pulling complaints from the national complaint systems (complaints.pull, job complaints_pull):
# each GET waits this long and may answer this many bytes; one run reads at most this many pages.
MIZ_COMPLAINT_PULL_TIMEOUT_SECONDS = env_float("MIZ_COMPLAINT_PULL_TIMEOUT_SECONDS", 20)
MIZ_COMPLAINT_PULL_MAX_BYTES = env_int("MIZ_COMPLAINT_PULL_MAX_BYTES", 5 * 1024 * 1024)
MIZ_COMPLAINT_PULL_MAX_PAGES = env_int("MIZ_COMPLAINT_PULL_MAX_PAGES", 20)
# Kavenegar (SMS_BACKEND=notifications.backends.KavenegarSmsBackend); the API key and the sender
# line come from the environment only: KAVENEGAR_API_KEY, KAVENEGAR_SENDER.
KAVENEGAR_BASE_URL = os.environ.get("KAVENEGAR_BASE_URL", "https://api.kavenegar.com/v1")
KAVENEGAR_TIMEOUT_SECONDS = env_float("KAVENEGAR_TIMEOUT_SECONDS", 10)

# One-time codes and login lockout.
MIZ_OTP_TTL_SECONDS = env_int("MIZ_OTP_TTL_SECONDS", 300)
MIZ_OTP_MAX_ATTEMPTS = env_int("MIZ_OTP_MAX_ATTEMPTS", 5)
MIZ_OTP_RESEND_SECONDS = env_int("MIZ_OTP_RESEND_SECONDS", 60)
MIZ_LOGIN_MAX_FAILURES = env_int("MIZ_LOGIN_MAX_FAILURES", 6)
MIZ_LOGIN_LOCKOUT_MINUTES = env_int("MIZ_LOGIN_LOCKOUT_MINUTES", 15)
# Sign-in attempts (password, one-time code, sign-up, password reset) per client address per
# window, counted across workers (core.policy); a stranger behind the same address waits too.
MIZ_LOGIN_ADDRESS_LIMIT = env_int("MIZ_LOGIN_ADDRESS_LIMIT", 20)
MIZ_LOGIN_ADDRESS_WINDOW_SECONDS = env_int("MIZ_LOGIN_ADDRESS_WINDOW_SECONDS", 600)

# The service desk (desk app): public tracking lookups allowed per client in a window; the base
# URL printed in QR codes and SMS when no request is at hand (the task worker).
MIZ_SITE_URL = os.environ.get("MIZ_SITE_URL", "http://127.0.0.1:8000")
MIZ_DESK_TRACK_LIMIT = env_int("MIZ_DESK_TRACK_LIMIT", 10)
MIZ_DESK_TRACK_WINDOW_SECONDS = env_int("MIZ_DESK_TRACK_WINDOW_SECONDS", 600)
# The managers' report (reports.views): an export larger than this is refused with a Persian message.
MIZ_REPORT_EXPORT_MAX_ROWS = env_int("MIZ_REPORT_EXPORT_MAX_ROWS", 5000)
# API client tokens (apiclients): days a new or rotated token is valid unless told otherwise.
MIZ_API_TOKEN_DAYS = env_int("MIZ_API_TOKEN_DAYS", 365)

# Desk alerts and escalation (desk.services.alerts, run daily as `desk_alerts`), in working days:
# an overdue request goes to its unit head this many days past its due date, and to the province
# manager MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS days after that; an applicant asked for more is
# reminded after MIZ_AWAITING_REMIND_AFTER_DAYS days of silence and the request closed (lapsed,
# staff may reopen it) after MIZ_AWAITING_WITHDRAW_AFTER_DAYS.
MIZ_ESCALATE_TO_HEAD_AFTER_DAYS = env_int("MIZ_ESCALATE_TO_HEAD_AFTER_DAYS", 1)
MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS = env_int("MIZ_ESCALATE_TO_PROVINCE_AFTER_DAYS", 3)
MIZ_AWAITING_REMIND_AFTER_DAYS = env_int("MIZ_AWAITING_REMIND_AFTER_DAYS", 10)
MIZ_AWAITING_WITHDRAW_AFTER_DAYS = env_int("MIZ_AWAITING_WITHDRAW_AFTER_DAYS", 20)

# Reverse proxies in front of Miz that append to X-Forwarded-For (the client address recorded in
# event logs and used for rate limits); 0 = use REMOTE_ADDR.
MIZ_PROXY_COUNT = env_int("MIZ_PROXY_COUNT", 0)
# Counter offices (the counters app): review windows of seed 003, in calendar days by default
# ("روز"); MIZ_COUNTERS_DAYS_KIND=working counts working days on the business calendar.
MIZ_COUNTERS_DAYS_KIND = os.environ.get("MIZ_COUNTERS_DAYS_KIND", "calendar")
if MIZ_COUNTERS_DAYS_KIND not in {"calendar", "working"}:
    raise ImproperlyConfigured("MIZ_COUNTERS_DAYS_KIND must be 'calendar' or 'working'.")
MIZ_COUNTERS_REVIEW_DAYS = env_int("MIZ_COUNTERS_REVIEW_DAYS", 20)
MIZ_COUNTERS_CORRECTION_DAYS = env_int("MIZ_COUNTERS_CORRECTION_DAYS", 5)
MIZ_COUNTERS_REREVIEW_DAYS = env_int("MIZ_COUNTERS_REREVIEW_DAYS", 10)
MIZ_COUNTERS_OBJECTION_DAYS = env_int("MIZ_COUNTERS_OBJECTION_DAYS", 7)
# The office location map: tile server URL template and its attribution (no tiles: coordinates
# are typed by hand).
MIZ_COUNTERS_TILE_URL = os.environ.get(
    "MIZ_COUNTERS_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MIZ_COUNTERS_TILE_ATTRIBUTION = os.environ.get(
    "MIZ_COUNTERS_TILE_ATTRIBUTION", "© OpenStreetMap contributors"
)


def _tile_origin(template: str) -> list[str]:
    """The origin the map's tiles come from, for img-src: `https://{s}.tile.example/{z}/…` →
    `https://*.tile.example`; none for a relative or empty template."""
    from urllib.parse import urlsplit

    parts = urlsplit(template)
    if not (parts.scheme and parts.netloc):
        return []
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return [f"{parts.scheme}://{host}"]


# Content-Security-Policy (django-csp, decision 0044): scripts, styles, fonts and frames from this
# site only, no inline script or style anywhere (templates pass data as json_script or data-*
# attributes; behaviour lives in static JS). Images may be data: URIs (Bootstrap's form icons) and
# the map's tiles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_origin(MIZ_COUNTERS_TILE_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
MIZ_COUNTERS_LICENCE_SYSTEM_URL = os.environ.get("MIZ_COUNTERS_LICENCE_SYSTEM_URL", "")

# Audit (docs/audit.md): django-auditlog keeps configuration changes (the models listed in
# audit.registry); foreign keys by their name, not only their id; no correlation id taken from a
# header any client may send; the auditor's exports stop at this many rows.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
AUDITLOG_CID_HEADER = None
MIZ_AUDIT_EXPORT_MAX_ROWS = env_int("MIZ_AUDIT_EXPORT_MAX_ROWS", 100000)

# Logs (decision 0064): one JSON object per line in production (timestamp, level, logger, message,
# request_id, user_id when known, and the request line's view, method, status, duration_ms), a
# readable line on a developer's machine; MIZ_LOG_FORMAT=json|text chooses either way.
MIZ_LOG_FORMAT = os.environ.get("MIZ_LOG_FORMAT", "") or ("text" if DEBUG else "json")
if MIZ_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("MIZ_LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.requestid.LogContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": MIZ_LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF step at INFO: keep only their warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Metrics (docs/operations.md, decision 0063): /metrics answers only a bearer token equal to
# MIZ_METRICS_TOKEN or a client address (core.policy.client_ip) inside one of the networks of
# MIZ_METRICS_ALLOW (comma-separated, e.g. "10.0.0.0/8,127.0.0.1"); anyone else gets a 404.
MIZ_METRICS_TOKEN = os.environ.get("MIZ_METRICS_TOKEN", "")
MIZ_METRICS_ALLOW = env_list("MIZ_METRICS_ALLOW", "")
for _network in MIZ_METRICS_ALLOW:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"MIZ_METRICS_ALLOW: {exc}") from exc
