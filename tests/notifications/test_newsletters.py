"""Newsletters: communications sends a published newsletter issue to an audience (everyone,
mentors, mentees, a programme's or a cohort's participants) from the Wagtail admin, after a
preview and a test to herself. Only people who may open the page receive it; each person's
preference for newsletters decides the email; a second send to the same audience needs "send
again"; every send is recorded and in the page's history; the send's queries do not grow
with the audience."""

import re
from urllib.parse import urlencode

from django.contrib.auth.models import Group

from wagtail.models import PageLogEntry, PageViewRestriction

import pytest

from content import services, tasks
from content.models import ArticlePage, Audience, NewsletterAudience, NewsletterSend
from content.queries import NewsletterChoice, can_view, readers_of
from portal.notifications import kinds
from portal.notifications import services as notification_services
from portal.notifications.models import Notification
from portal.notifications.services import set_preferences
from portal.people.roles import Role
from portal.programmes.models import Application, CohortMembership, Engagement
from tests.content.factories import add_item, build_library
from tests.factories import MentorProfileFactory, UserFactory
from tests.notifications.helpers import csrf_token, inbox_of, signed_in
from tests.programmes.factories import cohort, cycle, programme

BODY = [
    ("heading", "What is new"),
    ("paragraph", '<p>Mentors can now record <b>strengths</b>. <a href="/library/">More</a></p>'),
    ("quote", {"quote": "The mid-point review changed things.", "attribution": "A mentor"}),
]


@pytest.fixture
def library(db):
    return build_library()


@pytest.fixture
def issue(library):
    _, section = library
    return add_item(section, ArticlePage, "The spring cycle is open", kind="newsletter", body=BODY)


def send_url(page, **audience) -> str:
    url = f"/admin/newsletters/{page.pk}/"
    return f"{url}?{urlencode(audience)}" if audience else url


def send(page, audience, by, *, again=False, **fields):
    return services.send_newsletter(
        page,
        NewsletterChoice(audience, **fields),
        by,
        background=tasks.deliver_newsletter,
        again=again,
    )


def post_send(client, page, audience: dict, *, again=False):
    """Preview, then send and confirm, through the rendered forms."""
    preview = client.get(send_url(page, **audience))
    assert preview.status_code == 200
    form = {**audience, "action": "send", "csrfmiddlewaretoken": csrf_token(preview)}
    if again:
        form["again"] = "on"
    confirm = client.post(send_url(page), form)
    html = confirm.content.decode()
    if "Yes, send to" not in html:
        return confirm
    return client.post(
        send_url(page),
        {**form, "confirmed": "yes", "csrfmiddlewaretoken": csrf_token(confirm)},
        follow=True,
    )


# --- the journey through the admin ----------------------------------------------------------------


def test_communications_previews_sends_a_test_to_herself_then_sends_to_mentors(
    communications, mentor, mentee, issue, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(communications)
    edit = client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert "Send as newsletter" in edit and "Not sent as a newsletter yet." in edit

    preview = client.get(send_url(issue, audience="mentors"))
    html = preview.content.decode()
    assert "<strong>1 person</strong> in Mentors may read this page" in html
    assert f'src="/admin/newsletters/{issue.pk}/email/?audience=mentors"' in html
    email_html = client.get(f"/admin/newsletters/{issue.pk}/email/?audience=mentors")
    assert "The spring cycle is open" in email_html.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            send_url(issue),
            {"audience": "mentors", "action": "test", "csrfmiddlewaretoken": csrf_token(preview)},
        )
    (test_copy,) = mailoutbox
    assert test_copy.to == [communications.email]
    assert test_copy.subject == "[Lodestar] Test: The spring cycle is open"
    assert "a test copy, sent only to you" in test_copy.alternatives[0][0]
    assert not Notification.objects.exists() and not NewsletterSend.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = post_send(client, issue, {"audience": "mentors"})
    assert "is being sent to Mentors: 1 person." in done.content.decode()
    assert [m.to for m in mailoutbox[1:]] == [[mentor.email]]
    (notification,) = inbox_of(mentor, kinds.NEWSLETTER.key)
    assert notification.url == issue.url and notification.email == Notification.Email.SENT
    assert inbox_of(mentee) == []

    sent = NewsletterSend.objects.get()
    assert (sent.sent_by, sent.audience_label, sent.recipient_count, sent.delivered_count) == (
        communications,
        "Mentors",
        1,
        1,
    )
    entry = PageLogEntry.objects.get(page=issue, action=services.NEWSLETTER_SENT)
    assert entry.user == communications and entry.data["recipients"] == 1
    assert entry.message == "Sent as a newsletter to Mentors: 1 person"
    edit = client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert re.search(r"Sent to Mentors on \d+ \w+ \d{4} by Mei Chen, 1 person", edit)


