"""Schedule arithmetic for a pair's sessions and time logged. Pure: no Django import."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def overlaps(slot: Slot, others: list[Slot]) -> Slot | None:
    """The first of `others` that shares any time with `slot` (touching ends do not)."""
    for other in others:
        if slot.starts_at < other.ends_at and other.starts_at < slot.ends_at:
            return other
    return None


@dataclass(frozen=True)
class Commitment:
    """Time logged against the programme's commitment (hours a month × months)."""

    logged_minutes: int
    hours_per_month: int
    duration_months: int
    months_elapsed: float

    @property
    def committed_minutes(self) -> int:
        return self.hours_per_month * self.duration_months * 60

    @property
    def expected_minutes(self) -> int:
        """What the commitment asks for by now."""
        months = min(max(self.months_elapsed, 0.0), float(self.duration_months))
        return round(self.hours_per_month * months * 60)

    @property
    def percent(self) -> int:
        if not self.committed_minutes:
            return 0
        return min(100, round(100 * self.logged_minutes / self.committed_minutes))

    @property
    def expected_percent(self) -> int:
        if not self.committed_minutes:
            return 0
        return min(100, round(100 * self.expected_minutes / self.committed_minutes))

    @property
    def logged_hours(self) -> float:
        return round(self.logged_minutes / 60, 1)

    @property
    def committed_hours(self) -> int:
        return self.hours_per_month * self.duration_months


def months_between(start: datetime, end: datetime) -> float:
    return (end - start).days / 30.44
