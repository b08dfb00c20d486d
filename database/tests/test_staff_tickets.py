"""Contract tests of the desk's ticket-work procedures (everything but the queue's paging,
the state machine and the authorization matrix, which have their own files).

The module shares one database (tests create their own rows and never count rows they did not
create), which also keeps them valid on the shared SQL Server test database."""

from __future__ import annotations

import secrets
import threading

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    event_count,
    insert_attachment,
    insert_ticket,
    shared_db,  # noqa: F401 (fixture)
    ticket_row,
)

PNG = bytes.fromhex("89504e470d0a1a0a") + b"IHDR" + b"\x00" * 24


def err(key: str) -> int:
    return gateway.error_id(key)


@pytest.fixture(scope="module")
def cats(shared_db):  # noqa: F811
    return catalogs(shared_db)


@pytest.fixture
def ctx(shared_db, cats):  # noqa: F811
    """One database per module (every test arranges its own staff and tickets), a fresh operator."""
    staff_id, token = insert_staff_session(shared_db, "operador")
    return shared_db, cats, staff_id, token


def test_get_ticket_returns_every_field_with_names(ctx) -> None:
    db, cats, _, token = ctx
    ticket = insert_ticket(db, cats, equipment_tag="ITL-0001", requester_name="Beatriz Ramírez")
    row = db.desk.call("staff.get_ticket", token=token, ticket_id=ticket["ticket_id"])[0]
    assert row["folio"] == ticket["folio"]
    assert row["requester_name"] == "Beatriz Ramírez"
    assert row["campus_name"] == "Campus I" and row["location_name"] == "Centro de Cómputo"
    assert row["category_name"] == "Impresoras" and row["priority_name"] == "Media"
    assert row["status_code"] == "nuevo" and bool(row["is_new"])
    assert row["equipment_tag"] == "ITL-0001" and row["row_version"] == 1
    assert row["department_name"] and row["requester_type_name"] == "Alumno(a)"
    assert row["contact_email"] == "ana@leon.tecnm.mx" and row["attachment_count"] == 0


def test_get_ticket_says_which_deadline_is_due_and_whether_it_is_open(ctx) -> None:
    """due_kind names the target due_at stands for (the desk writes «Primera respuesta vence …» /
    «Resolución vence …»); is_open says assign and priority changes would be refused (3008)."""
    db, cats, staff_id, token = ctx
    ticket = insert_ticket(db, cats)
    get = lambda: db.desk.call("staff.get_ticket", token=token, ticket_id=ticket["ticket_id"])[0]  # noqa: E731
    row = get()
    assert row["due_at"] is not None and row["due_kind"] == "primera_respuesta" and bool(row["is_open"])
    db.desk.call("staff.add_comment", token=token, ticket_id=ticket["ticket_id"], row_version=row["row_version"],
                 body="Vamos en camino.", is_public=True)  # the first response
    row = get()
    assert row["due_at"] is not None and row["due_kind"] == "resolucion" and bool(row["is_open"])
    db.desk.call("staff.change_status", token=token, ticket_id=ticket["ticket_id"], row_version=row["row_version"],
                 status_id=cats.status["cancelado"], body=None)
    row = get()
    assert row["due_at"] is None and row["due_kind"] is None and not row["is_open"]
    with pytest.raises(gateway.AppError) as refused:  # what is_open announces
        db.desk.call("staff.assign_ticket", token=token, ticket_id=ticket["ticket_id"],
                     row_version=row["row_version"], assigned_to=staff_id)
    assert refused.value.error_id == err("ticket_not_open")


def test_get_ticket_unknown_is_not_found(ctx) -> None:
    db, _, _, token = ctx
    for proc in ("staff.get_ticket", "staff.list_ticket_events", "staff.list_attachments"):
        with pytest.raises(gateway.AppError) as info:
            db.desk.call(proc, token=token, ticket_id=987654321)
        assert info.value.error_id == err("ticket_not_found")


