"""The summary tables follow app.ticket through inserts, updates and deletes (triggers, set-based)."""

from __future__ import annotations

import bisect
from collections import Counter

from tests.support.admin_data import (
    Raw,
    ids,
    later,
    make_tickets,
    minutes,
    priority_targets,
    status_ids,
    utc,
)
from tests.support.database import insert_staff_session


def summary(db, year: int) -> Counter:
    first_day, last_day = utc(year, 1, 1).date(), utc(year, 12, 31).date()
    rows = db.sql(
        "SELECT dimension, stat_day, campus_id, item_id, ticket_count FROM app.stats_daily "
        "WHERE stat_day BETWEEN %s AND %s AND ticket_count <> 0",
        "SELECT Dimension, StatDay, CampusId, ItemId, TicketCount FROM app.StatsDaily "
        "WHERE StatDay BETWEEN ? AND ? AND TicketCount <> 0",
        (first_day, last_day),
    )
    return Counter({(r[0], r[1], r[2], r[3]): r[4] for r in rows})


def buckets(db) -> list[int]:
    return [r[0] for r in db.sql("SELECT lo_minutes FROM app.stats_minute_bucket ORDER BY bucket_id",
                                 "SELECT LoMinutes FROM app.StatsMinuteBucket ORDER BY BucketId")]


def bucket_of(lows: list[int], value: int | None) -> int | None:
    return None if value is None else bisect.bisect_right(lows, value) - 1


def expected(raws: list[Raw], lows: list[int]) -> Counter:
    from tests.support.admin_data import LOCAL

    out: Counter = Counter()
    for t in raws:
        day = t.day
        for dim, item in (("total", 0), ("status", t.status_id), ("category", t.category_id),
                          ("requester_type", t.requester_type_id), ("department", t.department_id),
                          ("priority", t.priority_id), ("operator", t.assigned_to or 0),
                          ("equipment", t.equipment_id)):
            if item is not None:
                out[(dim, day, t.campus_id, item)] += 1
        if t.equipment_id is not None:
            out[("equipment_month", day.replace(day=1), t.campus_id, t.equipment_id)] += 1
        if t.resolved_at is not None:
            out[("resolved", t.resolved_at.astimezone(LOCAL).date(), t.campus_id, 0)] += 1
        for dim, value in (("response_hist", minutes(t.created_at, t.first_response_at)),
                           ("resolution_hist", minutes(t.created_at, t.resolved_at))):
            if value is not None:
                out[(dim, day, t.campus_id, bucket_of(lows, value))] += 1
                # the month grain of the same histogram (V022)
                out[(dim.replace("_hist", "_month"), day.replace(day=1), t.campus_id, bucket_of(lows, value))] += 1
    return out


def minute_months(db, year: int) -> Counter:
    """app.stats_minute_month rows of a year (tickets per metric, bucket, month, campus, minute)."""
    rows = db.sql(
        "SELECT metric, bucket_id, stat_month, campus_id, minutes, ticket_count FROM app.stats_minute_month "
        "WHERE stat_month BETWEEN %s AND %s AND ticket_count <> 0",
        "SELECT Metric, BucketId, StatMonth, CampusId, Minutes, TicketCount FROM app.StatsMinuteMonth "
        "WHERE StatMonth BETWEEN ? AND ? AND TicketCount <> 0",
        (utc(year, 1, 1).date(), utc(year, 12, 31).date()),
    )
    return Counter({tuple(r[:5]): r[5] for r in rows})


def expected_minute_months(raws: list[Raw], lows: list[int]) -> Counter:
    out: Counter = Counter()
    for t in raws:
        for metric, value in (("response", minutes(t.created_at, t.first_response_at)),
                              ("resolution", minutes(t.created_at, t.resolved_at))):
            if value is not None:
                out[(metric, bucket_of(lows, value), t.day.replace(day=1), t.campus_id, value)] += 1
    return out


def times(db, raws: list[Raw]) -> dict[int, tuple]:
    rows = db.sql(
        "SELECT ticket_id, response_minutes, resolution_minutes, is_over_target FROM app.stats_ticket_time "
        "WHERE ticket_id = ANY(%s)",
        "SELECT TicketId, ResponseMinutes, ResolutionMinutes, IsOverTarget FROM app.StatsTicketTime "
        "WHERE TicketId IN (SELECT CAST(value AS BIGINT) FROM STRING_SPLIT(?, ','))",
        ([t.ticket_id for t in raws],) if db.dialect == "pg" else (",".join(str(t.ticket_id) for t in raws),),
    )
    return {r[0]: (r[1], r[2], bool(r[3])) for r in rows}


def test_inserted_tickets_are_counted_per_day_and_dimension(db):
    before = summary(db, 2031)  # shared mode: another run's 2031 rows may be there; count only ours
    before_minutes = minute_months(db, 2031)
    raws = make_tickets(db, 40, seed=1)
    got = summary(db, 2031)
    got.subtract(before)
    assert +got == expected(raws, buckets(db))
    got_minutes = minute_months(db, 2031)
    got_minutes.subtract(before_minutes)
    assert +got_minutes == expected_minute_months(raws, buckets(db))


