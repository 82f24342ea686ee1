"""The one place that decides forum access: facts about a person, read from roles and
memberships, handed to the pure rule in forums.policy.

machina asks through our ForumPermissionChecker (forums/machina_apps/forum_permission/checker.py);
our own views and queries ask the functions below. machina's UserForumPermission and
GroupForumPermission rows are not consulted: there is nothing to grant by hand, and nothing to
forget to revoke when someone leaves a cohort or a role.
"""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import connection

from machina.core.db.models import get_model

from forums import cache, policy
from forums.models import Community
from portal import generations
from portal.programmes.models import Cohort, CohortMembership, Engagement
from portal.programmes.queries import managed

Post = get_model("forum_conversation", "Post")

# Posts by a member wait for a moderator until this many of theirs have been approved.
DEFAULT_TRUST_THRESHOLD = 3


def trust_threshold() -> int:
    return getattr(settings, "FORUMS_TRUSTED_AFTER_APPROVED_POSTS", DEFAULT_TRUST_THRESHOLD)


def is_trusted(user) -> bool:
    approved = Post.objects.filter(poster=user, approved=True)[: trust_threshold()].count()
    return approved >= trust_threshold()


def load_facts(user) -> policy.Facts:
    """Everything the rule needs about `user`, in at most four small queries (and a count for
    trust, only when a question depends on it)."""
    if not user.is_authenticated:
        return policy.Facts(active=False, roles=frozenset())
    roles = frozenset(user.role_names)
    # The staff rule every programme screen uses (no query for someone without the role).
    managed_cohorts = frozenset(
        managed(Cohort.objects.all(), user, "cycle__programme").values_list("pk", flat=True)
    )
    moderated: frozenset[int] = frozenset()
    if policy.MODERATOR_ROLE in roles:
        moderated = frozenset(
            Community.moderators.through.objects.filter(user=user).values_list(
                "community__forum_id", flat=True
            )
        )
    trusted_answer: list[bool] = []

    def trusted() -> bool:
        if not trusted_answer:
            trusted_answer.append(is_trusted(user))
        return trusted_answer[0]

    cohort_ids, alumnus = memberships(user.pk)
    return policy.Facts(
        active=user.is_active,
        roles=roles,
        cohort_ids=cohort_ids,
        managed_cohort_ids=managed_cohorts,
        alumnus=alumnus,
        moderated_forum_ids=moderated,
        trusted=trusted,
    )


def memberships(user_id: int) -> tuple[frozenset[int], bool]:
    """The cohorts a person belongs to, and whether they completed an engagement as a mentee.

    One statement of SQL, not two ORM queries: every community page asks this, and building
    the ORM's queries took ten times longer than running them (bench/forums.py). A row with no
    cohort (NULL: cohort_id is never null) says the person is an alumnus."""
    membership, engagement = CohortMembership._meta, Engagement._meta
    quote = connection.ops.quote_name
    cohort, member = (quote(membership.get_field(f).column) for f in ("cohort", "user"))
    mentee, status = (quote(engagement.get_field(f).column) for f in ("mentee", "status"))
    # Only table and column names from the models, quoted; every value is a parameter.
    sql = (
        f"SELECT {cohort} FROM {quote(membership.db_table)} WHERE {member} = %s "  # noqa: S608
        f"UNION ALL SELECT NULL WHERE EXISTS (SELECT 1 FROM {quote(engagement.db_table)} "
        f"WHERE {mentee} = %s AND {status} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, user_id, Engagement.Status.COMPLETED.value])
        rows = [cohort_id for (cohort_id,) in cursor.fetchall()]
    return frozenset(c for c in rows if c is not None), None in rows


def load_communities() -> dict[int, policy.CommunityRef]:
    """Every forum's audience. The same for everyone and rarely changed, so it is kept in the
    cache until a community or a forum is saved or deleted (forums.receivers); what a person
    is (roles, memberships) is read on every request."""
    rows = generations.cached(
        ("forums-communities",),
        (cache.COMMUNITIES,),
        lambda: list(
            Community.objects.values_list("forum_id", "kind", "cohort_id", "forum__parent_id")
        ),
    )
    return {row[0]: policy.CommunityRef(*row) for row in rows}


class Access:
    """One person's access to every community, computed once (per request, per checker)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        # Asked for every question: read once from the request's (lazy) user.
        self.superuser = user.is_superuser
        # Questions about trust (a count) are answered once each; see `_apart_from_trust`.
        self._about_trust: dict[tuple[int, frozenset[str] | None], frozenset[str]] = {}

    @cached_property
    def facts(self) -> policy.Facts:
        return load_facts(self.user)

    @cached_property
    def communities(self) -> dict[int, policy.CommunityRef]:
        return load_communities()

    @cached_property
    def _apart_from_trust(self) -> dict[int, frozenset[str]]:
        # Every forum's codenames but trust's, in one pass: what almost every question on a page
        # needs (several per post, and every forum for the index and the review-queue link).
        return {
            forum_id: policy.permissions(community, self.facts, frozenset())
            for forum_id, community in self.communities.items()
        }

    def permissions(
        self, forum_id: int | None, asked: frozenset[str] | None = None
    ) -> frozenset[str]:
        """The codenames held in the forum (see policy.permissions for `asked`)."""
        if forum_id is None:
            return frozenset()
        if self.superuser:
            return policy.MODERATOR
        if asked is not None and not asked & policy.TRUSTED:
            return self._apart_from_trust.get(forum_id, frozenset())
        question = (forum_id, asked)
        if question not in self._about_trust:
            community = self.communities.get(forum_id)
            self._about_trust[question] = policy.permissions(community, self.facts, asked)
        return self._about_trust[question]

    def holds(self, codename: str, forum_id: int | None) -> bool:
        return codename in self.permissions(forum_id, frozenset({codename}))

    def forum_ids_with(self, *codenames: str) -> list[int]:
        """Forums where the person holds every one of `codenames`, and so does every forum
        above them (a forum under a closed one stays closed, as in machina)."""
        if self.superuser:
            return list(self.communities)
        wanted = frozenset(codenames)
        granted = {fid for fid in self.communities if wanted <= self.permissions(fid, wanted)}

        def reachable(forum_id: int | None, depth: int = 0) -> bool:
            if forum_id is None:
                return True
            if forum_id not in granted or depth > len(granted):
                return False
            return reachable(self.communities[forum_id].parent_forum_id, depth + 1)

        return sorted(fid for fid in granted if reachable(self.communities[fid].parent_forum_id))


def readable_forum_ids(user) -> list[int]:
    """Forums whose topics `user` may read."""
    return Access(user).forum_ids_with("can_read_forum")


def moderated_forum_ids(user) -> list[int]:
    """Forums whose queue (posts awaiting approval, reports) `user` works."""
    return Access(user).forum_ids_with("can_approve_posts")
