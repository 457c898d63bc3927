"""The catalogue app's pages (URL names `catalogue:…`)."""

from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("compliance/", views.compliance_matrix, name="compliance"),
    path("agreements/<id:pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<id:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("<str:service_id>/", views.service_detail, name="detail"),
]
