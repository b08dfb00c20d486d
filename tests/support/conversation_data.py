"""Arrangements for the requester-conversation contract tests (issue 13; no tests here)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from tests.support.webform_data import ids, one, submit

if TYPE_CHECKING:
    from tests.support.database import TestDb


def status_id(db: TestDb, code: str) -> int:
    return one(db, "SELECT status_id FROM app.status WHERE code = %s",
               "SELECT StatusId FROM app.Status WHERE Code = ?", (code,))


def new_ticket(db: TestDb, **overrides: Any) -> dict[str, Any]:
    """A fresh ticket through webform.submit_ticket, plus its ticket_id and a unique client key."""
    c = ids(db)
    row = submit(db, c, uuid.uuid4(), client=f"conv-{uuid.uuid4()}", **overrides)
    row["ticket_id"] = one(db, "SELECT ticket_id FROM app.ticket WHERE folio = %s",
                           "SELECT TicketId FROM app.Ticket WHERE Folio = ?", (row["folio"],))
    row["client"] = f"conv-{uuid.uuid4()}"
    row["ids"] = c
    return row


def proof(ticket: dict[str, Any]) -> dict[str, Any]:
    """The folio + access code + client key every requester procedure takes."""
    return {"folio": ticket["folio"], "access_code": ticket["access_code"], "client_key": ticket["client"]}


def move(db: TestDb, ticket: dict[str, Any], code: str, from_code: str | None = None,
         resolved_days_ago: float | None = None, assigned_to: int | None = None) -> None:
    """Put a ticket in a status as the staff would: the ticket row plus its 'estado' event."""
    new = status_id(db, code)
    old = one(db, "SELECT status_id FROM app.ticket WHERE ticket_id = %s",
              "SELECT StatusId FROM app.Ticket WHERE TicketId = ?", (ticket["ticket_id"],))
    if from_code is not None:
        old = status_id(db, from_code)
        db.sql("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s",
               "UPDATE app.Ticket SET StatusId = ? WHERE TicketId = ?", (old, ticket["ticket_id"]))
    db.sql("UPDATE app.ticket SET status_id = %s, assigned_to = coalesce(%s, assigned_to) WHERE ticket_id = %s",
           "UPDATE app.Ticket SET StatusId = ?, AssignedTo = COALESCE(?, AssignedTo) WHERE TicketId = ?",
           (new, assigned_to, ticket["ticket_id"]))
    db.sql("INSERT INTO app.ticket_event (ticket_id, event_type, is_public, old_status_id, new_status_id) "
           "VALUES (%s, 'estado', TRUE, %s, %s)",
           "INSERT INTO app.TicketEvent (TicketId, EventType, IsPublic, OldStatusId, NewStatusId) "
           "VALUES (?, N'estado', 1, ?, ?)", (ticket["ticket_id"], old, new))
    if code in ("resuelto", "cerrado"):
        days = resolved_days_ago or 0.0
        db.sql("UPDATE app.ticket SET resolved_at = now() - make_interval(secs => %s) WHERE ticket_id = %s",
               "UPDATE app.Ticket SET ResolvedAt = DATEADD(SECOND, -CAST(? AS INT), SYSUTCDATETIME()) "
               "WHERE TicketId = ?", (days * 86400, ticket["ticket_id"]))


def current(db: TestDb, ticket: dict[str, Any]) -> tuple[str, int]:
    """(status code, row_version) of the ticket now."""
    row = db.sql("SELECT s.code, t.row_version FROM app.ticket AS t JOIN app.status AS s USING (status_id) "
                 "WHERE t.ticket_id = %s",
                 "SELECT s.Code, t.RowVersion FROM app.Ticket AS t JOIN app.Status AS s ON s.StatusId = t.StatusId "
                 "WHERE t.TicketId = ?", (ticket["ticket_id"],))[0]
    return row[0], row[1]


def events(db: TestDb, ticket: dict[str, Any]) -> list[tuple]:
    """(event_type, is_public, actor, old status code, new status code, body) oldest first."""
    rows = db.sql(
        "SELECT e.event_type, e.is_public, e.actor_staff_id, os.code, ns.code, e.body FROM app.ticket_event AS e "
        "LEFT JOIN app.status AS os ON os.status_id = e.old_status_id "
        "LEFT JOIN app.status AS ns ON ns.status_id = e.new_status_id WHERE e.ticket_id = %s ORDER BY e.event_id",
        "SELECT e.EventType, e.IsPublic, e.ActorStaffId, os.Code, ns.Code, e.Body FROM app.TicketEvent AS e "
        "LEFT JOIN app.Status AS os ON os.StatusId = e.OldStatusId "
        "LEFT JOIN app.Status AS ns ON ns.StatusId = e.NewStatusId WHERE e.TicketId = ? ORDER BY e.EventId",
        (ticket["ticket_id"],))
    return [(r[0], bool(r[1]), r[2], r[3], r[4], r[5]) for r in rows]
