"""Operations: health check, the one search-rebuild command, structured logs."""

import json
import logging
import shutil

from django.core.management import call_command, get_commands
from django.urls import reverse

from search import index as search_index


def test_healthz_reports_database_and_search_as_json(client, db):
    search_index.create_empty()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "search": "ok"}}


def test_healthz_is_503_when_the_search_index_is_missing(client, db):
    shutil.rmtree(search_index.index_dir(), ignore_errors=True)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "search": "unavailable"}


def test_healthz_gives_away_no_secrets(client, db, settings):
    search_index.create_empty()
    body = client.get(reverse("healthz")).content.decode()
    assert settings.SECRET_KEY not in body
    assert "sqlite" not in body.lower() and "postgres" not in body.lower()


def test_update_index_is_haystacks_because_its_app_is_listed_above_wagtail_search():
    # If this fails, INSTALLED_APPS order changed: `update_index` would silently become
    # Wagtail's. Use `rebuild_search_index` in any case.
    assert get_commands()["update_index"] == "haystack"
    assert get_commands()["rebuild_search_index"] == "search"


def test_rebuild_search_index_rebuilds_portal_wagtail_and_forum_indexes(db, settings):
    shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
    call_command("rebuild_search_index", verbosity=0)
    assert search_index.is_reachable()
    forum_index = settings.SEARCH_INDEX_DIR / "forum"
    assert any(forum_index.iterdir()), "haystack's forum index was not written"


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

    search_index.create_empty()
    for _ in range(3):
        client.cookies.clear()
        client.get(reverse("healthz"))
        client.get(reverse("account_login"))
    assert Session.objects.count() == 0


def test_the_communities_are_for_signed_in_members(client, db):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
