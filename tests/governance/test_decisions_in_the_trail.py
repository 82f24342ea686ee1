"""Every decision and sensitive read writes exactly one entry in the audit trail, with who,
when, what and why, and the settings it was made with; never a note's text (ADR 0018)."""

from contextlib import contextmanager

from django.test import Client
from django.urls import reverse

import pytest

from portal.engagements import services as engagement_services
from portal.governance import audit
from portal.governance import services as governance
from portal.matching import engine
from portal.matching import services as matching
from portal.matching.models import Match
from portal.people import services as people
from portal.people.models import MentorProfile
from portal.people.roles import Role
from portal.programmes import services as programmes
from portal.programmes.models import Application, ProgrammeLogEntry
from tests.factories import MentorProfileFactory, UserFactory
from tests.matching.factories import cohort_with_people
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db

WEIGHTS = dict.fromkeys(engine.FACTORS, 1.0) | {"gap_coverage": 3.0, "language": 0.0}


class Written:
    entry = None


@contextmanager
def exactly_one_entry():
    """The block writes one entry, in any log model; `.entry` is it."""
    before = {model: _last_pk(model) for model in audit.log_models()}
    written = Written()
    yield written
    new = [
        entry
        for model in audit.log_models()
        for entry in model.objects.filter(pk__gt=before[model]).select_related("user")
    ]
    assert len(new) == 1, [(entry.action, entry.label) for entry in new]
    written.entry = new[0]


