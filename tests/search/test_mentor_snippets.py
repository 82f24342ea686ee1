"""A mentor's result reads as a line about them, not their profile's fields run together: role
and unit, then strengths, then any matched words from the rest; all of it escaped."""

import re

from django.urls import reverse
from django.utils.html import strip_tags

import pytest

from search.service import search_for
from tests.factories import BusinessUnitFactory, MentorProfileFactory, ProfileFactory


@pytest.fixture
def hana(index):
    mentor = MentorProfileFactory(
        user__first_name="Hana",
        user__last_name="Sato",
        functions=["finance", "operations"],
        industries=["Manufacturing"],
        bio="I coach leaders in regulated industries.",
        outcomes="A plan for your first board meeting.",
        strengths={"stakeholder-influence": 5, "financial-acumen": 4},
    )
    ProfileFactory(
        user=mentor.user,
        job_title="Head of Finance",
        business_unit=BusinessUnitFactory(name="Industrial Solutions"),
    )
    index()
    return mentor


def snippet(user, text) -> str:
    (hit,) = search_for(user, text).results.hits
    return hit.snippet


def test_a_mentor_snippet_starts_with_role_unit_and_strengths(mentee, hana):
    html = snippet(mentee, "stakeholder")
    assert strip_tags(html) == (
        "Head of Finance · Industrial Solutions — Strengths: Stakeholder influence, "
        "Financial acumen"
    )
    assert re.search(r"<mark[^>]*>Stakeholder</mark>", html)


def test_matched_words_from_the_profile_follow_with_their_labels(mentee, hana):
    text = strip_tags(snippet(mentee, "manufacturing"))
    assert text.startswith("Head of Finance · Industrial Solutions — Strengths:")
    assert "Industries: Manufacturing" in text
    assert "Functions: Finance, Operations & supply chain" in strip_tags(
        snippet(mentee, "finance")
    ).replace("&amp;", "&")


def test_an_external_experts_line_names_their_own_firm(mentee, index):
    expert = MentorProfileFactory(
        kind="external",
        vetting_status="approved",
        bio="Negotiation coach.",
        strengths={"negotiation": 5},
    )
    ProfileFactory(
        user=expert.user, job_title="Partner", organisation="Raman Advisory", business_unit=None
    )
    index()
    assert strip_tags(snippet(mentee, "advisory")).startswith(
        "Partner · Raman Advisory — Strengths: Negotiation"
    )


def test_a_mentors_own_markup_is_shown_as_text(client, mentee, index):
    mentor = MentorProfileFactory(
        bio='<img src=x onerror="alert(1)"> Stakeholder work.',
        strengths={"stakeholder-influence": 5},
    )
    ProfileFactory(user=mentor.user, job_title="<b>Chief</b> & Co", business_unit=None)
    index()
    client.force_login(mentee)
    typed = client.get(reverse("search:results"), {"q": "<b>x</b> stakeholder"}).content.decode()
    assert "<b>x</b>" not in typed
    page = client.get(reverse("search:results"), {"q": "stakeholder"}).content.decode()
    hit = page.split('class="search-hit__snippet">', 1)[1].split("</p>", 1)[0]
    assert set(re.findall(r"</?([a-z]+)", hit)) == {"mark"}
    assert "&lt;b&gt;Chief&lt;/b&gt; &amp; Co" in hit
    assert "onerror=" in hit and "<img" not in hit  # (a fragment starts at a word)


def test_a_renamed_unit_is_in_its_mentors_line_at_once(mentee, hana, indexed):
    unit = hana.user.profile.business_unit
    with indexed():
        unit.name = "Industrial Systems"
        unit.save()
    assert strip_tags(snippet(mentee, "stakeholder")).startswith(
        "Head of Finance · Industrial Systems — Strengths:"
    )
