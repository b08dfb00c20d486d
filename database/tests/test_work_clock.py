"""The working-hours clock: app.ticket_clock (the one rule), the stored due instant of open
tickets, the statistics' working minutes, and the administrators' schedule and calendar
procedures. Seeded ITL schedule: Monday to Friday 07:00-21:00 on both campuses (an assumption,
docs/readme/admin.md); seeded non-working days: the federal rest days of 2024-2030.
Dates of 2031 carry no seeded day; local times are America/Mexico_City: UTC-6 since
2022-10-30, the tz database (summer time) before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

import gateway
from tests.support.admin_data import audit_rows
from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket, list_queue

CLOCK = ("SELECT due_at, resolution_due_at, response_minutes, resolution_minutes, is_over_target "
         "FROM app.ticket_clock(%s, %s, %s, %s, %s, %s)",
         "SELECT due_at, resolution_due_at, response_minutes, resolution_minutes, is_over_target "
         "FROM app.TicketClock(%s, %s, %s, %s, %s, %s)")
REBUILD = ("SELECT app.rebuild_work_calendar(%s, FALSE)",
           "EXEC app.RebuildWorkCalendar @CampusId = %s, @AllTickets = 0")


def utc(local: str, offset_hours: int = -6) -> datetime:
    """A local 'YYYY-MM-DD HH:MM' at the given UTC offset, as a UTC instant."""
    return datetime.fromisoformat(local).replace(tzinfo=UTC) - timedelta(hours=offset_hours)


def param(db, value: datetime | None):
    """T-SQL DATETIME2 takes naive UTC."""
    if value is None or db.dialect == "pg":
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def clock(db, campus: str, created: datetime, priority: str, status: str = "nuevo",
          responded: datetime | None = None, resolved: datetime | None = None) -> dict:
    cats = catalogs(db)
    row = db.sql(*CLOCK, (cats.campus[campus], param(db, created), cats.priority[priority], cats.status[status],
                          param(db, responded), param(db, resolved)))[0]
    return {"due_at": as_utc(row[0]), "resolution_due_at": as_utc(row[1]), "response_minutes": row[2],
            "resolution_minutes": row[3], "is_over_target": bool(row[4])}


# ---- the rule ---------------------------------------------------------------------------------

def test_friday_evening_ticket_is_due_monday_morning(db) -> None:
    """alta: 4 h to respond. Friday 19:00: two hours on Friday, two on Monday."""
    got = clock(db, "C1", utc("2031-01-10 19:00"), "alta")
    assert got["due_at"] == utc("2031-01-13 09:00")
    # alta's 24 h resolution: 2 h Friday + 14 h Monday + 8 h Tuesday
    assert got["resolution_due_at"] == utc("2031-01-14 15:00")


def test_inside_hours_the_clock_runs_like_the_wall_clock(db) -> None:
    got = clock(db, "C2", utc("2031-01-08 10:15"), "alta")
    assert got["due_at"] == utc("2031-01-08 14:15")


def test_reported_outside_hours_starts_when_the_center_opens(db) -> None:
    before_opening = clock(db, "C1", utc("2031-01-07 05:30"), "alta")  # Tuesday, before 07:00
    saturday = clock(db, "C1", utc("2031-01-11 12:00"), "alta")
    sunday_night = clock(db, "C1", utc("2031-01-12 23:59"), "alta")
    assert before_opening["due_at"] == utc("2031-01-07 11:00")
    assert saturday["due_at"] == sunday_night["due_at"] == utc("2031-01-13 11:00")


def test_day_boundaries(db) -> None:
    # Thursday 20:00 + 4 h: 1 h on Thursday, 3 h on Friday.
    assert clock(db, "C1", utc("2031-01-09 20:00"), "alta")["due_at"] == utc("2031-01-10 10:00")
    # A target that ends exactly at closing time is due at closing, not at the next opening.
    assert clock(db, "C1", utc("2031-01-10 17:00"), "alta")["due_at"] == utc("2031-01-10 21:00")
    # Exactly at opening / exactly at closing.
    assert clock(db, "C1", utc("2031-01-08 07:00"), "urgente")["due_at"] == utc("2031-01-08 08:00")
    assert clock(db, "C1", utc("2031-01-08 21:00"), "urgente")["due_at"] == utc("2031-01-09 08:00")


def test_non_working_day_is_skipped(db) -> None:
    """2030-02-04 (first Monday of February, Día de la Constitución) is a seeded rest day."""
    got = clock(db, "C1", utc("2030-02-01 19:00"), "alta")
    assert got["due_at"] == utc("2030-02-05 09:00")


def test_working_minutes_and_lateness(db) -> None:
    """Friday 20:00 received; answered Monday 08:00 (2 working hours); resolved Tuesday 09:00."""
    got = clock(db, "C1", utc("2031-01-10 20:00"), "urgente", "resuelto",
                responded=utc("2031-01-13 08:00"), resolved=utc("2031-01-14 09:00"))
    assert got["response_minutes"] == 120
    assert got["resolution_minutes"] == 60 + 14 * 60 + 120
    assert got["due_at"] is None  # closed: nothing is due
    assert got["is_over_target"]  # urgente: 8 working hours to resolve
    quick = clock(db, "C1", utc("2031-01-10 20:00"), "urgente", "resuelto",
                  responded=utc("2031-01-13 07:10"), resolved=utc("2031-01-13 13:59"))
    assert (quick["response_minutes"], quick["resolution_minutes"], quick["is_over_target"]) == (70, 479, False)
    # Answered and resolved during the weekend: no working time passed.
    weekend = clock(db, "C1", utc("2031-01-10 21:30"), "baja", "resuelto",
                    responded=utc("2031-01-11 10:00"), resolved=utc("2031-01-12 18:00"))
    assert (weekend["response_minutes"], weekend["resolution_minutes"]) == (0, 0)


def test_answered_ticket_is_due_by_its_resolution_target(db) -> None:
    got = clock(db, "C1", utc("2031-01-08 10:00"), "media", "en_proceso", responded=utc("2031-01-08 10:30"))
    # media: 72 working hours = five 14-hour days + 2 h
    assert got["due_at"] == got["resolution_due_at"] == utc("2031-01-15 12:00")


def test_time_zone_rule(db) -> None:
    """Summer 2019: Mexico City was on summer time (UTC-5), so 07:00 local = 12:00 UTC.
    Summer 2023: no summer time since 2022-10-30, 07:00 local = 13:00 UTC."""
    assert clock(db, "C1", utc("2019-07-01 02:00", -5), "urgente")["due_at"] == utc("2019-07-01 08:00", -5)
    assert clock(db, "C1", utc("2023-07-03 02:00"), "urgente")["due_at"] == utc("2023-07-03 08:00")
    assert clock(db, "C1", utc("2023-07-03 02:00"), "urgente")["due_at"] == datetime(2023, 7, 3, 14, 0, tzinfo=UTC)


# ---- stored due instant, queue and statistics --------------------------------------------------

def test_open_ticket_stores_its_due_and_the_queue_shows_it(db) -> None:
    cats = catalogs(db)
    _, token = insert_staff_session(db, "operador")
    name = f"Reloj {datetime.now().microsecond}"
    t = insert_ticket(db, cats, requester_name=name, priority_id=cats.priority["alta"])
    tid = t["ticket_id"]
    created = utc("2031-01-10 19:00")
    db.sql("UPDATE app.ticket SET created_at = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = %s WHERE TicketId = %s", (param(db, created), tid))

    def stored() -> datetime | None:
        return as_utc(db.sql("SELECT due_at FROM app.ticket WHERE ticket_id = %s",
                             "SELECT DueAt FROM app.Ticket WHERE TicketId = %s", (tid,))[0][0])

    assert stored() == utc("2031-01-13 09:00")
    row = list_queue(db.desk, token, search=name)[0]
    assert as_utc(row["due_at"]) == utc("2031-01-13 09:00") and not row["is_overdue"]
    ticket = db.desk.call("staff.get_ticket", token=token, ticket_id=tid)[0]  # the ticket: the same instant
    assert as_utc(ticket["due_at"]) == utc("2031-01-13 09:00")

    # A priority change moves it (urgente: 1 h -> Friday 20:00).
    db.sql("UPDATE app.ticket SET priority_id = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET PriorityId = %s WHERE TicketId = %s", (cats.priority["urgente"], tid))
    assert stored() == utc("2031-01-10 20:00")

    # Received long ago: due in the past, listed under "vencidas".
    db.sql("UPDATE app.ticket SET created_at = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = %s WHERE TicketId = %s", (param(db, utc("2025-06-02 10:00")), tid))
    assert stored() == utc("2025-06-02 11:00")
    overdue = list_queue(db.desk, token, search=name, only_overdue=True, with_total=True)
    assert [r["ticket_id"] for r in overdue] == [tid] and overdue[0]["is_overdue"]

    # Closed: nothing is due, and it leaves "vencidas".
    db.sql("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET StatusId = %s WHERE TicketId = %s", (cats.status["cerrado"], tid))
    assert stored() is None
    assert list_queue(db.desk, token, search=name, only_overdue=True) == []


def test_statistics_rows_count_working_minutes(db) -> None:
    cats = catalogs(db)
    t = insert_ticket(db, cats, priority_id=cats.priority["urgente"])
    tid = t["ticket_id"]
    db.sql("UPDATE app.ticket SET created_at = %s, first_response_at = %s, resolved_at = %s, status_id = %s "
           "WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = %s, FirstResponseAt = %s, ResolvedAt = %s, StatusId = %s "
           "WHERE TicketId = %s",
           (param(db, utc("2031-01-10 20:00")), param(db, utc("2031-01-13 08:00")),
            param(db, utc("2031-01-14 09:00")), cats.status["resuelto"], tid))
    row = db.sql("SELECT response_minutes, resolution_minutes, is_over_target, due_at FROM app.stats_ticket_time "
                 "WHERE ticket_id = %s",
                 "SELECT ResponseMinutes, ResolutionMinutes, IsOverTarget, DueAt FROM app.StatsTicketTime "
                 "WHERE TicketId = %s", (tid,))[0]
    assert (row[0], row[1], bool(row[2])) == (120, 60 + 14 * 60 + 120, True)
    assert as_utc(row[3]) == utc("2031-01-13 14:00")  # 8 working hours: 1 on Friday, 7 on Monday


# ---- administrators: schedule ----------------------------------------------------------------

WEEK = {"monday": "07:00-21:00", "tuesday": "07:00-21:00", "wednesday": "07:00-21:00",
        "thursday": "07:00-21:00", "friday": "07:00-21:00", "saturday": "09:00-13:00", "sunday": ""}


def _drop_version(db, campus_id: int, valid_from: date) -> None:
    db.sql("DELETE FROM app.work_hours WHERE campus_id = %s AND valid_from = %s",
           "DELETE FROM app.WorkHours WHERE CampusId = %s AND ValidFrom = %s", (campus_id, valid_from))
    db.sql(*REBUILD, (campus_id,))


def test_schedule_change_applies_from_its_day(db) -> None:
    cats = catalogs(db)
    admin, token = insert_staff_session(db, "administrador")
    c1, start = cats.campus["C1"], date(2031, 6, 2)
    db.on_close(lambda: _drop_version(db, c1, start))
    before = clock(db, "C1", utc("2031-06-06 19:00"), "alta")["due_at"]
    assert before == utc("2031-06-09 09:00")  # Monday

    saved = db.desk.call("staff.save_work_hours", token=token, campus_id=c1, valid_from=start,
                         **{**WEEK, "sunday": " "})
    assert saved == [{"campus_id": c1, "valid_from": start, "changed": True}]
    # From 2031-06-02 Saturdays open 09:00-13:00: Friday 19:00 + 4 h = Saturday 11:00.
    assert clock(db, "C1", utc("2031-06-06 19:00"), "alta")["due_at"] == utc("2031-06-07 11:00")
    # The week before the change keeps the old schedule; the other campus is untouched.
    assert clock(db, "C1", utc("2031-05-30 19:00"), "alta")["due_at"] == utc("2031-06-02 09:00")
    assert clock(db, "C2", utc("2031-06-06 19:00"), "alta")["due_at"] == utc("2031-06-09 09:00")
    # Received before the change, due after it: both schedules count. baja, 120 h: 1 (Thu) + 14 (Fri)
    # + Saturday 05-31 closed (old schedule) + 70 (Mon-Fri) + 4 (Saturday 06-07, new) + 28 + 3 on Wednesday
    # (without the change: Wednesday 14:00).
    assert clock(db, "C1", utc("2031-05-29 20:00"), "baja")["resolution_due_at"] == utc("2031-06-11 10:00")

    versions = db.desk.call("staff.list_work_hours", token=token, campus_id=c1)
    mine = [v for v in versions if v["valid_from"] == start]
    assert mine and mine[0]["saturday"] == "09:00-13:00" and mine[0]["sunday"] == "" and not mine[0]["in_force"]
    assert [v["monday"] for v in versions if v["in_force"]] == ["07:00-21:00"]

    db.desk.call("staff.delete_work_hours", token=token, campus_id=c1, valid_from=start)
    assert clock(db, "C1", utc("2031-06-06 19:00"), "alta")["due_at"] == before
    assert audit_rows(db, admin) == [("guardar_horario", "C1 desde 2031-06-02"),
                                     ("quitar_horario", "C1 desde 2031-06-02")]


def test_schedule_change_moves_open_tickets_due(db) -> None:
    """The recompute: an open ticket's stored due instant follows a new schedule at once."""
    cats = catalogs(db)
    _, token = insert_staff_session(db, "administrador")
    c2, start = cats.campus["C2"], date(2031, 6, 2)
    db.on_close(lambda: _drop_version(db, c2, start))
    t = insert_ticket(db, cats, campus_id=c2, location_id=None, priority_id=cats.priority["alta"])
    db.sql("UPDATE app.ticket SET created_at = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = %s WHERE TicketId = %s",
           (param(db, utc("2031-06-06 19:00")), t["ticket_id"]))
    db.desk.call("staff.save_work_hours", token=token, campus_id=c2, valid_from=start, **WEEK)
    due = db.sql("SELECT due_at FROM app.ticket WHERE ticket_id = %s",
                 "SELECT DueAt FROM app.Ticket WHERE TicketId = %s", (t["ticket_id"],))[0][0]
    assert as_utc(due) == utc("2031-06-07 11:00")


