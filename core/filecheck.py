"""Structural checks of uploaded bytes, one per real type: images are decoded in full within a
pixel limit (Pillow), PDFs are parsed and refused when they carry active content (pypdf,
`core.pdfcheck`, in the worker or in a child process), ZIP containers (ZIP, Word, Excel) are
inspected member by member, and image and PDF bytes that look like HTML (polyglots) are refused.
Each check raises `Refused` with a Persian reason; `core.uploads` turns it into the upload's
`ValidationError`."""

import http.client
import io
import json
import logging
import re
import socket
import stat
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from core import pdfcheck

log = logging.getLogger(__name__)


class Refused(Exception):
    """The file's structure is refused; `str(exc)` is the Persian reason (a clause)."""


# --- HTML in the first bytes -----------------------------------------------------------------

HTML_SNIFF_BYTES = 64 * 1024
_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|style|form|img|base|link|title)"
    rb"(?=[\s/>])|javascript:",
    re.IGNORECASE,
)


def refuse_html(data: bytes) -> None:
    """Browsers sniff HTML in the first kilobytes of a file; an image or PDF must have none."""
    if _HTML.search(data[:HTML_SNIFF_BYTES]):
        raise Refused("در آن کد HTML یا اسکریپت پنهان است")


# --- images ----------------------------------------------------------------------------------

PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}


def max_pixels() -> int:
    return int(getattr(settings, "MIZ_UPLOAD_MAX_PIXELS", 40_000_000))


def check_image(data: bytes, code: str) -> None:
    """Decode the whole image; refuse a size past `MIZ_UPLOAD_MAX_PIXELS` before decoding (so a
    small file that declares 60,000 × 60,000 pixels is never inflated) and any broken data."""
    from PIL import Image, UnidentifiedImageError  # here, not at import: only uploads decode images

    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PIL_FORMATS[code]:
                    raise Refused("ساختار تصویر با قالب آن نمی‌خواند")
                width, height = image.size
                if width * height > limit:
                    raise Refused(f"ابعاد تصویر ({width}×{height}) بیش از اندازهٔ پذیرفته است")
                image.load()
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refused("ابعاد تصویر بیش از اندازهٔ پذیرفته است") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise Refused("تصویر خراب است یا کامل نیست") from exc


# --- PDF -------------------------------------------------------------------------------------

PDF_CHECKER = Path(__file__).with_name("pdfcheck.py")


class CheckUnavailable(Exception):
    """The check could not give a verdict (its process did not start or answered nonsense)."""


def pdf_check_seconds() -> float:
    return float(getattr(settings, "MIZ_UPLOAD_PDF_CHECK_SECONDS", 20))


def pdf_check_memory_bytes() -> int:
    return int(getattr(settings, "MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES", 1024 * 1024 * 1024))


def pdf_checker_address() -> str:
    return str(getattr(settings, "MIZ_UPLOAD_PDF_CHECKER", "") or "")


def check_pdf(data: bytes) -> None:
    """Parse the PDF and refuse scripts, automatic actions and embedded files anywhere in it.

    Where the parse (pypdf, `core.pdfcheck.verdict`) runs:

    - `MIZ_UPLOAD_PDF_CHECKER` set (`unix:/run/…/pdfcheck.sock` or `host:port`): by the node's
      checker (`core.pdfchecker`, decision 0136), ~1 ms more than in the web process;
      pypdf never enters the web worker. A checker that cannot be reached or answers nonsense is
      logged and the check falls back to a child process; one that does not answer in time
      raises `CheckUnavailable`.
    - otherwise `MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = False`: a child process that lives for this one
      file, with `MIZ_UPLOAD_PDF_CHECK_SECONDS` to answer and `MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES` of
      address space (decision 0126), ~0.1–0.5 s a PDF.
    - otherwise (the default, `True`): in the web process, ~1 ms for a 500 KB scan
      (`bench/pdf_check.py`), at ~13–21 MB of each worker's memory.

    A PDF whose check runs out of time or memory is refused as too complex; a check that gives no
    verdict raises `CheckUnavailable` (the upload is refused, not kept unchecked)."""
    if pdfcheck.RAW_ACTIVE.search(data):  # no process for what a byte search already refuses
        raise Refused(pdfcheck.ACTIVE)
    address = pdf_checker_address()
    if address:
        reason = _ask_checker(address, data)
    elif getattr(settings, "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS", True):  # latency over memory
        reason = pdfcheck.verdict(data)
    else:
        reason = _check_in_child(data)
    if reason is not None:
        raise Refused(reason)


class _NoVerdict(Exception):
    """The checker gave no verdict: unreachable, or an answer that is not one."""


def _ask_checker(address: str, data: bytes) -> str | None:
    """The node's checker's verdict; a child process's when the checker gives none."""
    # The checker stops a parse after the seconds (and answers "too complex"); the rest is the
    # queue in front of its processes.
    wait = 2 * pdf_check_seconds() + 1
    try:
        return _checker_verdict(address, data, wait)
    except TimeoutError as exc:
        raise CheckUnavailable(f"the PDF checker at {address} did not answer in {wait:g} s") from exc
    except _NoVerdict as exc:
        log.warning("PDF checker at %s gave no verdict (%s); checking in a child process", address, exc)
        return _check_in_child(data)


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


# A checker on the node answers a connection at once; one that does not within this is taken as
# unreachable (a child process checks instead), not as a slow verdict.
CHECKER_CONNECT_SECONDS = 2.0


