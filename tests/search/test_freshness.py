"""Publishing, editing, approving, deleting or moving an item updates the index through one
task run after commit; the request itself never waits for Whoosh in production."""

import pytest

from content.models import Audience
from forums import services
from forums.models import Community
from portal.task_backends import ThreadBackend
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
    assert search_for(mentee, "reverse").results.total == 2
    with indexed():
        topic.posts.last().delete()
    assert search_for(mentee, "reverse").results.total == 1


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


@pytest.mark.django_db(transaction=True)
def test_the_thread_backend_updates_the_index_after_enqueue_returns(mentee, questions):
    tasks.rebuild()
    post = topic_in(questions, mentee, "Threaded update").posts.get()
    backend = ThreadBackend("search", {})
    result = backend.enqueue(tasks.sync_documents, ([f"post:{post.pk}"],), {})
    backend.join()
    assert result.status == "SUCCESSFUL", result.errors
    assert titles(mentee, "threaded") == ["Threaded update"]