@pytest.mark.parametrize("change, error", [
    ({"monday": "7:00-21:00"}, "work_hours_invalid"),
    ({"monday": "21:00-07:00"}, "work_hours_invalid"),
    ({"monday": "07:00-24:30"}, "work_hours_invalid"),
    ({"tuesday": "a las 8"}, "work_hours_invalid"),
    ({d: "" for d in WEEK}, "work_hours_empty"),
    ({"valid_from": "today"}, "work_date_not_future"),
    ({"valid_from": None}, "work_date_not_future"),
    ({"campus_id": -1}, "work_campus_invalid"),
])
def test_schedule_is_validated(db, change, error) -> None:
    cats = catalogs(db)
    _, token = insert_staff_session(db, "administrador")
    params = {"campus_id": cats.campus["C1"], "valid_from": date(2031, 6, 2), **WEEK, **change}
    if params["valid_from"] == "today":
        params["valid_from"] = datetime.now(UTC).date() - timedelta(days=1)
    before = db.sql("SELECT count(*) FROM app.work_hours", "SELECT COUNT(*) FROM app.WorkHours")
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.save_work_hours", token=token, **params)
    assert err.value.error_id == gateway.error_id(error)
    assert db.sql("SELECT count(*) FROM app.work_hours", "SELECT COUNT(*) FROM app.WorkHours") == before


