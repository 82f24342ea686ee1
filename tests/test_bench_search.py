"""The search benchmark's own parts: its queries and its bulk-written forum posts."""

import random

from machina.core.db.models import get_model

from bench.search import MIX, POSTS_PER_TOPIC, build_queries, seed_posts
from forums import services

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def test_queries_are_repeatable_and_follow_the_mix():
    queries = build_queries(200, random.Random(1), ["Open Q&A"])

    assert queries == build_queries(200, random.Random(1), ["Open Q&A"])
    assert {kind: sum(q.kind == kind for q in queries) for kind in MIX} == MIX
    by_kind = {q.kind: q for q in queries}
    assert by_kind["phrase"].text.startswith('"') and by_kind["phrase"].text.endswith('"')
    assert " OR " in by_kind["or"].text
    assert " -" in by_kind["not"].text
    assert by_kind["facet"].filters
    assert len(build_queries(29, random.Random(1), ["Open Q&A"])) == 29


def test_seeded_posts_are_approved_and_grouped_in_topics_of_ten(db, mentee):
    services.ensure_standard_communities()

    assert seed_posts(25, random.Random(1)) == 25

    assert Post.objects.filter(approved=True).count() == 25
    assert Topic.objects.count() == -(-25 // POSTS_PER_TOPIC)
    assert all(post.content.raw for post in Post.objects.all())
