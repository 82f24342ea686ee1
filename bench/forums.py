"""Time the communities (forum index, the Q&A topic list, a topic with 50 posts) at scale 1 and 10.

Signed in as the demo mentee, who reads the open Q&A forum like every member. The demo has no
50-post topic, so `seed_long_topic` adds one to Q&A (idempotent). The topic's URL names the
forum's id, which the demo seed decides, so the paths are resolved when first requested.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from django.utils.functional import lazy

from bench.harness import Page, main

MENTEE = "amara.okafor@meridian.example"
LONG_TOPIC_SUBJECT = "What changed after your first year of mentoring?"
LONG_TOPIC_POSTS = 50
REPLIES = [
    "I stopped trying to solve my mentee's problems and started asking better questions.",
    "Our sessions moved from a monthly status update to one real decision each time.",
    "I learnt to say 'I don't know' out loud, which made the conversations more honest.",
    "Writing three lines after each session kept the thread from one month to the next.",
    "Meeting outside the office helped: a walk does more than a meeting room.",
]


def _questions_forum():
    from forums import services
    from forums.models import Community

    return services.community_for(Community.Kind.QUESTIONS).forum


def seed_long_topic(scale: int) -> None:
    """A topic of LONG_TOPIC_POSTS approved posts in the Q&A forum, by the demo's members."""
    from machina.core.db.models import get_model

    from forums import services
    from portal.people.models import User
    from search import tasks as search_tasks

    Topic = get_model("forum_conversation", "Topic")
    forum = _questions_forum()
    if Topic.objects.filter(forum=forum, subject=LONG_TOPIC_SUBJECT).exists():
        return
    authors = list(User.objects.filter(is_active=True).order_by("pk")[:25])
    with search_tasks.paused():
        topic = services.start_topic(forum, authors[0], LONG_TOPIC_SUBJECT, REPLIES[0])
        for n in range(1, LONG_TOPIC_POSTS):
            services.reply(topic, authors[n % len(authors)], REPLIES[n % len(REPLIES)])


def _paths() -> dict[str, str]:
    """The Q&A forum's and the long topic's paths in the database in use (one per scale),
    looked up once so that the timed requests pay nothing for them."""
    from django.db import connection
    from django.urls import reverse

    from machina.core.db.models import get_model

    from forums.services import topic_url

    database = connection.settings_dict["NAME"]
    if database not in _resolved:
        Topic = get_model("forum_conversation", "Topic")
        forum = _questions_forum()
        topic = Topic.objects.select_related("forum").get(subject=LONG_TOPIC_SUBJECT)
        _resolved[database] = {
            "forum": reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}),
            "topic": topic_url(topic),
        }
    return _resolved[database]


_resolved: dict[str, dict[str, str]] = {}
# Django's test client calls str() on the path, so these resolve at request time, per scale.
forum_path = lazy(lambda: _paths()["forum"], str)
topic_path = lazy(lambda: _paths()["topic"], str)

PAGES = [
    Page("forum_index", "/forum/", login_email=MENTEE),
    Page("forum_topics", forum_path(), login_email=MENTEE),
    Page("topic_50_posts", topic_path(), login_email=MENTEE),
]

if __name__ == "__main__":
    raise SystemExit(main(PAGES, __doc__, extra_seed=seed_long_topic))
