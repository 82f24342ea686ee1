"""Demo newsletters: last month's issue was already sent to everyone (so every demo login
finds it in their inbox, and its page shows the send), and this month's issue is published,
ready for Mei Chen (communications) to preview, test and send herself.

Sent through the product's own services, with emails held like the rest of the seed: the
issue is delivered here, inside the hold, and the delivery task queued after the seed commits
then finds everyone already told (a delivery never tells anyone twice). Idempotent: an issue
already sent is left alone, and this month's issue is created once."""

from datetime import datetime, timedelta

from django.utils import timezone

from content import services, tasks
from content.models import (
    ArticlePage,
    LibraryIndexPage,
    LibrarySectionPage,
    NewsletterAudience,
    NewsletterSend,
)
from content.queries import NewsletterChoice
from content.seed_paths import LIBRARY_SLUG
from portal import generations
from portal.demo import data
from portal.demo.media_seed import KIND_OF_TYPE, hero_for
from portal.notifications import cache
from portal.notifications.models import Broadcast, Notification
from portal.people.models import User

SENT_ISSUE = "what-we-learned-from-last-cycle"
SENT_DAYS_AGO = 30

READY_ISSUE = {
    "slug": "december-newsletter",
    "title": "December: a year of mentoring at Meridian",
    "summary": "Eighty-four new pairs, the alumni evening on 15 January and what the autumn "
    "cycle changes for mentors.",
    "byline": "Mei Chen, Internal Communications",
    "body": [
        ("heading", "A year in numbers"),
        (
            "paragraph",
            "<p>Eighty-four pairs started this year across the four business units, and "
            "seven in ten of last cycle's mentees reached every goal they set.</p>",
        ),
        (
            "quote",
            {
                "quote": "I came for advice on a promotion and left with a way of thinking.",
                "attribution": "A mentee in Retail",
            },
        ),
        ("heading", "Dates for January"),
        (
            "paragraph",
            "<p>The alumni evening is on <b>15 January</b> in London and online. Mentor "
            "calibration sessions restart on the first Thursday of the month.</p>",
        ),
    ],
}


def seed_newsletters() -> None:
    mei = User.objects.filter(email=f"mei.chen@{data.COMPANY_DOMAIN}").first()
    index = LibraryIndexPage.objects.filter(slug=LIBRARY_SLUG).first()
    news = LibrarySectionPage.objects.child_of(index).filter(slug="news").first() if index else None
    if mei is None or news is None:
        return
    _ready_issue(news, mei)
    issue = ArticlePage.objects.child_of(news).filter(slug=SENT_ISSUE).live().first()
    if issue is None or NewsletterSend.objects.filter(page=issue).exists():
        return
    when = timezone.now() - timedelta(days=SENT_DAYS_AGO)
    send = services.send_newsletter(
        issue,
        NewsletterChoice(NewsletterAudience.EVERYONE),
        mei,
        background=tasks.deliver_newsletter,
        at=when,
    )
    services.deliver_newsletter(send)
    _last_month(send, when)


def _ready_issue(news: LibrarySectionPage, author: User) -> None:
    if ArticlePage.objects.child_of(news).filter(slug=READY_ISSUE["slug"]).exists():
        return
    fields = dict(READY_ISSUE)
    image, alt = hero_for(fields["slug"], fields["title"], KIND_OF_TYPE["articlepage"], 3)
    page = ArticlePage(
        **fields,
        kind=ArticlePage.Kind.NEWSLETTER,
        minutes=3,
        owner=author,
        card_image=image,
        card_image_alt=alt,
    )
    news.add_child(instance=page)
    page.save_revision(user=author).publish()


def _last_month(send: NewsletterSend, when: datetime) -> None:
    """Date the send and its notifications (read: it is a month old); its log entry was
    written with the date (the audit trail is never changed)."""
    NewsletterSend.objects.filter(pk=send.pk).update(sent_at=when, delivered_at=when)
    Broadcast.objects.filter(pk=send.broadcast_id).update(created_at=when)
    told = Notification.objects.filter(broadcast_id=send.broadcast_id)
    told.update(created_at=when, read_at=when + timedelta(hours=5))
    generations.retire(*(cache.inbox(pk) for pk in told.values_list("recipient_id", flat=True)))
