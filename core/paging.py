"""A long list, one page at a time: the page the request asks for and the list's other filters
(its query string without `page`), which templates/includes/pagination.html links with."""

from django.core.paginator import Page, Paginator


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def paginate(request, items, per_page: int) -> tuple[Page, str]:
    """(the page `?page=` names, or the nearest one; the query string to keep in its links)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return page, querystring_without_page(request)
