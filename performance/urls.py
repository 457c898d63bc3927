"""The performance app's pages (URL names `performance:…`)."""

from django.urls import path

from performance.views import dashboard, data_entry, quality, report, upload_jobs

app_name = "performance"

urlpatterns = [
    path("report/", report.annual_report, name="report"),
    path("report/xlsx", report.annual_report_xlsx, name="report_xlsx"),
    path("report/pdf/<slug:section>", report.annual_report_pdf, name="report_pdf"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/province/<str:code>/", dashboard.province_profile, name="province"),
    path("entry/", data_entry.data_entry, name="entry"),
    path("entry/upload/<id:pk>/", upload_jobs.job_page, name="upload_job"),
    path("entry/upload/<id:pk>/status", upload_jobs.job_status, name="upload_job_status"),
    path("entry/template.xlsx", data_entry.entry_template, name="entry_template"),
    path("entry/move", data_entry.entry_move, name="entry_move"),
    path("entry/value", data_entry.entry_value, name="entry_value"),
    path("entry/exception", data_entry.entry_exception, name="entry_exception"),
    path("data-quality/", quality.data_quality, name="dq"),
    path("data-quality/run", quality.data_quality_run, name="dq_run"),
    path("data-quality/xlsx", quality.data_quality_xlsx, name="dq_xlsx"),
]
