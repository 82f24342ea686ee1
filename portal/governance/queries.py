"""Reads for charters and policies: which policy versions apply to whom, who has acknowledged
them, and what a manager may see of them."""

from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from portal.governance.models import Acknowledgement, Charter, Policy, PolicyVersion
from portal.people.models import User
from portal.people.roles import Role, manages_every_programme
from portal.programmes import queries as programme_queries
from portal.programmes.models import Application, Engagement

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
