"""Communities in a real browser: the approval queue from post to approval, what a mentee cannot
reach, payloads that must stay inert in Chromium, and how the pages look at two widths."""

import re

from django.urls import reverse

import pytest
from machina.core.db.models import get_model

from forums import services
from forums.models import Community
from portal.demo.data import DEMO_PASSWORD
from portal.demo.services import seed_demo
from portal.people.roles import Role
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory
from tests.forums.helpers import topic_in, topic_url

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def communities(db):
    return {c.kind: c for c in services.ensure_standard_communities()}


@pytest.fixture
def cast(communities):
    """A new mentor, a moderator of the mentor community, a mentee, and a mentor thread."""
    mentor_forum = communities[Community.Kind.MENTORS]
    moderator = UserFactory(first_name="Tomás", last_name="Alvarez", roles=[Role.MODERATOR])
    services.assign_moderator(mentor_forum, moderator)
    veteran = UserFactory(first_name="Priya", last_name="Raman", roles=[Role.MENTOR])
    return {
        "mentor": UserFactory(first_name="Daniel", last_name="Hartmann", roles=[Role.MENTOR]),
        "moderator": moderator,
        "mentee": UserFactory(first_name="Amara", last_name="Okafor", roles=[Role.MENTEE]),
        "mentor_topic": topic_in(mentor_forum, veteran, "Succession worries at board level"),
    }


