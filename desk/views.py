"""Desk pages. Views parse input, call one service or selector, and render; every request or
file is fetched through `desk.selectors` (access-checked)."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from desk import forms, selectors, workflow


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _rate_limited(request, scope: str, limit: int, window: int) -> bool:
    """Count this client's attempts in a fixed window (cache); True once over the limit."""
    key = f"desk:rate:{scope}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return False
    return count > limit


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Public tracking: tracking code + national code or mobile → steps, state and due date."""
    form = forms.TrackForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    found = None
    status = 200
    if request.method == "POST":
        if _rate_limited(
            request, "track", settings.MIZ_DESK_TRACK_LIMIT, settings.MIZ_DESK_TRACK_WINDOW_SECONDS
        ):
            form.add_error(None, "تعداد جست‌وجوهای شما از حد مجاز گذشت؛ چند دقیقه دیگر دوباره تلاش کنید.")
            status = 429
        elif form.is_valid():
            try:
                found = selectors.request_for(
                    None, form.cleaned_data["code"], identity=form.cleaned_data["identifier"]
                )
            except Http404:
                form.add_error(None, "درخواستی با این کد رهگیری و این کد ملی یا شماره همراه یافت نشد.")
    context = {"form": form, "req": found}
    if found is not None:
        context.update(
            clock=workflow.clock_for(found),
            timeline=selectors.timeline(found, transitions_only=True),
            steps=selectors.steps_progress(found),
        )
    return render(request, "desk/track.html", context, status=status)
