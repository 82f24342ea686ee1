"""The risk register's arithmetic: scores, bands and the 5×5 heat map. Pure: no Django import.

A risk's score is likelihood × impact, each 1–5. The bands follow the usual register colours
(low, medium, high, severe); the heat map counts open risks per cell, likelihood 5 on top.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SCALE = range(1, 6)
LIKELIHOOD_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Minimal", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, 1 to 25."""
    return likelihood * impact


def band(value: int) -> str:
    """The band of a score: "low" (1–4), "medium" (5–9), "high" (10–14), "severe" (15–25)."""
    if value >= 15:
        return "severe"
    if value >= 10:
        return "high"
    if value >= 5:
        return "medium"
    return "low"


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return score(self.likelihood, self.impact)

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def label(self) -> str:
        """What a screen reader hears for the cell (the table's headers say the rest)."""
        risks = "risk" if self.count == 1 else "risks"
        return f"{self.count} open {risks}, score {self.score} ({self.band})"


@dataclass(frozen=True)
class Row:
    likelihood: int
    word: str
    cells: tuple[Cell, ...]


def grid(pairs: Iterable[tuple[int, int]]) -> tuple[Row, ...]:
    """The heat map of `pairs` (likelihood, impact), one per open risk: five rows from
    likelihood 5 down to 1, each with five cells from impact 1 to 5."""
    counts = Counter(pairs)
    return tuple(
        Row(
            likelihood,
            LIKELIHOOD_WORDS[likelihood],
            tuple(Cell(likelihood, impact, counts[likelihood, impact]) for impact in SCALE),
        )
        for likelihood in reversed(SCALE)
    )