def test_a_schedule_in_force_cannot_be_withdrawn(db) -> None:
    cats = catalogs(db)
    _, token = insert_staff_session(db, "administrador")
    for when in (date(2000, 1, 1), date(2031, 6, 3)):  # the seeded one; one that does not exist
        with pytest.raises(gateway.AppError) as err:
            db.desk.call("staff.delete_work_hours", token=token, campus_id=cats.campus["C1"], valid_from=when)
        assert err.value.error_id == gateway.error_id("work_hours_not_found")


# ---- administrators: non-working days ---------------------------------------------------------

def _drop_days(db, first: date, last: date) -> None:
    db.sql("DELETE FROM app.non_working_day WHERE off_day BETWEEN %s AND %s",
           "DELETE FROM app.NonWorkingDay WHERE OffDay BETWEEN %s AND %s", (first, last))
    db.sql(*REBUILD, (None,))


def test_non_working_days_saved_listed_and_taken_back(db) -> None:
    cats = catalogs(db)
    admin, token = insert_staff_session(db, "administrador")
    first, last = date(2031, 3, 3), date(2031, 3, 4)  # Monday and Tuesday
    db.on_close(lambda: _drop_days(db, first, last))
    assert clock(db, "C1", utc("2031-02-28 19:00"), "alta")["due_at"] == utc("2031-03-03 09:00")

    saved = db.desk.call("staff.save_non_working_days", token=token, campus_id=None, date_from=first,
                         date_to=last, name="  Semana de prueba ")
    assert saved == [{"day_count": 2 * len(cats.campus), "changed": True}]
    assert clock(db, "C1", utc("2031-02-28 19:00"), "alta")["due_at"] == utc("2031-03-05 09:00")
    assert clock(db, "C2", utc("2031-02-28 19:00"), "alta")["due_at"] == utc("2031-03-05 09:00")
    listed = db.desk.call("staff.list_non_working_days", token=token, campus_id=cats.campus["C1"], year=2031)
    assert [(r["off_day"], r["name"], r["is_active"]) for r in listed] == [
        (first, "Semana de prueba", True), (last, "Semana de prueba", True)]

    # Campus I works on Monday after all: only its clock changes.
    db.desk.call("staff.set_non_working_day_active", token=token, campus_id=cats.campus["C1"], off_day=first,
                 is_active=False)
    assert clock(db, "C1", utc("2031-02-28 19:00"), "alta")["due_at"] == utc("2031-03-03 09:00")
    assert clock(db, "C2", utc("2031-02-28 19:00"), "alta")["due_at"] == utc("2031-03-05 09:00")
    listed = db.desk.call("staff.list_non_working_days", token=token, campus_id=cats.campus["C1"], year=2031)
    assert [r["is_active"] for r in listed] == [False, True]
    assert audit_rows(db, admin) == [("guardar_dias_inhabiles", "todos 2031-03-03 a 2031-03-04"),
                                     ("quitar_dia_inhabil", "C1 2031-03-03")]


