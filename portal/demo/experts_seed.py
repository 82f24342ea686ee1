"""Demo due diligence of external experts, through the governance services: Priya Raman
approved by Sofia (programme manager) and James (sponsor) with every check and her evidence,
holding for about ten months; another expert approved by Sofia and awaiting James; another
whose vetting expired (the daily review run on its expiry date); the other pending experts with
their checklists open. Idempotent: an expert who has a due diligence is left as they are."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.demo import data
from portal.governance import services
from portal.governance.models import EXPERT_EVIDENCE, ChecklistItem, ExpertVetting
from portal.people.models import MentorProfile, User

PRIYA = "priya.raman"
MANAGER = "sofia.lindqvist"
SPONSOR = "james.whitfield"
NOTES = {
    ChecklistItem.Check.IDENTITY: "Passport seen on a video call; matches the scan.",
    ChecklistItem.Check.CREDENTIALS: "Degree and coaching accreditation confirmed with issuers.",
    ChecklistItem.Check.REFERENCES: "Two references called; both would engage her again.",
    ChecklistItem.Check.NDA: "NDA countersigned by Legal.",
    ChecklistItem.Check.CONFLICTS: "Declared no client among Meridian's competitors.",
    ChecklistItem.Check.CONTRACT: "Terms agreed with Procurement; contract reference on file.",
    ChecklistItem.Check.COMPLIANCE: "Sanctions and adverse media screening: no match.",
}


def _pdf(title: str) -> bytes:
    """A one-page PDF naming the document, standing in for the expert's scan."""
    text = title.replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _person(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{data.COMPANY_DOMAIN}").first()


def _checked(mentor: MentorProfile, manager: User, firm: str, pro_bono: bool) -> ExpertVetting:
    """The expert's details and evidence given, and every item checked by `manager`."""
    user = mentor.user
    vetting = services.due_diligence_of(user)
    services.save_expert_details(
        user,
        {
            "firm": firm,
            "monthly_hours": mentor.monthly_hours,
            "compensation": "pro_bono" if pro_bono else "day_rate",
            "day_rate": None if pro_bono else 1400,
            "fee_cap": None if pro_bono else 28000,
            "contract_reference": f"MER-EXP-{2026}-{mentor.pk:03d}",
        },
        [strength.competency_id for strength in mentor.strengths.all()],
    )
    for item in vetting.items.all():
        if item.kind in EXPERT_EVIDENCE:
            name = f"{item.kind}.pdf"
            upload = SimpleUploadedFile(
                name, _pdf(f"{item.get_kind_display()}: {user}"), "application/pdf"
            )
            services.add_evidence(item, user, upload)
        services.mark_item(item.pk, manager, True, NOTES[ChecklistItem.Check(item.kind)])
    return vetting


def seed_experts() -> None:
    manager, sponsor, priya = _person(MANAGER), _person(SPONSOR), _person(PRIYA)
    if manager is None or sponsor is None or priya is None:
        return
    today = timezone.now().date()
    experts = list(
        MentorProfile.objects.filter(kind=MentorProfile.Kind.EXTERNAL, due_diligence__isnull=True)
        .select_related("user")
        .order_by("user__email")
    )
    if not any(mentor.user_id == priya.pk for mentor in experts):
        return  # seeded before
    chosen = {}
    for mentor in experts:
        if mentor.user_id == priya.pk:
            chosen["priya"] = mentor
        elif mentor.vetting_status == MentorProfile.Vetting.PENDING and "awaiting" not in chosen:
            chosen["awaiting"] = mentor
        elif mentor.vetting_status == MentorProfile.Vetting.APPROVED and "expired" not in chosen:
            chosen["expired"] = mentor
    if "priya" in chosen:
        vetting = _checked(chosen["priya"], manager, "Raman Leadership Advisory", pro_bono=False)
        services.manager_approve(
            vetting.pk, manager, today + timedelta(days=305), "All seven checks complete."
        )
        services.sponsor_approve(vetting.pk, sponsor, "A strong record with our peers.")
    if "awaiting" in chosen:
        vetting = _checked(chosen["awaiting"], manager, "Northbridge Advisory", pro_bono=True)
        services.manager_approve(
            vetting.pk, manager, today + timedelta(days=365), "Checks complete; pro bono."
        )
    if "expired" in chosen:
        vetting = _checked(chosen["expired"], manager, "Alder & Finch Partners", pro_bono=False)
        expiry = today + timedelta(days=1)
        services.manager_approve(vetting.pk, manager, expiry, "Checks complete.")
        services.sponsor_approve(vetting.pk, sponsor, "Approved for one assignment.")
        # Its expiry date has come: the daily review marks it, as cron would; the demo then
        # dates it a week back, as if that review had run then.
        services.review_expiries(today=expiry)
        lapsed = today - timedelta(days=7)
        ExpertVetting.objects.filter(pk=vetting.pk).update(expires_on=lapsed)
        MentorProfile.objects.filter(pk=vetting.mentor_id).update(vetting_expires_on=lapsed)
    taken = {mentor.pk for mentor in chosen.values()}
    for mentor in experts:
        if mentor.pk not in taken and mentor.vetting_status == MentorProfile.Vetting.PENDING:
            services.due_diligence_of(mentor.user)
