"""The mentorship agreement a pair confirms: the programme's expectations in plain sentences.

Pure: no Django import. The version is a digest of the exact wording, so a confirmation records
the text the person saw, and a change to the programme's commitment asks both to confirm again.
"""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    programme: str
    hours_per_month: int
    duration_months: int


@dataclass(frozen=True)
class Expectation:
    heading: str
    text: str


def cadence_for(hours_per_month: int) -> str:
    """How often a pair meets to honour the monthly hours (sessions of about an hour)."""
    if hours_per_month <= 2:
        return "Meet at least once a month, for about an hour."
    if hours_per_month <= 4:
        return "Meet every two weeks, for about an hour."
    return "Meet every week, for about an hour."


def expectations(terms: Terms) -> list[Expectation]:
    """The five expectations of the agreement, in the order shown."""
    total = terms.hours_per_month * terms.duration_months
    return [
        Expectation(
            "Time commitment",
            f"{terms.programme} asks for {terms.hours_per_month} hours a month over "
            f"{terms.duration_months} months: about {total} hours in all.",
        ),
        Expectation("Meeting cadence", cadence_for(terms.hours_per_month)),
        Expectation(
            "Confidentiality",
            "What we discuss stays between us. Notes are private unless their author shares "
            "them; the programme team sees only summaries we choose to share.",
        ),
        Expectation(
            "Raising a concern",
            "If something is not working, say so to each other first; either of us can also "
            "write to the programme manager at any time, in confidence.",
        ),
        Expectation(
            "No-fault exit",
            "Either of us may end the engagement early without blame. The reason goes to the "
            "programme manager only, and the mentee keeps their place in the programme.",
        ),
    ]


def version_of(items: list[Expectation]) -> str:
    """A short digest of the wording: the version a confirmation records."""
    text = "\n".join(f"{item.heading}: {item.text}" for item in items)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
