"""Across slices: a ticket sent through the web form is worked by an operator, and the requester
sees exactly the public part (status changes and public replies, never internal notes)."""

from __future__ import annotations

import secrets

from tests.support.database import insert_staff_session
from tests.support.tickets import list_queue
from tests.support.webform_data import PNG, attachments, ids, submit


def test_web_ticket_worked_by_an_operator_shows_only_public_events(db) -> None:
    c = ids(db)
    staff_id, token = insert_staff_session(db, "operador")
    client = f"cliente-{secrets.token_hex(4)}"
    sent = submit(db, c, client=client, requester_name="Rosa Elena Prado",
                  **attachments(("pantalla.png", "image/png", PNG)))
    folio, code = sent["folio"], sent["access_code"]

    row = list_queue(db.desk, token, search=folio.lower())
    assert [r["folio"] for r in row] == [folio] and row[0]["is_new"] and row[0]["status_code"] == "nuevo"
    ticket_id = row[0]["ticket_id"]
    detail = db.desk.call("staff.get_ticket", token=token, ticket_id=ticket_id)[0]
    assert detail["requester_name"] == "Rosa Elena Prado" and detail["attachment_count"] == 1
    attachment = db.desk.call("staff.list_attachments", token=token, ticket_id=ticket_id)[0]
    got = db.desk.call("staff.get_attachment", token=token, attachment_id=attachment["attachment_id"])[0]
    assert bytes(got["content"]) == PNG

    v = detail["row_version"]
    v = db.desk.call("staff.assign_ticket", token=token, ticket_id=ticket_id, row_version=v,
                     assigned_to=staff_id)[0]["row_version"]
    v = db.desk.call("staff.add_comment", token=token, ticket_id=ticket_id, row_version=v,
                     body="Nota interna: revisar la cuenta en el directorio", is_public=False)[0]["row_version"]
    v = db.desk.call("staff.change_status", token=token, ticket_id=ticket_id, row_version=v,
                     status_id=3, body=None)[0]["row_version"]
    db.desk.call("staff.add_comment", token=token, ticket_id=ticket_id, row_version=v,
                 body="Ya restablecimos su contraseña; intente de nuevo.", is_public=True)

    status = db.web.call("webform.get_ticket_status", folio=folio, access_code=code, client_key=client)
    assert status[0]["status_code"] == "en_proceso"
    public = db.web.call("webform.list_public_events", folio=folio, access_code=code, client_key=client)
    bodies = [e["body"] for e in public if e["body"]]
    assert "Ya restablecimos su contraseña; intente de nuevo." in bodies
    assert not any("Nota interna" in b for b in bodies)
    assert [e["event_type"] for e in public if e["event_type"] != "creado"] == ["estado", "respuesta"]
