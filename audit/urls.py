"""The audit app's pages (URL names `audit:…`)."""

from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.trail_page, name="trail"),
    path("<slug:slug>/export.xlsx", views.trail_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<slug:slug>/export.csv", views.trail_export, {"fmt": "csv"}, name="export_csv"),
]