def test_attachments_list_and_content(ctx) -> None:
    db, cats, _, token = ctx
    ticket = insert_ticket(db, cats)
    first = insert_attachment(db, ticket["ticket_id"], PNG)
    second = insert_attachment(db, ticket["ticket_id"], PNG + b"x")
    listed = db.desk.call("staff.list_attachments", token=token, ticket_id=ticket["ticket_id"])
    assert [a["attachment_id"] for a in listed] == [first, second]
    assert listed[1]["byte_size"] == len(PNG) + 1 and listed[0]["content_type"] == "image/png"
    got = db.desk.call("staff.get_attachment", token=token, attachment_id=second)[0]
    assert bytes(got["content"]) == PNG + b"x" and got["ticket_id"] == ticket["ticket_id"]
    with pytest.raises(gateway.AppError) as info:
        db.desk.call("staff.get_attachment", token=token, attachment_id=99999999)
    assert info.value.error_id == err("attachment_not_found")
    assert db.desk.call("staff.get_ticket", token=token, ticket_id=ticket["ticket_id"])[0]["attachment_count"] == 2


def test_equipment_history_by_tag_excludes_the_ticket_itself(ctx) -> None:
    db, cats, _, token = ctx
    tag = f"ITL-HIST-{secrets.token_hex(3).upper()}"  # unique: the SQL Server database is shared
    older = insert_ticket(db, cats, equipment_tag=tag)
    other = insert_ticket(db, cats, equipment_tag=f"ITL-OTRO-{secrets.token_hex(3).upper()}")
    typed_lower = insert_ticket(db, cats, equipment_tag=tag.lower())
    current = insert_ticket(db, cats, equipment_tag=tag)
    rows = db.desk.call("staff.list_equipment_history", token=token, ticket_id=current["ticket_id"], max_rows=10)
    ids = [r["ticket_id"] for r in rows]
    assert ids == [typed_lower["ticket_id"], older["ticket_id"]]
    assert other["ticket_id"] not in ids
    assert rows[0]["status_name"] == "Nuevo" and rows[0]["folio"] == typed_lower["folio"]
    limited = db.desk.call("staff.list_equipment_history", token=token, ticket_id=current["ticket_id"], max_rows=1)
    assert len(limited) == 1
    no_tag = insert_ticket(db, cats)
    assert db.desk.call("staff.list_equipment_history", token=token, ticket_id=no_tag["ticket_id"], max_rows=5) == []


def test_filter_catalogs_hold_every_catalog_and_transitions(ctx) -> None:
    db, cats, _, token = ctx
    rows = db.desk.call("staff.list_filter_catalogs", token=token)
    by = {}
    for r in rows:
        by.setdefault(r["catalog"], []).append(r)
    assert set(by) == {"status", "campus", "location", "category", "priority", "requester_type", "transition"}
    assert {r["code"] for r in by["status"]} == set(cats.status)
    assert len(by["location"]) == len(cats.location)
    assert all(r["parent_id"] in cats.campus.values() for r in by["location"])
    nuevo = cats.status["nuevo"]
    assert {r["code"] for r in by["transition"] if r["parent_id"] == nuevo} == {"asignado", "en_proceso", "cancelado"}


def test_assignable_staff_counts_open_tickets_and_skips_inactive(ctx) -> None:
    db, cats, staff_id, token = ctx
    inactive_id, _ = insert_staff_session(db, "operador")
    db.sql("UPDATE app.staff_user SET is_active = FALSE WHERE staff_id = %s",
           "UPDATE app.StaffUser SET IsActive = 0 WHERE StaffId = %s", (inactive_id,))
    insert_ticket(db, cats, assigned_to=staff_id, status_id=cats.status["asignado"])
    insert_ticket(db, cats, assigned_to=staff_id, status_id=cats.status["cerrado"])
    rows = {r["staff_id"]: r for r in db.desk.call("staff.list_assignable_staff", token=token)}
    assert inactive_id not in rows
    assert rows[staff_id]["open_tickets"] == 1 and rows[staff_id]["role"] == "operador"


