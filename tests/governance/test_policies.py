"""Charters and policies: versions, acknowledgements and the gates on applying, being matched
and posting (docs/decisions/0021-charters-and-policies.md)."""

import re

from django.test import Client
from django.urls import reverse

import pytest

from forums import services as forums
from portal import gates
from portal.governance import queries, services
from portal.governance.forms import MUST_TICK
from portal.governance.models import Acknowledgement, Charter, PolicyLogEntry
from portal.matching import services as matching
from portal.notifications.models import Notification
from portal.people.roles import Role
from portal.people.services import ensure_roles
from portal.programmes import services as programmes
from portal.programmes.models import Application
from tests.factories import UserFactory
from tests.governance.factories import current, new_version, policy, publish
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db


def csrf_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.fixture
def open_programme():
    programme = pf.programme(name="Aurora Programme", slug="aurora")
    cycle = pf.cycle(programme, seats=5)
    pf.cohort(cycle, "Aurora Cohort")
    return programme


# --- versions and acknowledgements -----------------------------------------------------------


def test_publishing_makes_numbered_versions_and_a_new_one_asks_again(mentee):
    code = policy()
    assert current(code).number == 1
    services.acknowledge(mentee, [current(code)])
    assert queries.outstanding([mentee.pk]) == {}

    second = new_version(code)

    assert second.number == 2
    assert queries.outstanding([mentee.pk]) == {mentee.pk: [second]}


def test_acknowledgement_names_the_exact_version_and_is_logged(mentee):
    code = policy()
    version = current(code)

    services.acknowledge(mentee, [version])
    services.acknowledge(mentee, [version])  # again: nothing new

    ack = Acknowledgement.objects.get()
    code.refresh_from_db()
    assert (ack.person, ack.version, ack.version.revision_id) == (
        mentee,
        version,
        code.live_revision_id,
    )
    entry = PolicyLogEntry.objects.get(action=services.ACKNOWLEDGE)
    assert (entry.user_id, entry.data) == (mentee.pk, {"version": 1})


def test_an_old_or_foreign_version_cannot_be_acknowledged(mentee):
    code = policy()
    first = current(code)
    new_version(code)
    with pytest.raises(ValueError):
        services.acknowledge(mentee, [first])
    mentors_only = policy("Mentor standards", audience=[Role.MENTOR])
    with pytest.raises(ValueError):
        services.acknowledge(mentee, [current(mentors_only)])
    assert not Acknowledgement.objects.exists()


def test_a_policy_applies_only_to_its_audience_and_its_programme(mentee, mentor, open_programme):
    policy("Mentor standards", audience=[Role.MENTOR])
    local = policy("Aurora confidentiality", programme=open_programme)

    assert queries.outstanding([mentee.pk]) == {}
    assert [v.policy for v in queries.outstanding([mentee.pk], [open_programme.pk])[mentee.pk]] == [
        local
    ]
    assert len(queries.outstanding([mentor.pk])[mentor.pk]) == 1


# --- the gate on applying ----------------------------------------------------------------------


def test_a_policys_new_version_blocks_applying_until_acknowledged(open_programme):
    person = pf.applicant()
    code = policy()
    services.acknowledge(person, [current(code)])
    new_version(code)

    with pytest.raises(gates.Blocked):
        programmes.apply_to_programme(person, open_programme)
    assert not Application.objects.exists()

    services.acknowledge(person, [current(code)])
    application = programmes.apply_to_programme(person, open_programme)
    assert application.status in Application.ACTIVE


def test_applying_sends_to_acknowledge_then_back_to_the_programme(open_programme):
    person = pf.applicant()
    code = policy()
    new_version(code)
    client = _client(person)
    detail = reverse("programmes:detail", args=[open_programme.slug])
    page = client.get(detail)

    response = client.post(
        reverse("programmes:apply", args=[open_programme.slug]),
        {"csrfmiddlewaretoken": csrf_from(page.content.decode())},
    )

    assert not Application.objects.exists()
    assert response.status_code == 302
    acknowledge = response["Location"]
    assert acknowledge.startswith(reverse("governance:acknowledge"))
    form = client.get(acknowledge)
    html = form.content.decode()
    assert "Code of conduct" in html and "version 2" in html
    sent = client.post(
        acknowledge,
        {"csrfmiddlewaretoken": csrf_from(html), f"version_{current(code).pk}": "on"},
    )
    assert sent["Location"] == detail
    client.post(
        reverse("programmes:apply", args=[open_programme.slug]),
        {"csrfmiddlewaretoken": csrf_from(client.get(detail).content.decode())},
    )
    assert Application.objects.filter(applicant=person).exists()


