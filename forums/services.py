"""Every change of state in the communities that machina's own views do not make: provisioning
forums, the topics and replies our code opens (discussions of content, the demo), reports and
moderation. One function per intention; the reads are in forums/queries.py."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wagtail.log_actions import log

from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from forums import queries
from forums.models import Community, Discussion, PostReport
from forums.permissions import Access
from portal import gates
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.people.models import User
from portal.programmes.models import Cohort

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

# Wagtail log action on a community (registered in wagtail_hooks.py): data names whom.
MODERATORS_CHANGED = "forums.moderators_changed"

# The communities every organisation has, in the order the index shows them.
STANDARD_COMMUNITIES = (
    (
        Community.Kind.QUESTIONS,
        "Questions & answers",
        "Ask the whole Lodestar community: programmes, practical questions about mentoring, "
        "and anything you would like a second opinion on.",
    ),
    (
        Community.Kind.MENTORS,
        "Mentor peer community",
        "For mentors and external experts: compare notes on difficult conversations, share "
        "what works and ask your peers for advice. Mentees cannot see this forum.",
    ),
    (
        Community.Kind.ALUMNI,
        "Alumni network",
        "Everyone who has completed a mentoring engagement. Stay in touch with your cohort, "
        "share where you went next and offer help to those who follow.",
    ),
)


class ReportRefused(Exception):
    """A report that cannot be made (the post is not visible to the reporter)."""


def _create_forum(name: str, description: str) -> Any:
    return Forum.objects.create(
        name=name,
        slug=slugify(name)[:255] or "community",
        description=description,
        type=Forum.FORUM_POST,
    )


@transaction.atomic
def ensure_standard_communities() -> list[Community]:
    """Create the Q&A, mentor and alumni forums if they are missing (idempotent)."""
    communities = []
    for kind, name, description in STANDARD_COMMUNITIES:
        community = Community.objects.filter(kind=kind).select_related("forum").first()
        if community is None:
            community = Community.objects.create(kind=kind, forum=_create_forum(name, description))
        communities.append(community)
    return communities


def community_for(kind: Community.Kind) -> Community:
    """The standard community of `kind`, created on first use."""
    return next(c for c in ensure_standard_communities() if c.kind == kind)


@transaction.atomic
def provision_cohort_forum(cohort: Cohort) -> Community:
    """The private forum of `cohort`, created with the cohort (idempotent)."""
    existing = Community.objects.filter(cohort=cohort).first()
    if existing:
        return existing
    forum = _create_forum(
        f"{cohort.name} · {cohort.cycle.name}",
        f"The private forum of the {cohort.name} cohort of {cohort.cycle.programme.name}: "
        "its members and the programme's managers only.",
    )
    community = Community.objects.create(kind=Community.Kind.COHORT, cohort=cohort, forum=forum)
    # By default the organisation's moderators work it (the programme's managers do by rule,
    # forums.policy.moderates); a manager or moderator changes the list in "Communities".
    community.moderators.add(*queries.moderator_candidates())
    return community


def assign_moderator(community: Community, user: User) -> None:
    """Let `user` (who must hold the Moderator role to act) work `community`'s queue."""
    community.moderators.add(user)


class ModeratorsRefused(Exception):
    """A change of a community's moderators that is not allowed; the message says why."""


@transaction.atomic
def set_moderators(community_id: int, actor: User, chosen_ids: Iterable[int]) -> Community:
    """Make exactly `chosen_ids` (people holding the Moderator role) the moderators of a
    community `actor` may assign moderators to; recorded on the community with who and whom."""
    if not queries.communities_assignable_by(actor).filter(pk=community_id).exists():
        raise Community.DoesNotExist  # another manager's community: a 404 for the view
    community = Community.objects.select_for_update().select_related("forum").get(pk=community_id)
    wanted = set(chosen_ids)
    candidates = {user.pk: user for user in queries.moderator_candidates()}
    if not wanted <= set(candidates):
        raise ModeratorsRefused("Only people holding the Moderator role can moderate a community.")
    current = set(community.moderators.values_list("pk", flat=True))
    added, removed = wanted - current, current - wanted
    if not added and not removed:
        return community
    community.moderators.add(*added)
    community.moderators.remove(*removed)
    notify(
        [candidates[pk] for pk in added],
        kinds.MODERATOR_ASSIGNED,
        title=f"You now moderate {community.forum.name}",
        body="New members' posts there wait in your review queue, and reports on posts too.",
        url=reverse("forum_moderation:queue"),
        actor=actor,
    )
    log(
        instance=community,
        action=MODERATORS_CHANGED,
        user=actor,
        data={
            "added": sorted(str(candidates[pk]) for pk in added),
            "removed": sorted(str(candidates[pk]) for pk in removed if pk in candidates),
        },
    )
    return community


