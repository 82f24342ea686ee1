"""Demo history for equity monitoring: the Emerging Leaders Circle's previous cycle, run in full
before this demo began, so its equity page has real figures (groups shown, small ones hidden,
and a four-fifths alert to act on).

Generated mentees who are eligible and have not applied yet took part in the previous cycle:
admitted, paired with an internal mentor, and most completed with their mentor's outcome
rating. Participation is lower in two offices (as the four-fifths rule should catch). This is
history, so it is written in bulk like the people themselves, never through the live services
(which would notify people of events long past). The named demo people and the demo mentor are
left alone. Idempotent: a programme with history already is left alone.
"""

import random

from django.db import transaction
from django.utils import timezone

from portal.demo import data
from portal.engagements.models import OutcomeEvaluation
from portal.insights.queries import eligible_rule
from portal.people.models import MentorProfile, User
from portal.programmes.models import Application, Engagement, Programme

PROGRAMME = "emerging-leaders-circle"
# Share of the eligible who took part last cycle, by office (the rest: TAKE_PART).
TAKE_PART = 0.9
LESS_REACHED = {"São Paulo, Brazil": 0.2, "Johannesburg, South Africa": 0.25}
COMPLETED = 0.85
NAMED = {f"{person[3]}@{data.COMPANY_DOMAIN}" for person in data.NAMED_PEOPLE}


def seed_equity_history(rng: random.Random) -> None:
    programme = Programme.objects.filter(slug=PROGRAMME).first()
    if programme is None:
        return
    previous = (
        programme.cycles.filter(ends_on__lt=timezone.localdate()).order_by("-ends_on").first()
    )
    if (
        previous is None
        or Engagement.objects.filter(programme=programme, ended_on=previous.ends_on).exists()
    ):
        return  # no previous cycle, or its history is there already
    cohort = previous.cohorts.order_by("pk").first()
    people = list(
        User.objects.filter(eligible_rule(programme))
        .exclude(email__in=NAMED)
        .exclude(applications__programme=programme)
        .exclude(engagements__isnull=False)
        .values_list("pk", "profile__location")
        .order_by("pk")
    )
    joined = [pk for pk, place in people if rng.random() < LESS_REACHED.get(place, TAKE_PART)]
    mentors = list(
        MentorProfile.objects.listed()
        .filter(kind=MentorProfile.Kind.INTERNAL)
        .exclude(user__email__in=NAMED)
        .order_by("pk")
        .values_list("pk", "user_id")
    )
    if not joined or not mentors:
        return
    with transaction.atomic():
        Application.objects.bulk_create(
            [
                Application(
                    programme=programme,
                    cycle=previous,
                    cohort=cohort,
                    applicant_id=pk,
                    status=Application.Status.ADMITTED,
                    applied_at=timezone.make_aware(
                        timezone.datetime.combine(previous.starts_on, timezone.datetime.min.time())
                    )
                    - timezone.timedelta(days=30),
                )
                for pk in joined
            ]
        )
        if previous.seats < len(joined):
            previous.seats = len(joined)
            previous.save(update_fields=["seats"])
        pairs = []
        for index, pk in enumerate(joined):
            mentor_id, _user = mentors[index % len(mentors)]
            done = rng.random() < COMPLETED
            pairs.append(
                Engagement(
                    mentee_id=pk,
                    mentor_id=mentor_id,
                    programme=programme,
                    cohort=cohort,
                    status=Engagement.Status.COMPLETED if done else Engagement.Status.ENDED,
                    started_on=previous.starts_on,
                    ended_on=previous.ends_on,
                )
            )
        made = Engagement.objects.bulk_create(pairs)
        mentor_users = dict(mentors)
        OutcomeEvaluation.objects.bulk_create(
            [
                OutcomeEvaluation(
                    engagement=engagement,
                    person_id=mentor_users[engagement.mentor_id],
                    mentor_rating=rng.choice([3, 4, 4, 5]),
                    narrative="Clear growth in leading across units; a plan for the next year.",
                )
                for engagement in made
                if engagement.status == Engagement.Status.COMPLETED
            ]
        )