def test_unchanged_calendar_saves_write_nothing(db) -> None:
    """The same schedule, the same days with the same reason, a day already taken back: changed is
    false, no Bitácora line, and the calendar is not rebuilt (its rows keep their values)."""
    cats = catalogs(db)
    admin, token = insert_staff_session(db, "administrador")
    c1, start = cats.campus["C1"], date(2031, 6, 2)
    first, last = date(2031, 3, 3), date(2031, 3, 4)
    db.on_close(lambda: _drop_version(db, c1, start))
    db.on_close(lambda: _drop_days(db, first, last))

    week = {"campus_id": c1, "valid_from": start, **WEEK}
    assert db.desk.call("staff.save_work_hours", token=token, **week)[0]["changed"] is True
    assert db.desk.call("staff.save_work_hours", token=token, **{**week, "sunday": "  "})[0]["changed"] is False
    assert db.desk.call("staff.save_work_hours", token=token, **{**week, "sunday": "10:00-12:00"})[0]["changed"]

    days = {"campus_id": None, "date_from": first, "date_to": last, "name": "Asueto"}
    assert db.desk.call("staff.save_non_working_days", token=token, **days)[0]["changed"] is True
    again = db.desk.call("staff.save_non_working_days", token=token, **{**days, "name": " Asueto "})
    assert again == [{"day_count": 2 * len(cats.campus), "changed": False}]
    off = {"campus_id": c1, "off_day": first}
    assert db.desk.call("staff.set_non_working_day_active", token=token, **off, is_active=False)[0]["changed"]
    assert not db.desk.call("staff.set_non_working_day_active", token=token, **off, is_active=False)[0]["changed"]
    # one day taken back: the range saved again brings it back, so it is a change
    assert db.desk.call("staff.save_non_working_days", token=token, **days)[0]["changed"] is True
    assert audit_rows(db, admin) == [
        ("guardar_horario", "C1 desde 2031-06-02"), ("guardar_horario", "C1 desde 2031-06-02"),
        ("guardar_dias_inhabiles", "todos 2031-03-03 a 2031-03-04"), ("quitar_dia_inhabil", "C1 2031-03-03"),
        ("guardar_dias_inhabiles", "todos 2031-03-03 a 2031-03-04")]
    with pytest.raises(gateway.AppError) as err:  # a day that is not listed is still refused
        db.desk.call("staff.set_non_working_day_active", token=token, campus_id=c1, off_day=date(2031, 3, 5),
                     is_active=False)
    assert err.value.error_id == gateway.error_id("non_working_day_not_found")


