"""The orgs app's configuration («ساختار سازمانی»)."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "ساختار سازمانی"
