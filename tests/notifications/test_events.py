"""Every event that exists is told through portal.notifications: to the inbox and by email."""

from wagtail.models import TaskState, WorkflowState

import pytest

from forums import services as forum_services
from forums.models import PostReport
from portal.matching import services as matching
from portal.matching.models import Match
from portal.notifications import kinds
from portal.people.roles import Role
from portal.programmes import services as programmes
from portal.programmes.models import Application
from tests.content.factories import add_item, build_library
from tests.factories import UserFactory
from tests.forums.helpers import topic_in
from tests.matching.factories import cohort_with_people
from tests.notifications.helpers import inbox_of
from tests.programmes import factories as pf


@pytest.fixture
def published(db, programme_manager, mailoutbox, django_capture_on_commit_callbacks):
    """A published match run: one mentee, one mentor, a match waiting for both answers."""
    cohort, (mentee,), (mentor,) = cohort_with_people(mentees=1, mentors=1)
    run = matching.run_matching(cohort, programme_manager)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        matching.publish_run(run, programme_manager)
    return Match.objects.get(run=run), mentee, mentor.user


def test_a_published_match_is_told_to_both_sides_by_inbox_and_email(published, mailoutbox):
    _match, mentee, mentor = published
    (to_mentee,) = inbox_of(mentee, kinds.MATCH_PROPOSED.key)
    (to_mentor,) = inbox_of(mentor, kinds.MATCH_PROPOSED.key)
    assert to_mentee.title == f"{mentor} is proposed as your mentor"
    assert to_mentor.title == f"{mentee} is proposed as your mentee"
    assert to_mentee.url == to_mentor.url == "/matches/"
    assert sorted(m.to[0] for m in mailoutbox) == sorted([mentee.email, mentor.email])


def test_the_manager_who_started_a_run_hears_when_it_is_ready(db, programme_manager):
    cohort, _mentees, _mentors = cohort_with_people(mentees=2, mentors=1)
    run = matching.run_matching(cohort, programme_manager)
    (ready,) = inbox_of(programme_manager, kinds.MATCH_RUN_READY.key)
    assert ready.title == f"Matching for {cohort} is ready for review"
    assert ready.url == f"/admin/matching/runs/{run.pk}/"


