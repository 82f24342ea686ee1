"""The check-in calendar, in words people can check: when each pair's check-in opens, when it
closes, when it is overdue, and when each side may read the other's answers. Pure: no Django.

Check-in n (1, 2, …) opens `every` months after the engagement started, n times over, and
stays open WINDOW_DAYS. Answers are blind: neither side reads the other's until both have
answered or the window has closed.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_DAYS = 21
# A check-in still unanswered this many days after it opened is overdue (nudges read this).
OVERDUE_AFTER_DAYS = 14

RULE = (
    f"Each check-in stays open {WINDOW_DAYS} days. You read your partner's answers once you "
    "have both answered, or when the check-in closes."
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day where it is shorter (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Window:
    number: int
    opens_on: date
    closes_on: date  # the last day answers are taken

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def is_overdue(self, today: date) -> bool:
        return self.is_open(today) and (today - self.opens_on).days >= OVERDUE_AFTER_DAYS


def window(started_on: date, every: int, number: int) -> Window:
    opens = add_months(started_on, every * number)
    return Window(number, opens, opens + timedelta(days=WINDOW_DAYS - 1))


def latest_window(started_on: date, every: int, today: date) -> Window | None:
    """The most recent check-in that has opened by `today` (None before the first opens)."""
    if every < 1:
        return None
    number = 0
    while window(started_on, every, number + 1).opens_on <= today:
        number += 1
    return window(started_on, every, number) if number else None


def others_visible(window: Window, today: date, *, both_answered: bool) -> bool:
    """Whether a side may read the other's answers: both answered, or the window closed."""
    return both_answered or today > window.closes_on
