"""The forum search index follows deletions: a deleted post leaves it after commit, and a
search failure is logged, never raised into the delete."""

import logging

from django.core.management import call_command
from django.db import transaction

import pytest
from haystack.query import SearchQuerySet
from machina.core.db.models import get_model

from forums import search_sync
from tests.forums.helpers import topic_in

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db(transaction=True)


def indexed(word):
    return SearchQuerySet().models(Post).filter(content=word).count()


@pytest.fixture
def reply(mentor, questions):
    topic = topic_in(questions, mentor, "Reading for a new director", posts=1)
    post = topic.posts.create(
        poster=mentor,
        subject="Re: Reading for a new director",
        content="Try the tangerine chapter on delegation.",
        approved=True,
    )
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert indexed("tangerine") == 1
    return post


def test_a_deleted_post_leaves_the_search_index(reply):
    reply.delete()
    assert indexed("tangerine") == 0


def test_a_delete_that_rolls_back_keeps_the_post_findable(reply):
    pk = reply.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        reply.delete()
        raise RuntimeError("the request failed after the delete")
    assert Post.objects.filter(pk=pk).exists()
    assert indexed("tangerine") == 1


def test_an_index_failure_is_logged_and_the_delete_stands(reply, monkeypatch, caplog):
    def broken_index():
        raise OSError("No space left on device")

    pk = reply.pk
    monkeypatch.setattr(search_sync, "_index", broken_index)
    with caplog.at_level(logging.ERROR, logger="forums.search_sync"):
        reply.delete()
    assert not Post.objects.filter(pk=pk).exists()
    assert "could not remove deleted forum post" in caplog.text
