"""The PDF structure check gives each PDF its verdict and Persian reason (fake, broken, encrypted,
active content, no page) wherever it runs: in the web process, in a short-lived child process
(decision 0126) or in the node's checker (`deploy/entrypoint.sh pdfcheck`, decision 0136); the web
process that checks an upload in a child or through the checker never imports pypdf, cryptography
or Pillow (issue 18)."""

import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from core.testing import python_process
from core.tests.upload_corpus import make_pdf, pdf_with_hex_escaped_script, pdf_with_open_action_script
from core.uploads import check_upload


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _one_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def encrypted(user_password: str, algorithm: str) -> bytes:
    writer = _one_page()
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    return _written(writer)


def with_attachment() -> bytes:
    writer = _one_page()
    writer.add_attachment("notes.txt", b"hello")
    return _written(writer)


def with_open_action(kind: str) -> bytes:
    writer = _one_page()
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    if kind == "/URI":
        action[NameObject("/URI")] = TextStringObject("https://example.com/")
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def no_page() -> bytes:
    return _written(PdfWriter())


BROKEN = "PDF خراب است یا خوانده نمی‌شود"
ACTIVE = "PDF دارای اسکریپت، اقدام خودکار یا پروندهٔ پیوست است"
ON_OPEN = "PDF هنگام باز شدن اقدامی اجرا می‌کند"
# name → (the PDF, the reason it is refused for, or None when it passes)
VERDICTS = {
    "plain": (make_pdf, None),
    "encrypted_empty_password_rc4": (lambda: encrypted("", "RC4-128"), None),
    "encrypted_empty_password_aes": (lambda: encrypted("", "AES-256"), None),
    "encrypted_with_password_aes": (lambda: encrypted("secret", "AES-256"), "PDF رمزدار است"),
    "encrypted_with_password_rc4": (lambda: encrypted("secret", "RC4-128"), "PDF رمزدار است"),
    "fake_header_only": (lambda: b"%PDF-1.7\n" + b"not a pdf at all\n" * 40, BROKEN),
    "truncated": (lambda: make_pdf()[:200], BROKEN),
    "garbled_objects": (lambda: make_pdf().replace(b"obj", b"jbo"), None),  # pypdf rebuilds it
    "no_page": (no_page, "PDF صفحه‌ای ندارد"),
    "open_action_script": (pdf_with_open_action_script, ACTIVE),
    "hex_escaped_script": (pdf_with_hex_escaped_script, ON_OPEN),  # the parser finds the action first
    "attachment": (with_attachment, ACTIVE),
    "hex_escaped_launch": (lambda: with_open_action("/L#61unch"), ON_OPEN),
    "open_action_uri": (lambda: with_open_action("/URI"), ON_OPEN),
    "launch": (lambda: with_open_action("/Launch"), ACTIVE),
    "open_action_goto": (lambda: with_open_action("/GoTo"), None),
}


def _check(data: bytes):
    upload = SimpleUploadedFile("report.pdf", data)
    return check_upload(upload, formats={"pdf"}, max_bytes=5 * 1024 * 1024, title="گزارش")


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    """The node's checker as production starts it (deploy/entrypoint.sh pdfcheck: gunicorn, two
    sync processes, pypdf preloaded) on a UNIX socket of its own; yields its address."""
    folder = tmp_path_factory.mktemp("pdfcheck")
    sock = folder / "pdfcheck.sock"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))},
        "MIZ_PYTHON": sys.executable,
        "MIZ_PDF_CHECK_BIND": f"unix:{sock}",
        "MIZ_PDF_CHECK_WORKERS": "2",
    }
    server = subprocess.Popen(
        [str(Path(django_settings.BASE_DIR) / "deploy" / "entrypoint.sh"), "pdfcheck"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "log").open("wb"),
        start_new_session=True,
    )
    try:
        for _ in range(300):
            if sock.exists():
                break
            assert server.poll() is None, (folder / "log").read_text()
            time.sleep(0.05)
        else:
            pytest.fail(f"the checker did not start: {(folder / 'log').read_text()}")
        yield f"unix:{sock}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.fixture
def mode(request, settings, monkeypatch):
    """Where the check runs; through the checker, no process may be started for it."""
    settings.MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = request.param == "in_process"
    settings.MIZ_UPLOAD_PDF_CHECKER = ""
    if request.param == "checker":
        settings.MIZ_UPLOAD_PDF_CHECKER = request.getfixturevalue("checker")
        monkeypatch.setattr(subprocess, "run", _no_process)
    return request.param


