"""How a pair's explanation is shown: one bar per factor, as a share of the pair's score.

Bar widths are CSS classes in 5% steps (`bar--w35`), because our CSP forbids style attributes.
"""

from dataclasses import dataclass

from portal.matching import engine
from portal.matching.forms import ResponseForm
from portal.matching.models import Match
from portal.people.models import User


@dataclass(frozen=True)
class Bar:
    factor: str
    label: str
    contribution: float
    step: int  # width in 5% steps, 0–100

    @property
    def in_words(self) -> str:
        """The factor's weight in the pair's fit, for members: managers read the numbers, a
        mentee or mentor reads "A main reason", not "+4.00"."""
        if self.step >= 35:
            return "A main reason"
        if self.step >= 15:
            return "A strong reason"
        return "Also counts"


def bars(explanation: dict[str, float]) -> list[Bar]:
    """Factors that contributed, largest first, widths relative to the pair's score."""
    total = sum(value for value in explanation.values() if value > 0) or 1.0
    shown = [
        Bar(
            factor=name,
            label=engine.FACTOR_LABELS[name],
            contribution=round(value, 2),
            step=min(100, max(5, round(100 * value / total / 5) * 5)),
        )
        for name, value in explanation.items()
        if name in engine.FACTOR_LABELS and value > 0.005
    ]
    return sorted(shown, key=lambda bar: -bar.contribution)


@dataclass
class MemberMatch:
    match: Match
    is_mentee: bool
    bars: list[Bar]
    form: ResponseForm

    @property
    def my_answer(self) -> str:
        return self.match.mentee_answer if self.is_mentee else self.match.mentor_answer

    @property
    def other_answer(self) -> str:
        return self.match.mentor_answer if self.is_mentee else self.match.mentee_answer

    @property
    def awaiting_me(self) -> bool:
        return self.match.status == Match.Status.PENDING and self.my_answer == Match.Answer.PENDING

    @property
    def other(self) -> User:
        return self.match.mentor.user if self.is_mentee else self.match.mentee


def member_view(match: Match, user: User, form: ResponseForm | None = None) -> MemberMatch:
    return MemberMatch(
        match=match,
        is_mentee=match.mentee_id == user.pk,
        bars=bars(match.explanation),
        form=form or ResponseForm(prefix=f"match-{match.pk}"),
    )
