"""A programme's own intake questions (issue 14's configurable intake): who is asked, the form
they answer, the answers kept, and the condition they put on applying.

Applicants answer the questions asked of applicants, mentors those asked of mentors, on the
programme's questions page. A required question must be answered before applying: that is a
condition on `gates.Action.APPLY` (registered in ProgrammesConfig.ready), so the apply button
sends a person with one unanswered to the questions page and back, as the policies do.
Choice answers are stored one row per option; the catalog filters by them and matching reads
them (see docs/adr/0028-programme-questions.md).
"""

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape

from portal import gates
from portal.people.models import User
from portal.people.roles import Role
from portal.programmes.models import IntakeAnswer, IntakeQuestion, Programme

Answer = str | list[str] | int
APPLICANTS = IntakeQuestion.AskedOf.APPLICANTS
MENTORS = IntakeQuestion.AskedOf.MENTORS
BOTH = IntakeQuestion.AskedOf.BOTH


def sides_of(user: User) -> set[str]:
    """Which questions the person is asked: as an applicant (mentee), as a mentor, or both."""
    sides: set[str] = set()
    if user.has_role(Role.MENTEE):
        sides.add(APPLICANTS)
    if user.has_role(Role.MENTOR) or user.has_role(Role.EXTERNAL_EXPERT):
        sides.add(MENTORS)
    return sides


def questions_for(user: User, programme: Programme) -> list[IntakeQuestion]:
    """The programme's questions the person is asked, in order (one query)."""
    sides = sides_of(user)
    if not sides:
        return []
    return list(programme.intake_questions.filter(asked_of__in=[*sides, BOTH]))


def answers_of(user: User, questions: Iterable[IntakeQuestion]) -> dict[int, Answer]:
    """The person's answers to `questions`, by question id (one query)."""
    by_id = {question.pk: question for question in questions}
    found: dict[int, Answer] = {}
    rows = IntakeAnswer.objects.filter(user=user, question_id__in=list(by_id)).order_by("pk")
    for row in rows:
        question = by_id[row.question_id]
        if question.kind == IntakeQuestion.Kind.TEXT:
            found[question.pk] = row.text
        elif question.kind == IntakeQuestion.Kind.SCALE:
            if row.number is not None:
                found[question.pk] = row.number
        else:
            chosen = found.setdefault(question.pk, [])
            if isinstance(chosen, list):
                chosen.append(row.option)
    return found


def answer_summaries(
    programme_id: int, user_ids: Collection[int]
) -> dict[int, list[tuple[str, str]]]:
    """For the programme team: each person's answers to the programme's applicant questions,
    as (question, answer in words), in the questions' order (two queries)."""
    asked = list(
        IntakeQuestion.objects.filter(programme_id=programme_id, asked_of__in=[APPLICANTS, BOTH])
    )
    if not asked or not user_ids:
        return {}
    order = {question.pk: index for index, question in enumerate(asked)}
    by_id = {question.pk: question for question in asked}
    words: dict[tuple[int, int], list[str]] = {}
    for row in IntakeAnswer.objects.filter(question__in=asked, user_id__in=list(user_ids)).order_by(
        "pk"
    ):
        kind = by_id[row.question_id].kind
        if kind == IntakeQuestion.Kind.TEXT:
            word = row.text
        elif kind == IntakeQuestion.Kind.SCALE:
            word = f"{row.number} of 5"
        else:
            word = row.option
        words.setdefault((row.user_id, row.question_id), []).append(word)
    found: dict[int, list[tuple[str, str]]] = {}
    for (user_id, question_id), given in sorted(words.items(), key=lambda i: order[i[0][1]]):
        found.setdefault(user_id, []).append((by_id[question_id].prompt, ", ".join(given)))
    return found


