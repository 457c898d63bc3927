"""The multi-node stage's test-only pieces stay out of production: the slow view is not mounted."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_slow_view_is_not_in_the_production_urls(client):
    assert client.get("/_test/slow?seconds=0").status_code == 404


def test_the_stage_settings_mount_it_beside_every_real_url(client, settings):
    settings.ROOT_URLCONF = "core.testing_urls"
    response = client.get("/_test/slow?seconds=0")
    assert response.status_code == 200 and response.json() == {"slept": 0.0}
    assert client.get("/livez").status_code == 200


def test_the_stage_settings_module_only_changes_the_urls():
    import miz.settings
    import miz.settings_multinode

    assert miz.settings_multinode.ROOT_URLCONF == "core.testing_urls"
    assert miz.settings.ROOT_URLCONF == "miz.urls"
    assert miz.settings_multinode.MIDDLEWARE == miz.settings.MIDDLEWARE
