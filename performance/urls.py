from django.urls import path

from performance import plan_views, report_views, upload_views, views

app_name = "performance"

urlpatterns = [
    path("report/", views.annual_report, name="report"),
    path("report/xlsx", views.annual_report_xlsx, name="report_xlsx"),
    path("report/pdf/<slug:section>", views.annual_report_pdf, name="report_pdf"),
    path("report/full/", report_views.start, name="report_full_start"),
    path("report/full/<id:pk>/", report_views.job_page, name="report_full"),
    path("report/full/<id:pk>/status", report_views.job_status, name="report_full_status"),
    path("report/full/<id:pk>/file", report_views.download, name="report_full_file"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/province/<str:code>/", views.province_profile, name="province"),
    path("entry/", views.data_entry, name="entry"),
    path("entry/upload/<id:pk>/", upload_views.job_page, name="upload_job"),
    path("entry/upload/<id:pk>/status", upload_views.job_status, name="upload_job_status"),
    path("entry/template.xlsx", views.entry_template, name="entry_template"),
    path("entry/move", views.entry_move, name="entry_move"),
    path("entry/value", views.entry_value, name="entry_value"),
    path("entry/exception", views.entry_exception, name="entry_exception"),
    path("plans/", plan_views.version_list, name="plans"),
    path("plans/start", plan_views.version_start, name="plan_start"),
    path("plans/diff/", plan_views.version_diff, name="plan_diff"),
    path("plans/<slug:code>/", plan_views.version_page, name="plan_version"),
    path("plans/<slug:code>/move", plan_views.version_move, name="plan_move"),
    path("plans/<slug:code>/value", plan_views.version_value, name="plan_value"),
    path("plans/<slug:code>/plan.xlsx", plan_views.version_xlsx, name="plan_xlsx"),
    path("plans/<slug:code>/upload", plan_views.version_upload, name="plan_upload"),
    path("data-quality/", views.data_quality, name="dq"),
    path("data-quality/run", views.data_quality_run, name="dq_run"),
    path("data-quality/xlsx", views.data_quality_xlsx, name="dq_xlsx"),
]
