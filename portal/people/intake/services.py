"""The mentee intake: which steps a person may open, what each step saves, and submission.

Every function works on one person's own intake, named by their user; nothing here takes an id
from a request. Each save advances `Intake.furthest_step`, so a person who leaves mid-way
resumes where they were.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.people.catalog import cache as catalog_cache
from portal.people.models import (
    AvailabilityWindow,
    DemographicRecord,
    Format,
    Intake,
    Language,
    LeadershipStyle,
    LearningGoal,
    Profile,
    User,
)
from portal.people.roles import Role
from portal.people.services import save_profile

STEPS: tuple[str, ...] = Intake.STEPS
STEP_LABELS: dict[str, str] = {
    "career": "Career",
    "goals": "Learning goals",
    "preferences": "Preferences",
    "demographics": "About you (optional)",
    "review": "Review and submit",
}


# --- reading --------------------------------------------------------------------------------------


def find_intake(user: User) -> Intake:
    """The person's intake, or an unsaved blank one if they have not started (reads only)."""
    return Intake.objects.filter(user=user).first() or Intake(user=user)


def find_profile(user: User) -> Profile:
    """The person's profile, or an unsaved blank one (reads only)."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)


def step_number(step: str) -> int:
    """1-based position of a step in Intake.STEPS."""
    return STEPS.index(step) + 1


def current_step(intake: Intake) -> str:
    """The furthest step the person has reached: where /me/intake/ resumes."""
    return STEPS[min(max(intake.furthest_step, 1), len(STEPS)) - 1]


def step_is_open(intake: Intake, step: str) -> bool:
    """A step can be opened once every step before it has been saved."""
    return step_number(step) <= intake.furthest_step


def next_step(step: str) -> str | None:
    number = step_number(step)
    return STEPS[number] if number < len(STEPS) else None


@dataclass(frozen=True)
class StepLink:
    """One entry of the progress indicator."""

    name: str
    number: int
    label: str
    url: str | None  # None: not reachable yet
    is_current: bool
    is_done: bool


def progress(intake: Intake, current: str) -> list[StepLink]:
    """The steps in order, marking the current one, the saved ones and the reachable ones."""
    return [
        StepLink(
            name=step,
            number=number,
            label=STEP_LABELS[step],
            url=reverse("intake:step", args=[step]) if number <= intake.furthest_step else None,
            is_current=step == current,
            is_done=number < intake.furthest_step or (step == "review" and intake.is_submitted),
        )
        for number, step in enumerate(STEPS, start=1)
    ]


def goal_rows(user: User) -> list[dict[str, int]]:
    """The person's saved goals as form rows, without touching the competency table."""
    fields = ("competency", "current_level", "target_level")
    rows = LearningGoal.objects.filter(user=user).order_by("id").values_list(*fields)
    return [dict(zip(fields, row, strict=True)) for row in rows]


def has_demographics(user: User) -> bool:
    """Whether a consented demographic record exists (never its values)."""
    return DemographicRecord.objects.filter(user=user).exists()


def demographic_initial(user: User) -> dict[str, Any]:
    """The person's own demographic answers, for their own step 4 form only."""
    record = DemographicRecord.objects.filter(user=user).first()
    if record is None:
        return {}
    return {
        "consent": True,
        "gender": record.gender,
        "gender_self_description": record.gender_self_description,
        "age_band": record.age_band,
    }


@dataclass(frozen=True)
class IntakeSummary:
    """What the review step shows: steps 1 to 3 and whether demographic data was given."""

    profile: Profile
    languages: list[Language]
    goals: list[LearningGoal]
    formats: list[Format]
    availability: list[str]
    styles: list[str]
    demographics_given: bool


def summarise(user: User, intake: Intake) -> IntakeSummary:
    """Everything the review needs, in a fixed number of queries."""
    profile = Profile.objects.filter(user=user).select_related("business_unit").first() or Profile(
        user=user
    )
    labels = dict(AvailabilityWindow.choices)
    return IntakeSummary(
        profile=profile,
        languages=list(profile.languages.all()) if profile.pk else [],
        goals=list(
            LearningGoal.objects.filter(user=user).select_related("competency").order_by("id")
        ),
        formats=list(intake.formats.all()) if intake.pk else [],
        availability=[labels.get(window, window) for window in intake.availability],
        styles=[
            LeadershipStyle(style).label.split(":")[0]
            for style in intake.preferred_styles
            if style in LeadershipStyle.values
        ],
        demographics_given=has_demographics(user),
    )


