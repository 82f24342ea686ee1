"""Operations: health check, the one search-rebuild command, structured logs."""

import json
import logging
import shutil

from django.core.management import call_command, get_commands
from django.urls import reverse

import environ

from portal.settings.env import fail_safe
from search import tasks as search_tasks
from search.engines import get_engine


def test_healthz_reports_database_and_search_as_json(client, db):
    search_tasks.rebuild()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "search": "ok", "cache": "ok"},
    }


def test_healthz_says_degraded_when_the_cache_server_is_unreachable(client, db, settings):
    search_tasks.rebuild()
    settings.CACHES = {
        **settings.CACHES,
        # What base.py makes of CACHE_URL=redis://127.0.0.1:1/0 (nothing listens on port 1).
        "default": fail_safe(environ.Env.cache_url_config("redis://127.0.0.1:1/0")),
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "unavailable"


def test_healthz_is_503_when_the_search_index_is_missing(client, db):
    shutil.rmtree(get_engine().path, ignore_errors=True)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "search": "unavailable",
        "cache": "ok",
    }


def test_healthz_gives_away_no_secrets(client, db, settings):
    search_tasks.rebuild()
    body = client.get(reverse("healthz")).content.decode()
    assert settings.SECRET_KEY not in body
    assert "sqlite" not in body.lower() and "postgres" not in body.lower()


def test_rebuild_search_index_is_the_portals_command():
    assert get_commands()["rebuild_search_index"] == "search"


def test_rebuild_search_index_rebuilds_the_portal_index_from_the_database(db, settings, mentor):
    from tests.factories import MentorProfileFactory

    MentorProfileFactory(user=mentor)
    shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
    call_command("rebuild_search_index", verbosity=0)
    assert get_engine().is_reachable()
    assert get_engine().keys() == {f"mentor:{mentor.mentor_profile.pk}"}


def test_json_log_lines_carry_level_logger_message_and_extras():
    from portal.logs import JsonFormatter

    record = logging.LogRecord(
        "portal.test", logging.WARNING, __file__, 1, "hello %s", ("you",), None
    )
    record.user_id = 42
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "portal.test"
    assert line["message"] == "hello you"
    assert line["user_id"] == 42


def test_visitors_without_a_cookie_write_no_session_rows(client, db):
    from django.contrib.sessions.models import Session

    search_tasks.rebuild()
    for _ in range(3):
        client.cookies.clear()
        client.get(reverse("healthz"))
        client.get(reverse("account_login"))
    assert Session.objects.count() == 0


def test_the_communities_are_for_signed_in_members(client, db):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