def _no_process(*args, **kwargs):
    raise AssertionError("a process was started for the PDF check")


@pytest.mark.parametrize("mode", ["child", "in_process", "checker"], indirect=True)
@pytest.mark.parametrize("name", VERDICTS)
def test_each_pdf_gets_its_verdict_and_reason(name, mode):
    make, reason = VERDICTS[name]
    if reason is None:
        assert _check(make()).format == "pdf"
        return
    with pytest.raises(ValidationError) as refused:
        _check(make())
    assert refused.value.messages == [f"پرونده «گزارش» پذیرفته نیست: {reason}."]
    assert refused.value.code == "file_structure"


def test_a_check_past_its_time_is_refused_as_too_complex(settings):
    """The child is stopped when its time is up (a PDF built to keep the parser busy)."""
    settings.MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = False
    settings.MIZ_UPLOAD_PDF_CHECK_SECONDS = 0.001
    with pytest.raises(ValidationError) as refused:
        _check(make_pdf())
    assert refused.value.messages == ["پرونده «گزارش» پذیرفته نیست: ساختار PDF بیش از اندازه پیچیده است."]


CHECK_IN_A_FRESH_PROCESS = """
import json, os, sys
import django
django.setup()
if os.environ.get("NO_FALLBACK"):  # through the checker: a child process would hide its absence
    import core.filecheck
    def no_child(data):
        raise SystemExit("the check fell back to a child process")
    core.filecheck._check_in_child = no_child
from django.core.files.uploadedfile import SimpleUploadedFile
from core.uploads import check_upload
from django.core.exceptions import ValidationError
verdicts = []
for name in sys.argv[2:]:
    data = open(f"{sys.argv[1]}/{name}.pdf", "rb").read()
    try:
        check_upload(SimpleUploadedFile("a.pdf", data), formats={"pdf"}, max_bytes=10**7, title="الف")
        verdicts.append("ok")
    except ValidationError as exc:
        verdicts.append(exc.messages[0])
print(json.dumps([verdicts, [m for m in ("pypdf", "cryptography", "PIL") if m in sys.modules]]))
"""


@pytest.mark.parametrize("where", ["child", "checker"])
def test_the_checking_process_never_imports_pypdf(tmp_path, where, request):
    names = ["plain", "encrypted_with_password_aes", "hex_escaped_script", "fake_header_only"]
    for name in names:
        (tmp_path / f"{name}.pdf").write_bytes(VERDICTS[name][0]())
    env = {"MIZ_VAR_DIR": str(tmp_path), "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS": "0"}
    if where == "checker":
        env["MIZ_UPLOAD_PDF_CHECKER"] = request.getfixturevalue("checker")
        env["NO_FALLBACK"] = "1"
    output = python_process("-c", CHECK_IN_A_FRESH_PROCESS, str(tmp_path), *names, env=env)
    verdicts, imported = json.loads(output.splitlines()[-1])
    assert verdicts[0] == "ok" and all(v != "ok" for v in verdicts[1:])
    assert imported == []


def test_a_check_that_cannot_run_refuses_the_upload(settings, caplog):
    """Fail closed: a child that cannot work (here: too little memory to import pypdf) gives no
    verdict, and the file is refused for now rather than kept unchecked."""
    settings.MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = False
    settings.MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES = 16 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        _check(make_pdf())
    assert refused.value.messages == [
        "بررسی پرونده «گزارش» اکنون ممکن نیست؛ چند دقیقه دیگر دوباره بارگذاری کنید."
    ]
    assert refused.value.code == "check_unavailable"
    assert "upload check unavailable" in caplog.text


def test_by_default_the_check_runs_in_the_web_process(monkeypatch):
    """The default setting starts no process per PDF (decision 0126: the child costs 0.1–0.5 s a
    filing); a refused PDF still gets its reason."""
    monkeypatch.setattr(subprocess, "run", _no_process)
    _check(make_pdf())
    with pytest.raises(ValidationError):
        _check(VERDICTS["fake_header_only"][0]())


