"""Changes of state in the library: the publishing workflow, playing simulations, reflections,
completing modules (a mentor's onboarding), withdrawing consent. One function per intention."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

from content.email import body_for_email
from content.models import (
    ArticlePage,
    ConsentRecord,
    LearningModulePage,
    ModuleCompletion,
    NewsletterSend,
    Reflection,
    SimulationDecision,
    SimulationPage,
    SimulationRun,
    StoryPerson,
    SuccessStoryPage,
)
from content.queries import (
    NewsletterChoice,
    newsletter_recipients,
    onboarding_modules,
    required_modules_done,
)
from portal.notifications import kinds
from portal.notifications import services as notification_services
from portal.notifications.services import notify
from portal.people import services as people_services
from portal.people.catalog.services import mentor_profile_of
from portal.people.models import User
from portal.people.roles import Role, may_send_newsletters
from portal.tasks import enqueue_after_commit

if TYPE_CHECKING:
    from wagtail.models import TaskState, Workflow, WorkflowState

    from django_tasks.base import Task

WORKFLOW_NAME = "Library publishing"
REVIEW_TASK_NAME = "Moderator review"
MAX_DECISIONS = 40  # a run this long is going in circles; the page says so


# --- publishing -----------------------------------------------------------------------------------


def _page_title(workflow_state: "WorkflowState") -> str:
    page = workflow_state.content_object
    return page.get_admin_display_title() if hasattr(page, "get_admin_display_title") else str(page)


def _edit_url(workflow_state: "WorkflowState") -> str:
    return reverse("wagtailadmin_pages:edit", args=[workflow_state.object_id])


def tell_reviewers(task_state: "TaskState", submitter: User | None) -> None:
    """A page reached a review task: everyone in the task's reviewing groups hears (the
    Wagtail signal task_submitted, content/receivers.py)."""
    task = task_state.task.specific
    groups = getattr(task, "groups", None)
    if groups is None:
        return
    workflow_state = task_state.workflow_state
    reviewers = User.objects.filter(is_active=True, groups__in=groups.all()).distinct()
    notify(
        reviewers,
        kinds.REVIEW_REQUESTED,
        title=f"“{_page_title(workflow_state)}” is sent for your review",
        body=f"{submitter or 'An editor'} asks for {task.name.lower()}: approve it, or send it "
        "back with a comment.",
        url=_edit_url(workflow_state),
        actor=submitter,
    )


def tell_submitter(
    workflow_state: "WorkflowState", decided_by: User | None, approved: bool
) -> None:
    """The person who sent a page for review hears the decision (workflow_approved and
    workflow_rejected, content/receivers.py)."""
    title = _page_title(workflow_state)
    if approved:
        headline, body = f"“{title}” is approved and published", f"Approved by {decided_by}."
    else:
        comment = getattr(workflow_state.current_task_state, "comment", "") or ""
        headline = f"Changes are asked for “{title}”"
        body = f"{decided_by} sent it back." + (f" Their comment: {comment}" if comment else "")
    notify(
        [workflow_state.requested_by] if workflow_state.requested_by else [],
        kinds.REVIEW_DECIDED,
        title=headline,
        body=body,
        url=_edit_url(workflow_state),
        actor=decided_by,
    )


@transaction.atomic
def ensure_publishing_workflow() -> "Workflow":
    """The library's workflow: communications drafts, a moderator approves. Idempotent.

    Assigned to the tree's root so every page (the library and whatever comes later) goes
    through review unless a more specific workflow is assigned below it.
    """
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    moderators, _ = Group.objects.get_or_create(name=Role.MODERATOR.value)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.active = True
    task.save()
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.get_first_root_node()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


# Snippet and media permissions the publishing roles need for library work.
LIBRARY_MODEL_PERMISSIONS = {
    Role.COMMUNICATIONS: [
        ("content", "consentrecord", ("add", "change", "view")),
        ("content", "curatedcollection", ("add", "change", "delete", "view")),
    ],
    Role.MODERATOR: [
        ("content", "consentrecord", ("view",)),
        ("content", "curatedcollection", ("add", "change", "delete", "view")),
    ],
    Role.PROGRAMME_MANAGER: [
        ("content", "consentrecord", ("add", "change", "view")),
        ("content", "curatedcollection", ("add", "change", "delete", "view")),
    ],
}
COLLECTION_PERMISSIONS = ("add", "change", "choose")
# (app label, model) of Wagtail's images and documents: the documents app is "wagtaildocs", so a
# label made from the model's name ("wagtaildocuments") matched nothing and editors could not
# upload a micro-learning video.
MEDIA_APPS = (("wagtailimages", "image"), ("wagtaildocs", "document"))


@transaction.atomic
def grant_library_permissions() -> None:
    """Snippet permissions and image/document rights in the root collection. Idempotent."""
    from wagtail.models import Collection, GroupCollectionPermission

    root_collection = Collection.get_first_root_node()
    for role, entries in LIBRARY_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        for app_label, model, actions in entries:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )
        if root_collection is None:
            continue
        for app_label, media in MEDIA_APPS:
            for permission in Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{media}" for action in COLLECTION_PERMISSIONS],
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def unpublish_stories_naming(record: ConsentRecord) -> list[SuccessStoryPage]:
    """Unpublish every live story that names the person of a withdrawn consent."""
    story_ids = StoryPerson.objects.filter(consent=record).values("page_id")
    stories = list(SuccessStoryPage.objects.live().filter(pk__in=story_ids))
    for story in stories:
        story.unpublish()
    return stories


@transaction.atomic
def withdraw_consent(record: ConsentRecord) -> list[SuccessStoryPage]:
    """Record a withdrawal and unpublish every live story that names the person. Withdrawing in
    the Consents snippet (saving a withdrawal date) does the same, through a receiver."""
    stories = unpublish_stories_naming(record)
    record.withdrawn_at = timezone.now()
    record.save(update_fields=["withdrawn_at"])
    return stories


# --- simulations ----------------------------------------------------------------------------------


class InvalidChoice(ValueError):
    """The posted choice is not one of the current situation's choices."""


