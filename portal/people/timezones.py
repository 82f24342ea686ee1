"""Time zone arithmetic for people who meet across the world. Pure: no Django import."""

import functools
import zoneinfo
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
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


# The regions people live in, in the order the list shows them; "Etc/GMT+5" and the old
# country aliases ("US/Eastern") stay valid on a profile but are not offered.
_REGIONS = ("Europe", "Africa", "America", "Asia", "Atlantic", "Australia", "Indian", "Pacific")


def _zone_names() -> list[str]:
    """The canonical zones (zone1970.tab, one per region of the world) or, without it, every zone
    under a region above (Windows installs the tzdata package, which has no zone1970.tab)."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone1970.tab"
        if table.is_file():
            lines = table.read_text(encoding="utf-8").splitlines()
            return sorted(
                {line.split("\t")[2] for line in lines if line and not line.startswith("#")}
            )
    return sorted(name for name in zoneinfo.available_timezones() if "/" in name)


def _offset_label(name: str, now: datetime) -> str:
    minutes = round(utc_offset_hours(name, now) * 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_label(name: str, now: datetime | None = None) -> str:
    """ "Lagos (UTC+01:00)": the place, without its region, and its offset at `now`."""
    place = name.partition("/")[2] or name
    label = place.replace("_", " ").replace("/", " / ")
    return f"{label} ({_offset_label(name, now or datetime.now(UTC))})"


@functools.cache
def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The time zones people live in, by region (<optgroup>), each with its offset today:
    "Lagos (UTC+01:00)". Built once per process."""
    now = datetime.now(UTC)
    regions: dict[str, list[tuple[str, str]]] = {region: [] for region in _REGIONS}
    for name in _zone_names():
        region = name.partition("/")[0]
        if region in regions:
            regions[region].append((name, zone_label(name, now)))
    return [
        ("", [("", "Choose your time zone")]),
        ("Universal", [("UTC", "Coordinated Universal Time (UTC+00:00)")]),
        *((region, sorted(zones, key=lambda zone: zone[1])) for region, zones in regions.items()),
    ]
