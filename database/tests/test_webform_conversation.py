"""The requester's side of the conversation (issue 13): detail, photos, replies, confirm,
reopen and rate, through the web login; every state rule and every bad input."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import gateway
from tests.support.conversation_data import current, events, move, new_ticket, proof, status_id
from tests.support.database import set_setting
from tests.support.webform_data import (
    JPEG,
    PNG,
    WEBP,
    attachments,
    ids,
    one,
    raises_id,
    unknown_folio,
    valid_ticket,
    web_url,
)

DETAIL_COLUMNS = {
    "folio", "status_code", "status_name", "created_at", "updated_at", "requester_type_name", "category_name",
    "campus_name", "location_name", "location_detail", "equipment_tag", "equipment_description",
    "equipment_condition", "description", "photo_count", "photo_slots", "can_reply", "can_confirm", "can_reopen",
    "reopen_until", "can_rate", "rating", "rated_at",
}
MUTATION_COLUMNS = {"folio", "status_code", "status_name", "occurred_at", "is_replay"}


@pytest.fixture
def setting(db) -> Callable[[str, int], None]:
    """Change an app.setting for one test (set_setting restores it when the test ends)."""
    return lambda key, value: set_setting(db, key, value)


def reply(db, ticket, body="Ya reinicié el equipo y sigue igual.", key=None, **extra):
    rows = db.web.call("webform.add_requester_reply", **proof(ticket), body=body,
                       idempotency_key=key or uuid.uuid4(), **extra)
    assert len(rows) == 1
    return rows[0]


def detail(db, ticket):
    rows = db.web.call("webform.get_ticket_detail", **proof(ticket))
    assert len(rows) == 1
    return rows[0]


# ---- what I reported ---------------------------------------------------------------

def test_detail_shows_what_was_reported_and_the_flags_of_a_new_ticket(db):
    t = new_ticket(db, location_detail="Junto a la ventana", equipment_brand="HP", equipment_serial="SN123",
                   equipment_condition="No enciende", **attachments(("a.png", "image/png", PNG)))
    d = detail(db, t)
    assert set(d) == DETAIL_COLUMNS
    assert (d["folio"], d["status_code"], d["requester_type_name"]) == (t["folio"], "nuevo", "Alumno(a)")
    assert d["description"] == "No puedo entrar al correo institucional desde ayer."
    assert (d["campus_name"], d["category_name"]) == ("Campus I", "Software general")
    assert d["location_name"] and d["location_detail"] == "Junto a la ventana"
    assert d["equipment_description"] == "marca HP, serie SN123" and d["equipment_condition"] == "No enciende"
    assert (d["photo_count"], d["photo_slots"]) == (1, 3)
    assert (d["can_reply"], d["can_confirm"], d["can_reopen"], d["can_rate"]) == (True, False, False, False)
    assert d["reopen_until"] is None and d["rating"] is None
    shown = " ".join(str(v) for v in d.values())
    assert "María" not in shown and "leon.tecnm.mx" not in shown and "19240123" not in shown


def test_detail_of_catalog_equipment_and_resolved_flags(db):
    c_ticket = new_ticket(db)
    c = c_ticket["ids"]
    db.sql("UPDATE app.equipment SET brand = 'Dell', model = 'OptiPlex 7090' WHERE equipment_id = %s",
           "UPDATE app.Equipment SET Brand = N'Dell', Model = N'OptiPlex 7090' WHERE EquipmentId = ?",
           (c["equipment"],))
    t = new_ticket(db, equipment_id=c["equipment"])
    move(db, t, "resuelto", resolved_days_ago=1)
    d = detail(db, t)
    assert d["equipment_description"] == "computadora Dell OptiPlex 7090" and d["equipment_tag"].startswith("WF-")
    assert (d["can_reply"], d["can_confirm"], d["can_reopen"], d["can_rate"]) == (False, True, True, True)
    assert d["reopen_until"] is not None and d["photo_slots"] == 0


def test_detail_miss_gives_no_rows_and_counts_toward_the_lookup_limit(db, setting):
    """Misses through the conversation procedures count like status lookups: per folio (issue 12),
    so after enough wrong codes a wrong code is refused for everyone; the right code still
    works for its owner, for every action (issue 20, finding 6)."""
    t = new_ticket(db)
    setting("status_lookup_folio_failures_per_hour", 2)
    wrong = {**proof(t), "access_code": "ZZZZZZZZZZ"}
    assert db.web.call("webform.get_ticket_detail", **wrong) == []
    assert db.web.call("webform.list_ticket_photos", **wrong) == []
    for proc in ("webform.get_ticket_detail", "webform.get_ticket_status"):
        with pytest.raises(gateway.AppError) as exc:
            db.web.call(proc, **wrong)
        raises_id(exc, "form_status_lookup_folio_rate")
        assert len(db.web.call(proc, **proof(t))) == 1
    assert reply(db, t)


def test_right_code_passes_after_other_peoples_misses_from_the_same_address(db, setting):
    """People behind one campus NAT share an address: misses on other folios do not lock them out."""
    t = new_ticket(db)
    setting("status_lookup_failures_per_hour", 2)
    other = new_ticket(db)
    for _ in range(3):
        assert db.web.call("webform.get_ticket_detail", **{**proof(other), "access_code": "ZZZZZZZZZZ"}) == []
    assert len(db.web.call("webform.get_ticket_detail", **proof(t))) == 1


# ---- photos ------------------------------------------------------------------------

def test_photos_are_served_only_through_short_lived_tokens(db):
    t = new_ticket(db, **attachments(("uno.png", "image/png", PNG), ("dos.jpg", "image/jpeg", JPEG)))
    photos = db.web.call("webform.list_ticket_photos", **proof(t))
    assert [(p["photo_number"], p["file_name"], p["content_type"], p["source"]) for p in photos] == [
        (1, "uno.png", "image/png", "solicitud"), (2, "dos.jpg", "image/jpeg", "solicitud")]
    assert all(isinstance(p["photo_token"], bytes) and len(p["photo_token"]) == 32 for p in photos)
    assert photos[0]["photo_token"] != photos[1]["photo_token"]
    for photo, content in zip(photos, (PNG, JPEG), strict=True):
        got = db.web.call("webform.get_ticket_photo", photo_token=photo["photo_token"])
        assert [(g["content"], g["byte_size"], g["content_type"]) for g in got] == [
            (content, len(content), photo["content_type"])]
        again = db.web.call("webform.get_ticket_photo", photo_token=photo["photo_token"])
        assert len(again) == 1  # thumbnail and full size use the same link
    stored = one(db, "SELECT count(*) FROM app.photo_link", "SELECT COUNT(*) FROM app.PhotoLink")
    assert stored >= 2
    assert db.web.call("webform.get_ticket_photo", photo_token=bytes(32)) == []
    assert db.web.call("webform.get_ticket_photo", photo_token=b"short") == []
    assert db.web.call("webform.get_ticket_photo", photo_token=None) == []
    db.sql("UPDATE app.photo_link SET expires_at = now() - interval '1 second'",
           "UPDATE app.PhotoLink SET ExpiresAt = DATEADD(SECOND, -1, SYSUTCDATETIME())")
    assert db.web.call("webform.get_ticket_photo", photo_token=photos[0]["photo_token"]) == []
    fresh = db.web.call("webform.list_ticket_photos", **proof(t))
    assert len(db.web.call("webform.get_ticket_photo", photo_token=fresh[0]["photo_token"])) == 1
    left = one(db, "SELECT count(*) FROM app.photo_link WHERE expires_at < now()",
               "SELECT COUNT(*) FROM app.PhotoLink WHERE ExpiresAt < SYSUTCDATETIME()")
    assert left == 0  # expired links are deleted when new ones are issued


def test_photo_link_lifetime_is_a_setting(db, setting):
    t = new_ticket(db, **attachments(("uno.png", "image/png", PNG)))
    setting("photo_link_minutes", 3)
    photo = db.web.call("webform.list_ticket_photos", **proof(t))[0]
    minutes = (photo["expires_at"] - photo["created_at"]).total_seconds() / 60
    assert 2.5 < minutes < 10


# ---- reply -------------------------------------------------------------------------

def test_reply_is_a_public_requester_event_and_marks_the_ticket(db):
    t = new_ticket(db)
    _, version = current(db, t)
    row = reply(db, t, body="  Ya reinicié el equipo y sigue igual.\nGracias.  ")
    assert set(row) == MUTATION_COLUMNS
    assert (row["folio"], row["status_code"], row["is_replay"]) == (t["folio"], "nuevo", False)
    assert events(db, t)[-1] == (
        "solicitante", True, None, None, None, "Ya reinicié el equipo y sigue igual.\nGracias.")
    public = db.web.call("webform.list_public_events", **proof(t))
    assert public[-1]["event_type"] == "solicitante" and public[-1]["body"].startswith("Ya reinicié")
    code, new_version = current(db, t)
    assert (code, new_version) == ("nuevo", version + 1)
    replied = one(db, "SELECT requester_replied_at FROM app.ticket WHERE ticket_id = %s",
                  "SELECT RequesterRepliedAt FROM app.Ticket WHERE TicketId = ?", (t["ticket_id"],))
    assert replied is not None


def test_reply_twice_with_one_key_makes_one_message(db):
    t = new_ticket(db)
    key = uuid.uuid4()
    first = reply(db, t, key=key, **attachments(("a.png", "image/png", PNG)))
    second = reply(db, t, key=key, **attachments(("a.png", "image/png", PNG)))
    assert (first["is_replay"], second["is_replay"]) == (False, True)
    assert first["occurred_at"] == second["occurred_at"]
    assert [e[0] for e in events(db, t)].count("solicitante") == 1
    assert detail(db, t)["photo_count"] == 1
    # the same key with another text is a changed message sent again: said, not swallowed (issue 20)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t, key=key, body="Otro mensaje distinto del primero.")
    raises_id(exc, "reply_idempotency_mismatch")
    other = new_ticket(db)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, other, key=key)
    raises_id(exc, "form_request_key_missing")


@pytest.mark.parametrize("held_from", ["asignado", "en_proceso"])
def test_reply_while_waiting_goes_back_to_the_previous_status(db, held_from):
    t = new_ticket(db)
    move(db, t, "en_espera", from_code=held_from)
    row = reply(db, t)
    assert row["status_code"] == held_from
    assert current(db, t)[0] == held_from
    last = events(db, t)[-1]
    assert last[:5] == ("solicitante", True, None, "en_espera", held_from)
    public = db.web.call("webform.list_public_events", **proof(t))
    assert public[-1]["status_name"] == db.sql("SELECT name FROM app.status WHERE code = %s",
                                               "SELECT Name FROM app.Status WHERE Code = ?", (held_from,))[0][0]


def test_reply_while_waiting_without_history_goes_to_en_proceso(db):
    t = new_ticket(db)
    db.sql("UPDATE app.ticket SET status_id = %s WHERE ticket_id = %s",
           "UPDATE app.Ticket SET StatusId = ? WHERE TicketId = ?", (status_id(db, "en_espera"), t["ticket_id"]))
    assert reply(db, t)["status_code"] == "en_proceso"


@pytest.mark.parametrize("code", ["resuelto", "cerrado", "cancelado"])
def test_reply_is_refused_on_closed_tickets(db, code):
    t = new_ticket(db)
    move(db, t, code)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t)
    raises_id(exc, "reply_ticket_closed")
    assert "solicitante" not in [e[0] for e in events(db, t)]


@pytest.mark.parametrize(("body", "key"), [
    (None, "reply_body_length"), ("   ", "reply_body_length"), ("x", "reply_body_length"),
    ("x" * 4001, "reply_body_length"), ("Hola\x07mundo", "form_control_characters"),
])
def test_reply_body_is_checked(db, body, key):
    t = new_ticket(db)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t, body=body)
    raises_id(exc, key)


def test_reply_body_limits_at_n_and_n_plus_one(db):
    t = new_ticket(db)
    assert reply(db, t, body="ok")["is_replay"] is False
    assert reply(db, t, body="x" * 4000)["is_replay"] is False


def lookup_misses(db) -> int:
    return one(db, "SELECT count(*) FROM app.status_lookup_log", "SELECT COUNT(*) FROM app.StatusLookupLog")


def test_a_wrong_code_changes_nothing_and_is_counted_as_a_miss(db):
    t = new_ticket(db)
    move(db, t, "resuelto")
    wrong = {**proof(t), "access_code": "ZZZZZZZZZZ"}
    before = lookup_misses(db)
    assert db.web.call("webform.add_requester_reply", **wrong, body="Hola de nuevo",
                       idempotency_key=uuid.uuid4()) == []
    assert db.web.call("webform.confirm_resolution", **wrong) == []
    assert db.web.call("webform.reopen_ticket", **wrong, body="Sigue igual", idempotency_key=uuid.uuid4()) == []
    assert db.web.call("webform.rate_ticket", **wrong, rating=5, comment=None) == []
    assert db.web.call("webform.confirm_resolution", **{**proof(t), "folio": unknown_folio()}) == []
    assert lookup_misses(db) == before + 5
    assert current(db, t)[0] == "resuelto"
    assert [e[0] for e in events(db, t)] == ["creado", "estado"]


def test_reply_needs_request_keys(db):
    t = new_ticket(db)
    for bad in ({"idempotency_key": None}, {"client_key": " "}):
        with pytest.raises(gateway.AppError) as exc:
            db.web.call("webform.add_requester_reply", **{**proof(t), "body": "Hola de nuevo",
                                                          "idempotency_key": uuid.uuid4(), **bad})
        raises_id(exc, "form_request_key_missing")


def test_reply_photos_follow_the_submit_rules(db, setting):
    t = new_ticket(db, **attachments(("a.png", "image/png", PNG)))
    row = reply(db, t, **attachments(("b.webp", "image/webp", WEBP), ("c.jpg", "image/jpeg", JPEG)))
    assert row["is_replay"] is False
    photos = db.web.call("webform.list_ticket_photos", **proof(t))
    assert [(p["file_name"], p["source"]) for p in photos] == [
        ("a.png", "solicitud"), ("b.webp", "mensaje"), ("c.jpg", "mensaje")]
    linked = one(db, "SELECT count(*) FROM app.attachment WHERE ticket_id = %s AND event_id IS NOT NULL",
                 "SELECT COUNT(*) FROM app.Attachment WHERE TicketId = ? AND EventId IS NOT NULL", (t["ticket_id"],))
    assert linked == 2
    for files, key in (
        ((("x.png", "image/png", JPEG),), "form_attachment_content"),
        ((("x.gif", "image/gif", PNG),), "form_attachment_type"),
        ((("x.png", "image/png", b""),), "form_attachment_incomplete"),
    ):
        with pytest.raises(gateway.AppError) as exc:
            reply(db, t, **attachments(*files))
        raises_id(exc, key)
    setting("attachment_max_count", 1)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t, **attachments(("x.png", "image/png", PNG), ("y.png", "image/png", PNG)))
    raises_id(exc, "form_attachment_too_many")
    setting("attachment_max_bytes", len(PNG) - 1)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t, **attachments(("x.png", "image/png", PNG)))
    raises_id(exc, "form_attachment_too_big")
    setting("attachment_max_bytes", 3145728)
    setting("attachment_max_per_ticket", 3)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t, **attachments(("x.png", "image/png", PNG)))
    raises_id(exc, "reply_attachment_total")
    assert detail(db, t)["photo_slots"] == 0
    assert reply(db, t)["is_replay"] is False  # a message without photos is still accepted
    assert detail(db, t)["photo_count"] == 3


def test_replies_share_the_submission_rate_limit(db, setting):
    t = new_ticket(db)
    setting("submit_client_per_hour", 2)
    reply(db, t)
    reply(db, t)
    with pytest.raises(gateway.AppError) as exc:
        reply(db, t)
    raises_id(exc, "form_submit_rate_client")
    assert [e[0] for e in events(db, t)].count("solicitante") == 2


# ---- confirm -----------------------------------------------------------------------

def test_confirm_closes_a_resolved_ticket_once(db):
    t = new_ticket(db)
    move(db, t, "resuelto")
    row = db.web.call("webform.confirm_resolution", **proof(t))[0]
    assert (row["status_code"], row["is_replay"]) == ("cerrado", False)
    assert events(db, t)[-1] == ("confirmado", True, None, "resuelto", "cerrado", None)
    closed = one(db, "SELECT closed_at FROM app.ticket WHERE ticket_id = %s",
                 "SELECT ClosedAt FROM app.Ticket WHERE TicketId = ?", (t["ticket_id"],))
    assert closed is not None
    again = db.web.call("webform.confirm_resolution", **proof(t))[0]
    assert (again["status_code"], again["is_replay"]) == ("cerrado", True)
    assert [e[0] for e in events(db, t)].count("confirmado") == 1


def _requester_move(db, actor: str, from_code: str, to_code: str, allowed: bool) -> None:
    """Remove (allowed=False) or put back one requester row of app.status_transition; restored at the end."""
    params = (status_id(db, from_code), status_id(db, to_code), actor)
    insert = ("INSERT INTO app.status_transition (from_status_id, to_status_id, admin_only, actor) "
              "VALUES (%s, %s, FALSE, %s)",
              "INSERT INTO app.StatusTransition (FromStatusId, ToStatusId, AdminOnly, Actor) VALUES (?, ?, 0, ?)")
    delete = ("DELETE FROM app.status_transition WHERE from_status_id = %s AND to_status_id = %s AND actor = %s",
              "DELETE FROM app.StatusTransition WHERE FromStatusId = ? AND ToStatusId = ? AND Actor = ?")
    db.sql(*(insert if allowed else delete), params)
    db.on_close(lambda: db.sql(*(delete if allowed else insert), params))


@pytest.mark.parametrize(("action", "actor"), [("confirm_resolution", "solicitante_confirma"),
                                               ("reopen_ticket", "solicitante_reabre")])
def test_the_requesters_moves_come_from_status_transition(db, action, actor):
    """One rule, one place: without its row of app.status_transition the web action is refused,
    and the ticket's detail no longer offers it; the staff's move between the same statuses stays."""
    t = new_ticket(db)
    move(db, t, "resuelto")
    target = "cerrado" if actor == "solicitante_confirma" else "en_proceso"
    _requester_move(db, actor, "resuelto", target, allowed=False)
    assert not detail(db, t)["can_confirm" if actor == "solicitante_confirma" else "can_reopen"]
    params = proof(t) if action == "confirm_resolution" else {
        **proof(t), "body": "Sigue sin funcionar.", "idempotency_key": uuid.uuid4()}
    with pytest.raises(gateway.AppError) as exc:
        db.web.call(f"webform.{action}", **params)
    raises_id(exc, "confirm_not_resolved" if action == "confirm_resolution" else "reopen_not_resolved")
    assert current(db, t)[0] == "resuelto"


def test_a_reply_from_hold_follows_the_requesters_rows(db):
    """Back to the status the ticket was put on hold from when a 'solicitante_responde' row leads there;
    without that row, to the row's target latest in the status order (en_proceso)."""
    t = new_ticket(db)
    move(db, t, "en_espera", from_code="asignado")
    reply(db, t)
    assert current(db, t)[0] == "asignado"
    move(db, t, "en_espera")
    _requester_move(db, "solicitante_responde", "en_espera", "asignado", allowed=False)
    reply(db, t)
    assert current(db, t)[0] == "en_proceso"


