"""The mentee intake: five steps, saved at each one, resumable, and only ever one's own."""

from django.urls import reverse

import pytest

from portal.people.intake.services import intake_task
from portal.people.models import (
    Competency,
    DemographicRecord,
    Format,
    Intake,
    Language,
    LearningGoal,
    Profile,
)
from portal.people.roles import Role
from tests.factories import BusinessUnitFactory, ProfileFactory, UserFactory, goal


def step_url(name: str) -> str:
    return reverse("intake:step", args=[name])


@pytest.fixture
def unit(db):
    return BusinessUnitFactory(name="Industrial Solutions", code="industrial")


def career_data(unit, **overrides) -> dict:
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "job_title": "Director of Insight",
        "function": "strategy",
        "business_unit": unit.pk,
        "level": 2,
        "tenure_years": 7,
        "location": "Lagos, Nigeria",
        "time_zone": "Africa/Lagos",
        "languages": [Language.objects.get(code="en").pk, Language.objects.get(code="fr").pk],
        "then": "continue",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def goals_data(rows: list[tuple[str, int, int]], aims: str = "Lead a turnaround.", **extra) -> dict:
    """A goals formset POST: `rows` are (competency slug or id, current, target)."""
    data = {
        "goals-TOTAL_FORMS": "5",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "5",
        "aims": aims,
        "then": "continue",
    }
    for index, (competency, current, target) in enumerate(rows):
        pk = (
            competency
            if isinstance(competency, int)
            else Competency.objects.get(slug=competency).pk
        )
        data[f"goals-{index}-competency"] = str(pk)
        data[f"goals-{index}-current_level"] = str(current)
        data[f"goals-{index}-target_level"] = str(target)
    data.update(extra)
    return data


