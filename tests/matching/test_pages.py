"""Matching pages: who may open them, what members see, and query counts as data grows."""

from django.urls import reverse

import pytest

from portal.matching import engine, services
from portal.matching.models import Match, MatchingWeights, MatchRun
from portal.people.services import ensure_roles
from tests.matching.factories import cohort_with_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(programme_manager):
    ensure_roles()
    return programme_manager


def _published(pm, mentees=2, mentors=1):
    cohort, people, mentor_profiles = cohort_with_people(mentees=mentees, mentors=mentors)
    run = services.run_matching(cohort, pm)
    services.publish_run(run, pm)
    return cohort, people, mentor_profiles, run


def test_programme_manager_runs_matching_from_the_admin(
    client, pm, django_capture_on_commit_callbacks
):
    cohort, *_ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    client.force_login(pm)
    assert client.get(reverse("matching_index")).status_code == 200
    data = {
        "cohort": cohort.pk,
        "gap_coverage": 5,
        "style_fit": 1,
        "format_overlap": 1,
        "availability": 2,
        "language": 1,
        "affinity": 1,
        "shortlist": 2,
        "answers": 1,
    }
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        response = client.post(reverse("matching_index"), data)
        run = MatchRun.objects.get()
        assert response["Location"] == reverse("matching_run", args=[run.pk])
        # The response does not wait for the computation: the run page shows it queued.
        queued = client.get(response["Location"]).content.decode()
        assert run.status == MatchRun.Status.QUEUED
        assert "Queued" in queued and "This page refreshes itself" in queued
    # The computation, enqueued after the request commits; running, it tells the manager that
    # the run is ready (an inbox notification, its email enqueued in turn).
    assert enqueued[0].__qualname__ == "enqueue_after_commit.<locals>.enqueue"
    assert pm.notifications.get().kind == "matching.run_ready"
    page = client.get(response["Location"]).content.decode()
    assert "Strengths cover the mentee" in page and "Publish 2 pairs" in page


def test_all_zero_weights_get_a_message_and_keep_the_form(client, pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    client.force_login(pm)
    data = {
        "cohort": cohort.pk,
        **dict.fromkeys(
            [
                "gap_coverage",
                "style_fit",
                "format_overlap",
                "availability",
                "language",
                "affinity",
                "shortlist",
            ],
            0,
        ),
    }
    page = client.post(reverse("matching_index"), data).content.decode()
    assert "Every weight is 0" in page
    assert not MatchRun.objects.exists()


def test_a_mentee_cannot_open_the_matching_admin(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("matching_index")).status_code in (302, 403)


def test_publishing_twice_from_the_admin_says_who_published(client, pm):
    cohort, *_ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    run = services.run_matching(cohort, pm)
    client.force_login(pm)
    url = reverse("matching_run", args=[run.pk])
    client.post(url, {"action": "publish", "confirmed": "yes", "reason": "Reviewed."})
    page = client.post(
        url, {"action": "publish", "confirmed": "yes", "reason": "Reviewed."}, follow=True
    ).content.decode()
    assert "already published" in page
    assert Match.objects.count() == 2


def test_members_see_only_their_own_match_with_its_explanation(client, pm, mentee):
    _, people, (mentor,), _ = _published(pm)
    client.force_login(people[0])
    page = client.get(reverse("matching:mine")).content.decode()
    assert mentor.user.get_full_name() in page
    assert "Why this match" in page
    assert people[1].get_full_name() not in page
    other = Match.objects.get(mentee=people[1])
    response = client.post(
        reverse("matching:respond", args=[other.pk]), {f"match-{other.pk}-answer": "accept"}
    )
    assert response.status_code == 404


def test_declining_without_a_reason_keeps_the_match_pending(client, pm):
    _, people, _, _ = _published(pm)
    match = Match.objects.get(mentee=people[0])
    client.force_login(people[0])
    response = client.post(
        reverse("matching:respond", args=[match.pk]), {f"match-{match.pk}-answer": "decline"}
    )
    assert response.status_code == 400
    assert "why you decline" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.PENDING


def test_mentor_page_query_count_stays_constant(client, pm, django_assert_num_queries):
    _, _, (mentor,), _ = _published(pm, mentees=2, mentors=1)
    client.force_login(mentor.user)
    client.get(reverse("matching:mine"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("matching:mine"))
    _published(pm, mentees=4, mentors=1)
    for match in Match.objects.all():
        match.mentor = mentor
        match.save()
    with django_assert_num_queries(len(few)):
        client.get(reverse("matching:mine"))


def test_a_programme_manager_saves_a_programmes_weights(client, pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    programme = cohort.cycle.programme
    client.force_login(pm)
    data = {**dict.fromkeys(engine.FACTORS, 1), "gap_coverage": 7, "maximize_matched": "on"}

    response = client.post(reverse("matching_weights", args=[programme.pk]), data)

    assert response["Location"] == reverse("matching_index")
    saved = MatchingWeights.objects.get(programme=programme)
    assert saved.gap_coverage == 7 and saved.maximize_matched and saved.updated_by == pm


def test_all_zero_saved_weights_are_refused_and_nothing_changes(client, pm):
    cohort, *_ = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    programme = cohort.cycle.programme
    before = services.weights_for(programme).as_dict()
    client.force_login(pm)

    response = client.post(
        reverse("matching_weights", args=[programme.pk]), dict.fromkeys(engine.FACTORS, 0)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Every weight is 0" in page and 'name="gap_coverage" value="0"' in page
    assert services.weights_for(programme).as_dict() == before
