"""Structural checks of uploaded bytes, one per real type: images are decoded in full within a
pixel limit (Pillow), PDFs are parsed and refused when they carry active content (pypdf,
`core.pdfcheck`, in the worker or in a child process), ZIP containers (ZIP, Word, Excel) are
inspected member by member, and image and PDF bytes that look like HTML (polyglots) are refused.
Each check raises `Refused` with a Persian reason; `core.uploads` turns it into the upload's
`ValidationError`."""

import io
import json
import re
import stat
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from core import pdfcheck


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


def check_pdf(data: bytes) -> None:
    """Parse the PDF and refuse scripts, automatic actions and embedded files anywhere in it.

    With `MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = False` the parsing (pypdf, `core.pdfcheck`) runs in a
    child process that lives for this one file,
    with `MIZ_UPLOAD_PDF_CHECK_SECONDS` to answer and `MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES` of
    address space: pypdf, cryptography and Pillow never enter the web worker's memory (decision
    0126). A PDF whose check runs out of time or memory is refused as too complex; a child that
    cannot start or answers nonsense raises `CheckUnavailable` (the upload is refused, not kept
    unchecked). By default (`True`) the same check runs in the web process: ~10 ms instead of a
    process start (~0.1–0.5 s), at ~13–18 MB of each worker's memory."""
    if pdfcheck.RAW_ACTIVE.search(data):  # no process for what a byte search already refuses
        raise Refused(pdfcheck.ACTIVE)
    if getattr(settings, "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS", True):  # latency over memory
        reason = pdfcheck.verdict(data)
        if reason is not None:
            raise Refused(reason)
        return
    command = [sys.executable, "-I", str(PDF_CHECKER), str(pdf_check_memory_bytes())]
    try:
        done = subprocess.run(  # noqa: S603 - our own script, no shell, the bytes on stdin
            command, input=data, capture_output=True, timeout=pdf_check_seconds(), check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise Refused(pdfcheck.TOO_COMPLEX) from exc
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
    if answer.get("refused"):
        raise Refused(str(answer["refused"]))


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
