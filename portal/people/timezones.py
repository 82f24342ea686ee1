"""Time zone arithmetic for people who meet across the world. Pure: no Django import."""

from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class Band(StrEnum):
    """Broad regions whose working days overlap comfortably."""

    AMERICAS = "americas"
    EUROPE_AFRICA = "europe_africa"
    ASIA_PACIFIC = "asia_pacific"


BAND_LABELS = {
    Band.AMERICAS: "Americas (UTC−10 to −3)",
    Band.EUROPE_AFRICA: "Europe, Middle East & Africa (UTC−2 to +4)",
    Band.ASIA_PACIFIC: "Asia-Pacific (UTC+4:30 to +14)",
}


def utc_offset_hours(tz_name: str, at: datetime | None = None) -> float:
    """The zone's offset from UTC in hours at `at` (default: now), daylight saving included."""
    moment = at or datetime.now(UTC)
    offset = moment.astimezone(ZoneInfo(tz_name)).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def band_of(tz_name: str, at: datetime | None = None) -> Band:
    offset = utc_offset_hours(tz_name, at)
    if offset < -2.5:
        return Band.AMERICAS
    if offset <= 4:
        return Band.EUROPE_AFRICA
    return Band.ASIA_PACIFIC


def hours_apart(tz_a: str, tz_b: str, at: datetime | None = None) -> float:
    """How many hours apart two zones are now, the short way round the clock (0–12)."""
    diff = abs(utc_offset_hours(tz_a, at) - utc_offset_hours(tz_b, at)) % 24
    return min(diff, 24 - diff)
