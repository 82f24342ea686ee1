"""Demo HR data: the demo organisation's HR file imported through the product's own HR import
(portal.insights.hr_import), twice, so readiness has a history to compare.

Every employee of the demo company gets an employee id, a hire date agreeing with their tenure,
a succession readiness and a rating; a few dozen employees have no portal account (HR records
only, as in any organisation); two people who are not demo logins and take part in nothing have
left. The first import stands for a year ago (its readiness changes are dated then); the second
moves some people nearer to ready. Idempotent: it runs once per database.
"""

import csv
import io
import random
from datetime import date, timedelta

from django.utils import timezone

from portal.demo import data
from portal.demo.logins import demo_logins
from portal.insights import hr_import
from portal.insights.hr_file import COLUMNS
from portal.insights.models import HRImport, Readiness, ReadinessChange
from portal.people.models import MentorProfile, Profile
from portal.people.roles import Role
from portal.programmes.models import Application, Engagement

HR_ONLY_EMPLOYEES = 40
LEAVERS = 2
READINESS_WEIGHTS = {
    Readiness.NOT_IDENTIFIED: 4,
    Readiness.READY_3_PLUS: 3,
    Readiness.READY_1_2: 2,
    Readiness.READY_NOW: 1,
}
NEARER = {
    Readiness.NOT_IDENTIFIED.value: Readiness.READY_3_PLUS.value,
    Readiness.READY_3_PLUS.value: Readiness.READY_1_2.value,
    Readiness.READY_1_2.value: Readiness.READY_NOW.value,
}


def seed_hr(rng: random.Random) -> None:
    if HRImport.objects.filter(status=HRImport.Status.COMMITTED).exists():
        return
    today = timezone.localdate()
    rows = _rows(rng, today)
    _import(rows)
    # The first file stands for last year's: its readiness is dated a year back.
    ReadinessChange.objects.update(effective_on=today - timedelta(days=365))
    for row in rng.sample(rows, len(rows) // 4):
        row["succession_readiness"] = NEARER.get(
            row["succession_readiness"], row["succession_readiness"]
        )
    _import(rows)


def _import(rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    created = hr_import.create_import(out.getvalue().encode(), "csv", actor=None)
    checked = hr_import.check(created.pk, track_progress=False)
    if checked.status != HRImport.Status.READY:
        raise RuntimeError(f"The demo HR file has errors: {checked.report['errors'][:3]}")
    hr_import.claim_commit(checked)
    hr_import.commit(checked.pk, actor_id=None)


def _rows(rng: random.Random, today: date) -> list[dict[str, str]]:
    logins = {login.email for login in demo_logins()}
    profiles = list(
        Profile.objects.filter(user__email__endswith=f"@{data.COMPANY_DOMAIN}")
        .exclude(user__groups__name=Role.EXTERNAL_EXPERT.value)
        .select_related("user", "business_unit", "reports_to")
        .order_by("user__email")
    )
    employee_ids = {
        profile.user_id: f"MC{number:05d}" for number, profile in enumerate(profiles, start=1)
    }
    busy = (
        set(Application.objects.values_list("applicant_id", flat=True))
        | set(Engagement.objects.values_list("mentee_id", flat=True))
        | set(MentorProfile.objects.values_list("user_id", flat=True))
    )
    quiet = [
        profile.user_id
        for profile in profiles
        if profile.user_id not in busy and profile.user.email not in logins
    ]
    leavers = set(rng.sample(quiet, min(LEAVERS, len(quiet))))
    rows = []
    for profile in profiles:
        tenure = profile.tenure_years if profile.tenure_years is not None else rng.randint(1, 20)
        hired = today - timedelta(days=365 * tenure + rng.randint(30, 330))
        rows.append(
            {
                "employee_id": employee_ids[profile.user_id],
                "email": profile.user.email,
                "name": profile.user.get_full_name(),
                "title": profile.job_title,
                "business_unit": profile.business_unit.code if profile.business_unit else "",
                "level": str(profile.level or ""),
                "manager_employee_id": employee_ids.get(profile.reports_to_id or 0, ""),
                "location": profile.location,
                "hire_date": hired.isoformat(),
                "succession_readiness": _readiness(rng),
                "leaver_date": (today - timedelta(days=rng.randint(3, 40))).isoformat()
                if profile.user_id in leavers
                else "",
                "performance_rating": str(rng.choice([2, 3, 3, 3, 4, 4, 5])),
            }
        )
    units = [code for _, code, _ in data.BUSINESS_UNITS]
    for number in range(HR_ONLY_EMPLOYEES):
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        rows.append(
            {
                "employee_id": f"MC9{number:04d}",
                "email": f"hr.record{number}@{data.COMPANY_DOMAIN}",
                "name": f"{first} {last}",
                "title": rng.choice(["Senior manager", "Director", "Operations lead"]),
                "business_unit": rng.choice(units),
                "level": str(rng.randint(1, 3)),
                "manager_employee_id": "",
                "location": rng.choice(data.PLACES)[0],
                "hire_date": (today - timedelta(days=rng.randint(200, 6000))).isoformat(),
                "succession_readiness": _readiness(rng),
                "leaver_date": "",
                "performance_rating": str(rng.randint(2, 5)),
            }
        )
    return rows


def _readiness(rng: random.Random) -> str:
    return str(rng.choices(list(READINESS_WEIGHTS), weights=list(READINESS_WEIGHTS.values()))[0])
