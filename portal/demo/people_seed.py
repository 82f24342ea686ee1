"""Demo career data: languages, functions, mentor profiles with strengths, intakes with goals.

Called by seed_demo after the people exist. Idempotent (every insert ignores existing rows) and
deterministic (its own random stream, so it does not shift the names seed_demo draws).
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from portal.people.models import (
    AvailabilityWindow,
    Competency,
    DemographicRecord,
    Format,
    Function,
    Intake,
    Language,
    LeadershipStyle,
    LearningGoal,
    MentorProfile,
    MentorStrength,
    Profile,
)

INDUSTRIES = [
    "Consumer goods",
    "Manufacturing",
    "Financial services",
    "Technology",
    "Retail",
    "Energy",
    "Healthcare",
    "Logistics",
    "Professional services",
    "Public sector",
]
LOCAL_LANGUAGE = {
    "Europe/Amsterdam": "nl",
    "Europe/Berlin": "de",
    "America/Sao_Paulo": "pt",
    "Africa/Johannesburg": "zu",
    "Asia/Kolkata": "hi",
    "Asia/Singapore": "zh",
}
AREAS = {
    "strategy": "strategy",
    "finance": "finance",
    "operations": "operations",
    "marketing": "marketing",
    "sales": "commercial",
    "technology": "technology",
    "engineering": "engineering",
    "people": "people",
    "legal": "risk and legal",
    "general": "general management",
}
STYLE_LINES = {
    "coaching": "Works by asking good questions and letting you find your own answers.",
    "challenger": "Direct and candid; expect your assumptions to be tested.",
    "supportive": "Builds confidence first, then stretches you.",
    "strategic": "Helps you see the bigger picture and the politics around it.",
    "practical": "Shares concrete experience: what worked, what did not, and why.",
}
OUTCOMES = [
    "A clear development plan you own, and the confidence to lead {focus} at the next level.",
    "Sharper judgement on {focus}, and a network of senior people who know your work.",
    "Practical tools for {focus} you can use the week after each conversation.",
    "A tested view of your leadership style and a plan for {focus} that your sponsor backs.",
]
AIMS = [
    "I am stepping into a larger role and want to get better at {a} and {b}.",
    "My next move needs stronger {a}; I would also like to grow in {b}.",
    "I lead a team through change and want help with {a}, and with {b} in board settings.",
]


@dataclass(frozen=True)
class SeededPerson:
    user_id: int
    first: str
    title: str
    time_zone: str
    is_mentor: bool
    is_external: bool
    is_mentee: bool
    named: bool = False


# The named demo mentee's goals: Financial acumen is her largest gap.
NAMED_MENTEE_GOALS = [
    ("financial-acumen", 2, 4),
    ("stakeholder-influence", 3, 4),
    ("executive-presence", 2, 3),
]


def seed_people_details(people: list[SeededPerson], seed: int) -> None:
    rng = random.Random(seed + 1)
    competencies = list(Competency.objects.order_by("pk"))
    formats = {f.code: f for f in Format.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    now = timezone.now()

    _languages_and_functions(people, rng, languages)
    mentors = [p for p in people if p.is_mentor]
    mentees = [p for p in people if p.is_mentee and not p.is_mentor]
    _mentor_profiles(mentors, rng, competencies, formats, now)
    _intakes(mentees, rng, competencies, formats, now)


def _languages_and_functions(people, rng, languages) -> None:
    profiles = {
        p.user_id: p for p in Profile.objects.filter(user_id__in=[x.user_id for x in people])
    }
    links = []
    updates = []
    for person in people:
        profile = profiles[person.user_id]
        codes = {"en"}
        local = LOCAL_LANGUAGE.get(person.time_zone)
        if local and rng.random() < 0.8:
            codes.add(local)
        if rng.random() < 0.25:
            codes.add(rng.choice(["es", "fr", "de", "pt"]))
        links += [
            Profile.languages.through(profile_id=profile.pk, language_id=languages[c].pk)
            for c in sorted(codes)
        ]
        function = rng.choice(Function.values)
        tenure = rng.randint(1, 22)
        if not profile.function:
            profile.function, profile.tenure_years = function, tenure
            updates.append(profile)
    Profile.languages.through.objects.bulk_create(links, ignore_conflicts=True, batch_size=1000)
    Profile.objects.bulk_update(updates, ["function", "tenure_years"], batch_size=500)


def _mentor_profiles(mentors, rng, competencies, formats, now) -> None:
    rows, strengths, format_links = [], {}, {}
    for person in mentors:
        style = rng.choice(MentorProfile.LeadershipStyle.values)
        picked = rng.sample(competencies, rng.randint(3, 5))
        focus = picked[0].name.lower()
        functions = rng.sample(Function.values, 2)
        onboarded = person.named or rng.random() > 0.08
        vetting = MentorProfile.Vetting.NOT_REQUIRED
        if person.is_external:
            vetting = rng.choice(
                [MentorProfile.Vetting.APPROVED] * 4 + [MentorProfile.Vetting.PENDING]
            )
            if person.named:
                vetting = MentorProfile.Vetting.APPROVED
        rows.append(
            MentorProfile(
                user_id=person.user_id,
                kind=MentorProfile.Kind.EXTERNAL
                if person.is_external
                else MentorProfile.Kind.INTERNAL,
                leadership_style=style,
                functions=functions,
                industries=rng.sample(INDUSTRIES, 2),
                availability=sorted(rng.sample(AvailabilityWindow.values, rng.randint(2, 4))),
                capacity=rng.choice([1, 2, 2, 3, 3]),
                monthly_hours=rng.choice([3, 4, 4, 6, 8]),
                outcomes=rng.choice(OUTCOMES).format(focus=focus),
                bio=(
                    f"{person.first} is {_article(person.title)} {person.title} with "
                    f"{rng.randint(12, 30)} years in {AREAS[functions[0]]} and "
                    f"{AREAS[functions[1]]}. {STYLE_LINES[style]}"
                ),
                onboarding_completed_at=now - timedelta(days=rng.randint(20, 400))
                if onboarded
                else None,
                vetting_status=vetting,
                # Approved experts' vetting holds for three to twelve months from the seed.
                vetting_expires_on=now.date() + timedelta(days=90 + person.user_id % 270)
                if vetting == MentorProfile.Vetting.APPROVED
                else None,
            )
        )
        strengths[person.user_id] = [(c.pk, rng.choice([4, 4, 5, 5, 3])) for c in picked]
        format_links[person.user_id] = rng.sample(list(formats.values()), rng.randint(1, 3))
    MentorProfile.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    ids = dict(MentorProfile.objects.filter(user_id__in=strengths).values_list("user_id", "pk"))
    MentorStrength.objects.bulk_create(
        [
            MentorStrength(mentor_id=ids[u], competency_id=c, level=lvl)
            for u, items in strengths.items()
            for c, lvl in items
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    through = MentorProfile.formats.through
    through.objects.bulk_create(
        [
            through(mentorprofile_id=ids[u], format_id=f.pk)
            for u, fs in format_links.items()
            for f in fs
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _intakes(mentees, rng, competencies, formats, now) -> None:
    intakes, goals, format_links, demographics = [], [], {}, []
    for person in mentees:
        roll = rng.random()
        picked = rng.sample(competencies, rng.randint(2, 4))
        steps = 5 if roll < 0.85 or person.named else rng.randint(2, 3)
        intakes.append(
            Intake(
                user_id=person.user_id,
                furthest_step=steps,
                aims=rng.choice(AIMS).format(a=picked[0].name.lower(), b=picked[1].name.lower()),
                availability=sorted(rng.sample(AvailabilityWindow.values, rng.randint(1, 3))),
                hours_per_month=rng.choice([2, 3, 4, 4, 6]),
                preferred_styles=sorted(rng.sample(LeadershipStyle.values, rng.randint(0, 2))),
                submitted_at=now - timedelta(days=rng.randint(5, 120)) if steps == 5 else None,
            )
        )
        levels = [
            (c.pk, cur, min(5, cur + rng.randint(1, 2)))
            for c, cur in ((c, rng.randint(1, 3)) for c in picked)
        ]
        if person.named:
            by_slug = {c.slug: c.pk for c in competencies}
            levels = [(by_slug[slug], cur, target) for slug, cur, target in NAMED_MENTEE_GOALS]
        goals += [
            LearningGoal(
                user_id=person.user_id, competency_id=c, current_level=cur, target_level=target
            )
            for c, cur, target in levels
        ]
        format_links[person.user_id] = rng.sample(list(formats.values()), rng.randint(1, 2))
        if rng.random() < 0.6:
            demographics.append(
                DemographicRecord(
                    user_id=person.user_id,
                    consented_at=now,
                    gender=rng.choice(
                        ["woman", "man", "woman", "man", "non_binary", "undisclosed"]
                    ),
                    age_band=rng.choice(["under_35", "35_44", "35_44", "45_54", "55_plus"]),
                )
            )
    Intake.objects.bulk_create(intakes, ignore_conflicts=True, batch_size=500)
    LearningGoal.objects.bulk_create(goals, ignore_conflicts=True, batch_size=1000)
    DemographicRecord.objects.bulk_create(demographics, ignore_conflicts=True, batch_size=500)
    ids = dict(Intake.objects.filter(user_id__in=format_links).values_list("user_id", "pk"))
    through = Intake.formats.through
    through.objects.bulk_create(
        [through(intake_id=ids[u], format_id=f.pk) for u, fs in format_links.items() for f in fs],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"
