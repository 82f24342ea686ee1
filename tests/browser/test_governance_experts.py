"""An external expert in a real browser, end to end: invited by a programme manager, signs up
on a phone, gives their terms and uploads evidence; the manager checks every item and approves
with an expiry date, the sponsor approves, and the expert is in the catalog. Then their vetting
expires and they leave the catalog and the next matching run."""

import re

from django.core import mail
from django.utils import timezone

import pytest

from portal.governance.models import ExpertVetting
from portal.matching.queries import candidate_mentors
from portal.people.models import MentorProfile, User
from portal.people.roles import Role
from tests.browser.axe import assert_accessible
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in_at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "a-long-unusual-passphrase-42"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_an_expert_is_invited_vetted_listed_and_dropped_on_expiry(
    page, new_page, live_server, screenshot
):
    UserFactory(
        email="sofia@meridian.example",
        first_name="Sofia",
        last_name="Lindqvist",
        roles=[Role.PROGRAMME_MANAGER],
    )
    UserFactory(
        email="james@meridian.example",
        first_name="James",
        last_name="Whitfield",
        roles=[Role.SPONSOR],
    )
    UserFactory(email="amara@meridian.example", roles=[Role.MENTEE])

    # The manager invites the expert with the External expert role preset.
    manager = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(manager, f"{live_server.url}/admin/people/invite/", "sofia@meridian.example")
    manager.get_by_label("Email addresses").fill("hannah@northbridge.example")
    manager.get_by_label("External expert").check()
    manager.get_by_role("button", name="Send invitations").click()
    manager.get_by_text("1 invitation sent.").wait_for()
    link = re.search(r"https?://\S+invitation=\S+", mail.outbox[-1].body).group(0)

    # On a phone, the expert signs up from the link and confirms their address.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.get_by_text("You are invited to join as external expert").wait_for()
    page.get_by_label("First name").fill("Hannah")
    page.get_by_label("Last name").fill("Okonkwo")
    page.get_by_label("Email").fill("hannah@northbridge.example")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    page.goto(live_server.url + "/accounts/" + confirm.group(0).split("/accounts/", 1)[1])
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Open your due diligence").click()
    page.get_by_role("heading", name="Your due diligence", exact=True).wait_for()

    # Their details, with a mistake first: a day rate needs its cap.
    page.get_by_label("Negotiation", exact=False).first.check()
    page.get_by_label("Firm or organisation").fill("Northbridge Advisory")
    page.get_by_label("Hours a month you offer").fill("6")
    page.get_by_label("A day rate, with a cap").check()
    page.get_by_label("Day rate", exact=True).fill("1200")
    page.get_by_label("Contract reference").fill("MER-EXP-2026-031")
    page.get_by_role("button", name="Save your details").click()
    page.get_by_text("Enter the cap on the total: a day rate needs one.").wait_for()
    assert page.get_by_label("Contract reference").input_value() == "MER-EXP-2026-031"
    assert_accessible(page)
    screenshot("governance-expert-details-error-phone")
    page.get_by_label("Cap on the total").fill("24000")
    page.get_by_role("button", name="Save your details").click()
    page.get_by_text("Your details are saved.").wait_for()

    # Evidence: a text file named .pdf is refused; the real PDF is kept.
    page.get_by_label("Add a file for “NDA signed”").set_input_files(
        {"name": "nda.pdf", "mimeType": "application/pdf", "buffer": b"just some text"}
    )
    page.locator("#item-" + str(_item_pk("hannah@northbridge.example", "nda"))).get_by_role(
        "button", name="Upload"
    ).click()
    page.get_by_text("This file is not a PDF, PNG or JPEG.").wait_for()
    page.get_by_label("Add a file for “NDA signed”").set_input_files(
        {"name": "nda.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#item-" + str(_item_pk("hannah@northbridge.example", "nda"))).get_by_role(
        "button", name="Upload"
    ).click()
    page.get_by_text("Your file is added to “NDA signed”.").wait_for()
    assert page.get_by_role("link", name="Evidence 1").count() == 1
    assert_accessible(page)
    screenshot("governance-expert-evidence-phone")

    # The manager tries to approve too early, then checks every item and approves.
    vetting = ExpertVetting.objects.get(mentor__user__email="hannah@northbridge.example")
    manager.goto(f"{live_server.url}/admin/governance/experts/{vetting.pk}/")
    manager.get_by_role("button", name="Approve and send to a sponsor").click()
    manager.get_by_text("Not every check is complete:").wait_for()
    for item in vetting.items.all():
        section = manager.locator(f"#item-{item.pk}")
        section.get_by_label("What you checked").fill(f"{item.get_kind_display()}: confirmed.")
        section.get_by_role("button", name="Mark checked").click()
        manager.get_by_text(f"“{item.get_kind_display()}” is saved.").wait_for()
    manager.get_by_label("Why you approve").fill("All seven checks complete.")
    manager.get_by_role("button", name="Approve and send to a sponsor").click()
    manager.get_by_text("a sponsor approves next").first.wait_for()
    _shot(manager, "governance-expert-admin-desktop")

    # The sponsor approves from their portal page.
    sponsor = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(sponsor, f"{live_server.url}/governance/vetting/sponsor/", "james@meridian.example")
    sponsor.get_by_role("link", name="Hannah Okonkwo").click()
    sponsor.get_by_role("heading", name="Your decision").wait_for()
    _shot(sponsor, "governance-sponsor-review-desktop")
    sponsor.get_by_label("Approve", exact=True).check()
    sponsor.get_by_label("Your reason").fill("A strong record with our peers.")
    sponsor.get_by_role("button", name="Record my decision").click()
    sponsor.get_by_text("Hannah Okonkwo is approved until").wait_for()
    assert_accessible(sponsor)

    # With her profile and onboarding complete, a mentee finds her in the catalog.
    expert = MentorProfile.objects.get(user__email="hannah@northbridge.example")
    assert expert.vetting_status == MentorProfile.Vetting.APPROVED
    expert.bio = "Negotiation coach for boards and executive teams."
    expert.outcomes = "A plan for your next hard conversation."
    expert.onboarding_completed_at = timezone.now()
    expert.save()
    mentee = new_page(viewport={"width": 1440, "height": 900})
    sign_in_at(mentee, f"{live_server.url}/mentors/", "amara@meridian.example")
    mentee.get_by_role("link", name="Hannah Okonkwo").first.wait_for()
    assert next(m for m in candidate_mentors() if m.pk == expert.pk).matchable

    # Time moves on to the expiry date: she leaves the catalog and the next matching run.
    expert.vetting_expires_on = timezone.now().date()
    expert.save(update_fields=["vetting_expires_on"])
    mentee.reload()
    mentee.get_by_role("heading", level=1).wait_for()
    assert mentee.get_by_role("link", name="Hannah Okonkwo").count() == 0
    assert not next(m for m in candidate_mentors() if m.pk == expert.pk).matchable
    assert User.objects.get(email="hannah@northbridge.example").has_role(Role.EXTERNAL_EXPERT)


def _item_pk(email: str, kind: str) -> int:
    return ExpertVetting.objects.get(mentor__user__email=email).items.get(kind=kind).pk
