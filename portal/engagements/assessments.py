"""When the pre/post assessment is open, in words people can check. Pure: no Django.

The 180-degree assessment rates the mentee on the engagement's goal competencies three ways
(herself, her mentor, her line manager), twice: at the start (pre) and at completion (post).

- The pre assessment opens when the engagement starts and stays open PRE_WINDOW_DAYS: a
  baseline taken later is no baseline. It closes early if the outcome evaluation opens.
- The post assessment opens with the outcome evaluation and stays open POST_GRACE_DAYS after
  the engagement ends (a mentor rates while the engagement is active: their access ends with it).
- A manager's one-time link works LINK_DAYS after it is sent, once.
"""

from datetime import date, timedelta

PRE = "pre"
POST = "post"
PRE_WINDOW_DAYS = 42
POST_GRACE_DAYS = 60
LINK_DAYS = 30

RULE = (
    f"The starting ratings are open for {PRE_WINDOW_DAYS} days from the start of the "
    "engagement; the closing ratings open with the outcome evaluation. Each of you sees who "
    "has rated; the mentee reads her mentor's ratings once both of you have rated; the line "
    "manager's ratings are never shown to the pair and count only in programme figures."
)


def is_open(
    phase: str,
    *,
    started_on: date,
    today: date,
    active: bool,
    evaluation_open: bool,
    ended_on: date | None,
) -> bool:
    """Whether `phase` takes ratings today."""
    if phase == PRE:
        return (
            active
            and not evaluation_open
            and started_on <= today <= started_on + timedelta(days=PRE_WINDOW_DAYS)
        )
    if evaluation_open:
        return True
    return (
        not active and ended_on is not None and today <= ended_on + timedelta(days=POST_GRACE_DAYS)
    )


def mean_level(ratings: dict[str, int]) -> float:
    """The average of the ratings (1–5); the caller refuses an empty rating."""
    return sum(ratings.values()) / len(ratings)
