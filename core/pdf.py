"""PDFs from templates, one way for every app: WeasyPrint over HTML whose relative addresses are
the project's, with what every PDF template reads (`font_dir`, the vendored Vazirmatn fonts as a
file address, and the organisation's and the site's names). WeasyPrint is imported only when a
PDF is made (`core/tests/test_lean_imports.py`)."""

from django.conf import settings
from django.template.loader import render_to_string


def pdf_context(context: dict) -> dict:
    """`context` with `font_dir`, `miz_organisation_name` and `miz_site_name`."""
    return {
        **context,
        "font_dir": (settings.BASE_DIR / "static" / "vendor" / "vazirmatn-33.0.3" / "ttf").as_uri(),
        "miz_organisation_name": settings.MIZ_ORGANISATION_NAME,
        "miz_site_name": settings.MIZ_SITE_NAME,
    }


def pdf_html(template: str, context: dict) -> str:
    """The HTML WeasyPrint sets for `template` (the context completed by `pdf_context`)."""
    return render_to_string(template, pdf_context(context))


def document(html: str):
    """WeasyPrint's laid-out document of `html` (its `pages`, then `write_pdf()`)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def html_to_pdf(html: str, **options) -> bytes:
    """The PDF of `html`; `options` go to WeasyPrint's `write_pdf` (e.g. `uncompressed_pdf`)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(**options)


def render_pdf(template: str, context: dict, **options) -> bytes:
    """The PDF of `template` rendered with `context` (see `pdf_html`)."""
    return html_to_pdf(pdf_html(template, context), **options)