@pytest.mark.parametrize("code", ["nuevo", "asignado", "en_proceso", "en_espera", "cancelado"])
def test_confirm_is_refused_unless_resolved(db, code):
    t = new_ticket(db)
    if code != "nuevo":
        move(db, t, code)
    with pytest.raises(gateway.AppError) as exc:
        db.web.call("webform.confirm_resolution", **proof(t))
    raises_id(exc, "confirm_not_resolved")
    assert current(db, t)[0] == code


# ---- reopen ------------------------------------------------------------------------


def reopen(db, t, body="Sigue sin funcionar el correo.", key=None):
    return db.web.call("webform.reopen_ticket", **proof(t), body=body, idempotency_key=key or uuid.uuid4())[0]


def stamps(db, t) -> dict[str, Any]:
    """The ticket's timestamps that the requester's moves (app.move_ticket_status) may touch."""
    row = db.sql("SELECT resolved_at, closed_at, requester_replied_at, updated_at FROM app.ticket WHERE ticket_id = %s",
                 "SELECT ResolvedAt, ClosedAt, RequesterRepliedAt, UpdatedAt FROM app.Ticket WHERE TicketId = ?",
                 (t["ticket_id"],))[0]
    return dict(zip(("resolved", "closed", "replied", "updated"), row, strict=True))


