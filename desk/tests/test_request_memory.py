"""A worker lets go of what a request read as soon as its response is made (issue 18).

A request object sits in reference cycles (its lazy user, its messages' storage, its CSP nonce),
so only the garbage collector frees it; what it holds must not wait with it. And the WSGI module
a worker imports freezes what it loaded, so the collector's full passes walk only what requests
left behind (docs/performance-desk.md, "A warm web worker's memory")."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.middleware import release_body
from core.testing import python_process
from desk.tests.factories import pdf_file


def test_a_form_body_is_let_go_with_the_response_and_the_view_still_read_it(client, in_review, applicant):
    # The test client posts a dict as multipart; with a file it is a filing's shape, 500 KB here.
    scan = SimpleUploadedFile("scan.pdf", pdf_file().read() + b"%" * 500_000, content_type="application/pdf")
    response = client.post(
        reverse("desk:track"),
        {"code": in_review.tracking_code, "identifier": applicant.national_code, "scan": scan},
    )
    assert response.status_code == 200
    assert in_review.service.title in response.content.decode()  # the view read the fields
    request = response.wsgi_request
    assert "_body" not in request.__dict__
    assert request._stream.closed
    assert request.POST["code"] == in_review.tracking_code  # the parsed fields stay


def test_a_json_body_is_let_go_too(rf):
    request = rf.post("/api/x", data=b'{"a": 1}', content_type="application/json")
    assert request.body == b'{"a": 1}'
    release_body(request)
    assert "_body" not in request.__dict__
    assert request._stream.closed


def test_a_request_whose_body_was_never_read_is_left_as_it_is(rf):
    request = rf.get("/")
    stream = request._stream
    release_body(request)
    assert request._stream is stream and not stream.closed


def test_the_wsgi_module_loads_the_views_and_freezes_what_it_loaded(tmp_path):
    code = (
        "import gc, sys; import miz.wsgi; "
        "print(gc.get_freeze_count(), 'desk.views.staff' in sys.modules, 'ninja' in sys.modules)"
    )
    out = python_process("-c", code, env={"MIZ_VAR_DIR": str(tmp_path)}).splitlines()[-1].split()
    frozen, views_loaded, api_loaded = int(out[0]), out[1], out[2]
    assert frozen > 50_000  # Django and the apps: about a hundred thousand objects
    assert views_loaded == "True"
    assert api_loaded == "False"  # the API stays loaded on its first call (worker memory)
