"""The payment receipt as a PDF (WeasyPrint, through the desk's renderer and its Persian font)."""

from desk import pdf as desk_pdf
from payments.reconcile import gateway_label


def receipt_pdf(payment, *, base_url: str = "") -> bytes:
    request = payment.charge.request
    url = desk_pdf.tracking_url(request, base_url)
    return desk_pdf.render_pdf(
        "payments/receipt_pdf.html",
        {
            "payment": payment,
            "req": request,
            "charge": payment.charge,
            "gateway_label": gateway_label(payment.gateway),
            "qr": desk_pdf.qr_data_uri(url),
            "qr_url": url,
        },
    )
