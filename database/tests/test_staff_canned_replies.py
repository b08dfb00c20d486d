"""Contract tests of the canned replies (respuestas predefinidas): administration, placeholders
filled by the database from the ticket, usage counted, operators limited to using them."""

from __future__ import annotations

import secrets

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket


def err(key: str) -> int:
    return gateway.error_id(key)


def save(db, token: bytes, title: str, body: str, *, reply_id: int | None = None, public: bool = True,
         active: bool = True) -> int:
    rid = int(db.desk.call("staff.save_canned_reply", token=token, canned_reply_id=reply_id, title=title,
                           body=body, is_public=public, is_active=active)[0]["canned_reply_id"])
    if reply_id is None:
        db.on_close(lambda: db.sql("DELETE FROM app.canned_reply WHERE canned_reply_id = %s",
                                   "DELETE FROM app.CannedReply WHERE CannedReplyId = ?", (rid,)))
    return rid


def title(prefix: str = "Respuesta") -> str:
    return f"{prefix} {secrets.token_hex(4)}"


def refused(key: str, fn, *args, **params) -> None:
    with pytest.raises(gateway.AppError) as info:
        fn(*args, **params)
    assert info.value.error_id == err(key), info.value.message


def test_admin_saves_lists_and_edits_a_reply(db) -> None:
    admin_id, admin = insert_staff_session(db, "administrador")
    name = title("Reinicio")
    rid = save(db, admin, name, "Hola {nombre}: reinicie el equipo y avísenos.", public=True)
    rows = {r["canned_reply_id"]: r for r in db.desk.call("staff.list_canned_replies", token=admin,
                                                           include_inactive=True)}
    assert rows[rid]["title"] == name and bool(rows[rid]["is_public"]) and rows[rid]["use_count"] == 0
    save(db, admin, name + " (interna)", "Revisar el cable de red.", reply_id=rid, public=False, active=False)
    row = next(r for r in db.desk.call("staff.list_canned_replies", token=admin, include_inactive=True)
               if r["canned_reply_id"] == rid)
    assert row["title"] == name + " (interna)" and not row["is_public"] and not row["is_active"]
    _, operator = insert_staff_session(db, "operador")
    active = db.desk.call("staff.list_canned_replies", token=operator, include_inactive=False)
    assert rid not in {r["canned_reply_id"] for r in active}  # inactive: no longer offered
    audit = db.sql("SELECT action, target FROM app.admin_audit WHERE staff_id = %s ORDER BY audit_id",
                   "SELECT Action, Target FROM app.AdminAudit WHERE StaffId = ? ORDER BY AuditId", (admin_id,))
    assert [a[0] for a in audit] == ["guardar_respuesta", "guardar_respuesta"]


def test_saving_an_unchanged_reply_writes_nothing(db) -> None:
    """The same title and text again (spaces trimmed): changed is false, no Bitácora line and the
    reply's updated_at is kept; a change of case in the text is a change."""
    admin_id, admin = insert_staff_session(db, "administrador")
    name = title("Sin cambios")
    rid = save(db, admin, name, "Reinicie el equipo.", public=False)

    def saved(**change) -> dict:
        values = {"canned_reply_id": rid, "title": f"  {name} ", "body": " Reinicie el equipo.  ",
                  "is_public": False, "is_active": True, **change}
        return db.desk.call("staff.save_canned_reply", token=admin, **values)[0]

    def stamp() -> object:
        return db.sql("SELECT updated_at FROM app.canned_reply WHERE canned_reply_id = %s",
                      "SELECT UpdatedAt FROM app.CannedReply WHERE CannedReplyId = ?", (rid,))[0][0]

    before = stamp()
    assert saved() == {"canned_reply_id": rid, "changed": False}
    assert stamp() == before
    assert saved(body="reinicie el equipo.")["changed"] is True
    assert saved(body="reinicie el equipo.", is_active=False)["changed"] is True
    audit = db.sql("SELECT action FROM app.admin_audit WHERE staff_id = %s",
                   "SELECT Action FROM app.AdminAudit WHERE StaffId = ?", (admin_id,))
    assert [a[0] for a in audit] == ["guardar_respuesta"] * 3


def test_save_refuses_bad_input_and_operators(db) -> None:
    _, admin = insert_staff_session(db, "administrador")
    _, operator = insert_staff_session(db, "operador")
    call = db.desk.call
    base = {"procedure": "staff.save_canned_reply", "canned_reply_id": None, "is_public": True, "is_active": True}
    refused("role_forbidden", call, token=operator, title=title(), body="Texto válido", **base)
    refused("canned_title_invalid", call, token=admin, title="  a ", body="Texto válido", **base)
    refused("canned_body_invalid", call, token=admin, title=title(), body=" ", **base)
    refused("canned_placeholder_unknown", call, token=admin, title=title(), body="Su correo {correo} ...", **base)
    refused("canned_placeholder_unknown", call, token=admin, title=title(), body="Folio {Folio}", **base)
    name = title()
    save(db, admin, name, "Primera")
    refused("canned_title_taken", call, token=admin, title=name, body="Otra", **base)
    refused("canned_reply_not_found", call, token=admin, title=title(), body="Texto",
            **{**base, "canned_reply_id": 987654})
    refused("role_forbidden", call, "staff.list_canned_replies", token=operator, include_inactive=True)


def test_use_fills_placeholders_from_the_ticket_and_counts(db) -> None:
    cats = catalogs(db)
    _, admin = insert_staff_session(db, "administrador")
    _, operator = insert_staff_session(db, "operador")
    ticket = insert_ticket(db, cats, requester_name="Beatriz Ramírez")
    rid = save(db, admin, title(), "Hola {nombre}: su solicitud {folio} ({lugar}) está «{estado}». {nombre}")
    row = db.desk.call("staff.use_canned_reply", token=operator, canned_reply_id=rid,
                       ticket_id=ticket["ticket_id"])[0]
    assert row["body"] == (f"Hola Beatriz Ramírez: su solicitud {ticket['folio']} (Campus I · Centro de Cómputo) "
                           "está «Nuevo». Beatriz Ramírez")
    assert bool(row["is_public"])
    db.desk.call("staff.use_canned_reply", token=operator, canned_reply_id=rid, ticket_id=ticket["ticket_id"])
    listed = next(r for r in db.desk.call("staff.list_canned_replies", token=operator, include_inactive=False)
                  if r["canned_reply_id"] == rid)
    assert listed["use_count"] == 2 and listed["last_used_at"] is not None


def test_use_refuses_inactive_reply_and_unknown_ticket(db) -> None:
    cats = catalogs(db)
    _, admin = insert_staff_session(db, "administrador")
    _, operator = insert_staff_session(db, "operador")
    ticket = insert_ticket(db, cats)
    rid = save(db, admin, title(), "Texto interno", public=False, active=False)
    refused("canned_reply_unavailable", db.desk.call, procedure="staff.use_canned_reply", token=operator,
            canned_reply_id=rid, ticket_id=ticket["ticket_id"])
    live = save(db, admin, title(), "Texto")
    refused("ticket_not_found", db.desk.call, procedure="staff.use_canned_reply", token=operator,
            canned_reply_id=live, ticket_id=987654321)
    count = db.sql("SELECT use_count FROM app.canned_reply WHERE canned_reply_id = %s",
                   "SELECT UseCount FROM app.CannedReply WHERE CannedReplyId = ?", (live,))[0][0]
    assert count == 0  # a refused use is not counted