def test_assign_moves_new_ticket_to_assigned_with_one_event(ctx) -> None:
    db, cats, staff_id, token = ctx
    ticket = insert_ticket(db, cats)
    result = db.desk.call("staff.assign_ticket", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                          assigned_to=staff_id)[0]
    assert result["assigned_to"] == staff_id and result["row_version"] == 2
    assert result["status_id"] == cats.status["asignado"]
    assert event_count(db, ticket["ticket_id"]) == 2
    event = db.desk.call("staff.list_ticket_events", token=token, ticket_id=ticket["ticket_id"])[-1]
    assert event["event_type"] == "asignado" and not event["is_public"]
    assert event["assigned_to_name"] == event["actor_name"] and event["new_status_name"] == "Asignado"
    got = db.desk.call("staff.get_ticket", token=token, ticket_id=ticket["ticket_id"])[0]
    assert not got["is_new"]


def test_reassign_and_unassign_keep_status(ctx) -> None:
    db, cats, staff_id, token = ctx
    other_id, _ = insert_staff_session(db, "administrador")
    ticket = insert_ticket(db, cats, status_id=cats.status["en_proceso"], assigned_to=staff_id)
    r = db.desk.call("staff.assign_ticket", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                     assigned_to=other_id)[0]
    assert r["assigned_to"] == other_id and r["status_id"] == cats.status["en_proceso"]
    r = db.desk.call("staff.assign_ticket", token=token, ticket_id=ticket["ticket_id"], row_version=2,
                     assigned_to=None)[0]
    assert r["assigned_to"] is None and r["row_version"] == 3
    assert event_count(db, ticket["ticket_id"]) == 3


@pytest.mark.parametrize(
    ("case", "key"),
    [("inactive", "assignee_invalid"), ("unknown", "assignee_invalid"), ("same", "ticket_no_change"),
     ("closed", "ticket_not_open")],
)
def test_assign_refusals_change_nothing(ctx, case: str, key: str) -> None:
    db, cats, staff_id, token = ctx
    status = cats.status["cerrado"] if case == "closed" else cats.status["asignado"]
    ticket = insert_ticket(db, cats, status_id=status, assigned_to=staff_id)
    target = staff_id
    if case == "inactive":
        target, _ = insert_staff_session(db, "operador")
        db.sql("UPDATE app.staff_user SET is_active = FALSE WHERE staff_id = %s",
               "UPDATE app.StaffUser SET IsActive = 0 WHERE StaffId = %s", (target,))
    elif case == "unknown":
        target = 99999999
    with pytest.raises(gateway.AppError) as info:
        db.desk.call("staff.assign_ticket", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                     assigned_to=target)
    assert info.value.error_id == err(key)
    assert ticket_row(db, ticket["ticket_id"])["row_version"] == 1
    assert event_count(db, ticket["ticket_id"]) == 1


def test_change_priority(ctx) -> None:
    db, cats, _, token = ctx
    ticket = insert_ticket(db, cats)
    r = db.desk.call("staff.change_priority", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                     priority_id=cats.priority["urgente"])[0]
    assert r["priority_id"] == cats.priority["urgente"] and r["row_version"] == 2
    event = db.desk.call("staff.list_ticket_events", token=token, ticket_id=ticket["ticket_id"])[-1]
    assert (event["event_type"], event["old_priority_name"], event["new_priority_name"]) == (
        "prioridad", "Media", "Urgente")
    for priority_id, key in ((cats.priority["urgente"], "ticket_no_change"), (999, "priority_invalid")):
        with pytest.raises(gateway.AppError) as info:
            db.desk.call("staff.change_priority", token=token, ticket_id=ticket["ticket_id"], row_version=2,
                         priority_id=priority_id)
        assert info.value.error_id == err(key)
    assert event_count(db, ticket["ticket_id"]) == 2