def _checker_verdict(address: str, data: bytes, wait: float) -> str | None:
    connection = None
    try:
        if address.startswith("unix:"):
            connection = _UnixConnection(address.removeprefix("unix:"), timeout=CHECKER_CONNECT_SECONDS)
        else:
            host, _, port = address.rpartition(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=CHECKER_CONNECT_SECONDS)
        connection.connect()
    except (OSError, ValueError, http.client.HTTPException) as exc:  # a timeout is an OSError too
        if connection is not None:
            connection.close()
        raise _NoVerdict(f"cannot connect: {exc!r}") from exc
    connection.sock.settimeout(wait)
    try:
        connection.request("POST", "/check", body=data, headers={"Content-Type": "application/pdf"})
        response = connection.getresponse()
        body = response.read()
    except TimeoutError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        raise _NoVerdict(repr(exc)) from exc
    finally:
        connection.close()
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if (
        response.status != 200
        or not isinstance(answer, dict)
        or not (answer.get("ok") or answer.get("refused"))
    ):
        raise _NoVerdict(f"HTTP {response.status}: {body[:200]!r}")
    return str(answer["refused"]) if answer.get("refused") else None


def _check_in_child(data: bytes) -> str | None:
    command = [sys.executable, "-I", str(PDF_CHECKER), str(pdf_check_memory_bytes())]
    try:
        done = subprocess.run(  # noqa: S603 - our own script, no shell, the bytes on stdin
            command, input=data, capture_output=True, timeout=pdf_check_seconds(), check=False
        )
    except subprocess.TimeoutExpired:
        return pdfcheck.TOO_COMPLEX
    except OSError as exc:
        raise CheckUnavailable(f"the PDF check could not start: {exc}") from exc
    try:
        answer = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (UnicodeDecodeError, IndexError, ValueError):
        answer = None
    understood = isinstance(answer, dict) and (answer.get("ok") or answer.get("refused"))
    if done.returncode != 0 or not understood:
        stderr = done.stderr.decode(errors="replace")[-2000:]
        raise CheckUnavailable(f"the PDF check exited {done.returncode}: {stderr}")
    return str(answer["refused"]) if answer.get("refused") else None


# --- ZIP containers (ZIP, Word, Excel) --------------------------------------------------------

ARCHIVE_MAX_MEMBERS = 1000
ARCHIVE_MAX_RATIO = 100
EXECUTABLE_SUFFIXES = frozenset(
    ".exe .dll .com .bat .cmd .scr .pif .msi .msp .cpl .jar .js .jse .vbs .vbe .wsf .wsh .ps1 .psm1 "
    ".hta .lnk .reg .sh .bash .elf .so .dylib .app .apk .deb .rpm .py .pl .rb .php "
    ".docm .xlsm .pptm .dotm .xltm .iso .img .vhd".split()
)
NESTED_ARCHIVE_SUFFIXES = frozenset(".zip .rar .7z .gz .tgz .bz2 .xz .tar .cab".split())
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "MIZ_UPLOAD_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024))


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or ".." in path.parts or ":" in name or "\x00" in name


def check_archive(data: bytes, code: str) -> zipfile.ZipFile:
    """Inspect every member of a ZIP container without extracting it: refuse `../` or absolute
    names, links, encrypted members, programs (by name and by first bytes), archives inside
    archives, macros and DOCTYPEs in Office files, and more than `MIZ_UPLOAD_MAX_UNCOMPRESSED_BYTES`
    once inflated (or an inflation ratio past 100, the mark of a zip bomb). Returns the open
    archive, for a caller that reads it further."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise Refused("پروندهٔ فشرده خراب است") from exc
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise Refused("پروندهٔ فشرده بیش از اندازه عضو دارد")
    total = 0
    for info in members:
        name = info.filename
        suffix = PurePosixPath(name.lower()).suffix
        if _unsafe_name(name):
            raise Refused(f"در پروندهٔ فشرده نام ناامن «{name[:80]}» هست")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Refused("در پروندهٔ فشرده پیوند نمادین هست")
        if info.flag_bits & 0x1:
            raise Refused("پروندهٔ فشرده رمزدار است")
        if suffix in EXECUTABLE_SUFFIXES or name.lower().endswith("vbaproject.bin"):
            raise Refused(f"در پروندهٔ فشرده برنامه یا ماکرو («{name[:80]}») هست")
        if suffix in NESTED_ARCHIVE_SUFFIXES:
            raise Refused("پروندهٔ فشرده درون پروندهٔ فشرده پذیرفته نیست")
        total += info.file_size
        if total > max_uncompressed_bytes():
            raise Refused("حجم بازشدهٔ پروندهٔ فشرده بیش از اندازه است")
        if (
            info.compress_size
            and info.file_size / info.compress_size > ARCHIVE_MAX_RATIO
            and info.file_size > 1 << 20
        ):
            raise Refused("پروندهٔ فشرده بیش از اندازه فشرده شده است (بمب فشرده‌سازی)")
        if info.is_dir():
            continue
        try:
            with archive.open(info) as member:
                head = member.read(2048)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
            raise Refused("پروندهٔ فشرده خراب است") from exc
        if head.startswith(_EXECUTABLE_MAGIC):
            raise Refused(f"در پروندهٔ فشرده برنامه («{name[:80]}») هست")
        if (
            code in OOXML_MAIN_PART
            and suffix in (".xml", ".rels")
            and re.search(rb"<!(DOCTYPE|ENTITY)", head)
        ):
            raise Refused("پروندهٔ Office دارای DOCTYPE است")
    if code in OOXML_MAIN_PART:
        names = {info.filename for info in members}
        if "[Content_Types].xml" not in names or OOXML_MAIN_PART[code] not in names:
            raise Refused("ساختار پروندهٔ Office کامل نیست")
    return archive