def test_acknowledging_without_ticking_says_so_and_records_nothing(mentee):
    code = policy()
    client = _client(mentee)
    url = reverse("governance:acknowledge") + "?next=/programmes/"
    page = client.get(url)

    response = client.post(url, {"csrfmiddlewaretoken": csrf_from(page.content.decode())})

    assert response.status_code == 400
    assert MUST_TICK in response.content.decode()
    assert f'id="id_version_{current(code).pk}"' in response.content.decode()
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_the_way_back_is_never_another_site(mentee, next_url):
    code = policy()
    client = _client(mentee)
    url = reverse("governance:acknowledge") + "?" + f"next={next_url}"
    page = client.get(url)
    assert next_url not in page.content.decode()
    token = csrf_from(page.content.decode())
    response = client.post(url, {"csrfmiddlewaretoken": token, f"version_{current(code).pk}": "on"})
    assert response["Location"] == reverse("governance:index")


# --- the gates on being matched and posting ----------------------------------------------------


def test_an_outstanding_mentee_is_not_matched_and_the_run_says_why(programme_manager):
    ensure_roles()
    programme = pf.programme(name="Zen", slug="zen")
    programme.managers.add(programme_manager)
    cohort = pf.cohort(pf.cycle(programme, seats=4), "Zen cohort")
    mentor = pf.available_mentor(capacity=4)
    ready, waiting = pf.applicant(), pf.applicant()
    for person in (ready, waiting):
        application = programmes.apply_to_programme(person, programme)
        if application.cohort_id != cohort.pk:
            programmes.admit_application(application, None, cohort)
    code = policy()
    for person in (ready, mentor.user):
        services.acknowledge(person, [current(code)])

    run = matching.run_matching(cohort, programme_manager)
    run.refresh_from_db()

    assert [p.mentee for p in run.pairs.all()] == [ready]
    left_out = run.unmatched.get()
    assert left_out.mentee == waiting
    assert "acknowledge Code of conduct (version 1)" in left_out.reason


def test_an_outstanding_mentor_is_ruled_out_as_not_matchable(programme_manager):
    programme = pf.programme(name="Zen", slug="zen")
    cohort = pf.cohort(pf.cycle(programme, seats=4), "Zen cohort")
    mentor = pf.available_mentor(capacity=4)
    person = pf.applicant()
    application = programmes.apply_to_programme(person, programme)
    if application.cohort_id != cohort.pk:
        programmes.admit_application(application, None, cohort)
    policy("Mentor standards", audience=[Role.MENTOR])

    run = matching.run_matching(cohort, programme_manager)
    run.refresh_from_db()

    assert not run.pairs.exists()
    assert "policies to acknowledge" in run.unmatched.get().reason
    services.acknowledge(mentor.user, queries.outstanding([mentor.user_id])[mentor.user_id])
    again = matching.run_matching(cohort, programme_manager)
    again.refresh_from_db()
    assert again.pairs.count() == 1


def test_posting_waits_for_acknowledgement(mentee):
    questions = forums.ensure_standard_communities()[0]
    policy()
    with pytest.raises(gates.Blocked):
        forums.start_topic(questions, mentee, "A question", "How do you start?")
    forum = questions.forum
    create = reverse(
        "forum_conversation:topic_create", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )

    response = _client(mentee).get(create)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("governance:acknowledge"))
    assert "next=" in response["Location"]


# --- participants' pages -----------------------------------------------------------------------