def intake_task(user: User) -> tuple[str, str, str, str] | None:
    """Home page task for a mentee whose intake is not submitted: (title, detail, url, action)."""
    if not user.has_role(Role.MENTEE):
        return None
    intake = Intake.objects.filter(user=user).only("furthest_step", "submitted_at").first()
    if intake is not None and intake.is_submitted:
        return None
    url = reverse("intake:start")
    if intake is None or intake.furthest_step <= 1:
        return (
            "Complete your intake",
            "Tell us about your career, what you want to learn and how you like to work, so the "
            "programme team can match you with the right mentor. It takes about ten minutes.",
            url,
            "Start intake",
        )
    step = current_step(intake)
    return (
        f"Resume your intake — step {step_number(step)} of {len(STEPS)}",
        f"Your answers so far are saved. Next: {STEP_LABELS[step].lower()}.",
        url,
        "Resume intake",
    )


# --- changing ---------------------------------------------------------------------------------


def _intake_for_update(user: User) -> Intake:
    intake, _ = Intake.objects.get_or_create(user=user)
    return intake


def _advance(intake: Intake, step: str) -> None:
    """Having saved `step`, the person may go on to the one after it."""
    reached = min(step_number(step) + 1, len(STEPS))
    if reached > intake.furthest_step:
        intake.furthest_step = reached
    intake.save()


@transaction.atomic
def save_career(user: User, data: Mapping[str, Any]) -> Intake:
    """Step 1: the person's name and career profile (people.services.save_profile)."""
    save_profile(user, data)
    intake = _intake_for_update(user)
    _advance(intake, "career")
    return intake


@transaction.atomic
def replace_goals(user: User, goals: Iterable[Mapping[str, int]], aims: str) -> Intake:
    """Step 2: the person's learning goals become exactly `goals`; the aims are kept with them."""
    LearningGoal.objects.filter(user=user).delete()
    LearningGoal.objects.bulk_create(
        LearningGoal(
            user=user,
            competency_id=goal["competency"],
            current_level=goal["current_level"],
            target_level=goal["target_level"],
        )
        for goal in goals
    )
    catalog_cache.forget_viewer(user.pk)  # bulk_create sends no signal; the catalog ranks by goals
    intake = _intake_for_update(user)
    intake.aims = aims
    _advance(intake, "goals")
    return intake


@transaction.atomic
def save_preferences(
    user: User,
    *,
    formats: Iterable[Format],
    availability: list[str],
    hours_per_month: int,
    preferred_styles: Iterable[str] = (),
) -> Intake:
    """Step 3: formats, times of day, mentoring styles welcomed and hours a month."""
    intake = _intake_for_update(user)
    intake.availability = list(availability)
    intake.preferred_styles = list(preferred_styles)
    intake.hours_per_month = hours_per_month
    _advance(intake, "preferences")
    intake.formats.set(formats)
    return intake


class DemographicsOutcome(StrEnum):
    """What step 4 did, so the page can say so."""

    STORED = "stored"
    DELETED = "deleted"
    NOT_GIVEN = "not_given"


@transaction.atomic
def record_demographics(
    user: User, *, consent: bool, answers: Mapping[str, str]
) -> DemographicsOutcome:
    """Step 4 (optional): store the answers only with consent; without it, delete any record."""
    intake = _intake_for_update(user)
    if consent:
        values = {
            "gender": answers.get("gender", ""),
            "gender_self_description": answers.get("gender_self_description", "").strip(),
            "age_band": answers.get("age_band", ""),
        }
        DemographicRecord.objects.update_or_create(
            user=user,
            defaults=values,
            create_defaults={**values, "consented_at": timezone.now()},
        )
        outcome = DemographicsOutcome.STORED
    else:
        deleted, _ = DemographicRecord.objects.filter(user=user).delete()
        outcome = DemographicsOutcome.DELETED if deleted else DemographicsOutcome.NOT_GIVEN
    _advance(intake, "demographics")
    return outcome


@transaction.atomic
def submit_intake(user: User) -> Intake:
    """Step 5: mark the intake submitted (once; later edits keep it submitted)."""
    intake = _intake_for_update(user)
    if intake.furthest_step < step_number("review"):
        raise ValueError("The intake cannot be submitted before every step is saved.")
    if intake.submitted_at is None:
        intake.submitted_at = timezone.now()
        intake.save(update_fields=["submitted_at", "updated_at"])
    return intake
