"""Production settings: `manage.py check --deploy` is clean with DEBUG=0 and a real secret."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def run_manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    # Not inherited from this test process: its own settings, and DJANGO_ALLOW_ASYNC_UNSAFE that
    # the browser fixture sets for Playwright (check --deploy rightly reports it as an error).
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "REDIS_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(MIZ_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, MANAGE, *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def check_deploy(tmp_path, *, secret_key: str):
    """`check --deploy` failing on warnings, with production settings and this secret key."""
    return run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="miz.example.ir",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(tmp_path, secret_key=production_key())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?: (security" not in output


def test_check_deploy_does_fail_on_a_weak_secret(tmp_path):
    # The test above could not notice a warning if the command never reported any.
    result = check_deploy(tmp_path, secret_key="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_check_deploy_refuses_a_per_process_cache(tmp_path):
    # Without REDIS_URL every gunicorn worker would count rate limits on its own (core.policy).
    env = {"DEBUG": "0", "SECRET_KEY": production_key(), "ALLOWED_HOSTS": "miz.example.ir"}
    result = run_manage(tmp_path, "check", "--deploy", **env)
    assert result.returncode != 0
    assert "core.E001" in result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["0", ""])
def test_no_secret_key_means_no_start_in_production(tmp_path, debug):
    result = run_manage(tmp_path, "check", DEBUG=debug)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_migrations_are_checked_without_a_secret(tmp_path):
    # makemigrations reads models only; a fresh checkout with no environment can run it.
    result = run_manage(tmp_path, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
