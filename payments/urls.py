"""The payments app's pages (URL names `payments:…`)."""

from django.urls import path

from payments import reconcile_views, views, views_work

app_name = "payments"

urlpatterns = [
    path("r/<str:code>/pay/", views.pay, name="pay"),
    path("callback/<id:pk>/", views.callback, name="callback"),
    path("sandbox/<str:authority>/", views.sandbox, name="sandbox"),
    path("<id:pk>/receipt/", views.receipt, name="receipt"),
    path("<id:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("<id:pk>/refund/", views.refund, name="refund"),
    path("reconcile/", reconcile_views.report, name="reconcile"),
    path("reconcile/export.xlsx", reconcile_views.export, {"fmt": "xlsx"}, name="reconcile_xlsx"),
    path("reconcile/export.csv", reconcile_views.export, {"fmt": "csv"}, name="reconcile_csv"),
    path("reconcile/<id:pk>/inquire/", reconcile_views.inquire, name="reconcile_inquire"),
    path("r/<str:code>/fee/", views_work.extra_fee, name="extra_fee"),
    path("r/<str:code>/counter/", views_work.counter_payment, name="counter_payment"),
]
