"""The notifications app's pages (URL names `notifications:…`)."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notices, name="notices"),
]
