"""What waits on a staff member, read once per request for the admin dashboard.

The same reads as the portal home's tasks (portal/home.py): runs to review, waiting lists and
conflicts of interest to review from the programmes a person manages, drafts and their review
state, posts awaiting approval in the forums they moderate. Each list is read at most once per
request, however many panels and summary items show it, in a constant number of queries.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count

from content.queries import Draft, drafts_of
from forums.queries import posts_awaiting_approval
from portal.governance.queries import pending_conflicts
from portal.matching.queries import runs_awaiting_review
from portal.people.roles import Role, may_manage_programmes
from portal.programmes.queries import waiting_lists_of

ROWS = 8


@dataclass
class Desk:
    user: object

    @cached_property
    def manages_programmes(self) -> bool:
        return may_manage_programmes(self.user)

    @cached_property
    def drafts_pages(self) -> bool:
        return self.user.has_role(Role.COMMUNICATIONS)

    @cached_property
    def moderates(self) -> bool:
        return self.user.has_role(Role.MODERATOR)

    @cached_property
    def runs(self) -> list:
        return list(runs_awaiting_review(self.user).annotate(pair_count=Count("pairs")))

    @property
    def run_count(self) -> int:
        return len(self.runs)

    @cached_property
    def conflict_count(self) -> int:
        """Conflict-of-interest declarations waiting for this manager's review."""
        return pending_conflicts(self.user).count()

    @cached_property
    def waiting_lists(self) -> list:
        return list(waiting_lists_of(self.user).order_by("starts_on", "programme__name", "pk"))

    @cached_property
    def people_waiting(self) -> int:
        return sum(cycle.waiting_count for cycle in self.waiting_lists)

    @cached_property
    def _drafts(self) -> tuple[int, list[Draft]]:
        return drafts_of(self.user, limit=ROWS)

    @property
    def draft_count(self) -> int:
        return self._drafts[0]

    @property
    def drafts(self) -> list[Draft]:
        return self._drafts[1]

    @cached_property
    def _posts(self) -> tuple[int, list]:
        posts = posts_awaiting_approval(self.user)
        return posts.count(), list(posts[:ROWS])

    @property
    def post_count(self) -> int:
        return self._posts[0]

    @property
    def posts(self) -> list:
        return self._posts[1]


def desk_for(request) -> Desk:
    """The request's Desk, built on first use (summary items and panels share it)."""
    desk = getattr(request, "_staff_desk", None)
    if desk is None:
        desk = request._staff_desk = Desk(request.user)
    return desk
