"""Settings come from the environment, strictly; production refuses unsafe configuration."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from portal.settings.env import env_bool

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = "k" * 20 + "-a-sufficiently-long-random-looking-production-secret"


def _production(**env):
    """Import production settings in a clean interpreter with exactly these variables."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE", "CACHE_URL"}
    }
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "value, expected", [("true", True), ("0", False), ("Yes", True), ("off", False), ("", False)]
)
def test_booleans_are_read_strictly(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", False) is expected


def test_an_unknown_boolean_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)


@pytest.mark.slow
@pytest.mark.parametrize("key", ["", "dev-only-insecure-key-never-use-in-production", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = _production(SECRET_KEY=key, ALLOWED_HOSTS="lodestar.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_allowed_hosts():
    result = _production(SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("cache", ["", "locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_its_workers_do_not_share(cache):
    env = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "lodestar.example.org"}
    result = _production(**env, **({"CACHE_URL": cache} if cache else {}))
    assert result.returncode != 0
    assert "CACHE_URL must name a cache every worker shares" in result.stderr
    assert _production(**env, CACHE_URL="redis://127.0.0.1:6379/1").returncode == 0


@pytest.mark.slow
def test_production_passes_the_deploy_checklist_with_no_warnings(tmp_path):
    environment = dict(
        os.environ,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="lodestar.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        LODESTAR_VAR_DIR=str(tmp_path),
    )
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
