"""Reads of the governance registers: who sees which risks, the heat map, the incidents a
manager may link, what reminders are due, and the sections of a quarterly review's agenda.

Access is decided here and nowhere else: `risks_managed_by` (the staff screens) and
`risks_readable_by` (the sponsors' read-only register).

Reads for governance: each register's lists, scoped to who may read them.

The conflict-of-interest register is read by the declarer (their own declarations), by
programme managers (`reviewable_conflicts`) and by matching (`accepted_conflicts`, the hard
rules). See docs/decisions/0019-conflicts-and-reporting-lines.md.

Reads for charters and policies: which policy versions apply to whom, who has acknowledged
them, and what a manager may see of them.

Reads for governance, each narrowed to what the reader may see; the one place that decides
who reads an external expert's due diligence and its evidence.

- The expert: their own.
- Programme managers (may_manage_people): every expert's (people are one pool).
- Sponsors: the ones awaiting a sponsor's approval, while they await it.
- Everyone else: none (a download or page they guess is a 404).
"""

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from forums.models import PostReport
from forums.permissions import readable_forum_ids
from portal.engagements import services as engagement_services
from portal.engagements.models import EngagementLogEntry
from portal.governance import heatmap
from portal.governance.models import (
    EXPERT_EVIDENCE,
    Acknowledgement,
    Charter,
    ChecklistItem,
    ConflictDeclaration,
    Evidence,
    ExpertVetting,
    GovernanceReview,
    IncidentLink,
    Mitigation,
    Policy,
    PolicyVersion,
    ReviewAction,
    Risk,
)
from portal.people.models import MentorProfile, PersonLogEntry, User
from portal.people.roles import (
    Role,
    manages_every_programme,
    may_manage_people,
    may_manage_programmes,
)
from portal.programmes import queries as programme_queries
from portal.programmes.models import Application, Engagement
from portal.programmes.queries import managed_programmes

# --- who sees which risks ------------------------------------------------------------------


def _with_relations(risks: QuerySet[Risk]) -> QuerySet[Risk]:
    return risks.select_related("programme", "owner")


def risks_managed_by(user) -> QuerySet[Risk]:
    """The risks `user` may list and change in the admin: a superuser every risk; a programme
    manager those of the programmes they manage and the organisation-wide ones; nobody else
    any."""
    if manages_every_programme(user):
        return _with_relations(Risk.objects.all())
    if not may_manage_programmes(user):
        return Risk.objects.none()
    return _with_relations(
        Risk.objects.filter(
            Q(programme__isnull=True) | Q(programme__in=managed_programmes(user).values("pk"))
        )
    )


def may_read_register(user) -> bool:
    """Sponsors (the steering group) read the whole register; so do superusers."""
    return manages_every_programme(user) or (
        user.is_authenticated and user.is_active and user.has_role(Role.SPONSOR)
    )


def risks_readable_by(user) -> QuerySet[Risk]:
    """The register as a sponsor reads it (every programme's risks and the organisation's),
    highest score first, mitigations and linked incidents included; nothing for anyone else."""
    if not may_read_register(user):
        return Risk.objects.none()
    return (
        _with_relations(Risk.objects.all())
        .prefetch_related("mitigations__owner", "incidents")
        .by_score()
    )


def heat_map(risks: QuerySet[Risk]) -> tuple[heatmap.Row, ...]:
    """The 5×5 grid of the open risks among `risks`, in one query."""
    pairs = risks.open().order_by().values_list("likelihood", "impact")
    return heatmap.grid(pairs)


# --- incidents a manager may link ------------------------------------------------------------

RECENT_INCIDENT_DAYS = 180


@dataclass(frozen=True)
class Incident:
    """One incident as the chooser offers it: which source row, and a neutral summary."""

    kind: str
    source_id: int
    summary: str
    occurred_on: date

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.source_id}"


def _programme_words(entry: EngagementLogEntry) -> str:
    programme = entry.engagement.programme
    return f" in {programme.name}" if programme else ""


