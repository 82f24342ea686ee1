"""Reads for matching: who is in a run, their features as engine arrays, and what members see.

The feature reads use a fixed number of queries however big the cohort is (values() rows and
prefetches turned into NumPy arrays), so a 10,000-person run reads in a few seconds.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

import numpy as np

from portal.governance.queries import accepted_conflicts
from portal.matching import engine
from portal.matching.models import Match, MatchRun, ProposedPair
from portal.people.models import (
    AvailabilityWindow,
    Format,
    Function,
    Intake,
    Language,
    LearningGoal,
    MentorProfile,
    MentorStrength,
    Profile,
    ShortlistEntry,
    User,
)
from portal.people.timezones import utc_offset_hours
from portal.programmes.models import (
    Application,
    Cohort,
    Engagement,
    IntakeAnswer,
    IntakeQuestion,
)
from portal.programmes.queries import managed, with_mentor_load

# Local hours of each availability window (see people.models.AvailabilityWindow).
WINDOW_HOURS: dict[str, tuple[float, float]] = {
    AvailabilityWindow.EARLY: (7, 9),
    AvailabilityWindow.MORNING: (9, 12),
    AvailabilityWindow.LUNCH: (12, 14),
    AvailabilityWindow.AFTERNOON: (14, 17),
    AvailabilityWindow.EVENING: (17, 20),
}
# Someone who has not said when they can meet is taken to mean working hours.
DEFAULT_WINDOWS = ("morning", "lunch", "afternoon")


@dataclass
class Problem:
    """A cohort's matching problem: the people (in array order) and their features."""

    mentees: list[User]
    mentors: list[MentorProfile]
    mentee_features: engine.MenteeFeatures
    mentor_features: engine.MentorFeatures
    pairs: engine.PairLists


def cohort_mentees(cohort: Cohort) -> QuerySet[User]:
    """Cohort members still to be matched in its programme.

    Left out: people already in an active engagement of the programme, with a match waiting for
    answers, or whose application was withdrawn or removed.
    """
    programme_id = cohort.cycle.programme_id
    engaged = Engagement.objects.filter(
        mentee=OuterRef("pk"), programme_id=programme_id, status=Engagement.Status.ACTIVE
    )
    pending = Match.objects.filter(
        mentee=OuterRef("pk"), programme_id=programme_id, status=Match.Status.PENDING
    )
    gone = Application.objects.filter(
        applicant=OuterRef("pk"),
        programme_id=programme_id,
        status__in=(Application.Status.WITHDRAWN, Application.Status.REMOVED),
    ).exclude(
        Exists(
            Application.objects.filter(
                applicant=OuterRef("applicant"),
                programme_id=programme_id,
                status__in=Application.ACTIVE,
            )
        )
    )
    return (
        User.objects.filter(cohort_memberships__cohort=cohort, is_active=True)
        .exclude(Exists(engaged))
        .exclude(Exists(pending))
        .exclude(Exists(gone))
        .order_by("pk")
    )


def candidate_mentors() -> QuerySet[MentorProfile]:
    """Every active mentor with load annotations; `matchable` ones are listed in the catalog."""
    listed = MentorProfile.objects.listed().filter(pk=OuterRef("pk"))
    return (
        with_mentor_load(MentorProfile.objects.filter(user__is_active=True))
        .annotate(matchable=Exists(listed))
        .select_related("user")
        .order_by("pk")
    )


def any_mentor_free() -> bool:
    """Whether some matchable mentor has a free place (one query, counted in the database)."""
    return candidate_mentors().filter(matchable=True, free_places__gt=0).exists()