def test_requester_moves_stamp_the_ticket_as_staff_change_status_does(db):
    # A reply on hold: back to an open status, only the reply time and updated_at change.
    t = new_ticket(db)
    move(db, t, "en_espera", from_code="en_proceso")
    row = reply(db, t)
    after = stamps(db, t)
    assert row["status_code"] == "en_proceso"
    assert (after["resolved"], after["closed"]) == (None, None)
    assert after["replied"] == after["updated"] == row["occurred_at"]
    # Confirm: closed_at is the event's time, resolved_at and the reply time are kept.
    move(db, t, "resuelto")
    resolved = stamps(db, t)
    row = db.web.call("webform.confirm_resolution", **proof(t))[0]
    after = stamps(db, t)
    assert (after["resolved"], after["replied"]) == (resolved["resolved"], resolved["replied"])
    assert after["closed"] == after["updated"] == row["occurred_at"]
    # Reopen (from 'resuelto', closed_at set by hand as after an old close): both cleared.
    t = new_ticket(db)
    move(db, t, "resuelto")
    db.sql("UPDATE app.ticket SET closed_at = now() WHERE ticket_id = %s",
           "UPDATE app.Ticket SET ClosedAt = SYSUTCDATETIME() WHERE TicketId = ?", (t["ticket_id"],))
    row = reopen(db, t)
    after = stamps(db, t)
    assert (after["resolved"], after["closed"]) == (None, None)
    assert after["replied"] == after["updated"] == row["occurred_at"]