# --- the node's checker (decision 0136) -------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["unix:{tmp}/nobody-listens.sock", "127.0.0.1:1", "pdfcheck"],
    ids=["no_socket", "refused", "no_port"],
)
def test_an_unreachable_checker_falls_back_to_a_child_process(settings, tmp_path, caplog, address):
    """A checker that is down (a restart, a deploy) or misnamed does not stop filings: the verdict
    comes from a child process, and the fall-back is logged."""
    settings.MIZ_UPLOAD_PDF_CHECKER = address.format(tmp=tmp_path)
    settings.MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = True  # the checker's address wins over it
    caplog.set_level(logging.WARNING, logger="core.filecheck")
    assert _check(make_pdf()).format == "pdf"
    with pytest.raises(ValidationError) as refused:
        _check(VERDICTS["no_page"][0]())
    assert refused.value.messages == ["پرونده «گزارش» پذیرفته نیست: PDF صفحه‌ای ندارد."]
    assert caplog.text.count("checking in a child process") == 2


def _one_shot_server(answer: bytes | None) -> tuple[str, threading.Thread]:
    """A TCP listener that reads the request, then answers `answer` (raw HTTP) or, with None,
    never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        connection, _ = listener.accept()
        with connection, listener:
            connection.settimeout(5)
            try:
                while b"%%EOF" not in connection.recv(1 << 20):
                    pass
                if answer is None:
                    time.sleep(3)
                else:
                    connection.sendall(answer)
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"127.0.0.1:{port}", thread


def test_a_checker_that_answers_nonsense_is_not_believed(settings, caplog):
    """An answer that is not a verdict (here a 200 with an HTML page) is logged, and a child
    process gives the verdict: the PDF without a page is still refused."""
    body = b"<html>ok</html>"
    reply = b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    settings.MIZ_UPLOAD_PDF_CHECKER, thread = _one_shot_server(reply)
    caplog.set_level(logging.WARNING, logger="core.filecheck")
    with pytest.raises(ValidationError) as refused:
        _check(VERDICTS["no_page"][0]())
    thread.join(timeout=5)
    assert refused.value.messages == ["پرونده «گزارش» پذیرفته نیست: PDF صفحه‌ای ندارد."]
    assert "gave no verdict" in caplog.text


def test_a_checker_that_does_not_answer_in_time_refuses_for_now(settings, caplog):
    """Past twice the check's seconds (plus one) the file is refused for now, not kept unchecked
    and not refused as broken."""
    settings.MIZ_UPLOAD_PDF_CHECK_SECONDS = 0.2
    settings.MIZ_UPLOAD_PDF_CHECKER, thread = _one_shot_server(None)
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        _check(make_pdf())
    assert time.monotonic() - started < 2.5
    assert refused.value.code == "check_unavailable"
    assert refused.value.messages == [
        "بررسی پرونده «گزارش» اکنون ممکن نیست؛ چند دقیقه دیگر دوباره بارگذاری کنید."
    ]
    thread.join(timeout=5)


def _call(environ: dict) -> tuple[str, dict]:
    from core.pdfchecker import application

    seen = {}
    body = b"".join(application(environ, lambda status, headers: seen.update(status=status)))
    return seen["status"], json.loads(body)


def test_the_checker_answers_bad_requests_plainly():
    assert _call({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}) == ("200 OK", {"ok": True})
    assert _call({"REQUEST_METHOD": "GET", "PATH_INFO": "/check"})[0] == "405 Method Not Allowed"
    assert _call({"REQUEST_METHOD": "POST", "PATH_INFO": "/other"})[0] == "404 Not Found"
    no_length = {"REQUEST_METHOD": "POST", "PATH_INFO": "/check", "CONTENT_LENGTH": "x"}
    assert _call(no_length)[0] == "411 Length Required"
    huge = {"REQUEST_METHOD": "POST", "PATH_INFO": "/check", "CONTENT_LENGTH": str(10**12)}
    assert _call(huge)[0] == "413 Content Too Large"
    short = {**huge, "CONTENT_LENGTH": "100", "wsgi.input": io.BytesIO(b"%PDF-1.7")}
    assert _call(short)[0] == "400 Bad Request"


def test_the_checker_stops_a_parse_past_its_time(monkeypatch):
    """The checker's own timer stops the parse and answers "too complex" (a PDF built to keep the
    parser busy), and puts back the timer it found."""
    from core import pdfcheck, pdfchecker

    def slow(data):
        time.sleep(5)
        return None

    monkeypatch.setattr(pdfcheck, "verdict", slow)
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    assert pdfchecker.timed_verdict(make_pdf(), 0.05) == pdfcheck.TOO_COMPLEX
    assert time.monotonic() - started < 1
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    monkeypatch.undo()
    assert pdfchecker.timed_verdict(make_pdf(), 5) is None  # the real check, in time
