"""portal.generations, the one cache: fresh markup after a deploy, pages that answer while the
cache server is down, and each generation read once per request."""

import copy
import logging
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.template import Context, Template, TemplateSyntaxError, engines
from django.template.loader import get_template
from django.urls import reverse

import environ
import pytest

from content.models import CaseStudyPage
from forums import services as forum_services
from forums.models import Community
from portal import generations
from portal.people.roles import Role
from portal.settings.env import fail_safe
from tests.content.factories import add_item, build_library
from tests.factories import MentorProfileFactory, UserFactory
from tests.forums.helpers import forum_url, topic_in, topic_url

pytestmark = pytest.mark.django_db

MARK = "<!-- a new release -->"


@pytest.fixture
def library():
    """(index, section): an empty library."""
    return build_library()


@pytest.fixture
def questions():
    """The Q&A community every member reads."""
    forum_services.ensure_standard_communities()
    return Community.objects.get(kind=Community.Kind.QUESTIONS)


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def fresh_release():
    """The release as a new process computes it; computed again after the test."""
    generations.release.cache_clear()
    yield
    generations.release.cache_clear()


@pytest.fixture
def shadow(settings, tmp_path, fresh_release):
    """shadow(name): a copy of template `name` in a folder searched first; returns a function
    that edits the copy (a deploy of a new template)."""

    def make(name: str):
        copy_path = tmp_path / name
        copy_path.parent.mkdir(parents=True, exist_ok=True)
        copy_path.write_text(Path(get_template(name).origin.name).read_text())
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
        settings.TEMPLATES = templates
        generations.release.cache_clear()

        def deploy():
            copy_path.write_text(copy_path.read_text() + MARK)
            for loader in engines["django"].engine.template_loaders:
                loader.reset()  # the cached loader: a new process reads the new file

        return deploy

    return make


def _listed_mentor():
    return MentorProfileFactory(user=UserFactory(roles=[Role.MENTOR]))


# --- (1) a new template shows at once, without clearing the cache ----------------------------


def _shows_the_new_template_once_the_release_changes(client, url, deploy):
    assert MARK not in _body(client, url)  # built and kept
    deploy()
    # Same release: the kept markup is served although the file changed (the cache is in use).
    assert MARK not in _body(client, url)
    generations.release.cache_clear()  # the deploy's new processes hash the new template
    assert MARK in _body(client, url)


def test_a_new_card_template_shows_in_the_library_after_a_deploy(client, mentee, library, shadow):
    add_item(library[1], CaseStudyPage, "Two plants, one budget")
    client.force_login(mentee)
    deploy = shadow("content/includes/card.html")
    _shows_the_new_template_once_the_release_changes(client, library[0].url, deploy)


def test_a_new_topic_row_template_shows_in_a_forum_after_a_deploy(
    client, mentee, mentor, questions, shadow
):
    topic_in(questions, mentor, "Rows after a deploy")
    client.force_login(mentee)
    deploy = shadow("forums/topic_row.html")
    _shows_the_new_template_once_the_release_changes(client, forum_url(questions), deploy)


def test_a_new_card_template_shows_in_the_catalog_after_a_deploy(client, mentee, shadow):
    _listed_mentor()
    client.force_login(mentee)
    deploy = shadow("people/catalog/_card_header.html")
    _shows_the_new_template_once_the_release_changes(client, reverse("catalog:list"), deploy)


def test_the_release_changes_with_the_code_and_templates(fresh_release, monkeypatch, tmp_path):
    first = generations.release()
    assert generations.release() == first  # once per process
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>one</p>")
    monkeypatch.setattr(generations, "SOURCE_DIRS", ("templates",))
    monkeypatch.setattr(generations.settings, "BASE_DIR", tmp_path)
    generations.release.cache_clear()
    one = generations.release()
    (tmp_path / "templates" / "page.html").write_text("<p>two</p>")
    generations.release.cache_clear()
    assert len({first, one, generations.release()}) == 3


# --- (2) the cache server cannot be reached ---------------------------------------------------

# What base.py makes of CACHE_URL=redis://127.0.0.1:1/0: Django's RedisCache, fail-safe. Nothing
# listens on port 1.
UNREACHABLE_REDIS = fail_safe(environ.Env.cache_url_config("redis://127.0.0.1:1/0"))


@pytest.fixture
def no_outages(monkeypatch):
    monkeypatch.setattr(generations, "_health", {})
    monkeypatch.setattr(generations, "_unwritten", set())