def _last_pk(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def cohort(programme_manager):
    cohort, _, _ = cohort_with_people(mentees=3, mentors=2, managers=[programme_manager])
    return cohort


def test_every_published_match_has_an_entry_naming_the_publisher_and_the_runs_settings(
    cohort, programme_manager
):
    run = matching.run_matching(cohort, programme_manager, weights=WEIGHTS, maximize_matched=True)
    with exactly_one_entry() as written:
        count = matching.publish_run(run, programme_manager, "Reviewed with the cohort lead.")
    entry = written.entry
    assert entry.action == matching.RUN_PUBLISHED and entry.user == programme_manager
    assert entry.data["reason"] == "Reviewed with the cohort lead."
    assert entry.data["weights"] == {
        engine.FACTOR_LABELS[name]: WEIGHTS[name] for name in engine.FACTORS
    }
    assert entry.data["mode"] == "as many matched as possible"
    assert entry.data["cohort"] == str(cohort) and entry.data["cohort_id"] == cohort.pk
    assert entry.data["pairs"] == count == Match.objects.count()
    assert entry.data["mentees"] == 3 and entry.data["mentors"] == 2
    assert entry.data["unmatched"] == 3 - count
    for match in Match.objects.all():
        (published,) = ProgrammeLogEntry.objects.filter(
            action=matching.RUN_PUBLISHED, object_id=str(match.run_id)
        )
        assert published.user == programme_manager
        assert published.programme_id == cohort.cycle.programme_id


def test_publishing_in_the_admin_asks_why_and_keeps_it(client, cohort, programme_manager):
    run = matching.run_matching(cohort, programme_manager)
    client.force_login(programme_manager)
    url = reverse("matching_run", args=[run.pk])
    refused = client.post(url, {"action": "publish", "confirmed": "yes", "reason": " "})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Say why you publish this run: the audit trail keeps it." in page
    assert "Why publish this run?" in page and not Match.objects.exists()
    with exactly_one_entry() as written:
        client.post(url, {"action": "publish", "confirmed": "yes", "reason": "Signed off."})
    assert written.entry.data["reason"] == "Signed off."
    assert written.entry.user == programme_manager


def test_an_override_names_the_mentee_the_old_and_new_mentor_and_why(cohort, programme_manager):
    run = matching.run_matching(cohort, programme_manager)
    pair = run.pairs.select_related("mentee", "mentor__user").first()
    other = MentorProfileFactory(capacity=3)
    other.user.first_name, other.user.last_name = "Olu", "Adeyemi"
    other.user.save()
    with exactly_one_entry() as written:
        matching.override_pair(run, pair.mentee, other, programme_manager, "Asked for Olu.")
    data = written.entry.data
    assert written.entry.action == matching.PAIR_OVERRIDDEN
    assert written.entry.user == programme_manager
    assert data["mentee"] == str(pair.mentee) and data["mentee_id"] == pair.mentee_id
    assert data["mentor"] == "Olu Adeyemi" and data["mentor_id"] == other.user_id
    assert data["previous_mentor"] == str(pair.mentor.user)
    assert data["reason"] == "Asked for Olu."


@pytest.fixture
def waiting(programme_manager):
    programme = pf.programme()
    programme.managers.add(programme_manager)
    cycle = pf.cycle(programme, seats=0)
    pf.cohort(cycle, "Everyone")
    application = programmes.apply_to_programme(pf.applicant(), programme)
    assert application.status == Application.Status.WAITING
    cycle.seats = 5
    cycle.save()
    return application


@pytest.mark.parametrize(
    ("decide", "action", "reason"),
    [
        (programmes.admit_application, programmes.APPLICATION_ADMITTED, "A seat came free."),
        (programmes.defer_application, programmes.APPLICATION_DEFERRED, "Starts after leave."),
        (programmes.remove_application, programmes.APPLICATION_REMOVED, "Left the company."),
    ],
)
def test_each_waiting_list_decision_writes_one_entry_with_its_reason(
    waiting, programme_manager, decide, action, reason
):
    with exactly_one_entry() as written:
        if decide is programmes.admit_application:
            decide(waiting, programme_manager, None, reason)
        else:
            decide(waiting, programme_manager, reason)
    entry = written.entry
    assert entry.action == action and entry.user == programme_manager
    assert entry.data["reason"] == reason
    assert entry.data["applicant"] == str(waiting.applicant)
    assert entry.data["cycle"] == waiting.cycle.name
    assert entry.programme_id == waiting.programme_id


def test_a_refused_decision_writes_nothing(waiting, programme_manager):
    before = {model: model.objects.count() for model in audit.log_models()}
    with pytest.raises(programmes.ApplicationError):
        programmes.defer_application(waiting, programme_manager, "   ")
    assert before == {model: model.objects.count() for model in audit.log_models()}


def test_a_role_change_writes_one_entry_with_who_and_why(programme_manager, mentee):
    with exactly_one_entry() as written:
        people.change_roles(mentee, programme_manager, [Role.SPONSOR], (), "Joins the board.")
    entry = written.entry
    assert entry.action == people.ROLE_GRANTED and entry.user == programme_manager
    assert entry.data == {"role": "Sponsor", "reason": "Joins the board."}
    assert entry.label == str(mentee)


def test_a_vetting_decision_writes_one_entry_with_its_reason(programme_manager):
    expert = MentorProfileFactory(
        user=UserFactory(roles=[Role.EXTERNAL_EXPERT]),
        kind=MentorProfile.Kind.EXTERNAL,
        vetting_status=MentorProfile.Vetting.PENDING,
    )
    vetting = governance.due_diligence_of(expert.user)
    with exactly_one_entry() as written:
        governance.reject(vetting.pk, programme_manager, "A conflict with a competitor.")
    assert written.entry.action == people.VETTING_DECIDED
    assert written.entry.user == programme_manager
    assert written.entry.data["decision"] == "rejected"
    assert written.entry.data["reason"] == "A conflict with a competitor."


def test_a_break_glass_read_writes_one_entry_without_the_notes_text(programme_manager, mentee):
    programme = pf.programme()
    programme.managers.add(programme_manager)
    mentor = MentorProfileFactory(capacity=2)
    engagement = programmes.start_engagement(mentee, mentor, programme)
    text = "I am thinking about leaving the company after the reorganisation."
    note = engagement_services.write_note(engagement, mentee, "pair", text)
    with exactly_one_entry() as written:
        engagement_services.open_note(note, programme_manager, "A safeguarding concern.")
    entry = written.entry
    assert entry.action == engagement_services.NOTE_OPENED and entry.user == programme_manager
    assert entry.data["reason"] == "A safeguarding concern."
    assert text not in entry.label and text not in audit.data_json(entry)


def test_an_export_writes_one_entry_naming_the_list_its_filters_and_rows(programme_manager):
    programme = pf.programme(name="Aurora Programme")
    programme.managers.add(programme_manager)
    client = Client()
    client.force_login(programme_manager)
    with exactly_one_entry() as written:
        response = client.get(reverse("programme_admin:index") + "?export=csv&q=Aurora")
        assert response.status_code == 200
    entry = written.entry
    assert entry.action == "portal.exported" and entry.user == programme_manager
    assert entry.label == str(programme_manager)
    assert entry.data["format"] == "CSV" and entry.data["rows"] == 1
    assert entry.data["filters"] == {"q": "Aurora"}
    assert entry.data["path"] == reverse("programme_admin:index")