def test_reopen_within_the_window_goes_back_to_en_proceso(db):
    t = new_ticket(db)
    move(db, t, "resuelto", resolved_days_ago=6.9)
    _, version = current(db, t)
    key = uuid.uuid4()
    row = reopen(db, t, key=key)
    assert (row["status_code"], row["is_replay"]) == ("en_proceso", False)
    assert current(db, t) == ("en_proceso", version + 1)
    assert events(db, t)[-1] == ("reabierto", True, None, "resuelto", "en_proceso", "Sigue sin funcionar el correo.")
    resolved = one(db, "SELECT resolved_at FROM app.ticket WHERE ticket_id = %s",
                   "SELECT ResolvedAt FROM app.Ticket WHERE TicketId = ?", (t["ticket_id"],))
    assert resolved is None
    assert reopen(db, t, key=key)["is_replay"] is True  # double click
    with pytest.raises(gateway.AppError) as exc:  # the same key, another reason (issue 20)
        reopen(db, t, key=key, body="Ahora falla otra cosa distinta.")
    raises_id(exc, "reply_idempotency_mismatch")
    assert [e[0] for e in events(db, t)].count("reabierto") == 1


def test_reopen_after_the_window_is_refused(db, setting):
    t = new_ticket(db)
    move(db, t, "resuelto", resolved_days_ago=7.01)
    with pytest.raises(gateway.AppError) as exc:
        reopen(db, t)
    raises_id(exc, "reopen_window_expired")
    assert current(db, t)[0] == "resuelto"
    d = detail(db, t)
    assert (d["can_reopen"], d["reopen_until"], d["can_confirm"]) == (False, None, True)
    setting("reopen_window_days", 10)
    assert detail(db, t)["can_reopen"] is True
    assert reopen(db, t)["status_code"] == "en_proceso"


