"""Arrange tickets directly as the owner, for the desk slice's tests (contract, service, GUI).

The web form's procedures have their own tests; these helpers only need rows that look like
what webform.submit_ticket stores.
"""

from __future__ import annotations

import secrets
import struct
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.database import MSSQL_SKIP, MSSQL_URL, backend_db
from tests.support.database import TestDb as Db


@dataclass
class Catalogs:
    campus: dict[str, int]
    location: dict[str, int]  # by name
    category: dict[str, int]
    priority: dict[str, int]
    status: dict[str, int]
    department_id: int


def catalogs(db: Db) -> Catalogs:
    def pairs(pg: str, mssql: str) -> dict[str, int]:
        return {str(k): int(v) for k, v in db.sql(pg, mssql)}

    return Catalogs(
        campus=pairs("SELECT code, campus_id FROM app.campus", "SELECT Code, CampusId FROM app.Campus"),
        location=pairs("SELECT name, location_id FROM app.location", "SELECT Name, LocationId FROM app.Location"),
        category=pairs(
            "SELECT name, category_id FROM app.problem_category", "SELECT Name, CategoryId FROM app.ProblemCategory"),
        priority=pairs("SELECT code, priority_id FROM app.priority", "SELECT Code, PriorityId FROM app.Priority"),
        status=pairs("SELECT code, status_id FROM app.status", "SELECT Code, StatusId FROM app.Status"),
        department_id=int(db.sql(  # a seeded row by its natural key, never "the lowest id"
            "SELECT department_id FROM app.department WHERE name = 'Centro de Cómputo'",
            "SELECT DepartmentId FROM app.Department WHERE Name = N'Centro de Cómputo'")[0][0]),
    )


def new_folio() -> str:
    return f"CC-2026-{secrets.randbelow(10**9):09d}"


def insert_ticket(db: Db, cats: Catalogs | None = None, **fields: Any) -> dict[str, Any]:
    """Insert one ticket (status 'nuevo' unless given) with its 'creado' event; returns its key values."""
    cats = cats or catalogs(db)
    campus_id = fields.get("campus_id", cats.campus["C1"])
    values = {
        "folio": fields.get("folio") or new_folio(),
        "requester_name": fields.get("requester_name", "Ana López"),
        "requester_type_id": fields.get("requester_type_id", 1),
        "campus_id": campus_id,
        "location_id": fields.get("location_id", cats.location["Centro de Cómputo"]),
        "category_id": fields.get("category_id", cats.category["Impresoras"]),
        "description": fields.get("description", "La impresora del laboratorio no imprime."),
        "status_id": fields.get("status_id", cats.status["nuevo"]),
        "priority_id": fields.get("priority_id", cats.priority["media"]),
        "equipment_tag": fields.get("equipment_tag"),
        "assigned_to": fields.get("assigned_to"),
    }
    params = (
        values["folio"], secrets.token_bytes(32), str(uuid.uuid4()), values["requester_name"],
        values["requester_type_id"], cats.department_id, "ana@leon.tecnm.mx", values["campus_id"],
        values["location_id"], values["equipment_tag"], values["category_id"], values["description"],
        values["status_id"], values["priority_id"], values["assigned_to"],
    )
    ticket_id = db.sql(
        "INSERT INTO app.ticket (folio, access_code_hash, idempotency_key, requester_name, requester_type_id, "
        "department_id, contact_email, campus_id, location_id, equipment_tag, category_id, description, "
        "status_id, priority_id, assigned_to) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING ticket_id",
        # OUTPUT ... INTO: SQL Server refuses a bare OUTPUT on a table with triggers (app.TicketStatsSync).
        "SET NOCOUNT ON; DECLARE @Id TABLE (TicketId BIGINT); "
        "INSERT INTO app.Ticket (Folio, AccessCodeHash, IdempotencyKey, RequesterName, RequesterTypeId, "
        "DepartmentId, ContactEmail, CampusId, LocationId, EquipmentTag, CategoryId, Description, "
        "StatusId, PriorityId, AssignedTo) OUTPUT INSERTED.TicketId INTO @Id "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s); SELECT TicketId FROM @Id;",
        params,
    )[0][0]
    db.sql(
        "INSERT INTO app.ticket_event (ticket_id, event_type, is_public, new_status_id) "
        "VALUES (%s, 'creado', TRUE, %s)",
        "INSERT INTO app.TicketEvent (TicketId, EventType, IsPublic, NewStatusId) VALUES (%s, N'creado', 1, %s)",
        (ticket_id, values["status_id"]),
    )
    return {"ticket_id": int(ticket_id), **values}


