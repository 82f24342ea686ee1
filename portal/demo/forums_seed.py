"""Demo communities: the standard forums, a forum per cohort, believable threads, posts waiting
for moderation and a reported post. Idempotent: a rerun adds nothing."""

import random

from django.db import transaction

from machina.core.db.models import get_model

from forums import services
from forums.models import Community, PostReport
from portal.people.models import User
from portal.people.roles import Role
from portal.programmes.models import Cohort, Engagement
from search import tasks as search_tasks

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

# (subject, opening post, replies) per community kind.
THREADS = {
    Community.Kind.QUESTIONS: [
        (
            "How do you prepare for a first mentoring session?",
            "My first session with my mentor is next Tuesday. I have my learning goals from the "
            "intake, but what else should I bring? I don't want to waste an hour of a VP's time.",
            [
                "Bring one real situation you are stuck on this month. Goals are a map; a live "
                "problem gives the conversation somewhere to start.",
                "Agree how you will work together before the content: how often, what is "
                "confidential, and how either of you says 'this isn't working'.",
                "I wrote down three questions and only got to one. That was fine: we spent the "
                "hour on the thing that mattered.",
            ],
        ),
        (
            "Is cross-unit mentoring worth the extra effort?",
            "The programme pairs us outside our own business unit. My manager thinks I'd learn "
            "more from someone in Retail Banking. Has anyone found the distance helps?",
            [
                "It helped me: my mentor had no stake in our reorganisation, so I could think "
                "out loud about it.",
                "The first two sessions were slower because I had to explain our context. After "
                "that the outside view was the whole point.",
            ],
        ),
        (
            "Recommended reading on leading through ambiguity",
            "Our cohort keeps coming back to decision-making without full information. Share "
            "what actually changed how you work, not just what is popular.",
            [
                "'Thinking in Bets' by Annie Duke: separating decision quality from outcome "
                "quality changed how I run post-mortems.",
                "The HBR piece on 'disagree and commit' is short and useful for exec teams.",
            ],
        ),
    ],
    Community.Kind.MENTORS: [
        (
            "When a mentee goes quiet between sessions",
            "Two of my mentees have cancelled twice in a row. I don't want to chase like a line "
            "manager. How do you reopen the door without adding pressure?",
            [
                "I send one short note: 'No agenda needed, shall we just talk about your month?' "
                "It usually means the goals felt too big.",
                "Check whether something changed at work: a reorganisation, a new boss. Quiet "
                "often means overloaded, not uninterested.",
                "I name it in the next session and ask what would make the time worth it. It "
                "resets the contract without blame.",
            ],
        ),
        (
            "Giving hard feedback to someone more senior than their manager",
            "My mentee is a senior director whose presentation style is costing her "
            "credibility with the board. She hasn't asked about it. Do I raise it?",
            [
                "Ask permission first: 'Can I share an observation about the board meeting?' "
                "Almost everyone says yes, and it lands better.",
                "Anchor it in what she wants. If board credibility is on her goals, it's fair "
                "game; if not, ask whether it should be.",
            ],
        ),
    ],
    Community.Kind.ALUMNI: [
        (
            "Where did the programme take you?",
            "A year on from finishing, I moved from finance business partnering into running "
            "the shared service centre. Curious where everyone else landed.",
            [
                "I stayed in role but now lead the pricing committee, which I would not have "
                "put my hand up for before.",
                "Moved to Singapore to run the APAC operations team. My mentor's advice on "
                "negotiating the move was the most practical hour of the whole year.",
            ],
        ),
        (
            "Becoming a mentor after being mentored",
            "I've been asked to mentor in the next cycle. For those who made the switch: what "
            "did you wish your own mentor had done differently?",
            ["Listen longer before offering a story from your own career."],
        ),
    ],
}

