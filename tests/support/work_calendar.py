"""Working-hours calendar helpers for tests.

`round_the_clock(db)`: every campus works 24 hours a day, every day, with no non-working days,
until the test's database closes (the seeded schedule and days come back then). Working time
then equals wall-clock time, for tests about other things (queue marks, statistics figures).
Call it BEFORE creating tickets: their finalizers (which delete them) run first, under the same
calendar their statistics were counted with.
"""

from __future__ import annotations

from tests.support.database import TestDb

REBUILD = ("SELECT app.rebuild_work_calendar(NULL, FALSE)",
           "EXEC app.RebuildWorkCalendar @CampusId = NULL, @AllTickets = 0")


def round_the_clock(db: TestDb) -> None:
    if "work_calendar" in db.restored:
        return
    hours = db.sql(
        "SELECT campus_id, valid_from, weekday, opens_minute, closes_minute FROM app.work_hours",
        "SELECT CampusId, ValidFrom, Weekday, OpensMinute, ClosesMinute FROM app.WorkHours")
    active = db.sql(
        "SELECT campus_id, off_day FROM app.non_working_day WHERE is_active",
        "SELECT CampusId, OffDay FROM app.NonWorkingDay WHERE IsActive = 1")
    db.restored.add("work_calendar")
    db.on_close(lambda: _restore(db, hours, active))
    db.sql("DELETE FROM app.work_hours", "DELETE FROM app.WorkHours")
    db.sql("UPDATE app.non_working_day SET is_active = FALSE", "UPDATE app.NonWorkingDay SET IsActive = 0")
    db.sql(
        "INSERT INTO app.work_hours (campus_id, valid_from, weekday, opens_minute, closes_minute) "
        "SELECT c.campus_id, DATE '2000-01-01', w.d, 0, 1440 FROM app.campus AS c "
        "CROSS JOIN generate_series(1, 7) AS w (d)",
        "INSERT INTO app.WorkHours (CampusId, ValidFrom, Weekday, OpensMinute, ClosesMinute) "
        "SELECT c.CampusId, '2000-01-01', w.d, 0, 1440 FROM app.Campus AS c "
        "CROSS JOIN (VALUES (1), (2), (3), (4), (5), (6), (7)) AS w (d)")
    db.sql(*REBUILD)


def _restore(db: TestDb, hours: list[tuple], active: list[tuple]) -> None:
    db.sql("DELETE FROM app.work_hours", "DELETE FROM app.WorkHours")
    for row in hours:
        db.sql("INSERT INTO app.work_hours (campus_id, valid_from, weekday, opens_minute, closes_minute) "
               "VALUES (%s, %s, %s, %s, %s)",
               "INSERT INTO app.WorkHours (CampusId, ValidFrom, Weekday, OpensMinute, ClosesMinute) "
               "VALUES (%s, %s, %s, %s, %s)", row)
    for campus_id, off_day in active:
        db.sql("UPDATE app.non_working_day SET is_active = TRUE WHERE campus_id = %s AND off_day = %s",
               "UPDATE app.NonWorkingDay SET IsActive = 1 WHERE CampusId = %s AND OffDay = %s", (campus_id, off_day))
    db.sql(*REBUILD)
