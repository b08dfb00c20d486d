"""Shared arrangements for the webform contract tests (no tests here)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import TYPE_CHECKING, Any

import pytest

import gateway
from tests.support.database import MSSQL_SKIP, MSSQL_URL, PgCluster, mssql_db

if TYPE_CHECKING:
    from tests.support.database import TestDb

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(20)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20)
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(20)

TICKET_FIELDS = (
    "requester_name", "requester_type_id", "department_id", "contact_email", "contact_phone",
    "control_number", "campus_id", "location_id", "location_detail", "equipment_id", "equipment_tag",
    "equipment_brand", "equipment_serial", "equipment_condition", "category_id", "description",
)


def backend_params() -> list:
    return [
        pytest.param("pg", id="pg"),
        pytest.param("mssql", id="mssql", marks=pytest.mark.skipif(not MSSQL_URL, reason=MSSQL_SKIP)),
    ]


def open_db(request, cluster: PgCluster | None, backend: str) -> TestDb:
    if backend == "pg":
        assert cluster is not None
        return cluster.fresh()
    return mssql_db()


def one(db: TestDb, pg: str, mssql: str, params: tuple = ()) -> Any:
    return db.sql(pg, mssql, params)[0][0]


def ids(db: TestDb) -> dict[str, int]:
    """Catalog ids the tests build tickets from (seeded rows) and a piece of equipment."""
    found = {
        "alumno": one(db, "SELECT requester_type_id FROM app.requester_type WHERE code = 'alumno'",
                      "SELECT RequesterTypeId FROM app.RequesterType WHERE Code = N'alumno'"),
        "docente": one(db, "SELECT requester_type_id FROM app.requester_type WHERE code = 'docente'",
                       "SELECT RequesterTypeId FROM app.RequesterType WHERE Code = N'docente'"),
        "department": one(db, "SELECT department_id FROM app.department WHERE name = 'Centro de Cómputo'",
                          "SELECT DepartmentId FROM app.Department WHERE Name = N'Centro de Cómputo'"),
        "c1": one(db, "SELECT campus_id FROM app.campus WHERE code = 'C1'",
                  "SELECT CampusId FROM app.Campus WHERE Code = N'C1'"),
        "c2": one(db, "SELECT campus_id FROM app.campus WHERE code = 'C2'",
                  "SELECT CampusId FROM app.Campus WHERE Code = N'C2'"),
        "software": one(db, "SELECT category_id FROM app.problem_category WHERE name = 'Software general'",
                        "SELECT CategoryId FROM app.ProblemCategory WHERE Name = N'Software general'"),
        "hardware": one(db, "SELECT category_id FROM app.problem_category WHERE name = 'Hardware general'",
                        "SELECT CategoryId FROM app.ProblemCategory WHERE Name = N'Hardware general'"),
    }
    # Seeded locations by natural key (never "the lowest/highest id": other tests add locations).
    for key, campus, name in (("loc1", "c1", "Centro de Cómputo"),
                              ("loc1b", "c1", "Centro de Información (Biblioteca)"),
                              ("loc2", "c2", "Laboratorio de Cómputo")):
        found[key] = one(db, "SELECT location_id FROM app.location WHERE campus_id = %s AND name = %s",
                         "SELECT LocationId FROM app.Location WHERE CampusId = ? AND Name = ?",
                         (found[campus], name))
    tag = "WF-" + secrets.token_hex(4).upper()
    found["equipment"] = one(
        db,
        "INSERT INTO app.equipment (inventory_tag, kind, location_id) VALUES (%s, 'computadora', %s) "
        "RETURNING equipment_id",
        "INSERT INTO app.Equipment (InventoryTag, Kind, LocationId) OUTPUT INSERTED.EquipmentId "
        "VALUES (?, N'computadora', ?)",
        (tag, found["loc1"]))
    return found


def valid_ticket(c: dict[str, int], **overrides: Any) -> dict[str, Any]:
    ticket: dict[str, Any] = {
        "requester_name": "María José Núñez",
        "requester_type_id": c["alumno"],
        "department_id": c["department"],
        "contact_email": "l19240123@leon.tecnm.mx",
        "contact_phone": "477 710 5200 ext. 1802",
        "control_number": "19240123",
        "campus_id": c["c1"],
        "location_id": c["loc1"],
        "location_detail": None,
        "equipment_id": None,
        "equipment_tag": None,
        "equipment_brand": None,
        "equipment_serial": None,
        "equipment_condition": None,
        "category_id": c["software"],
        "description": "No puedo entrar al correo institucional desde ayer.",
    }
    ticket.update(overrides)
    return ticket


def submit(db: TestDb, c: dict[str, int], key: uuid.UUID | None = None, client: str | None = None,
           **overrides: Any) -> dict[str, Any]:
    """One ticket; a fresh client key unless given, so shared-mode repeats never meet the hourly limit."""
    client = client or f"cliente-{uuid.uuid4().hex[:12]}"
    rows = db.web.call("webform.submit_ticket", idempotency_key=key or uuid.uuid4(), client_key=client,
                       **valid_ticket(c, **overrides))
    assert len(rows) == 1
    return rows[0]


def expected_code(secret: bytes, key: uuid.UUID) -> str:
    """Python re-implementation of app.ticket_access_code / app.TicketAccessCode."""
    digest = hashlib.sha256(secret + str(key).lower().encode("ascii")).digest()
    return "".join(ALPHABET[b % 31] for b in digest[:10])


def raises_id(exc: pytest.ExceptionInfo, key: str) -> None:
    assert isinstance(exc.value, gateway.AppError)
    assert exc.value.error_id == gateway.error_id(key), exc.value


def attachments(*files: tuple) -> dict:
    out: dict = {}
    for i, (name, kind, content) in enumerate(files, start=1):
        out.update({f"attachment{i}_name": name, f"attachment{i}_type": kind, f"attachment{i}_content": content})
    return out


def unknown_folio() -> str:
    """A well-formed folio no ticket has, new each call: misses are limited per folio (issue 12),
    so a fixed one would pile up misses across tests on a shared database."""
    return f"CC-1999-{secrets.randbelow(10**9):09d}"


def web_url(db) -> str:
    """The web login's URL (pg: the test database's itl_web; SQL Server: ITL_MSSQL_WEB_URL or the owner)."""
    import os

    if db.dialect == "pg":
        return db.login_urls["itl_web"]
    return os.environ.get("ITL_MSSQL_WEB_URL", db.owner_url)
