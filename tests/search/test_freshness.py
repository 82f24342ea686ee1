"""Publishing, editing, approving, deleting or moving an item updates the index through one
task run after commit; the request itself never waits for Whoosh in production."""

from django_tasks_db.models import DBTaskResult

from content.models import Audience
from forums import services
from forums.models import Community
from search import tasks
from search.engines import get_engine
from search.service import search_for
from tests.content.factories import add_item
from tests.factories import MentorProfileFactory
from tests.forums.helpers import topic_in


def titles(user, text):
    return [hit.title for hit in search_for(user, text).results.hits]


def test_editing_a_published_page_updates_what_search_finds(index, library, mentee, indexed):
    _, section = library
    page = add_item(section, title="Running a skip-level meeting")
    index()
    page.title = "Running a skip-level listening tour"
    with indexed():
        page.save_revision().publish()
    assert titles(mentee, "listening") == ["Running a skip-level listening tour"]


def test_unpublishing_and_deleting_pages_remove_them(index, library, mentee, indexed):
    _, section = library
    first = add_item(section, title="Delegation ladder")
    second = add_item(section, title="Delegation pitfalls")
    index()
    with indexed():
        first.unpublish()
    with indexed():
        second.delete()
    assert titles(mentee, "delegation") == []
    assert get_engine().keys() == set()


def test_restricting_a_page_to_mentors_hides_it_from_mentees(
    index, library, mentee, mentor, indexed
):
    _, section = library
    page = add_item(section, title="Difficult feedback drills")
    index()
    page.audience = Audience.MENTORS
    with indexed():
        page.save_revision().publish()
    assert titles(mentee, "feedback") == []
    assert titles(mentor, "feedback") == ["Difficult feedback drills"]


def test_a_new_approved_post_is_found_and_a_deleted_one_is_not(index, mentee, questions, indexed):
    with indexed():
        topic = topic_in(questions, mentee, "Reverse mentoring on AI tools", posts=2)
    assert [hit.matches for hit in search_for(mentee, "reverse").results.hits] == [2]
    with indexed():
        topic.posts.last().delete()
    assert [hit.matches for hit in search_for(mentee, "reverse").results.hits] == [1]


def test_a_topic_moved_to_the_mentor_forum_leaves_mentee_results(
    index, mentee, mentor, questions, indexed
):
    topic = topic_in(questions, mentor, "Sponsorship versus mentoring")
    index()
    assert titles(mentee, "sponsorship") == ["Sponsorship versus mentoring"]
    with indexed():
        topic.forum = services.community_for(Community.Kind.MENTORS).forum
        topic.save()
    assert titles(mentee, "sponsorship") == []
    assert titles(mentor, "sponsorship") == ["Sponsorship versus mentoring"]
    hit = search_for(mentor, "sponsorship").results.hits[0]
    assert hit.community == "Mentor peer community"


def test_a_mentor_who_renames_and_adds_a_strength_is_found_by_it(index, mentee, indexed):
    profile = MentorProfileFactory(user__first_name="Odile", user__last_name="Marchand")
    index()
    with indexed():
        profile.user.last_name = "Marchand-Weiss"
        profile.user.save()
        profile.bio = "Former CFO; turnarounds and lender negotiations."
        profile.save()
    assert titles(mentee, "lender") == ["Odile Marchand-Weiss"]


def test_seeding_pauses_updates_and_the_rebuild_catches_up(index, mentee, questions, indexed):
    with indexed(), tasks.paused():
        topic_in(questions, mentee, "Paused while seeding")
    assert titles(mentee, "seeding") == []
    tasks.rebuild()
    assert titles(mentee, "seeding") == ["Paused while seeding"]


def test_the_task_worker_updates_the_index_once_the_write_commits(
    mentee, questions, database_tasks, django_capture_on_commit_callbacks
):
    tasks.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        topic_in(questions, mentee, "Queued update")
    assert titles(mentee, "queued") == []  # stored for the worker; the write did not wait
    assert database_tasks() >= 1
    assert titles(mentee, "queued") == ["Queued update"]


def test_renaming_a_competency_renames_it_in_results_and_facets(index, library, mentee, indexed):
    from portal.people.models import Competency

    _, section = library
    add_item(section, title="Reading a balance sheet", competencies=["financial-acumen"])
    index()
    competency = Competency.objects.get(slug="financial-acumen")
    competency.name = "Finance for leaders"
    with indexed():
        competency.save()
    facets = search_for(mentee, "balance").results.facets["competency"]
    assert facets == [("Finance for leaders", 1)]


def test_search_deletes_leave_fast_deletes_of_other_tables_alone():
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete

    assert not post_delete.has_listeners(Session)


def test_a_missing_index_gives_a_message_not_an_error(
    client, mentee, questions, settings, tmp_path
):
    from search.engines import _engine

    settings.SEARCH_INDEX_DIR = tmp_path / "never-built"
    _engine.cache_clear()
    try:
        client.force_login(mentee)
        response = client.get("/search/", {"q": "budget"})
        assert response.status_code == 200
        assert "Search is unavailable for a moment" in response.content.decode()
    finally:
        _engine.cache_clear()


def test_a_failed_index_update_is_retried_until_it_succeeds(
    mentee, questions, database_tasks, django_capture_on_commit_callbacks, settings, monkeypatch
):
    settings.SEARCH_RETRY_DELAYS = [0, 0, 0]
    tasks.rebuild()
    engine = type(get_engine())
    real_apply = engine.apply
    failures = {"left": 2}

    def disk_full(self, upserts, deletes):
        if failures["left"]:
            failures["left"] -= 1
            raise OSError(28, "No space left on device")
        return real_apply(self, upserts, deletes)

    monkeypatch.setattr(engine, "apply", disk_full)
    with django_capture_on_commit_callbacks(execute=True):
        topic_in(questions, mentee, "Written while the disk was full")
    for _ in range(3):  # the update, then each retry as it becomes due
        database_tasks()
    assert failures["left"] == 0
    assert titles(mentee, "disk") == ["Written while the disk was full"]


def test_retries_stop_after_the_last_delay(
    mentee, questions, database_tasks, django_capture_on_commit_callbacks, settings, monkeypatch
):
    settings.SEARCH_RETRY_DELAYS = [0]
    tasks.rebuild()
    calls = []

    def always_full(self, upserts, deletes):
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(get_engine()), "apply", always_full)
    with django_capture_on_commit_callbacks(execute=True):
        topic_in(questions, mentee, "Never written")
    updates = DBTaskResult.objects.count()
    for _ in range(4):
        database_tasks()
    assert len(calls) == 2 * updates  # each update and its one retry, then no more
    assert not DBTaskResult.objects.ready().exists()