def test_internal_note_is_not_a_first_response_but_public_reply_is(ctx) -> None:
    db, cats, _, token = ctx
    ticket = insert_ticket(db, cats)
    db.desk.call("staff.add_comment", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                 body="  Revisar cable  ", is_public=False)
    row = ticket_row(db, ticket["ticket_id"])
    assert row["first_response_at"] is None and row["row_version"] == 2
    db.desk.call("staff.add_comment", token=token, ticket_id=ticket["ticket_id"], row_version=2,
                 body="Vamos en camino", is_public=True)
    row = ticket_row(db, ticket["ticket_id"])
    assert row["first_response_at"] is not None and row["row_version"] == 3
    events = db.desk.call("staff.list_ticket_events", token=token, ticket_id=ticket["ticket_id"])
    assert [(e["event_type"], bool(e["is_public"]), e["body"]) for e in events[1:]] == [
        ("nota", False, "Revisar cable"), ("respuesta", True, "Vamos en camino")]


@pytest.mark.parametrize("body", ["", "   ", None, "x" * 4001])
def test_comment_body_required_and_bounded(ctx, body) -> None:
    db, cats, _, token = ctx
    ticket = insert_ticket(db, cats)
    with pytest.raises(gateway.AppError) as info:
        db.desk.call("staff.add_comment", token=token, ticket_id=ticket["ticket_id"], row_version=1, body=body,
                     is_public=True)
    assert info.value.error_id == err("comment_required")
    assert event_count(db, ticket["ticket_id"]) == 1


def test_stale_row_version_is_a_conflict_and_fresh_data_is_readable(ctx) -> None:
    db, cats, staff_id, token = ctx
    _, other_token = insert_staff_session(db, "operador")
    ticket = insert_ticket(db, cats)
    tid = ticket["ticket_id"]
    # Both operators opened version 1; the first one saves.
    db.desk.call("staff.assign_ticket", token=token, ticket_id=tid, row_version=1, assigned_to=staff_id)
    stale_calls = [
        ("staff.assign_ticket", {"assigned_to": None}),
        ("staff.change_status", {"status_id": cats.status["en_proceso"], "body": None}),
        ("staff.change_priority", {"priority_id": cats.priority["alta"]}),
        ("staff.add_comment", {"body": "Yo lo atiendo", "is_public": True}),
    ]
    for proc, params in stale_calls:
        with pytest.raises(gateway.AppError) as info:
            db.desk.call(proc, token=other_token, ticket_id=tid, row_version=1, **params)
        assert info.value.error_id == err("ticket_conflict"), proc
    assert event_count(db, tid) == 2
    fresh = db.desk.call("staff.get_ticket", token=other_token, ticket_id=tid)[0]
    assert fresh["row_version"] == 2 and fresh["assigned_to"] == staff_id
    r = db.desk.call("staff.change_priority", token=other_token, ticket_id=tid, row_version=fresh["row_version"],
                     priority_id=cats.priority["alta"])[0]
    assert r["row_version"] == 3 and event_count(db, tid) == 3


def test_unknown_ticket_in_mutations_is_not_found(ctx) -> None:
    db, cats, _, token = ctx
    with pytest.raises(gateway.AppError) as info:
        db.desk.call("staff.change_priority", token=token, ticket_id=987654321, row_version=1,
                     priority_id=cats.priority["alta"])
    assert info.value.error_id == err("ticket_not_found")


def test_concurrent_operators_exactly_one_wins(ctx) -> None:
    """8 operators save the same version at once: one succeeds, the rest get 3002; one event."""
    db, cats, _, _ = ctx
    ticket = insert_ticket(db, cats)
    tokens = [insert_staff_session(db, "operador")[1] for _ in range(8)]
    outcomes: list[object] = []
    barrier = threading.Barrier(len(tokens))

    def work(tok: bytes, n: int) -> None:
        barrier.wait()
        try:
            db.desk.call("staff.add_comment", token=tok, ticket_id=ticket["ticket_id"], row_version=1,
                         body=f"Nota {n}", is_public=False)
            outcomes.append("ok")
        except gateway.AppError as exc:
            outcomes.append(exc.error_id)

    threads = [threading.Thread(target=work, args=(t, n)) for n, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert sorted(o for o in outcomes if o != "ok") == [err("ticket_conflict")] * 7
    assert event_count(db, ticket["ticket_id"]) == 2
    assert ticket_row(db, ticket["ticket_id"])["row_version"] == 2
