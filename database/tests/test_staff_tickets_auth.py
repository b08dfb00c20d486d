"""Authorization matrix: every desk procedure, for every kind of caller.

no token / expired / revoked session -> 2001; must change password -> 2003;
operador and administrador -> allowed. One database for the whole module:
every case arranges its own staff session and ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    expire_session,
    insert_attachment,
    insert_ticket,
    list_queue,
    require_password_change,
    revoke_session,
    shared_db,  # noqa: F401 (fixture)
)

PNG = bytes.fromhex("89504e470d0a1a0a") + b"\x00" * 16


def _calls() -> dict[str, Callable[[Any, bytes, dict[str, Any]], Any]]:
    """procedure -> call(db, token, arranged) with valid arguments."""
    return {
        "list_filter_catalogs": lambda db, tok, a: db.desk.call("staff.list_filter_catalogs", token=tok),
        "list_assignable_staff": lambda db, tok, a: db.desk.call("staff.list_assignable_staff", token=tok),
        "list_queue": lambda db, tok, a: list_queue(db.desk, tok, search=a["folio"]),
        "get_ticket": lambda db, tok, a: db.desk.call("staff.get_ticket", token=tok, ticket_id=a["ticket_id"]),
        "list_ticket_events": lambda db, tok, a: db.desk.call(
            "staff.list_ticket_events", token=tok, ticket_id=a["ticket_id"]),
        "list_attachments": lambda db, tok, a: db.desk.call(
            "staff.list_attachments", token=tok, ticket_id=a["ticket_id"]),
        "get_attachment": lambda db, tok, a: db.desk.call(
            "staff.get_attachment", token=tok, attachment_id=a["attachment_id"]),
        "list_equipment_history": lambda db, tok, a: db.desk.call(
            "staff.list_equipment_history", token=tok, ticket_id=a["ticket_id"], max_rows=10),
        "assign_ticket": lambda db, tok, a: db.desk.call(
            "staff.assign_ticket", token=tok, ticket_id=a["ticket_id"], row_version=1, assigned_to=a["staff_id"]),
        "change_status": lambda db, tok, a: db.desk.call(
            "staff.change_status", token=tok, ticket_id=a["ticket_id"], row_version=1,
            status_id=a["cats"].status["en_proceso"], body=None),
        "change_priority": lambda db, tok, a: db.desk.call(
            "staff.change_priority", token=tok, ticket_id=a["ticket_id"], row_version=1,
            priority_id=a["cats"].priority["alta"]),
        "add_comment": lambda db, tok, a: db.desk.call(
            "staff.add_comment", token=tok, ticket_id=a["ticket_id"], row_version=1, body="Revisado", is_public=False),
        "mark_ticket_seen": lambda db, tok, a: db.desk.call(
            "staff.mark_ticket_seen", token=tok, ticket_id=a["ticket_id"]),
        "count_new_tickets": lambda db, tok, a: db.desk.call(
            "staff.count_new_tickets", token=tok, after_ticket_id=a["ticket_id"] - 1),
    }


CALLS = _calls()
CALLERS = ("no_token", "expired", "revoked", "must_change", "operador", "administrador")


@pytest.fixture(scope="module")
def cats(shared_db):  # noqa: F811
    return catalogs(shared_db)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("procedure", sorted(CALLS))
def test_authorization_matrix(shared_db, cats, procedure: str, caller: str) -> None:  # noqa: F811
    db = shared_db
    role = "administrador" if caller == "administrador" else "operador"
    staff_id, token = insert_staff_session(db, role)
    ticket = insert_ticket(db, cats, equipment_tag="ITL-AUTH-01")
    arranged = {
        **ticket,
        "staff_id": staff_id,
        "cats": cats,
        "attachment_id": insert_attachment(db, ticket["ticket_id"], PNG),
    }
    if caller == "no_token":
        token = None
    elif caller == "expired":
        expire_session(db, token)
    elif caller == "revoked":
        revoke_session(db, token)
    elif caller == "must_change":
        require_password_change(db, staff_id)

    call = CALLS[procedure]
    if caller in ("operador", "administrador"):
        rows = call(db, token, arranged)
        assert isinstance(rows, list)
        if procedure in ("get_ticket", "list_queue", "get_attachment", "count_new_tickets"):
            assert len(rows) == 1
        return
    expected = "password_change_required" if caller == "must_change" else "session_invalid"
    with pytest.raises(gateway.AppError) as info:
        call(db, token, arranged)
    assert info.value.error_id == gateway.error_id(expected)


def test_every_staff_procedure_of_the_desk_is_in_the_matrix() -> None:
    from pathlib import Path

    from gateway.names import snake

    mine = {"ListQueue", "GetTicket", "ListTicketEvents", "ListAttachments", "GetAttachment",
            "ListEquipmentHistory", "ListAssignableStaff", "ListFilterCatalogs", "AssignTicket",
            "ChangeStatus", "ChangePriority", "AddComment", "MarkTicketSeen", "CountNewTickets"}
    folder = Path(__file__).resolve().parent.parent / "procedures" / "pg"
    present = {p.stem.split(".", 1)[1] for p in folder.glob("staff.*.sql")} & mine
    assert present == mine
    assert {snake(name) for name in mine} == set(CALLS)
