"""Who may do what in each community: the one rule, as pure logic (no Django import).

forums.permissions gathers the facts about a person from the database and machina asks this
module, through our ForumPermissionChecker, for the permission codenames they hold in a forum.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

MENTOR_ROLES = frozenset({"Mentor", "External expert"})
MODERATOR_ROLE = "Moderator"
PROGRAMME_MANAGER_ROLE = "Programme manager"

# What a member of a community's audience may do. Polls and announcements are left out: the
# communities are conversations, and fewer controls keep the pages simple.
MEMBER = frozenset(
    {
        "can_see_forum",
        "can_read_forum",
        "can_start_new_topics",
        "can_reply_to_topics",
        "can_edit_own_posts",
        "can_delete_own_posts",
        "can_attach_file",
        "can_download_file",
    }
)
# A member whose posts no longer wait in the approval queue.
TRUSTED = frozenset({"can_post_without_approval"})
# A moderator assigned to the forum (and holding the Moderator role).
MODERATOR = (
    MEMBER
    | TRUSTED
    | frozenset(
        {
            "can_lock_topics",
            "can_move_topics",
            "can_edit_posts",
            "can_delete_posts",
            "can_approve_posts",
            "can_reply_to_locked_topics",
            "can_post_stickies",
        }
    )
)


@dataclass(frozen=True)
class CommunityRef:
    """The audience of one forum: its kind and, for a cohort forum, the cohort."""

    forum_id: int
    kind: str
    cohort_id: int | None = None
    # A forum inside another is reachable only when its parent is (machina's tree rule).
    parent_forum_id: int | None = None


@dataclass
class Facts:
    """What the database says about one person. `trusted` is asked only when needed (a count)."""

    active: bool
    roles: frozenset[str]
    cohort_ids: frozenset[int] = frozenset()
    managed_cohort_ids: frozenset[int] = frozenset()
    alumnus: bool = False
    moderated_forum_ids: frozenset[int] = frozenset()
    trusted: Callable[[], bool] = field(default=lambda: False)


def in_audience(community: CommunityRef, facts: Facts) -> bool:
    """Whether the person belongs to the community's audience (reads and takes part)."""
    if community.kind == "questions":
        return True
    if community.kind == "mentors":
        return bool(facts.roles & MENTOR_ROLES)
    if community.kind == "alumni":
        return facts.alumnus
    if community.kind == "cohort":
        return community.cohort_id in facts.cohort_ids or (
            PROGRAMME_MANAGER_ROLE in facts.roles
            and community.cohort_id in facts.managed_cohort_ids
        )
    return False


def moderates(community: CommunityRef, facts: Facts) -> bool:
    """A Moderator assigned to the forum; and, for a cohort forum, the managers of the cohort's
    programme (by this rule, so a change of managers needs no list kept in step)."""
    if MODERATOR_ROLE in facts.roles and community.forum_id in facts.moderated_forum_ids:
        return True
    return (
        community.kind == "cohort"
        and PROGRAMME_MANAGER_ROLE in facts.roles
        and community.cohort_id in facts.managed_cohort_ids
    )


def permissions(
    community: CommunityRef | None, facts: Facts, asked: frozenset[str] | None = None
) -> frozenset[str]:
    """Permission codenames the person holds in the forum. A forum without a community (made by
    hand in machina's admin) is closed to everyone but superusers.

    `asked`, when given, names the only codenames the caller cares about: trust (a count in the
    database) is then looked up only when one of them depends on it. The answer is the same for
    every codename in `asked`."""
    if community is None or not facts.active:
        return frozenset()
    if moderates(community, facts):
        return MODERATOR
    if not in_audience(community, facts):
        return frozenset()
    if (asked is None or asked & TRUSTED) and facts.trusted():
        return MEMBER | TRUSTED
    return MEMBER
