"""External experts' vetting: a manager approves or rejects on the person's page, with what
they checked; the expert is told, and the catalog lists them only once approved."""

import pytest

from portal.notifications import kinds
from portal.people import services
from portal.people.models import MentorProfile, PersonLogEntry
from portal.people.roles import Role
from tests.factories import MentorProfileFactory, UserFactory
from tests.notifications.helpers import inbox_of
from tests.people.test_membership import csrf_client, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert():
    user = UserFactory(first_name="Hannah", last_name="Okonkwo", roles=[Role.EXTERNAL_EXPERT])
    return MentorProfileFactory(
        user=user,
        kind=MentorProfile.Kind.EXTERNAL,
        vetting_status=MentorProfile.Vetting.PENDING,
    )


def _page(expert):
    return f"/admin/people/{expert.user_id}/"


def test_a_manager_approves_a_pending_expert_with_what_they_checked(programme_manager, expert):
    client = csrf_client(programme_manager)
    home = client.get("/").content.decode()
    assert "1 external expert awaiting vetting" in home
    assert "Approve" in client.get(_page(expert)).content.decode()
    response = post_form(
        client,
        f"/admin/people/{expert.user_id}/vetting/",
        {"decision": "approve", "reason": "References from two clients; no conflicts."},
        page_url=_page(expert),
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.APPROVED
    (entry,) = PersonLogEntry.objects.filter(
        object_id=str(expert.user_id), action=services.VETTING_DECIDED
    )
    assert entry.user == programme_manager
    assert entry.data["reason"] == "References from two clients; no conflicts."
    (told,) = inbox_of(expert.user, kinds.VETTING_DECIDED.key)
    assert told.title == "Your vetting is approved"


def test_a_decision_needs_a_reason_and_keeps_the_expert_pending(programme_manager, expert):
    client = csrf_client(programme_manager)
    response = post_form(
        client,
        f"/admin/people/{expert.user_id}/vetting/",
        {"decision": "reject", "reason": ""},
        page_url=_page(expert),
    )
    assert response.status_code == 200
    assert "Say why: the decision and its reason are kept." in response.content.decode()
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.PENDING


def test_a_second_decision_changes_nothing(programme_manager, expert):
    services.decide_vetting(expert.pk, programme_manager, False, "A conflict with a competitor.")
    with pytest.raises(services.MembershipError, match="rejected; nothing was changed"):
        services.decide_vetting(expert.pk, programme_manager, True, "Second thoughts.")
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.REJECTED


def test_the_expert_sees_the_vetting_on_home_and_a_mentee_cannot_decide(client, mentee, expert):
    client.force_login(expert.user)
    assert "Your vetting as an external expert is in progress" in client.get("/").content.decode()
    outsider = csrf_client(mentee)
    response = outsider.post(
        f"/admin/people/{expert.user_id}/vetting/", {"decision": "approve", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.PENDING
    with pytest.raises(services.MembershipError):
        services.decide_vetting(expert.pk, mentee, True, "I say so.")
