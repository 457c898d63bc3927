"""PDFs the desk produces (WeasyPrint, right to left, vendored Vazirmatn): the receipt (D3) and
the response letter or certificate (D6), each with a QR code of its public page."""

import base64
import io

from django.conf import settings
from django.urls import reverse

from core.pdf import render_pdf


def qr_data_uri(text: str) -> str:
    """A PNG of `text`'s QR code (error correction M, 6 pixels a module, a 2-module margin), as a
    data URI. segno writes the PNG itself (zlib): no Pillow in the web worker, which the receipt
    page would otherwise load for its QR code alone (~5 MB, decision 0126)."""
    import segno

    code = segno.make_qr(text, error="m", boost_error=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=6, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def absolute(base_url: str, path: str) -> str:
    base = (base_url or getattr(settings, "MIZ_SITE_URL", "") or "").rstrip("/")
    return base + path


def tracking_url(request, base_url: str = "") -> str:
    return absolute(base_url, reverse("desk:track") + f"?code={request.tracking_code}")


def verification_url(token: str, base_url: str = "") -> str:
    return absolute(base_url, reverse("desk:verify", args=[token]))


def receipt_pdf(*, request, context: dict, base_url: str = "") -> bytes:
    url = tracking_url(request, base_url)
    return render_pdf("desk/receipt_pdf.html", {**context, "qr": qr_data_uri(url), "qr_url": url})


def response_pdf(*, request, decision, text: str, token: str, issued_at, base_url: str = "") -> bytes:
    url = verification_url(token, base_url)
    return render_pdf(
        "desk/response_pdf.html",
        {
            "req": request,
            "decision": decision,
            "text": text,
            "issued_at": issued_at,
            "qr": qr_data_uri(url),
            "qr_url": url,
        },
    )
