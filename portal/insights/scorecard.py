"""The balanced scorecard: what a programme (or a cycle, or a cohort of it) does for people,
in five perspectives, every figure aggregated in the database (or NumPy over one column per
pair) in a fixed number of queries, and every count, rate and average passed through
`suppression` before anything shows it (ADR 0027).

Perspectives: skill growth (pre→post by rater), behaviour change (the line managers'
observations), business impact (goal-linked measures), cross-functional collaboration, and
programme health; plus the themes of the pairs' narratives, counted, never quoted.
Leadership readiness and retention read HR data and are not computed here yet (the ADR says
where they plug in).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

import numpy as np
from machina.core.db.models import get_model

from portal import generations
from portal.engagements import cache as engagement_cache
from portal.engagements import stalls
from portal.engagements.models import Assessment, CheckInAnswer, Goal, OutcomeEvaluation, Session
from portal.insights import cache, retention, suppression, themes
from portal.insights.models import READINESS_RANK, HRRecord, Readiness, ReadinessChange
from portal.people.models import User
from portal.programmes.models import Application, Cohort, Cycle, Engagement, Programme

Post = get_model("forum_conversation", "Post")

RATERS = (
    (Assessment.Rater.SELF, "Self"),
    (Assessment.Rater.MENTOR, "Mentor"),
    (Assessment.Rater.MANAGER, "Line manager"),
)

DEFINITIONS = {
    "skill-growth": "For each pair rated by the same rater at the start and at completion: the "
    "average of that rater's 1–5 ratings over the goals' competencies, before and after; the "
    "change is after minus before, averaged over those pairs. Shown per rater (the mentee "
    "herself, her mentor, her line manager through a one-time link).",
    "behaviour-change": "Line managers' answer at completion to “How much has their behaviour "
    "at work changed since the mentoring began?”, 1 (no change) to 5 (markedly): the average, "
    "and the share answering 4 or 5.",
    "business-impact": "Goals with a business measure (a number at the start, the number aimed "
    "for and the number reached): the share whose result reached the target (in the target's "
    "direction, up or down), and the average share of the distance to the target covered.",
    "cross-unit": "Pairs whose mentee and mentor work in different business units, out of the "
    "pairs where both units are known (external experts have none).",
    "forum": "The mentees and mentors of these pairs who have written at least one approved "
    "post in the communities, out of all of them.",
    "match-rate": "Applications (not withdrawn) whose applicant is now, or was, in an "
    "engagement of the programme, out of all such applications.",
    "time-to-match": "Days from the application to the start of the engagement, averaged over "
    "matched applicants.",
    "sessions": "Sessions logged as held, divided by the number of pairs.",
    "checkin-completion": "Check-in answers given, out of those asked so far: two (one each) "
    "for every check-in that has opened during each pair's engagement.",
    "stalled": f"Active pairs with no session held in the last {stalls.STALL_DAYS} days (counted "
    "from the start while none has), out of active pairs.",
    "satisfaction": "The average answer to “How is the mentoring relationship going?” (1–5) "
    "over every check-in answer.",
    "readiness": "Mentees of these pairs with an HR record giving a succession readiness both "
    "on the day their engagement started and now (from the HR imports, each change dated): "
    "the share who are nearer to ready now than at their start, and the share ready now, "
    "then and today.",
    "retention": "Participants (the mentees of these pairs with an HR record) still employed "
    "today, against colleagues who never took part and were employed when the first of these "
    "engagements began, compared within the same business unit, level and tenure band "
    "(coarsened exact matching): the difference in points, averaged over participants, with "
    "its 95% interval and the number of people on each side. Only groups both sides share "
    "count.",
    "themes": "How many pairs mention each theme in their check-ins, outcome evaluations or "
    "their managers' observations (a theme is a few keywords, counted case aside). No text is "
    "ever shown; a theme mentioned by fewer than five pairs is not shown.",
    "suppression": "No count, rate or average describing fewer than five people is shown: such "
    "a figure reads “fewer than 5”.",
}


@dataclass(frozen=True)
class Figure:
    """One published figure: its value already passed through suppression (None: hidden)."""

    key: str
    label: str
    value: float | int | None
    unit: str = ""
    people: int | None = None  # how many it describes, itself suppressed
    counted: str = "pairs"  # what `people` counts, in the reader's words

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def definition(self) -> str:
        return DEFINITIONS[self.key]

    @property
    def display(self) -> str:
        if self.value is None:
            return "fewer than 5"
        if self.unit == "%":
            return f"{self.value * 100:.0f}%"
        if self.unit == "of 5":
            return f"{self.value:.1f} of 5"
        if self.unit == "change":
            return f"{self.value:+.2f}"
        if self.unit == "days":
            return f"{self.value:.0f} days"
        if isinstance(self.value, float):
            return f"{self.value:.1f}"
        return f"{self.value:,}"


@dataclass(frozen=True)
class Growth:
    rater: str
    label: str
    before: float | None
    after: float | None
    change: float | None
    pairs: int | None

    @property
    def shown(self) -> bool:
        return self.change is not None


@dataclass(frozen=True)
class Retention:
    """Retention against matched colleagues, published only when both sides count at least
    MINIMUM people (None otherwise)."""

    difference: float
    low: float
    high: float
    participants: int
    colleagues: int

    @property
    def display(self) -> str:
        return f"{self.difference * 100:+.0f} points"

    @property
    def interval(self) -> str:
        return f"{self.low * 100:+.0f} to {self.high * 100:+.0f} points"


@dataclass
class Scorecard:
    growth: list[Growth]
    behaviour: list[Figure]
    impact: list[Figure]
    collaboration: list[Figure]
    health: list[Figure]
    themes: list[tuple[str, int]]
    pairs: int | None
    chart: dict = field(default_factory=dict)
    readiness: list[Figure] = field(default_factory=list)
    retention: "Retention | None" = None

    @property
    def headline(self) -> list[Figure]:
        """What sponsors' home shows: pairs, self-rated growth, behaviour change, satisfaction."""
        growth = next(g for g in self.growth if g.rater == Assessment.Rater.SELF)
        return [
            Figure("pairs", "Pairs", self.pairs),
            Figure("skill-growth", "Self-rated skill growth", growth.change, "change"),
            self.behaviour[0],
            next(f for f in self.health if f.key == "satisfaction"),
        ]


