"""`{% visit_refusal service user as refusal %}`: why this person could not be given an in-person
appointment for the service (`desk.services.visit_refusal`), for pages outside the desk."""

from django import template

from desk import services

register = template.Library()


@register.simple_tag
def visit_refusal(service, user) -> str | None:
    return services.visit_refusal(service, user)