def _engagement_incidents(user, since) -> list[Incident]:
    """Early exits and break-glass reads in the engagements of the manager's programmes
    (EngagementLogEntry.objects.viewable_by_user), without names or reasons."""
    kinds = {
        engagement_services.ENDED_EARLY: IncidentLink.Kind.ENGAGEMENT_EXIT,
        engagement_services.NOTE_OPENED: IncidentLink.Kind.BREAK_GLASS,
    }
    entries = (
        EngagementLogEntry.objects.viewable_by_user(user)
        .filter(action__in=kinds, timestamp__gte=since)
        .select_related("engagement__programme")
        .order_by("-timestamp")
    )
    incidents = []
    for entry in entries:
        on = timezone.localdate(entry.timestamp)
        where = _programme_words(entry)
        if entry.action == engagement_services.ENDED_EARLY:
            side = (entry.data or {}).get("by", "")
            by = f", by the {side}" if side in ("mentee", "mentor") else ""
            summary = f"An engagement{where} ended early{by} on {on:%-d %B %Y}"
        else:
            summary = f"A programme manager opened a note{where} on {on:%-d %B %Y}"
        incidents.append(Incident(kinds[entry.action], entry.pk, summary, on))
    return incidents


def _forum_incidents(user, since) -> list[Incident]:
    """Reports on posts in the forums the manager may read."""
    reports = (
        PostReport.objects.filter(
            created_at__gte=since, post__topic__forum_id__in=readable_forum_ids(user)
        )
        .select_related("post__topic__forum")
        .order_by("-created_at")
    )
    incidents = []
    for report in reports:
        on = timezone.localdate(report.created_at)
        forum = report.post.topic.forum.name
        summary = (
            f"A post in {forum} reported as “{report.get_reason_display().lower()}” on "
            f"{on:%-d %B %Y} ({report.get_outcome_display().lower()})"
        )
        incidents.append(Incident(IncidentLink.Kind.FORUM_REPORT, report.pk, summary, on))
    return incidents


def incidents_for(user, days: int = RECENT_INCIDENT_DAYS) -> list[Incident]:
    """The recent incidents `user` may link to a risk, newest first: a programme manager's
    programmes' exits and break-glass reads, and reports in the forums they may read."""
    if not may_manage_programmes(user):
        return []
    since = timezone.now() - timedelta(days=days)
    found = _engagement_incidents(user, since) + _forum_incidents(user, since)
    return sorted(found, key=lambda incident: incident.occurred_on, reverse=True)


# --- reminders ---------------------------------------------------------------------------------


def risks_due_reminder(today: date) -> QuerySet[Risk]:
    """Open risks whose review date has come and whose owner was not yet told about it."""
    return (
        Risk.objects.open()
        .filter(next_review_on__lte=today)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("next_review_on")))
        .select_related("owner")
    )


def mitigations_due_reminder(today: date) -> QuerySet[Mitigation]:
    """Mitigations not done, past their due date, of open risks, whose owner was not yet told
    about this due date."""
    return (
        Mitigation.objects.filter(done=False, due_on__lt=today)
        .exclude(risk__status=Risk.Status.CLOSED)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due_on")))
        .select_related("owner", "risk")
    )


# --- the quarterly review ---------------------------------------------------------------------


@dataclass
class AgendaItem:
    text: str
    detail: str = ""


@dataclass
class AgendaSection:
    """One part of a review's agenda, drawn from one register."""

    title: str
    empty: str
    items: list[AgendaItem] = field(default_factory=list)

    def as_data(self) -> dict:
        return asdict(self)


def _risk_item(risk: Risk) -> AgendaItem:
    return AgendaItem(
        f"{risk.title} ({risk.scope_label})",
        f"Score {risk.score} ({risk.band}), owner {risk.owner.get_full_name()}, "
        f"review due {risk.next_review_on:%-d %B %Y}",
    )


def risks_due_for_review(today: date) -> AgendaSection:
    """Open risks whose review date has come or passed."""
    risks = (
        Risk.objects.open()
        .filter(next_review_on__lte=today)
        .select_related("programme", "owner")
        .order_by("next_review_on", "pk")
    )
    return AgendaSection(
        "Open risks due for review",
        "No open risk is due for review.",
        [_risk_item(risk) for risk in risks],
    )


HIGHEST_SCORED = 5


def highest_scored_risks(today: date) -> AgendaSection:
    """The open risks with the highest likelihood × impact."""
    risks = Risk.objects.open().select_related("programme", "owner").by_score()[:HIGHEST_SCORED]
    return AgendaSection(
        "Highest-scored open risks",
        "The register holds no open risk.",
        [_risk_item(risk) for risk in risks],
    )


def agenda_sections(today: date) -> list[AgendaSection]:
    """The agenda of a review created on `today`, one section per source."""
    return [source(today) for source in AGENDA_SOURCES]


def current_quarter(today: date) -> tuple[int, int]:
    return today.year, (today.month - 1) // 3 + 1


