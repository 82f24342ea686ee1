"""Reads for the insights pages: HR data (each through `visible_to` where a person reads it),
and who reads which insights, the one place that decides it.

Sponsors (the steering group) read the scorecard of every programme, read-only, as they read
the whole risk register (governance.queries); programme managers read the programmes they
manage (`managed_programmes`); superusers read all. Nobody else reads any (their pages 404).
The equity figures' population is aggregated here too, in the database (one GROUP BY, however
many people), before suppression; demographic data (gender) is read here only, from consented
records, and only into aggregates that then pass through `suppression.publish`."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from portal.engagements.models import OutcomeEvaluation
from portal.insights import equity, suppression
from portal.insights.models import HRRecord, ReadinessChange
from portal.people.models import BusinessUnit, DemographicRecord, Profile, User
from portal.people.roles import Role, manages_every_programme, may_manage_programmes
from portal.programmes.models import Application, Cohort, Cycle, Engagement, Nomination, Programme
from portal.programmes.queries import managed_programmes


def readiness_on(day: date, record_ref: str = "pk") -> Subquery:
    """An annotation: a record's succession readiness as it stood on `day` (the latest change
    dated on or before it; None before the first import that gave one). `record_ref` names the
    HRRecord's id in the outer query (e.g. "hr_record_id" from elsewhere). The scorecard reads
    it at a participant's start and after, in the database."""
    return Subquery(
        ReadinessChange.objects.filter(record_id=OuterRef(record_ref), effective_on__lte=day)
        .order_by("-effective_on", "-pk")
        .values("readiness")[:1]
    )


def records_for_staff(user, search: str = "", leavers: bool = False) -> QuerySet[HRRecord]:
    """The HR records `user` may read (`visible_to`), matching `search` (employee id, name or
    email), the leavers only when `leavers`; with unit, account and the date of the current
    readiness, in one query."""
    records = HRRecord.objects.visible_to(user).select_related("business_unit", "user")
    if search:
        records = records.filter(
            Q(employee_id__iexact=search) | Q(name__icontains=search) | Q(email__icontains=search)
        )
    if leavers:
        records = records.filter(leaver_date__lte=timezone.localdate())
    return records.annotate(
        readiness_since=Subquery(
            ReadinessChange.objects.filter(record_id=OuterRef("pk"))
            .order_by("-effective_on", "-pk")
            .values("effective_on")[:1]
        )
    ).order_by("name", "employee_id")


def reads_every_programme(user) -> bool:
    """Sponsors (the steering group) read every programme's aggregates, as they read the whole
    risk register; so do superusers."""
    return manages_every_programme(user) or (
        user.is_authenticated and user.is_active and user.has_role(Role.SPONSOR)
    )


def may_read_scorecard(user) -> bool:
    return reads_every_programme(user) or may_manage_programmes(user)


def scorecard_programmes(user) -> QuerySet[Programme]:
    """The programmes whose scorecard `user` may read."""
    if reads_every_programme(user):
        return Programme.objects.all()
    return managed_programmes(user)


def cycles_of(programme: Programme) -> QuerySet[Cycle]:
    return programme.cycles.order_by("-starts_on", "pk")


def cohorts_of(programme: Programme) -> QuerySet[Cohort]:
    return Cohort.objects.filter(cycle__programme=programme).select_related("cycle")


# --- who sees what ------------------------------------------------------------------------------


def may_read_equity(user) -> bool:
    """Sponsors, programme managers (their programmes) and superusers."""
    return reads_every_programme(user) or may_manage_programmes(user)


def equity_programmes(user) -> QuerySet[Programme]:
    """The programmes whose equity figures `user` may read: every one for a sponsor, the ones
    they manage for a programme manager, none for anyone else."""
    if reads_every_programme(user):
        return Programme.objects.all()
    return managed_programmes(user)


def may_download(user, programme: Programme) -> bool:
    """Downloads are for the programme's managers (and superusers), never for sponsors alone."""
    return managed_programmes(user).filter(pk=programme.pk).exists()


# --- the population -----------------------------------------------------------------------------

# Tenure bands (years with the organisation; HR's hire date will feed the same bands).
TENURE_BANDS = ((0, 2, "Under 2 years"), (2, 5, "2 to 4 years"), (5, 10, "5 to 9 years"))
TENURE_TOP = (10, "10 years or more")
NOT_GIVEN = "Not given"

