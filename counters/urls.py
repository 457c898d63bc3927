from django.urls import path

from counters import views

app_name = "counters"

urlpatterns = [
    path("", views.home, name="home"),
    path("office/<int:office_id>/start/", views.start, name="start"),
    path("file/<int:pk>/", views.declaration_view, name="declaration"),
    path("file/<int:pk>/step/<slug:step>/", views.step_view, name="step"),
    path("file/<int:pk>/objection/", views.objection_view, name="objection"),
    path("file/<int:pk>/document/<int:document_id>/", views.document_view, name="document"),
    path("region/", views.workbench_view, name="workbench"),
    path("region/file/<int:pk>/", views.review_view, name="review"),
    path("rankings/", views.rankings_view, name="rankings"),
]
