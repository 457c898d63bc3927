"""Root URLs: each app mounts its own; the health checks and the metrics sit outside the i18n shell."""

from django.contrib import admin
from django.http import Http404
from django.urls import include, path

from apiclients.views import guide as api_guide
from apiclients.views import guide_page as api_guide_page
from core.lazyurls import lazy_include
from core.metrics import metrics
from core.views import healthz, livez, readyz

# Persian error pages in the site's shell (core/errors.py); CSRF failures: settings.CSRF_FAILURE_VIEW.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

admin.site.site_header = "مدیریت میز خدمت"
admin.site.site_title = "میز خدمت"
admin.site.index_title = "پیکربندی و داده‌های پایه"


def no_such_guide_page(request, rest: str):
    """Any other path under the API's guide: a 404 of the site's, which never reaches the API's
    lazy include below (that would import the API into a web node's process)."""
    raise Http404("این صفحه در راهنمای API نیست.")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),  # for the monitoring system only (core.metrics)
    # The registry and its URLs on the first admin page or `admin:` reverse (core.adminsite).
    lazy_include("admin/", "miz.admin_urls", app_name="admin", namespace="admin"),
    path("accounts/", include("accounts.urls")),
    path("services/", include("catalogue.urls")),
    path("desk/", include("desk.urls")),
    # Each app's URL module (its views, forms and selectors) is imported on its first path or
    # reverse (core.lazyurls): a worker serving the desk's pages never imports counters',
    # performance's, reports' or audit's (issue 18; the desk's pages link to the other three).
    lazy_include("payments/", "payments.urls", app_name="payments", namespace="payments"),
    lazy_include("complaints/", "complaints.urls", app_name="complaints", namespace="complaints"),
    lazy_include("counters/", "counters.urls", app_name="counters", namespace="counters"),
    lazy_include("performance/", "performance.urls", app_name="performance", namespace="performance"),
    lazy_include("reports/", "reports.urls", app_name="reports", namespace="reports"),
    lazy_include("audit/", "audit.urls", app_name="audit", namespace="audit"),
    lazy_include("notices/", "notifications.urls", app_name="notifications", namespace="notifications"),
    path("api/guide/", api_guide, name="api_guide"),
    path("api/guide/<slug:page>/", api_guide_page, name="api_guide_page"),
    path("api/guide/<path:rest>", no_such_guide_page),
    # Imported on the first API call (miz.api_urls; its names are checked in miz/tests/test_urls.py).
    lazy_include("api/", "miz.api_urls", app_name="ninja", namespace="api"),
    path("", include("core.urls")),
]
