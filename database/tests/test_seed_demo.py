"""Contract tests of the demo seeder (schema demo: demo.seed_* / demo.Seed*, installed by tools.dev.seed_demo)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

import gateway
from gateway import error_id
from tools.dev import seed_demo

END = datetime.now(UTC) - timedelta(minutes=1)
START = END - timedelta(days=3 * 365)


@pytest.fixture(autouse=True)
def demo_schema(request) -> None:
    """The production deploy does not install the schema demo: the seeding tool does, as here."""
    for name in ("db", "pg_db"):
        if name in request.fixturenames:
            seed_demo.install_demo(request.getfixturevalue(name).owner_url, out=io.StringIO())


def test_production_deploy_has_no_demo_schema_until_the_tool_installs_it(pg_db):
    """pg_db is a fresh production deploy (the autouse fixture installed demo on it: drop it first)."""
    pg_db.sql("DROP SCHEMA demo CASCADE")
    assert pg_db.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'demo'")[0][0] == 0
    assert pg_db.sql("SELECT count(*) FROM pg_proc WHERE proname LIKE 'seed_demo%%'")[0][0] == 0
    assert pg_db.sql("SELECT to_regclass('app.demo_batch') IS NULL")[0][0]
    for _ in range(2):  # re-runnable
        seed_demo.install_demo(pg_db.owner_url, out=io.StringIO())
    assert pg_db.sql("SELECT count(*) FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace "
                     "WHERE n.nspname = 'demo'")[0][0] == 4
    assert pg_db.owner_gw.call("demo.seed_status")[0]["demo_batches"] == 0


def _batch(db, count: int, position: int = 0, total: int | None = None, force: bool = True,
           start: datetime = START, end: datetime = END) -> dict:
    db.owner_gw.call("demo.seed_catalog")
    if db.dialect == "mssql":  # DATETIME2 holds UTC without an offset
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    return db.owner_gw.call(
        "demo.seed_tickets", count=count, position=position, total=total or count,
        period_start=start, period_end=end, force=force,
    )[0]


def _insert_real_ticket(db) -> None:
    db.sql(
        "INSERT INTO app.ticket (folio, access_code_hash, idempotency_key, requester_name, requester_type_id, "
        "department_id, campus_id, category_id, description, status_id, priority_id) "
        "SELECT %s, sha256('x'::bytea), %s, 'Solicitante real', 1, "
        "(SELECT min(department_id) FROM app.department), (SELECT min(campus_id) FROM app.campus), "
        "(SELECT min(category_id) FROM app.problem_category), 'Falla real', 1, "
        "(SELECT min(priority_id) FROM app.priority)",
        "INSERT INTO app.Ticket (Folio, AccessCodeHash, IdempotencyKey, RequesterName, RequesterTypeId, "
        "DepartmentId, CampusId, CategoryId, Description, StatusId, PriorityId) "
        "SELECT ?, HASHBYTES('SHA2_256', 0x78), ?, N'Solicitante real', 1, "
        "(SELECT MIN(DepartmentId) FROM app.Department), (SELECT MIN(CampusId) FROM app.Campus), "
        "(SELECT MIN(CategoryId) FROM app.ProblemCategory), N'Falla real', 1, "
        "(SELECT MIN(PriorityId) FROM app.Priority)",
        (f"R-{uuid.uuid4().hex[:12]}", str(uuid.uuid4())),
    )


def test_catalog_adds_equipment_and_operators_once(db):
    db.owner_gw.call("demo.seed_catalog")
    second = db.owner_gw.call("demo.seed_catalog")[0]
    equipment = db.sql(
        "SELECT count(*) FROM app.equipment WHERE inventory_tag LIKE 'ITL-%%'",
        "SELECT COUNT(*) FROM app.Equipment WHERE InventoryTag LIKE N'ITL-%'",
    )[0][0]
    assert equipment > 100
    assert second == {"equipment_added": 0, "staff_added": 0}
    operators = db.sql(
        "SELECT count(*) FROM app.staff_user WHERE username LIKE 'demo.%%' AND role = 'operador'",
        "SELECT COUNT(*) FROM app.StaffUser WHERE Username LIKE N'demo.%' AND Role = N'operador'",
    )[0][0]
    assert operators == 12


def test_batch_writes_tickets_events_and_records_itself(db):
    row = _batch(db, 400)
    assert row["ticket_count"] == 400
    first, last = row["first_ticket_id"], row["last_ticket_id"]
    tickets, events = db.sql(
        "SELECT count(*), (SELECT count(*) FROM app.ticket_event WHERE ticket_id BETWEEN %s AND %s) "
        "FROM app.ticket WHERE ticket_id BETWEEN %s AND %s",
        "SELECT COUNT(*), (SELECT COUNT(*) FROM app.TicketEvent WHERE TicketId BETWEEN ? AND ?) "
        "FROM app.Ticket WHERE TicketId BETWEEN ? AND ?",
        (first, last, first, last),
    )[0]
    assert tickets == 400
    assert events == row["event_count"] > 400 * 3
    recorded = db.sql(
        "SELECT ticket_count, event_count FROM demo.batch WHERE batch_id = %s",
        "SELECT TicketCount, EventCount FROM demo.Batch WHERE BatchId = ?",
        (row["batch_id"],),
    )
    assert recorded == [(400, row["event_count"])]


def test_batch_covers_every_catalog(db):
    """Every active catalog item (the seeder draws from active items only; others' tests add inactive ones)."""
    row = _batch(db, 1500)
    ids = (row["first_ticket_id"], row["last_ticket_id"])
    missing = db.sql(
        "SELECT "
        "(SELECT count(*) FROM app.problem_category c WHERE c.is_active AND NOT EXISTS (SELECT 1 FROM app.ticket t "
        "  WHERE t.category_id = c.category_id AND t.ticket_id BETWEEN %s AND %s)), "
        "(SELECT count(*) FROM app.requester_type r WHERE r.is_active AND NOT EXISTS (SELECT 1 FROM app.ticket t "
        "  WHERE t.requester_type_id = r.requester_type_id AND t.ticket_id BETWEEN %s AND %s)), "
        "(SELECT count(*) FROM app.campus c WHERE c.is_active AND NOT EXISTS (SELECT 1 FROM app.ticket t "
        "  WHERE t.campus_id = c.campus_id AND t.ticket_id BETWEEN %s AND %s)), "
        "(SELECT count(*) FROM app.priority p WHERE p.is_active AND NOT EXISTS (SELECT 1 FROM app.ticket t "
        "  WHERE t.priority_id = p.priority_id AND t.ticket_id BETWEEN %s AND %s))",
        "SELECT "
        "(SELECT COUNT(*) FROM app.ProblemCategory c WHERE c.IsActive = 1 AND NOT EXISTS (SELECT 1 FROM app.Ticket t "
        "  WHERE t.CategoryId = c.CategoryId AND t.TicketId BETWEEN ? AND ?)), "
        "(SELECT COUNT(*) FROM app.RequesterType r WHERE r.IsActive = 1 AND NOT EXISTS (SELECT 1 FROM app.Ticket t "
        "  WHERE t.RequesterTypeId = r.RequesterTypeId AND t.TicketId BETWEEN ? AND ?)), "
        "(SELECT COUNT(*) FROM app.Campus c WHERE c.IsActive = 1 AND NOT EXISTS (SELECT 1 FROM app.Ticket t "
        "  WHERE t.CampusId = c.CampusId AND t.TicketId BETWEEN ? AND ?)), "
        "(SELECT COUNT(*) FROM app.Priority p WHERE p.IsActive = 1 AND NOT EXISTS (SELECT 1 FROM app.Ticket t "
        "  WHERE t.PriorityId = p.PriorityId AND t.TicketId BETWEEN ? AND ?))",
        ids * 4,
    )[0]
    assert missing == (0, 0, 0, 0)
    with_equipment = db.sql(
        "SELECT count(*) FROM app.ticket WHERE equipment_id IS NOT NULL AND ticket_id BETWEEN %s AND %s",
        "SELECT COUNT(*) FROM app.Ticket WHERE EquipmentId IS NOT NULL AND TicketId BETWEEN ? AND ?",
        ids,
    )[0][0]
    assert with_equipment > 0


def test_history_is_consistent_with_each_ticket(db):
    """Status chain of the events ends in the ticket's status; row_version = events; times in order."""
    row = _batch(db, 600)
    ids = (row["first_ticket_id"], row["last_ticket_id"])
    bad = db.sql(
        """
        WITH ev AS (
            SELECT e.ticket_id, e.event_id, e.event_type, e.occurred_at, e.new_status_id, e.new_priority_id,
                lag(e.occurred_at) OVER (PARTITION BY e.ticket_id ORDER BY e.event_id) AS prev_at,
                row_number() OVER (PARTITION BY e.ticket_id ORDER BY e.event_id) AS rn,
                count(*) OVER (PARTITION BY e.ticket_id) AS n
            FROM app.ticket_event AS e WHERE e.ticket_id BETWEEN %s AND %s
        ),
        last_status AS (
            SELECT DISTINCT ON (ev.ticket_id) ev.ticket_id, ev.new_status_id
            FROM ev WHERE ev.new_status_id IS NOT NULL
            ORDER BY ev.ticket_id, ev.event_id DESC
        ),
        last_priority AS (
            SELECT DISTINCT ON (ev.ticket_id) ev.ticket_id, ev.new_priority_id
            FROM ev WHERE ev.new_priority_id IS NOT NULL
            ORDER BY ev.ticket_id, ev.event_id DESC
        )
        SELECT
            (SELECT count(*) FROM ev WHERE ev.rn = 1 AND ev.event_type <> 'creado'),
            (SELECT count(*) FROM ev WHERE ev.occurred_at < ev.prev_at),
            (SELECT count(*) FROM app.ticket t JOIN last_status ls ON ls.ticket_id = t.ticket_id
                WHERE ls.new_status_id <> t.status_id),
            (SELECT count(*) FROM app.ticket t JOIN ev ON ev.ticket_id = t.ticket_id AND ev.rn = 1
                WHERE ev.n <> t.row_version),
            (SELECT count(*) FROM app.ticket t JOIN app.status s ON s.status_id = t.status_id
                WHERE t.ticket_id BETWEEN %s AND %s
                AND ((s.code IN ('cerrado', 'cancelado')) <> (t.closed_at IS NOT NULL)
                    OR t.updated_at < t.created_at OR t.created_at > now())),
            (SELECT count(*) FROM app.ticket t LEFT JOIN last_priority lp ON lp.ticket_id = t.ticket_id
                WHERE t.ticket_id BETWEEN %s AND %s AND lp.new_priority_id IS DISTINCT FROM t.priority_id)
        """,
        """
        WITH ev AS (
            SELECT e.TicketId, e.EventId, e.EventType, e.OccurredAt, e.NewStatusId, e.NewPriorityId,
                LAG(e.OccurredAt) OVER (PARTITION BY e.TicketId ORDER BY e.EventId) AS PrevAt,
                ROW_NUMBER() OVER (PARTITION BY e.TicketId ORDER BY e.EventId) AS Rn,
                COUNT(*) OVER (PARTITION BY e.TicketId) AS N,
                ROW_NUMBER() OVER (PARTITION BY e.TicketId, CASE WHEN e.NewStatusId IS NULL THEN 0 ELSE 1 END
                    ORDER BY e.EventId DESC) AS StatusRnDesc,
                ROW_NUMBER() OVER (PARTITION BY e.TicketId, CASE WHEN e.NewPriorityId IS NULL THEN 0 ELSE 1 END
                    ORDER BY e.EventId DESC) AS PriorityRnDesc
            FROM app.TicketEvent AS e WHERE e.TicketId BETWEEN ? AND ?
        )
        SELECT
            (SELECT COUNT(*) FROM ev WHERE ev.Rn = 1 AND ev.EventType <> N'creado'),
            (SELECT COUNT(*) FROM ev WHERE ev.OccurredAt < ev.PrevAt),
            (SELECT COUNT(*) FROM app.Ticket t JOIN ev ON ev.TicketId = t.TicketId
                WHERE ev.NewStatusId IS NOT NULL AND ev.StatusRnDesc = 1 AND ev.NewStatusId <> t.StatusId),
            (SELECT COUNT(*) FROM app.Ticket t JOIN ev ON ev.TicketId = t.TicketId AND ev.Rn = 1
                WHERE ev.N <> t.RowVersion),
            (SELECT COUNT(*) FROM app.Ticket t JOIN app.Status s ON s.StatusId = t.StatusId
                WHERE t.TicketId BETWEEN ? AND ?
                AND ((CASE WHEN s.Code IN (N'cerrado', N'cancelado') THEN 1 ELSE 0 END)
                    <> (CASE WHEN t.ClosedAt IS NOT NULL THEN 1 ELSE 0 END)
                    OR t.UpdatedAt < t.CreatedAt OR t.CreatedAt > SYSUTCDATETIME())),
            (SELECT COUNT(*) FROM app.Ticket t
                WHERE t.TicketId BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM ev
                    WHERE ev.TicketId = t.TicketId AND ev.NewPriorityId IS NOT NULL AND ev.PriorityRnDesc = 1
                    AND ev.NewPriorityId = t.PriorityId))
        """,
        ids * 3,
    )[0]
    assert bad == (0, 0, 0, 0, 0, 0)


def _open_closed(db, row: dict) -> tuple[int, int]:
    return tuple(db.sql(
        "SELECT count(*) FILTER (WHERE NOT s.is_open), count(*) FILTER (WHERE s.is_open) "
        "FROM app.ticket t JOIN app.status s ON s.status_id = t.status_id WHERE t.ticket_id BETWEEN %s AND %s",
        "SELECT SUM(CASE WHEN s.IsOpen = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN s.IsOpen = 1 THEN 1 ELSE 0 END) "
        "FROM app.Ticket t JOIN app.Status s ON s.StatusId = t.StatusId WHERE t.TicketId BETWEEN ? AND ?",
        (row["first_ticket_id"], row["last_ticket_id"]),
    )[0])


def test_old_tickets_are_closed_and_recent_ones_open(db):
    """The first slice of a large run lies three years back, the last one on the last working day.

    The last working day is the one before today: on a Monday that is Friday, up to 80 hours back,
    when most tickets are already resolved. So the recent slice is judged by its age and against the
    old slice (about 0.4% of tickets stay stuck open forever), never by a share fixed for any weekday.
    """
    old = _batch(db, 300, position=0, total=1_000_000)
    recent = _batch(db, 300, position=1_000_000 - 300, total=1_000_000)
    old_closed, old_open = _open_closed(db, old)
    assert old_closed >= 0.95 * 300
    _, still_open = _open_closed(db, recent)
    oldest_recent = db.sql(
        "SELECT min(created_at) FROM app.ticket WHERE ticket_id BETWEEN %s AND %s",
        "SELECT MIN(CreatedAt) FROM app.Ticket WHERE TicketId BETWEEN ? AND ?",
        (recent["first_ticket_id"], recent["last_ticket_id"]),
    )[0][0]
    if oldest_recent.tzinfo is None:  # SQL Server DATETIME2 holds UTC
        oldest_recent = oldest_recent.replace(tzinfo=UTC)
    assert datetime.now(UTC) - oldest_recent < timedelta(hours=84)
    assert still_open >= 5 and still_open > old_open


def test_consecutive_batches_keep_time_order(db):
    a = _batch(db, 300, position=0, total=600)
    b = _batch(db, 300, position=300, total=600)
    last_a, first_b = db.sql(
        "SELECT (SELECT max(created_at) FROM app.ticket WHERE ticket_id BETWEEN %s AND %s), "
        "(SELECT min(created_at) FROM app.ticket WHERE ticket_id BETWEEN %s AND %s)",
        "SELECT (SELECT MAX(CreatedAt) FROM app.Ticket WHERE TicketId BETWEEN ? AND ?), "
        "(SELECT MIN(CreatedAt) FROM app.Ticket WHERE TicketId BETWEEN ? AND ?)",
        (a["first_ticket_id"], a["last_ticket_id"], b["first_ticket_id"], b["last_ticket_id"]),
    )[0]
    assert last_a <= first_b


def test_refuses_when_real_tickets_exist(db):
    _insert_real_ticket(db)
    with pytest.raises(gateway.AppError) as caught:
        _batch(db, 10, force=False)
    assert caught.value.error_id == error_id("seed_real_tickets")
    assert _batch(db, 10, force=True)["ticket_count"] == 10


def test_demo_only_database_does_not_need_force(pg_db):
    _batch(pg_db, 50, force=False)
    status = pg_db.owner_gw.call("demo.seed_status")[0]
    assert status["real_tickets"] == 0
    assert status["demo_tickets"] == 50
    assert _batch(pg_db, 50, force=False)["ticket_count"] == 50


@pytest.mark.parametrize(("count", "position", "total"), [(0, 0, 10), (100001, 0, 200000), (10, 5, 10)])
def test_bad_count_is_refused(db, count, position, total):
    with pytest.raises(gateway.AppError) as caught:
        _batch(db, count, position=position, total=total)
    assert caught.value.error_id == error_id("seed_bad_count")


@pytest.mark.parametrize("shift", ["reversed", "future"])
def test_bad_period_is_refused(db, shift):
    start, end = (END, START) if shift == "reversed" else (START, datetime.now(UTC) + timedelta(days=2))
    with pytest.raises(gateway.AppError) as caught:
        _batch(db, 10, start=start, end=end)
    assert caught.value.error_id == error_id("seed_bad_period")


@pytest.mark.parametrize("login", ["web", "desk"])
def test_client_logins_cannot_seed(db, login):
    client = db.web if login == "web" else db.desk
    before = db.owner_gw.call("demo.seed_status")[0]["demo_batches"]
    with pytest.raises(gateway.AppError):
        client.call("demo.seed_tickets", count=10, position=0, total=10,
                    period_start=START, period_end=END, force=True)
    assert db.owner_gw.call("demo.seed_status")[0]["demo_batches"] == before


def test_tool_refuses_real_tickets_then_seeds_with_force(pg_db):
    _insert_real_ticket(pg_db)
    with pytest.raises(gateway.AppError) as caught:
        seed_demo.seed(pg_db.owner_url, 100, out=io.StringIO(), progress_out=io.StringIO())
    assert caught.value.error_id == error_id("seed_real_tickets")
    out = io.StringIO()
    result = seed_demo.seed(pg_db.owner_url, 120, batch=50, force=True, out=out, progress_out=io.StringIO())
    assert result["seeded_tickets"] == 120
    assert result["total_tickets"] == 121
    assert pg_db.sql("SELECT count(*) FROM app.ticket")[0][0] == 121
    assert "solicitudes/s" in out.getvalue()


STATUS_PART = "-- Who makes each status move"


@pytest.mark.parametrize("with_demo_tickets", [True, False])
def test_v018_moves_the_demo_record_out_of_app_or_drops_it_when_empty(pg_db, with_demo_tickets):
    """A database seeded before V018 keeps the record of its demo tickets (now in demo.batch);
    one that never was seeded is left with no demo schema at all."""
    from tools.deploy import DB_DIR, PgDialect

    dialect = PgDialect(pg_db.owner_url)
    dialect.connect()
    try:  # the state before V018: app.demo_batch (V006) and no demo schema; as the deploy, itl_owner
        dialect.run("SET ROLE itl_owner")
        dialect.run("DROP SCHEMA demo CASCADE")
        dialect.run((DB_DIR / "tables" / "pg" / "V006__demo_batch.sql").read_text(encoding="utf-8"))
        if with_demo_tickets:
            dialect.run("INSERT INTO app.demo_batch (first_ticket_id, last_ticket_id, ticket_count, event_count, "
                        "period_start, period_end) VALUES (1, 7, 7, 30, now() - interval '1 day', now())")
        v018 = (DB_DIR / "tables" / "pg" / "V018__demo_out_of_app.sql").read_text(encoding="utf-8")
        dialect.run(v018.split(STATUS_PART)[0])  # the demo part (the rest is already applied to app.status_transition)
        dialect.conn.commit()
    finally:
        dialect.conn.close()
    assert pg_db.sql("SELECT to_regclass('app.demo_batch') IS NULL")[0][0]
    if with_demo_tickets:
        assert pg_db.sql("SELECT ticket_count, event_count FROM demo.batch") == [(7, 30)]
        seed_demo.install_demo(pg_db.owner_url, out=io.StringIO())  # the tool takes the moved table as it is
        assert pg_db.owner_gw.call("demo.seed_status")[0]["demo_tickets"] == 7
    else:
        assert pg_db.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'demo'")[0][0] == 0
