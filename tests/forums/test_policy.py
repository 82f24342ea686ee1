"""The access rule itself, without a database."""

from forums.policy import MEMBER, MODERATOR, TRUSTED, CommunityRef, Facts, permissions

QA = CommunityRef(1, "questions")
MENTORS = CommunityRef(2, "mentors")
ALUMNI = CommunityRef(3, "alumni")
COHORT = CommunityRef(4, "cohort", cohort_id=40)


def facts(**kwargs):
    return Facts(active=True, roles=frozenset(kwargs.pop("roles", ())), **kwargs)


def test_every_member_takes_part_in_questions_and_answers():
    assert permissions(QA, facts(roles={"Mentee"})) == MEMBER


def test_only_mentors_and_external_experts_are_in_the_mentor_community():
    assert permissions(MENTORS, facts(roles={"Mentee"})) == frozenset()
    assert permissions(MENTORS, facts(roles={"Mentor"})) == MEMBER
    assert permissions(MENTORS, facts(roles={"External expert"})) == MEMBER


def test_cohort_forum_is_for_its_members_and_the_programmes_managers_who_moderate_it():
    assert permissions(COHORT, facts(roles={"Mentee"}, cohort_ids=frozenset({40}))) == MEMBER
    assert permissions(COHORT, facts(roles={"Mentee"}, cohort_ids=frozenset({41}))) == frozenset()
    manager = facts(roles={"Programme manager"}, managed_cohort_ids=frozenset({40}))
    assert permissions(COHORT, manager) == MODERATOR
    other = facts(roles={"Programme manager"}, managed_cohort_ids=frozenset({41}))
    assert permissions(COHORT, other) == frozenset()


def test_a_manager_who_lost_the_role_no_longer_reads_the_cohort_forum():
    former = facts(roles={"Mentor"}, managed_cohort_ids=frozenset({40}))
    assert permissions(COHORT, former) == frozenset()


def test_alumni_network_needs_a_completed_engagement():
    assert permissions(ALUMNI, facts(roles={"Mentee"})) == frozenset()
    assert permissions(ALUMNI, facts(roles={"Mentee"}, alumnus=True)) == MEMBER


def test_moderators_are_scoped_to_the_forums_they_moderate():
    mod = facts(roles={"Moderator"}, moderated_forum_ids=frozenset({2}))
    assert permissions(MENTORS, mod) == MODERATOR
    assert "can_approve_posts" not in permissions(QA, mod)
    assert permissions(COHORT, mod) == frozenset()


def test_assignment_without_the_moderator_role_grants_nothing_extra():
    assert (
        permissions(MENTORS, facts(roles={"Mentor"}, moderated_forum_ids=frozenset({2}))) == MEMBER
    )


def test_trusted_members_post_without_approval():
    assert permissions(QA, facts(roles={"Mentee"}, trusted=lambda: True)) == MEMBER | TRUSTED


def test_inactive_people_and_unknown_forums_get_nothing():
    assert permissions(QA, Facts(active=False, roles=frozenset({"Mentee"}))) == frozenset()
    assert permissions(None, facts(roles={"Mentor"})) == frozenset()


def test_trust_is_counted_only_when_the_question_depends_on_it():
    counted = []

    def trusted():
        counted.append(True)
        return True

    reader = facts(roles={"Mentee"}, trusted=trusted)
    assert "can_read_forum" in permissions(QA, reader, frozenset({"can_read_forum"}))
    assert counted == []
    asked = frozenset({"can_post_without_approval"})
    assert "can_post_without_approval" in permissions(QA, reader, asked)
    assert counted == [True]