@pytest.mark.parametrize("code", ["nuevo", "en_proceso", "en_espera", "cerrado", "cancelado"])
def test_reopen_is_refused_unless_resolved(db, code):
    t = new_ticket(db)
    if code != "nuevo":
        move(db, t, code)
    with pytest.raises(gateway.AppError) as exc:
        reopen(db, t)
    raises_id(exc, "reopen_not_resolved")


@pytest.mark.parametrize(("body", "key"), [
    (None, "reply_body_length"), ("", "reply_body_length"), ("x" * 4001, "reply_body_length"),
    ("No\x1bfunciona", "form_control_characters"),
])
def test_reopen_needs_a_message(db, body, key):
    t = new_ticket(db)
    move(db, t, "resuelto")
    with pytest.raises(gateway.AppError) as exc:
        reopen(db, t, body=body)
    raises_id(exc, key)
    assert current(db, t)[0] == "resuelto"


# ---- rate --------------------------------------------------------------------------

def rate(db, t, rating, comment=None):
    return db.web.call("webform.rate_ticket", **proof(t), rating=rating, comment=comment)[0]


@pytest.mark.parametrize("code", ["resuelto", "cerrado"])
def test_one_rating_per_ticket(db, code):
    staff_id = one(db, "INSERT INTO app.staff_user (username, full_name, role, salt, iterations, verifier) "
                   "VALUES (%s, 'Operadora Uno', 'operador', %s, 600000, %s) RETURNING staff_id",
                   "INSERT INTO app.StaffUser (Username, FullName, Role, Salt, Iterations, Verifier) "
                   "OUTPUT INSERTED.StaffId VALUES (?, N'Operadora Uno', N'operador', ?, 600000, ?)",
                   (f"op{uuid.uuid4().hex[:8]}", bytes(16), bytes(32)))
    t = new_ticket(db)
    move(db, t, code, assigned_to=staff_id)
    _, version = current(db, t)
    row = rate(db, t, 4, "  Rápido y amable.  ")
    assert (row["status_code"], row["is_replay"]) == (code, False)
    stored = db.sql("SELECT rating, comment, operator_id FROM app.ticket_rating WHERE ticket_id = %s",
                    "SELECT Rating, Comment, OperatorId FROM app.TicketRating WHERE TicketId = ?", (t["ticket_id"],))
    assert [tuple(r) for r in stored] == [(4, "Rápido y amable.", staff_id)]
    assert events(db, t)[-1] == ("calificado", False, None, None, None, None)
    assert current(db, t)[1] == version  # the ticket itself does not change
    d = detail(db, t)
    assert (d["rating"], d["can_rate"]) == (4, False) and d["rated_at"] is not None
    with pytest.raises(gateway.AppError) as exc:
        rate(db, t, 5)
    raises_id(exc, "rating_already_given")
    assert db.web.call("webform.list_public_events", **proof(t))[-1]["event_type"] != "calificado"


