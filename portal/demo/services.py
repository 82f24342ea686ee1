"""Build the demo organisation through the product's own models and services.

Deterministic from a seed and idempotent: people are keyed by email, and every insert ignores
rows that already exist, so running it twice adds nothing.
"""

import random
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from allauth.account.models import EmailAddress

from portal.demo import data
from portal.demo.conflicts_seed import seed_conflicts
from portal.demo.content_seed import seed_content
from portal.demo.engagements_seed import seed_engagements
from portal.demo.equity_seed import seed_equity_history
from portal.demo.experts_seed import seed_experts
from portal.demo.forums_seed import seed_forums
from portal.demo.governance_seed import seed_governance
from portal.demo.hr_seed import seed_hr
from portal.demo.logins import DemoLogin, demo_logins
from portal.demo.matching_seed import seed_matching
from portal.demo.media_seed import seed_portraits
from portal.demo.membership_seed import seed_membership
from portal.demo.newsletters_seed import seed_newsletters
from portal.demo.nominations_seed import seed_nominations
from portal.demo.notifications_seed import seed_notifications
from portal.demo.onboarding_seed import seed_onboarding
from portal.demo.people_seed import SeededPerson, seed_people_details
from portal.demo.policies_seed import seed_policies
from portal.demo.programmes_seed import seed_programmes
from portal.demo.questions_seed import seed_questions
from portal.demo.scorecard_seed import seed_scorecard
from portal.notifications import services as notification_services
from portal.people.catalog import cache as catalog_cache
from portal.people.models import BusinessUnit, Profile, User
from portal.people.roles import Role
from portal.people.services import ensure_roles
from search import tasks as search_tasks

MENTEES_PER_SCALE = 150
INTERNAL_MENTORS_PER_SCALE = 40
EXTERNAL_EXPERTS_PER_SCALE = 12


@dataclass(frozen=True)
class SeedResult:
    created_people: int
    total_people: int
    logins: list[DemoLogin]


@dataclass
class _Person:
    first: str
    last: str
    email: str
    title: str
    unit_code: str | None
    organisation: str
    place: int
    level: int | None
    roles: tuple[Role, ...]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "")


def _generated_people(scale: int, rng: random.Random, taken: set[str]) -> list[_Person]:
    units = [code for _, code, _ in data.BUSINESS_UNITS]

    def email_for(first: str, last: str) -> str:
        base = f"{_ascii(first)}.{_ascii(last)}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        return f"{candidate}@{data.COMPANY_DOMAIN}"

    people = []
    plan = [
        (MENTEES_PER_SCALE * scale, (Role.MENTEE,), data.MENTEE_TITLES),
        (INTERNAL_MENTORS_PER_SCALE * scale, (Role.MENTOR,), data.MENTOR_TITLES),
    ]
    for count, roles, titles in plan:
        for _ in range(count):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            title, level = rng.choice(titles)
            people.append(
                _Person(
                    first,
                    last,
                    email_for(first, last),
                    title,
                    rng.choice(units),
                    "",
                    rng.randrange(len(data.PLACES)),
                    level,
                    roles,
                )
            )
    for _ in range(EXTERNAL_EXPERTS_PER_SCALE * scale):
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        title, firm = rng.choice(data.EXPERT_FIRMS)
        people.append(
            _Person(
                first,
                last,
                email_for(first, last),
                title,
                None,
                firm,
                rng.randrange(len(data.PLACES)),
                None,
                (Role.EXTERNAL_EXPERT, Role.MENTOR),
            )
        )
    return people


def _named_people(taken: set[str]) -> list[_Person]:
    people = []
    for role, first, last, local, title, unit, org, place, level in data.NAMED_PEOPLE:
        taken.add(local)
        roles = (Role(role),)
        if role == Role.EXTERNAL_EXPERT:
            roles = (Role.EXTERNAL_EXPERT, Role.MENTOR)
        people.append(
            _Person(
                first, last, f"{local}@{data.COMPANY_DOMAIN}", title, unit, org, place, level, roles
            )
        )
    return people


@transaction.atomic
def seed_demo(scale: int = 1, seed: int = 2026) -> SeedResult:
    """Create (or top up) the demo organisation at `scale` and return its demo logins.

    The search index is not updated item by item: `rebuild_search_index` follows (make run).
    Notifications reach the demo people's inboxes but are never emailed (made-up addresses)."""
    with search_tasks.paused(), notification_services.emails_held():
        return _seed_demo(scale, seed)


def _seed_demo(scale: int, seed: int) -> SeedResult:
    if not getattr(settings, "LODESTAR_DEMO_ALLOWED", False):
        raise ImproperlyConfigured("The demo organisation is not allowed in these settings.")
    if scale < 1:
        raise ValueError("scale must be at least 1")
    groups = ensure_roles()
    units = {}
    for name, code, description in data.BUSINESS_UNITS:
        units[code], _ = BusinessUnit.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
    for name, code, parent, description in data.BUSINESS_SUB_UNITS:
        BusinessUnit.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "parent": units[parent]}
        )

    rng = random.Random(seed)
    taken: set[str] = set()
    named = _named_people(taken)
    people = named + _generated_people(scale, rng, taken)

    before = User.objects.count()
    password = make_password(data.DEMO_PASSWORD)
    User.objects.bulk_create(
        [
            User(email=p.email, first_name=p.first, last_name=p.last, password=password)
            for p in people
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    ids = dict(
        User.objects.filter(email__endswith=f"@{data.COMPANY_DOMAIN}").values_list("email", "id")
    )
    Profile.objects.bulk_create(
        [
            Profile(
                user_id=ids[p.email],
                job_title=p.title,
                business_unit=units[p.unit_code] if p.unit_code else None,
                organisation=p.organisation,
                level=p.level,
                location=data.PLACES[p.place][0],
                time_zone=data.PLACES[p.place][1],
            )
            for p in people
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=ids[p.email], group_id=groups[role].id)
            for p in people
            for role in p.roles
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=ids[p.email], email=p.email, verified=True, primary=True)
            for p in people
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    seed_people_details(
        [
            SeededPerson(
                user_id=ids[p.email],
                first=p.first,
                title=p.title,
                time_zone=data.PLACES[p.place][1],
                is_mentor=Role.MENTOR in p.roles,
                is_external=Role.EXTERNAL_EXPERT in p.roles,
                is_mentee=Role.MENTEE in p.roles,
                named=p in named,
            )
            for p in people
        ],
        seed,
    )
    seed_programmes(scale, random.Random(seed + 2))
    seed_nominations()
    seed_forums(scale, random.Random(seed + 3))
    seed_content(scale, random.Random(seed + 4))
    seed_onboarding()
    seed_matching(scale, random.Random(seed + 5))
    seed_questions(random.Random(seed + 7))
    seed_membership()
    seed_experts()
    seed_engagements(random.Random(seed + 6))
    seed_scorecard(random.Random(seed + 9))
    seed_equity_history(random.Random(seed + 10))
    seed_governance()
    seed_conflicts()
    seed_portraits()
    seed_notifications()
    seed_newsletters()
    # Last: every seed before it applies, matches and posts before any policy is asked for.
    seed_policies()
    # After everyone's profile and roles: the HR file is made from them (two leavers included).
    seed_hr(random.Random(seed + 8))
    # The seed writes mentors in bulk, which sends no signals: the catalog must forget itself.
    catalog_cache.forget_everything()
    total = User.objects.count()
    return SeedResult(created_people=total - before, total_people=total, logins=demo_logins())
