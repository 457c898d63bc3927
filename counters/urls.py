"""The counters app's pages (URL names `counters:…`)."""

from django.urls import path

from counters import views

app_name = "counters"

urlpatterns = [
    path("", views.home, name="home"),
    path("office/<id:office_id>/start/", views.start, name="start"),
    path("office/<id:office_id>/mismatch/", views.mismatch_view, name="mismatch"),
    path("file/<id:pk>/", views.declaration_view, name="declaration"),
    path("file/<id:pk>/step/<slug:step>/", views.step_view, name="step"),
    path("file/<id:pk>/objection/", views.objection_view, name="objection"),
    path("file/<id:pk>/document/<id:document_id>/", views.document_view, name="document"),
    path("region/", views.workbench_view, name="workbench"),
    path("region/file/<id:pk>/", views.review_view, name="review"),
    path("region/identity/<id:pk>/resolve/", views.resolve_mismatch_view, name="resolve_mismatch"),
    path("region/visits/", views.visits_view, name="visits"),
    path("region/visits/<id:pk>/", views.visit_view, name="visit"),
    path("region/visits/<id:pk>/photo/<id:photo_id>/", views.visit_photo_view, name="visit_photo"),
    path("hq/", views.hq_view, name="hq"),
    path("office/<id:office_id>/history/", views.office_history_view, name="office_history"),
    path("rankings/", views.rankings_view, name="rankings"),
    path("fines/", views.fines_view, name="fines"),
    path("licences/", views.licences_view, name="licences"),
    path("licences/import/", views.licence_import_view, name="licence_import"),
    path("licences/office/<id:office_id>/", views.licence_office_view, name="licence_office"),
]
