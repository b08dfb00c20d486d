"""webform.get_ticket_status / webform.list_public_events: lookup by folio + access code."""

from __future__ import annotations

import uuid

import pytest

import gateway
from database.tests.test_webform_helpers import ids, one, submit
from tests.support.database import insert_staff_session, set_setting

E = gateway.error_id
STATUS_COLUMNS = {"folio", "status_code", "status_name", "created_at", "updated_at", "campus_name",
                  "location_name", "category_name", "priority_name", "assigned_area"}


@pytest.fixture
def ticket(db):
    c = ids(db)
    row = submit(db, c, uuid.uuid4(), client="status")
    return c, row


def failures(db) -> int:
    return one(db, "SELECT count(*) FROM app.status_lookup_log", "SELECT COUNT(*) FROM app.StatusLookupLog")


def test_good_lookup_is_normalized_and_shows_only_public_data(db, ticket):
    _, row = ticket
    client = f"st-{uuid.uuid4()}"
    code = row["access_code"]
    before = failures(db)
    for folio, access in ((row["folio"], code),
                          (" " + row["folio"].lower() + " ", f"{code[:5].lower()}-{code[5:].lower()}")):
        found = db.web.call("webform.get_ticket_status", folio=folio, access_code=access, client_key=client)
        assert len(found) == 1
        status = found[0]
        assert set(status) == STATUS_COLUMNS
        assert (status["folio"], status["status_code"], status["status_name"]) == (row["folio"], "nuevo", "Nuevo")
        assert status["campus_name"] == "Campus I"
        assert (status["category_name"], status["priority_name"]) == ("Software general", "Media")
        assert status["location_name"] and status["assigned_area"] is None
    assert failures(db) == before  # a good lookup is not a failure


@pytest.mark.parametrize("wrong", ["folio", "code", "both", "empty"])
def test_wrong_folio_or_code_gives_no_rows_and_is_counted(db, ticket, wrong):
    _, row = ticket
    folio, code = row["folio"], row["access_code"]
    folio = {"folio": "CC-1999-000001", "both": "CC-1999-000001", "empty": ""}.get(wrong, folio)
    code = {"code": "ABCDEFGHJK", "both": "ABCDEFGHJK", "empty": None}.get(wrong, code)
    before = failures(db)
    client = f"st-{uuid.uuid4()}"
    assert db.web.call("webform.get_ticket_status", folio=folio, access_code=code, client_key=client) == []
    assert db.web.call("webform.list_public_events", folio=folio, access_code=code, client_key=client) == []
    assert failures(db) == before + 2


def test_failed_lookups_are_rate_limited_per_client(db, ticket):
    _, row = ticket
    saved = one(db, "SELECT setting_value FROM app.setting WHERE setting_key = 'status_lookup_failures_per_hour'",
                "SELECT SettingValue FROM app.Setting WHERE SettingKey = N'status_lookup_failures_per_hour'")
    set_setting(db, "status_lookup_failures_per_hour", 3)
    try:
        client = f"st-{uuid.uuid4()}"
        for _ in range(3):
            assert db.web.call("webform.get_ticket_status", folio=row["folio"], access_code="ZZZZZZZZZZ",
                               client_key=client) == []
        for proc in ("webform.get_ticket_status", "webform.list_public_events"):
            with pytest.raises(gateway.AppError) as exc:  # even with the right code, until the hour passes
                db.web.call(proc, folio=row["folio"], access_code=row["access_code"], client_key=client)
            assert exc.value.error_id == E("form_status_lookup_rate")
        other = db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                            client_key=f"st-{uuid.uuid4()}")
        assert len(other) == 1
        with pytest.raises(gateway.AppError) as exc:
            db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                        client_key=" ")
        assert exc.value.error_id == E("form_request_key_missing")
    finally:
        set_setting(db, "status_lookup_failures_per_hour", saved)


def test_only_public_events_are_listed_and_no_staff_data(db, ticket):
    _, row = ticket
    staff_id, _ = insert_staff_session(db, "operador", username=f"op{uuid.uuid4().hex[:8]}")
    staff_name = one(db, "SELECT full_name FROM app.staff_user WHERE staff_id = %s",
                     "SELECT FullName FROM app.StaffUser WHERE StaffId = ?", (staff_id,))
    ticket_id = one(db, "SELECT ticket_id FROM app.ticket WHERE folio = %s",
                    "SELECT TicketId FROM app.Ticket WHERE Folio = ?", (row["folio"],))
    db.sql("UPDATE app.ticket SET assigned_to = %s, status_id = 2 WHERE ticket_id = %s",
           "UPDATE app.Ticket SET AssignedTo = ?, StatusId = 2 WHERE TicketId = ?", (staff_id, ticket_id))
    for event_type, public, status, body in (("asignado", False, 2, None),
                                             ("nota", False, None, "Nota interna: revisar contraseña"),
                                             ("respuesta", True, None, "Ya revisamos su cuenta."),
                                             ("estado", True, 3, None)):
        db.sql("INSERT INTO app.ticket_event (ticket_id, event_type, is_public, actor_staff_id, assigned_to, "
               "new_status_id, body) VALUES (%s, %s, %s, %s, %s, %s, %s)",
               "INSERT INTO app.TicketEvent (TicketId, EventType, IsPublic, ActorStaffId, AssignedTo, NewStatusId, "
               "Body) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (ticket_id, event_type, public, staff_id, staff_id if event_type == "asignado" else None, status, body))
    client = f"st-{uuid.uuid4()}"
    events = db.web.call("webform.list_public_events", folio=row["folio"], access_code=row["access_code"],
                         client_key=client)
    assert set(events[0]) == {"occurred_at", "event_type", "status_name", "body"}
    assert [(e["event_type"], e["status_name"], e["body"]) for e in events] == [
        ("creado", "Nuevo", None), ("respuesta", None, "Ya revisamos su cuenta."), ("estado", "En proceso", None)]
    status = db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                         client_key=client)[0]
    assert status["assigned_area"] == "Centro de Cómputo"
    assert status["status_code"] == "asignado"
    shown = " ".join(str(v) for v in status.values()) + " ".join(str(v) for e in events for v in e.values())
    assert staff_name not in shown and "Nota interna" not in shown