def test_the_email_carries_the_body_for_email_absolute_links_and_inert_user_content(
    communications, mentee, library, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.PORTAL_BASE_URL = "https://lodestar.test"
    image = Image.objects.create(title="Plant", file=get_test_image_file())
    _, section = library
    page = add_item(
        section,
        ArticlePage,
        'Spring <script>alert(1)</script> "news"',
        kind="newsletter",
        body=[
            *BODY,
            ("image", {"image": image, "alt_text": "Two leaders", "caption": "<i>x</i>"}),
            ("paragraph", '<p>Hi<script>alert(2)</script><a href="javascript:alert(3)">x</a></p>'),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(page, NewsletterAudience.EVERYONE, communications)
    (message,) = [m for m in mailoutbox if m.to == [mentee.email]]
    html = message.alternatives[0][0]
    assert "<h1" in html and "Spring &lt;script&gt;alert(1)&lt;/script&gt; &quot;news&quot;" in html
    assert "About Spring" in html  # the summary
    assert "What is new" in html and "<b>strengths</b>" in html and "mid-point review" in html
    assert 'href="https://lodestar.test/library/"' in html
    assert re.search(r'<img src="https://lodestar.test/media/images/[^"]+" alt="Two leaders"', html)
    assert "&lt;i&gt;x&lt;/i&gt;" in html
    assert "<script" not in html and "javascript:" not in html
    assert f'href="https://lodestar.test{page.url}"' in html and "Read it in Lodestar" in html
    assert "Mentors can now record strengths" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://lodestar.test/notifications/unsubscribe/"
    )


# --- who receives it ------------------------------------------------------------------------------


@pytest.fixture
def cast(db, mentee, mentor, communications, programme_manager):
    """A programme with two cohorts; people in it in each way one can take part."""
    accelerator = programme(name="Accelerator")
    spring = cycle(accelerator)
    north, south = cohort(spring, "North"), cohort(spring, "South")
    admitted = UserFactory(first_name="Ada", roles=[Role.MENTEE])
    Application.objects.create(
        programme=accelerator, cycle=spring, applicant=admitted, status="admitted"
    )
    CohortMembership.objects.create(cohort=north, user=mentee)
    paired_mentor = MentorProfileFactory()
    Engagement.objects.create(
        mentee=mentee, mentor=paired_mentor, programme=accelerator, cohort=north
    )
    outsider = UserFactory(first_name="Otto", roles=[Role.MENTEE])
    gone = UserFactory(first_name="Gone", roles=[Role.MENTOR], is_active=False)
    return {
        "programme": accelerator,
        "north": north,
        "south": south,
        "admitted": admitted,
        "paired_mentor": paired_mentor.user,
        "outsider": outsider,
        "gone": gone,
    }


def recipients(page, audience, **fields):
    from content.queries import newsletter_recipients

    return set(newsletter_recipients(page, NewsletterChoice(audience, **fields)))


def test_each_audience_holds_the_people_it_names(
    issue, cast, mentee, mentor, communications, programme_manager
):
    everyone = recipients(issue, NewsletterAudience.EVERYONE)
    assert cast["gone"] not in everyone
    assert {mentee, mentor, communications, programme_manager, cast["outsider"]} <= everyone
    assert recipients(issue, NewsletterAudience.MENTORS) == {mentor, cast["paired_mentor"]}
    assert recipients(issue, NewsletterAudience.MENTEES) == {
        mentee,
        cast["admitted"],
        cast["outsider"],
    }
    assert recipients(issue, NewsletterAudience.PROGRAMME, programme=cast["programme"]) == {
        mentee,
        cast["admitted"],
        cast["paired_mentor"],
    }
    assert recipients(issue, NewsletterAudience.COHORT, cohort=cast["north"]) == {
        mentee,
        cast["paired_mentor"],
    }
    assert recipients(issue, NewsletterAudience.COHORT, cohort=cast["south"]) == set()


def test_a_page_for_mentors_reaches_only_mentors_and_staff_whatever_the_audience(
    library, cast, mentee, mentor, communications, mailoutbox, django_capture_on_commit_callbacks
):
    _, section = library
    page = add_item(section, ArticlePage, "Calibration dates", audience=Audience.MENTORS)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(page, NewsletterAudience.EVERYONE, communications)
    told = {n.recipient for n in Notification.objects.filter(kind=kinds.NEWSLETTER.key)}
    assert mentor in told and cast["paired_mentor"] in told and communications in told
    assert mentee not in told and cast["outsider"] not in told
    sent.refresh_from_db()
    assert sent.recipient_count == sent.delivered_count == len(told)
    assert mentee.email not in {address for m in mailoutbox for address in m.to}


def test_a_section_restricted_to_a_group_is_sent_to_that_group_only(
    library, mentee, mentor, communications, django_capture_on_commit_callbacks
):
    _, section = library
    insiders = Group.objects.create(name="Board pilot")
    mentor.groups.add(insiders)
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    page = add_item(section, ArticlePage, "Board pilot news")
    with django_capture_on_commit_callbacks(execute=True):
        send(page, NewsletterAudience.EVERYONE, communications)
    told = [n.recipient for n in Notification.objects.filter(kind=kinds.NEWSLETTER.key)]
    assert told == [mentor]


def test_readers_of_a_page_are_exactly_the_people_who_can_open_it(
    library, cast, mentee, mentor, communications, programme_manager, sponsor
):
    _, section = library
    cast["programme"].managers.add(programme_manager)
    pages = [
        add_item(section, ArticlePage, "For everyone"),
        add_item(section, ArticlePage, "For mentors", audience=Audience.MENTORS),
        add_item(
            section,
            ArticlePage,
            "For the programme",
            audience=Audience.PROGRAMME,
            audience_programme=cast["programme"],
        ),
        add_item(
            section,
            ArticlePage,
            "For North",
            audience=Audience.COHORT,
            audience_cohort=cast["north"],
        ),
    ]
    people = [mentee, mentor, communications, programme_manager, sponsor]
    people += [cast[name] for name in ("admitted", "paired_mentor", "outsider")]
    for page in pages:
        readers = set(readers_of(page))
        for person in people:
            assert (person in readers) == can_view(person, page), (page.title, str(person))


# --- preferences, repeats, bad input ------------------------------------------------------------


def test_newsletters_turned_off_reach_the_inbox_only(
    issue, mentor, communications, mailoutbox, django_capture_on_commit_callbacks
):
    set_preferences(mentor, {kinds.NEWSLETTER.key: kinds.Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        send(issue, NewsletterAudience.MENTORS, communications)
    (notification,) = inbox_of(mentor, kinds.NEWSLETTER.key)
    assert notification.email == Notification.Email.NONE
    assert mailoutbox == []
    assert kinds.NEWSLETTER.may_turn_off  # and one-click unsubscribe turns it off


def test_a_second_send_to_the_same_audience_needs_send_again(
    issue, mentor, communications, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(communications)
    with django_capture_on_commit_callbacks(execute=True):
        post_send(client, issue, {"audience": "mentors"})
    refused = post_send(client, issue, {"audience": "mentors"})
    html = refused.content.decode()
    assert "This newsletter was already sent to Mentors on" in html
    assert "by Mei Chen (1 people)" in html or "by Mei Chen (1 person" in html
    assert NewsletterSend.objects.count() == 1 and len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        done = post_send(client, issue, {"audience": "mentors"}, again=True)
    assert "is being sent to Mentors" in done.content.decode()
    assert NewsletterSend.objects.count() == 2 and len(mailoutbox) == 2
    assert PageLogEntry.objects.filter(action=services.NEWSLETTER_SENT).count() == 2


def test_no_audience_a_cohort_of_another_programme_or_a_draft_sends_nothing(
    library, issue, cast, communications, mailoutbox
):
    client = signed_in(communications)
    html = client.get(send_url(issue, audience="")).content.decode()
    assert "Choose who to send it to." in html
    other = cohort(cycle(programme(name="Circle")), "East")
    html = client.get(
        send_url(issue, audience="cohort", programme=cast["programme"].pk, cohort=other.pk)
    ).content.decode()
    assert "East is not a cohort of Accelerator." in html
    preview = client.get(send_url(issue, audience="mentors"))
    forged = client.post(
        send_url(issue),
        {
            "audience": "cohort",
            "programme": cast["programme"].pk,
            "cohort": other.pk,
            "action": "send",
            "confirmed": "yes",
            "csrfmiddlewaretoken": csrf_token(preview),
        },
    )
    assert forged.status_code == 400
    _, section = library
    draft = add_item(section, ArticlePage, "Not yet", publish=False)
    html = client.get(send_url(draft, audience="everyone")).content.decode()
    assert "This newsletter is a draft: publish it before sending it. Nothing was sent." in html
    with pytest.raises(services.NewsletterError):
        send(draft, NewsletterAudience.EVERYONE, communications)
    assert not NewsletterSend.objects.exists() and mailoutbox == []


def test_only_communications_and_superusers_may_send(issue, mentee, programme_manager, moderator):
    for person in (mentee, programme_manager, moderator):
        response = signed_in(person).get(send_url(issue, audience="everyone"))
        assert response.status_code in (302, 403), person
    with pytest.raises(services.NewsletterError):
        send(issue, NewsletterAudience.EVERYONE, moderator)


# --- at scale -------------------------------------------------------------------------------------


def test_the_sends_queries_do_not_grow_with_the_audience(
    issue,
    communications,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(notification_services, "BROADCAST_BATCH", 1000)

    def queries_to_send_to(size: int) -> int:
        Notification.objects.all().delete()
        NewsletterSend.objects.all().delete()
        for person in UserFactory.create_batch(size - mentors(), roles=[Role.MENTOR]):
            assert person.pk
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            send(issue, NewsletterAudience.MENTORS, communications, again=True)
        assert Notification.objects.filter(email=Notification.Email.SENT).count() == size
        return len(queries)

    def mentors() -> int:
        return Group.objects.get(name=Role.MENTOR.value).user_set.count()

    queries_to_send_to(2)  # the first send fills caches every later one reads from
    assert queries_to_send_to(5) == queries_to_send_to(40)
