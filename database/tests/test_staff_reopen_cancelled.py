"""Contract tests of staff.reopen_cancelled_ticket: only an administrator, with a reason, only a
cancelled ticket, audited, shown in the ticket's history; the ordinary status change cannot do it."""

from __future__ import annotations

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket, ticket_row

REASON = "Se canceló por error: el equipo sigue fallando."


def err(key: str) -> int:
    return gateway.error_id(key)


def cancelled(db, cats, **fields) -> dict:
    return insert_ticket(db, cats, status_id=cats.status["cancelado"], **fields)


def reopen(db, token: bytes, ticket: dict, reason: str = REASON, row_version: int = 1) -> dict:
    return db.desk.call("staff.reopen_cancelled_ticket", token=token, ticket_id=ticket["ticket_id"],
                        row_version=row_version, reason=reason)[0]


def test_admin_reopens_with_reason_audited_and_in_the_timeline(db) -> None:
    cats = catalogs(db)
    admin_id, admin = insert_staff_session(db, "administrador")
    ticket = cancelled(db, cats)
    db.sql("UPDATE app.ticket SET closed_at = now() WHERE ticket_id = %s",
           "UPDATE app.Ticket SET ClosedAt = SYSUTCDATETIME() WHERE TicketId = ?", (ticket["ticket_id"],))
    row = reopen(db, admin, ticket, reason=f"  {REASON}  ")
    assert row["status_id"] == cats.status["nuevo"] and row["row_version"] == 2
    stored = ticket_row(db, ticket["ticket_id"])
    assert stored["status_id"] == cats.status["nuevo"] and stored["closed_at"] is None
    events = db.desk.call("staff.list_ticket_events", token=admin, ticket_id=ticket["ticket_id"])
    last = events[-1]
    assert (last["event_type"], last["old_status_name"], last["new_status_name"], last["body"]) == (
        "estado", "Cancelado", "Nuevo", REASON)
    assert bool(last["is_public"]) and last["actor_name"]  # the administrator is the actor
    replied = db.sql("SELECT requester_replied_at FROM app.ticket WHERE ticket_id = %s",
                     "SELECT RequesterRepliedAt FROM app.Ticket WHERE TicketId = ?", (ticket["ticket_id"],))
    assert replied == [(None,)]  # the administrator's reason is not a requester's message
    audit = db.sql("SELECT action, target, details FROM app.admin_audit WHERE staff_id = %s",
                   "SELECT Action, Target, Details FROM app.AdminAudit WHERE StaffId = ?", (admin_id,))
    assert audit == [("reabrir_ticket", ticket["folio"], REASON)]


def test_assigned_ticket_goes_back_to_asignado(db) -> None:
    cats = catalogs(db)
    operator_id, _ = insert_staff_session(db, "operador")
    _, admin = insert_staff_session(db, "administrador")
    ticket = cancelled(db, cats, assigned_to=operator_id)
    assert reopen(db, admin, ticket)["status_id"] == cats.status["asignado"]


@pytest.mark.parametrize("reason", ["", "   ", "abc", "x" * 1001])
def test_reason_is_required(db, reason: str) -> None:
    cats = catalogs(db)
    _, admin = insert_staff_session(db, "administrador")
    ticket = cancelled(db, cats)
    with pytest.raises(gateway.AppError) as info:
        reopen(db, admin, ticket, reason=reason)
    assert info.value.error_id == err("reopen_reason_required")
    assert ticket_row(db, ticket["ticket_id"])["status_id"] == cats.status["cancelado"]


def test_operator_stale_version_and_open_ticket_are_refused(db) -> None:
    cats = catalogs(db)
    _, operator = insert_staff_session(db, "operador")
    _, admin = insert_staff_session(db, "administrador")
    ticket = cancelled(db, cats)
    for token, version, key in ((operator, 1, "role_forbidden"), (admin, 7, "ticket_conflict")):
        with pytest.raises(gateway.AppError) as info:
            reopen(db, token, ticket, row_version=version)
        assert info.value.error_id == err(key)
    open_ticket = insert_ticket(db, cats)
    with pytest.raises(gateway.AppError) as info:
        reopen(db, admin, open_ticket)
    assert info.value.error_id == err("reopen_not_cancelled")
    assert ticket_row(db, ticket["ticket_id"])["status_id"] == cats.status["cancelado"]


def test_ordinary_status_change_cannot_reopen_and_lists_do_not_offer_it(db) -> None:
    cats = catalogs(db)
    _, admin = insert_staff_session(db, "administrador")
    ticket = cancelled(db, cats)
    for target in ("nuevo", "asignado"):
        with pytest.raises(gateway.AppError) as info:
            db.desk.call("staff.change_status", token=admin, ticket_id=ticket["ticket_id"], row_version=1,
                         status_id=cats.status[target], body=None)
        assert info.value.error_id == err("status_transition_forbidden")
    offered = [r for r in db.desk.call("staff.list_filter_catalogs", token=admin)
               if r["catalog"] == "transition" and r["parent_id"] == cats.status["cancelado"]]
    assert offered == []
