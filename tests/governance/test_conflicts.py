"""The conflict-of-interest register and reporting lines as hard rules in matching."""

import re

from django.urls import reverse

from wagtail.models import ModelLogEntry

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.governance import services
from portal.governance.models import ConflictDeclaration
from portal.matching import engine
from portal.matching import services as matching
from portal.matching.models import ProposedPair
from portal.notifications.models import Notification
from portal.people import services as people_services
from portal.people.models import PersonLogEntry, Profile
from portal.people.roles import Role
from tests.factories import BusinessUnitFactory, UserFactory
from tests.matching.factories import cohort_with_people

DECLARED = "has a declared conflict of interest"
REPORTS = "reports to or manages the mentee (directly or one level removed)"


def csrf_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _reports(person, manager):
    Profile.objects.filter(user=person).update(reports_to=manager)


# --- the engine, without a database ---------------------------------------------------------


def _people(n_mentees, n_mentors, mentee_ids, mentor_ids, mentee_lines=None, mentor_lines=None):
    def block(n, k=1):
        return np.zeros((n, k), np.float32)

    mentees = engine.MenteeFeatures(
        gap=block(n_mentees),
        style_preference=block(n_mentees),
        formats=block(n_mentees),
        availability=block(n_mentees, engine.SLOTS_PER_DAY),
        languages=block(n_mentees),
        functions=block(n_mentees),
        industries=block(n_mentees),
        business_unit=np.full(n_mentees, -1),
        person=np.array(mentee_ids),
        line_managers=None if mentee_lines is None else np.array(mentee_lines).reshape(-1, 2),
    )
    mentors = engine.MentorFeatures(
        strength=block(n_mentors),
        style=block(n_mentors),
        formats=block(n_mentors),
        availability=block(n_mentors, engine.SLOTS_PER_DAY),
        languages=block(n_mentors),
        functions=block(n_mentors),
        industries=block(n_mentors),
        business_unit=np.full(n_mentors, -1),
        person=np.array(mentor_ids),
        capacity=np.ones(n_mentors, np.int64),
        matchable=np.ones(n_mentors, bool),
        line_managers=None if mentor_lines is None else np.array(mentor_lines).reshape(-1, 2),
    )
    return mentees, mentors


def test_a_direct_and_a_skip_level_report_are_never_paired_in_the_engine():
    # Mentee 1 reports to mentor 10, whose manager is mentor 11; mentor 12 reports to mentee 2;
    # mentor 13 reports to person 14, who reports to mentee 3; mentor 15 is in no line.
    mentees, mentors = _people(
        3,
        5,
        [1, 2, 3],
        [10, 11, 12, 13, 15],
        mentee_lines=[[10, 11], [-1, -1], [-1, -1]],
        mentor_lines=[[11, -1], [-1, -1], [2, -1], [14, 3], [-1, -1]],
    )
    flags = engine.rule_flags(mentees, mentors)
    line = (flags & engine.RULE_REPORTING_LINE) > 0
    assert line[0, 0] and line[0, 1]  # mentor manages the mentee, directly and one level up
    assert line[1, 2]  # the mentee manages the mentor directly
    assert line[2, 3]  # ... and one level removed
    assert not line[0, 4] and not line[1, 0] and not line[2, 2]
    assert engine.rule_labels(int(flags[0, 0])) == [REPORTS]


def test_the_time_zone_cap_forbids_pairs_further_apart():
    mentees, mentors = _people(1, 3, [1], [10, 11, 12])
    # Auckland (+12) and Samoa's neighbour at -11 are one hour apart round the back of the clock.
    mentees = engine.MenteeFeatures(**{**mentees.__dict__, "utc_offset": np.array([12.0])})
    mentors = engine.MentorFeatures(
        **{**mentors.__dict__, "utc_offset": np.array([7.0, 0.0, -11.0], np.float32)}
    )
    flags = engine.rule_flags(mentees, mentors, max_hours_apart=5)
    assert [bool(f & engine.RULE_TIME_ZONE) for f in flags[0]] == [False, True, False]
    assert engine.rule_flags(mentees, mentors)[0].tolist() == [0, 0, 0]  # no cap, no rule
    assert engine.rule_labels(engine.RULE_TIME_ZONE, 5) == [
        "is more than 5 hours from the mentee's time zone"
    ]


