"""Every file of the hostile corpus through every upload path of Miz (a request's documents, a
message's attachment, a response uploaded by staff, a counter office's scan, the performance Excel
upload), with the virus scanner on (a fake clamd): each gets the verdict of the corpus table, and
what is kept is kept under the extension of its real type."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.tests.factories import RequiredDocumentFactory
from core.tests.upload_corpus import CORPUS, GOOD, FakeClamd
from core.uploads import FORMATS
from miz.tests.world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with FakeClamd() as server:
        settings.MIZ_VIRUS_SCANNER = "core.virus.ClamdScanner"
        settings.MIZ_CLAMD_ADDRESS = server.address
        yield build()


def _upload(sample):
    return SimpleUploadedFile(sample.filename, sample.make())


def _intake(world, sample):
    from desk import services

    service = world.objects["service"]
    document = RequiredDocumentFactory(
        service=service, title="هر قالب", accepted_formats=",".join(FORMATS), required=False, order=9
    )
    required = service.documents.get(required=True)
    request, _ = services.submit_request(
        service=service,
        applicant=world.objects["applicant"],
        form_data={"product_name": "شیر", "pieces": 1},
        files={
            required.pk: _upload(next(s for s in CORPUS if s.name == "pdf")),
            document.pk: _upload(sample),
        },
        idempotency_key=f"corpus-{sample.name}",
        actor=world.objects["applicant"],
    )
    return request.documents.get(required_document=document).stored_name


def _message(world, sample):
    from desk import services

    message = services.post_message(
        request=world.objects["open_request"],
        author=world.objects["applicant"],
        body="پیوست",
        files=[_upload(sample)],
    )
    return message.attachments.get().stored_name


def _response(world, sample):
    from desk import services

    request = world.objects["submit"](f"corpus-response-{sample.name}")
    for name in ("accept", "start_review", "advance", "approve"):
        services.transition(request=request, name=name, user=world.objects["expert"])
    response = services.issue_response(
        request=request, user=world.objects["expert"], text="پاسخ", upload=_upload(sample)
    )
    return response.document.stored_name


def _counters(world, sample):
    from counters import services

    declaration = world.objects["declaration"]
    document = services.upload_document(
        declaration=declaration,
        kind="degree",
        upload=_upload(sample),
        actor=declaration.office.licence.holder,
    )
    return document.file.name


def _visit_photo(world, sample):
    from types import SimpleNamespace

    from counters.models.oversight import visit_photo_upload_to
    from counters.services import visits

    (photo,) = visits.checked_photos([_upload(sample)])
    row = SimpleNamespace(content_type=photo.content_type, visit=SimpleNamespace(office_id=1), visit_id=1)
    return visit_photo_upload_to(row, photo.original_name)


def _performance(world, sample):
    from performance.forms import UploadForm

    form = UploadForm({}, {"file": _upload(sample)})
    if not form.is_valid():
        raise ValidationError(form.errors["file"])
    return "upload.xlsx"


# What each path accepts (a counter office's scan must also carry the extension of its content).
ALLOWED = {
    "intake": set(FORMATS),
    "message": {"pdf", "jpeg", "png"},
    "response": {"pdf"},
    "counters": {"pdf", "jpeg"},
    "visit_photo": {"jpeg", "png"},
    "performance": {"xlsx"},
}
PATHS = {
    "intake": _intake,
    "message": _message,
    "response": _response,
    "counters": _counters,
    "visit_photo": _visit_photo,
    "performance": _performance,
}


@pytest.mark.parametrize("path", PATHS)
def test_every_corpus_file_through_every_upload_path(world, path):
    wrong = []
    for sample in CORPUS:
        allowed = ALLOWED[path]
        try:
            stored = PATHS[path](world, sample)
        except ValidationError:
            accepted = False
        else:
            accepted = True
        if path == "counters" and sample.name == "zip_named_pdf":
            allowed = set()  # counter offices also require the name's extension to fit the content
        expected = sample.verdict == GOOD and sample.format in allowed
        if accepted != expected:
            wrong.append(f"{sample.name}: {'accepted' if accepted else 'refused'}")
        elif accepted and path != "performance":
            assert stored.endswith(FORMATS[sample.format][1][0]), (sample.name, stored)
    assert wrong == []


def test_the_only_file_fields_are_those_whose_uploads_go_through_the_validator():
    """A new FileField must get its upload path above (and through `core.uploads`)."""
    from django.apps import apps
    from django.db import models

    file_fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert file_fields == {"counters.DeclarationDocument.file", "counters.VisitPhoto.file"}
