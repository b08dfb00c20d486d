"""Raw ticket rows for the administration and statistics tests (owner SQL, both dialects).

Tickets are inserted straight into app.ticket, as the seeder does, so the
statistics procedures are checked against data they did not produce.
"""

from __future__ import annotations

import random
import secrets
import statistics
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.database import TestDb

LOCAL = ZoneInfo("America/Mexico_City")


@dataclass
class Raw:
    ticket_id: int
    created_at: datetime
    campus_id: int
    category_id: int
    requester_type_id: int
    department_id: int
    priority_id: int
    status_id: int
    assigned_to: int | None
    equipment_id: int | None
    first_response_at: datetime | None
    resolved_at: datetime | None

    @property
    def day(self):
        return self.created_at.astimezone(LOCAL).date()


def ids(db: TestDb, table: str, column: str) -> list[int]:
    pascal = "".join(p.title() for p in table.split("_"))
    pcol = "".join(p.title() for p in column.split("_"))
    return [r[0] for r in db.sql(f"SELECT {column} FROM app.{table} ORDER BY {column}",
                                 f"SELECT {pcol} FROM app.{pascal} ORDER BY {pcol}")]


def status_ids(db: TestDb) -> dict[str, int]:
    return dict(db.sql("SELECT code, status_id FROM app.status", "SELECT Code, StatusId FROM app.Status"))


def priority_targets(db: TestDb) -> dict[int, int]:
    return dict(db.sql("SELECT priority_id, resolution_target_hours FROM app.priority",
                       "SELECT PriorityId, ResolutionTargetHours FROM app.Priority"))


def open_status_ids(db: TestDb) -> set[int]:
    return {r[0] for r in db.sql("SELECT status_id FROM app.status WHERE is_open",
                                 "SELECT StatusId FROM app.Status WHERE IsOpen = 1")}


def insert_equipment(db: TestDb, tag: str | None = None) -> int:
    tag = tag or f"T-{secrets.token_hex(4)}"
    return db.sql("INSERT INTO app.equipment (inventory_tag, kind) VALUES (%s, 'computadora') RETURNING equipment_id",
                  "INSERT INTO app.Equipment (InventoryTag, Kind) OUTPUT INSERTED.EquipmentId "
                  "VALUES (?, N'computadora')", (tag,))[0][0]


def insert_ticket(db: TestDb, *, created_at: datetime, campus_id: int, category_id: int, requester_type_id: int,
                  department_id: int, priority_id: int, status_id: int, assigned_to: int | None = None,
                  equipment_id: int | None = None, first_response_at: datetime | None = None,
                  resolved_at: datetime | None = None) -> Raw:
    folio = f"CC-T-{secrets.token_hex(6)}"
    params = (folio, secrets.token_bytes(32), str(uuid.uuid4()), created_at, created_at, requester_type_id,
              department_id, campus_id, equipment_id, category_id, status_id, priority_id, assigned_to,
              first_response_at, resolved_at)
    ticket_id = db.sql(
        "INSERT INTO app.ticket (folio, access_code_hash, idempotency_key, created_at, updated_at, requester_name, "
        "requester_type_id, department_id, campus_id, equipment_id, category_id, description, status_id, "
        "priority_id, assigned_to, first_response_at, resolved_at) VALUES (%s, %s, %s, %s, %s, 'Prueba', %s, %s, "
        "%s, %s, %s, 'Descripción de prueba', %s, %s, %s, %s, %s) RETURNING ticket_id",
        # OUTPUT ... INTO: a table with triggers (app.TicketStatsSync) refuses a bare OUTPUT clause.
        "SET NOCOUNT ON; DECLARE @Id TABLE (TicketId BIGINT); "
        "INSERT INTO app.Ticket (Folio, AccessCodeHash, IdempotencyKey, CreatedAt, UpdatedAt, RequesterName, "
        "RequesterTypeId, DepartmentId, CampusId, EquipmentId, CategoryId, Description, StatusId, PriorityId, "
        "AssignedTo, FirstResponseAt, ResolvedAt) OUTPUT INSERTED.TicketId INTO @Id VALUES (?, ?, ?, ?, ?, "
        "N'Prueba', ?, ?, ?, ?, ?, N'Descripción de prueba', ?, ?, ?, ?, ?); SELECT TicketId FROM @Id;",
        _naive(params, db.dialect),
    )[0][0]
    return Raw(ticket_id, created_at, campus_id, category_id, requester_type_id, department_id, priority_id,
               status_id, assigned_to, equipment_id, first_response_at, resolved_at)


def _naive(params: tuple, dialect: str) -> tuple:
    """SQL Server DATETIME2 holds UTC without an offset."""
    if dialect == "pg":
        return params
    return tuple(p.astimezone(UTC).replace(tzinfo=None) if isinstance(p, datetime) else p for p in params)