def may_read_post(user: User, post: Any) -> bool:
    return "can_read_forum" in Access(user).permissions(post.topic.forum_id)


@transaction.atomic
def report_post(post: Any, reporter: User, reason: str, detail: str = "") -> PostReport:
    """File a report on a post the reporter can read; a second open report by the same person
    on the same post returns the first."""
    if not post.approved or not may_read_post(reporter, post):
        raise ReportRefused("This post cannot be reported.")
    report, created = PostReport.objects.get_or_create(
        post=post,
        reporter=reporter,
        outcome=PostReport.Outcome.OPEN,
        defaults={"reason": reason, "detail": detail, "excerpt": post.content.raw[:300]},
    )
    if created:
        forum = post.topic.forum
        notify(
            queries.moderators_of(forum.pk),
            kinds.POST_REPORTED,
            title=f"A post is reported in {forum.name}: {report.get_reason_display()}",
            body=f"“{post.subject}”. Keep it or remove it from the review queue.",
            url=reverse("forum_moderation:queue"),
            actor=reporter,
        )
    return report


def tell_moderators_post_waits(post: Any) -> None:
    """A post (or a new topic's first post) waits for approval: its forum's moderators hear.

    Called for every unapproved post as it is created (forums/receivers.py), whichever view
    or service created it, because machina's own views write members' posts."""
    forum = post.topic.forum
    notify(
        queries.moderators_of(forum.pk),
        kinds.POST_AWAITING_APPROVAL,
        title=f"A post waits for your approval in {forum.name}",
        body=f"“{post.subject}” by {post.poster or 'a member'}.",
        url=reverse("forum_moderation:queue"),
        actor=post.poster,
    )


@transaction.atomic
def resolve_report(report: PostReport, moderator: User, *, remove_post: bool) -> PostReport:
    """Close a report (and every other open report on the same post): keep or remove the post."""
    outcome = PostReport.Outcome.REMOVED if remove_post else PostReport.Outcome.DISMISSED
    post = report.post
    PostReport.objects.filter(post=post, outcome=PostReport.Outcome.OPEN).update(
        outcome=outcome, resolved_by=moderator, resolved_at=timezone.now()
    )
    report.refresh_from_db()
    if remove_post and post is not None:
        post.delete()
    return report


@transaction.atomic
def start_topic(
    forum: Any, author: User, subject: str, content: str, *, approved: bool = True
) -> Any:
    """Open a topic in `forum` (a machina Forum or a Community) with `author`'s first post, and
    return the topic.

    The one way our code opens a topic (content discussions, the demo, benchmarks and tests);
    members open theirs through machina's own form. With `approved=False` the topic and its
    first post wait for a moderator, as a new member's do. Raises portal.gates.Blocked while
    the author has policies to acknowledge."""
    gates.require(author.pk, gates.Action.POST)
    forum = getattr(forum, "forum", forum)
    subject = subject[:255]
    topic = Topic.objects.create(
        forum=forum,
        subject=subject,
        poster=author,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
        approved=approved,
    )
    Post.objects.create(
        topic=topic, poster=author, subject=subject, content=content, approved=approved
    )
    return topic


@transaction.atomic
def reply(topic: Any, author: User, content: str, *, approved: bool = True) -> Any:
    """Add `author`'s post to `topic`, titled as machina's reply form titles it ("Re: …")."""
    gates.require(author.pk, gates.Action.POST)
    return Post.objects.create(
        topic=topic,
        poster=author,
        subject=f"{machina_settings.TOPIC_ANSWER_SUBJECT_PREFIX} {topic.subject}"[:255],
        content=content,
        approved=approved,
    )


@transaction.atomic
def open_discussion(title: str, url: str, forum: Any, author: User) -> str:
    """Open a topic in `forum` about the content at `url` and return the topic's URL.

    For the content team, to start (or find) a playbook's or case study's discussion; no page
    calls it yet. `forum` is a machina Forum or a Community; the topic's first post links back
    to `url`, and the topic page shows the link too. Calling again for the same URL and forum
    returns the existing topic. The author's post is approved: content discussions are opened
    by staff.
    """
    forum = getattr(forum, "forum", forum)
    existing = (
        Discussion.objects.filter(source_url=url, topic__forum=forum)
        .select_related("topic__forum")
        .first()
    )
    if existing:
        return topic_url(existing.topic)
    topic = start_topic(
        forum,
        author,
        title,
        f"Discuss [{title}]({url}): what did you take from it, and what would you add?",
    )
    Discussion.objects.create(topic=topic, source_url=url, source_title=title[:255])
    return topic_url(topic)


def topic_url(topic: Any) -> str:
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
