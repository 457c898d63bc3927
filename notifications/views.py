"""The signed-in user's notices page: their in-app notices, newest first; opening it reads them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.paging import paginate
from notifications import selectors, services

PER_PAGE = 20


@login_required
def notices(request):
    """The page shows which notices were unread when it opened, then marks those shown read (the
    ones on other pages stay unread until their page is opened)."""
    page, querystring = paginate(request, selectors.notices_for(request.user), PER_PAGE)
    shown = selectors.with_links(request.user, page.object_list)
    services.mark_notices_read(request.user, [n.pk for n in shown if n.is_unread])
    return render(
        request,
        "notifications/notices.html",
        {"page": page, "notices": shown, "querystring": querystring},
    )
