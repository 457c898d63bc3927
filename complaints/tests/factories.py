"""Factories for complaints tests: the subjects a complaint is filed under."""

import factory

from complaints.models import ComplaintSubject


class ComplaintSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintSubject
        django_get_or_create = ("title",)

    title = factory.Sequence(lambda n: f"موضوع آزمون {n}")
