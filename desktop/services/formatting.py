"""Display helpers: local time (America/Mexico_City) and ages in Spanish."""

from __future__ import annotations

from datetime import datetime, timezone

try:
    from zoneinfo import ZoneInfo

    LOCAL = ZoneInfo("America/Mexico_City")
except Exception:  # no tz database on this PC: fall back to UTC-6 (no DST in Mexico since 2022)
    from datetime import timedelta

    LOCAL = timezone(timedelta(hours=-6))  # type: ignore[assignment]


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M")


def short_time(value: datetime | None, now: datetime | None = None) -> str:
    """'04/12 14:30' (day/month hour: queue cells, where this year is noise); another year: '04/12/25'."""
    if value is None:
        return ""
    local = _local(value)
    if local.year != _local(now or datetime.now(timezone.utc)).year:
        return local.strftime("%d/%m/%y")
    return local.strftime("%d/%m %H:%M")


def short_date(value: datetime, now: datetime | None = None) -> str:
    """'04/12' this year, '04/12/25' another one."""
    local = _local(value)
    same_year = local.year == _local(now or datetime.now(timezone.utc)).year
    return local.strftime("%d/%m" if same_year else "%d/%m/%y")


def _local(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(LOCAL)


def age(created: datetime | None, now: datetime | None = None) -> str:
    """'5 min', '3 h', '2 d' since created."""
    if created is None:
        return ""
    if created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    minutes = max(0, int((now - created).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def duration(minutes: float | None) -> str:
    """A span of time in words: '45 min', '3 h 02 min', '1 d 0 h' (statistics of response times)."""
    if minutes is None:
        return ""
    total = max(0, round(minutes))
    if total < 60:
        return f"{total} min"
    if total < 24 * 60:
        return f"{total // 60} h {total % 60:02d} min"
    return f"{total // (24 * 60)} d {total % (24 * 60) // 60} h"