def unanswered_required(
    user_ids: Collection[int], programme_id: int
) -> dict[int, list[IntakeQuestion]]:
    """For each of `user_ids`, the programme's required applicant questions they have not
    answered (two queries, however many people)."""
    required = list(
        IntakeQuestion.objects.filter(
            programme_id=programme_id, required=True, asked_of__in=[APPLICANTS, BOTH]
        )
    )
    if not required:
        return {}
    answered = set(
        IntakeAnswer.objects.filter(user_id__in=list(user_ids), question__in=required)
        .values_list("user_id", "question_id")
        .distinct()
    )
    missing: dict[int, list[IntakeQuestion]] = {}
    for user_id in user_ids:
        open_ones = [q for q in required if (user_id, q.pk) not in answered]
        if open_ones:
            missing[user_id] = open_ones
    return missing


def unanswered_before_applying(
    user_ids: Collection[int], action: gates.Action, programme_id: int | None
) -> dict[int, list[gates.Unmet]]:
    """The gate on applying: a programme's required questions are answered first."""
    if action != gates.Action.APPLY or programme_id is None:
        return {}
    missing = unanswered_required(user_ids, programme_id)
    if not missing:
        return {}
    programme = Programme.objects.only("name", "slug").get(pk=programme_id)
    url = reverse("programmes:questions", args=[programme.slug])
    return {
        user_id: [
            gates.Unmet(
                f"Answer {programme.name}'s "
                + ("question" if len(open_ones) == 1 else f"{len(open_ones)} questions")
                + " marked required.",
                url,
            )
        ]
        for user_id, open_ones in missing.items()
    }


@transaction.atomic
def save_answers(
    user: User, questions: Iterable[IntakeQuestion], answers: Mapping[int, Any]
) -> int:
    """Replace the person's answers to `questions` with `answers` (by question id; a blank or
    empty answer removes it). Returns how many questions are answered now."""
    questions = list(questions)
    IntakeAnswer.objects.filter(user=user, question__in=questions).delete()
    now = timezone.now()
    answered = 0
    for question in questions:
        value = answers.get(question.pk)
        if value is None or value in ("", []):
            continue
        answered += 1
        # Saved one by one (a few rows a person), so the catalog's receivers see each.
        if question.kind == IntakeQuestion.Kind.TEXT:
            IntakeAnswer.objects.create(
                question=question, user=user, text=str(value), answered_at=now
            )
        elif question.kind == IntakeQuestion.Kind.SCALE:
            IntakeAnswer.objects.create(
                question=question, user=user, number=int(value), answered_at=now
            )
        else:
            chosen = [value] if isinstance(value, str) else list(value)
            for option in dict.fromkeys(chosen):
                IntakeAnswer.objects.create(
                    question=question, user=user, option=option, answered_at=now
                )
    return answered


class AnswersForm(forms.Form):
    """One field per question, named `q<id>`; `answers()` gives them back by question id."""

    def __init__(
        self,
        questions: list[IntakeQuestion],
        *args: Any,
        answers: Mapping[int, Answer] | None = None,
        applicant: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        answers = answers or {}
        for question in questions:
            required = question.required and applicant and question.asks(APPLICANTS)
            self.fields[f"q{question.pk}"] = _field(question, required, answers.get(question.pk))

    def answers(self) -> dict[int, Any]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }


def _field(question: IntakeQuestion, required: bool, initial: Answer | None) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.prompt,
        # Help texts are rendered as markup by the field template; the manager's is plain text.
        "help_text": conditional_escape(question.help_text),
        "required": required,
        "initial": initial,
    }
    options = [(option, option) for option in question.options]
    if question.kind == IntakeQuestion.Kind.TEXT:
        return forms.CharField(
            max_length=500,
            error_messages={"required": "Answer this question: it is required to apply."},
            **common,
        )
    if question.kind == IntakeQuestion.Kind.SCALE:
        return forms.TypedChoiceField(
            choices=[(n, str(n)) for n in range(1, 6)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose 1 to 5: this question is required to apply."},
            **common,
        )
    if question.kind == IntakeQuestion.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=options,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one: this question is required to apply."},
            **common,
        )
    return forms.ChoiceField(
        choices=options,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one: this question is required to apply."},
        **common,
    )
