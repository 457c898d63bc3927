"""The payment receipt as a PDF (`core.pdf`, with the desk's tracking address and QR code)."""

from core.pdf import render_pdf
from desk import pdf as desk_pdf
from payments.reconcile import gateway_label


def receipt_pdf(payment, *, base_url: str = "") -> bytes:
    request = payment.charge.request
    url = desk_pdf.tracking_url(request, base_url)
    return render_pdf(
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
