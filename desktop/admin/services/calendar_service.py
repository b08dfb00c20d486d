"""Horario: the weekly schedule of each campus (versions from a date on) and the non-working
days, the calendar the working-hours clock counts due dates and times with. The database
validates every value (HH:MM-HH:MM, dates after today), audits and recomputes; this module only
reads dates typed as AAAA-MM-DD and calls the procedures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("monday", "Lunes"), ("tuesday", "Martes"), ("wednesday", "Miércoles"), ("thursday", "Jueves"),
    ("friday", "Viernes"), ("saturday", "Sábado"), ("sunday", "Domingo"),
)


def parse_day(text: str, what: str) -> date:
    """A date typed as AAAA-MM-DD; ValueError with a Spanish message naming the field otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"{what}: escriba la fecha como AAAA-MM-DD (por ejemplo 2027-01-04).") from exc


def hours_cell(value: str | None) -> str:
    return value or "cerrado"


def in_force(versions: list[Row]) -> Row | None:
    return next((v for v in versions if v["in_force"]), None)


class CalendarService:
    def __init__(self, call: Call) -> None:
        self.call = call

    def campuses(self) -> list[Row]:
        return self.call("staff.list_campuses")

    def schedules(self, campus_id: int | None) -> list[Row]:
        return self.call("staff.list_work_hours", campus_id=campus_id)

    def save_schedule(self, campus_id: int, valid_from: date, hours: dict[str, str]) -> Row:
        return self.call("staff.save_work_hours", campus_id=campus_id, valid_from=valid_from,
                         **{key: hours.get(key, "") for key, _ in WEEKDAYS})[0]

    def delete_schedule(self, campus_id: int, valid_from: date) -> Row:
        return self.call("staff.delete_work_hours", campus_id=campus_id, valid_from=valid_from)[0]

    def days(self, campus_id: int | None, year: int) -> list[Row]:
        return self.call("staff.list_non_working_days", campus_id=campus_id, year=year)

    def add_days(self, campus_id: int | None, first: date, last: date, name: str) -> Row:
        """Blocking: day_count (days of the range) and changed (FALSE: all were listed that way)."""
        return self.call("staff.save_non_working_days", campus_id=campus_id, date_from=first, date_to=last,
                         name=name)[0]

    def set_day_active(self, campus_id: int, day: date, active: bool) -> Row:
        return self.call("staff.set_non_working_day_active", campus_id=campus_id, off_day=day, is_active=active)[0]
