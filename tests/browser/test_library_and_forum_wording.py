"""A member on a library item: related items, then "discuss this in the community" opening one
topic; and their own posts page, which reads like the portal. Every page is checked by axe."""

import pytest

from content.models import ArticlePage, CaseStudyPage
from forums import services as forum_services
from tests.browser.steps import sign_in_at
from tests.content.factories import add_item, build_library
from tests.factories import ProfileFactory
from tests.forums.helpers import topic_in

pytestmark = pytest.mark.django_db(transaction=True)
TALENT = ["talent-and-succession"]


def test_a_member_reads_an_item_follows_a_related_one_and_starts_its_discussion(
    page, live_server, mentee
):
    ProfileFactory(user=mentee)
    forum_services.ensure_standard_communities()
    _, section = build_library()
    item = add_item(section, CaseStudyPage, "Two plants, one budget", TALENT)
    add_item(section, ArticlePage, "Succession without surprises", TALENT)
    sign_in_at(page, f"{live_server.url}{item.url}", mentee.email)
    page.wait_for_url(f"{live_server.url}{item.url}")
    related = page.get_by_role("region", name="Related in the library")
    assert related.get_by_role("link", name="Succession without surprises").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the discussion").click()
    assert "Two plants, one budget" in page.get_by_role("heading", level=1).inner_text()
    topic = page.url
    page.goto(f"{live_server.url}{item.url}")
    assert page.get_by_role("link", name="Join the discussion").get_attribute("href") in topic


def test_my_posts_names_each_link_and_writes_times_the_portals_way(page, live_server, mentor):
    ProfileFactory(user=mentor)
    questions = {c.kind: c for c in forum_services.ensure_standard_communities()}["questions"]
    topic_in(questions.forum, mentor, "How do you open a first session?", posts=2)
    sign_in_at(page, f"{live_server.url}/forum/member/profile/{mentor.pk}/posts/", mentor.email)
    page.wait_for_url("**/posts/")
    assert page.get_by_role("heading", level=1).inner_text() == "My posts"
    assert page.get_by_role("link", name=mentor.get_full_name()).first.is_visible()
    body = page.locator("main").inner_text()
    assert "a.m." not in body and "p.m." not in body and "Posts:" not in body