def reviews() -> QuerySet[GovernanceReview]:
    """Every quarter's review, newest first (the steering group's reviews are organisation-wide)."""
    return GovernanceReview.objects.prefetch_related("actions__owner")


def open_actions_of(user) -> QuerySet[ReviewAction]:
    """The review actions `user` owns that are not done, soonest first."""
    return (
        ReviewAction.objects.filter(owner=user, done=False)
        .select_related("review")
        .order_by("due_on", "pk")
    )


def admin_url_of(risk: Risk) -> str:
    return reverse("risk_admin:edit", args=[risk.pk])


def my_conflicts(user) -> QuerySet[ConflictDeclaration]:
    """The participant's own declarations, newest first, with what the list shows."""
    return ConflictDeclaration.objects.declared_by(user).select_related(
        "other_person", "business_unit", "reviewed_by"
    )


def reviewable_conflicts(user) -> QuerySet[ConflictDeclaration]:
    """The declarations `user` may review: all for a superuser; for a programme manager those
    by or about someone who applied to a programme they manage, or by or about a mentor (mentors
    are one pool: every programme's matching may choose them); none for anyone else."""
    if manages_every_programme(user):
        return ConflictDeclaration.objects.all()
    if not may_manage_programmes(user):
        return ConflictDeclaration.objects.none()
    theirs = managed_programmes(user).values("pk")

    def concerned(field: str) -> Q:
        applied = Application.objects.filter(applicant=OuterRef(field), programme__in=theirs)
        mentor = MentorProfile.objects.filter(user=OuterRef(field))
        return Q(Exists(applied)) | Q(Exists(mentor))

    return ConflictDeclaration.objects.filter(concerned("declarer") | concerned("other_person"))


def pending_conflicts(user) -> QuerySet[ConflictDeclaration]:
    """The review queue: pending declarations `user` may review, oldest first."""
    return (
        reviewable_conflicts(user)
        .filter(status=ConflictDeclaration.Status.PENDING)
        .select_related("declarer", "other_person", "business_unit")
        .order_by("created_at", "pk")
    )


