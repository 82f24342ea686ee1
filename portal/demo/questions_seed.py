"""The demo programmes' own intake questions (issue 14's configurable intake), and answers from
their mentors and applicants: the catalog offers the market question as a filter and the
Accelerator's matching weighs it. Optional questions only, so every demo journey still applies
in one click. Seeded after matching (the seeded runs are as before); idempotent."""

import random

from django.db import transaction

from portal.people.models import MentorProfile
from portal.programmes.models import Application, IntakeAnswer, IntakeQuestion, Programme

MARKETS = ["Europe", "North America", "Asia-Pacific", "Latin America", "Middle East and Africa"]
FEEDBACK = [
    "Straight and immediate",
    "Considered, after some reflection",
    "Written first, then talked through",
]

QUESTIONS = {
    "executive-leadership-accelerator": [
        {
            "prompt": "Which market do you know best?",
            "help_text": "Where you have led a business, or would advise on one.",
            "kind": IntakeQuestion.Kind.SINGLE,
            "choices": "\n".join(MARKETS),
            "asked_of": IntakeQuestion.AskedOf.BOTH,
            "catalog_filter": True,
            "matching_weight": 2,
            "prefer": IntakeQuestion.Prefer.SIMILAR,
        },
        {
            "prompt": "What would make this programme a success for you?",
            "kind": IntakeQuestion.Kind.TEXT,
            "asked_of": IntakeQuestion.AskedOf.APPLICANTS,
        },
    ],
    "emerging-leaders-circle": [
        {
            "prompt": "How do you like feedback?",
            "kind": IntakeQuestion.Kind.SINGLE,
            "choices": "\n".join(FEEDBACK),
            "asked_of": IntakeQuestion.AskedOf.BOTH,
            "matching_weight": 1,
            "prefer": IntakeQuestion.Prefer.SIMILAR,
        },
        {
            "prompt": "How confident are you leading people who were your peers?",
            "help_text": "1: not yet; 5: I have done it well before.",
            "kind": IntakeQuestion.Kind.SCALE,
            "asked_of": IntakeQuestion.AskedOf.APPLICANTS,
        },
    ],
}


@transaction.atomic
def seed_questions(rng: random.Random) -> None:
    if IntakeQuestion.objects.exists():
        return  # seeded before (or written by staff since): leave them alone
    programmes = {p.slug: p for p in Programme.objects.filter(slug__in=QUESTIONS)}
    mentors = list(MentorProfile.objects.order_by("pk").values_list("user_id", flat=True))
    answers = []
    for slug, specs in QUESTIONS.items():
        programme = programmes.get(slug)
        if programme is None:
            continue
        applicants = list(
            Application.objects.filter(programme=programme)
            .order_by("pk")
            .values_list("applicant_id", flat=True)
            .distinct()
        )
        for order, spec in enumerate(specs):
            question = IntakeQuestion.objects.create(programme=programme, sort_order=order, **spec)
            people = list(applicants)
            if question.asks(IntakeQuestion.AskedOf.MENTORS):
                people += mentors
            for user_id in dict.fromkeys(people):
                if rng.random() < 0.2:
                    continue  # not everyone has answered yet
                answers.append(_answer(question, user_id, rng))
    IntakeAnswer.objects.bulk_create(answers, batch_size=1000, ignore_conflicts=True)


def _answer(question: IntakeQuestion, user_id: int, rng: random.Random) -> IntakeAnswer:
    if question.kind == IntakeQuestion.Kind.TEXT:
        text = rng.choice(
            [
                "Leading a cross-border team through the next reorganisation with confidence.",
                "Presenting to the executive committee without a script.",
                "A sponsor outside my own function, and a plan for my next role.",
            ]
        )
        return IntakeAnswer(question=question, user_id=user_id, text=text)
    if question.kind == IntakeQuestion.Kind.SCALE:
        return IntakeAnswer(question=question, user_id=user_id, number=rng.randint(2, 5))
    return IntakeAnswer(question=question, user_id=user_id, option=rng.choice(question.options))
