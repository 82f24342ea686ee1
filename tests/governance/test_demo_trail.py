"""The demo's audit trail: its published run, waiting-list decisions and role change are there
with who and why, and its auditor (Grace) reads them all (README's demo table)."""

from django.conf import settings

import pytest

from portal.demo.services import seed_demo
from portal.matching import services as matching
from portal.matching.models import MatchRun
from portal.people import services as people
from portal.people.models import PersonLogEntry, User
from portal.people.roles import Role
from portal.programmes import services as programmes
from portal.programmes.models import ProgrammeLogEntry

AUDITOR = "grace.okoro@meridian.example"


@pytest.mark.django_db
def test_the_demo_trail_holds_its_decisions_and_the_auditor_reads_them(client):
    result = seed_demo()
    assert AUDITOR in {login.email for login in result.logins}
    assert f"| Auditor | {AUDITOR} |" in (settings.BASE_DIR / "README.md").read_text()
    published = MatchRun.objects.filter(status=MatchRun.Status.PUBLISHED)
    assert published.exists()
    for run in published:
        (entry,) = ProgrammeLogEntry.objects.filter(
            action=matching.RUN_PUBLISHED, object_id=str(run.pk)
        )
        assert entry.user_id == run.published_by_id and entry.data["reason"]
        assert entry.data["weights"] and entry.data["cohort"] == str(run.cohort)
    decisions = ProgrammeLogEntry.objects.filter(
        action__in=[programmes.APPLICATION_DEFERRED, programmes.APPLICATION_REMOVED]
    )
    assert decisions.exists() and all(entry.data["reason"] for entry in decisions)
    (grant,) = PersonLogEntry.objects.filter(action=people.ROLE_GRANTED)
    assert grant.data["role"] == Role.SPONSOR.value and grant.data["reason"]

    grace = User.objects.get(email=AUDITOR)
    assert grace.roles == [Role.AUDITOR]
    client.force_login(grace)
    decided = {"action": [matching.RUN_PUBLISHED, people.ROLE_GRANTED]}
    page = client.get("/admin/audit-trail/", decided).content.decode()
    for text in (published.first().published_by.get_full_name(), grant.data["reason"]):
        assert text in page

    before = PersonLogEntry.objects.count()
    seed_demo()
    assert PersonLogEntry.objects.count() == before  # a rerun decides nothing again