def decided_conflicts(user) -> QuerySet[ConflictDeclaration]:
    return (
        reviewable_conflicts(user)
        .exclude(status=ConflictDeclaration.Status.PENDING)
        .select_related("declarer", "other_person", "business_unit", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


def accepted_conflicts(user_ids: Iterable[int]) -> list[tuple[int, int | None, int | None]]:
    """Accepted declarations by or about these people as (declarer, other person, business
    unit) ids, in one query: the hard rules matching applies (portal/matching/queries.py)."""
    ids = list(user_ids)
    return list(
        ConflictDeclaration.objects.accepted()
        .filter(Q(declarer_id__in=ids) | Q(other_person_id__in=ids))
        .values_list("declarer_id", "other_person_id", "business_unit_id")
    )


Memberships = User.groups.through


def programme_ids_of(user: User) -> set[int]:
    """The programmes a person takes part in: applied to (still active) or paired in."""
    applied = Application.objects.filter(applicant=user, status__in=Application.ACTIVE)
    paired = Engagement.objects.filter(Q(mentee=user) | Q(mentor__user=user))
    return set(applied.values_list("programme_id", flat=True)) | set(
        paired.exclude(programme_id=None).values_list("programme_id", flat=True)
    )


def current_versions(programme_ids: Collection[int] = ()) -> QuerySet[PolicyVersion]:
    """The version to acknowledge of each live policy of the organisation and of these
    programmes."""
    return (
        PolicyVersion.objects.current()
        .filter(policy__in=Policy.objects.for_programmes(programme_ids))
        .select_related("policy", "policy__programme")
        .order_by("policy__programme__name", "policy__title")
    )


def outstanding(
    user_ids: Collection[int], programme_ids: Collection[int] = ()
) -> dict[int, list[PolicyVersion]]:
    """For each person, the current versions that apply to them (their roles are in the
    audience) and that they have not acknowledged. Three queries, however many people."""
    versions = list(current_versions(programme_ids))
    if not versions or not user_ids:
        return {}
    roles: dict[int, set[str]] = {}
    for user_id, role in Memberships.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group__name"
    ):
        roles.setdefault(user_id, set()).add(role)
    done = set(
        Acknowledgement.objects.filter(person_id__in=user_ids, version__in=versions).values_list(
            "person_id", "version_id"
        )
    )
    found: dict[int, list[PolicyVersion]] = {}
    for user_id, held in roles.items():
        due = [v for v in versions if held & set(v.policy.audience) and (user_id, v.pk) not in done]
        if due:
            found[user_id] = due
    return found


def readable_policies(user: User) -> QuerySet[Policy]:
    """The live policies a person can read in the portal: the organisation's and those of the
    programmes they take part in (policies are not secret; these are the ones that concern them)."""
    return Policy.objects.live().for_programmes(programme_ids_of(user)).select_related("programme")


def readable_charters(user: User) -> QuerySet[Charter]:
    """The live charters of the programmes a person takes part in or manages."""
    ids = programme_ids_of(user) | set(
        programme_queries.managed_programmes(user).values_list("pk", flat=True)
    )
    return Charter.objects.filter(live=True, programme_id__in=ids).select_related("programme")


def latest_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.order_by("-number").first()


# --- for managers -------------------------------------------------------------------------------


def managed_policies(user: User) -> QuerySet[Policy]:
    """The policies a manager oversees: the organisation's and their own programmes'."""
    if manages_every_programme(user):
        return Policy.objects.all()
    return Policy.objects.filter(
        Q(programme__isnull=True)
        | Q(programme__in=programme_queries.managed_programmes(user).values("pk"))
    )


def managed_charters(user: User) -> QuerySet[Charter]:
    return programme_queries.managed(Charter.objects.all(), user, "programme")


def charter_people() -> QuerySet[User]:
    """Who a charter can name: the active people who sponsor or run programmes."""
    roles = [Role.SPONSOR.value, Role.PROGRAMME_MANAGER.value]
    holds = Memberships.objects.filter(user_id=OuterRef("pk"), group__name__in=roles)
    return User.objects.filter(Exists(holds), is_active=True).order_by("last_name", "first_name")


def _in_programme(programme_id: int) -> Q:
    applied = Application.objects.filter(applicant=OuterRef("pk"), programme_id=programme_id)
    mentee = Engagement.objects.filter(mentee=OuterRef("pk"), programme_id=programme_id)
    mentor = Engagement.objects.filter(mentor__user=OuterRef("pk"), programme_id=programme_id)
    return Q(Exists(applied)) | Q(Exists(mentee)) | Q(Exists(mentor))


def audience_of(policy: Policy) -> QuerySet[User]:
    """The active people a policy applies to: holding a role of its audience and, for a
    programme's policy, taking part in that programme."""
    roles = Memberships.objects.filter(user_id=OuterRef("pk"), group__name__in=policy.audience)
    people = User.objects.filter(Exists(roles), is_active=True)
    if policy.programme_id:
        people = people.filter(_in_programme(policy.programme_id))
    return people


def _acknowledged(version: PolicyVersion) -> Exists:
    return Exists(Acknowledgement.objects.filter(version=version, person_id=OuterRef("pk")))


def outstanding_people(version: PolicyVersion) -> QuerySet[User]:
    """Who the version applies to and has not acknowledged it, by name."""
    return (
        audience_of(version.policy)
        .exclude(_acknowledged(version))
        .order_by("last_name", "first_name", "pk")
    )


def acknowledgement_counts(version: PolicyVersion) -> tuple[int, int]:
    """(acknowledged, applies to) among the people the version applies to, in one query."""
    counts = audience_of(version.policy).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(_acknowledged(version)))
    )
    return counts["done"], counts["total"]


def versions_overseen(user: User) -> QuerySet[PolicyVersion]:
    """The current version of every live policy the manager oversees."""
    return (
        PolicyVersion.objects.current()
        .filter(policy__in=managed_policies(user))
        .select_related("policy", "policy__programme")
        .order_by("policy__programme__name", "policy__title")
    )


def vettings_visible_to(user) -> QuerySet[ExpertVetting]:
    if not (user.is_authenticated and user.is_active):
        return ExpertVetting.objects.none()
    if may_manage_people(user):
        return ExpertVetting.objects.all()
    rule = Q(mentor__user=user)
    if user.has_role(Role.SPONSOR):
        rule |= Q(stage=ExpertVetting.Stage.AWAITING_SPONSOR)
    return ExpertVetting.objects.filter(rule)


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """The evidence files `user` may download: those of the due diligence they may read."""
    return Evidence.objects.filter(item__vetting__in=vettings_visible_to(user).values("pk"))