def current_run(user: User | AnonymousUser, page: SimulationPage) -> SimulationRun | None:
    return SimulationRun.objects.for_user(user).filter(page=page).first()


@transaction.atomic
def start_run(user: User, page: SimulationPage) -> SimulationRun:
    """Begin a fresh play-through at the first situation."""
    return SimulationRun.objects.create(user=user, page=page, current_key=page.start_key())


@transaction.atomic
def choose(run: SimulationRun, choice_id: str) -> SimulationRun:
    """Record a choice in the current situation and move on; finish at an ending."""
    run = SimulationRun.objects.select_for_update().get(pk=run.pk)
    if run.is_finished:
        raise InvalidChoice("This run has finished. Start again to play another path.")
    nodes = run.page.nodes()
    kind, situation = nodes.get(run.current_key, ("", {}))
    if kind != "situation":
        raise InvalidChoice("This exercise has changed since you started. Start again.")
    choice = next((c for c in situation["choices"].bound_blocks if c.id == choice_id), None)
    if choice is None:
        raise InvalidChoice("Choose one of the options shown.")
    if len(run.path) >= MAX_DECISIONS:
        raise InvalidChoice("This path is going in circles. Start again.")
    SimulationDecision.objects.create(
        run=run, position=len(run.path), situation_key=run.current_key, choice_id=choice.id
    )
    run.path = [
        *run.path,
        {
            "situation": run.current_key,
            "title": situation["title"],
            "choice": choice.id,
            "label": choice.value["label"],
            "consequence": choice.value["consequence"],
        },
    ]
    target = choice.value["leads_to"]
    next_kind, _ = nodes.get(target, ("", {}))
    if next_kind == "ending":
        run.ending_key = target
        run.finished_at = timezone.now()
        run.counts_in_aggregate = not SimulationRun.objects.filter(
            user=run.user, page=run.page, counts_in_aggregate=True
        ).exists()
    run.current_key = target
    run.save()
    return run


# --- micro-learning -------------------------------------------------------------------------------


@transaction.atomic
def save_reflections(user: User, page: LearningModulePage, answers: dict[str, str]) -> int:
    """Store the member's answers by prompt id (an empty answer deletes it); returns how many."""
    prompt_ids = {block.id for block in page.prompts()}
    saved = 0
    for prompt_id, text in answers.items():
        if prompt_id not in prompt_ids:
            continue
        mine = Reflection.objects.for_user(user).filter(page=page, prompt_id=prompt_id)
        if not text:
            mine.delete()
            continue
        Reflection.objects.update_or_create(
            user=user, page=page, prompt_id=prompt_id, defaults={"text": text}
        )
        saved += 1
    return saved


@transaction.atomic
def complete_module(user: User, page: LearningModulePage) -> bool:
    """Record that `user` completed the module (again is harmless). When that completes every
    required module a mentor may open, their onboarding is done (people.services, recorded);
    returns whether it was done now."""
    ModuleCompletion.objects.get_or_create(user=user, page=page)
    if not (page.required_for_mentors and user.has_role(Role.MENTOR)):
        return False
    mentor = mentor_profile_of(user)
    if mentor.onboarding_completed_at is not None:
        return False
    if not required_modules_done(onboarding_modules(user)):
        return False
    people_services.complete_onboarding(mentor.pk, None, people_services.COMPLETED_THE_MODULES)
    return True


