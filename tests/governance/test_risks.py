"""The risk register: a manager records risks with mitigations in the admin (likelihood and
impact 1–5, refused plainly otherwise), sees them on the heat map, links incidents; sponsors
read it; owners are reminded once per review date and per overdue mitigation."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from portal.engagements import services as engagement_services
from portal.governance import queries, services
from portal.governance.models import GovernanceLogEntry, IncidentLink, Mitigation, Risk
from portal.notifications.models import Notification
from portal.programmes import services as programme_services
from tests.factories import MentorProfileFactory, UserFactory
from tests.governance.conftest import add_risk, csrf_from, signed_in

pytestmark = pytest.mark.django_db

ADD = reverse("risk_admin:add")


def _form(token, programme, owner, **fields) -> dict:
    today = timezone.localdate()
    return {
        "csrfmiddlewaretoken": token,
        "title": "Senior mentors cannot keep their monthly hours",
        "description": "Quarter-end crowds out sessions.",
        "category": "time",
        "programme": programme.pk,
        "likelihood": "4",
        "impact": "4",
        "owner": owner.pk,
        "status": "open",
        "next_review_on": f"{today + timedelta(days=30):%Y-%m-%d}",
        "mitigations-TOTAL_FORMS": "1",
        "mitigations-INITIAL_FORMS": "0",
        "mitigations-MIN_NUM_FORMS": "0",
        "mitigations-MAX_NUM_FORMS": "1000",
        "mitigations-0-action": "Protected mentoring slots",
        "mitigations-0-owner": owner.pk,
        "mitigations-0-due_on": f"{today + timedelta(days=14):%Y-%m-%d}",
        **fields,
    }


def test_a_likelihood_of_7_is_refused_in_words_keeping_what_was_typed(programme_manager, programme):
    client = signed_in(programme_manager)
    token = csrf_from(client.get(ADD).content.decode())
    response = client.post(ADD, _form(token, programme, programme_manager, likelihood="7"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Likelihood is a whole number from 1 (rare) to 5 (almost certain); 7 is outside" in page
    assert 'value="7"' in page and "Senior mentors cannot keep their monthly hours" in page
    assert "Protected mentoring slots" in page  # the mitigation typed inline is kept too
    assert not Risk.objects.exists() and not Mitigation.objects.exists()


def test_a_manager_records_a_risk_with_a_mitigation_and_it_is_logged(programme_manager, programme):
    client = signed_in(programme_manager)
    token = csrf_from(client.get(ADD).content.decode())
    response = client.post(ADD, _form(token, programme, programme_manager))
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.programme, risk.score, risk.band) == (programme, 16, "severe")
    assert risk.mitigations.get().action == "Protected mentoring slots"
    entry = GovernanceLogEntry.objects.get(action="wagtail.create")
    assert entry.user == programme_manager and entry.programme_id == programme.pk
    index = client.get(reverse("risk_admin:index")).content.decode()
    assert "Senior mentors cannot keep their monthly hours" in index
    assert "1 open risk, score 16 (severe)" not in index  # labels are for the cell's text
    assert 'severe <span class="heat-map__word">(16)</span>' in index
    assert "?likelihood=4&amp;impact=4" in index


def test_the_database_refuses_a_score_outside_1_to_5(programme_manager):
    for fields in ({"likelihood": 0}, {"impact": 6}):
        with pytest.raises(IntegrityError), transaction.atomic():
            add_risk(programme_manager, **fields)


def test_a_manager_sees_their_programmes_and_organisation_wide_risks_only(
    programme_manager, programme, other_programme
):
    mine = add_risk(programme_manager, programme, title="Aurora mentors overloaded")
    shared = add_risk(programme_manager, None, title="Incentives misaligned")
    theirs = add_risk(programme_manager, other_programme, title="Zenith experts scarce")
    client = signed_in(programme_manager)
    index = client.get(reverse("risk_admin:index")).content.decode()
    assert "Aurora mentors overloaded" in index and "Incentives misaligned" in index
    assert "Zenith" not in index
    assert client.get(reverse("risk_admin:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("risk_admin:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("risk_admin:edit", args=[shared.pk])).status_code == 200
    form = client.get(ADD).content.decode()
    assert "Aurora Programme" in form and "Zenith Programme" not in form


def test_the_risk_list_reads_a_constant_number_of_queries(
    programme_manager, programme, client, django_assert_max_num_queries
):
    client.force_login(programme_manager)
    url = reverse("risk_admin:index")
    add_risk(programme_manager, programme)
    client.get(url)

    def queries_for_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries_for_page()
    for n in range(8):
        add_risk(UserFactory(), programme if n % 2 else None)
    assert queries_for_page() == few


def test_sponsors_read_the_whole_register_and_heat_map_and_nobody_else_does(
    sponsor, programme_manager, programme, other_programme, mentee, client
):
    risk = add_risk(programme_manager, other_programme, title="Zenith experts scarce", impact=5)
    Mitigation.objects.create(
        risk=risk, action="Vet two more experts", owner=sponsor, due_on=timezone.localdate()
    )
    add_risk(programme_manager, None, title="Closed long ago", status=Risk.Status.CLOSED)
    url = reverse("governance:risks")
    client.force_login(sponsor)
    page = client.get(url).content.decode()
    assert "Zenith experts scarce" in page and "Vet two more experts" in page
    assert "Score 15 (severe)" in page
    assert "<caption>Open risks by likelihood and impact</caption>" in page
    assert "<form" not in page.split("<main", 1)[1]  # read-only
    for person in (mentee, programme_manager):
        client.force_login(person)
        assert client.get(url).status_code == 403


def test_the_register_page_reads_a_constant_number_of_queries(
    sponsor, programme_manager, programme, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(sponsor)
    url = reverse("governance:risks")

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    risk = add_risk(programme_manager, programme)
    Mitigation.objects.create(risk=risk, action="A", owner=sponsor, due_on=timezone.localdate())
    client.get(url)
    few = count()
    for _ in range(6):
        risk = add_risk(UserFactory(), programme)
        Mitigation.objects.create(risk=risk, action="B", owner=sponsor, due_on=risk.next_review_on)
    assert count() == few


# --- incidents -------------------------------------------------------------------------------


@pytest.fixture
def ended_early(programme, mentee, mentor):
    daniel = MentorProfileFactory(user=mentor, capacity=2)
    engagement = programme_services.start_engagement(mentee, daniel, programme)
    return engagement_services.end_early(engagement, mentee, "My new role takes all my time.")


def test_a_manager_links_an_early_exit_without_its_reason_or_names(
    programme_manager, programme, ended_early
):
    risk = add_risk(programme_manager, programme)
    client = signed_in(programme_manager)
    url = reverse("governance_link_incident", args=[risk.pk])
    page = client.get(url).content.decode()
    assert "ended early, by the mentee" in page and "new role" not in page
    incident = queries.incidents_for(programme_manager)[0]
    response = client.post(url, {"csrfmiddlewaretoken": csrf_from(page), "incident": incident.key})
    assert response.status_code == 302
    link = IncidentLink.objects.get()
    assert link.kind == IncidentLink.Kind.ENGAGEMENT_EXIT and "Amara" not in link.summary
    assert GovernanceLogEntry.objects.filter(action=services.INCIDENT_LINKED).exists()
    edit = client.get(reverse("risk_admin:edit", args=[risk.pk])).content.decode()
    assert link.summary in edit


def test_the_chooser_refuses_an_incident_it_did_not_offer(
    programme_manager, programme, other_programme, ended_early
):
    risk = add_risk(programme_manager, programme)
    other = next(iter(other_programme.managers.all()))
    assert queries.incidents_for(other) == []  # another manager sees none of Sofia's
    client = signed_in(programme_manager)
    url = reverse("governance_link_incident", args=[risk.pk])
    token = csrf_from(client.get(url).content.decode())
    page = client.post(url, {"csrfmiddlewaretoken": token, "incident": "break_glass:999"})
    assert "That incident is no longer offered" in page.content.decode()
    assert not IncidentLink.objects.exists()


# --- reminders --------------------------------------------------------------------------------


def test_owners_are_reminded_once_per_review_date_and_per_overdue_mitigation(
    programme_manager, sponsor, programme
):
    today = timezone.localdate()
    risk = add_risk(programme_manager, programme, next_review_on=today)
    add_risk(programme_manager, programme, next_review_on=today + timedelta(days=1))
    Mitigation.objects.create(
        risk=risk, action="Call the pairs", owner=sponsor, due_on=today - timedelta(days=1)
    )
    Mitigation.objects.create(
        risk=risk, action="Done already", owner=sponsor, due_on=today - timedelta(days=9), done=True
    )
    assert services.send_risk_reminders(today) == 2
    assert services.send_risk_reminders(today) == 0  # a second run tells nobody
    manager_note = Notification.objects.get(recipient=programme_manager)
    assert manager_note.url == reverse("risk_admin:edit", args=[risk.pk])
    sponsor_note = Notification.objects.get(recipient=sponsor)
    assert "Call the pairs" in sponsor_note.title
    assert sponsor_note.url == f"{reverse('governance:risks')}#risk-{risk.pk}"
    risk.next_review_on = today + timedelta(days=1)
    risk.save()
    assert services.send_risk_reminders(today + timedelta(days=1)) == 2  # a new review date
