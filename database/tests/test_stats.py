"""Statistics procedures checked against values computed here from the raw ticket rows."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

import gateway
from tests.support.admin_data import (
    LOCAL,
    Raw,
    expired_token,
    make_tickets,
    minutes,
    open_status_ids,
    percentile,
    priority_targets,
    revoked_token,
    status_ids,
)
from tests.support.database import insert_staff_session

YEAR = 2011  # in the past: open tickets are overdue; no other test uses it
FROM, TO = date(YEAR, 3, 10), date(YEAR, 4, 20)


def in_range(t: Raw, campus: int | None) -> bool:
    return FROM <= t.day <= TO and (campus is None or t.campus_id == campus)


def period(day: date, grain: str) -> date:
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def approx(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)


@pytest.fixture
def data(db):
    _, token = insert_staff_session(db, "administrador")
    raws = make_tickets(db, 90, seed=YEAR, days=70, year=YEAR)
    return db, token, raws


def check_summary(db, token, raws: list[Raw], campus: int | None) -> None:
    opened, targets = open_status_ids(db), priority_targets(db)
    cohort = [t for t in raws if in_range(t, campus)]
    response = [minutes(t.created_at, t.first_response_at) for t in cohort if t.first_response_at]
    resolution = [minutes(t.created_at, t.resolved_at) for t in cohort if t.resolved_at]
    now = datetime.now(UTC)
    late = sum(1 for t in cohort if t.resolved_at and t.resolved_at - t.created_at > timedelta(
        hours=targets[t.priority_id]))
    overdue = sum(1 for t in cohort if t.status_id in opened and t.created_at + timedelta(
        hours=targets[t.priority_id]) < now)
    backlog = db.sql(
        "SELECT count(*) FROM app.ticket AS t JOIN app.status AS s ON s.status_id = t.status_id "
        "WHERE s.is_open AND (%s::INT IS NULL OR t.campus_id = %s)",
        "SELECT COUNT(*) FROM app.Ticket AS t JOIN app.Status AS s ON s.StatusId = t.StatusId "
        "WHERE s.IsOpen = 1 AND (? IS NULL OR t.CampusId = ?)", (campus, campus))[0][0]
    got = db.desk.call("staff.get_stats_summary", token=token, date_from=FROM, date_to=TO, campus_id=campus)[0]
    assert got["received"] == len(cohort)
    assert got["open_in_range"] == sum(1 for t in cohort if t.status_id in opened)
    assert got["open_backlog"] == backlog
    assert got["resolved"] == sum(1 for t in raws if t.resolved_at and FROM <= t.resolved_at.astimezone(
        LOCAL).date() <= TO and (campus is None or t.campus_id == campus))
    assert approx(got["first_response_median"], percentile(response, 0.5))
    assert approx(got["first_response_p90"], percentile(response, 0.9))
    assert approx(got["resolution_median"], percentile(resolution, 0.5))
    assert approx(got["resolution_p90"], percentile(resolution, 0.9))
    assert (got["resolved_late"], got["open_overdue"], got["over_target"]) == (late, overdue, late + overdue)




def values(t: Raw, dimension: str) -> int:
    return {"status": t.status_id, "campus": t.campus_id, "category": t.category_id,
            "requester_type": t.requester_type_id, "department": t.department_id, "priority": t.priority_id,
            "operator": t.assigned_to or 0}[dimension]


DIMENSIONS = ["status", "campus", "category", "requester_type", "department", "priority", "operator"]


def check_breakdowns(db, token, raws, campus) -> None:
    for dimension in DIMENSIONS:
        expected = Counter(values(t, dimension) for t in raws if in_range(t, campus))
        rows = db.desk.call("staff.get_stats_breakdown", token=token, date_from=FROM, date_to=TO,
                            campus_id=campus, dimension=dimension)
        assert {r["item_id"]: r["ticket_count"] for r in rows} == dict(expected), dimension
        assert [r["ticket_count"] for r in rows] == sorted(expected.values(), reverse=True)
        assert all(r["item_name"] for r in rows)


def test_statistics_match_raw_rows(data):
    db, token, raws = data
    for campus in (None, 1, 2):
        check_summary(db, token, raws, campus)
        check_breakdowns(db, token, raws, campus)
    for grain in ("day", "week", "month"):
        check_trend(db, token, raws, grain)
    check_top_equipment(db, token, raws)
    # whole months (monthly rows) with days around them (daily rows), and whole months only
    check_top_equipment(db, token, raws, date(YEAR, 2, 27), date(YEAR, 5, 3))
    check_top_equipment(db, token, raws, date(YEAR, 3, 1), date(YEAR, 4, 30), campus=2)
    check_backlog(db, token)


def check_trend(db, token, raws, grain) -> None:
    received = Counter(period(t.day, grain) for t in raws if in_range(t, None))
    resolved = Counter(period(t.resolved_at.astimezone(LOCAL).date(), grain) for t in raws
                       if t.resolved_at and FROM <= t.resolved_at.astimezone(LOCAL).date() <= TO)
    rows = db.desk.call("staff.get_stats_trend", token=token, date_from=FROM, date_to=TO, campus_id=None,
                        grain=grain)
    got = {r["period_start"]: (r["received"], r["resolved"]) for r in rows}
    keys = set(received) | set(resolved)
    assert got == {k: (received[k], resolved[k]) for k in keys}
    assert [r["period_start"] for r in rows] == sorted(keys)


def check_top_equipment(db, token, raws, first: date = FROM, last: date = TO, campus: int | None = None) -> None:
    expected = Counter(t.equipment_id for t in raws if first <= t.day <= last and t.equipment_id
                       and (campus is None or t.campus_id == campus))
    rows = db.desk.call("staff.get_stats_top_equipment", token=token, date_from=first, date_to=last,
                        campus_id=campus, max_rows=2)
    assert len(rows) == min(2, len(expected))
    assert [r["ticket_count"] for r in rows] == sorted(expected.values(), reverse=True)[:2]
    assert all(expected[r["equipment_id"]] == r["ticket_count"] and r["inventory_tag"] for r in rows)


def check_backlog(db, token) -> None:
    raw = db.sql(
        "SELECT t.campus_id, t.status_id, count(*) FROM app.ticket AS t JOIN app.status AS s "
        "ON s.status_id = t.status_id WHERE s.is_open GROUP BY t.campus_id, t.status_id",
        "SELECT t.CampusId, t.StatusId, COUNT(*) FROM app.Ticket AS t JOIN app.Status AS s "
        "ON s.StatusId = t.StatusId WHERE s.IsOpen = 1 GROUP BY t.CampusId, t.StatusId")
    rows = db.desk.call("staff.get_stats_backlog", token=token, campus_id=None)
    assert {(r["campus_id"], r["status_id"]): r["ticket_count"] for r in rows} == {(c, s): n for c, s, n in raw}


def test_statistics_follow_status_changes_and_reassignments(data):
    db, token, raws = data
    st = status_ids(db)
    other_op, _ = insert_staff_session(db, "operador")
    changed = [t for t in raws if in_range(t, None) and t.status_id != st["resuelto"]][:6]
    for n, t in enumerate(changed):
        if n % 2:
            t.status_id, t.resolved_at = st["resuelto"], t.created_at + timedelta(minutes=30 + n)
            t.first_response_at = t.first_response_at or t.created_at + timedelta(minutes=3)
        t.assigned_to = other_op
        db.sql("UPDATE app.ticket SET status_id = %s, assigned_to = %s, resolved_at = %s, first_response_at = %s "
               "WHERE ticket_id = %s",
               "UPDATE app.Ticket SET StatusId = ?, AssignedTo = ?, ResolvedAt = ?, FirstResponseAt = ? "
               "WHERE TicketId = ?",
               (t.status_id, t.assigned_to, _db_time(db, t.resolved_at), _db_time(db, t.first_response_at),
                t.ticket_id))
    check_summary(db, token, raws, None)
    check_breakdowns(db, token, raws, None)


def _db_time(db, value: datetime | None):
    if value is None or db.dialect == "pg":
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


STATS = {
    "staff.get_stats_summary": {"campus_id": None},
    "staff.get_stats_breakdown": {"campus_id": None, "dimension": "category"},
    "staff.get_stats_trend": {"campus_id": None, "grain": "week"},
    "staff.get_stats_top_equipment": {"campus_id": None, "max_rows": 5},
}


def test_authorization_matrix(db):
    """No token, expired, revoked, unknown: 2001; operador: 2002; administrador: answers."""
    _, op_token = insert_staff_session(db, "operador")
    _, admin_token = insert_staff_session(db, "administrador")
    refused = ((None, "session_invalid"), (expired_token(db), "session_invalid"),
               (revoked_token(db), "session_invalid"), (secrets.token_bytes(32), "session_invalid"),
               (op_token, "role_forbidden"))
    for procedure in [*STATS, "staff.get_stats_backlog"]:
        params = {"campus_id": None} if procedure == "staff.get_stats_backlog" else {
            "date_from": FROM, "date_to": TO, **STATS[procedure]}
        for token, key in refused:
            with pytest.raises(gateway.AppError) as err:
                db.desk.call(procedure, token=token, **params)
            assert err.value.error_id == gateway.error_id(key), (procedure, key)
        db.desk.call(procedure, token=admin_token, **params)


def test_invalid_range_dimension_or_grain_is_refused(db):
    _, token = insert_staff_session(db, "administrador")
    cases = [(p, {"date_from": TO, "date_to": FROM, **STATS[p]}, "stats_range_invalid") for p in STATS]
    cases += [(p, {"date_from": None, "date_to": TO, **STATS[p]}, "required_parameter") for p in STATS]
    cases += [("staff.get_stats_breakdown", {"date_from": FROM, "date_to": TO, "campus_id": None,
                                             "dimension": "color"}, "stats_dimension_invalid"),
              ("staff.get_stats_trend", {"date_from": FROM, "date_to": TO, "campus_id": None, "grain": "year"},
               "stats_grain_invalid")]
    for procedure, params, key in cases:
        with pytest.raises(gateway.AppError) as err:
            db.desk.call(procedure, token=token, **params)
        assert err.value.key == key, (procedure, key)