@pytest.mark.parametrize("code", ["nuevo", "asignado", "en_proceso", "en_espera", "cancelado"])
def test_rating_only_resolved_or_closed(db, code):
    t = new_ticket(db)
    if code != "nuevo":
        move(db, t, code)
    with pytest.raises(gateway.AppError) as exc:
        rate(db, t, 5)
    raises_id(exc, "rating_not_allowed")


@pytest.mark.parametrize(("rating", "comment", "key"), [
    (0, None, "rating_invalid"), (6, None, "rating_invalid"), (None, None, "rating_invalid"),
    (-1, None, "rating_invalid"), (3, "x" * 1001, "rating_comment_too_long"),
    (3, "Bien\x01", "form_control_characters"),
])
def test_rating_input_is_checked(db, rating, comment, key):
    t = new_ticket(db)
    move(db, t, "resuelto")
    with pytest.raises(gateway.AppError) as exc:
        rate(db, t, rating, comment)
    raises_id(exc, key)


def test_rating_bounds_at_n(db):
    for rating, comment in ((1, "x" * 1000), (5, None)):
        t = new_ticket(db)
        move(db, t, "cerrado")
        assert rate(db, t, rating, comment)["is_replay"] is False


# ---- concurrency -------------------------------------------------------------------

def test_two_concurrent_replies_with_one_key_make_one_message(db):
    t = new_ticket(db)
    move(db, t, "en_espera", from_code="en_proceso")
    key = uuid.uuid4()
    with ThreadPoolExecutor(max_workers=2) as pool:
        rows = list(pool.map(lambda _: reply(db, t, key=key), range(2)))
    assert sorted(r["is_replay"] for r in rows) == [False, True]
    assert {r["status_code"] for r in rows} == {"en_proceso"}
    assert [e[0] for e in events(db, t)].count("solicitante") == 1