COHORT_THREAD = (
    "Welcome to the cohort",
    "This is our private space for the cycle: share what you are working on, swap notes after "
    "the group sessions and ask each other for help. Only cohort members and the programme "
    "team can read it.",
    [
        "Looking forward to it. I'm working on building a leadership team after a merger.",
        "Glad to be here. My focus is strategic thinking and getting out of the detail.",
    ],
)

PENDING = [
    (
        Community.Kind.MENTORS,
        "Using psychometric results in mentoring",
        "New to the programme: is it appropriate to ask mentees for their assessment reports, "
        "or does that cross a line?",
    ),
    (
        Community.Kind.QUESTIONS,
        "Can I change mentor halfway through?",
        "My mentor and I get on well but our schedules never line up across time zones. Is "
        "there a way to ask for a change without it becoming a big deal?",
    ),
]


def _people(role: Role, limit: int = 40) -> list[User]:
    return list(User.objects.filter(groups__name=role.value, is_active=True).order_by("pk")[:limit])


def _topic(forum, subject: str, opening: str, replies: list[str], authors, rng) -> None:
    if Topic.objects.filter(forum=forum, subject=subject).exists():
        return
    poster = authors[rng.randrange(len(authors))]
    topic = services.start_topic(forum, poster, subject, opening)
    for content in replies:
        services.reply(topic, authors[rng.randrange(len(authors))], content)


@transaction.atomic
def seed_forums(scale: int, rng: random.Random) -> None:
    """The demo's communities at `scale` (cohort forums follow the cohorts the demo has)."""
    with search_tasks.paused():
        communities = {c.kind: c for c in services.ensure_standard_communities()}
        for cohort in Cohort.objects.filter(community__isnull=True).select_related(
            "cycle__programme"
        ):
            services.provision_cohort_forum(cohort)
        for community in Community.objects.all():
            for moderator in _people(Role.MODERATOR, limit=3):
                services.assign_moderator(community, moderator)

        mentors = _people(Role.MENTOR) or _people(Role.MODERATOR)
        mentees = _people(Role.MENTEE) or mentors
        alumni = (
            list(
                User.objects.filter(engagements__status=Engagement.Status.COMPLETED).distinct()[:40]
            )
            or mentees
        )
        authors = {
            Community.Kind.QUESTIONS: mentees + mentors,
            Community.Kind.MENTORS: mentors,
            Community.Kind.ALUMNI: alumni,
        }
        for kind, threads in THREADS.items():
            for subject, opening, replies in threads:
                _topic(communities[kind].forum, subject, opening, replies, authors[kind], rng)
            # Bigger organisations talk more: a few more threads per scale step.
            for copy in range(2, scale + 1):
                subject, opening, replies = threads[copy % len(threads)]
                _topic(
                    communities[kind].forum,
                    f"{subject} ({copy})",
                    opening,
                    replies,
                    authors[kind],
                    rng,
                )

        for community in Community.objects.filter(kind=Community.Kind.COHORT).select_related(
            "forum"
        ):
            members = list(
                User.objects.filter(cohort_memberships__cohort_id=community.cohort_id)[:20]
            )
            subject, opening, replies = COHORT_THREAD
            _topic(community.forum, subject, opening, replies, members or mentees, rng)

        for kind, subject, content in PENDING:
            forum = communities[kind].forum
            if Topic.objects.filter(forum=forum, subject=subject).exists():
                continue
            services.start_topic(forum, authors[kind][-1], subject, content, approved=False)

        reported = (
            Post.objects.filter(
                topic__forum=communities[Community.Kind.QUESTIONS].forum, approved=True
            )
            .exclude(topic__posts=None)
            .order_by("pk")
            .last()
        )
        if reported and not PostReport.objects.exists():
            reporter = next((m for m in mentees if m.pk != reported.poster_id), None)
            if reporter is not None:
                PostReport.objects.create(
                    post=reported,
                    reporter=reporter,
                    reason=PostReport.Reason.CONFIDENTIAL,
                    detail="This names a colleague's performance review; please check.",
                    excerpt=reported.content.raw[:300],
                )