def watch_csp(page) -> list[str]:
    """Collect the browser's CSP violation reports and page errors on `page`."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_a_new_mentors_post_waits_until_a_moderator_approves_it(page, new_page, live_server, cast):
    csp_problems = watch_csp(page)
    sign_in_at(page, f"{live_server.url}/forum/", cast["mentor"].email)
    page.get_by_role("link", name="Mentor peer community").click()
    page.get_by_role("link", name="Start a topic").click()
    page.get_by_label("Subject").fill("A mentee who wants to change roles mid-programme")
    page.get_by_label("Message").fill("Has anyone supported a move **during** the programme?")
    page.get_by_role("button", name="Post", exact=True).click()

    # The author is told, and sees their topic marked as waiting; it is not in the list yet.
    assert "waiting for a moderator" in page.get_by_role("status").first.inner_text()
    waiting = page.get_by_role("region", name="Waiting for a moderator")
    assert "A mentee who wants to change roles" in waiting.inner_text()
    topics = page.get_by_role("region", name="Topics")
    assert "A mentee who wants to change roles" not in topics.inner_text()
    waiting.get_by_role("link", name="A mentee who wants to change roles mid-programme").click()
    assert "waiting for a moderator" in page.locator(".pending-note").inner_text()
    assert Post.objects.get(subject__startswith="A mentee who wants").approved is False

    moderator_page = new_page()
    csp_problems += watch_csp(moderator_page)
    sign_in_at(moderator_page, f"{live_server.url}/forum/", cast["moderator"].email)
    moderator_page.get_by_role("link", name="Review queue").first.click()
    item = moderator_page.locator(".queue-item", has_text="A mentee who wants to change roles")
    assert "Mentor peer community" in item.text_content()
    item.get_by_role("button", name="Approve").click()
    moderator_page.wait_for_load_state()
    assert Post.objects.get(subject__startswith="A mentee who wants").approved is True
    moderator_page.goto(f"{live_server.url}{reverse('forum_moderation:queue')}")
    assert "Nothing waiting" in moderator_page.inner_text("main")
    moderator_page.close()

    page.goto(f"{live_server.url}/forum/")
    page.get_by_role("link", name="Mentor peer community").click()
    topics = page.get_by_role("region", name="Topics")
    assert "A mentee who wants to change roles mid-programme" in topics.inner_text()
    assert page.get_by_role("region", name="Waiting for a moderator").count() == 0
    assert csp_problems == []


def test_a_mentee_can_neither_see_the_mentor_community_nor_open_its_topic(page, live_server, cast):
    sign_in_at(page, f"{live_server.url}/forum/", cast["mentee"].email)
    page.wait_for_url(f"{live_server.url}/forum/")
    main = page.inner_text("main")
    assert "Questions & answers" in main
    assert "Mentor peer community" not in main
    response = page.goto(f"{live_server.url}{topic_url(cast['mentor_topic'])}")
    assert response.status == 404  # as for a missing topic: nothing to tell it exists
    assert "Succession worries" not in page.content()


# Known ways past markdown2's "safe mode" and classic HTML injection, one post each.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    '[x](http://example.com" onmouseover="alert(1))',
    '![x](x" onerror="alert(1))',
    "[![x](x)](javascript:alert(1))",
    "[y][ref]\n\n[ref]: javascript:alert(1)",
    "<http://<script>alert(1)</script>>",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "`<script>alert(1)</script>` and <style>body{display:none}</style>",
]

UNSAFE_ELEMENTS = """(bodies) => bodies.flatMap((body) =>
  [...body.querySelectorAll('*')].flatMap((el) => {
    const found = [];
    if (['SCRIPT', 'IFRAME', 'SVG', 'IMG', 'STYLE', 'OBJECT', 'EMBED', 'DETAILS'].includes(
        el.tagName.toUpperCase())) found.push(el.tagName);
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attr.name.toLowerCase().startsWith('on')) found.push(el.tagName + '[' + attr.name + ']');
      if (/^(javascript|data|vbscript):/.test(value)) {
        found.push(el.tagName + '[' + attr.name + '=' + value + ']');
      }
    }
    return found;
  }))"""


def test_payloads_posted_through_the_form_stay_inert_in_chromium(page, live_server, communities):
    questions = communities[Community.Kind.QUESTIONS]
    member = UserFactory(first_name="Femi", last_name="Adeyemi", roles=[Role.MENTOR])
    topic = topic_in(questions, member, "Formatting questions", posts=3)  # trusted from now on
    for payload in PAYLOADS[1:]:
        Post.objects.create(
            topic=topic, poster=member, subject="Re: Formatting", content=payload, approved=True
        )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    csp_problems = watch_csp(page)

    sign_in_at(page, f"{live_server.url}{topic_url(topic)}", member.email)
    page.get_by_role("link", name="Reply").first.click()
    page.get_by_label("Message").fill("\n\n".join(PAYLOADS))
    page.get_by_role("button", name="Preview").click()
    assert dialogs == []
    assert page.eval_on_selector_all(".forum-preview .forum-post__body", UNSAFE_ELEMENTS) == []
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()

    assert Post.objects.filter(topic=topic).count() == 3 + len(PAYLOADS)
    for number in (1, 2):  # every page of the topic (15 posts a page)
        page.goto(f"{live_server.url}{topic_url(topic)}?page={number}")
        bodies = page.locator(".forum-post__body")
        assert bodies.count() > 0
        for index in range(bodies.count()):
            bodies.nth(index).hover()
        assert page.eval_on_selector_all(".forum-post__body", UNSAFE_ELEMENTS) == []
    assert "&lt;script&gt;" in page.content() or "<script>alert" in page.inner_text("main")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert csp_problems == []


@pytest.fixture
def demo(db):
    return seed_demo()


def shoot(page, screenshot, name: str) -> None:
    """A screenshot at 1440 and at 375 pixels wide; the page must not scroll sideways."""
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {size['width']} px"
        screenshot(f"forums-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def test_community_pages_at_desktop_and_phone_widths(page, live_server, demo, screenshot):
    csp_problems = watch_csp(page)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/forum/")
    page.get_by_label("Email").fill("tomas.alvarez@meridian.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/forum/")
    shoot(page, screenshot, "index")

    with page.expect_navigation():  # shoot() measures the page at once: let the new one load
        page.get_by_role("link", name="Questions & answers").click()
    shoot(page, screenshot, "forum")

    with page.expect_navigation():
        page.get_by_role("link", name="How do you prepare for a first mentoring session?").click()
    assert page.locator(".forum-post").count() >= 4
    shoot(page, screenshot, "topic")

    page.get_by_role("link", name="Reply").first.click()
    page.get_by_label("Message").fill("Bring one **real** situation you are stuck on.")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    shoot(page, screenshot, "post-form")

    page.goto(f"{live_server.url}{reverse('forum_moderation:queue')}")
    assert page.locator(".queue-item").count() >= 2
    shoot(page, screenshot, "review-queue")

    extra = {
        "search": f"{reverse('forum_search:search')}?q=mentor",
        "subscriptions": reverse("forum_member:user_subscriptions"),
        "unread": reverse("forum_tracking:unread_topics"),
    }
    for name, path in extra.items():
        page.goto(f"{live_server.url}{path}")
        assert page.locator(".site-header, header").count() > 0
        shoot(page, screenshot, name)
    page.goto(f"{live_server.url}/forum/")
    with page.expect_navigation():
        page.get_by_role("link", name="My posts").click()
    shoot(page, screenshot, "user-posts")
    assert not re.search(r"Refused to (execute|apply)", " ".join(csp_problems)), csp_problems
