"""Completion: a manager (or the end date) opens the outcome evaluation; both sides' answers
complete the engagement, which opens the alumni network; a consent tells communications."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

import pytest

from forums.permissions import memberships
from portal.engagements import queries
from portal.engagements.models import OutcomeEvaluation
from portal.notifications.models import Notification
from portal.people.roles import Role
from portal.programmes.models import Engagement
from tests.engagements.conftest import csrf_from
from tests.factories import UserFactory
from tests.programmes import factories as pf


def _open(manager_client: Client, engagement: Engagement):
    page = manager_client.get(f"/engagements/{engagement.pk}/").content.decode()
    return manager_client.post(
        f"/engagements/{engagement.pk}/evaluation/open/",
        {"csrfmiddlewaretoken": csrf_from(page)},
    )


def _send(client: Client, engagement: Engagement, **answers):
    url = f"/engagements/{engagement.pk}/evaluation/"
    page = client.get(url).content.decode()
    goal = engagement.goals.get()
    data = {
        "csrfmiddlewaretoken": csrf_from(page),
        f"achieved_{goal.pk}": "yes",
        f"before_{goal.competency_id}": "2",
        f"after_{goal.competency_id}": "4",
        "mentor_rating": "4",
        "narrative": "I led my first <board> meeting.",
    }
    return client.post(url, {**data, **answers})


@pytest.fixture
def clients(confirmed, mentee, mentor, programme_manager):
    made = {}
    for name, person in (("amara", mentee), ("daniel", mentor), ("sofia", programme_manager)):
        made[name] = Client(enforce_csrf_checks=True)
        made[name].force_login(person)
    return made


def test_the_evaluation_is_closed_until_asked_or_the_end_date(confirmed, mentee, clients):
    assert clients["amara"].get(f"/engagements/{confirmed.pk}/evaluation/").status_code == 404
    confirmed.started_on = timezone.localdate() - timedelta(days=200)
    confirmed.save(update_fields=["started_on"])
    assert queries.evaluation_for(confirmed, mentee).due


def test_both_evaluations_complete_it_and_open_the_alumni_network(
    confirmed, mentee, mentor, clients
):
    assert _open(clients["sofia"], confirmed).status_code == 302
    assert Notification.objects.filter(kind="engagements.evaluation").count() == 2
    assert (
        "Outcome evaluation due"
        in clients["amara"].get(f"/engagements/{confirmed.pk}/").content.decode()
    )
    assert _send(clients["amara"], confirmed).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == Engagement.Status.ACTIVE
    assert memberships(mentee.pk)[1] is False
    _send(clients["daniel"], confirmed)
    confirmed.refresh_from_db()
    assert confirmed.status == Engagement.Status.COMPLETED
    assert confirmed.ended_on == timezone.localdate()
    assert memberships(mentee.pk)[1] is True
    mine = OutcomeEvaluation.objects.get(person=mentee)
    assert mine.rating_before and mine.rating_after and mine.mentor_rating is None
    assert OutcomeEvaluation.objects.get(person=mentor).mentor_rating == 4
    # The mentor's workspace closes with completion; the mentee keeps it.
    assert clients["daniel"].get(f"/engagements/{confirmed.pk}/").status_code == 404
    assert clients["amara"].get(f"/engagements/{confirmed.pk}/").status_code == 200


def test_a_consent_tells_communications_with_a_link_to_the_stories(confirmed, clients):
    comms = UserFactory(roles=[Role.COMMUNICATIONS])
    _open(clients["sofia"], confirmed)
    _send(clients["amara"], confirmed, consent_to_feature="on")
    _send(clients["daniel"], confirmed)
    told = Notification.objects.get(kind="engagements.story")
    assert told.recipient == comms and told.url == "/engagements/stories/"
    reader = Client()
    reader.force_login(comms)
    page = reader.get(told.url).content.decode()
    assert "I led my first &lt;board&gt; meeting." in page
    assert page.count("I led my first") == 1  # the mentor did not consent


def test_stories_are_for_communications_only(confirmed, clients):
    for name in ("amara", "daniel", "sofia"):
        assert clients[name].get("/engagements/stories/").status_code == 404


def test_a_second_send_keeps_one_evaluation_and_bad_input_is_named(confirmed, clients):
    _open(clients["sofia"], confirmed)
    missing = _send(clients["amara"], confirmed, narrative="")
    assert missing.status_code == 400
    assert "Write a few sentences about what changed." in missing.content.decode()
    url = f"/engagements/{confirmed.pk}/evaluation/"
    page = clients["amara"].get(url).content.decode()
    _send(clients["amara"], confirmed)
    again = clients["amara"].post(
        url, {"csrfmiddlewaretoken": csrf_from(page), "narrative": "again"}, follow=True
    )
    assert "already sent your evaluation" in again.content.decode()
    assert OutcomeEvaluation.objects.count() == 1


def test_a_manager_asks_a_whole_cohort_and_another_programmes_manager_cannot(
    confirmed, programme, clients, other_manager
):
    cohort = pf.cohort(pf.cycle(programme))
    Engagement.objects.filter(pk=confirmed.pk).update(cohort=cohort)
    outsider = Client()
    outsider.force_login(other_manager)
    assert outsider.post(f"/engagements/cohorts/{cohort.pk}/evaluation/").status_code in (403, 404)
    assert outsider.post(f"/engagements/{confirmed.pk}/evaluation/open/").status_code in (403, 404)
    confirmed.refresh_from_db()
    assert confirmed.evaluation_opened_on is None
    page = clients["sofia"].get(f"/engagements/{confirmed.pk}/").content.decode()
    clients["sofia"].post(
        f"/engagements/cohorts/{cohort.pk}/evaluation/", {"csrfmiddlewaretoken": csrf_from(page)}
    )
    confirmed.refresh_from_db()
    assert confirmed.evaluation_opened_on == timezone.localdate()


def test_home_asks_for_the_evaluation_until_it_is_sent(confirmed, clients):
    assert "Outcome evaluation due" not in clients["amara"].get("/").content.decode()
    _open(clients["sofia"], confirmed)
    home = clients["amara"].get("/").content.decode()
    assert "Outcome evaluation due with Daniel" in home
    assert f"/engagements/{confirmed.pk}/evaluation/" in home
    _send(clients["amara"], confirmed)
    assert "Outcome evaluation due" not in clients["amara"].get("/").content.decode()
    assert "Outcome evaluation due with Amara" in clients["daniel"].get("/").content.decode()


def test_my_engagements_offers_a_manager_each_cohort_to_complete(
    confirmed, programme, clients, other_manager
):
    cohort = pf.cohort(pf.cycle(programme), "Spring cohort")
    Engagement.objects.filter(pk=confirmed.pk).update(cohort=cohort)
    page = clients["sofia"].get("/engagements/").content.decode()
    action = f"/engagements/cohorts/{cohort.pk}/evaluation/"
    assert f'action="{action}"' in page and "Ask 1 pair for the evaluation" in page
    clients["sofia"].post(action, {"csrfmiddlewaretoken": csrf_from(page)})
    assert action not in clients["sofia"].get("/engagements/").content.decode()  # asked
    outsider = Client()
    outsider.force_login(other_manager)
    assert "Complete a cohort" not in outsider.get("/engagements/").content.decode()
