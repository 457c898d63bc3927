"""The QR code of the receipt and the response PDFs: a PNG data URI, 6 pixels a module and a
2-module margin, made without Pillow (segno: decision 0126)."""

import base64
import io

import segno
from PIL import Image

from desk.pdf import qr_data_uri

URL = "https://miz.example.ir/desk/track/?code=1405000123456"


def test_the_qr_code_is_a_png_of_the_url_with_six_pixels_a_module():
    uri = qr_data_uri(URL)
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("L")
    expected = segno.make_qr(URL, error="m", boost_error=False)
    modules = len(expected.matrix)
    assert image.size == ((modules + 4) * 6, (modules + 4) * 6)
    for row, line in enumerate(expected.matrix):  # every module, read back from its pixels
        for column, dark in enumerate(line):
            pixel = image.getpixel(((column + 2) * 6 + 3, (row + 2) * 6 + 3))
            assert (pixel < 128) == bool(dark), (row, column)
    assert image.getpixel((5, 5)) > 128  # the margin is light
