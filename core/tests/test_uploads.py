"""The one upload validator against the hostile corpus, the clamd adapter against a fake clamd,
and file responses named and typed by the file's real type."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import virus
from core.downloads import file_response
from core.tests.upload_corpus import CORPUS, EICAR, GOOD, INFECTED, REFUSED, FakeClamd, make_pdf
from core.uploads import FORMATS, check_upload

ALL = frozenset(FORMATS)


def _check(sample, formats=ALL):
    upload = SimpleUploadedFile(sample.filename, sample.make())
    return check_upload(upload, formats=formats, max_bytes=5 * 1024 * 1024, title=sample.filename)


@pytest.fixture
def clamd(settings):
    with FakeClamd() as server:
        settings.MIZ_VIRUS_SCANNER = "core.virus.ClamdScanner"
        settings.MIZ_CLAMD_ADDRESS = server.address
        yield server


@pytest.mark.parametrize("sample", CORPUS, ids=[s.name for s in CORPUS])
def test_every_corpus_file_gets_its_verdict(sample, clamd):
    if sample.verdict == GOOD:
        checked = _check(sample)
        assert checked.format == sample.format
        assert checked.download_name.endswith(FORMATS[sample.format][1][0])
    else:
        assert sample.verdict in (REFUSED, INFECTED)
        with pytest.raises(ValidationError):
            _check(sample)


def test_the_infected_file_passes_when_scanning_is_off(settings):
    settings.MIZ_VIRUS_SCANNER = ""
    sample = next(s for s in CORPUS if s.verdict == INFECTED)
    assert _check(sample).format == "pdf"


def test_the_clamd_adapter_speaks_instream(clamd):
    assert virus.ClamdScanner()(b"clean bytes") is None
    assert virus.ClamdScanner()(b"x" * 200_000 + EICAR) == "Eicar-Test-Signature"
    assert clamd.commands == [b"zINSTREAM\0", b"zINSTREAM\0"]
    upload = SimpleUploadedFile("report.pdf", next(s for s in CORPUS if s.verdict == INFECTED).make())
    with pytest.raises(ValidationError) as info:
        check_upload(upload, formats={"pdf"}, max_bytes=10**6, title="گزارش")
    assert "آلوده" in info.value.messages[0]


def test_an_unreachable_scanner_refuses_the_upload(settings):
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MIZ_VIRUS_SCANNER = "core.virus.ClamdScanner"
    settings.MIZ_CLAMD_ADDRESS = f"tcp://127.0.0.1:{port}"
    with pytest.raises(ValidationError) as info:
        check_upload(SimpleUploadedFile("a.pdf", make_pdf()), formats={"pdf"}, max_bytes=10**6, title="الف")
    assert "بررسی ویروس" in info.value.messages[0]


def test_a_file_is_served_under_its_real_type():
    response = file_response(b"PK...", name="report.pdf", content_type="application/zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="report.zip"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    kept_as_html = file_response(b"%PDF", name="page.html", content_type="application/pdf", inline=True)
    assert kept_as_html["Content-Disposition"] == 'attachment; filename="page.pdf"'
    image = file_response(b"\xff\xd8", name="scan", content_type="image/jpeg", inline=True)
    assert image["Content-Disposition"] == 'inline; filename="scan.jpg"'
    unknown = file_response(b"?", name="x.exe", content_type="application/x-msdownload")
    assert unknown["Content-Type"] == "application/octet-stream" and "x.bin" in unknown["Content-Disposition"]
