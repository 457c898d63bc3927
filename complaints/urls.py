"""The complaints app's pages (URL names `complaints:…`)."""

from django.urls import path

from complaints import report_views, views

app_name = "complaints"

urlpatterns = [
    path("new/", views.file, name="file"),
    path("phone/", views.phone_start, name="phone_start"),
    path("phone/confirm/", views.phone_confirm, name="phone_confirm"),
    path("import/", views.import_file, name="import"),
    path("report/", report_views.report, name="report"),
]