@given(st.integers(1, 3), st.booleans(), st.integers(1, 99))
def test_a_reporting_line_forbids_the_pair_whoever_is_the_mentee(distance, mentee_manages, other):
    """A manager one or two levels up is forbidden either way round; three levels up is not."""
    below, above = 100, 200
    line = [[above if distance == 1 else other, above if distance == 2 else other]]
    if mentee_manages:
        mentees, mentors = _people(1, 1, [above], [below], mentor_lines=line)
    else:
        mentees, mentors = _people(1, 1, [below], [above], mentee_lines=line)
    flagged = bool(engine.rule_flags(mentees, mentors)[0, 0] & engine.RULE_REPORTING_LINE)
    assert flagged == (distance <= 2)


# --- declaring --------------------------------------------------------------------------------


def test_declaring_a_conflict_with_oneself_gets_a_clear_message_and_saves_nothing(client, mentor):
    client.force_login(mentor)
    page = client.get(reverse("governance:conflicts"))
    response = client.post(
        reverse("governance:conflicts"),
        {
            "csrfmiddlewaretoken": csrf_from(page.content.decode()),
            "email": mentor.email.upper(),
            "kind": "family",
            "description": "Testing the form",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You cannot declare a conflict of interest with yourself." in html
    assert "Testing the form" in html  # what was typed is still there
    assert not ConflictDeclaration.objects.exists()
    with pytest.raises(services.GovernanceError, match="yourself"):
        services.declare_conflict(mentor, "family", other_person=mentor)
    assert not ConflictDeclaration.objects.exists()


def test_an_unknown_address_or_both_targets_are_refused_on_the_field(client, mentor):
    client.force_login(mentor)
    url = reverse("governance:conflicts")
    token = csrf_from(client.get(url).content.decode())
    unit = BusinessUnitFactory()
    unknown = client.post(url, {"csrfmiddlewaretoken": token, "email": "x@nowhere.example",
                                "kind": "other"})  # fmt: skip
    assert "Nobody in Lodestar signs in with that address" in unknown.content.decode()
    other = UserFactory(roles=[Role.MENTEE])
    both = client.post(url, {"csrfmiddlewaretoken": token, "email": other.email,
                             "business_unit": unit.pk, "kind": "other"})  # fmt: skip
    assert "Name one person or one business unit, not both." in both.content.decode()
    assert not ConflictDeclaration.objects.exists()


def test_a_participant_declares_and_sees_only_their_own(client, mentor, mentee):
    client.force_login(mentor)
    url = reverse("governance:conflicts")
    token = csrf_from(client.get(url).content.decode())
    response = client.post(
        url,
        {"csrfmiddlewaretoken": token, "email": mentee.email, "kind": "family",
         "description": "My cousin"},
    )  # fmt: skip
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.declarer, declaration.other_person) == (mentor, mentee)
    assert declaration.status == ConflictDeclaration.Status.PENDING
    client.force_login(mentee)
    assert "My cousin" not in client.get(url).content.decode()


def test_the_database_refuses_a_declaration_naming_both_or_neither(mentor, mentee):
    from django.db import IntegrityError, transaction

    for fields in ({}, {"other_person": mentee, "business_unit": BusinessUnitFactory()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ConflictDeclaration.objects.create(declarer=mentor, kind="other", **fields)


def test_my_conflicts_page_reads_in_constant_queries(
    client, mentor, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(mentor)
    url = reverse("governance:conflicts")

    def declare(count):
        for _ in range(count):
            services.declare_conflict(mentor, "other", other_person=UserFactory())

    declare(1)
    client.get(url)
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    declare(5)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


# --- reviewing --------------------------------------------------------------------------------


@pytest.fixture
def scene(programme_manager):
    """A cohort of two mentees, two mentors with room for both, managed by Sofia."""
    cohort, mentees, mentors = cohort_with_people(
        mentees=2, mentors=2, capacity=2, managers=[programme_manager]
    )
    return cohort, mentees, mentors


def test_a_manager_accepts_and_the_next_run_never_pairs_them_and_says_why(
    client, programme_manager, scene
):
    cohort, (amara, _bruno), (daniel, _other) = scene
    declaration = services.declare_conflict(
        daniel.user, "family", other_person=amara, description="Amara is my niece"
    )
    client.force_login(programme_manager)
    queue = client.get(reverse("governance_conflicts"))
    assert "Amara is my niece" in queue.content.decode()
    response = client.post(
        reverse("governance_conflicts"),
        {"csrfmiddlewaretoken": csrf_from(queue.content.decode()),
         "declaration": declaration.pk, "decision": "accepted", "reason": ""},
    )  # fmt: skip
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == ConflictDeclaration.Status.ACCEPTED
    assert declaration.reviewed_by == programme_manager
    entry = ModelLogEntry.objects.get(action=services.CONFLICT_ACCEPTED)
    assert entry.user == programme_manager and "niece" not in str(entry.data)
    told = Notification.objects.get(recipient=daniel.user)
    assert "accepted" in told.title and told.url == reverse("governance:conflicts")

    for _ in range(3):
        run = matching.run_matching(cohort, programme_manager)
        assert not ProposedPair.objects.filter(run=run, mentee=amara, mentor=daniel).exists()
    pair = run.pairs.get(mentee=amara)
    assert pair.ruled_out == [f"{daniel.user} {DECLARED}"]
    page = client.get(reverse("matching_run", args=[run.pk])).content.decode()
    assert f"Never paired: {daniel.user} {DECLARED}." in page
    with pytest.raises(matching.MatchingError, match="cannot be overridden"):
        matching.override_pair(run, amara, daniel, programme_manager, "They asked for it")


def test_rejecting_needs_a_reason_and_noting_is_no_rule(client, programme_manager, scene):
    cohort, (amara, _bruno), (daniel, _other) = scene
    declaration = services.declare_conflict(daniel.user, "other", other_person=amara)
    client.force_login(programme_manager)
    queue = client.get(reverse("governance_conflicts")).content.decode()
    response = client.post(
        reverse("governance_conflicts"),
        {"csrfmiddlewaretoken": csrf_from(queue), "declaration": declaration.pk,
         "decision": "rejected", "reason": "  "},
    )  # fmt: skip
    assert response.status_code == 200
    assert services.REJECT_NEEDS_A_REASON in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.is_pending
    services.review_conflict(declaration.pk, programme_manager, "noted")
    with pytest.raises(services.GovernanceError, match="already reviewed"):
        services.review_conflict(declaration.pk, programme_manager, "accepted")
    flags = _flags_of(cohort)
    assert not flags & engine.RULE_CONFLICT


def _flags_of(cohort):
    from portal.matching import queries

    problem = queries.load_problem(cohort)
    return int(
        np.bitwise_or.reduce(
            engine.rule_flags(problem.mentee_features, problem.mentor_features, problem.pairs),
            axis=None,
        )
    )


def test_another_programmes_manager_cannot_see_or_review_it(programme_manager, scene):
    _cohort, (amara, _bruno), _mentors = scene
    stranger = UserFactory(roles=[Role.MENTEE])
    declaration = services.declare_conflict(amara, "family", other_person=stranger)
    elsewhere = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    with pytest.raises(ConflictDeclaration.DoesNotExist):
        services.review_conflict(declaration.pk, elsewhere, "accepted")
    services.review_conflict(declaration.pk, programme_manager, "accepted")


def test_a_business_unit_conflict_forbids_every_mentor_in_it(programme_manager, scene):
    cohort, (amara, bruno), (daniel, _other) = scene
    unit = daniel.user.profile.business_unit
    declaration = services.declare_conflict(amara, "commercial", business_unit=unit)
    services.review_conflict(declaration.pk, programme_manager, "accepted")
    run = matching.run_matching(cohort, programme_manager)
    assert not run.pairs.filter(mentee=amara, mentor=daniel).exists()
    assert run.pairs.filter(mentee=bruno).exists()


def test_the_queue_reads_in_constant_queries(
    client, programme_manager, scene, django_assert_max_num_queries, django_assert_num_queries
):
    _cohort, (amara, bruno), (daniel, other) = scene
    client.force_login(programme_manager)
    url = reverse("governance_conflicts")
    services.declare_conflict(daniel.user, "other", other_person=amara)
    client.get(url)
    with django_assert_max_num_queries(60) as first:
        client.get(url)
    for person in (bruno, other.user):
        unit = BusinessUnitFactory()
        declaration = services.declare_conflict(person, "other", business_unit=unit)
        services.review_conflict(declaration.pk, programme_manager, "noted")
    services.declare_conflict(bruno, "family", other_person=daniel.user)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_the_manager_sees_the_count_on_home_and_the_dashboard(client, programme_manager, scene):
    _cohort, (amara, _bruno), (daniel, _other) = scene
    services.declare_conflict(daniel.user, "other", other_person=amara)
    client.force_login(programme_manager)
    assert "1 conflict of interest to review" in client.get(reverse("home")).content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "conflict of interest to review" in dashboard


# --- reporting lines --------------------------------------------------------------------------


def test_a_direct_and_a_skip_level_report_are_never_paired(programme_manager):
    """Both directions: the mentor manages the mentee, and the mentee manages the mentor."""
    cohort, (amara, bruno, chen), mentors = cohort_with_people(
        mentees=3, mentors=4, capacity=3, managers=[programme_manager]
    )
    boss, skip, report, far_report = (m.user for m in mentors)
    middle, other_middle = UserFactory(), UserFactory()
    Profile.objects.create(user=middle, reports_to=skip)
    Profile.objects.create(user=other_middle, reports_to=chen)
    _reports(amara, boss)  # the mentor manages the mentee directly
    _reports(bruno, middle)  # ... one level removed (bruno -> middle -> skip)
    _reports(report, chen)  # the mentee manages the mentor directly
    _reports(far_report, other_middle)  # ... one level removed (far_report -> other -> chen)
    for _ in range(2):
        run = matching.run_matching(cohort, programme_manager)
        pairs = {(p.mentee_id, p.mentor.user_id) for p in run.pairs.select_related("mentor")}
        assert (amara.pk, boss.pk) not in pairs
        assert (bruno.pk, skip.pk) not in pairs
        assert (chen.pk, report.pk) not in pairs
        assert (chen.pk, far_report.pk) not in pairs
    chen_pair = run.pairs.get(mentee=chen)
    assert f"{report} {REPORTS}" in chen_pair.ruled_out
    assert f"{far_report} {REPORTS}" in chen_pair.ruled_out
    assert run.pairs.get(mentee=bruno).ruled_out == [f"{skip} {REPORTS}"]


def test_a_manager_sets_a_reporting_line_with_a_reason_and_loops_are_refused(
    client, programme_manager, mentor, mentee
):
    Profile.objects.create(user=mentee)
    Profile.objects.create(user=mentor)
    client.force_login(programme_manager)
    url = reverse("people_reports_to", args=[mentee.pk])
    page = client.get(reverse("people_person", args=[mentee.pk])).content.decode()
    token = csrf_from(page)
    response = client.post(url, {"csrfmiddlewaretoken": token, "manager_email": mentor.email,
                                 "reason": "From the org chart"})  # fmt: skip
    assert response.status_code == 302
    assert Profile.objects.get(user=mentee).reports_to == mentor
    entry = PersonLogEntry.objects.get(action=people_services.REPORTS_TO_CHANGED)
    assert entry.data["reason"] == "From the org chart" and entry.user == programme_manager

    loop = client.post(
        reverse("people_reports_to", args=[mentor.pk]),
        {"csrfmiddlewaretoken": token, "manager_email": mentee.email, "reason": "Reorg"},
    )
    html = loop.content.decode()
    assert loop.status_code == 200
    assert "that would make a loop" in html
    assert mentee.email in html  # what was typed stays
    assert Profile.objects.get(user=mentor).reports_to is None
    with pytest.raises(people_services.MembershipError, match="themselves"):
        people_services.set_reports_to(mentee, mentee, programme_manager, "Oops")


def test_a_declarer_withdraws_an_accepted_conflict_and_the_next_run_may_pair_them(
    client, programme_manager, scene
):
    cohort, (amara, _bruno), (daniel, _other) = scene
    declaration = services.declare_conflict(daniel.user, "family", other_person=amara)
    services.review_conflict(declaration.pk, programme_manager, "accepted")
    assert _flags_of(cohort) & engine.RULE_CONFLICT

    # Someone else's declaration is not theirs to withdraw.
    client.force_login(amara)
    page = client.get(reverse("governance:conflicts")).content.decode()
    url = reverse("governance:withdraw_conflict", args=[declaration.pk])
    assert client.post(url, {"csrfmiddlewaretoken": csrf_from(page)}).status_code == 404

    client.force_login(daniel.user)
    page = client.get(reverse("governance:conflicts")).content.decode()
    assert f'action="{url}"' in page
    response = client.post(url, {"csrfmiddlewaretoken": csrf_from(page)}, follow=True)
    assert "is withdrawn; matching no longer applies it" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == ConflictDeclaration.Status.WITHDRAWN
    assert not _flags_of(cohort) & engine.RULE_CONFLICT
    entry = ModelLogEntry.objects.get(action=services.CONFLICT_WITHDRAWN)
    assert entry.user == daniel.user and entry.data["was"] == "accepted"

    again = client.post(url, {"csrfmiddlewaretoken": csrf_from(page)}, follow=True)
    assert "there is nothing to withdraw" in again.content.decode()
    # Withdrawn, it can be declared again later.
    services.declare_conflict(daniel.user, "family", other_person=amara)