def test_the_other_side_hears_an_answer_and_the_engagement_start(
    published, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentee, mentor = published
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        matching.respond_to_match(match, mentee, accept=True)
    (heard,) = inbox_of(mentor, kinds.MATCH_ANSWERED.key)
    assert heard.title == f"{mentee} accepted the proposed match"
    assert not inbox_of(mentee, kinds.MATCH_ANSWERED.key)  # nobody is told what they did
    with django_capture_on_commit_callbacks(execute=True):
        matching.respond_to_match(match, mentor, accept=True)
    (started,) = inbox_of(mentee, kinds.MATCH_ANSWERED.key)
    assert started.title == f"{mentor} accepted: your mentoring with them starts"
    assert [m.to for m in mailoutbox] == [[mentor.email], [mentee.email]]


def test_a_decline_is_told_without_its_reason(published, django_capture_on_commit_callbacks):
    match, mentee, mentor = published
    with django_capture_on_commit_callbacks(execute=True):
        matching.respond_to_match(match, mentor, accept=False, reason="Our units clash badly")
    (heard,) = inbox_of(mentee, kinds.MATCH_ANSWERED.key)
    assert heard.title == f"{mentor} declined the proposed match"
    assert "clash" not in heard.body
    # ...and the mentee is back on the waiting list, first in line.
    (back,) = inbox_of(mentee, kinds.WAITING_LIST_CHANGED.key)
    assert back.title.startswith("Back on the waiting list, first in line")


def test_admission_and_waiting_list_changes_reach_the_applicant(
    db, programme_manager, mailoutbox, django_capture_on_commit_callbacks
):
    programme = pf.programme()
    cycle = pf.cycle(programme, seats=0)
    cohort = pf.cohort(cycle)
    applicant = pf.applicant()
    application = programmes.apply_to_programme(applicant, programme)
    assert application.status == Application.Status.WAITING
    assert not inbox_of(applicant)  # applying is their own doing
    cycle.seats = 1
    cycle.save()
    with django_capture_on_commit_callbacks(execute=True):
        programmes.admit_application(application, programme_manager, cohort, "A seat opened.")
    (admitted,) = inbox_of(applicant, kinds.ADMITTED.key)
    assert admitted.title == f"You are admitted to {programme.name}"
    assert "A seat opened." in admitted.body and admitted.url == "/programmes/applications/"
    assert [m.to for m in mailoutbox] == [[applicant.email]]  # admission: at once

    programmes.defer_application(application, programme_manager, "Your unit asks for spring.")
    (deferred,) = inbox_of(applicant, kinds.WAITING_LIST_CHANGED.key)
    assert deferred.title == f"Deferred to a later cycle: {programme.name}"
    assert "Your unit asks for spring." in deferred.body


def test_a_carried_over_applicant_hears_their_new_cycle_and_position(db, programme_manager):
    programme = pf.programme()
    first = pf.cycle(programme, seats=0)
    following = pf.cycle(programme, seats=0, starts_in=200)
    applicant = pf.applicant()
    programmes.apply_to_programme(applicant, programme)
    programmes.carry_over_waiting_list(first, programme_manager)
    (moved,) = inbox_of(applicant, kinds.WAITING_LIST_CHANGED.key)
    assert moved.title == f"Carried over to the {following.name} cycle: {programme.name}"
    assert "You are number 1" in moved.body


def test_a_post_awaiting_approval_reaches_that_forums_moderators_only(
    questions, mentor_forum, moderator, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    forum_services.assign_moderator(questions, moderator)
    elsewhere = UserFactory(roles=[Role.MODERATOR])
    forum_services.assign_moderator(mentor_forum, elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        topic_in(questions.forum, mentee, "First question", approved=False)
    (waiting,) = inbox_of(moderator, kinds.POST_AWAITING_APPROVAL.key)
    assert waiting.url == "/forum/moderation/queue/"
    assert "First question" in waiting.body
    assert not inbox_of(elsewhere)
    assert [m.to for m in mailoutbox] == [[moderator.email]]


def test_a_report_reaches_the_moderators_once(questions, moderator, mentee, mentor):
    forum_services.assign_moderator(questions, moderator)
    topic = topic_in(questions.forum, mentor, "Scaling feedback")
    post = topic.posts.get()
    forum_services.report_post(post, mentee, PostReport.Reason.choices[0][0])
    forum_services.report_post(post, mentee, PostReport.Reason.choices[0][0])  # a double click
    (reported,) = inbox_of(moderator, kinds.POST_REPORTED.key)
    assert "Scaling feedback" in reported.body


def test_a_page_sent_for_review_and_its_decisions_reach_reviewers_and_author(
    db, communications, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    from content.models import ArticlePage

    _index, section = build_library()
    page = add_item(section, ArticlePage, "Spring newsletter", publish=False)
    page.save_revision(user=communications)
    with django_capture_on_commit_callbacks(execute=True):
        state = page.get_workflow().start(page, communications)
    (asked,) = inbox_of(moderator, kinds.REVIEW_REQUESTED.key)
    assert asked.title == "“Spring newsletter” is sent for your review"
    assert asked.url == f"/admin/pages/{page.pk}/edit/"
    # Wagtail's own moderation email is not sent as well: one email per event.
    assert [m.to for m in mailoutbox] == [[moderator.email]]

    task_state = TaskState.objects.get(pk=state.current_task_state.pk)
    task_state.task.specific.on_action(task_state, moderator, "reject", comment="Add a date")
    (rejected,) = inbox_of(communications, kinds.REVIEW_DECIDED.key)
    assert rejected.title == "Changes are asked for “Spring newsletter”"
    assert "Add a date" in rejected.body

    page.save_revision(user=communications)
    state = WorkflowState.objects.get(pk=state.pk)
    state.resume(communications)
    task_state = WorkflowState.objects.get(pk=state.pk).current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    approved = inbox_of(communications, kinds.REVIEW_DECIDED.key)[-1]
    assert approved.title == "“Spring newsletter” is approved and published"


def test_a_role_request_is_told_to_the_managers_and_its_decision_to_the_person(
    db, programme_manager, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.people import services as people

    newcomer = UserFactory(first_name="Priya", last_name="Raman", roles=[])
    with django_capture_on_commit_callbacks(execute=True):
        request = people.request_role(newcomer, Role.MENTOR)
    (waiting,) = inbox_of(programme_manager, kinds.ROLE_REQUESTED.key)
    assert waiting.title == "Priya Raman asks to be a mentor"
    assert waiting.url == "/admin/people/role-requests/"
    assert not inbox_of(newcomer, kinds.ROLE_REQUESTED.key)  # the asker is not told of it

    with django_capture_on_commit_callbacks(execute=True):
        people.decline_role_request(request.pk, programme_manager, "Mentors join by invitation.")
    (decided,) = inbox_of(newcomer, kinds.ROLE_REQUEST_DECIDED.key)
    assert decided.title == "Your request to be a mentor was declined"
    assert "Mentors join by invitation." in decided.body
    assert newcomer.email in [m.to[0] for m in mailoutbox]


def test_an_approved_role_request_tells_the_person_their_new_role(db, programme_manager):
    from portal.people import services as people

    newcomer = UserFactory(roles=[])
    request = people.request_role(newcomer, Role.MENTEE)
    people.approve_role_request(request.pk, programme_manager)
    (decided,) = inbox_of(newcomer, kinds.ROLE_REQUEST_DECIDED.key)
    assert decided.title == "You are now a mentee"


def test_a_mentor_hears_when_onboarding_lists_them(db, programme_manager):
    from portal.people import services as people
    from tests.factories import MentorProfileFactory

    mentor = MentorProfileFactory(onboarding_completed_at=None)
    people.complete_onboarding(mentor.pk, programme_manager, "Onboarded in person at kickoff.")
    (done,) = inbox_of(mentor.user, kinds.ONBOARDING_DONE.key)
    assert done.title == "Your onboarding is complete: you are listed as a mentor"


def test_a_new_moderator_hears_which_community_they_moderate(db, moderator):
    from forums.models import Community

    superuser = UserFactory(is_superuser=True, is_staff=True)
    community = forum_services.ensure_standard_communities()[0]
    forum_services.set_moderators(community.pk, superuser, [moderator.pk])
    (told,) = inbox_of(moderator, kinds.MODERATOR_ASSIGNED.key)
    assert told.title == f"You now moderate {community.forum.name}"
    assert Community.objects.get(pk=community.pk).moderators.filter(pk=moderator.pk).exists()