def test_response_and_resolution_minutes_follow_the_ticket(db):
    raws = make_tickets(db, 12, seed=2)
    targets = priority_targets(db)
    got = times(db, raws)
    for t in raws:
        resolution = minutes(t.created_at, t.resolved_at)
        over = resolution is not None and resolution * 60 > targets[t.priority_id] * 3600
        assert got[t.ticket_id][:2] == (minutes(t.created_at, t.first_response_at), resolution)
        if resolution is not None and resolution != targets[t.priority_id] * 60:
            assert got[t.ticket_id][2] == over


def test_status_changes_and_reassignments_move_counts(db):
    raws = make_tickets(db, 30, seed=3)
    st = status_ids(db)
    new_op = insert_staff_session(db, "operador")[0]
    moved = [t for t in raws if t.status_id != st["resuelto"]][:5]
    # one multi-row statement: reassign and close as resolved
    for t in moved:
        t.status_id, t.assigned_to = st["resuelto"], new_op
        t.resolved_at = later(t.created_at, 100)
        t.first_response_at = t.first_response_at or later(t.created_at, 5)
    id_list = [t.ticket_id for t in moved]
    if db.dialect == "pg":
        db.sql("UPDATE app.ticket SET status_id = %s, assigned_to = %s, resolved_at = created_at + interval "
               "'100 minutes', first_response_at = coalesce(first_response_at, created_at + interval '5 minutes') "
               "WHERE ticket_id = ANY(%s)", None, (st["resuelto"], new_op, id_list))
    else:
        db.sql("", "UPDATE app.Ticket SET StatusId = ?, AssignedTo = ?, ResolvedAt = DATEADD(MINUTE, 100, CreatedAt), "
               "FirstResponseAt = COALESCE(FirstResponseAt, DATEADD(MINUTE, 5, CreatedAt)) "
               "WHERE TicketId IN (SELECT CAST(value AS BIGINT) FROM STRING_SPLIT(?, ','))",
               (st["resuelto"], new_op, ",".join(map(str, id_list))))
    # then a single-row reopen-like change of priority and category
    last = raws[-1]
    cats = ids(db, "problem_category", "category_id")
    last.category_id = next(c for c in cats if c != last.category_id)
    db.sql("UPDATE app.ticket SET category_id = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CategoryId = ? WHERE TicketId = ?", (last.category_id, last.ticket_id))
    got = summary(db, 2033)
    assert got == expected(raws, buckets(db))
    assert minute_months(db, 2033) == expected_minute_months(raws, buckets(db))
    assert all(times(db, moved)[t.ticket_id][1] == 100 for t in moved)


def test_deleted_tickets_leave_the_summaries(db):
    raws = make_tickets(db, 6, seed=4)
    gone = raws.pop()
    db.sql("DELETE FROM app.ticket WHERE ticket_id = %s", "DELETE FROM app.Ticket WHERE TicketId = ?",
           (gone.ticket_id,))
    assert summary(db, 2034) == expected(raws, buckets(db))
    assert minute_months(db, 2034) == expected_minute_months(raws, buckets(db))
    assert gone.ticket_id not in times(db, [gone])


def test_concurrent_inserts_and_status_changes_keep_counts_exact(pg_db):
    """Writers share today's hot summary rows; key-ordered upserts: no deadlock, no lost count."""
    import threading
    import uuid

    import psycopg

    st = status_ids(pg_db)
    cats = ids(pg_db, "problem_category", "category_id")
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            with psycopg.connect(pg_db.owner_url) as conn:
                for k in range(12):
                    with conn.transaction():
                        ticket_id = conn.execute(
                            "INSERT INTO app.ticket (folio, access_code_hash, idempotency_key, requester_name, "
                            "requester_type_id, department_id, campus_id, category_id, description, status_id, "
                            "priority_id) VALUES (%s, %s, %s, 'Concurrente', 1, 1, %s, %s, 'x', %s, 2) "
                            "RETURNING ticket_id",
                            (f"CC-X-{n}-{k}-{uuid.uuid4().hex[:6]}", b"\x01" * 32, uuid.uuid4(), 1 + k % 2,
                             cats[k % len(cats)], st["nuevo"])).fetchone()[0]
                        if k % 3 == 0:
                            conn.execute("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s",
                                         (st["asignado"], ticket_id))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    raw = dict(pg_db.sql("SELECT status_id, count(*) FROM app.ticket GROUP BY status_id"))
    summed = dict(pg_db.sql("SELECT item_id, sum(ticket_count) FROM app.stats_daily WHERE dimension = 'status' "
                            "GROUP BY item_id HAVING sum(ticket_count) <> 0"))
    assert summed == raw and raw[st["nuevo"]] == 48 and raw[st["asignado"]] == 24
