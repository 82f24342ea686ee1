"""Demo membership: the organisation's sign-up domain, two newcomers waiting for a role, an
open invitation, so the programme manager's Role requests and Invite screens have work in them,
and one role change made by the programme manager, with its reason in the audit trail.

Idempotent: each row is keyed by its email address; requests and invitations go through the
services the People screens use."""

from django.contrib.auth.hashers import make_password

from allauth.account.models import EmailAddress

from portal.demo import data
from portal.people import services
from portal.people.models import (
    AllowedDomain,
    BusinessUnit,
    Invitation,
    PersonLogEntry,
    Profile,
    RoleRequest,
    User,
)
from portal.people.roles import Role

# (first, last, local part, title, unit code, the role they ask for)
NEWCOMERS = [
    ("Priya", "Raman", "priya.raman", "Director, Pricing Analytics", "consumer", Role.MENTEE),
    ("Lukas", "Berger", "lukas.berger", "VP Manufacturing Excellence", "industrial", Role.MENTOR),
]
INVITED = ("h.okonkwo@northbridge-advisory.example", [Role.EXTERNAL_EXPERT])
# Sofia makes a senior internal mentor a sponsor (one role change, once).
SPONSOR_REASON = "Joins the steering group for the Industrial Solutions programmes."


def seed_membership() -> None:
    AllowedDomain.objects.get_or_create(
        domain=data.COMPANY_DOMAIN,
        defaults={"grant_at_once": False, "note": "Meridian Group staff"},
    )
    password = make_password(data.DEMO_PASSWORD)
    for first, last, local, title, unit, role in NEWCOMERS:
        email = f"{local}@{data.COMPANY_DOMAIN}"
        person, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "password": password}
        )
        if created:
            EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
            Profile.objects.create(
                user=person, job_title=title, business_unit=BusinessUnit.objects.get(code=unit)
            )
        if not RoleRequest.objects.filter(person=person).exists() and not person.role_names:
            services.request_role(person, role)
    email, roles = INVITED
    manager = User.objects.filter(email=f"sofia.lindqvist@{data.COMPANY_DOMAIN}").first()
    if manager and not Invitation.objects.filter(email=email).exists():
        # No email is sent for the demo: the invitation only waits in the list.
        services.invite_people([email], roles, manager, send=lambda pk: None)
    if manager:
        _a_new_sponsor(manager)


def _a_new_sponsor(manager: User) -> None:
    if PersonLogEntry.objects.filter(
        action=services.ROLE_GRANTED, data__role=Role.SPONSOR.value
    ).exists():
        return
    named = [f"{person[3]}@{data.COMPANY_DOMAIN}" for person in data.NAMED_PEOPLE]
    mentor = (
        User.objects.filter(
            groups__name=Role.MENTOR.value,
            mentor_profile__kind="internal",
            profile__business_unit__code="industrial",
            email__endswith=f"@{data.COMPANY_DOMAIN}",
        )
        .exclude(email__in=named)
        .exclude(groups__name=Role.SPONSOR.value)
        .order_by("email")
        .first()
    )
    if mentor is not None:
        services.change_roles(mentor, manager, [Role.SPONSOR], (), SPONSOR_REASON)