# --- newsletters ----------------------------------------------------------------------------------

NEWSLETTER_SENT = "content.newsletter_sent"


class NewsletterError(Exception):
    """A newsletter that cannot be sent as asked; the message says why, for the sender."""


class AlreadySent(NewsletterError):
    """This page went to this audience before: sending again needs `again=True`."""

    def __init__(self, earlier: NewsletterSend):
        self.earlier = earlier
        who = earlier.sent_by.get_full_name() if earlier.sent_by else "someone"
        super().__init__(
            f"This newsletter was already sent to {earlier.audience_label} on "
            f"{earlier.sent_at:%-d %B %Y} by {who} ({earlier.people} people). "
            "Tick “Send again” to send it to them a second time."
        )


def newsletter_problem(page: object) -> str:
    """Why `page` cannot be sent as a newsletter, or "" when it can."""
    if not isinstance(page, ArticlePage) or page.kind != ArticlePage.Kind.NEWSLETTER:
        return "Only a newsletter issue can be sent as a newsletter."
    if not page.live:
        return "This newsletter is a draft: publish it before sending it."
    return ""


def newsletter_message(page: ArticlePage) -> dict[str, str]:
    """What the email carries: the live version of the page (unpublished changes are not
    sent), its body rendered for email, and the path to read it in the portal."""
    html, text = body_for_email(page)
    return {
        "title": page.title,
        "summary": page.summary,
        "url": page.get_url_parts()[2],
        "html": html,
        "text": text,
    }


def send_newsletter_test(page: ArticlePage, user: User) -> None:
    """Email `user` (the sender) the newsletter as its readers will get it."""
    problem = newsletter_problem(page) or (
        "" if may_send_newsletters(user) else "You may not send newsletters."
    )
    if problem:
        raise NewsletterError(problem)
    notification_services.send_broadcast_test(user, kinds.NEWSLETTER, **newsletter_message(page))


@transaction.atomic
def send_newsletter(
    page: ArticlePage,
    choice: NewsletterChoice,
    user: User,
    *,
    background: "Task[[int], int]",
    again: bool = False,
    at: datetime | None = None,
) -> NewsletterSend:
    """Send `page` to the people of `choice` who may read it: recorded now (who, when, to whom,
    how many, in the page's history), delivered by the task `background` after commit, in
    batches. The same audience twice needs `again`; nobody who may not open the page is ever
    in it (`newsletter_recipients`). `at` backdates the record (demo data): the audit trail's
    entries are never changed once written."""
    problem = newsletter_problem(page) or (
        "" if may_send_newsletters(user) else "You may not send newsletters."
    )
    if problem:
        raise NewsletterError(problem)
    earlier = choice.sends(page).first()
    if earlier is not None and not again:
        raise AlreadySent(earlier)
    count = newsletter_recipients(page, choice).count()
    if not count:
        raise NewsletterError(
            f"Nobody in “{choice.label}” may read this page, so nothing was sent."
        )
    broadcast = notification_services.start_broadcast(
        kinds.NEWSLETTER, actor=user, **newsletter_message(page)
    )
    send = NewsletterSend.objects.create(
        page=page,
        audience=choice.audience,
        programme=choice.programme,
        cohort=choice.cohort,
        audience_label=choice.label,
        sent_by=user,
        recipient_count=count,
        broadcast=broadcast,
    )
    log(
        instance=page,
        action=NEWSLETTER_SENT,
        user=user,
        data={"audience": choice.label, "recipients": count, "again": earlier is not None},
        timestamp=at or timezone.now(),
    )
    enqueue_after_commit(background, send.pk)
    return send


def deliver_newsletter(send: NewsletterSend) -> int:
    """Tell the send's audience (the background task): everyone who may read the page now.
    A page unpublished in between reaches nobody. Returns how many were told."""
    page = send.page
    told = 0
    if page.live and send.broadcast is not None:
        choice = NewsletterChoice(send.audience, send.programme, send.cohort)
        told = notification_services.deliver_broadcast(
            send.broadcast, newsletter_recipients(page, choice)
        )
    if told or send.delivered_at is None:  # a re-run that told nobody keeps the record
        NewsletterSend.objects.filter(pk=send.pk).update(
            delivered_count=(send.delivered_count or 0) + told, delivered_at=timezone.now()
        )
    return told
