"""Generated upload corpus: good files of each accepted type and hostile ones (polyglots, active
PDFs, bombs, dangerous archives), each with the verdict Miz must give (`CORPUS`)."""

import io

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
