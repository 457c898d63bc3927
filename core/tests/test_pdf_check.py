"""The PDF structure check gives each PDF its verdict and Persian reason (fake, broken, encrypted,
active content, no page), and runs pypdf in a short-lived child process: the web process that
checks an upload never imports pypdf, cryptography or Pillow (issue 18, decision 0126)."""

import io
import json

import pytest
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


@pytest.mark.parametrize("in_process", [False, True], ids=["child", "in_process"])
@pytest.mark.parametrize("name", VERDICTS)
def test_each_pdf_gets_its_verdict_and_reason(name, in_process, settings):
    settings.MIZ_UPLOAD_PDF_CHECK_IN_PROCESS = in_process
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
import json, sys
import django
django.setup()
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


def test_the_checking_process_never_imports_pypdf(tmp_path):
    names = ["plain", "encrypted_with_password_aes", "hex_escaped_script", "fake_header_only"]
    for name in names:
        (tmp_path / f"{name}.pdf").write_bytes(VERDICTS[name][0]())
    env = {"MIZ_VAR_DIR": str(tmp_path), "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS": "0"}
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
    import subprocess

    def no_process(*args, **kwargs):
        raise AssertionError("a process was started for the PDF check")

    monkeypatch.setattr(subprocess, "run", no_process)
    _check(make_pdf())
    with pytest.raises(ValidationError):
        _check(VERDICTS["fake_header_only"][0]())
