"""When a pair has stalled, in words people can check. Pure: no Django.

A pair stalls when no session has been held for STALL_DAYS (counted from the start while
none has), or when their open check-in is overdue (checkins.OVERDUE_AFTER_DAYS) and not both
have answered. Each stall has a key naming its window, so a pair is nudged once per window:
once per quiet spell (a new held session starts a new one), once per check-in.
"""

from dataclasses import dataclass
from datetime import date

from portal.engagements.checkins import Window

STALL_DAYS = 21

NO_SESSION = "no_session"
CHECKIN_OVERDUE = "checkin_overdue"
LABELS = {
    NO_SESSION: f"No session held in {STALL_DAYS} days",
    CHECKIN_OVERDUE: "Check-in overdue",
}


@dataclass(frozen=True)
class Stall:
    reason: str
    key: str  # the window: nudged once per (engagement, reason, key)

    @property
    def label(self) -> str:
        return LABELS[self.reason]


def stalls(
    started_on: date,
    last_held: date | None,
    checkin: Window | None,
    answers: int,
    today: date,
) -> list[Stall]:
    """The ways a pair has stalled today (empty: they have not)."""
    found = []
    since = last_held or started_on
    if (today - since).days >= STALL_DAYS:
        found.append(Stall(NO_SESSION, f"since-{since.isoformat()}"))
    if checkin is not None and checkin.is_overdue(today) and answers < 2:
        found.append(Stall(CHECKIN_OVERDUE, f"checkin-{checkin.number}"))
    return found
