"""Running the programme without a shell, in a real browser (issue 14's "must show"): a new
mentor completes the required onboarding modules and appears in the catalog; a manager adds a
business unit and a language and they appear in the intake; a sponsor nominates a mentee into a
nomination-only programme, who applies; a manager rolls a cycle over from its preview; a
manager assigns a moderator to a new cohort forum, who approves its first post. Every page
these open is checked with axe (the autouse watch)."""

from django.urls import reverse

import pytest

from content.models import LearningModulePage
from portal.people.roles import Role
from portal.programmes import services
from portal.programmes.models import Application
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in_at
from tests.content.factories import add_item, build_library
from tests.factories import MentorProfileFactory, ProfileFactory, UserFactory
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_mentor_completes_the_required_modules_and_appears_in_the_catalog(
    page, new_page, live_server, screenshot
):
    _, section = build_library()
    modules = [
        add_item(section, LearningModulePage, title=title, required_for_mentors=True)
        for title in ("Confidentiality first", "Coaching techniques")
    ]
    mentor = MentorProfileFactory(
        onboarding_completed_at=None,
        user__first_name="Lena",
        user__last_name="Fischer",
        user__email="lena@example.com",
    )
    mentee = UserFactory(email="amara@example.com", roles=[Role.MENTEE])

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in_at(page, f"{live_server.url}/me/onboarding/", mentor.user.email)
    page.get_by_text("0 of 2 required modules completed").wait_for()
    for module in modules:
        page.get_by_role("link", name=module.title).click()
        page.get_by_role("button", name="Mark this module complete").click()
    page.get_by_text("your onboarding is done").wait_for()
    page.get_by_role("heading", name="Onboarding done").wait_for()
    screenshot("onboarding-done-phone")

    viewer = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(viewer, f"{live_server.url}/mentors/", mentee.email)
    viewer.get_by_text("Lena Fischer").first.wait_for()


def test_a_manager_adds_a_unit_and_a_language_and_the_intake_offers_them(
    page, new_page, live_server
):
    UserFactory(email="sofia@example.com", roles=[Role.PROGRAMME_MANAGER])
    mentee = UserFactory(email="amara@example.com", roles=[Role.MENTEE])
    ProfileFactory(user=mentee)

    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(
        page, f"{live_server.url}/admin/snippets/people/businessunit/add/", "sofia@example.com"
    )
    page.locator("#id_name").fill("Retail Nordics")
    page.locator("#id_code").fill("retail-nordics")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Retail Nordics").first.wait_for()
    page.goto(f"{live_server.url}/admin/snippets/people/language/add/")
    page.locator("#id_name").fill("Swahili")
    page.locator("#id_code").fill("sw")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Swahili").wait_for()

    member = new_page(viewport={"width": 375, "height": 812})
    sign_in_at(member, f"{live_server.url}/me/intake/career/", mentee.email)
    assert member.locator("option", has_text="Retail Nordics").count() == 1
    assert member.get_by_label("Swahili").count() == 1


def test_a_sponsor_nominates_a_mentee_who_applies_and_a_manager_rolls_a_cycle_over(
    page, new_page, live_server, screenshot
):
    manager = UserFactory(
        email="sofia@example.com", first_name="Sofia", roles=[Role.PROGRAMME_MANAGER]
    )
    UserFactory(
        email="james@example.com", first_name="James", last_name="Whitfield", roles=[Role.SPONSOR]
    )
    board = pf.programme(name="Board Readiness", nomination_required=True)
    board.managers.add(manager)
    pf.cohort(pf.cycle(board, starts_in=20, seats=0))
    nominee = pf.applicant(email="kwame@example.com", first_name="Kwame", last_name="Mensah")

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in_at(page, f"{live_server.url}/programmes/nominations/", "james@example.com")
    page.get_by_label("Their email address").fill(nominee.email)
    page.get_by_label("Why you nominate them").fill("Led the data platform rebuild.")
    page.get_by_role("button", name="Nominate").click()
    page.get_by_text("Kwame Mensah is nominated for Board Readiness").wait_for()

    member = new_page(viewport={"width": 375, "height": 812})
    sign_in_at(member, f"{live_server.url}/programmes/{board.slug}/", nominee.email)
    member.get_by_text("Led the data platform rebuild.").wait_for()
    member.get_by_role("button", name="Apply to Board Readiness").click()
    member.get_by_text("You applied on").wait_for()
    spring = Application.objects.get(applicant=nominee).cycle

    staff = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(
        staff, f"{live_server.url}/admin/programmes/waiting-lists/{spring.pk}/", manager.email
    )
    staff.get_by_role("link", name="Roll over to the next cycle…").click()
    staff.get_by_role("button", name="Open Board Readiness's next cycle").click()
    staff.get_by_role("heading", name="Who carries over").wait_for()
    assert staff.get_by_role("cell", name="Kwame Mensah").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    staff.screenshot(path=str(SCREENSHOTS / "roll-over-desktop.png"), full_page=True)
    staff.get_by_role("button", name="Roll over 1 to").click()
    staff.get_by_text("1 person carried over to").wait_for()
    moved = Application.objects.get(applicant=nominee)
    assert moved.cycle != spring and moved.carried_over
    assert services.roll_over_record(spring) is not None


def test_a_manager_assigns_a_moderator_to_a_new_cohort_forum_who_approves_a_first_post(
    page, new_page, live_server
):
    from machina.core.db.models import get_model

    from forums.models import Community
    from forums.services import start_topic

    Post = get_model("forum_conversation", "Post")
    manager = UserFactory(email="sofia@example.com", roles=[Role.PROGRAMME_MANAGER])
    programme = pf.programme(name="Aurora")
    programme.managers.add(manager)
    cohort = pf.cohort(pf.cycle(programme), name="Aurora directors")
    community = Community.objects.get(cohort=cohort)
    assert not community.moderators.exists()  # nobody held the Moderator role yet
    UserFactory(
        email="ines@example.com", first_name="Ines", last_name="Moreau", roles=[Role.MODERATOR]
    )
    member = pf.applicant(email="kwame@example.com")
    cohort.members.add(member)
    start_topic(
        community, member, "Our first session plan", "Shall we share agendas?", approved=False
    )

    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in_at(page, f"{live_server.url}/admin/communities/", manager.email)
    section = page.get_by_role("region", name="Aurora directors")
    section.get_by_label("Ines Moreau").check()
    section.get_by_role("button", name="Save moderators").click()
    page.get_by_text("are saved").wait_for()

    moderator = new_page(viewport={"width": 375, "height": 812})
    sign_in_at(moderator, f"{live_server.url}/forum/", "ines@example.com")
    moderator.goto(f"{live_server.url}{reverse('forum_moderation:queue')}")
    item = moderator.locator(".queue-item", has_text="Our first session plan")
    item.get_by_role("button", name="Approve").click()
    moderator.wait_for_load_state()
    assert Post.objects.get(subject="Our first session plan").approved is True
