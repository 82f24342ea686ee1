"""The matching workflow: run, review, override, publish, answer; and the bad cases."""

from django.core.exceptions import PermissionDenied

import pytest

from portal.matching import services
from portal.matching.models import Match, MatchEvent, MatchRun
from portal.programmes.models import Application, ApplicationEvent, Engagement
from tests.matching.factories import cohort_with_people
from tests.programmes import factories as pf


@pytest.fixture
def cohort(db):
    return cohort_with_people(mentees=3, mentors=1, capacity=2)


def test_run_proposes_pairs_within_capacity_with_explanations(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    run = services.run_matching(cohort, programme_manager)
    assert run.status == MatchRun.Status.DONE and run.progress == 100
    assert run.matched_count == 2 and run.mentee_count == 3
    for pair in run.pairs.all():
        assert pair.mentor == mentor
        assert sum(pair.explanation.values()) == pytest.approx(pair.score)
    (left_out,) = run.unmatched.all()
    assert left_out.reason.startswith("Shortage")
    assert run.settings["weights"]["gap_coverage"] == 5.0
    assert MatchEvent.objects.filter(run=run, action="ran", actor=programme_manager).exists()


def test_capacity_counts_engagements_in_other_programmes(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    other = pf.programme()
    Engagement.objects.create(mentee=pf.applicant(), mentor=mentor, programme=other)
    run = services.run_matching(cohort, programme_manager)
    assert run.matched_count == 1


def test_all_zero_weights_are_refused(cohort, programme_manager):
    cohort, *_ = cohort
    with pytest.raises(services.MatchingError, match="Every weight is 0"):
        services.run_matching(cohort, programme_manager, weights=dict.fromkeys(["gap_coverage"], 0))
    assert not MatchRun.objects.exists()


def test_cohort_without_eligible_mentors_is_refused(db, programme_manager):
    cohort, _, (mentor,) = cohort_with_people(mentees=1, mentors=1)
    mentor.onboarding_completed_at = None
    mentor.save()
    with pytest.raises(services.MatchingError, match="No mentor is eligible"):
        services.run_matching(cohort, programme_manager)


def test_all_pairs_forbidden_leaves_everyone_unmatched_with_the_rule(db, programme_manager):
    cohort, mentees, (mentor,) = cohort_with_people(mentees=2, mentors=1)
    for person in mentees:
        person.profile.business_unit = mentor.user.profile.business_unit
        person.profile.save()
    run = services.run_matching(cohort, programme_manager)
    assert run.matched_count == 0
    assert run.message == services.NOTHING_ALLOWED
    assert all("own business unit" in u.reason for u in run.unmatched.all())
    with pytest.raises(services.MatchingError, match="nothing to publish"):
        services.publish_run(run, programme_manager)
    assert not Match.objects.exists()
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.DONE


def test_override_breaking_a_rule_needs_a_reason_and_is_recorded(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    run = services.run_matching(cohort, programme_manager)
    left_out = run.unmatched.get().mentee
    with pytest.raises(services.MatchingError, match="has no free place"):
        services.override_pair(run, left_out, mentor, programme_manager)
    pair = services.override_pair(run, left_out, mentor, programme_manager, "Asked for by HR")
    assert pair.overridden and pair.locked and pair.override_reason == "Asked for by HR"
    assert pair.broken_rules == ["has no free place"]
    assert not run.unmatched.filter(mentee=left_out).exists()
    event = MatchEvent.objects.get(run=run, action="overridden")
    assert event.actor == programme_manager and event.reason == "Asked for by HR"


def test_publish_then_both_accept_starts_an_engagement(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    run = services.run_matching(cohort, programme_manager)
    assert services.publish_run(run, programme_manager) == 2
    match = Match.objects.first()
    services.respond_to_match(match, match.mentee, accept=True)
    assert not Engagement.objects.exists()
    match = services.respond_to_match(match, mentor.user, accept=True)
    assert match.status == Match.Status.ACCEPTED
    assert match.engagement.status == Engagement.Status.ACTIVE
    assert match.engagement.programme == cohort.cycle.programme


def test_unmatched_go_back_to_the_top_of_the_waiting_list_on_publish(cohort, programme_manager):
    cohort, _mentees, _ = cohort
    run = services.run_matching(cohort, programme_manager)
    left_out = run.unmatched.get().mentee
    services.publish_run(run, programme_manager)
    application = Application.objects.get(applicant=left_out)
    assert application.status == Application.Status.WAITING and application.carried_over
    assert ApplicationEvent.objects.filter(application=application, action="waitlisted").exists()


def test_decline_needs_a_reason_and_puts_the_mentee_first_in_line(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    services.publish_run(services.run_matching(cohort, programme_manager), programme_manager)
    match = Match.objects.first()
    with pytest.raises(services.MatchingError, match="why you decline"):
        services.respond_to_match(match, match.mentee, accept=False)
    services.respond_to_match(match, mentor.user, accept=False, reason="Too far apart")
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    application = Application.objects.get(applicant=match.mentee)
    assert application.carried_over and application.status == Application.Status.WAITING
    # The next run includes them again, but never with the mentor who declined.
    next_run = services.run_matching(cohort, programme_manager)
    assert not next_run.pairs.filter(mentee=match.mentee, mentor=mentor).exists()


def test_nobody_else_can_answer_a_match(cohort, programme_manager, mentee):
    cohort, *_ = cohort
    services.publish_run(services.run_matching(cohort, programme_manager), programme_manager)
    with pytest.raises(PermissionDenied):
        services.respond_to_match(Match.objects.first(), mentee, accept=True)


def test_second_publish_gets_a_clear_message_and_changes_nothing(cohort, programme_manager):
    cohort, *_ = cohort
    run = services.run_matching(cohort, programme_manager)
    stale_copy = MatchRun.objects.get(pk=run.pk)
    services.publish_run(run, programme_manager)
    with pytest.raises(services.MatchingError, match="already published"):
        services.publish_run(stale_copy, programme_manager)
    assert Match.objects.count() == 2


def test_compare_runs_lists_changes_first(cohort, programme_manager):
    cohort, *_ = cohort
    a = services.run_matching(cohort, programme_manager)
    b = services.run_matching(cohort, programme_manager, weights={"availability": 1.0})
    comparison = services.compare_runs(a, b)
    assert len(comparison.rows) == 3
    assert [row.changed for row in comparison.rows] == sorted(
        (row.changed for row in comparison.rows), reverse=True
    )


def test_locked_pairs_are_kept_by_the_next_run(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    run = services.run_matching(cohort, programme_manager)
    left_out = run.unmatched.get().mentee
    pair = services.override_pair(run, left_out, mentor, programme_manager, "Keep")
    assert pair.locked
    again = services.run_matching(cohort, programme_manager)
    assert again.pairs.filter(mentee=left_out, mentor=mentor, locked=True).exists()


def test_a_mentees_preferred_style_counts_in_the_score(cohort, programme_manager):
    from portal.people.models import Intake

    cohort, mentees, (mentor,) = cohort
    mentor.leadership_style = "coaching"
    mentor.save()
    Intake.objects.filter(user=mentees[0]).update(preferred_styles=["coaching"])
    Intake.objects.filter(user__in=mentees[1:]).update(preferred_styles=["challenger"])
    run = services.run_matching(cohort, programme_manager)
    by_mentee = {pair.mentee_id: pair for pair in run.pairs.all()}
    assert by_mentee[mentees[0].pk].explanation["style_fit"] > 0
    assert all(
        pair.explanation.get("style_fit", 0) == 0
        for mentee_id, pair in by_mentee.items()
        if mentee_id != mentees[0].pk
    )


def test_accepting_when_the_mentor_filled_up_elsewhere_starts_nothing(cohort, programme_manager):
    cohort, _mentees, (mentor,) = cohort
    services.publish_run(services.run_matching(cohort, programme_manager), programme_manager)
    match = Match.objects.first()
    for _ in range(mentor.capacity):
        Engagement.objects.create(mentee=pf.applicant(), mentor=mentor, programme=pf.programme())
    services.respond_to_match(match, match.mentee, accept=True)

    with pytest.raises(services.MatchingError, match="no free place any more"):
        services.respond_to_match(match, mentor.user, accept=True)

    match.refresh_from_db()
    assert match.status == Match.Status.PENDING and match.engagement is None
    assert not Engagement.objects.filter(mentee=match.mentee).exists()


def test_saved_weights_are_what_the_next_run_uses(cohort, programme_manager):
    cohort, *_ = cohort
    weights = {"gap_coverage": 2.0, "availability": 3.0}
    services.save_weights(cohort.cycle.programme, weights, True, programme_manager)

    run = services.run_matching(cohort, programme_manager)

    assert run.settings["weights"]["gap_coverage"] == 2.0
    assert run.settings["weights"]["style_fit"] == 0.0
    assert run.settings["maximize_matched"] is True


def test_saving_all_zero_weights_is_refused(cohort, programme_manager):
    cohort, *_ = cohort
    with pytest.raises(services.MatchingError, match="Every weight is 0"):
        services.save_weights(cohort.cycle.programme, {}, False, programme_manager)
    assert services.weights_for(cohort.cycle.programme).gap_coverage > 0
