"""The directive's capability checks of a service (`catalogue.compliance`): registered in order,
met, not met or not applicable, with the missing pieces named."""

import datetime as dt

import pytest

from catalogue import compliance, services
from catalogue.selectors import services_for_compliance
from catalogue.tests.factories import RequiredDocumentFactory, WorkflowStepFactory, make_service, make_unit

pytestmark = pytest.mark.django_db


def _complete_service(**fields):
    service = make_service(**fields)
    unit = make_unit()
    service.responsible_units.add(unit)
    RequiredDocumentFactory(service=service, title="مدرک")
    WorkflowStepFactory(service=service, order=1, title="بررسی", responsible_role="staff_expert")
    services.create_agreement(service=service, provider_unit=unit)
    return service


@pytest.fixture
def builtin_checks():
    """Only the catalogue's own configuration checks (the desk replaces some with its own)."""
    with compliance.registry.isolated():
        compliance.register_builtin_capabilities()
        yield


def _evaluate(service):
    return compliance.evaluate(services_for_compliance().get(pk=service.pk))


def test_the_ten_capabilities_of_the_directive_are_registered_in_order():
    codes = [c.code for c in compliance.capabilities()]
    assert codes[:10] == [
        "online_intake", "upload", "receipt", "tracking_code", "step_tracking",
        "electronic_response", "interaction", "information_package", "feedback", "reports",
    ]  # fmt: skip


def test_a_fully_configured_online_service_meets_the_configuration_capabilities(builtin_checks):
    result = _evaluate(_complete_service())
    assert all(result[c] is True for c in list(result)[:8]), result
    assert result["feedback"] is None and result["reports"] is None


def test_an_offline_service_meets_none_of_the_online_capabilities(builtin_checks):
    service = _complete_service(channel_online=False, channel_in_person=True)
    result = _evaluate(service)
    for code in ["online_intake", "upload", "receipt", "step_tracking", "electronic_response", "interaction"]:
        assert result[code] is False, code
    assert result["tracking_code"] is False


def test_missing_pieces_of_the_information_package_are_named():
    service = make_service(description="", legal_basis="", contact="")
    gaps = compliance.information_package_gaps(services_for_compliance().get(pk=service.pk))
    for gap in [
        "شرح خدمت",
        "مبنای قانونی",
        "راه تماس",
        "گام‌های انجام",
        "واحد مسئول",
        "توافقنامه سطح خدمت معتبر",
    ]:
        assert gap in gaps
    assert _evaluate(service)["information_package"] is False


def test_an_expired_agreement_breaks_the_information_package():
    service = _complete_service()
    agreement = service.agreements.get()
    services.update_agreement(agreement, valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2020, 12, 31))
    assert _evaluate(service)["information_package"] is False


def test_upload_is_not_applicable_without_documents():
    service = make_service()
    assert _evaluate(service)["upload"] is None


def test_the_desk_can_replace_a_check_and_register_a_new_capability():
    original = compliance.get_capability("feedback")
    with compliance.registry.isolated(keep=True):
        compliance.register_capability("feedback", "نظرسنجی الکترونیکی", check=lambda s: True)
        compliance.register_capability("extra", "قابلیت تازه", check=lambda s: False)
        codes = [c.code for c in compliance.capabilities()]
        assert codes.index("feedback") == 8 and codes[-1] == "extra"
        result = _evaluate(make_service())
        assert result["feedback"] is True and result["extra"] is False
    assert compliance.get_capability("feedback") == original
    assert "extra" not in [c.code for c in compliance.capabilities()]