def test_two_concurrent_ratings_make_one(db):
    t = new_ticket(db)
    move(db, t, "resuelto")

    def attempt(value: int) -> str:
        try:
            rate(db, t, value)
            return "ok"
        except gateway.AppError as exc:
            return "refused" if exc.error_id == gateway.error_id("rating_already_given") else str(exc)

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(attempt, (2, 5)))
    assert outcomes == ["ok", "refused"]
    assert one(db, "SELECT count(*) FROM app.ticket_rating WHERE ticket_id = %s",
               "SELECT COUNT(*) FROM app.TicketRating WHERE TicketId = ?", (t["ticket_id"],)) == 1


@pytest.mark.parametrize("mix", ["replies", "replies_and_submissions"])
def test_client_limit_is_exact_for_40_concurrent_writes(db, setting, mix):
    """The per-client limit is one rule (app.check_submit_rate) that serializes one client's
    writes: 40 simultaneous replies on 40 tickets (no shared ticket row lock), or 20 replies and
    20 new tickets, from one client against a limit of 20 -> exactly 20 accepted."""
    workers = 40
    tickets = [new_ticket(db) for _ in range(workers)]
    c = ids(db)
    client = f"burst-{uuid.uuid4()}"
    setting("submit_client_per_hour", 20)
    pool = {"min_size": workers} if db.dialect == "pg" else {}
    gw = gateway.connect(web_url(db), max_size=workers, timeout=120, **pool)
    try:
        barrier = threading.Barrier(workers)
        accepted: list[str] = []
        refused: list[int] = []
        other: list[BaseException] = []

        def worker(n: int) -> None:
            gw.call("webform.list_catalog_items")  # warm-up: the pool opens its connections
            barrier.wait()
            try:
                if mix == "replies_and_submissions" and n % 2:
                    row = gw.call("webform.submit_ticket", idempotency_key=uuid.uuid4(), client_key=client,
                                  **valid_ticket(c))[0]
                else:
                    row = gw.call("webform.add_requester_reply", **{**proof(tickets[n]), "client_key": client},
                                  body=f"Mensaje número {n}.", idempotency_key=uuid.uuid4())[0]
                accepted.append(row["folio"])
            except gateway.AppError as exc:
                refused.append(exc.error_id)
            except BaseException as exc:  # reported by the assertion below
                other.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        gw.close()
    print(f"\n40 escrituras simultáneas de un cliente ({mix}, límite 20): {len(accepted)} aceptadas, "
          f"{len(refused)} rechazadas")
    assert other == []
    assert len(accepted) == 20
    assert refused == [gateway.error_id("form_submit_rate_client")] * 20
    logged = one(db, "SELECT count(*) FROM app.submission_log WHERE client_key = sha256(convert_to(%s, 'UTF8'))",
                 "SELECT COUNT(*) FROM app.SubmissionLog "
                 "WHERE ClientKey = HASHBYTES('SHA2_256', CAST(? AS VARCHAR(200)))", (client,))
    assert logged == 20
    messages = sum([e[0] for e in events(db, t)].count("solicitante") for t in tickets)
    assert messages == (20 if mix == "replies" else sum(1 for f in accepted if f in {t["folio"] for t in tickets}))
