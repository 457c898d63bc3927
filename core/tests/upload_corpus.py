"""Generated upload corpus: good files of each accepted type and hostile ones (polyglots, active
PDFs, bombs, dangerous archives), each with the verdict Miz must give (`CORPUS`)."""

import io
import socketserver
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image
from pypdf import PdfWriter


def make_jpeg(size=(48, 32), color=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def make_png(size=(48, 32), color=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def make_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def jpeg_html_polyglot() -> bytes:
    """A real JPEG whose comment segment is an HTML page with a script."""
    jpeg = make_jpeg()
    comment = b"<html><body><script>alert(document.cookie)</script></body></html>"
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return jpeg[:2] + segment + jpeg[2:]


def pdf_with_open_action_script() -> bytes:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_hex_escaped_script() -> bytes:
    """/JavaScript spelled /J#61vaScript: only a parser sees it (a byte search does not)."""
    return pdf_with_open_action_script().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")


def pdf_html_polyglot() -> bytes:
    pdf = make_pdf()
    return pdf.replace(b"\n", b"\n%<html><script>alert(1)</script></html>\n", 1)


def png_bomb() -> bytes:
    """A small PNG that declares 100,000 × 100,000 pixels."""
    raw = zlib.compress(b"\x00" * 100_000)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def jpeg_60000() -> bytes:
    """A JPEG whose frame header declares 60,000 × 60,000 pixels."""
    jpeg = bytearray(make_jpeg())
    at = jpeg.index(b"\xff\xc0")
    jpeg[at + 5 : at + 9] = struct.pack(">HH", 60000, 60000)
    return bytes(jpeg)


def truncated_jpeg() -> bytes:
    return make_jpeg(size=(400, 300), color=(10, 200, 30))[:300]


EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf_with_eicar() -> bytes:
    """A well-formed PDF carrying the EICAR test string in a comment line."""
    return make_pdf().replace(b"\n", b"\n%" + EICAR + b"\n", 1)


def make_xlsx() -> bytes:
    from core import excel

    book, sheet = excel.new_workbook("برگه")
    sheet.append(["کد", "مقدار"])
    return excel.workbook_bytes(book)


def xlsx_with_doctype() -> bytes:
    """A workbook whose sheet declares an entity (the "billion laughs" shape, kept small)."""
    source = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    members = {name: source.read(name) for name in source.namelist()}
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = doctype + (
        sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    )
    return _zip(members)


GOOD = "good"  # accepted wherever its format is allowed (`format` says which)
REFUSED = "refused"  # refused by every upload path
INFECTED = "infected"  # accepted without a scanner, refused with one (the test's fake clamd)


@dataclass(frozen=True)
class Sample:
    name: str
    filename: str
    make: Callable[[], bytes]
    verdict: str
    format: str | None = None


# One table: every file of the corpus and the verdict Miz must give it.
CORPUS = [
    Sample("pdf", "report.pdf", make_pdf, GOOD, "pdf"),
    Sample("jpeg", "photo.jpg", make_jpeg, GOOD, "jpeg"),
    Sample("png", "photo.png", make_png, GOOD, "png"),
    Sample("xlsx", "plan.xlsx", make_xlsx, GOOD, "xlsx"),
    Sample("xlsx_doctype", "plan.xlsx", xlsx_with_doctype, REFUSED),
    Sample("zip", "bundle.zip", lambda: _zip({"notes.txt": b"hello"}), GOOD, "zip"),
    Sample("zip_named_pdf", "report.pdf", lambda: _zip({"notes.txt": b"hello"}), GOOD, "zip"),
    Sample("jpeg_html_polyglot", "photo.jpg", jpeg_html_polyglot, REFUSED),
    Sample("pdf_open_action_script", "report.pdf", pdf_with_open_action_script, REFUSED),
    Sample("pdf_hex_escaped_script", "report.pdf", pdf_with_hex_escaped_script, REFUSED),
    Sample("pdf_html_polyglot", "report.pdf", pdf_html_polyglot, REFUSED),
    Sample("png_bomb", "photo.png", png_bomb, REFUSED),
    Sample("jpeg_60000x60000", "photo.jpg", jpeg_60000, REFUSED),
    Sample("jpeg_truncated", "photo.jpg", truncated_jpeg, REFUSED),
    Sample("zip_dot_dot", "bundle.zip", lambda: _zip({"../../evil.txt": b"x"}), REFUSED),
    Sample("zip_exe", "bundle.zip", lambda: _zip({"setup.exe": b"MZ\x90\x00" + b"\x00" * 60}), REFUSED),
    Sample(
        "zip_program_renamed", "bundle.zip", lambda: _zip({"readme.txt": b"\x7fELF\x02\x01\x01"}), REFUSED
    ),
    Sample("html", "page.html", lambda: b"<!doctype html><html><script>alert(1)</script></html>", REFUSED),
    Sample("html_named_pdf", "report.pdf", lambda: b"<html><script>alert(1)</script></html>", REFUSED),
    Sample("eicar_pdf", "report.pdf", pdf_with_eicar, INFECTED, "pdf"),
]


class _ClamdHandler(socketserver.BaseRequestHandler):
    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = self.request.recv(size - len(data))
            if not part:
                raise ConnectionError("closed")
            data += part
        return data

    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self._read(1)
        self.server.commands.append(command)
        received = b""
        while True:
            (size,) = struct.unpack("!L", self._read(4))
            if size == 0:
                break
            received += self._read(size)
        found = EICAR in received
        self.request.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")


class FakeClamd(socketserver.ThreadingTCPServer):
    """A clamd that speaks INSTREAM on 127.0.0.1 and finds the EICAR test string."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _ClamdHandler)
        self.commands: list[bytes] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
