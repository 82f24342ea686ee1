"""External experts end to end: their details and evidence, the checklist, the approval chain
(programme manager, then sponsor), and expiry, after which they are neither listed, matched nor
let into their mentees' data."""

import io
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from portal.engagements import services as engagement_services
from portal.engagements.models import Note
from portal.governance import evidence, services
from portal.governance.models import ChecklistItem, Evidence, ExpertVetting
from portal.matching.queries import candidate_mentors
from portal.notifications import kinds
from portal.people.models import MentorProfile, PersonLogEntry
from portal.people.roles import Role
from portal.programmes import services as programme_services
from tests.factories import MentorProfileFactory, ProfileFactory, UserFactory
from tests.notifications.helpers import inbox_of
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MY_VETTING = "/governance/vetting/"
SPONSOR_LIST = "/governance/vetting/sponsor/"
DETAILS = {
    "expertise": [],
    "firm": "Raman Leadership Advisory",
    "monthly_hours": "6",
    "compensation": "day_rate",
    "day_rate": "1200",
    "fee_cap": "24000",
    "contract_reference": "MER-EXP-2026-014",
}


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_of(client: Client, url: str) -> str:
    body = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def post(client: Client, url: str, data: dict, page: str | None = None):
    """Post as the browser would: the token from the rendered page, on-commit work run."""
    token = token_of(client, page or url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def expert(db):
    user = UserFactory(first_name="Priya", last_name="Raman", roles=[Role.EXTERNAL_EXPERT])
    ProfileFactory(user=user, organisation="Raman Leadership Advisory", business_unit=None)
    return MentorProfileFactory(
        user=user,
        kind=MentorProfile.Kind.EXTERNAL,
        vetting_status=MentorProfile.Vetting.PENDING,
    )


@pytest.fixture
def second_manager(db):
    return UserFactory(first_name="Ola", last_name="Berg", roles=[Role.PROGRAMME_MANAGER])


def _competency_ids(*slugs):
    from portal.people.models import Competency

    return [
        str(pk) for pk in Competency.objects.filter(slug__in=slugs).values_list("pk", flat=True)
    ]


def _complete_checklist(vetting, manager):
    for item in vetting.items.all():
        services.mark_item(item.pk, manager, True, f"{item.get_kind_display()}: seen and fine.")


def _ready(expert, manager):
    """An expert whose details are given and whose seven items are checked."""
    vetting = services.due_diligence_of(expert.user)
    services.save_expert_details(
        expert.user,
        {**DETAILS, "monthly_hours": 6, "day_rate": 1200, "fee_cap": 24000},
        [s.competency_id for s in expert.strengths.all()],
    )
    _complete_checklist(vetting, manager)
    return vetting


def _approved(expert, manager, sponsor, expires_in=300):
    vetting = _ready(expert, manager)
    today = timezone.now().date()
    services.manager_approve(vetting.pk, manager, today + timedelta(days=expires_in), "All seen.")
    services.sponsor_approve(vetting.pk, sponsor, "Agreed.")
    expert.refresh_from_db()
    return vetting


def _upload(client, item, content: bytes, name="scan.pdf", content_type="application/pdf"):
    token = token_of(client, MY_VETTING)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"/governance/vetting/items/{item.pk}/evidence/",
            {
                "file": SimpleUploadedFile(name, content, content_type=content_type),
                "csrfmiddlewaretoken": token,
            },
        )


# --- the expert's details ------------------------------------------------------------------------


def test_the_expert_gives_their_terms_and_expertise(expert):
    client = csrf_client(expert.user)
    page = client.get(MY_VETTING).content.decode()
    assert "Your due diligence" in page and "Identity checked" in page
    data = {**DETAILS, "expertise": _competency_ids("negotiation", "strategic-thinking")}
    response = post(client, MY_VETTING, data)
    assert response.status_code == 302
    vetting = ExpertVetting.objects.get(mentor=expert)
    assert (vetting.firm, vetting.compensation, vetting.fee_cap) == (
        "Raman Leadership Advisory",
        "day_rate",
        24000,
    )
    expert.refresh_from_db()
    assert expert.monthly_hours == 6
    assert sorted(s.competency.slug for s in expert.strengths.all()) == [
        "negotiation",
        "strategic-thinking",
    ]
    assert vetting.items.count() == 7