def test_every_page_answers_while_the_cache_server_is_down(
    client, settings, mentee, mentor, library, questions, caplog, no_outages
):
    assert UNREACHABLE_REDIS["WRAPPED"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    index, section = library
    item = add_item(section, CaseStudyPage, "Two plants, one budget")
    topic = topic_in(questions, mentor, "While the cache is down", posts=3)
    listed = _listed_mentor()
    client.force_login(mentee)
    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    urls = [
        reverse("home"),
        reverse("catalog:list"),
        reverse("catalog:detail", args=[listed.pk]),
        index.url,
        section.url,
        item.url,
        reverse("forum:index"),
        forum_url(questions),
        topic_url(topic),
    ]
    with caplog.at_level(logging.WARNING, logger="portal.generations"):
        for url in urls * 2:
            body = _body(client, url)
    assert "While the cache is down" in body  # the topic, built from the database
    warnings = [
        record.getMessage() for record in caplog.records if record.name == "portal.generations"
    ]
    assert warnings == [
        "The cache cannot be reached (ConnectionError): pages are built without it until it "
        "answers."
    ]


class BreakableCache(LocMemCache):
    """A local cache whose every call fails while `broken` is set, as a server gone away (its
    get_many and set_many call get and set)."""

    broken = False

    def _check(self):
        if BreakableCache.broken:
            raise ConnectionError("gone away")

    def get(self, *args, **kwargs):
        self._check()
        return super().get(*args, **kwargs)

    def add(self, *args, **kwargs):
        self._check()
        return super().add(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._check()
        return super().set(*args, **kwargs)


@pytest.fixture
def breakable(settings, monkeypatch, no_outages):
    monkeypatch.setattr(generations, "RETRY_AFTER", 0)  # ask the backend again at once
    settings.CACHES = {
        **settings.CACHES,
        "default": fail_safe(
            {"BACKEND": "tests.test_generations.BreakableCache", "LOCATION": "breakable"}
        ),
    }
    yield BreakableCache
    BreakableCache.broken = False


def test_a_failing_cache_builds_afresh_and_logs_once_per_outage(breakable, caplog):
    builds = []

    def build():
        builds.append(1)
        return "built"

    with caplog.at_level(logging.WARNING, logger="portal.generations"):
        assert generations.cached(("thing",), ("test:scope",), build) == "built"
        assert generations.cached(("thing",), ("test:scope",), build) == "built"
        assert len(builds) == 1  # kept
        breakable.broken = True
        for _ in range(3):
            assert generations.cached(("thing",), ("test:scope",), build) == "built"
        assert len(builds) == 4  # built every time, never an error
        breakable.broken = False
        generations.cached(("thing",), ("test:scope",), build)
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("The cache cannot be reached (ConnectionError)")
    assert messages[1] == "The cache answers again."


def test_a_retirement_lost_in_an_outage_is_written_when_the_cache_answers(breakable):
    (before,) = generations.read("test:scope")
    breakable.broken = True
    generations.retire("test:scope")  # could not be written
    breakable.broken = False
    # The next read writes it first: what was kept on `before` is never served again.
    (after,) = generations.read("test:scope")
    assert after != before
    assert generations.read("test:scope") == (after,)


# --- (4) each generation is read once per request ---------------------------------------------


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys the request asks the default cache for (the same thread, the same object)."""
    backend = caches["default"]
    asked: list[str] = []
    get, get_many = backend.get, backend.get_many

    def spy_get(key, *args, **kwargs):
        asked.append(key)
        return get(key, *args, **kwargs)

    def spy_get_many(keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get", spy_get)
    monkeypatch.setattr(backend, "get_many", spy_get_many)
    return asked


def _generations_read(client, url, asked) -> list[str]:
    client.get(url)  # warm
    asked.clear()
    _body(client, url)
    return [key for key in asked if key.startswith("generation:")]


def test_a_library_item_reads_the_librarys_generation_once(client, mentee, library, cache_reads):
    item = add_item(library[1], CaseStudyPage, "Two plants, one budget")
    client.force_login(mentee)
    read = _generations_read(client, item.url, cache_reads)
    # The route, the restrictions, the reader and four fragments are built on it.
    assert read.count("generation:content:library") == 1
    assert len(read) == len(set(read))


def test_a_topic_and_the_catalog_read_each_generation_once(
    client, mentee, mentor, questions, cache_reads
):
    topic = topic_in(questions, mentor, "Once", posts=5)
    _listed_mentor()
    client.force_login(mentee)
    for url in (topic_url(topic), forum_url(questions), reverse("catalog:list")):
        read = _generations_read(client, url, cache_reads)
        assert read and len(read) == len(set(read)), url


def test_what_a_request_builds_after_its_own_change_is_kept_for_no_one_else(db):
    def writing_view(request):
        generations.retire("test:scope")
        # Its transaction could still roll back: built from its own writes, kept for no one.
        assert generations.cached(("thing",), ("test:scope",), lambda: "uncommitted")
        return "response"

    assert generations.GenerationsMiddleware(writing_view)(None) == "response"
    assert generations.cached(("thing",), ("test:scope",), lambda: "committed") == "committed"


def test_outside_requests_nothing_is_remembered(db):
    (first,) = generations.read("test:scope")
    generations.retire("test:scope")
    assert generations.read("test:scope") != (first,)


# --- fragments ------------------------------------------------------------------------------


def test_a_fragment_refuses_a_scope_that_is_not_there(db):
    page = Template('{% load generations %}{% fragment "x" on missing %}x{% endfragment %}')
    with pytest.raises(TemplateSyntaxError):
        page.render(Context({}))


def test_fragment_each_keeps_each_item_and_the_order(db):
    page = Template(
        '{% load generations %}{% fragment_each "t" item in items key item on scope as done %}'
        "[{{ item }}{{ suffix }}]{% endfragment_each %}"
        "{% for item, html in done %}{{ html }}{% endfor %}"
    )
    assert page.render(Context({"items": [2, 1], "scope": "test:s", "suffix": "a"})) == "[2a][1a]"
    # Kept: a changed context shows only once the scope is retired.
    assert page.render(Context({"items": [1, 3], "scope": "test:s", "suffix": "b"})) == "[1a][3b]"
    generations.retire("test:s")
    assert page.render(Context({"items": [1], "scope": "test:s", "suffix": "c"})) == "[1c]"
