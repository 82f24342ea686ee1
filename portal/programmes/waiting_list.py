"""The waiting list's rules, in words people can check: order, estimated start, why someone waits.

Pure: no Django import. The order itself is computed in the database (queries.ranked_waiting,
a ROW_NUMBER() window over PRIORITY_FIELDS); this module states the rule and does the arithmetic.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from portal.people.timezones import hours_apart

# Field order of the priority rule, most significant first; "-" means descending.
PRIORITY_FIELDS = ("-carried_over", "applied_at", "pk")

PRIORITY_RULE = (
    "People left out of the previous cycle come first. After them, everyone is in the order "
    "they applied; nobody can move ahead by asking."
)

ESTIMATE_RULE = (
    "Each upcoming cycle takes people from the top of the list, as many as it has free seats. "
    "Your estimate is the first upcoming cycle whose seats reach your position; if none does yet, "
    "you start when a new cycle is scheduled."
)

# A mentor counts as available for a goal when they rate themselves at least this strong in it
# and live within this many hours of the mentee, so that both can meet in working hours.
STRONG_LEVEL = 4
MAX_HOURS_APART = 3


@dataclass(frozen=True)
class UpcomingCycle:
    name: str
    starts_on: date
    free_seats: int


@dataclass(frozen=True)
class Estimate:
    """When someone at a position on the list can expect to start; `starts_on` None: unknown."""

    starts_on: date | None
    cycle_name: str = ""

    def __str__(self) -> str:
        if self.starts_on is None:
            return "when a new cycle is scheduled"
        return f"{format_date(self.starts_on)}, with the {self.cycle_name} cycle"


def estimate_start(position: int, upcoming: Sequence[UpcomingCycle]) -> Estimate:
    """The first upcoming cycle (by start date) whose free seats, added up, reach `position`."""
    reached = 0
    for cycle in sorted(upcoming, key=lambda c: c.starts_on):
        reached += max(cycle.free_seats, 0)
        if position <= reached:
            return Estimate(cycle.starts_on, cycle.name)
    return Estimate(None)


def seats_taken_reason(seats: int) -> str:
    noun = "seat is" if seats == 1 else "seats are"
    return f"This cycle's {seats} {noun} taken."


def no_mentor_reason(competency: str | None, *, cross_unit: bool) -> str:
    """Why an applicant with a free seat still waits: nobody suitable can take them yet."""
    who = "No mentor from another business unit" if cross_unit else "No mentor"
    where = f"within {MAX_HOURS_APART} hours of your time zone"
    if competency is None:
        return f"{who} with free places is {where}."
    return f"{who} with free places is strong (level ≥ {STRONG_LEVEL}) in {competency} {where}."


def any_within_reach(time_zone: str, candidate_zones: Iterable[str]) -> bool:
    """Whether any of the candidates' time zones is within MAX_HOURS_APART of `time_zone`."""
    return any(hours_apart(time_zone, zone) <= MAX_HOURS_APART for zone in candidate_zones)


def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