# --- scope -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The engagements and applications a scorecard covers: programmes, optionally one cycle
    and one cohort of a single programme."""

    programme_ids: tuple[int, ...]
    cycle: Cycle | None = None
    cohort: Cohort | None = None

    def engagements(self) -> QuerySet[Engagement]:
        rows = Engagement.objects.filter(programme_id__in=self.programme_ids)
        if self.cohort is not None:
            rows = rows.filter(cohort=self.cohort)
        elif self.cycle is not None:
            rows = rows.filter(cohort__cycle=self.cycle)
        return rows

    def applications(self) -> QuerySet[Application]:
        rows = Application.objects.filter(programme_id__in=self.programme_ids)
        if self.cohort is not None:
            rows = rows.filter(cohort=self.cohort)
        elif self.cycle is not None:
            rows = rows.filter(cycle=self.cycle)
        return rows

    @property
    def parts(self) -> tuple:
        return (
            self.programme_ids,
            self.cycle.pk if self.cycle else None,
            self.cohort.pk if self.cohort else None,
        )


# The same definitions under names a template can read ({{ definitions.skill_growth }}).
TEMPLATE_DEFINITIONS = {key.replace("-", "_"): text for key, text in DEFINITIONS.items()}


def scope_of(programmes: QuerySet[Programme], cycle=None, cohort=None) -> Scope:
    return Scope(tuple(programmes.order_by("pk").values_list("pk", flat=True)), cycle, cohort)


# --- the figures --------------------------------------------------------------------------------


def _level(phase: str, role: str) -> Subquery:
    return Subquery(
        Assessment.objects.filter(engagement=OuterRef("pk"), phase=phase, rater_role=role).values(
            "mean_level"
        )[:1],
        output_field=FloatField(),
    )


def _count_of(queryset: QuerySet, column: str = "engagement") -> Coalesce:
    """A correlated COUNT(*) of `queryset`'s rows for the outer engagement."""
    return Coalesce(
        Subquery(
            queryset.filter(**{column: OuterRef("pk")})
            .order_by()
            .values(column)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _pair_figures(engagements: QuerySet[Engagement], today: date) -> dict:
    """One aggregate query over the pairs: ratings before and after by rater, managers'
    observations, units, sessions held and stalls."""
    annotations: dict = {}
    for role, _ in RATERS:
        annotations[f"pre_{role}"] = _level(Assessment.Phase.PRE, role)
        annotations[f"post_{role}"] = _level(Assessment.Phase.POST, role)
    annotations["behaviour"] = Subquery(
        Assessment.objects.filter(
            engagement=OuterRef("pk"),
            phase=Assessment.Phase.POST,
            rater_role=Assessment.Rater.MANAGER,
        ).values("behaviour_change")[:1],
        output_field=IntegerField(),
    )
    annotations["held"] = _count_of(Session.objects.filter(status=Session.Status.HELD))
    annotations["last_held"] = Subquery(
        Session.objects.filter(engagement=OuterRef("pk"), status=Session.Status.HELD)
        .order_by()
        .values("engagement")
        .annotate(last=Max("starts_at"))
        .values("last")[:1]
    )
    aggregates: dict = {"pairs": Count("pk"), "held_total": Sum("held")}
    for role, _ in RATERS:
        both = Q(**{f"pre_{role}__isnull": False, f"post_{role}__isnull": False})
        aggregates[f"n_{role}"] = Count("pk", filter=both)
        aggregates[f"pre_sum_{role}"] = Sum(f"pre_{role}", filter=both)
        aggregates[f"post_sum_{role}"] = Sum(f"post_{role}", filter=both)
    aggregates["behaviour_n"] = Count("pk", filter=Q(behaviour__isnull=False))
    aggregates["behaviour_sum"] = Sum("behaviour")
    aggregates["behaviour_high"] = Count("pk", filter=Q(behaviour__gte=4))
    units = Q(
        mentee__profile__business_unit__isnull=False,
        mentor__user__profile__business_unit__isnull=False,
    )
    aggregates["with_units"] = Count("pk", filter=units)
    aggregates["cross_unit"] = Count(
        "pk",
        filter=units & ~Q(mentee__profile__business_unit=F("mentor__user__profile__business_unit")),
    )
    cutoff = today - timedelta(days=stalls.STALL_DAYS)
    active = Q(status=Engagement.Status.ACTIVE)
    aggregates["active"] = Count("pk", filter=active)
    aggregates["stalled"] = Count(
        "pk",
        filter=active
        & (Q(last_held__date__lte=cutoff) | Q(last_held__isnull=True, started_on__lte=cutoff)),
    )
    return engagements.annotate(**annotations).aggregate(**aggregates)


def _months_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Whole months from each start date to each end date (datetime64[D] arrays)."""
    start_m = start.astype("datetime64[M]")
    end_m = end.astype("datetime64[M]")
    months = (end_m - start_m).astype(int)
    start_day = (start - start_m.astype("datetime64[D]")).astype(int)
    end_day = (end - end_m.astype("datetime64[D]")).astype(int)
    return months - (end_day < start_day)


def _checkin_completion(engagements: QuerySet[Engagement], today: date) -> tuple[int, int, int]:
    """(answers given, answers asked, pairs asked): one query for one row per pair, the
    calendar worked out in NumPy (check-in n opens `every` months after the start)."""
    rows = list(
        engagements.annotate(answers=_count_of(CheckInAnswer.objects.all())).values_list(
            "started_on",
            "ended_on",
            "programme__checkin_every_months",
            "programme__duration_months",
            "answers",
        )
    )
    if not rows:
        return 0, 0, 0
    started, ended, every, duration, answers = zip(*rows, strict=True)
    start = np.array(started, dtype="datetime64[D]")
    end = np.array([e or today for e in ended], dtype="datetime64[D]")
    end = np.minimum(end, np.datetime64(today, "D"))
    every_months = np.array([e or 3 for e in every])
    windows = np.minimum(
        np.maximum(_months_between(start, end), 0) // every_months,
        np.array([d or 6 for d in duration]) // every_months,
    )
    asked = 2 * windows
    given = np.minimum(np.array(answers), asked)
    return int(given.sum()), int(asked.sum()), int((asked > 0).sum())


def _matching(scope: Scope) -> dict:
    matched = Engagement.objects.filter(
        programme=OuterRef("programme"), mentee=OuterRef("applicant")
    )
    return (
        scope.applications()
        .exclude(status=Application.Status.WITHDRAWN)
        .aggregate(applied=Count("pk"), matched=Count("pk", filter=Q(Exists(matched))))
    )


def _days_to_match(engagements: QuerySet[Engagement]) -> np.ndarray:
    applied = (
        Application.objects.filter(programme=OuterRef("programme"), applicant=OuterRef("mentee"))
        .order_by("applied_at")
        .values("applied_at")[:1]
    )
    rows = list(
        engagements.annotate(applied_at=Subquery(applied))
        .filter(applied_at__isnull=False)
        .values_list("started_on", "applied_at")
    )
    if not rows:
        return np.array([], dtype=float)
    started = np.array([s for s, _ in rows], dtype="datetime64[D]")
    applied_on = np.array([timezone.localdate(a) for _, a in rows], dtype="datetime64[D]")
    return np.maximum((started - applied_on).astype(int), 0).astype(float)


def _impact(engagements: QuerySet[Engagement]) -> dict:
    measured = Goal.objects.filter(
        engagement__in=engagements,
        impact_baseline__isnull=False,
        impact_target__isnull=False,
        impact_result__isnull=False,
    ).exclude(impact_metric="")
    progress = Cast(F("impact_result") - F("impact_baseline"), FloatField()) / Cast(
        F("impact_target") - F("impact_baseline"), FloatField()
    )
    return measured.annotate(distance=progress).aggregate(
        goals=Count("pk"),
        people=Count("engagement__mentee", distinct=True),
        reached=Count("pk", filter=Q(distance__gte=1)),
        progress_sum=Sum("distance"),
    )


def _participation(engagements: QuerySet[Engagement]) -> dict:
    people = User.objects.filter(
        Q(pk__in=engagements.values("mentee")) | Q(pk__in=engagements.values("mentor__user"))
    )
    posted = Post.objects.filter(poster=OuterRef("pk"), approved=True)
    return people.aggregate(people=Count("pk"), posting=Count("pk", filter=Q(Exists(posted))))


def _satisfaction(engagements: QuerySet[Engagement]) -> dict:
    return CheckInAnswer.objects.filter(engagement__in=engagements).aggregate(
        answers=Count("pk"),
        people=Count("person", distinct=True),
        total=Sum("relationship"),
    )


def _mentions(rows: QuerySet, stems: tuple[str, ...], columns: tuple[str, ...]) -> Exists:
    words = Q()
    for stem in stems:
        for column in columns:
            words |= Q(**{f"{column}__icontains": stem})
    return Exists(rows.filter(words, engagement=OuterRef("pk")))


def _themes(engagements: QuerySet[Engagement]) -> list[tuple[str, int]]:
    """The most frequent themes, each with the number of pairs mentioning it (one query)."""
    counts = engagements.aggregate(
        **{
            f"theme_{index}": Count(
                "pk",
                filter=Q(
                    _mentions(CheckInAnswer.objects.all(), stems, ("going_well", "would_help"))
                )
                | Q(_mentions(OutcomeEvaluation.objects.all(), stems, ("narrative",)))
                | Q(_mentions(Assessment.objects.all(), stems, ("observation",))),
            )
            for index, stems in enumerate(themes.THEMES.values())
        }
    )
    shown = [
        (name, published)
        for index, name in enumerate(themes.THEMES)
        if (published := suppression.count(counts[f"theme_{index}"]))
    ]
    return sorted(shown, key=lambda item: (-item[1], item[0]))[: themes.SHOWN]


def _rank(annotation: str) -> Case:
    """A readiness as its rank, nearest to ready highest (models.READINESS_RANK), in SQL."""
    return Case(
        *(When(**{annotation: value}, then=Value(rank)) for value, rank in READINESS_RANK.items()),
        default=None,
        output_field=IntegerField(),
    )


def _readiness(engagements: QuerySet[Engagement]) -> dict:
    """Mentees' succession readiness at their engagement's start and now (HR data), counted
    in the database: one query."""
    then = (
        ReadinessChange.objects.filter(
            record__user_id=OuterRef("mentee_id"), effective_on__lte=OuterRef("started_on")
        )
        .order_by("-effective_on", "-pk")
        .values("readiness")[:1]
    )
    now = HRRecord.objects.filter(user_id=OuterRef("mentee_id")).values("readiness")[:1]
    ready = READINESS_RANK[Readiness.READY_NOW]
    rows = (
        engagements.order_by()
        .annotate(then_value=Subquery(then), now_value=Subquery(now))
        .annotate(then_rank=_rank("then_value"), now_rank=_rank("now_value"))
        .filter(then_rank__isnull=False, now_rank__isnull=False)
    )
    return rows.aggregate(
        people=Count("mentee", distinct=True),
        nearer=Count("mentee", distinct=True, filter=Q(now_rank__gt=F("then_rank"))),
        ready_then=Count("mentee", distinct=True, filter=Q(then_rank=ready)),
        ready_now=Count("mentee", distinct=True, filter=Q(now_rank=ready)),
    )


def _retention(engagements: QuerySet[Engagement], today: date) -> Retention | None:
    """Participants against matched colleagues who never took part (retention.py), from the
    HR records: two queries, the matching in NumPy."""
    first = engagements.aggregate(first=Min("started_on"))["first"]
    if first is None:
        return None
    columns = ("business_unit_id", "level", "hire_date", "leaver_date")
    treated = list(
        HRRecord.objects.filter(user_id__in=engagements.values("mentee_id"))
        .values_list(*columns)
        .distinct()
    )
    control = list(
        HRRecord.objects.filter(hire_date__lte=first)
        .filter(Q(leaver_date__isnull=True) | Q(leaver_date__gte=first))
        .exclude(user__engagements__isnull=False)
        .values_list(*columns)
    )
    if not treated or not control:
        return None

    def arrays(rows: list) -> tuple[np.ndarray, np.ndarray]:
        data = np.array(
            [
                (
                    unit if unit is not None else -1,
                    level if level is not None else -1,
                    (today - hired).days / 365.25,
                    leaver is None or leaver > today,
                )
                for unit, level, hired, leaver in rows
            ],
            dtype=np.float64,
        )
        ids = retention.strata(
            data[:, 0].astype(np.int64),
            data[:, 1].astype(np.int64),
            retention.tenure_band(data[:, 2]),
        )
        return ids, data[:, 3]

    effect = retention.matched_effect(*arrays(treated), *arrays(control))
    if effect is None:
        return None
    if not (suppression.count(effect.participants) and suppression.count(effect.colleagues)):
        return None
    return Retention(
        effect.difference, effect.low, effect.high, effect.participants, effect.colleagues
    )


def _gated(value: float | None, people: int) -> float | None:
    """A figure about items (ratings, goals, answers) shown only when the people it describes
    are themselves enough to publish."""
    return value if suppression.count(people) else None


def compute(scope: Scope, today: date | None = None) -> Scorecard:
    """Every figure of the scorecard for `scope` (a constant number of queries)."""
    today = today or timezone.localdate()
    engagements = scope.engagements()
    pairs = _pair_figures(engagements, today)

    growth = []
    for role, label in RATERS:
        n = pairs[f"n_{role}"]
        before = suppression.mean(pairs[f"pre_sum_{role}"] or 0.0, n)
        after = suppression.mean(pairs[f"post_sum_{role}"] or 0.0, n)
        change = None if before is None or after is None else after - before
        growth.append(Growth(role, label, before, after, change, suppression.count(n)))

    behaviour_n = pairs["behaviour_n"]
    behaviour = [
        Figure(
            "behaviour-change",
            "Behaviour change seen by line managers",
            suppression.mean(pairs["behaviour_sum"] or 0, behaviour_n),
            "of 5",
            suppression.count(behaviour_n),
            "line managers",
        ),
        Figure(
            "behaviour-change",
            "Managers seeing clear change (4 or 5)",
            suppression.rate(pairs["behaviour_high"], behaviour_n),
            "%",
            suppression.count(behaviour_n),
            "line managers",
        ),
    ]

    measured = _impact(engagements)
    impact = [
        Figure(
            "business-impact",
            "Goal measures that reached their target",
            _gated(suppression.rate(measured["reached"], measured["goals"]), measured["people"]),
            "%",
            suppression.count(measured["people"]),
            "mentees with a measured goal",
        ),
        Figure(
            "business-impact",
            "Average distance to target covered",
            _gated(
                suppression.mean(measured["progress_sum"] or 0.0, measured["goals"]),
                measured["people"],
            ),
            "%",
            suppression.count(measured["people"]),
            "mentees with a measured goal",
        ),
    ]

    forum = _participation(engagements)
    collaboration = [
        Figure(
            "cross-unit",
            "Pairs across business units",
            suppression.rate(pairs["cross_unit"], pairs["with_units"]),
            "%",
            suppression.count(pairs["with_units"]),
        ),
        Figure(
            "forum",
            "Participants posting in the communities",
            suppression.rate(forum["posting"], forum["people"]),
            "%",
            suppression.count(forum["people"]),
            "mentees and mentors",
        ),
    ]

    matching = _matching(scope)
    days = _days_to_match(engagements)
    given, asked, asked_pairs = _checkin_completion(engagements, today)
    satisfaction = _satisfaction(engagements)
    health = [
        Figure(
            "match-rate",
            "Match rate",
            suppression.rate(matching["matched"], matching["applied"]),
            "%",
            suppression.count(matching["applied"]),
            "applications",
        ),
        Figure(
            "time-to-match",
            "Time to match",
            suppression.mean(float(days.sum()), len(days)),
            "days",
            suppression.count(len(days)),
            "matched applicants",
        ),
        Figure(
            "sessions",
            "Sessions held per pair",
            suppression.mean(float(pairs["held_total"] or 0), pairs["pairs"]),
            "",
            suppression.count(pairs["pairs"]),
        ),
        Figure(
            "checkin-completion",
            "Check-in completion",
            _gated(suppression.rate(given, asked), asked_pairs),
            "%",
            suppression.count(asked_pairs),
        ),
        Figure(
            "stalled",
            "Stalled pairs",
            suppression.rate(pairs["stalled"], pairs["active"]),
            "%",
            suppression.count(pairs["active"]),
            "active pairs",
        ),
        Figure(
            "satisfaction",
            "Satisfaction (check-ins)",
            _gated(
                suppression.mean(satisfaction["total"] or 0, satisfaction["answers"]),
                satisfaction["people"],
            ),
            "of 5",
            suppression.count(satisfaction["people"]),
            "people answering",
        ),
    ]
    moved = _readiness(engagements)
    known = suppression.count(moved["people"])
    readiness = [
        Figure(
            "readiness",
            label,
            suppression.rate(moved[key], moved["people"]),
            "%",
            known,
            "mentees with HR readiness",
        )
        for key, label in (
            ("nearer", "Nearer to ready than at their start"),
            ("ready_then", "Ready now, at their start"),
            ("ready_now", "Ready now, today"),
        )
    ]
    card = Scorecard(
        growth=growth,
        behaviour=behaviour,
        impact=impact,
        collaboration=collaboration,
        health=health,
        themes=_themes(engagements),
        pairs=suppression.count(pairs["pairs"]),
        readiness=readiness,
        retention=_retention(engagements, today),
    )
    card.chart = chart_data(card)
    return card


def chart_data(card: Scorecard) -> dict:
    """The skill-growth chart's data (only published values: hidden ones are null)."""
    shown = [g for g in card.growth if g.shown]
    return {
        "labels": [g.label for g in shown],
        "series": [
            {"label": "At the start", "data": [round(g.before or 0, 2) for g in shown]},
            {"label": "At completion", "data": [round(g.after or 0, 2) for g in shown]},
        ],
    }


def cached(scope: Scope, today: date | None = None) -> Scorecard:
    """The scorecard from the cache, rebuilt when any figure's data changes (cache.py) or the
    day turns (stalls and check-ins depend on the date). The same for every reader of the
    scope: access is decided before (queries.scorecard_programmes)."""
    today = today or timezone.localdate()
    return generations.cached(
        ("insights-scorecard", *scope.parts, today.isoformat()),
        cache_scopes(scope),
        lambda: compute(scope, today),
    )


def cache_scopes(scope: Scope) -> list[str]:
    """What a scorecard (its figures, and the page's markup of them) is built on. An
    engagement's status changes by UPDATE (no signal); the engagements app retires its
    programme's scope then, so the scorecard hears it too."""
    return [cache.SCORECARD, *(engagement_cache.programme(pk) for pk in scope.programme_ids)]
