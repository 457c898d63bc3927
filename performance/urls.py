"""The performance app's pages (URL names `performance:…`)."""

from django.urls import path

from performance.views import dashboard, data_entry, full_report, plans, quality, report, upload_jobs

app_name = "performance"

urlpatterns = [
    path("report/", report.annual_report, name="report"),
    path("report/xlsx", report.annual_report_xlsx, name="report_xlsx"),
    path("report/pdf/<slug:section>", report.annual_report_pdf, name="report_pdf"),
    path("report/full/", full_report.start, name="report_full_start"),
    path("report/full/<id:pk>/", full_report.job_page, name="report_full"),
    path("report/full/<id:pk>/status", full_report.job_status, name="report_full_status"),
    path("report/full/<id:pk>/file", full_report.download, name="report_full_file"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/province/<str:code>/", dashboard.province_profile, name="province"),
    path("entry/", data_entry.data_entry, name="entry"),
    path("entry/upload/<id:pk>/", upload_jobs.job_page, name="upload_job"),
    path("entry/upload/<id:pk>/status", upload_jobs.job_status, name="upload_job_status"),
    path("entry/template.xlsx", data_entry.entry_template, name="entry_template"),
    path("entry/move", data_entry.entry_move, name="entry_move"),
    path("entry/value", data_entry.entry_value, name="entry_value"),
    path("entry/exception", data_entry.entry_exception, name="entry_exception"),
    path("plans/", plans.version_list, name="plans"),
    path("plans/start", plans.version_start, name="plan_start"),
    path("plans/diff/", plans.version_diff, name="plan_diff"),
    path("plans/<slug:code>/", plans.version_page, name="plan_version"),
    path("plans/<slug:code>/move", plans.version_move, name="plan_move"),
    path("plans/<slug:code>/value", plans.version_value, name="plan_value"),
    path("plans/<slug:code>/plan.xlsx", plans.version_xlsx, name="plan_xlsx"),
    path("plans/<slug:code>/upload", plans.version_upload, name="plan_upload"),
    path("data-quality/", quality.data_quality, name="dq"),
    path("data-quality/run", quality.data_quality_run, name="dq_run"),
    path("data-quality/xlsx", quality.data_quality_xlsx, name="dq_xlsx"),
]
