"""The per-node PDF checker (decision 0136): `core.pdfcheck.verdict` served over HTTP by gunicorn, so
a web worker neither imports pypdf (~13–18 MB with cryptography and Pillow, decision 0126) nor
starts a process for each uploaded PDF (0.1–0.5 s).

    deploy/entrypoint.sh pdfcheck      # gunicorn, sync workers, pypdf imported once (--preload)

`core.filecheck.check_pdf` sends the PDF's bytes (`POST /check`, the body is the file) to
`MIZ_UPLOAD_PDF_CHECKER` and reads one JSON object: `{"ok": true}` or `{"refused": reason}` with
the Persian reason; `GET /` answers `{"ok": true}` (a health probe). Like `core.pdfcheck`, this
module imports neither Django nor the rest of Miz: its settings are the environment's
`MIZ_UPLOAD_PDF_CHECK_SECONDS` (a check stopped after this long is refused as too complex) and
`MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES` (each checking process's address space), the same names and
defaults as the web's settings."""

import ctypes
import ctypes.util
import json
import os
import resource
import signal

import pypdf  # noqa: F401 - imported once by gunicorn's master (--preload), shared by its workers

from core import pdfcheck

DEFAULT_SECONDS = 20.0
DEFAULT_MEMORY_BYTES = 1024**3
# The web refuses larger uploads long before; a body past this is not read at all.
MAX_BODY_BYTES = 256 * 1024 * 1024


class _OutOfTime(BaseException):
    """Raised by the timer in the middle of the parse; a BaseException, so that no `except
    Exception` in pypdf swallows it."""


def _trimmer():
    """glibc's `malloc_trim`, or None elsewhere."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


# A parse of a scan-sized PDF leaves freed memory in the allocator's arenas; given back after each
# check, a checking process stays near its size after the first check instead of growing by ~0.1
# MB a check (bench/pdf_check.py, decision 0136).
_malloc_trim = _trimmer()


def _seconds() -> float:
    return float(os.environ.get("MIZ_UPLOAD_PDF_CHECK_SECONDS") or DEFAULT_SECONDS)


_limited_pid = None


def _limit_memory() -> None:
    """Each checking process limits its own address space once (gunicorn forks them from a master
    that imported pypdf, which stays unlimited)."""
    global _limited_pid
    if _limited_pid == os.getpid():
        return
    limit = int(os.environ.get("MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES") or DEFAULT_MEMORY_BYTES)
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _limited_pid = os.getpid()


def _out_of_time(signum, frame):
    raise _OutOfTime


def timed_verdict(data: bytes, seconds: float) -> str | None:
    """`pdfcheck.verdict` stopped after `seconds` (then refused as too complex). It uses the
    process's real-time timer, so it runs in the main thread, as gunicorn's sync workers do; the
    timer is stopped afterwards and the signal handler in place before is put back."""
    previous = signal.signal(signal.SIGALRM, _out_of_time)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return pdfcheck.verdict(data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OutOfTime:
        return pdfcheck.TOO_COMPLEX
    finally:
        signal.signal(signal.SIGALRM, previous)


def _answer(start_response, status: str, body: dict) -> list[bytes]:
    payload = json.dumps(body, ensure_ascii=False).encode()
    start_response(
        status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(payload)))]
    )
    return [payload]


def application(environ, start_response):
    method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
    if method in ("GET", "HEAD") and path == "/":
        return _answer(start_response, "200 OK", {"ok": True})
    if path != "/check":
        return _answer(start_response, "404 Not Found", {"error": "not found"})
    if method != "POST":
        return _answer(start_response, "405 Method Not Allowed", {"error": "POST the PDF to /check"})
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return _answer(start_response, "411 Length Required", {"error": "Content-Length is required"})
    if length < 0 or length > MAX_BODY_BYTES:
        return _answer(start_response, "413 Content Too Large", {"error": "the body is too large"})
    data = environ["wsgi.input"].read(length)
    if len(data) != length:
        return _answer(start_response, "400 Bad Request", {"error": "the body is shorter than its length"})
    _limit_memory()
    reason = timed_verdict(data, _seconds())
    del data
    if _malloc_trim is not None:
        _malloc_trim(0)
    return _answer(start_response, "200 OK", {"ok": True} if reason is None else {"refused": reason})
