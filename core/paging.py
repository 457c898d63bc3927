"""A long list, one page at a time: the page the request asks for and the list's other filters
(its query string without `page`), which templates/includes/pagination.html links with."""

from django.core.paginator import Page, Paginator

from core.text import to_persian_digits


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def paginate(request, items, per_page: int) -> tuple[Page, str]:
    """(the page `?page=` names, or the nearest one; the query string to keep in its links)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return page, querystring_without_page(request)


def page_notice(request, page: Page) -> str:
    """A Persian sentence when `?page=` named no page of the list (past its end, below one, not a
    number) and the nearest one came instead; "" when it named the page shown or none at all."""
    asked = (request.GET.get("page") or "").strip()
    if not asked or asked == str(page.number):
        return ""
    shown = to_persian_digits(page.number)
    of = to_persian_digits(page.paginator.num_pages)
    return f"صفحه‌ای با این شماره در این فهرست نیست؛ صفحه {shown} از {of} آمده است."
