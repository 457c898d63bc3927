from django.urls import path

from performance import views

app_name = "performance"

urlpatterns = [
    path("data-quality/", views.data_quality, name="dq"),
    path("data-quality/run", views.data_quality_run, name="dq_run"),
]