def preferences_data(**overrides) -> dict:
    data = {
        "formats": [Format.objects.get(code="one_on_one").pk, Format.objects.get(code="group").pk],
        "availability": ["morning", "evening"],
        "hours_per_month": "4",
        "then": "continue",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def demographics_data(consent: bool, **overrides) -> dict:
    data = {
        "gender": "self_described",
        "gender_self_description": "Genderqueer poet",
        "age_band": "45_54",
        "then": "continue",
    }
    if consent:
        data["consent"] = "on"
    data.update(overrides)
    return data


GOOD_GOALS = [("strategic-thinking", 2, 4), ("executive-presence", 1, 3)]


def complete_until(client, unit, step: str) -> None:
    """Save every step before `step`, as the person would."""
    posts = {
        "career": lambda: career_data(unit),
        "goals": lambda: goals_data(GOOD_GOALS),
        "preferences": preferences_data,
        "demographics": lambda: demographics_data(consent=False),
    }
    for name, data in posts.items():
        if name == step:
            return
        response = client.post(step_url(name), data())
        assert response.status_code == 302, response.content.decode()[:2000]


# --- the journey ----------------------------------------------------------------------------------


def test_a_mentee_completes_every_step_and_submits(client, mentee, unit):
    client.force_login(mentee)
    assert client.get(reverse("intake:start"))["Location"] == step_url("career")

    response = client.post(step_url("career"), career_data(unit))
    assert response["Location"] == step_url("goals")
    profile = Profile.objects.get(user=mentee)
    assert (profile.job_title, profile.function, profile.level, profile.time_zone) == (
        "Director of Insight",
        "strategy",
        2,
        "Africa/Lagos",
    )
    assert {language.code for language in profile.languages.all()} == {"en", "fr"}

    response = client.post(step_url("goals"), goals_data(GOOD_GOALS, aims="Lead a turnaround."))
    assert response["Location"] == step_url("preferences")
    goals = LearningGoal.objects.filter(user=mentee).order_by("id")
    assert [(g.competency.slug, g.current_level, g.target_level) for g in goals] == [
        ("strategic-thinking", 2, 4),
        ("executive-presence", 1, 3),
    ]

    response = client.post(step_url("preferences"), preferences_data())
    assert response["Location"] == step_url("demographics")
    response = client.post(step_url("demographics"), demographics_data(consent=False))
    assert response["Location"] == step_url("review")

    intake = Intake.objects.get(user=mentee)
    assert intake.furthest_step == 5
    assert intake.aims == "Lead a turnaround."
    assert intake.availability == ["morning", "evening"]
    assert intake.hours_per_month == 4
    assert {f.code for f in intake.formats.all()} == {"one_on_one", "group"}
    assert intake.submitted_at is None

    review = client.get(step_url("review")).content.decode()
    for shown in (
        "Director of Insight",
        "Strategic thinking",
        "2 · Developing → 4 · Advanced",
        "Lead a turnaround.",
        "One-on-one",
        "Morning (9–12)",
        "Demographic data: not given",
    ):
        assert shown in review
    for step in ("career", "goals", "preferences", "demographics"):
        assert f'href="{step_url(step)}"' in review

    response = client.post(step_url("review"), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "your intake is submitted" in response.content.decode()
    assert Intake.objects.get(user=mentee).submitted_at is not None


def test_editing_after_submission_keeps_the_intake_submitted(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "review")
    client.post(step_url("review"))
    submitted_at = Intake.objects.get(user=mentee).submitted_at

    response = client.post(step_url("goals"), goals_data([("negotiation", 1, 2)]))
    assert response.status_code == 302
    intake = Intake.objects.get(user=mentee)
    assert intake.submitted_at == submitted_at
    assert intake.furthest_step == 5
    assert list(
        LearningGoal.objects.filter(user=mentee).values_list("competency__slug", flat=True)
    ) == ["negotiation"]


def test_save_and_leave_saves_the_step_and_goes_home(client, mentee, unit):
    client.force_login(mentee)
    response = client.post(step_url("career"), career_data(unit, then="leave"), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your answers are saved" in response.content.decode()
    assert Profile.objects.get(user=mentee).job_title == "Director of Insight"
    assert Intake.objects.get(user=mentee).furthest_step == 2


def test_a_mentee_who_left_mid_way_resumes_at_the_furthest_step(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "preferences")
    assert client.get(reverse("intake:start"))["Location"] == step_url("preferences")
    # Going back to an earlier step does not lose the furthest step reached.
    client.post(step_url("career"), career_data(unit, job_title="VP Insight"))
    assert Intake.objects.get(user=mentee).furthest_step == 3
    assert client.get(reverse("intake:start"))["Location"] == step_url("preferences")
    body = client.get(step_url("goals")).content.decode()
    assert "selected>2 · Developing" in body and "Lead a turnaround." in body


def test_a_later_step_is_not_reachable_before_the_earlier_ones(client, mentee, unit):
    client.force_login(mentee)
    for step in ("goals", "preferences", "demographics", "review"):
        assert client.get(step_url(step))["Location"] == step_url("career")
    response = client.post(step_url("preferences"), preferences_data())
    assert response["Location"] == step_url("career")
    response = client.post(step_url("review"))
    assert response["Location"] == step_url("career")
    assert not Intake.objects.filter(user=mentee).exists()

    complete_until(client, unit, "goals")
    assert client.get(step_url("review"))["Location"] == step_url("goals")
    assert Intake.objects.get(user=mentee).submitted_at is None


def test_an_unknown_step_is_not_found(client, mentee):
    client.force_login(mentee)
    assert client.get(step_url("salary")).status_code == 404


def test_the_intake_needs_a_signed_in_person(client, db):
    for url in (reverse("intake:start"), step_url("career"), step_url("review")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_progress_indicator_marks_the_current_step(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    body = client.get(step_url("goals")).content.decode()
    assert body.count('aria-current="step"') == 1
    assert '<nav class="intake-progress" aria-label="Intake steps">' in body
    assert f'href="{step_url("career")}"' in body
    assert f'href="{step_url("preferences")}"' not in body
    assert "intake.css" in body


# --- bad input: a message, what was typed kept, nothing saved ---------------------------------


def test_an_unknown_time_zone_is_refused_and_typed_values_are_kept(client, mentee, unit):
    client.force_login(mentee)
    response = client.post(
        step_url("career"), career_data(unit, time_zone="Atlantis/Capital", job_title="Head of X")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "“Atlantis/Capital” is not a time zone we know" in body
    assert 'value="Head of X"' in body and 'value="Lagos, Nigeria"' in body
    assert 'value="7"' in body
    assert "Nothing was saved yet" in body
    assert not Profile.objects.filter(user=mentee).exists()
    assert not Intake.objects.filter(user=mentee).exists()
    mentee.refresh_from_db()
    assert mentee.last_name == "Okafor"


def test_at_least_one_language_is_required(client, mentee, unit):
    client.force_login(mentee)
    response = client.post(step_url("career"), career_data(unit, languages=None, job_title="CFO"))
    body = response.content.decode()
    assert "Choose at least one language." in body
    assert 'value="CFO"' in body
    assert not Profile.objects.filter(user=mentee).exists()


def test_a_target_level_not_above_the_current_one_is_refused(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    for target in (3, 2):
        response = client.post(
            step_url("goals"),
            goals_data([("negotiation", 3, target), ("strategic-thinking", 1, 2)], aims="Grow."),
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Your target level must be above your current level." in body
        assert f'<option value="{target}" selected>' in body
        assert "Grow." in body
        assert not LearningGoal.objects.filter(user=mentee).exists()
        assert Intake.objects.get(user=mentee).furthest_step == 2


def test_the_same_competency_twice_is_refused(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    response = client.post(
        step_url("goals"),
        goals_data([("negotiation", 1, 3), ("negotiation", 2, 4)], aims="Negotiate better."),
    )
    body = response.content.decode()
    assert "You chose this competency twice" in body
    assert "Negotiate better." in body
    assert not LearningGoal.objects.filter(user=mentee).exists()


def test_no_goal_at_all_is_refused(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    response = client.post(step_url("goals"), goals_data([], aims="Undecided."))
    body = response.content.decode()
    assert "Add at least one learning goal." in body
    assert "Undecided." in body
    assert Intake.objects.get(user=mentee).aims == ""


def test_more_than_five_goals_are_refused(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    slugs = [
        "negotiation",
        "strategic-thinking",
        "executive-presence",
        "self-awareness",
        "digital-fluency",
        "financial-acumen",
    ]
    data = goals_data([(slug, 1, 2) for slug in slugs])
    data["goals-TOTAL_FORMS"] = "6"
    response = client.post(step_url("goals"), data)
    assert response.status_code == 200
    assert not LearningGoal.objects.filter(user=mentee).exists()


def test_over_long_aims_are_refused_and_kept(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    aims = "a" * 2001
    response = client.post(step_url("goals"), goals_data(GOOD_GOALS, aims=aims))
    body = response.content.decode()
    assert "Ensure this value has at most 2000 characters (it has 2001)." in body
    assert aims in body
    assert (
        f'<option value="{Competency.objects.get(slug="executive-presence").pk}" selected>' in body
    )
    assert not LearningGoal.objects.filter(user=mentee).exists()


def test_saving_goals_replaces_the_earlier_ones(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "preferences")
    client.post(step_url("goals"), goals_data([("self-awareness", 2, 5)]))
    assert [
        (g.competency.slug, g.current_level, g.target_level)
        for g in LearningGoal.objects.filter(user=mentee)
    ] == [("self-awareness", 2, 5)]


def test_at_least_one_format_and_valid_hours_are_required(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "preferences")
    response = client.post(
        step_url("preferences"), preferences_data(formats=None, hours_per_month="41")
    )
    body = response.content.decode()
    assert "Choose at least one format." in body
    assert "Ensure this value is less than or equal to 40." in body
    assert 'value="41"' in body
    assert 'value="morning" id="id_availability_1" checked' in body
    assert Intake.objects.get(user=mentee).hours_per_month is None
    response = client.post(step_url("preferences"), preferences_data(availability=None))
    assert "Choose at least one time of day." in response.content.decode()
    assert Intake.objects.get(user=mentee).furthest_step == 3


# --- demographics --------------------------------------------------------------------------------


def test_demographics_are_stored_only_with_consent(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "demographics")
    client.post(step_url("demographics"), demographics_data(consent=False))
    assert not DemographicRecord.objects.filter(user=mentee).exists()
    assert Intake.objects.get(user=mentee).furthest_step == 5

    client.post(step_url("demographics"), demographics_data(consent=True))
    record = DemographicRecord.objects.get(user=mentee)
    assert (record.gender, record.gender_self_description, record.age_band) == (
        "self_described",
        "Genderqueer poet",
        "45_54",
    )
    assert record.consented_at is not None
    # Only the person's own step 4 shows their answers back to them.
    body = client.get(step_url("demographics")).content.decode()
    assert 'value="Genderqueer poet"' in body


def test_withdrawing_consent_deletes_the_record(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "demographics")
    client.post(step_url("demographics"), demographics_data(consent=True))
    response = client.post(step_url("demographics"), demographics_data(consent=False), follow=True)
    assert not DemographicRecord.objects.filter(user=mentee).exists()
    assert "Your demographic data has been deleted." in response.content.decode()


def test_a_self_description_is_needed_when_chosen(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "demographics")
    response = client.post(
        step_url("demographics"), demographics_data(consent=True, gender_self_description="")
    )
    assert "Tell us how you describe yourself" in response.content.decode()
    assert not DemographicRecord.objects.filter(user=mentee).exists()
    assert Intake.objects.get(user=mentee).furthest_step == 4


def test_the_demographics_step_is_marked_optional_and_asks_for_consent(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "demographics")
    body = client.get(step_url("demographics")).content.decode()
    assert "optional" in body
    assert "I agree that Lodestar stores this to monitor the programme&#x27;s fairness" in body


def test_demographic_values_never_appear_on_the_review_or_home(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "demographics")
    client.post(step_url("demographics"), demographics_data(consent=True, gender="self_described"))
    review = client.get(step_url("review")).content.decode()
    assert "Demographic data: given with consent" in review
    client.post(step_url("review"))
    home = client.get(reverse("home")).content.decode()
    for page in (review, home):
        assert "Genderqueer poet" not in page
        assert "45–54" not in page
        assert "describe myself" not in page


# --- only one's own intake ----------------------------------------------------------------------


def test_ids_of_another_person_in_any_field_have_no_effect(client, mentee, mentor, unit):
    ProfileFactory(user=mentor, job_title="Chief Operating Officer")
    goal(mentor, "negotiation", 3, 5)
    mentor_intake = Intake.objects.create(user=mentor, aims="Mentor's own aims")
    DemographicRecord.objects.create(user=mentor, consented_at="2026-01-01T00:00Z", gender="man")
    someone_else = {
        "user": mentor.pk,
        "user_id": mentor.pk,
        "id": mentor.pk,
        "pk": mentor.pk,
        "intake": mentor_intake.pk,
        "profile": mentor.profile.pk,
    }
    client.force_login(mentee)

    client.post(step_url("career"), {**career_data(unit), **someone_else})
    client.post(
        step_url("goals"),
        {
            **goals_data(GOOD_GOALS, aims="Mine"),
            **someone_else,
            "goals-0-user": mentor.pk,
            "goals-0-id": mentor.pk,
        },
    )
    client.post(step_url("preferences"), {**preferences_data(), **someone_else})
    client.post(step_url("demographics"), {**demographics_data(consent=False), **someone_else})
    client.post(step_url("review"), someone_else)

    mentor.refresh_from_db()
    assert mentor.first_name == "Daniel"
    assert Profile.objects.get(user=mentor).job_title == "Chief Operating Officer"
    assert list(
        LearningGoal.objects.filter(user=mentor).values_list("competency__slug", flat=True)
    ) == ["negotiation"]
    mentor_intake.refresh_from_db()
    assert (mentor_intake.aims, mentor_intake.furthest_step, mentor_intake.submitted_at) == (
        "Mentor's own aims",
        1,
        None,
    )
    assert DemographicRecord.objects.filter(user=mentor).exists()
    intake = Intake.objects.get(user=mentee)
    assert intake.aims == "Mine" and intake.submitted_at is not None
    assert Profile.objects.get(user=mentee).job_title == "Director of Insight"


def test_a_mentee_never_sees_another_persons_answers(client, mentee, mentor, unit):
    ProfileFactory(user=mentor, job_title="Chief Operating Officer")
    Intake.objects.create(user=mentor, aims="Mentor's own aims", furthest_step=5)
    client.force_login(mentee)
    complete_until(client, unit, "review")
    for step in ("career", "goals", "preferences", "demographics", "review"):
        body = client.get(step_url(step)).content.decode()
        assert "Chief Operating Officer" not in body
        assert "Mentor&#x27;s own aims" not in body


# --- the home page task -------------------------------------------------------------------------


def test_the_home_task_follows_the_intake(client, mentee, mentor, unit):
    assert intake_task(mentor) is None
    title, _, url, action = intake_task(mentee)
    assert (title, url, action) == ("Complete your intake", reverse("intake:start"), "Start intake")
    client.force_login(mentee)
    complete_until(client, unit, "preferences")
    assert intake_task(mentee)[0] == "Resume your intake — step 3 of 5"
    complete_until(client, unit, "review")
    client.post(step_url("review"))
    assert intake_task(mentee) is None


# --- a constant number of queries per step --------------------------------------------------------

# Session, user, savepoint pair (ATOMIC_REQUESTS), intake, groups for the navigation, then the
# step's own reads: measured, and unchanged when 20 more people have goals and intakes.
QUERIES_PER_STEP = {"career": 10, "goals": 8, "preferences": 8, "demographics": 7, "review": 11}


@pytest.mark.parametrize("step", list(QUERIES_PER_STEP))
def test_each_step_runs_a_constant_number_of_queries(
    client, mentee, unit, step, django_assert_num_queries
):
    client.force_login(mentee)
    complete_until(client, unit, "review")
    client.post(step_url("demographics"), demographics_data(consent=True))
    client.get(step_url(step))  # the header's unread count is kept from the first page on
    with django_assert_num_queries(QUERIES_PER_STEP[step]):
        assert client.get(step_url(step)).status_code == 200

    for n in range(20):
        other = UserFactory(roles=[Role.MENTEE])
        goal(other, "negotiation", 1, 2)
        goal(other, "self-awareness", 2, 4)
        Intake.objects.create(user=other, aims=f"Aims {n}", furthest_step=3)
    client.post(
        step_url("goals"),
        goals_data(
            [
                (slug, 1, 2)
                for slug in (
                    "negotiation",
                    "self-awareness",
                    "digital-fluency",
                    "financial-acumen",
                    "strategic-thinking",
                )
            ]
        ),
    )
    with django_assert_num_queries(QUERIES_PER_STEP[step]):
        assert client.get(step_url(step)).status_code == 200


def test_an_optional_goal_row_needs_all_three_answers_once_used(client, mentee, unit):
    client.force_login(mentee)
    complete_until(client, unit, "goals")
    data = goals_data([("negotiation", 1, 3)])
    data["goals-1-competency"] = str(Competency.objects.get(slug="self-awareness").pk)
    body = client.post(step_url("goals"), data).content.decode()
    assert "Choose your current level." in body
    assert "Choose the level you are aiming for." in body
    assert not LearningGoal.objects.filter(user=mentee).exists()


def test_preferred_mentoring_styles_are_optional_and_saved(client, mentee):
    from portal.people.models import Intake

    unit = BusinessUnitFactory()
    client.force_login(mentee)
    complete_until(client, unit, "preferences")
    response = client.post(
        step_url("preferences"), preferences_data(preferred_styles=["coaching", "challenger"])
    )
    assert response.status_code == 302
    assert Intake.objects.get(user=mentee).preferred_styles == ["coaching", "challenger"]
    client.post(step_url("demographics"), demographics_data(consent=False))
    review = client.get(step_url("review")).content.decode()
    assert "Coaching" in review and "Challenger" in review


def test_an_unknown_mentoring_style_is_refused(client, mentee):
    unit = BusinessUnitFactory()
    client.force_login(mentee)
    complete_until(client, unit, "preferences")
    response = client.post(step_url("preferences"), preferences_data(preferred_styles=["bossy"]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