# Dimensions in the page's order; a reader may also look "within" one business unit.
UNIT, GENDER, TENURE, LOCATION, LEVEL = range(5)
DIMENSIONS = ("Business unit", "Gender", "Tenure", "Location", "Level")
SLUGS = ("unit", "gender", "tenure", "location", "level")
FILTERS = (UNIT,)
# The aggregate columns, in the order of suppression's measures.
COLUMNS = ("eligible", "participants", "matched_count", "completed_count")


@dataclass(frozen=True)
class Population:
    """One programme's people as counts per combination of traits (before suppression)."""

    categories: tuple[tuple, ...]
    labels: tuple[dict, ...]
    cells: dict[tuple, list[int]]
    # Per business-unit/gender/... key of everyone's view: (sum of outcome ratings, how many).
    ratings: tuple[dict, ...]


def _tenure_band():
    whens = [
        When(profile__tenure_years__gte=low, profile__tenure_years__lt=high, then=Value(index))
        for index, (low, high, _label) in enumerate(TENURE_BANDS)
    ]
    whens.append(When(profile__tenure_years__gte=TENURE_TOP[0], then=Value(len(TENURE_BANDS))))
    return Case(*whens, default=None, output_field=IntegerField())


def _among(ids: QuerySet) -> Case:
    """Whether the person's id is in `ids` (one column), as a boolean column."""
    return Case(
        When(pk__in=ids, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def eligible_rule(programme: Programme) -> Q:
    """The people the programme is for (portal.programmes.eligibility, on the whole
    organisation): active mentees meeting its level, business unit, tenure and nomination
    rules. Whether they completed their intake is not asked: not having started is part of what
    equity watches."""
    # Uncorrelated IN (...) throughout: computed once per query, not once per person.
    mentees = User.groups.through.objects.filter(group__name=Role.MENTEE.value)
    rule = Q(is_active=True, profile__isnull=False, pk__in=mentees.values("user_id"))
    if programme.eligible_levels:
        rule &= Q(profile__level__in=programme.eligible_levels)
    if programme.min_tenure_years:
        rule &= Q(profile__tenure_years__gte=programme.min_tenure_years)
    units = programme.eligible_units.values("pk")
    rule &= Q(~Exists(units)) | Q(profile__business_unit__in=units)
    if programme.nomination_required:
        rule &= Q(pk__in=Nomination.objects.filter(programme=programme).values("nominee_id"))
    return rule


GROUPED_BY = ("unit", "gender", "band", "place", "level")


def _grouped(people: QuerySet) -> list[dict]:
    """`people` (one row per person, with their traits and stages) counted per combination of
    traits in one GROUP BY around it. The per-person subqueries then run once per person: a
    GROUP BY over the annotated queryset itself makes SQLite evaluate each EXISTS again in
    every conditional aggregate (1.5 s at 2,000 people; bench/insights.py)."""
    sql, params = people.query.sql_with_params()
    q = connection.ops.quote_name
    keys = ", ".join(q(name) for name in GROUPED_BY)

    def flag(name: str) -> str:
        return f"SUM(CASE WHEN {q(name)} THEN 1 ELSE 0 END)"

    # Only the ORM's own SQL (its values still parameters) and our quoted constant names.
    sums = f"{flag('applied')}, {flag('matched')}, {flag('completed')}"
    ratings = f"SUM({q('rating')}), COUNT({q('rating')})"
    # MATERIALIZED: without it SQLite flattens the subquery into the GROUP BY and evaluates each
    # EXISTS again per aggregate (PostgreSQL 12+ and SQLite 3.35+ both read it).
    outer = (
        f"WITH people AS MATERIALIZED ({sql}) "  # noqa: S608
        f"SELECT {keys}, COUNT(*), {sums}, {ratings} FROM people GROUP BY {keys}"
    )
    names = (*GROUPED_BY, *COLUMNS, "rating_sum", "rated")
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def population(programme: Programme) -> Population:
    """Everyone eligible for `programme` or who applied to it, counted by business unit,
    gender, tenure band, location and level: eligible, took part (applied), matched (an
    engagement in the programme) and completed; with the sum and number of mentors' outcome
    ratings. Three queries whatever the numbers of people."""
    engagements = Engagement.objects.filter(programme=programme)
    applicants = Application.objects.filter(programme=programme).values("applicant_id")
    people = (
        User.objects.order_by()
        .annotate(
            applied=_among(applicants),
            matched=_among(engagements.values("mentee_id")),
            completed=_among(
                engagements.filter(status=Engagement.Status.COMPLETED).values("mentee_id")
            ),
            rating=Subquery(
                # OuterRef here is the person: a nested `completed` would resolve it
                # against the evaluation instead.
                OutcomeEvaluation.objects.filter(
                    engagement__programme=programme,
                    engagement__mentee=OuterRef("pk"),
                    engagement__status=Engagement.Status.COMPLETED,
                    mentor_rating__isnull=False,
                )
                .order_by("-submitted_at")
                .values("mentor_rating")[:1]
            ),
            gender=Subquery(
                DemographicRecord.objects.filter(
                    user=OuterRef("pk"), consented_at__isnull=False
                ).values("gender")[:1]
            ),
            band=_tenure_band(),
        )
        .filter(Q(pk__in=applicants) | eligible_rule(programme))
        .values(
            "gender",
            "band",
            "applied",
            "matched",
            "completed",
            "rating",
            unit=F("profile__business_unit"),
            place=F("profile__location"),
            level=F("profile__level"),
        )
    )
    rows = _grouped(people)
    units = list(BusinessUnit.objects.order_by("name").values_list("pk", "name"))
    locations = sorted(
        set(
            Profile.objects.filter(user__is_active=True)
            .exclude(location="")
            .values_list("location", flat=True)
            .distinct()
        )
    )
    labels = (
        {**dict(units), None: "No business unit"},
        {**dict(DemographicRecord.Gender.choices), None: NOT_GIVEN},
        {
            **{index: label for index, (_low, _high, label) in enumerate(TENURE_BANDS)},
            len(TENURE_BANDS): TENURE_TOP[1],
            None: NOT_GIVEN,
        },
        {**{place: place for place in locations}, None: NOT_GIVEN},
        {**dict(Profile.Level.choices), None: NOT_GIVEN},
    )
    categories = tuple(tuple(label) for label in labels)
    cells: dict[tuple, list[int]] = {}
    ratings: tuple[dict, ...] = tuple({} for _ in DIMENSIONS)
    for row in rows:
        key = (
            row["unit"],
            row["gender"] or None,
            row["band"],
            row["place"] or None,
            row["level"],
        )
        counts = cells.setdefault(key, [0, 0, 0, 0])
        for index, name in enumerate(COLUMNS):
            counts[index] += row[name]
        for dimension, group in enumerate(key):
            total, n = ratings[dimension].get(group, (0, 0))
            ratings[dimension][group] = (total + (row["rating_sum"] or 0), n + row["rated"])
    return Population(categories, labels, cells, ratings)


# --- the report a page, a chart, a download and an alert share --------------------------------


@dataclass(frozen=True)
class Within:
    """A view's filter as the page names it: e.g. ("unit", 3) or ("level", None)."""

    dimension: int
    value: object
    label: str

    @property
    def code(self) -> str:
        return f"{SLUGS[self.dimension]}:{'none' if self.value is None else self.value}"


@dataclass(frozen=True)
class Report:
    programme: Programme
    published: suppression.Published
    population: Population
    choices: tuple[Within, ...]

    def tables(self, within: Within | None = None) -> list[equity.DimensionTable]:
        view = self.published.view(None if within is None else (within.dimension, within.value))
        if view is None:
            return []
        return equity.tables(
            view,
            SLUGS,
            DIMENSIONS,
            self.population.labels,
            self.population.ratings if within is None else None,
            NOT_GIVEN,
        )

    def within(self, code: str) -> Within | None:
        return next((choice for choice in self.choices if choice.code == code), None)

    def alerts(self) -> list[equity.Alert]:
        return equity.alerts(self.tables())


def equity_report(programme: Programme) -> Report:
    """The programme's population, suppressed once for every view a reader may ask for."""
    people = population(programme)
    published = suppression.publish(people.cells, people.categories, FILTERS)
    choices = tuple(
        Within(view.filter[0], view.filter[1], people.labels[view.filter[0]][view.filter[1]])
        for view in published.views
        if view.filter is not None
    )
    return Report(programme, published, people, choices)