def test_a_day_rate_without_a_cap_is_refused_with_the_values_kept(expert):
    client = csrf_client(expert.user)
    data = {**DETAILS, "fee_cap": "", "expertise": _competency_ids("negotiation")}
    response = post(client, MY_VETTING, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the cap on the total: a day rate needs one." in body
    assert 'value="MER-EXP-2026-014"' in body and 'value="1200"' in body
    vetting = ExpertVetting.objects.get(mentor=expert)
    assert vetting.details_given_at is None and vetting.firm == ""


def test_only_external_experts_have_a_due_diligence_page(mentee, mentor):
    assert csrf_client(mentee).get(MY_VETTING).status_code == 404
    assert csrf_client(mentor).get(MY_VETTING).status_code == 404


# --- evidence ------------------------------------------------------------------------------------


def test_evidence_is_stored_privately_under_a_generated_name(expert):
    client = csrf_client(expert.user)
    vetting = services.due_diligence_of(expert.user)
    nda = vetting.items.get(kind=ChecklistItem.Check.NDA)
    response = _upload(client, nda, PDF, name="Priya Raman NDA signed.pdf")
    assert response.status_code == 302
    record = Evidence.objects.get()
    assert re.fullmatch(r"evidence/[0-9a-f]{32}\.pdf", record.file.name)
    assert "Priya" not in record.file.name
    assert record.content_type == "application/pdf"
    stored = Path(record.file.path)
    assert stored.read_bytes() == PDF
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    # Nothing serves it by a public path: neither under MEDIA_URL nor the storage's base URL.
    assert Client().get(f"/media/{record.file.name}").status_code == 404
    assert Client().get(f"/no-public-url/{record.file.name}").status_code == 404
    assert PersonLogEntry.objects.filter(
        object_id=str(expert.user_id), action=services.EVIDENCE_ADDED
    ).exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a pdf at all", "contract.pdf", "is not a PDF, PNG or JPEG"),
        (b"<script>alert(1)</script>", "nda.png", "is not a PDF, PNG or JPEG"),
        (b"", "empty.pdf", "This file is empty"),
    ],
    ids=["executable named .pdf", "html named .png", "empty"],
)
def test_an_upload_is_checked_by_its_content_not_its_name(expert, content, name, message):
    client = csrf_client(expert.user)
    item = services.due_diligence_of(expert.user).items.get(kind=ChecklistItem.Check.NDA)
    response = _upload(client, item, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(expert, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_BYTES", 1024)
    client = csrf_client(expert.user)
    item = services.due_diligence_of(expert.user).items.get(kind=ChecklistItem.Check.CREDENTIALS)
    response = _upload(client, item, PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "MB; the limit is" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_expert_cannot_add_evidence_to_the_managers_checks_or_anothers_items(expert):
    other_user = UserFactory(roles=[Role.EXTERNAL_EXPERT])
    MentorProfileFactory(user=other_user, kind="external", vetting_status="pending")
    theirs = services.due_diligence_of(other_user).items.get(kind=ChecklistItem.Check.NDA)
    mine = services.due_diligence_of(expert.user)
    compliance = mine.items.get(kind=ChecklistItem.Check.COMPLIANCE)
    client = csrf_client(expert.user)
    assert _upload(client, theirs, PDF).status_code == 404
    assert _upload(client, compliance, PDF).status_code == 404
    assert not Evidence.objects.exists()


def test_evidence_downloads_only_for_the_expert_the_managers_and_the_approving_sponsor(
    expert, programme_manager, sponsor, mentee, mentor, second_manager
):
    vetting = services.due_diligence_of(expert.user)
    nda = vetting.items.get(kind=ChecklistItem.Check.NDA)
    _upload(csrf_client(expert.user), nda, PNG, name="nda.png", content_type="image/png")
    record = Evidence.objects.get()
    url = f"/governance/evidence/{record.pk}/"
    another_expert = UserFactory(roles=[Role.EXTERNAL_EXPERT])
    for outsider in (mentee, mentor, another_expert, sponsor):
        assert csrf_client(outsider).get(url).status_code == 404, outsider
    assert Client().get(url).status_code == 404  # anonymous: no sign-in page either
    assert csrf_client(expert.user).get(f"/governance/evidence/{record.pk + 1}/").status_code == 404
    for reader in (expert.user, programme_manager):
        response = csrf_client(reader).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG
    # A sponsor reads the evidence while the expert awaits a sponsor's approval, not after.
    services.save_expert_details(
        expert.user, {**DETAILS, "monthly_hours": 6, "day_rate": 1, "fee_cap": 5}, []
    )
    _complete_checklist(vetting, programme_manager)
    services.manager_approve(
        vetting.pk, programme_manager, timezone.now().date() + timedelta(days=200), "Seen."
    )
    assert csrf_client(sponsor).get(url).status_code == 200
    services.sponsor_approve(vetting.pk, sponsor, "Agreed.")
    assert csrf_client(sponsor).get(url).status_code == 404


# --- the approval chain -------------------------------------------------------------------------


def test_approving_with_checks_missing_says_which_and_changes_nothing(expert, programme_manager):
    vetting = services.due_diligence_of(expert.user)
    services.save_expert_details(
        expert.user, {**DETAILS, "monthly_hours": 6, "day_rate": 1200, "fee_cap": 24000}, []
    )
    for item in vetting.items.exclude(kind__in=["references", "compliance"]):
        services.mark_item(item.pk, programme_manager, True, "Seen.")
    client = csrf_client(programme_manager)
    page = f"/admin/governance/experts/{vetting.pk}/"
    expires = (timezone.now().date() + timedelta(days=300)).isoformat()
    response = post(
        client, page, {"action": "approve", "expires_on": expires, "reason": "Looks good."}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Not every check is complete: Two references, Compliance and sanctions check." in body
    assert f'value="{expires}"' in body and "Looks good." in body
    vetting.refresh_from_db()
    expert.refresh_from_db()
    assert vetting.stage == ExpertVetting.Stage.COLLECTING and vetting.expires_on is None
    assert expert.vetting_status == MentorProfile.Vetting.PENDING
    assert not PersonLogEntry.objects.filter(action=services.MANAGER_APPROVED).exists()


def test_approving_too_early_without_a_reason_names_the_open_checks_first(
    expert, programme_manager
):
    vetting = services.due_diligence_of(expert.user)
    client = csrf_client(programme_manager)
    page = f"/admin/governance/experts/{vetting.pk}/"
    expires = (timezone.now().date() + timedelta(days=300)).isoformat()
    response = post(client, page, {"action": "approve", "expires_on": expires, "reason": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Not every check is complete: " in body
    assert "Say why you approve" in body
    vetting.refresh_from_db()
    assert vetting.stage == ExpertVetting.Stage.COLLECTING


def test_an_expiry_date_in_the_past_is_refused_and_nothing_is_saved(expert, programme_manager):
    vetting = _ready(expert, programme_manager)
    client = csrf_client(programme_manager)
    page = f"/admin/governance/experts/{vetting.pk}/"
    past = (timezone.now().date() - timedelta(days=1)).isoformat()
    response = post(client, page, {"action": "approve", "expires_on": past, "reason": "Fine."})
    assert response.status_code == 400
    assert "The expiry date must be in the future." in response.content.decode()
    vetting.refresh_from_db()
    assert vetting.stage == ExpertVetting.Stage.COLLECTING and vetting.expires_on is None
    with pytest.raises(services.VettingError, match="must be in the future"):
        services.manager_approve(vetting.pk, programme_manager, timezone.now().date(), "Fine.")


def test_a_manager_marks_an_item_checked_with_evidence_and_a_note(expert, programme_manager):
    vetting = services.due_diligence_of(expert.user)
    item = vetting.items.get(kind=ChecklistItem.Check.COMPLIANCE)
    client = csrf_client(programme_manager)
    page = f"/admin/governance/experts/{vetting.pk}/"
    token = token_of(client, page)
    response = client.post(
        page,
        {
            "action": "check",
            "item": item.pk,
            "decision": "complete",
            "note": "Sanctions lists screened: no match.",
            "file": SimpleUploadedFile("screen.pdf", PDF, content_type="application/pdf"),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.complete and item.checked_by == programme_manager
    assert item.evidence.get().uploaded_by == programme_manager
    # Checked without saying what was checked: refused, and the file sent with it is not kept.
    other = vetting.items.get(kind=ChecklistItem.Check.IDENTITY)
    response = client.post(
        page,
        {
            "action": "check",
            "item": other.pk,
            "decision": "complete",
            "note": "",
            "file": SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 400
    assert "Say what you checked" in response.content.decode()
    other.refresh_from_db()
    assert not other.complete and not other.evidence.exists()


def test_the_chain_manager_then_sponsor_lists_and_matches_the_expert(
    expert, programme_manager, sponsor
):
    vetting = _ready(expert, programme_manager)
    client = csrf_client(programme_manager)
    page = f"/admin/governance/experts/{vetting.pk}/"
    default = services.default_expiry(timezone.now().date()).isoformat()
    assert f'value="{default}"' in client.get(page).content.decode()
    expires = timezone.now().date() + timedelta(days=300)
    response = post(
        client,
        page,
        {"action": "approve", "expires_on": expires.isoformat(), "reason": "All seven seen."},
    )
    assert response.status_code == 302
    vetting.refresh_from_db()
    expert.refresh_from_db()
    assert vetting.stage == ExpertVetting.Stage.AWAITING_SPONSOR
    assert expert.vetting_status == MentorProfile.Vetting.PENDING
    assert not MentorProfile.objects.listed().filter(pk=expert.pk).exists()
    (asked,) = inbox_of(sponsor, kinds.VETTING_AWAITS_SPONSOR.key)
    assert asked.url == f"/governance/vetting/sponsor/{vetting.pk}/"
    assert inbox_of(expert.user, kinds.VETTING_PROGRESS.key)

    sponsor_client = csrf_client(sponsor)
    assert "Priya Raman" in sponsor_client.get(SPONSOR_LIST).content.decode()
    assert "1 external expert awaiting your approval" in sponsor_client.get("/").content.decode()
    review = f"/governance/vetting/sponsor/{vetting.pk}/"
    empty = post(sponsor_client, review, {"decision": "approve", "reason": ""})
    assert empty.status_code == 400 and "Give your reason" in empty.content.decode()
    response = post(sponsor_client, review, {"decision": "approve", "reason": "Strong record."})
    assert response.status_code == 302
    vetting.refresh_from_db()
    expert.refresh_from_db()
    assert vetting.stage == ExpertVetting.Stage.APPROVED
    assert (expert.vetting_status, expert.vetting_expires_on) == ("approved", expires)
    assert MentorProfile.objects.listed().filter(pk=expert.pk).exists()
    assert next(m for m in candidate_mentors() if m.pk == expert.pk).matchable
    (told,) = inbox_of(expert.user, kinds.VETTING_DECIDED.key)
    assert told.title == "Your vetting is approved"
    actions = set(
        PersonLogEntry.objects.filter(object_id=str(expert.user_id)).values_list(
            "action", "user_id"
        )
    )
    assert (services.MANAGER_APPROVED, programme_manager.pk) in actions
    assert ("people.vetting_decided", sponsor.pk) in actions


def test_the_same_person_cannot_give_both_approvals(expert, programme_manager):
    programme_manager.groups.add(*UserFactory(roles=[Role.SPONSOR]).groups.all())
    vetting = _ready(expert, programme_manager)
    services.manager_approve(
        vetting.pk, programme_manager, timezone.now().date() + timedelta(days=30), "Seen."
    )
    with pytest.raises(services.VettingError, match="someone else"):
        services.sponsor_approve(vetting.pk, programme_manager, "Me again.")


def test_a_sponsor_rejects_with_a_reason_the_expert_reads(expert, programme_manager, sponsor):
    vetting = _ready(expert, programme_manager)
    services.manager_approve(
        vetting.pk, programme_manager, timezone.now().date() + timedelta(days=30), "Seen."
    )
    review = f"/governance/vetting/sponsor/{vetting.pk}/"
    response = post(
        csrf_client(sponsor), review, {"decision": "reject", "reason": "A competitor's adviser."}
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.REJECTED
    assert (
        "A competitor&#x27;s adviser." in csrf_client(expert.user).get(MY_VETTING).content.decode()
    )
    assert csrf_client(sponsor).get(review).status_code == 404


def test_a_mentee_or_a_mentor_cannot_open_the_sponsor_pages_or_the_admin_screens(
    expert, mentee, mentor, programme_manager
):
    vetting = _ready(expert, programme_manager)
    for person in (mentee, mentor, expert.user):
        client = csrf_client(person)
        assert client.get(SPONSOR_LIST).status_code == 404
        assert client.get(f"/governance/vetting/sponsor/{vetting.pk}/").status_code == 404
        assert client.get(f"/admin/governance/experts/{vetting.pk}/").status_code in (302, 403)


# --- expiry --------------------------------------------------------------------------------------


@pytest.fixture
def pair(expert, mentee, programme_manager, sponsor):
    """Priya, approved, mentoring Amara in a programme; Priya wrote a note for the pair."""
    _approved(expert, programme_manager, sponsor)
    programme = pf.programme(hours_per_month=4, duration_months=6)
    programme.managers.add(programme_manager)
    engagement = programme_services.start_engagement(mentee, expert, programme)
    engagement_services.write_note(engagement, expert.user, "pair", "Board pitch: notes.")
    return engagement


def test_on_the_expiry_date_the_expert_is_unlisted_unmatched_and_shut_out_at_once(
    pair, expert, client
):
    client.force_login(expert.user)
    page = f"/engagements/{pair.pk}/"
    assert client.get(page).status_code == 200
    assert Note.objects.visible_to(expert.user).exists()
    # Time moves on: today is the expiry date. No job has run yet.
    MentorProfile.objects.filter(pk=expert.pk).update(vetting_expires_on=timezone.now().date())
    assert not MentorProfile.objects.listed().filter(pk=expert.pk).exists()
    assert not next(m for m in candidate_mentors() if m.pk == expert.pk).matchable
    assert client.get(page).status_code == 404
    assert not Note.objects.visible_to(expert.user).exists()
    assert client.get(f"/mentors/{expert.pk}/").status_code == 404


def test_the_daily_review_reminds_30_days_before_once_and_marks_expiry(
    expert, programme_manager, sponsor
):
    vetting = _approved(expert, programme_manager, sponsor, expires_in=30)
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("review_vetting", stdout=out)
        call_command("review_vetting", stdout=out)
    assert "Reminded 1 vetting expiring soon; marked 0 expired." in out.getvalue()
    assert "Reminded 0 vettings expiring soon" in out.getvalue()
    assert len(inbox_of(expert.user, kinds.VETTING_EXPIRING.key)) == 1
    assert len(inbox_of(programme_manager, kinds.VETTING_EXPIRING.key)) == 1

    later = timezone.now().date() + timedelta(days=30)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.review_expiries(today=later) == (0, 1)
        assert services.review_expiries(today=later) == (0, 0)
    vetting.refresh_from_db()
    expert.refresh_from_db()
    assert vetting.stage == ExpertVetting.Stage.EXPIRED
    assert expert.vetting_status == MentorProfile.Vetting.EXPIRED
    assert inbox_of(expert.user, kinds.VETTING_DECIDED.key)[-1].title == "Your vetting has expired"


def test_an_expired_expert_is_renewed_through_both_approvals_again(
    expert, programme_manager, sponsor
):
    vetting = _approved(expert, programme_manager, sponsor, expires_in=10)
    services.review_expiries(today=timezone.now().date() + timedelta(days=10))
    services.manager_approve(
        vetting.pk, programme_manager, timezone.now().date() + timedelta(days=365), "Renewed."
    )
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.EXPIRED
    services.sponsor_approve(vetting.pk, sponsor, "Renewed.")
    expert.refresh_from_db()
    assert expert.vetting_status == MentorProfile.Vetting.APPROVED


# --- lists keep a constant number of queries ---------------------------------------------------


def _awaiting(count, manager):
    for _ in range(count):
        user = UserFactory(roles=[Role.EXTERNAL_EXPERT])
        profile = MentorProfileFactory(user=user, kind="external", vetting_status="pending")
        vetting = _ready(profile, manager)
        services.manager_approve(
            vetting.pk, manager, timezone.now().date() + timedelta(days=90), "Seen."
        )


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    return len(ctx.captured_queries)


def test_the_sponsor_list_and_the_experts_screen_keep_their_query_counts(
    programme_manager, sponsor, django_assert_num_queries
):
    sponsor_client, manager_client = csrf_client(sponsor), csrf_client(programme_manager)
    _awaiting(1, programme_manager)
    sponsor_client.get(SPONSOR_LIST), manager_client.get("/admin/governance/experts/")
    small_sponsor = _queries_for(sponsor_client, SPONSOR_LIST)
    small_admin = _queries_for(manager_client, "/admin/governance/experts/")
    _awaiting(4, programme_manager)
    # The bell's count is cached per reader; the new notifications retired it once.
    sponsor_client.get(SPONSOR_LIST), manager_client.get("/admin/governance/experts/")
    with django_assert_num_queries(small_sponsor):
        body = sponsor_client.get(SPONSOR_LIST).content.decode()
    assert body.count("dd-queue__item") == 5
    with django_assert_num_queries(small_admin):
        manager_client.get("/admin/governance/experts/")
