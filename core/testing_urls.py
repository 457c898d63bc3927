"""Test-only URLs (miz.settings_multinode, CI's multi-node stage): every real URL plus a slow view.

Not mounted by `miz.urls`: no deployment serves `/_test/…`.
"""

import time

from django.http import JsonResponse
from django.urls import path

from miz.urls import urlpatterns as real_urlpatterns

SLOWEST_SECONDS = 30.0


def slow(request):
    """Hold this web thread for `?seconds=` (at most 30), as a long report or PDF would."""
    seconds = min(float(request.GET.get("seconds", "1")), SLOWEST_SECONDS)
    time.sleep(seconds)
    return JsonResponse({"slept": seconds})


urlpatterns = [path("_test/slow", slow), *real_urlpatterns]
