"""Known-outage notices (publish, edit, withdraw, audited), what the web form finds for a
campus / place / category, «Yo también tengo esta falla», the status page of a linked
ticket, and repeat failures of one piece of equipment (issue 18)."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import gateway
from tests.support.conversation_data import new_ticket, proof
from tests.support.database import insert_staff_session, set_setting
from tests.support.incident_data import add_tickets, as_json, create, incident_of, new_place
from tests.support.webform_data import ids, submit


def err(key: str) -> int:
    return gateway.error_id(key)


def raises(key: str, fn, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(gateway.AppError) as info:
        fn(*args, **kwargs)
    assert info.value.error_id == err(key), info.value


def until(hours: float = 4) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)


def publish(db, token: bytes, incident_id: int, place, **overrides: Any) -> dict[str, Any]:
    params = {"incident_id": incident_id, "body": "Sin Internet en todo el edificio.", "campus_id": place.campus_id,
              "location_id": None, "building": place.building, "category_id": place.category_id,
              "valid_until": until(), **overrides}
    return db.desk.call("staff.save_incident_notice", token=token, **params)[0]


def find(db, campus_id: int, location_id: int | None, category_id: int | None) -> list[dict[str, Any]]:
    return db.web.call("webform.find_incident_notice", campus_id=campus_id, location_id=location_id,
                       category_id=category_id)


def audit(db, staff_id: int) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.sql(
        "SELECT action, target FROM app.admin_audit WHERE staff_id = %s ORDER BY audit_id",
        "SELECT Action, Target FROM app.AdminAudit WHERE StaffId = ? ORDER BY AuditId", (staff_id,))]


def test_notice_applies_to_its_place_and_category_only(db) -> None:
    staff_id, token = insert_staff_session(db, "operador")
    place = new_place(db)
    other = new_place(db)  # same campus, another building
    incident_id = create(db, token, place, add_tickets(db, place, 2))["incident_id"]
    assert find(db, place.campus_id, place.location_id, place.category_id) == []
    publish(db, token, incident_id, place)

    found = find(db, place.campus_id, place.other_location_id, place.category_id)  # any location of the building
    assert len(found) == 1
    assert (found[0]["incident_id"], found[0]["body"], found[0]["campus_name"], found[0]["place_name"]) == (
        incident_id, "Sin Internet en todo el edificio.", "Campus II", place.building)
    assert found[0]["report_count"] is None  # public count off by default
    assert find(db, place.campus_id, place.location_id, place.cats.category["Impresoras"]) == []
    assert find(db, place.campus_id, other.location_id, place.category_id) == []
    assert find(db, place.campus_id, None, place.category_id) == []  # a place typed by hand: no building
    assert find(db, place.cats.campus["C1"], place.location_id, place.category_id) == []

    set_setting(db, "incident_public_count", 1)
    assert find(db, place.campus_id, place.location_id, place.category_id)[0]["report_count"] == 2

    # Edited to one location and every category: the other location of the building no longer matches.
    publish(db, token, incident_id, place, location_id=place.location_id, building=None, category_id=None,
            body="Sin red en el Aula 1; ya la atendemos.")
    assert find(db, place.campus_id, place.other_location_id, place.category_id) == []
    found = find(db, place.campus_id, place.location_id, place.cats.category["Impresoras"])
    assert found[0]["body"] == "Sin red en el Aula 1; ya la atendemos." and found[0]["place_name"].endswith("Aula 1")

    db.desk.call("staff.withdraw_incident_notice", token=token, incident_id=incident_id)
    assert find(db, place.campus_id, place.location_id, place.category_id) == []
    raises("notice_not_found", db.desk.call, "staff.withdraw_incident_notice", token=token, incident_id=incident_id)
    assert audit(db, staff_id) == [("aviso_publicado", f"incidente #{incident_id}"),
                                   ("aviso_editado", f"incidente #{incident_id}"),
                                   ("aviso_retirado", f"incidente #{incident_id}")]


def test_notice_ends_with_its_validity_or_the_incident(db) -> None:
    _, token = insert_staff_session(db, "operador")
    place = new_place(db)
    incident_id = create(db, token, place, add_tickets(db, place, 1))["incident_id"]
    publish(db, token, incident_id, place, building=None)  # the whole campus
    assert len(find(db, place.campus_id, place.location_id, place.category_id)) == 1
    db.sql("UPDATE app.incident_notice SET valid_until = now() - interval '1 minute' WHERE incident_id = %s",
           "UPDATE app.IncidentNotice SET ValidUntil = DATEADD(MINUTE, -1, SYSUTCDATETIME()) WHERE IncidentId = ?",
           (incident_id,))
    assert find(db, place.campus_id, place.location_id, place.category_id) == []
    publish(db, token, incident_id, place)
    db.desk.call("staff.resolve_incident", token=token, incident_id=incident_id, body="Quedó resuelto.")
    assert find(db, place.campus_id, place.location_id, place.category_id) == []
    raises("incident_closed", publish, db, token, incident_id, place)


def test_notice_refusals(db) -> None:
    _, token = insert_staff_session(db, "operador")
    place = new_place(db)
    other = new_place(db, campus="C1")
    incident_id = create(db, token, place, add_tickets(db, place, 1))["incident_id"]
    for key, overrides in (
        ("notice_body_required", {"body": "corto"}),
        ("notice_body_required", {"body": "x" * 501}),
        ("notice_until_invalid", {"valid_until": until(-1)}),
        ("notice_until_invalid", {"valid_until": until(24 * 31)}),
        ("notice_until_invalid", {"valid_until": None}),
        ("incident_place_invalid", {"location_id": other.location_id}),
        ("incident_category_invalid", {"category_id": -1}),
    ):
        raises(key, publish, db, token, incident_id, place, **overrides)
    raises("incident_not_found", publish, db, token, -1, place)
    assert find(db, place.campus_id, place.location_id, place.category_id) == []


def test_submit_stops_at_the_notice_only_when_asked(db) -> None:
    """stop_at_notice: the web form's one call. A submission that matches a notice writes nothing and
    names the incident (the form asks first); without a match, or once asked, it is a normal ticket."""
    _, token = insert_staff_session(db, "operador")
    place = new_place(db)
    incident_id = create(db, token, place, add_tickets(db, place, 1))["incident_id"]
    c = ids(db)
    here = {"campus_id": place.campus_id, "location_id": place.other_location_id, "category_id": place.category_id}

    def log_rows() -> int:
        return int(db.sql("SELECT count(*) FROM app.submission_log", "SELECT COUNT(*) FROM app.SubmissionLog")[0][0])

    def tickets_here() -> int:
        return int(db.sql("SELECT count(*) FROM app.ticket WHERE location_id = %s",
                          "SELECT COUNT(*) FROM app.Ticket WHERE LocationId = ?", (place.other_location_id,))[0][0])

    first = submit(db, c, stop_at_notice=True, **here)  # no notice yet: stored as usual
    assert first["folio"] and first["notice_incident_id"] is None and first["is_replay"] is False
    publish(db, token, incident_id, place)

    key, client = uuid.uuid4(), f"aviso-{uuid.uuid4().hex[:12]}"
    logged = log_rows()
    stopped = submit(db, c, key, client, stop_at_notice=True, **here)
    assert stopped == {"folio": None, "access_code": None, "created_at": None, "is_replay": False,
                       "notice_incident_id": incident_id}
    assert (tickets_here(), log_rows()) == (1, logged)  # nothing written, not even the rate-limit log
    # the same check as the notice the form shows (one rule): the whole building, that category only
    assert find(db, **here)[0]["incident_id"] == incident_id
    other_category = {**here, "category_id": c["software"]}
    assert submit(db, c, stop_at_notice=True, **other_category)["notice_incident_id"] is None
    # no category: no notice (the validation refuses the missing category instead)
    raises("form_category_invalid", submit, db, c, stop_at_notice=True, **{**here, "category_id": None})

    chosen = submit(db, c, key, client, **here)  # «Mi problema es otro» / «Yo también»: stored
    assert chosen["folio"] and chosen["notice_incident_id"] is None
    replay = submit(db, c, key, client, stop_at_notice=True, **here)  # a retry of a stored ticket is its replay
    assert (replay["folio"], replay["is_replay"], replay["notice_incident_id"]) == (chosen["folio"], True, None)
    assert tickets_here() == 3


def test_yo_tambien_links_the_new_ticket_and_the_status_page_shows_the_incident(db) -> None:
    _, token = insert_staff_session(db, "operador")
    place = new_place(db)
    incident_id = create(db, token, place, add_tickets(db, place, 2))["incident_id"]
    publish(db, token, incident_id, place)
    db.desk.call("staff.reply_incident", token=token, incident_id=incident_id, body="Llega un técnico a las 11:00.")
    ticket = new_ticket(db, campus_id=place.campus_id, location_id=place.location_id, category_id=place.category_id)

    joined = db.web.call("webform.join_incident", **proof(ticket), incident_id=incident_id)
    assert joined == [{"incident_id": incident_id, "report_count": 3}]
    assert db.web.call("webform.join_incident", **proof(ticket), incident_id=incident_id) == joined  # a replay
    assert incident_of(db, ticket["ticket_id"]) == incident_id
    assert db.sql("SELECT linked_by FROM app.incident_ticket WHERE ticket_id = %s",
                  "SELECT LinkedBy FROM app.IncidentTicket WHERE TicketId = ?", (ticket["ticket_id"],)) == [(None,)]

    db.desk.call("staff.reply_incident", token=token, incident_id=incident_id, body="El conmutador ya se cambió.")
    rows = db.web.call("webform.list_ticket_incident", **proof(ticket))
    assert [(r["row_kind"], r["body"]) for r in rows] == [
        ("aviso", "Sin Internet en todo el edificio."), ("respuesta", "Llega un técnico a las 11:00."),
        ("respuesta", "El conmutador ya se cambió.")]
    assert (rows[0]["campus_name"], rows[0]["place_name"], rows[0]["incident_status"], rows[0]["report_count"]) == (
        "Campus II", place.building, "abierto", None)
    public = db.web.call("webform.list_public_events", **proof(ticket))
    assert [e["body"] for e in public if e["event_type"] == "respuesta"] == ["El conmutador ya se cambió."]

    wrong = {**proof(ticket), "access_code": "AAAAAAAAAA"}
    assert db.web.call("webform.list_ticket_incident", **wrong) == []
    assert db.web.call("webform.join_incident", **wrong, incident_id=incident_id) == []


def test_yo_tambien_after_the_notice_ended_keeps_a_normal_ticket(db) -> None:
    _, token = insert_staff_session(db, "operador")
    place = new_place(db)
    incident_id = create(db, token, place, add_tickets(db, place, 1))["incident_id"]
    publish(db, token, incident_id, place)
    db.desk.call("staff.withdraw_incident_notice", token=token, incident_id=incident_id)
    ticket = new_ticket(db, campus_id=place.campus_id, location_id=place.location_id, category_id=place.category_id)
    raises("form_incident_not_available", db.web.call, "webform.join_incident", **proof(ticket),
           incident_id=incident_id)
    assert incident_of(db, ticket["ticket_id"]) is None
    assert db.web.call("webform.list_ticket_incident", **proof(ticket)) == []


def test_repeat_failures_per_ticket_and_for_admins(db) -> None:
    set_setting(db, "repeat_failure_count", 3)
    set_setting(db, "repeat_failure_days", 90)
    _, token = insert_staff_session(db, "operador")
    _, admin = insert_staff_session(db, "administrador")
    place = new_place(db)
    tag = f"ITL-{secrets.token_hex(3).upper()}"
    recent = add_tickets(db, place, 3, equipment_tag=tag)
    old = add_tickets(db, place, 1, equipment_tag=tag)[0]
    db.sql("UPDATE app.ticket SET created_at = now() - interval '120 days' WHERE ticket_id = %s",
           "UPDATE app.Ticket SET CreatedAt = DATEADD(DAY, -120, SYSUTCDATETIME()) WHERE TicketId = ?", (old,))
    single = add_tickets(db, place, 1, equipment_tag=f"{tag}-B")[0]

    info = db.desk.call("staff.get_ticket_incident", token=token, ticket_id=recent[0])[0]
    assert (info["incident_id"], info["equipment_tag"], info["failure_count"], info["window_days"]) == (
        None, tag, 3, 90)
    listed = db.desk.call("staff.list_repeat_failure_tickets", token=token, ticket_id=recent[0])
    assert sorted(r["ticket_id"] for r in listed) == sorted(recent)
    assert db.desk.call("staff.get_ticket_incident", token=token, ticket_id=single)[0]["failure_count"] == 0
    assert db.desk.call("staff.list_repeat_failure_tickets", token=token, ticket_id=single) == []

    raises("role_forbidden", db.desk.call, "staff.list_repeat_failures", token=token, campus_id=None)
    rows = [r for r in db.desk.call("staff.list_repeat_failures", token=admin, campus_id=place.campus_id)
            if r["inventory_tag"] == tag]
    assert [(r["campus_name"], r["location_name"], r["failure_count"], r["last_ticket_id"]) for r in rows] == [
        ("Campus II", f"{place.building} Aula 1", 3, max(recent))]
    assert [r for r in db.desk.call("staff.list_repeat_failures", token=admin, campus_id=place.cats.campus["C1"])
            if r["inventory_tag"] == tag] == []
    set_setting(db, "repeat_failure_count", 4)
    assert db.desk.call("staff.get_ticket_incident", token=token, ticket_id=recent[0])[0]["failure_count"] == 0
    set_setting(db, "repeat_failure_days", 180)
    assert db.desk.call("staff.get_ticket_incident", token=token, ticket_id=recent[0])[0]["failure_count"] == 4

    incident_id = create(db, token, place, [recent[0]])["incident_id"]
    info = db.desk.call("staff.get_ticket_incident", token=token, ticket_id=recent[0])[0]
    assert (info["incident_id"], info["incident_status"], info["incident_ticket_count"]) == (incident_id, "abierto", 1)
    raises("ticket_not_found", db.desk.call, "staff.get_ticket_incident", token=token, ticket_id=987654321)
    assert as_json([1]) == "[1]"
