"""The demo gives Daniel (the demo mentor) a living workspace, and a rerun adds nothing."""

from django.urls import reverse

import pytest

from portal.demo.services import seed_demo
from portal.engagements.models import AgreementConfirmation, Note, Session
from portal.engagements.queries import agreement_for
from portal.people.models import User
from portal.programmes.models import Engagement

DANIEL = "daniel.hartmann@meridian.example"


def _counts():
    return [m.objects.count() for m in (Session, Note, AgreementConfirmation, Engagement)]


@pytest.mark.django_db
def test_daniel_has_a_living_workspace_and_a_rerun_adds_nothing(client):
    seed_demo()
    engagement = Engagement.objects.get(mentor__user__email=DANIEL, status="active")
    assert agreement_for(engagement).complete
    assert engagement.goals.filter(milestones__isnull=False).exists()
    statuses = set(engagement.sessions.values_list("status", flat=True))
    assert statuses == {Session.Status.HELD, Session.Status.SCHEDULED}
    assert set(engagement.notes.values_list("tier", flat=True)) == set(Note.Tier.values)
    pending = [
        e for e in Engagement.objects.filter(status="active") if not agreement_for(e).complete
    ]
    assert pending, "one pair still waits for both to confirm"

    daniel = User.objects.get(email=DANIEL)
    client.force_login(daniel)
    home = client.get(reverse("home")).content.decode()
    assert "Answer your proposed match" in home  # Amara's proposal still waits (README)
    assert f"Next session with {engagement.mentee.get_full_name()}" in home
    page = client.get(reverse("engagements:detail", args=[engagement.pk]))
    assert page.status_code == 200

    before = _counts()
    seed_demo()
    assert _counts() == before