def test_seeded_rest_days_are_listed(db) -> None:
    _, token = insert_staff_session(db, "administrador")
    rows = db.desk.call("staff.list_non_working_days", token=token, campus_id=None, year=2026)
    c1 = [(r["off_day"], r["name"]) for r in rows if r["campus_name"] == "Campus I" and r["is_active"]]
    assert (date(2026, 3, 16), "Natalicio de Benito Juárez") in c1 and len(c1) == 7


@pytest.mark.parametrize("change, error", [
    ({"name": "  "}, "non_working_day_name_required"),
    ({"date_to": date(2031, 3, 1)}, "non_working_range_invalid"),
    ({"date_to": date(2032, 3, 10)}, "non_working_range_invalid"),
    ({"date_from": date(2020, 3, 3), "date_to": date(2020, 3, 4)}, "work_date_not_future"),
    ({"campus_id": -1}, "work_campus_invalid"),
])
def test_non_working_days_are_validated(db, change, error) -> None:
    _, token = insert_staff_session(db, "administrador")
    params = {"campus_id": None, "date_from": date(2031, 3, 3), "date_to": date(2031, 3, 4), "name": "X", **change}
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.save_non_working_days", token=token, **params)
    assert err.value.error_id == gateway.error_id(error)


def test_set_active_refuses_past_and_unknown_days(db) -> None:
    cats = catalogs(db)
    _, token = insert_staff_session(db, "administrador")
    for day, error in ((date(2024, 1, 1), "work_date_not_future"), (date(2031, 3, 5), "non_working_day_not_found")):
        with pytest.raises(gateway.AppError) as err:
            db.desk.call("staff.set_non_working_day_active", token=token, campus_id=cats.campus["C1"], off_day=day,
                         is_active=False)
        assert err.value.error_id == gateway.error_id(error)


