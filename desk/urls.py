"""The desk app's pages (URL names `desk:…`)."""

from django.urls import path

from desk import views

app_name = "desk"

urlpatterns = [
    path("track/", views.track, name="track"),
    path("apply/<str:service_id>/", views.apply, name="apply"),
    path("visit/", views.book_visit, name="book_visit"),
    path("my/", views.my_requests, name="my_requests"),
    path("queue/", views.queue, name="queue"),
    path("queue/next/", views.take_next, name="take_next"),
    path("workload/", views.workload, name="workload"),
    path("alerts/", views.alert_settings, name="alert_settings"),
    path("counter/", views.counter_start, name="counter_start"),
    path("counter/confirm/", views.counter_confirm, name="counter_confirm"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("files/<id:pk>/", views.document_download, name="document"),
    path("appointments/<id:pk>/answer/", views.answer_appointment, name="answer_appointment"),
    path("r/<str:code>/", views.detail, name="detail"),
    path("r/<str:code>/receipt/", views.receipt, name="receipt"),
    path("r/<str:code>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("r/<str:code>/do/<str:name>/", views.transition, name="transition"),
    path("r/<str:code>/external/", views.external_answer, name="external_answer"),
    path("r/<str:code>/assign/", views.assign_one, name="assign"),
    path("r/<str:code>/unit/", views.reassign_unit, name="reassign_unit"),
    path("r/<str:code>/message/", views.post_message, name="message"),
    path("r/<str:code>/note/", views.post_note, name="note"),
    path("r/<str:code>/response/", views.issue_response, name="response"),
    path("r/<str:code>/response/download/", views.download_response, name="download_response"),
    path("r/<str:code>/appointment/", views.book_appointment, name="appointment"),
    path("r/<str:code>/feedback/", views.feedback, name="feedback"),
]