def pending_per_mentor(mentor_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for mentor_id in Match.objects.filter(
        mentor_id__in=mentor_ids, status=Match.Status.PENDING
    ).values_list("mentor_id", flat=True):
        counts[mentor_id] += 1
    return counts


def _slots(windows: list[str] | None, time_zone: str) -> np.ndarray:
    chosen = [WINDOW_HOURS[w] for w in (windows or DEFAULT_WINDOWS) if w in WINDOW_HOURS]
    return engine.availability_slots(chosen, utc_offset_hours(time_zone))


def _indicator(rows: int, columns: dict, members: dict[int, list]) -> np.ndarray:
    """An (rows, len(columns)) 0/1 array from {row: [column keys]}."""
    matrix = np.zeros((rows, max(len(columns), 1)), dtype=np.float32)
    for row, keys in members.items():
        for key in keys:
            if key in columns:
                matrix[row, columns[key]] = 1.0
    return matrix


def load_problem(cohort: Cohort) -> Problem:
    """Read a cohort's mentees and every candidate mentor into engine arrays."""
    mentees = list(cohort_mentees(cohort))
    mentors = list(candidate_mentors())
    user_ids = [m.pk for m in mentees] + [m.user_id for m in mentors]
    profiles = {
        row["user_id"]: row
        for row in Profile.objects.filter(user_id__in=user_ids).values(
            "id",
            "user_id",
            "business_unit_id",
            "time_zone",
            "function",
            "reports_to_id",
            "reports_to__profile__reports_to_id",
        )
    }
    languages: dict[int, list[int]] = defaultdict(list)
    for user_id, language_id in Profile.languages.through.objects.filter(
        profile__user_id__in=user_ids
    ).values_list("profile__user_id", "language_id"):
        languages[user_id].append(language_id)

    competencies = {pk: i for i, pk in enumerate(_competency_ids())}
    language_cols = {pk: i for i, pk in enumerate(Language.objects.values_list("pk", flat=True))}
    format_cols = {pk: i for i, pk in enumerate(Format.objects.values_list("pk", flat=True))}
    function_cols = {code: i for i, code in enumerate(Function.values)}
    style_cols = {code: i for i, code in enumerate(MentorProfile.LeadershipStyle.values)}
    industry_cols = _industry_columns(mentors)

    mentee_row = {user.pk: i for i, user in enumerate(mentees)}
    mentor_col = {mentor.pk: j for j, mentor in enumerate(mentors)}
    n, m = len(mentees), len(mentors)

    gap = np.zeros((n, max(len(competencies), 1)), dtype=np.float32)
    for user_id, competency_id, current, target in LearningGoal.objects.filter(
        user_id__in=mentee_row
    ).values_list("user_id", "competency_id", "current_level", "target_level"):
        gap[mentee_row[user_id], competencies[competency_id]] = max(target - current, 0)

    intakes = {
        row["user_id"]: row
        for row in Intake.objects.filter(user_id__in=mentee_row).values(
            "user_id", "availability", "preferred_styles"
        )
    }
    intake_formats: dict[int, list[int]] = defaultdict(list)
    for user_id, format_id in Intake.formats.through.objects.filter(
        intake__user_id__in=mentee_row
    ).values_list("intake__user_id", "format_id"):
        intake_formats[mentee_row[user_id]].append(format_id)

    strength = np.zeros((m, gap.shape[1]), dtype=np.float32)
    for mentor_id, competency_id, level in MentorStrength.objects.filter(
        mentor_id__in=mentor_col
    ).values_list("mentor_id", "competency_id", "level"):
        strength[mentor_col[mentor_id], competencies[competency_id]] = level
    mentor_formats: dict[int, list[int]] = defaultdict(list)
    for mentor_id, format_id in MentorProfile.formats.through.objects.filter(
        mentorprofile_id__in=mentor_col
    ).values_list("mentorprofile_id", "format_id"):
        mentor_formats[mentor_col[mentor_id]].append(format_id)

    def profile_of(user_id: int) -> dict:
        return profiles.get(user_id, {"business_unit_id": None, "time_zone": "UTC", "function": ""})

    offsets: dict[str, float] = {}

    def offset_of(user_id: int) -> float:
        zone = profile_of(user_id)["time_zone"]
        if zone not in offsets:
            offsets[zone] = utc_offset_hours(zone)
        return offsets[zone]

    def line_of(user_id: int) -> list[int]:
        """The person's manager and skip-level manager (-1: none)."""
        row = profile_of(user_id)
        return [
            row.get("reports_to_id") or -1,
            row.get("reports_to__profile__reports_to_id") or -1,
        ]

    pending = pending_per_mentor(list(mentor_col))
    groups, mentee_answers, mentor_answers = _answer_columns(cohort, mentees, mentors)
    mentee_features = engine.MenteeFeatures(
        gap=gap,
        style_preference=_indicator(
            n,
            style_cols,
            {i: intakes.get(u.pk, {}).get("preferred_styles") or [] for i, u in enumerate(mentees)},
        ),
        formats=_indicator(n, format_cols, intake_formats),
        availability=_stack(
            [
                _slots(intakes.get(u.pk, {}).get("availability"), profile_of(u.pk)["time_zone"])
                for u in mentees
            ]
        ),
        languages=_indicator(n, language_cols, {i: languages[u.pk] for i, u in enumerate(mentees)}),
        functions=_indicator(
            n, function_cols, {i: [profile_of(u.pk)["function"]] for i, u in enumerate(mentees)}
        ),
        industries=np.zeros((n, max(len(industry_cols), 1)), dtype=np.float32),
        business_unit=np.array(
            [profile_of(u.pk)["business_unit_id"] or -1 for u in mentees], dtype=np.int64
        ),
        person=np.array([u.pk for u in mentees], dtype=np.int64),
        line_managers=np.array([line_of(u.pk) for u in mentees], dtype=np.int64).reshape(-1, 2),
        utc_offset=np.array([offset_of(u.pk) for u in mentees], dtype=np.float32),
        answers=mentee_answers,
        answer_groups=groups,
    )
    mentor_features = engine.MentorFeatures(
        strength=strength,
        style=_indicator(
            m, style_cols, {j: [mentor.leadership_style] for j, mentor in enumerate(mentors)}
        ),
        formats=_indicator(m, format_cols, mentor_formats),
        availability=_stack(
            [
                _slots(mentor.availability, profile_of(mentor.user_id)["time_zone"])
                for mentor in mentors
            ]
        ),
        languages=_indicator(
            m, language_cols, {j: languages[mentor.user_id] for j, mentor in enumerate(mentors)}
        ),
        functions=_indicator(
            m, function_cols, {j: list(mentor.functions or []) for j, mentor in enumerate(mentors)}
        ),
        industries=_indicator(
            m, industry_cols, {j: list(mentor.industries or []) for j, mentor in enumerate(mentors)}
        ),
        business_unit=np.array(
            [profile_of(mentor.user_id)["business_unit_id"] or -1 for mentor in mentors],
            dtype=np.int64,
        ),
        person=np.array([mentor.user_id for mentor in mentors], dtype=np.int64),
        capacity=np.array(
            [max(mentor.free_places - pending.get(mentor.pk, 0), 0) for mentor in mentors],
            dtype=np.int64,
        ),
        matchable=np.array([bool(mentor.matchable) for mentor in mentors], dtype=bool),
        line_managers=np.array([line_of(m.user_id) for m in mentors], dtype=np.int64).reshape(
            -1, 2
        ),
        utc_offset=np.array([offset_of(m.user_id) for m in mentors], dtype=np.float32),
        answers=mentor_answers,
    )
    known = _known_pairs(mentee_row, mentor_col)
    conflict = _conflict_pairs(
        mentee_row,
        {mentor.user_id: j for j, mentor in enumerate(mentors)},
        mentee_features.business_unit,
        mentor_features.business_unit,
    )
    return Problem(
        mentees=mentees,
        mentors=mentors,
        mentee_features=mentee_features,
        mentor_features=mentor_features,
        pairs=engine.PairLists(
            shortlist=known.shortlist, conflict=conflict, previous=known.previous
        ),
    )


def _answer_columns(
    cohort: Cohort, mentees: list, mentors: list[MentorProfile]
) -> tuple[tuple[engine.AnswerGroup, ...], np.ndarray | None, np.ndarray | None]:
    """The programme's weighted questions as engine columns (one per option) and each side's
    chosen options (two queries; none when the programme weighs no question)."""
    questions = list(
        IntakeQuestion.objects.filter(
            programme_id=cohort.cycle.programme_id,
            matching_weight__gt=0,
            asked_of=IntakeQuestion.AskedOf.BOTH,
            kind__in=[IntakeQuestion.Kind.SINGLE, IntakeQuestion.Kind.MULTIPLE],
        )
    )
    if not questions:
        return (), None, None
    column: dict[tuple[int, str], int] = {}
    groups = []
    for question in questions:
        start = len(column)
        for option in question.options:
            column[(question.pk, option)] = len(column)
        groups.append(
            engine.AnswerGroup(
                start=start,
                stop=len(column),
                weight=float(question.matching_weight),
                similar=question.prefer == IntakeQuestion.Prefer.SIMILAR,
            )
        )
    mentee_row = {user.pk: i for i, user in enumerate(mentees)}
    mentor_row = {mentor.user_id: j for j, mentor in enumerate(mentors)}
    mentee_answers = np.zeros((len(mentees), len(column)), dtype=np.float32)
    mentor_answers = np.zeros((len(mentors), len(column)), dtype=np.float32)
    for user_id, question_id, option in IntakeAnswer.objects.filter(
        question__in=questions, user_id__in=[*mentee_row, *mentor_row]
    ).values_list("user_id", "question_id", "option"):
        col = column.get((question_id, option))
        if col is None:  # an option since removed from the question
            continue
        if user_id in mentee_row:
            mentee_answers[mentee_row[user_id], col] = 1.0
        if user_id in mentor_row:
            mentor_answers[mentor_row[user_id], col] = 1.0
    return tuple(groups), mentee_answers, mentor_answers


def _competency_ids() -> list[int]:
    from portal.people.models import Competency

    return list(Competency.objects.order_by("pk").values_list("pk", flat=True))


def _industry_columns(mentors: list[MentorProfile]) -> dict[str, int]:
    names = sorted({name for mentor in mentors for name in (mentor.industries or [])})
    return {name: i for i, name in enumerate(names)}


def _stack(rows: list[np.ndarray]) -> np.ndarray:
    if not rows:
        return np.zeros((0, engine.SLOTS_PER_DAY), dtype=np.float32)
    return np.stack(rows).astype(np.float32)


def _pair_arrays(
    raw: list[tuple[int, int]], mentee_row: dict[int, int], mentor_col: dict[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    kept = [(mentee_row[a], mentor_col[b]) for a, b in raw if a in mentee_row and b in mentor_col]
    rows = np.array([r for r, _ in kept], dtype=np.int64)
    cols = np.array([c for _, c in kept], dtype=np.int64)
    return rows, cols


def _known_pairs(mentee_row: dict[int, int], mentor_col: dict[int, int]) -> engine.PairLists:
    shortlist = list(
        ShortlistEntry.objects.filter(mentee_id__in=mentee_row).values_list(
            "mentee_id", "mentor_id"
        )
    )
    previous = list(
        Engagement.objects.filter(mentee_id__in=mentee_row).values_list("mentee_id", "mentor_id")
    ) + list(
        Match.objects.filter(mentee_id__in=mentee_row, status=Match.Status.DECLINED).values_list(
            "mentee_id", "mentor_id"
        )
    )
    return engine.PairLists(
        shortlist=_pair_arrays(shortlist, mentee_row, mentor_col),
        previous=_pair_arrays(previous, mentee_row, mentor_col),
    )


def _conflict_pairs(
    mentee_row: dict[int, int],
    mentor_col_of_user: dict[int, int],
    mentee_units: np.ndarray,
    mentor_units: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(mentee, mentor) indices that accepted conflict declarations forbid, in one query.

    A conflict with a person forbids the pair whichever of the two is the mentee; a conflict
    with a business unit forbids pairing the declarer with anyone whose profile is in it."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []

    def add(row: np.ndarray | int, col: np.ndarray | int) -> None:
        row_array, col_array = np.broadcast_arrays(np.asarray(row), np.asarray(col))
        rows.append(row_array.astype(np.int64).ravel())
        cols.append(col_array.astype(np.int64).ravel())

    people = list(mentee_row) + list(mentor_col_of_user)
    for declarer, other, unit in accepted_conflicts(people):
        if other is not None:
            for mentee, mentor in ((declarer, other), (other, declarer)):
                if mentee in mentee_row and mentor in mentor_col_of_user:
                    add(mentee_row[mentee], mentor_col_of_user[mentor])
            continue
        if declarer in mentee_row:
            add(mentee_row[declarer], np.flatnonzero(mentor_units == unit))
        if declarer in mentor_col_of_user:
            add(np.flatnonzero(mentee_units == unit), mentor_col_of_user[declarer])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(cols)


# --- what the screens read --------------------------------------------------------------------


def runs_awaiting_review(user) -> QuerySet[MatchRun]:
    """Finished runs of the programmes `user` manages, not published yet, oldest first."""
    return (
        managed(
            MatchRun.objects.filter(status=MatchRun.Status.DONE), user, "cohort__cycle__programme"
        )
        .select_related("cohort__cycle__programme")
        .order_by("finished_at", "pk")
    )


def runs_of(cohort: Cohort) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(cohort=cohort).select_related("run_by", "published_by")


def pairs_of(run: MatchRun) -> QuerySet[ProposedPair]:
    return run.pairs.select_related("mentee", "mentor__user", "overridden_by").order_by(
        "-locked", "-score", "pk"
    )


def matches_for(user) -> QuerySet[Match]:
    """A member's matches (as mentee or mentor), newest first, with what the page shows."""
    return (
        Match.objects.visible_to(user)
        .select_related(
            "mentee__profile",
            "mentee__mentor_profile",
            "mentor__user__profile",
            "programme",
            "cohort__cycle",
        )
        .order_by("-created_at", "-pk")
    )


def current_mentees(user) -> QuerySet[Engagement]:
    """The mentor's active engagements across every programme."""
    return (
        Engagement.objects.filter(mentor__user=user, status=Engagement.Status.ACTIVE)
        .select_related("mentee__profile", "programme")
        .order_by("-started_on", "-pk")
    )


def pending_answers(user) -> QuerySet[Match]:
    """Matches still waiting for this member's answer (for the home page)."""
    return Match.objects.filter(status=Match.Status.PENDING).filter(
        Q(mentee=user, mentee_answer=Match.Answer.PENDING)
        | Q(mentor__user=user, mentor_answer=Match.Answer.PENDING)
    )
