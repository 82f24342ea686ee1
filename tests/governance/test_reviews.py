"""The steering group's quarterly review: created with its agenda drawn from the register,
then decisions and actions recorded with owners and due dates."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from portal.governance import queries
from portal.governance.models import GovernanceLogEntry, GovernanceReview, ReviewAction
from tests.governance.conftest import add_risk, csrf_from, signed_in

pytestmark = pytest.mark.django_db

ADD = reverse("review_admin:add")


def _form(token, owner, **fields) -> dict:
    today = timezone.localdate()
    year, quarter = queries.current_quarter(today)
    return {
        "csrfmiddlewaretoken": token,
        "year": str(year),
        "quarter": str(quarter),
        "held_on": f"{today:%Y-%m-%d}",
        "attendees": [owner.pk],
        "notes": "",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
        "decisions-0-text": "Allow 45-minute sessions by agreement.",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-action": "Write to the executive committee",
        "actions-0-owner": owner.pk,
        "actions-0-due_on": f"{today + timedelta(days=20):%Y-%m-%d}",
        **fields,
    }


def test_a_new_review_has_its_agenda_drawn_from_the_register(programme_manager, programme):
    today = timezone.localdate()
    add_risk(programme_manager, programme, title="Due today", next_review_on=today)
    add_risk(programme_manager, None, title="Worst of all", likelihood=5, impact=5)
    client = signed_in(programme_manager)
    page = client.get(ADD).content.decode()
    year, _ = queries.current_quarter(today)
    assert f'value="{year}"' in page
    response = client.post(ADD, _form(csrf_from(page), programme_manager))
    assert response.status_code == 302
    review = GovernanceReview.objects.get()
    titles = [section["title"] for section in review.agenda]
    assert titles[:2] == ["Open risks due for review", "Highest-scored open risks"]
    assert review.agenda[0]["items"][0]["text"] == "Due today (Aurora Programme)"
    assert review.agenda[1]["items"][0]["text"].startswith("Worst of all")
    assert review.decisions.get().text == "Allow 45-minute sessions by agreement."
    action = review.actions.get()
    assert (action.owner, action.done) == (programme_manager, False)
    assert GovernanceLogEntry.objects.filter(action="wagtail.create").exists()
    edit = client.get(reverse("review_admin:edit", args=[review.pk])).content.decode()
    assert "Open risks due for review" in edit and "Due today" in edit


def test_a_second_review_of_the_same_quarter_is_refused(programme_manager):
    client = signed_in(programme_manager)
    token = csrf_from(client.get(ADD).content.decode())
    assert client.post(ADD, _form(token, programme_manager)).status_code == 302
    again = client.post(ADD, _form(token, programme_manager, notes="Second try"))
    assert again.status_code == 200
    assert "already exists" in again.content.decode()
    assert GovernanceReview.objects.count() == 1


def test_the_agenda_is_a_list_of_sections_one_per_source(programme_manager):
    sections = queries.agenda_sections(timezone.localdate())
    assert [s.title for s in sections] == [
        s(timezone.localdate()).title for s in queries.AGENDA_SOURCES
    ]
    assert all(section.items == [] and section.empty for section in sections)


def test_open_actions_show_on_their_owners_home_and_the_sponsors_register(
    programme_manager, sponsor, client
):
    today = timezone.localdate()
    review = GovernanceReview.objects.create(year=2026, quarter=3, held_on=today)
    for action, owner, done in (
        ("Bring a proposal", programme_manager, False),
        ("Write to the committee", sponsor, False),
        ("Already done", sponsor, True),
    ):
        ReviewAction.objects.create(
            review=review, action=action, owner=owner, due_on=today, done=done
        )
    client.force_login(programme_manager)
    home = client.get(reverse("home")).content.decode()
    assert "Bring a proposal" in home and "Write to the committee" not in home
    assert reverse("review_admin:edit", args=[review.pk]) in home
    client.force_login(sponsor)
    home = client.get(reverse("home")).content.decode()
    assert "Write to the committee" in home and "Already done" not in home
    register = client.get(reverse("governance:risks")).content.decode()
    assert "Your actions from the quarterly reviews" in register
    assert "Write to the committee" in register and "Already done" not in register


def test_the_agenda_names_conflicts_waiting_experts_expiring_and_acknowledgement_rates(
    programme_manager, mentor, mentee
):
    from portal.governance import services
    from portal.people.models import MentorProfile
    from tests.factories import MentorProfileFactory
    from tests.governance.factories import policy

    today = timezone.localdate()
    services.declare_conflict(mentor, "family", other_person=mentee, description="My cousin")
    MentorProfileFactory(
        kind=MentorProfile.Kind.EXTERNAL,
        vetting_status=MentorProfile.Vetting.APPROVED,
        vetting_expires_on=today + timedelta(days=20),
        user__first_name="Ines",
        user__last_name="Expiring",
    )
    policy("Code of conduct")
    sections = {s.title: s for s in queries.agenda_sections(today)}
    conflict = sections["Conflicts of interest awaiting review"].items[0]
    assert mentor.get_full_name() in conflict.text and mentee.get_full_name() in conflict.text
    assert "My cousin" not in conflict.text + conflict.detail
    expiring = sections["External experts whose vetting ends within 60 days"].items
    assert [item.text for item in expiring] == ["Ines Expiring"]
    rates = sections["Policy acknowledgement rates"].items
    assert rates[0].text == "Code of conduct (version 1)"
    assert "acknowledged (0 of" in rates[0].detail
