"""The admin dashboard's panels and summary items, one set per staff role (Desk reads them)."""

from django.urls import reverse

from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component

from portal.staff.desk import desk_for


class DeskPanel(Component):
    """A dashboard panel over one of the Desk's lists; shown to the roles `shown_to` names."""

    order = 50
    template_name = ""

    def __init__(self, request):
        self.desk = desk_for(request)

    def get_context_data(self, parent_context):
        return {"desk": self.desk}


class RunsToReviewPanel(DeskPanel):
    order = 10
    template_name = "staff/panels/runs_to_review.html"


class WaitingListsPanel(DeskPanel):
    order = 20
    template_name = "staff/panels/waiting_lists.html"


class DraftsPanel(DeskPanel):
    order = 30
    template_name = "staff/panels/drafts.html"


class PostsAwaitingApprovalPanel(DeskPanel):
    order = 40
    template_name = "staff/panels/posts_awaiting_approval.html"


def panels_for(request) -> list[DeskPanel]:
    desk = desk_for(request)
    panels: list[DeskPanel] = []
    if desk.manages_programmes:
        panels += [RunsToReviewPanel(request), WaitingListsPanel(request)]
    if desk.drafts_pages:
        panels.append(DraftsPanel(request))
    if desk.moderates:
        panels.append(PostsAwaitingApprovalPanel(request))
    return panels


class DeskSummaryItem(SummaryItem):
    """One count at the top of the dashboard ("2 runs to review"), linking to where it is done."""

    template_name = "staff/summary_item.html"

    def __init__(self, request, order: int, icon: str, count_of: str, noun: str, url: str):
        super().__init__(request)
        self.order = order
        self.icon = icon
        self.count_of = count_of
        self.noun = noun
        self.url = url

    def get_context_data(self, parent_context):
        count = getattr(desk_for(self.request), self.count_of)
        singular, plural = self.noun.split("|")
        return {
            "icon": self.icon,
            "count": count,
            "noun": singular if count == 1 else plural,
            "url": self.url,
        }


def summary_items_for(request) -> list[SummaryItem]:
    desk = desk_for(request)
    items: list[SummaryItem] = []
    if desk.manages_programmes:
        items += [
            DeskSummaryItem(
                request, 10, "group", "run_count", "run to review|runs to review",
                reverse("matching_index"),
            ),
            DeskSummaryItem(
                request, 20, "list-ol", "people_waiting", "person waiting|people waiting",
                reverse("programmes_waiting_lists"),
            ),
            DeskSummaryItem(
                request, 25, "warning", "conflict_count",
                "conflict of interest to review|conflicts of interest to review",
                reverse("governance_conflicts"),
            ),
        ]  # fmt: skip
    if desk.drafts_pages:
        items.append(
            DeskSummaryItem(
                request, 30, "doc-empty", "draft_count", "draft|drafts", reverse("staff_publishing")
            )
        )
    if desk.moderates:
        items.append(
            DeskSummaryItem(
                request, 40, "comment", "post_count",
                "post awaiting approval|posts awaiting approval",
                reverse("forum_moderation:queue"),
            )
        )  # fmt: skip
    return items
