from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("new/", views.file, name="file"),
    path("phone/", views.phone_start, name="phone_start"),
    path("phone/confirm/", views.phone_confirm, name="phone_confirm"),
    path("import/", views.import_file, name="import"),
]
