"""Deleting a person who has posted removes their forum footprint cleanly."""

from django.db import transaction

import pytest
from machina.core.db.models import get_model

from forums.services import start_topic
from portal.people.models import User
from tests.factories import UserFactory

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
ForumProfile = get_model("forum_member", "ForumProfile")


@pytest.mark.django_db(transaction=True)
def test_a_person_with_approved_posts_can_be_deleted():
    author = UserFactory()
    forum = Forum.objects.create(name="Open Q&A", type=Forum.FORUM_POST)
    start_topic(forum, author, "Hello", "Hi all")
    assert ForumProfile.objects.filter(user=author).exists()

    with transaction.atomic():  # foreign keys are checked at commit
        author.delete()

    assert not User.objects.filter(pk=author.pk).exists()
    assert not ForumProfile.objects.filter(user_id=author.pk).exists()
    assert not Post.objects.filter(poster_id=author.pk).exists()
