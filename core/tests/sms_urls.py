"""A URL for the on-commit SMS tests: a view that sends an SMS when its transaction commits."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from core.sms import send_sms


def send_on_commit(request):
    transaction.on_commit(lambda: send_sms("+989123456789", "کد: ۱۲۳۴"))
    return HttpResponse("ok")


urlpatterns = [path("send/", send_on_commit)]
