"""Ticket detail and actions against a real database, including the conflict path."""

from __future__ import annotations

import secrets

import pytest

from desktop.services import ticket_service
from desktop.services.formatting import local_time
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    insert_attachment,
    insert_ticket,
    pg_module_db,  # noqa: F401 (fixture)
    staff_call,
)

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005"
    "0001ff5f6d3b5e0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def world(pg_module_db):  # noqa: F811
    db = pg_module_db
    me, token = insert_staff_session(db, "operador")
    _, other_token = insert_staff_session(db, "operador")
    return {"db": db, "cats": catalogs(db), "me": me, "call": staff_call(db, token),
            "other_call": staff_call(db, other_token)}


def test_detail_has_fields_history_photos_and_equipment_history(world) -> None:
    db, cats = world["db"], world["cats"]
    tag = f"ITL-SVC-{secrets.token_hex(3).upper()}"  # unique: never another test's machine
    old = insert_ticket(db, cats, equipment_tag=tag)
    ticket = insert_ticket(db, cats, equipment_tag=tag, requester_name="Carla Núñez")
    insert_attachment(db, ticket["ticket_id"], PNG_1X1)
    detail = ticket_service.load_detail(world["call"], ticket["ticket_id"])
    fields = dict(detail.fields())
    assert fields["Folio"] == ticket["folio"] and fields["Solicitante"] == "Carla Núñez"
    assert fields["Asignado a"] == "Sin asignar" and fields["Equipo"] == tag
    # Open and unanswered: the due instant is the first response's (staff.get_ticket's due_kind).
    assert fields["Primera respuesta vence (horas hábiles)"] == local_time(detail.ticket["due_at"]) != ""
    assert len(detail.attachments) == 1 and detail.attachments[0].showable
    assert detail.attachments[0].content == PNG_1X1
    assert [h["ticket_id"] for h in detail.equipment_history] == [old["ticket_id"]]
    assert detail.history_lines()[0].endswith("Solicitud recibida (Solicitante) estado Nuevo")


def test_actions_update_and_return_fresh_detail(world) -> None:
    db, cats, call = world["db"], world["cats"], world["call"]
    detail = ticket_service.load_detail(call, insert_ticket(db, cats)["ticket_id"])
    result = ticket_service.assign(call, detail, world["me"])
    assert result.ok and result.detail.ticket["status_code"] == "asignado" and result.detail.row_version == 2
    result = ticket_service.change_status(call, result.detail, cats.status["en_proceso"], "Vamos en camino")
    assert result.ok and result.message == "Estado actualizado."
    result = ticket_service.change_priority(call, result.detail, cats.priority["alta"])
    assert result.ok and result.detail.ticket["priority_name"] == "Alta"
    result = ticket_service.add_comment(call, result.detail, "Se cambió el tóner", is_public=False)
    assert result.ok and result.detail.row_version == 5
    lines = result.detail.history_lines()
    assert len(lines) == 5 and "Nota interna" in lines[-1] and "«Se cambió el tóner»" in lines[-1]
    assert "En proceso" in lines[2] and "«Vamos en camino»" in lines[2]


def test_conflict_gives_message_and_fresh_data(world) -> None:
    db, cats = world["db"], world["cats"]
    ticket = insert_ticket(db, cats)
    mine = ticket_service.load_detail(world["call"], ticket["ticket_id"])
    theirs = ticket_service.load_detail(world["other_call"], ticket["ticket_id"])
    assert ticket_service.change_priority(world["other_call"], theirs, cats.priority["urgente"]).ok
    result = ticket_service.change_priority(world["call"], mine, cats.priority["baja"])
    assert not result.ok and result.conflict
    assert "Otra persona modificó este ticket" in result.message
    assert result.detail.ticket["priority_name"] == "Urgente" and result.detail.row_version == 2


def test_refusals_are_spanish_messages(world) -> None:
    db, cats, call = world["db"], world["cats"], world["call"]
    detail = ticket_service.load_detail(call, insert_ticket(db, cats)["ticket_id"])
    result = ticket_service.change_status(call, detail, cats.status["cerrado"])
    assert not result.ok and not result.conflict and "No se permite" in result.message
    result = ticket_service.add_comment(call, detail, "   ", is_public=True)
    assert not result.ok and "Escriba el texto" in result.message


def test_actions_the_database_would_refuse_are_locked_with_the_reason(world) -> None:
    """staff.get_ticket's is_open and the transitions of the status decide; the reason names the status."""
    from desktop.services.catalog_service import load_catalogs

    db, cats, call = world["db"], world["cats"], world["call"]
    desk = load_catalogs(call)

    def locks(code: str, can_reopen: bool = False) -> ticket_service.ActionLocks:
        detail = ticket_service.load_detail(call, insert_ticket(db, cats, status_id=cats.status[code])["ticket_id"],
                                            with_images=False)
        moves = [r["name"] for r in desk.transitions_from(int(detail.ticket["status_id"]))]
        return ticket_service.action_locks(detail.ticket, moves, can_reopen)

    assert locks("en_proceso") == ticket_service.ActionLocks()  # open: nothing locked, nothing said
    resolved = locks("resuelto")  # not open, but its status can still change
    assert (resolved.assign, resolved.priority, resolved.status) == (True, True, False)
    assert resolved.reason.startswith("Ticket resuelto: para asignarlo o cambiar su prioridad, primero cambie")
    closed = locks("cerrado")
    assert (closed.assign, closed.priority, closed.status) == (True, True, True)
    assert closed.reason.startswith("Ticket cerrado: ya no se puede asignar ni cambiar su prioridad o su estado")
    assert locks("cancelado", can_reopen=True).reason.startswith("Ticket cancelado: solo se puede reabrir")
    # What the lock announces is what the database does.
    detail = ticket_service.load_detail(call, insert_ticket(db, cats, status_id=cats.status["cerrado"])["ticket_id"])
    assert ticket_service.assign(call, detail, world["me"]).error_id == 3008
