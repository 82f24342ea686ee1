"""A result appears only if the reader may open it: never in the hits, the count or a facet.

One test per kind of restricted item, each with a reader who may and a reader who may not."""

from datetime import date, timedelta

import pytest

from content.models import Audience
from portal.programmes.models import CohortMembership
from search.service import search_for
from tests.content.factories import add_item
from tests.factories import MentorProfileFactory, UserFactory
from tests.forums.helpers import topic_in
from tests.programmes import factories as pf


def found(user, text, **filters):
    results = search_for(user, text, filters).results
    return results


def everything_about(results) -> str:
    """Titles, snippets and facet values: wherever a leak could show."""
    parts = [hit.title + hit.snippet + hit.url for hit in results.hits]
    for values in results.facets.values():
        parts.extend(value for value, _ in values)
    return " ".join(parts)


def test_a_page_for_mentors_only_is_found_by_mentors_not_by_mentees(index, library, mentee, mentor):
    _, section = library
    add_item(section, title="Quarterly calibration for mentors", audience=Audience.MENTORS)
    add_item(section, title="Quarterly calibration for everyone", competencies=["financial-acumen"])
    index()
    seen_by_mentee = found(mentee, "calibration")
    assert [hit.title for hit in seen_by_mentee.hits] == ["Quarterly calibration for everyone"]
    assert seen_by_mentee.total == 1
    assert seen_by_mentee.facets["type"] == [("Case study", 1)]
    assert "for mentors" not in everything_about(seen_by_mentee)
    assert found(mentor, "calibration").total == 2


def test_a_page_for_one_cohort_is_found_by_its_members_only(index, library, mentee):
    _, section = library
    cohort = pf.cohort(pf.cycle(pf.programme()), name="Finance leaders")
    add_item(
        section,
        title="Cohort charter for finance leaders",
        audience=Audience.COHORT,
        audience_cohort=cohort,
        competencies=["risk-and-governance"],
    )
    index()
    outsider = found(mentee, "charter")
    assert outsider.total == 0 and outsider.hits == []
    assert outsider.facets["competency"] == []
    CohortMembership.objects.create(cohort=cohort, user=mentee)
    member = found(mentee, "charter")
    assert member.total == 1
    assert member.facets["competency"] == [("Risk and governance", 1)]


def test_a_draft_page_is_never_found_until_it_is_published(index, library, mentee, indexed):
    _, section = library
    draft = add_item(section, title="Succession planning primer", publish=False)
    index()
    assert found(mentee, "succession").total == 0
    with indexed():
        draft.save_revision().publish()
    assert [hit.title for hit in found(mentee, "succession").hits] == ["Succession planning primer"]


def test_a_private_cohort_post_is_found_by_members_not_by_others(index, mentee, questions):
    cohort = pf.cohort(pf.cycle(pf.programme()), name="Operations")
    member = UserFactory(first_name="Lena", last_name="Voss")
    CohortMembership.objects.create(cohort=cohort, user=member)
    topic_in(cohort.community, member, "Our plant consolidation worries", posts=2)
    topic_in(questions, member, "Plant tours for new directors")
    index()
    outsider = found(mentee, "plant")
    assert [hit.title for hit in outsider.hits] == ["Plant tours for new directors"]
    assert outsider.total == 1
    assert outsider.facets["community"] == [("Questions & answers", 1)]
    assert "consolidation" not in everything_about(outsider)
    assert cohort.community.forum.name not in everything_about(outsider)
    inside = found(member, "plant")
    assert inside.total == 2  # discussions: the cohort's (two posts) and the open one
    assert dict(inside.facets["community"]) == {
        cohort.community.forum.name: 1,
        "Questions & answers": 1,
    }


def test_leaving_a_cohort_takes_its_posts_out_of_the_results(index, mentee):
    cohort = pf.cohort(pf.cycle(pf.programme()))
    membership = CohortMembership.objects.create(cohort=cohort, user=mentee)
    topic_in(cohort.community, mentee, "Budget season survival")
    index()
    assert found(mentee, "budget").total == 1
    membership.delete()
    assert found(mentee, "budget").total == 0


def test_an_unapproved_post_is_found_by_nobody_until_approved(
    index, mentee, moderator, questions, indexed
):
    topic = topic_in(questions, mentee, "Mentoring across time zones", approved=False)
    index()
    assert found(mentee, "zones").total == 0
    assert found(moderator, "zones").total == 0
    with indexed():
        topic.approved = True
        topic.save()
        for post in topic.posts.all():
            post.approved = True
            post.save()
    assert found(mentee, "zones").total == 1


def test_an_unlisted_mentor_is_never_found_and_a_listed_one_is(index, mentee):
    listed = MentorProfileFactory(user__first_name="Ingrid", user__last_name="Okonkwo")
    unvetted = MentorProfileFactory(
        user__first_name="Ingmar",
        user__last_name="Okafor",
        kind="external",
        vetting_status="pending",
    )
    index()
    result = found(mentee, "strategic")
    assert [hit.key for hit in result.hits] == [f"mentor:{listed.pk}"]
    assert result.facets["type"] == [("Mentor", 1)]
    assert "Ingmar" not in everything_about(result)
    unvetted.vetting_status = "approved"
    unvetted.vetting_expires_on = date.today() + timedelta(days=30)
    unvetted.save()
    index()
    assert found(mentee, "strategic").total == 2


def test_a_listed_mentor_taken_off_the_catalog_leaves_the_results_at_once(index, mentee):
    mentor_profile = MentorProfileFactory(user__first_name="Ruth", user__last_name="Adeyemi")
    index()
    assert found(mentee, "Adeyemi").total == 1
    # No index update ran: the reader's scope alone keeps the unlisted mentor out.
    type(mentor_profile).objects.filter(pk=mentor_profile.pk).update(onboarding_completed_at=None)
    assert found(mentee, "Adeyemi").total == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, index):
    response = client.get("/search/", {"q": "anything"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("facet", ["type", "community", "competency"])
def test_a_facet_value_from_a_forbidden_item_does_not_widen_results(
    index, library, mentee, mentor, facet
):
    _, section = library
    add_item(
        section,
        title="Board pack review",
        audience=Audience.MENTORS,
        competencies=["risk-and-governance"],
    )
    index()
    value = {
        "type": "Case study",
        "community": "Mentor peer community",
        "competency": "Risk and governance",
    }
    result = found(mentee, "board", **{facet: value[facet]})
    assert result.total == 0 and result.hits == []


def test_did_you_mean_never_offers_a_word_only_found_in_what_the_reader_cannot_open(
    index, library, mentee, mentor
):
    _, section = library
    add_item(section, title="Confidential restructuring", audience=Audience.MENTORS)
    index()
    assert search_for(mentee, "restructurin", exact=True).results.suggestion == ""
    assert search_for(mentor, "restructurin", exact=True).results.suggestion == "restructuring"


def test_a_simulation_debrief_never_shows_in_snippets(index, library, mentee):
    from content.models import SimulationPage

    _, section = library
    add_item(
        section,
        SimulationPage,
        title="The plant closure",
        debrief="<p>Listen first: the unions knew.</p>",
    )
    index()
    assert found(mentee, "unions").total == 0
    snippet = found(mentee, "closure").hits[0].snippet
    assert "unions" not in snippet and "<p>" not in snippet
