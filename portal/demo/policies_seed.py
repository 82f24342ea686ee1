"""The demo's charter and policies: the organisation's five policies, published in the admin's
way (a revision, then publish, which makes version 1), most people's acknowledgements, then a
second version of the code of conduct that everyone named but Kwame has acknowledged, so his
application to Board Readiness first asks him to acknowledge it and Sofia's acknowledgement
screen shows the rates. A charter for the Emerging Leaders Circle. Idempotent: nothing is
done once the code of conduct exists."""

import zlib

from django.db import transaction

from portal.demo.logins import demo_logins
from portal.demo.nominations_seed import SPONSOR
from portal.demo.programmes_seed import PROGRAMME_MANAGER, WAITING_MENTEE
from portal.governance import queries, services
from portal.governance.models import Acknowledgement, Charter, Policy, PolicyVersion
from portal.people.models import User
from portal.programmes.models import Programme

CHANGED = "code-of-conduct"
# Of everyone else, this share has acknowledged the latest versions.
ACKNOWLEDGED_PERCENT = 85

POLICIES = [
    (
        Policy.Kind.CONFIDENTIALITY,
        "Confidentiality",
        "confidentiality",
        "What is said in mentoring stays between the pair, with the few exceptions named here.",
        "<p>Conversations between a mentor and a mentee are confidential. Neither shares what the "
        "other said without their consent, in the portal or outside it.</p><p>The exceptions: "
        "a risk of harm to someone, a breach of law, or a serious breach of the code of "
        "conduct. Then tell the programme team, and tell the other person that you have.</p>",
    ),
    (
        Policy.Kind.CONFLICT_OF_INTEREST,
        "Conflict of interest",
        "conflict-of-interest",
        "Declare any relationship that could colour your mentoring, before you are matched.",
        "<p>Declare a reporting line, a family or business relationship, or a stake in a "
        "decision about the other person. The programme team never pairs people with a "
        "declared conflict.</p><p>A conflict that arises later is declared at once; the pair "
        "may end the engagement without fault.</p>",
    ),
    (
        Policy.Kind.EQUITABLE_ACCESS,
        "Equitable access",
        "equitable-access",
        "Places are offered on the published rules, and the waiting list is kept in the open.",
        "<p>Every programme publishes who may apply. Places go by the waiting list's order, "
        "which anyone on it can read, and nobody is asked for anything the rules do not "
        "name.</p><p>Ask the programme team for an adjustment you need to take part.</p>",
    ),
    (
        Policy.Kind.DATA_PROTECTION,
        "Data protection",
        "data-protection",
        "What the portal keeps about you, why, for how long, and how you see or correct it.",
        "<p>The portal keeps your profile, your applications and your mentoring records to run "
        "the programmes. Notes are kept in tiers: private notes only you read.</p><p>Reports "
        "to sponsors are aggregates with small groups suppressed. Ask the programme team for "
        "a copy of what is kept about you.</p>",
    ),
    (
        Policy.Kind.CODE_OF_CONDUCT,
        "Code of conduct",
        CHANGED,
        "Respect, preparation and candour: how we behave in mentoring and in the communities.",
        "<p>Treat everyone with respect, come prepared, keep commitments, and give candid "
        "feedback kindly.</p><p>In the communities, discuss ideas, not people; no "
        "harassment, no selling.</p>",
    ),
]
SECOND_CODE_OF_CONDUCT = (
    "<p>Treat everyone with respect, come prepared, keep commitments, and give candid "
    "feedback kindly.</p><p>In the communities, discuss ideas, not people; no harassment, no "
    "selling.</p><p><strong>New:</strong> sessions held online are not recorded without both "
    "people's explicit consent, and a recording is deleted within 30 days.</p>"
)


def _publish(instance, user: User | None) -> None:
    revision = instance.save_revision(user=user)
    revision.publish(user=user)


def _mostly(version: PolicyVersion, named: set[str]) -> None:
    """The named people and most of everyone else have acknowledged `version` (Kwame all but
    the new one): the crowd's are written in bulk (they are made-up), so only the named
    people's have log entries."""
    people = User.objects.filter(pk__in=queries.audience_of(version.policy).values("pk"))
    crowd = []
    for person in people.only("pk", "email"):
        if person.email == WAITING_MENTEE and version.number > 1:
            continue
        if person.email in named:
            services.acknowledge(person, [version])
        elif zlib.crc32(f"{version.pk}:{person.email}".encode()) % 100 < ACKNOWLEDGED_PERCENT:
            crowd.append(Acknowledgement(version=version, person=person))
    Acknowledgement.objects.bulk_create(crowd, ignore_conflicts=True)


@transaction.atomic
def seed_policies() -> None:
    if Policy.objects.filter(slug=CHANGED).exists():
        return  # seeded before: leave it, and whatever staff changed since, alone
    manager = User.objects.filter(email=PROGRAMME_MANAGER).first()
    named = {login.email for login in demo_logins()}
    for kind, title, slug, summary, body in POLICIES:
        policy = Policy(kind=kind, title=title, slug=slug, summary=summary, body=body)
        policy.live = False
        policy.save()
        _publish(policy, manager)
        _mostly(queries.latest_version(policy), named)
    code = Policy.objects.get(slug=CHANGED)
    code.body = SECOND_CODE_OF_CONDUCT
    _publish(code, manager)
    _mostly(queries.latest_version(code), named)
    _seed_charter(manager)


def _seed_charter(manager: User | None) -> None:
    programme = Programme.objects.filter(slug="emerging-leaders-circle").first()
    if programme is None:
        return
    sponsor = User.objects.filter(email=SPONSOR).first()
    charter = Charter(
        programme=programme,
        senior_sponsor=sponsor,
        purpose=(
            "Grow the group's next senior managers through six months of small-group coaching "
            "and shadowing, across business units, so every unit has successors ready."
        ),
        decision_rights=(
            "<ul><li>Admission and the waiting list: the programme manager, on the published "
            "rules.</li><li>Matching: the programme manager publishes each run after review."
            "</li><li>Ending an engagement early: either of the pair, without fault.</li>"
            "<li>Changing the rules or the budget: the steering group.</li></ul>"
        ),
        escalation_path=(
            "<ol><li>Raise it with the programme manager (answer within 5 working days).</li>"
            "<li>Then the steering group, at its next monthly meeting.</li><li>Then the senior "
            "sponsor, whose decision is final.</li></ol>"
        ),
        resource_commitments=(
            "<p>Mentors give 4 hours a month for six months. Each cohort has a budget for two "
            "shadowing days and one workshop. The programme team is one manager at half "
            "time.</p>"
        ),
    )
    charter.live = False
    charter.save()
    charter.steering_group.set([p for p in (sponsor, manager) if p is not None])
    charter.leadership.set([manager] if manager else [])
    _publish(charter, manager)
