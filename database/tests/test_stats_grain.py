"""The month grain of the statistics (V022): the '<metric>_month' histogram rows and
app.stats_minute_month give staff.get_stats_summary the same medians and 90th percentiles as
computing them from the raw tickets with the working-hours clock (app.ticket_clock), for ranges
of whole months, whole months with days around them, and no whole month; with the seeded
schedule (Monday-Friday 07:00-21:00): weekends, a non-working day, tickets reported outside
hours, local days at a month's edge; after status changes and after every ticket's times are
counted again (app.rebuild_work_calendar for all tickets, as on install or upgrade)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support.admin_data import (
    delete_tickets,
    ids,
    insert_ticket,
    make_tickets,
    percentile,
    status_ids,
)
from tests.support.database import insert_staff_session

YEAR = 2029  # seeded non-working days (2029-03-19, 2029-05-01); no other test uses it
RANGES = [
    (date(YEAR, 3, 1), date(YEAR, 6, 30)),  # whole months only
    (date(YEAR, 3, 17), date(YEAR, 6, 9)),  # days, whole April and May, days
    (date(YEAR, 3, 5), date(YEAR, 4, 2)),  # no whole month
    (date(YEAR, 4, 1), date(YEAR, 4, 30)),  # one whole month
    (date(YEAR, 2, 20), date(YEAR, 7, 31)),  # a month with no ticket at each end
]
RAW = (
    "SELECT t.campus_id, (t.created_at AT TIME ZONE 'America/Mexico_City')::DATE, k.response_minutes, "
    "k.resolution_minutes FROM app.ticket AS t CROSS JOIN LATERAL app.ticket_clock(t.campus_id, t.created_at, "
    "t.priority_id, t.status_id, t.first_response_at, t.resolved_at) AS k "
    "WHERE t.created_at >= %s AND t.created_at < %s",
    "SELECT t.CampusId, CAST(t.CreatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)' AS DATE), "
    "k.response_minutes, k.resolution_minutes FROM app.Ticket AS t CROSS APPLY app.TicketClock(t.CampusId, "
    "t.CreatedAt, t.PriorityId, t.StatusId, t.FirstResponseAt, t.ResolvedAt) AS k "
    "WHERE t.CreatedAt >= %s AND t.CreatedAt < %s",
)
REBUILD_ALL = ("SELECT app.rebuild_work_calendar(NULL, TRUE)",
               "EXEC app.RebuildWorkCalendar @CampusId = NULL, @AllTickets = 1")


def local(text: str) -> datetime:
    """A local (UTC-6) 'YYYY-MM-DD HH:MM' as a UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC) + timedelta(hours=6)


def param(db, value: datetime):
    return value if db.dialect == "pg" else value.replace(tzinfo=None)


def raw_rows(db) -> list[tuple]:
    """Every ticket received in YEAR (any test's: the summary counts them all), timed by the clock."""
    first, last = datetime(YEAR - 1, 12, 31, tzinfo=UTC), datetime(YEAR + 1, 1, 2, tzinfo=UTC)
    return db.sql(*RAW, (param(db, first), param(db, last)))


def approx(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)


def check(db, token) -> None:
    rows = raw_rows(db)
    for first, last in RANGES:
        for campus in (None, *sorted({r[0] for r in rows})):
            cohort = [r for r in rows if first <= r[1] <= last and (campus is None or r[0] == campus)]
            response = [r[2] for r in cohort if r[2] is not None]
            resolution = [r[3] for r in cohort if r[3] is not None]
            got = db.desk.call("staff.get_stats_summary", token=token, date_from=first, date_to=last,
                               campus_id=campus)[0]
            where = (first, last, campus)
            assert got["received"] == len(cohort), where
            assert approx(got["first_response_median"], percentile(response, 0.5)), where
            assert approx(got["first_response_p90"], percentile(response, 0.9)), where
            assert approx(got["resolution_median"], percentile(resolution, 0.5)), where
            assert approx(got["resolution_p90"], percentile(resolution, 0.9)), where


def edge_tickets(db) -> list[int]:
    """Working-hours edge cases, one ticket each (campus 1 unless said)."""
    st = status_ids(db)
    campuses, cats = ids(db, "campus", "campus_id"), ids(db, "problem_category", "category_id")
    rtype, dept = ids(db, "requester_type", "requester_type_id")[0], ids(db, "department", "department_id")[0]
    prio = ids(db, "priority", "priority_id")[0]
    cases = [
        # Friday 19:00, answered Monday 08:00 (3 working hours), resolved Monday 12:00
        ("2029-03-02 19:00", "2029-03-05 08:00", "2029-03-05 12:00"),
        # Saturday, answered Sunday, resolved Monday 07:30: 0 and 30 working minutes
        ("2029-03-10 10:00", "2029-03-11 10:00", "2029-03-12 07:30"),
        # Friday 20:00 across Monday 2029-03-19 (non-working day): answered Tuesday 08:00
        ("2029-03-16 20:00", "2029-03-20 08:00", "2029-03-21 09:00"),
        # the last local day of April (05-01 UTC): an April ticket; and the first of June
        ("2029-04-30 22:30", "2029-05-02 07:10", None),
        ("2029-06-01 00:10", "2029-06-01 07:45", "2029-06-04 20:00"),
        # inside hours: the wall clock
        ("2029-05-15 09:00", "2029-05-15 09:17", "2029-05-15 13:00"),
    ]
    made = []
    for n, (created, answered, resolved) in enumerate(cases):
        made.append(insert_ticket(
            db, created_at=local(created), campus_id=campuses[n % len(campuses)], category_id=cats[0],
            requester_type_id=rtype, department_id=dept, priority_id=prio,
            status_id=st["resuelto"] if resolved else st["en_proceso"],
            first_response_at=local(answered), resolved_at=local(resolved) if resolved else None,
        ).ticket_id)
    db.on_close(lambda: delete_tickets(db, made))
    return made


@pytest.fixture
def data(db):
    _, token = insert_staff_session(db, "administrador")
    raws = make_tickets(db, 160, seed=YEAR, days=120, year=YEAR, wall_clock=False)
    edges = edge_tickets(db)
    return db, token, raws, edges


def test_month_grain_gives_the_raw_percentiles(data):
    db, token, _, _ = data
    check(db, token)


def test_month_grain_follows_changes_and_a_full_recount(data):
    db, token, raws, edges = data
    st = status_ids(db)
    open_ones = [t for t in raws if t.status_id != st["resuelto"]][:8]
    for n, t in enumerate(open_ones):
        answered = t.first_response_at or t.created_at + timedelta(hours=2 + n)
        db.sql("UPDATE app.ticket SET status_id = %s, first_response_at = %s, resolved_at = %s "
               "WHERE ticket_id = %s",
               "UPDATE app.Ticket SET StatusId = ?, FirstResponseAt = ?, ResolvedAt = ? WHERE TicketId = ?",
               (st["resuelto"], param(db, answered), param(db, answered + timedelta(days=n, minutes=37)),
                t.ticket_id))
    # an edge ticket moved to another month (its created day changes)
    db.sql("UPDATE app.ticket SET created_at = created_at - INTERVAL '20 days' WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = DATEADD(DAY, -20, CreatedAt) WHERE TicketId = ?", (edges[4],))
    check(db, token)
    db.sql(*REBUILD_ALL)
    check(db, token)