def test_participants_read_the_policies_and_their_programmes_charter(mentee, open_programme):
    programmes.apply_to_programme(someone := pf.applicant(), open_programme)
    policy()
    charter = Charter(
        programme=open_programme,
        purpose="Why Aurora exists.",
        decision_rights="<p>The steering group decides the budget.</p>",
        escalation_path="<p>Manager, then sponsor.</p>",
        resource_commitments="<p>Four hours a month.</p>",
        live=False,
    )
    charter.save()
    publish(charter)
    client = _client(mentee)
    index = client.get(reverse("governance:index")).content.decode()
    assert "Code of conduct" in index and "Aurora" not in index  # not in the programme yet
    assert client.get(reverse("governance:charter", args=["aurora"])).status_code == 404

    Application.objects.filter(applicant=someone).update(applicant=mentee)  # now in Aurora
    assert (
        "steering group decides"
        in client.get(reverse("governance:charter", args=["aurora"])).content.decode()
    )
    page = client.get(reverse("governance:policy", args=["code-of-conduct"])).content.decode()
    assert "Version 1" in page and "in full" in page


@pytest.mark.parametrize("count", [2, 6])
def test_the_policies_page_takes_the_same_queries_however_many_policies(
    mentee, django_assert_num_queries, count
):
    for n in range(count):
        policy(f"Policy {n}")
    client = _client(mentee)
    url = reverse("governance:index")
    client.get(url)

    with django_assert_num_queries(QUERIES["policies"]):
        response = client.get(url)

    assert response.content.decode().count(">Read and acknowledge<") == count


# --- managers' screens -------------------------------------------------------------------------


def _crowd(size: int, code) -> None:
    for n in range(size):
        person = UserFactory(roles=[Role.MENTEE])
        if n % 2:
            services.acknowledge(person, [current(code)])


@pytest.mark.parametrize("size", [3, 12])
def test_the_acknowledgement_pages_take_the_same_queries_however_many_people(
    programme_manager, django_assert_num_queries, size
):
    ensure_roles()
    code = policy()
    policy("Confidentiality")
    _crowd(size, code)
    client = _client(programme_manager)
    client.get(reverse("governance_acknowledgements"))  # warm the session and menus

    with django_assert_num_queries(QUERIES["index"]):
        index = client.get(reverse("governance_acknowledgements"))
    with django_assert_num_queries(QUERIES["outstanding"]):
        outstanding = client.get(reverse("governance_outstanding", args=[current(code).pk]))

    done = size // 2
    assert f"{round(100 * done / size)}% ({done} of {size})" in index.content.decode()
    assert outstanding.content.decode().count('href="/admin/people/') == size - done


QUERIES = {"index": 15, "outstanding": 17, "policies": 15}


def test_a_manager_sees_their_programmes_policies_only_and_reminds_the_outstanding(
    programme_manager,
):
    ensure_roles()
    theirs = pf.programme(name="Aurora Programme", slug="aurora")
    theirs.managers.add(programme_manager)
    pf.cycle(theirs, seats=5)
    other = pf.programme(name="Zenith Programme", slug="zenith")
    programmes.apply_to_programme(waiting := pf.applicant(), theirs)
    mine = policy("Aurora rules", programme=theirs)
    policy("Zenith rules", programme=other)
    client = _client(programme_manager)

    index = client.get(reverse("governance_acknowledgements")).content.decode()
    assert "Aurora rules" in index and "Zenith rules" not in index
    foreign = current(other.policies.get())
    assert client.get(reverse("governance_outstanding", args=[foreign.pk])).status_code == 404

    url = reverse("governance_outstanding", args=[current(mine).pk])
    page = client.get(url)
    assert waiting.get_full_name() in page.content.decode()
    client.post(url, {"csrfmiddlewaretoken": csrf_from(page.content.decode())})
    notice = Notification.objects.get(recipient=waiting)
    assert notice.url.startswith(reverse("governance:acknowledge"))
    assert PolicyLogEntry.objects.filter(action=services.REMIND).count() == 1


def test_participants_cannot_open_the_acknowledgement_screens(mentee):
    policy()
    assert _client(mentee).get(reverse("governance_acknowledgements")).status_code in (302, 403)
