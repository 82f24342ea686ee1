"""Mentor onboarding (issue 14): library modules marked "required for mentors", a mentor's
onboarding page with progress and a kickoff checklist; completing every required module, or a
manager marking it done with a reason (recorded), makes the mentor listed and matchable at once."""

from django.urls import reverse

import pytest

from content.models import LearningModulePage, ModuleCompletion
from content.services import complete_module
from portal.people import services as people_services
from portal.people.catalog.queries import listing_gaps
from portal.people.models import MentorProfile, PersonLogEntry
from tests.content.factories import add_item, build_library
from tests.factories import MentorProfileFactory
from tests.people.test_membership import csrf_client, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def modules():
    _, section = build_library()
    return [
        add_item(section, LearningModulePage, title=title, required_for_mentors=True)
        for title in ("Confidentiality", "Coaching techniques")
    ] + [add_item(section, LearningModulePage, title="Optional extra")]


@pytest.fixture
def new_mentor(db):
    """A mentor whose catalog profile is complete but whose onboarding is not done."""
    return MentorProfileFactory(onboarding_completed_at=None)


def catalog_lists(mentor: MentorProfile, viewer) -> bool:
    body = csrf_client(viewer).get(reverse("catalog:list")).content.decode()
    return mentor.user.get_full_name() in body


def test_the_onboarding_page_lists_the_required_modules_with_progress_and_a_checklist(
    modules, new_mentor
):
    complete_module(new_mentor.user, modules[0])
    body = csrf_client(new_mentor.user).get(reverse("onboarding")).content.decode()
    assert "Confidentiality" in body and "Coaching techniques" in body
    assert "Optional extra" not in body
    assert "1 of 2 required modules completed" in body
    assert "Kickoff checklist" in body
    assert "Complete the required modules (1 of 2 done)" in body


def test_completing_every_required_module_lists_the_mentor_at_once(modules, new_mentor, mentee):
    client = csrf_client(new_mentor.user)
    assert not catalog_lists(new_mentor, mentee)  # the catalog is cached now
    post_form(client, modules[0].url + "complete/", {}, page_url=modules[0].url)
    new_mentor.refresh_from_db()
    assert new_mentor.onboarding_completed_at is None
    response = post_form(client, modules[1].url + "complete/", {}, page_url=modules[1].url)
    assert response.status_code == 302 and response["Location"] == reverse("onboarding")
    new_mentor.refresh_from_db()
    assert new_mentor.onboarding_completed_at is not None
    assert MentorProfile.objects.listed().filter(pk=new_mentor.pk).exists()
    assert catalog_lists(new_mentor, mentee)
    entry = PersonLogEntry.objects.get(action=people_services.ONBOARDING_COMPLETED)
    assert entry.user is None and entry.data["reason"] == people_services.COMPLETED_THE_MODULES


def test_completing_a_module_twice_records_it_once(modules, new_mentor):
    complete_module(new_mentor.user, modules[0])
    complete_module(new_mentor.user, modules[0])
    assert ModuleCompletion.objects.filter(user=new_mentor.user).count() == 1


def test_a_required_module_the_mentor_cannot_open_does_not_hold_them_back(new_mentor):
    _, section = build_library()
    first = add_item(section, LearningModulePage, title="Open to all", required_for_mentors=True)
    add_item(section, LearningModulePage, title="Draft", required_for_mentors=True, publish=False)
    assert complete_module(new_mentor.user, first) is True


def test_with_no_required_modules_nothing_completes_onboarding_by_itself(new_mentor):
    _, section = build_library()
    optional = add_item(section, LearningModulePage, title="Optional")
    assert complete_module(new_mentor.user, optional) is False
    new_mentor.refresh_from_db()
    assert new_mentor.onboarding_completed_at is None


def test_a_manager_marks_onboarding_done_with_a_reason_that_is_recorded(
    programme_manager, new_mentor, mentee
):
    client = csrf_client(programme_manager)
    page = reverse("people_person", args=[new_mentor.user.pk])
    url = reverse("people_onboarding", args=[new_mentor.user.pk])
    refused = post_form(client, url, {"reason": ""}, page_url=page)
    assert "Say why this mentor" in refused.content.decode()
    new_mentor.refresh_from_db()
    assert new_mentor.onboarding_completed_at is None

    done = post_form(client, url, {"reason": "Ran the sessions in person"}, page_url=page)
    assert done.status_code == 302
    new_mentor.refresh_from_db()
    assert new_mentor.onboarding_completed_at is not None
    entry = PersonLogEntry.objects.get(action=people_services.ONBOARDING_COMPLETED)
    assert entry.user == programme_manager and entry.data["reason"] == "Ran the sessions in person"
    assert catalog_lists(new_mentor, mentee)
    assert "Onboarding completed" in client.get(page).content.decode()


def test_marking_onboarding_done_twice_says_so_and_changes_nothing(programme_manager, new_mentor):
    people_services.complete_onboarding(new_mentor.pk, programme_manager, "In person")
    with pytest.raises(people_services.MembershipError, match="already done"):
        people_services.complete_onboarding(new_mentor.pk, programme_manager, "Again")
    assert PersonLogEntry.objects.filter(action=people_services.ONBOARDING_COMPLETED).count() == 1


def test_a_mentee_cannot_mark_onboarding_or_open_the_onboarding_page(mentee, new_mentor):
    client = csrf_client(mentee)
    assert client.get(reverse("onboarding")).status_code == 403
    client.get(reverse("home"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("people_onboarding", args=[new_mentor.user.pk]),
        {"reason": "x", "csrfmiddlewaretoken": token},
    )
    assert response.status_code in (302, 403)
    new_mentor.refresh_from_db()
    assert new_mentor.onboarding_completed_at is None


def test_the_listing_gaps_point_the_mentor_at_their_onboarding_page(new_mentor):
    assert any("onboarding page" in gap for gap in listing_gaps(new_mentor))