@pytest.mark.parametrize("procedure, params", [
    ("staff.list_work_hours", {"campus_id": None}),
    ("staff.save_work_hours", {"campus_id": 1, "valid_from": date(2031, 6, 2), **WEEK}),
    ("staff.delete_work_hours", {"campus_id": 1, "valid_from": date(2031, 6, 2)}),
    ("staff.list_non_working_days", {"campus_id": None, "year": 2031}),
    ("staff.save_non_working_days", {"campus_id": None, "date_from": date(2031, 3, 3), "date_to": date(2031, 3, 3),
                                     "name": "X"}),
    ("staff.set_non_working_day_active", {"campus_id": 1, "off_day": date(2031, 3, 3), "is_active": False}),
])
def test_operators_cannot_touch_the_calendar(db, procedure, params) -> None:
    _, token = insert_staff_session(db, "operador")
    with pytest.raises(gateway.AppError) as err:
        db.desk.call(procedure, token=token, **params)
    assert err.value.error_id == gateway.error_id("role_forbidden")


def test_priority_target_change_moves_open_tickets_due(db) -> None:
    cats = catalogs(db)
    _, token = insert_staff_session(db, "administrador")
    code = f"reloj{datetime.now().microsecond}"
    fields = {"code": code, "name": "Reloj", "rank": 50, "response_target_hours": 4,
              "resolution_target_hours": 24, "is_default": False}
    priority_id = db.desk.call("staff.save_priority", token=token, priority_id=None, **fields)[0]["item_id"]
    t = insert_ticket(db, cats, priority_id=priority_id)
    db.sql("UPDATE app.ticket SET created_at = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = %s WHERE TicketId = %s",
           (param(db, utc("2031-01-10 19:00")), t["ticket_id"]))

    def stored() -> datetime | None:
        return as_utc(db.sql("SELECT due_at FROM app.ticket WHERE ticket_id = %s",
                             "SELECT DueAt FROM app.Ticket WHERE TicketId = %s", (t["ticket_id"],))[0][0])

    assert stored() == utc("2031-01-13 09:00")
    db.desk.call("staff.save_priority", token=token, priority_id=priority_id, **{**fields, "response_target_hours": 3})
    assert stored() == utc("2031-01-13 08:00")


def test_schedule_change_rewrites_only_the_tickets_whose_due_moves(pg_db) -> None:
    """A version far ahead moves no open ticket's due: their rows are not written again (every
    open ticket rewritten took seconds at 1M tickets and bloated the "vencidas" indexes)."""
    cats = catalogs(pg_db)
    _, token = insert_staff_session(pg_db, "administrador")
    tid = insert_ticket(pg_db, cats, priority_id=cats.priority["alta"])["ticket_id"]
    campus = pg_db.sql("SELECT campus_id FROM app.ticket WHERE ticket_id = %s", None, (tid,))[0][0]
    row = ("SELECT xmin::TEXT, due_at FROM app.ticket WHERE ticket_id = %s", None, (tid,))
    before = pg_db.sql(*row)[0]
    assert before[1] is not None
    pg_db.desk.call("staff.save_work_hours", token=token, campus_id=campus, valid_from=date(2059, 1, 6), **WEEK)
    assert pg_db.sql(*row)[0] == before
