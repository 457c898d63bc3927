"""The PDF structure check (pypdf): `verdict(data)`, called in the web process by default, or this
file run as a short-lived child process when `MIZ_UPLOAD_PDF_CHECK_IN_PROCESS` is false: it then
reads the PDF on standard input and writes one JSON line, `{"ok": true}` or `{"refused": reason}`
with a Persian reason. `core.filecheck.check_pdf` starts it (`python -I core/pdfcheck.py
MEMORY_BYTES`), so pypdf, cryptography (its AES provider) and Pillow, ~13–18 MB together, never
enter a web worker's memory (issue 18, decision 0126).

This file imports neither Django nor the rest of Miz: `-I` keeps the project's folder off the
child's path, and the web process imports it only for its reasons (pypdf is imported inside
`verdict`)."""

import io
import json
import re
import sys

ACTIVE = "PDF دارای اسکریپت، اقدام خودکار یا پروندهٔ پیوست است"
ON_OPEN = "PDF هنگام باز شدن اقدامی اجرا می‌کند"
ENCRYPTED = "PDF رمزدار است"
NO_PAGE = "PDF صفحه‌ای ندارد"
TOO_COMPLEX = "ساختار PDF بیش از اندازه پیچیده است"
BROKEN = "PDF خراب است یا خوانده نمی‌شود"

# Names that make a PDF do something when it is opened or clicked: scripts, launched programs,
# embedded files, Flash/3D media, XML forms, form submission and remote documents.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
    }
)
# The same names as plain bytes: found before any parsing (and before a child is started).
RAW_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|AA)(?![A-Za-z0-9])")
PDF_MAX_OBJECTS = 200_000


class Refused(Exception):
    """The PDF is refused; `str(exc)` is the Persian reason."""


def _pdf_objects(root):
    """Every object reachable from the trailer, each once (a budget stops pathological files)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    count = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        count += 1
        if count > PDF_MAX_OBJECTS:
            raise Refused(TOO_COMPLEX)
        yield item
        if isinstance(item, DictionaryObject):
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def verdict(data: bytes) -> str | None:
    """None when the PDF passes; otherwise the Persian reason it is refused for: scripts,
    automatic actions and embedded files anywhere in it, a password, no page, or bytes pypdf
    cannot read."""
    if RAW_ACTIVE.search(data):
        return ACTIVE
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, NameObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return ENCRYPTED
        if len(reader.pages) < 1:
            return NO_PAGE
        for item in _pdf_objects(reader.trailer):
            if isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
                return ACTIVE
            if isinstance(item, DictionaryObject):
                if PDF_ACTIVE_NAMES.intersection(item.keys()):
                    return ACTIVE
                action = item.get("/OpenAction")
                if action is not None and isinstance(action.get_object(), DictionaryObject):
                    if action.get_object().get("/S") != "/GoTo":
                        return ON_OPEN
    except Refused as exc:
        return str(exc)
    except MemoryError:
        return TOO_COMPLEX
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, NotImplementedError, AssertionError):  # fmt: skip
        return BROKEN
    return None


def main(argv: list[str]) -> int:
    """The child: limit its own address space to `argv[1]` bytes (a PDF built to exhaust memory
    fails here, not in the web worker), read the PDF, answer one JSON line."""
    import resource

    if len(argv) > 1 and int(argv[1]) > 0:
        limit = int(argv[1])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    data = sys.stdin.buffer.read()
    reason = verdict(data)
    answer = {"ok": True} if reason is None else {"refused": reason}
    sys.stdout.write(json.dumps(answer) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