def minutes(start: datetime, end: datetime | None) -> int | None:
    return None if end is None else int((end - start).total_seconds() // 60)


def percentile(values: list[int], fraction: float) -> float | None:
    """percentile_cont: linear interpolation between closest ranks (statistics 'inclusive')."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    if fraction == 0.5:
        return float(statistics.median(values))
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return float(cuts[round(fraction * 100) - 1])


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def later(at: datetime, mins: int) -> datetime:
    return at + timedelta(minutes=mins)


def expired_token(db: TestDb) -> bytes:
    """A token whose session has passed its absolute expiry."""
    from tests.support.database import insert_staff_session

    staff_id, token = insert_staff_session(db, "administrador")
    db.sql("UPDATE app.staff_session SET expires_at = now() - interval '1 minute' WHERE staff_id = %s",
           "UPDATE app.StaffSession SET ExpiresAt = DATEADD(MINUTE, -1, SYSUTCDATETIME()) WHERE StaffId = ?",
           (staff_id,))
    return token


def revoked_token(db: TestDb) -> bytes:
    from tests.support.database import insert_staff_session

    staff_id, token = insert_staff_session(db, "administrador")
    db.sql("UPDATE app.staff_session SET revoked_at = now() WHERE staff_id = %s",
           "UPDATE app.StaffSession SET RevokedAt = SYSUTCDATETIME() WHERE StaffId = ?", (staff_id,))
    return token


def audit_rows(db: TestDb, staff_id: int) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.sql(
        "SELECT action, target FROM app.admin_audit WHERE staff_id = %s ORDER BY audit_id",
        "SELECT Action, Target FROM app.AdminAudit WHERE StaffId = ? ORDER BY AuditId", (staff_id,))]


def make_tickets(db: TestDb, count: int, seed: int, days: int = 5, year: int | None = None,
                 wall_clock: bool = True) -> list[Raw]:
    from tests.support.database import insert_staff_session
    from tests.support.work_calendar import round_the_clock

    # The expected figures are wall-clock minutes: a 24-hour, 7-day calendar makes working time
    # equal to them (test_work_clock covers the real schedule). Before the tickets exist, so
    # their deletion is counted under the same calendar. wall_clock=False: the seeded schedule.
    if wall_clock:
        round_the_clock(db)
    rng = random.Random(seed)
    campuses, cats = ids(db, "campus", "campus_id"), ids(db, "problem_category", "category_id")
    rtypes, depts = ids(db, "requester_type", "requester_type_id"), ids(db, "department", "department_id")
    prios, st = ids(db, "priority", "priority_id"), status_ids(db)
    ops = [insert_staff_session(db, "operador")[0] for _ in range(2)]
    equipment = [insert_equipment(db) for _ in range(3)]
    raws: list[Raw] = []
    # The years are fixed per test: leave no ticket behind for the next run on a shared database.
    db.on_close(lambda: delete_tickets(db, [t.ticket_id for t in raws]))
    for _ in range(count):
        # a year per seed: a shared SQL Server database holds other tests' rows.
        created = utc(year or 2030 + seed, 3, 1) + timedelta(
            days=rng.randint(0, days - 1), hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
        resolved = rng.random() < 0.5
        status = st["resuelto"] if resolved else rng.choice([st["nuevo"], st["asignado"], st["en_proceso"]])
        raws.append(insert_ticket(
            db, created_at=created, campus_id=rng.choice(campuses), category_id=rng.choice(cats),
            requester_type_id=rng.choice(rtypes), department_id=rng.choice(depts), priority_id=rng.choice(prios),
            status_id=status, assigned_to=rng.choice([None, *ops]), equipment_id=rng.choice([None, *equipment]),
            first_response_at=later(created, rng.randint(1, 600)) if resolved or rng.random() < 0.5 else None,
            resolved_at=later(created, rng.randint(600, 9000)) if resolved else None,
        ))
    return raws


def delete_tickets(db: TestDb, ticket_ids: list[int]) -> None:
    """Remove tickets a test created (their events first); the triggers take them out of the summaries."""
    if not ticket_ids:
        return
    if db.dialect == "pg":
        for table in ("ticket_event", "attachment", "ticket"):
            db.sql(f"DELETE FROM app.{table} WHERE ticket_id = ANY(%s)", None, (ticket_ids,))
        return
    for table in ("TicketEvent", "Attachment", "Ticket"):
        db.sql("", f"DELETE FROM app.{table} WHERE TicketId IN (SELECT CAST(value AS BIGINT) "
                   "FROM STRING_SPLIT(?, ','))", (",".join(map(str, ticket_ids)),))
