"""The reports app's pages (URL names `reports:…`)."""

from django.urls import path

from reports import views
from reports.compliance_views import compliance_page, compliance_pdf, compliance_xlsx

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("compliance/", compliance_page, name="compliance"),
    path("compliance/worksheet.xlsx", compliance_xlsx, name="compliance_xlsx"),
    path("compliance/worksheet.pdf", compliance_pdf, name="compliance_pdf"),
]