def items_uploadable_by(user) -> QuerySet[ChecklistItem]:
    """Checklist items `user` may add evidence to: the expert their own items that need their
    evidence (services.EXPERT_EVIDENCE); a programme manager any other expert's items."""
    if not (user.is_authenticated and user.is_active):
        return ChecklistItem.objects.none()
    own = Q(vetting__mentor__user=user, kind__in=EXPERT_EVIDENCE)
    if may_manage_people(user):
        return ChecklistItem.objects.filter(own | ~Q(vetting__mentor__user=user))
    return ChecklistItem.objects.filter(own)


def with_progress(vettings: QuerySet[ExpertVetting]) -> QuerySet[ExpertVetting]:
    """Each due diligence with its expert and how many of its items are complete."""
    return vettings.select_related("mentor__user", "manager_approved_by").annotate(
        items_complete=Count("items", filter=Q(items__complete=True)),
        items_total=Count("items"),
    )


def awaiting_sponsor(user) -> QuerySet[ExpertVetting]:
    """What a sponsor's review page lists: due diligence awaiting a sponsor, oldest first."""
    if not (user.is_authenticated and user.is_active and user.has_role(Role.SPONSOR)):
        return ExpertVetting.objects.none()
    return with_progress(
        ExpertVetting.objects.filter(stage=ExpertVetting.Stage.AWAITING_SPONSOR)
    ).order_by("manager_approved_at", "pk")


def items_with_evidence(vetting: ExpertVetting) -> QuerySet[ChecklistItem]:
    return vetting.items.select_related("checked_by").prefetch_related("evidence")


def record_of(vetting: ExpertVetting) -> QuerySet[PersonLogEntry]:
    """The expert's due diligence and vetting decisions, newest first (who, what, why)."""
    return PersonLogEntry.objects.filter(
        Q(action__startswith="governance.") | Q(action="people.vetting_decided"),
        object_id=str(vetting.mentor.user_id),
    ).select_related("user")[:100]


# --- the review's agenda from the other registers ---------------------------------------------

EXPIRY_HORIZON_DAYS = 60


def conflicts_awaiting_review(today: date) -> AgendaSection:
    """Declarations of conflicts of interest nobody has decided yet, oldest first (the
    declaration's own words stay with the declarer and the reviewer)."""
    pending = (
        ConflictDeclaration.objects.filter(status=ConflictDeclaration.Status.PENDING)
        .select_related("declarer", "other_person", "business_unit")
        .order_by("created_at", "pk")
    )
    return AgendaSection(
        "Conflicts of interest awaiting review",
        "No declared conflict is waiting for a decision.",
        [
            AgendaItem(
                f"{c.declarer.get_full_name()} with "
                f"{c.other_person.get_full_name() if c.other_person else c.business_unit}",
                f"{c.get_kind_display()}, declared {c.created_at:%-d %B %Y}",
            )
            for c in pending
        ],
    )


def experts_expiring(today: date) -> AgendaSection:
    """External experts whose vetting ends within the next EXPIRY_HORIZON_DAYS."""
    mentors = (
        MentorProfile.objects.filter(
            kind=MentorProfile.Kind.EXTERNAL,
            vetting_status=MentorProfile.Vetting.APPROVED,
            vetting_expires_on__gt=today,
            vetting_expires_on__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS),
        )
        .select_related("user")
        .order_by("vetting_expires_on", "pk")
    )
    return AgendaSection(
        f"External experts whose vetting ends within {EXPIRY_HORIZON_DAYS} days",
        f"No expert's vetting ends in the next {EXPIRY_HORIZON_DAYS} days.",
        [
            AgendaItem(
                m.user.get_full_name(), f"vetting holds until {m.vetting_expires_on:%-d %B %Y}"
            )
            for m in mentors
        ],
    )


def acknowledgement_rates(today: date) -> AgendaSection:
    """How many of the people each live policy applies to have acknowledged its current
    version (one query per policy)."""
    items = []
    for version in PolicyVersion.objects.current().select_related("policy", "policy__programme"):
        done, total = acknowledgement_counts(version)
        rate = f"{round(100 * done / total)}%" if total else "nobody it applies to yet"
        items.append(
            AgendaItem(
                f"{version.policy.title} (version {version.number})",
                f"{rate} acknowledged ({done} of {total})",
            )
        )
    return AgendaSection("Policy acknowledgement rates", "No policy is published yet.", items)


# One function per register, in agenda order; each takes the day and returns its section.
AGENDA_SOURCES = [
    risks_due_for_review,
    highest_scored_risks,
    conflicts_awaiting_review,
    experts_expiring,
    acknowledgement_rates,
]
