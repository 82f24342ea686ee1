"""Demo notifications: every demo login finds a few in their inbox, some unread, so the bell
shows something on the first page. Most arrive on their own, from the services the seed goes
through (a proposed match, an admission, posts waiting for moderation); this tops each demo
login up to a believable handful through `notify`. The sponsor has none yet: no kind reaches
sponsors until nominations are told through this module. Idempotent: a title already in a person's
inbox is not added again."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from portal import generations
from portal.demo import data
from portal.notifications import cache, kinds
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.people.models import User

# (email local part, kind, title, body, url name, days ago, read)
DEMO_NOTIFICATIONS = [
    (
        "amara.okafor",
        kinds.WAITING_LIST_CHANGED,
        "Carried over to the Autumn cycle: Executive Leadership Accelerator",
        "Carried over from the Spring cycle: placed ahead of new applicants. You are number 2 on "
        "the Autumn list.",
        "programmes:mine",
        9,
        True,
    ),
    (
        "kwame.mensah",
        kinds.WAITING_LIST_CHANGED,
        "Back on the waiting list, first in line: Emerging Leaders Circle",
        "Not matched: no mentor with free places is strong in Strategic thinking within 3 hours "
        "of your time zone. You are number 1 on the list.",
        "programmes:mine",
        2,
        False,
    ),
    (
        "kwame.mensah",
        kinds.ADMITTED,
        "You are admitted to Women in Leadership Forum",
        "You have a seat in the Data and Technology cohort.",
        "programmes:mine",
        20,
        True,
    ),
    (
        "priya.raman",
        kinds.MATCH_ANSWERED,
        "Nia Patel accepted: your mentoring with them starts",
        "Emerging Leaders Circle: You both accepted the proposed match, so your engagement is "
        "active now.",
        "matching:mine",
        7,
        False,
    ),
    (
        "priya.raman",
        kinds.MATCH_PROPOSED,
        "Nia Patel is proposed as your mentee",
        "Emerging Leaders Circle: see why the programme team suggests this pairing, then accept "
        "or decline.",
        "matching:mine",
        9,
        True,
    ),
    (
        "mei.chen",
        kinds.REVIEW_DECIDED,
        "Changes are asked for “Spring newsletter”",
        "Tomás Alvarez sent it back. Their comment: add the date of the alumni evening.",
        "wagtailadmin_home",
        1,
        False,
    ),
    (
        "mei.chen",
        kinds.REVIEW_DECIDED,
        "“Leading through a reorganisation” is approved and published",
        "Approved by Tomás Alvarez.",
        "content:index",
        5,
        True,
    ),
    (
        "tomas.alvarez",
        kinds.REVIEW_REQUESTED,
        "“Spring newsletter” is sent for your review",
        "Mei Chen asks for moderator review: approve it, or send it back with a comment.",
        "wagtailadmin_home",
        0,
        False,
    ),
    (
        "tomas.alvarez",
        kinds.POST_AWAITING_APPROVAL,
        "A post waits for your approval in Questions & answers",
        "“How do you prepare for a first mentoring session?” by a new member.",
        "forum_moderation:queue",
        1,
        False,
    ),
]


def seed_notifications() -> None:
    people = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(
            email__in=[f"{row[0]}@{data.COMPANY_DOMAIN}" for row in DEMO_NOTIFICATIONS]
        )
    }
    now = timezone.now()
    for local, kind, title, body, url_name, days_ago, read in DEMO_NOTIFICATIONS:
        person = people.get(local)
        if person is None or Notification.objects.filter(recipient=person, title=title).exists():
            continue
        for made in notify([person], kind, title=title, body=body, url=reverse(url_name)):
            made.created_at = now - timedelta(days=days_ago, hours=3)
            made.read_at = made.created_at + timedelta(hours=1) if read else None
            made.save(update_fields=["created_at", "read_at"])
        generations.retire(cache.inbox(person.pk))
