"""The demo communities: threads, posts waiting for moderation, a report; a rerun adds nothing."""

import random

from machina.core.db.models import get_model

from forums.models import Community, PostReport
from portal.demo.forums_seed import seed_forums
from portal.demo.services import seed_demo
from portal.programmes.models import Cohort

Post = get_model("forum_conversation", "Post")


def test_seed_forums_is_idempotent_and_believable(db):
    seed_demo(scale=1)
    seed_forums(1, random.Random(1))
    posts = Post.objects.count()
    seed_forums(1, random.Random(1))
    assert Post.objects.count() == posts
    assert Community.objects.filter(kind=Community.Kind.MENTORS).exists()
    assert Post.objects.filter(approved=False).count() == 2
    assert PostReport.objects.count() == 1
    assert not Post.objects.filter(content__icontains="lorem").exists()
    assert (
        Community.objects.filter(kind=Community.Kind.COHORT).count()
        == Community.objects.model.cohort.field.related_model.objects.count()
    )
    assert Community.objects.filter(kind=Community.Kind.COHORT).count() == Cohort.objects.count()
