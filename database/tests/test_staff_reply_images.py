"""Contract tests of images on staff public replies (staff.add_comment's attachment slots): the
same checks as the requester's photos, never on an internal note, shown to the requester with
the reply they came with (webform.list_ticket_photos event_number = webform.list_public_events)."""

from __future__ import annotations

import pytest

import gateway
from tests.support.conversation_data import new_ticket, proof
from tests.support.database import insert_staff_session, set_setting
from tests.support.tickets import png

PNG = png(8, 6)


def err(key: str) -> int:
    return gateway.error_id(key)


def version(db, ticket_id: int) -> int:
    return int(db.sql("SELECT row_version FROM app.ticket WHERE ticket_id = %s",
                      "SELECT RowVersion FROM app.Ticket WHERE TicketId = ?", (ticket_id,))[0][0])


def reply(db, token: bytes, ticket: dict, body: str, public: bool = True, **images) -> dict:
    return db.desk.call("staff.add_comment", token=token, ticket_id=ticket["ticket_id"],
                        row_version=version(db, ticket["ticket_id"]), body=body, is_public=public, **images)[0]


def image(slot: int = 1, content: bytes = PNG, kind: str = "image/png", name: str = "arreglo.png") -> dict:
    return {f"attachment{slot}_name": name, f"attachment{slot}_type": kind, f"attachment{slot}_content": content}


def test_public_reply_with_image_is_shown_with_that_reply(db) -> None:
    _, token = insert_staff_session(db, "operador")
    ticket = new_ticket(db)
    reply(db, token, ticket, "Primera respuesta sin imagen.")
    done = reply(db, token, ticket, "Así quedó configurada la impresora.", **image(1), **image(2, name="paso 2.png"))
    listed = db.desk.call("staff.list_attachments", token=token, ticket_id=ticket["ticket_id"])
    assert [a["event_id"] for a in listed] == [done["event_id"], done["event_id"]]
    assert [a["file_name"] for a in listed] == ["arreglo.png", "paso_2.png"]
    events = db.web.call("webform.list_public_events", **proof(ticket))
    photos = db.web.call("webform.list_ticket_photos", **proof(ticket))
    assert {p["source"] for p in photos} == {"respuesta"}
    numbers = {p["event_number"] for p in photos}
    assert len(numbers) == 1
    number = numbers.pop()
    shown_with = next(e for e in events if e["event_number"] == number)
    assert shown_with["body"] == "Así quedó configurada la impresora." and shown_with["event_type"] == "respuesta"


def test_images_never_go_on_an_internal_note(db) -> None:
    _, token = insert_staff_session(db, "operador")
    ticket = new_ticket(db)
    with pytest.raises(gateway.AppError) as info:
        reply(db, token, ticket, "Nota con captura", public=False, **image(1))
    assert info.value.error_id == err("attachment_internal_note")
    assert db.desk.call("staff.list_attachments", token=token, ticket_id=ticket["ticket_id"]) == []
    assert version(db, ticket["ticket_id"]) == 1  # nothing written


@pytest.mark.parametrize(("images", "key"), [
    (image(1, content=b"GIF89a" + b"\x00" * 20), "form_attachment_content"),
    (image(1, kind="image/gif"), "form_attachment_type"),
    (image(1, content=b""), "form_attachment_incomplete"),
    ({**image(1), "attachment1_content": None}, "form_attachment_incomplete"),
])
def test_images_are_checked_like_the_requesters(db, images: dict, key: str) -> None:
    _, token = insert_staff_session(db, "operador")
    ticket = new_ticket(db)
    with pytest.raises(gateway.AppError) as info:
        reply(db, token, ticket, "Respuesta", **images)
    assert info.value.error_id == err(key)


def test_size_count_and_ticket_total_limits(db) -> None:
    _, token = insert_staff_session(db, "operador")
    ticket = new_ticket(db)
    set_setting(db, "attachment_max_bytes", len(PNG) - 1)
    with pytest.raises(gateway.AppError) as info:
        reply(db, token, ticket, "Respuesta", **image(1))
    assert info.value.error_id == err("form_attachment_too_big")
    set_setting(db, "attachment_max_bytes", 3145728)
    set_setting(db, "attachment_max_count", 2)
    with pytest.raises(gateway.AppError) as info:
        reply(db, token, ticket, "Respuesta", **image(1), **image(2), **image(3))
    assert info.value.error_id == err("form_attachment_too_many")
    set_setting(db, "attachment_max_per_ticket", 1)
    reply(db, token, ticket, "Una imagen", **image(1))
    with pytest.raises(gateway.AppError) as info:
        reply(db, token, ticket, "Otra imagen", **image(1))
    assert info.value.error_id == err("attachment_ticket_total")