def insert_attachment(db: Db, ticket_id: int, content: bytes, content_type: str = "image/png") -> int:
    return int(db.sql(
        "INSERT INTO app.attachment (ticket_id, file_name, content_type, byte_size, content) "
        "VALUES (%s, 'foto.png', %s, %s, %s) RETURNING attachment_id",
        "INSERT INTO app.Attachment (TicketId, FileName, ContentType, ByteSize, Content) "
        "OUTPUT INSERTED.AttachmentId VALUES (%s, N'foto.png', %s, %s, %s)",
        (ticket_id, content_type, len(content), content),
    )[0][0])


def ticket_row(db: Db, ticket_id: int) -> dict[str, Any]:
    cols = ("status_id", "priority_id", "assigned_to", "row_version", "first_response_at", "resolved_at", "closed_at")
    row = db.sql(
        "SELECT status_id, priority_id, assigned_to, row_version, first_response_at, resolved_at, closed_at "
        "FROM app.ticket WHERE ticket_id = %s",
        "SELECT StatusId, PriorityId, AssignedTo, RowVersion, FirstResponseAt, ResolvedAt, ClosedAt "
        "FROM app.Ticket WHERE TicketId = %s",
        (ticket_id,),
    )[0]
    return dict(zip(cols, row, strict=True))


def event_count(db: Db, ticket_id: int) -> int:
    return int(db.sql(
        "SELECT count(*) FROM app.ticket_event WHERE ticket_id = %s",
        "SELECT COUNT(*) FROM app.TicketEvent WHERE TicketId = %s",
        (ticket_id,),
    )[0][0])


QUEUE_DEFAULTS: dict[str, Any] = {
    "status_id": None, "campus_id": None, "category_id": None, "priority_id": None, "assigned_to": None,
    "only_mine": False, "only_unassigned": False, "only_open": False, "search": None,
    "sort_key": "folio", "sort_desc": True, "after_value": None, "after_ticket_id": None, "page_size": 50,
}


def list_queue(gw: Any, token: bytes, **params: Any) -> list[dict[str, Any]]:
    """staff.list_queue with every parameter defaulted (tests name only what they filter on)."""
    return gw.call("staff.list_queue", token=token, **{**QUEUE_DEFAULTS, **params})


def expire_session(db: Db, token: bytes) -> None:
    db.sql(
        "UPDATE app.staff_session SET expires_at = now() - interval '1 minute' WHERE token_hash = sha256(%s)",
        "UPDATE app.StaffSession SET ExpiresAt = DATEADD(MINUTE, -1, SYSUTCDATETIME()) "
        "WHERE TokenHash = HASHBYTES('SHA2_256', %s)",
        (token,),
    )


def revoke_session(db: Db, token: bytes) -> None:
    db.sql(
        "UPDATE app.staff_session SET revoked_at = now() WHERE token_hash = sha256(%s)",
        "UPDATE app.StaffSession SET RevokedAt = SYSUTCDATETIME() WHERE TokenHash = HASHBYTES('SHA2_256', %s)",
        (token,),
    )


def require_password_change(db: Db, staff_id: int) -> None:
    db.sql(
        "UPDATE app.staff_user SET must_change_password = TRUE WHERE staff_id = %s",
        "UPDATE app.StaffUser SET MustChangePassword = 1 WHERE StaffId = %s",
        (staff_id,),
    )


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("pg", id="pg"),
        pytest.param("mssql", id="mssql", marks=pytest.mark.skipif(not MSSQL_URL, reason=MSSQL_SKIP)),
    ],
)
def shared_db(request):
    """One database for a whole module (many parametrized cases that each create their own rows)."""
    with backend_db(request, request.param) as test_db:
        yield test_db


@pytest.fixture(scope="module")
def pg_module_db(pg_cluster):
    """A PostgreSQL database shared by one module (desktop service and GUI tests); pg only, so a
    private copy even in shared mode (the GUI tests page through every ticket of the queue)."""
    test_db = pg_cluster.fresh(private=True)
    yield test_db
    pg_cluster.drop(test_db)


def staff_call(db: Db, token: bytes):
    """A `call(procedure, **params)` that adds the token, like AppContext.call."""
    return lambda procedure, **params: db.desk.call(procedure, token=token, **params)


def png(width: int, height: int) -> bytes:
    """A small gradient PNG (no imaging library needed)."""
    raw = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
