"""staff.list_queue's per-row marks (seen by me, due time and overdue, requester answered,
excerpt, place), the "vencidas" filter, the optional total count, staff.mark_ticket_seen and
staff.count_new_tickets. One database for the module; every test narrows the queue to its own
tickets with a unique requester-name prefix, so the tests also hold on a shared SQL Server."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    insert_ticket,
    list_queue,
    shared_db,  # noqa: F401 (fixture)
)
from tests.support.work_calendar import round_the_clock


@pytest.fixture(scope="module")
def world(shared_db):  # noqa: F811
    db = shared_db
    me, token = insert_staff_session(db, "operador")
    round_the_clock(db)  # working time = wall-clock time here; test_work_clock covers the hours
    return {"db": db, "cats": catalogs(db), "me": me, "token": token}


def prefix() -> str:
    return f"Qm{secrets.token_hex(3)}"


def queue(world, name: str, token: bytes | None = None, **params):
    return list_queue(world["db"].desk, token or world["token"], search=name, **params)


def by_id(rows) -> dict[int, dict]:
    return {r["ticket_id"]: r for r in rows}


def age_ticket(db, ticket_id: int, hours: float, responded: bool = False) -> None:
    """Move the ticket's creation (and, if asked, a first response) into the past."""
    db.sql(
        "UPDATE app.ticket SET created_at = now() - make_interval(mins => %s), "
        "first_response_at = CASE WHEN %s THEN now() ELSE NULL END WHERE ticket_id = %s",
        "UPDATE app.Ticket SET CreatedAt = DATEADD(MINUTE, -%s, SYSUTCDATETIME()), "
        "FirstResponseAt = CASE WHEN %s = 1 THEN SYSUTCDATETIME() ELSE NULL END WHERE TicketId = %s",
        (int(hours * 60), responded, ticket_id),
    )


def test_row_has_place_excerpt_and_requester_name(world) -> None:
    name = prefix()
    text = "La impresora\r\ndel laboratorio\tno imprime " + "x" * 300
    t = insert_ticket(world["db"], world["cats"], requester_name=f"{name} Rosa", description=text)
    row = queue(world, name)[0]
    assert row["ticket_id"] == t["ticket_id"] and row["requester_name"] == f"{name} Rosa"
    assert row["description_excerpt"] == text.replace("\r", " ").replace("\n", " ").replace("\t", " ")[:140]
    assert row["campus_name"] == "Campus I" and row["location_name"] == "Centro de Cómputo"
    assert row["location_detail"] is None and row["total_count"] is None


def test_due_time_and_overdue_follow_the_priority_targets(world) -> None:
    """media: 8 h to respond, 72 h to resolve; urgente: 1 h / 8 h. Closed tickets are never due."""
    db, cats, name = world["db"], world["cats"], prefix()
    mk = {}
    for key, priority, status in [
        ("fresh", "media", "nuevo"), ("late_reply", "media", "nuevo"), ("answered", "media", "en_proceso"),
        ("late_fix", "urgente", "en_proceso"), ("closed", "urgente", "cerrado"),
    ]:
        mk[key] = insert_ticket(db, cats, requester_name=f"{name} {key}", priority_id=cats.priority[priority],
                                status_id=cats.status[status])["ticket_id"]
    age_ticket(db, mk["fresh"], 1)
    age_ticket(db, mk["late_reply"], 9)  # past the 8 h response target, nobody answered
    age_ticket(db, mk["answered"], 9, responded=True)  # answered: the 72 h resolution target applies
    age_ticket(db, mk["late_fix"], 9, responded=True)  # past urgente's 8 h resolution target
    age_ticket(db, mk["closed"], 100)
    rows = by_id(queue(world, name))
    overdue = {k for k, tid in mk.items() if rows[tid]["is_overdue"]}
    assert overdue == {"late_reply", "late_fix"}
    now = datetime.now(UTC)
    fresh_due = rows[mk["fresh"]]["due_at"]
    fresh_due = fresh_due if fresh_due.tzinfo else fresh_due.replace(tzinfo=UTC)
    assert timedelta(hours=6, minutes=50) < fresh_due - now < timedelta(hours=7, minutes=10)
    answered_due = rows[mk["answered"]]["due_at"]
    answered_due = answered_due if answered_due.tzinfo else answered_due.replace(tzinfo=UTC)
    assert timedelta(hours=62, minutes=50) < answered_due - now < timedelta(hours=63, minutes=10)
    assert rows[mk["closed"]]["due_at"] is None and not rows[mk["closed"]]["is_overdue"]

    only = queue(world, name, only_overdue=True, with_total=True)
    assert sorted(r["ticket_id"] for r in only) == sorted([mk["late_reply"], mk["late_fix"]])
    assert {r["total_count"] for r in only} == {2}


def test_total_count_ignores_paging(world) -> None:
    db, cats, name = world["db"], world["cats"], prefix()
    made = [insert_ticket(db, cats, requester_name=f"{name} {n}")["ticket_id"] for n in range(5)]
    first = queue(world, name, page_size=2, with_total=True)
    assert [r["ticket_id"] for r in first] == sorted(made, reverse=True)[:2]
    assert {r["total_count"] for r in first} == {5} and first[0]["has_more"]
    last = first[-1]
    second = queue(world, name, page_size=2, with_total=True, after_value=last["sort_value"],
                   after_ticket_id=last["ticket_id"])
    assert {r["total_count"] for r in second} == {5}
    assert queue(world, name, page_size=2)[0]["total_count"] is None


def test_requester_answered_when_latest_public_event_is_theirs(world) -> None:
    db, cats, name = world["db"], world["cats"], prefix()
    t = insert_ticket(db, cats, requester_name=f"{name} R")["ticket_id"]
    assert not queue(world, name)[0]["requester_answered"]
    # The requester's reply ('solicitante', written by the web form's procedure on branch req13db)
    # is arranged directly; the event type's CHECK may not list it yet on this branch.
    has_type = db.sql(
        "SELECT count(*) FROM pg_constraint WHERE conname = 'ck_app_ticket_event_type' "
        "AND pg_get_constraintdef(oid) LIKE '%%solicitante%%'",
        "SELECT COUNT(*) FROM sys.check_constraints WHERE name = 'CK_App_TicketEvent_Type' "
        "AND definition LIKE '%%solicitante%%'",
    )[0][0]
    if not has_type:
        if db.dialect != "pg":
            pytest.skip("la base compartida de SQL Server aún no acepta eventos 'solicitante' (V011)")
        db.sql("ALTER TABLE app.ticket_event DROP CONSTRAINT ck_app_ticket_event_type")  # this module's database
    db.sql("INSERT INTO app.ticket_event (ticket_id, event_type, is_public, body) "
           "VALUES (%s, 'solicitante', TRUE, 'Sigue sin imprimir')",
           "INSERT INTO app.TicketEvent (TicketId, EventType, IsPublic, Body) "
           "VALUES (%s, N'solicitante', 1, N'Sigue sin imprimir')", (t,))
    assert queue(world, name)[0]["requester_answered"]
    db.desk.call("staff.add_comment", token=world["token"], ticket_id=t, row_version=1,
                 body="Nota interna", is_public=False)
    assert queue(world, name)[0]["requester_answered"], "an internal note does not answer the requester"
    db.desk.call("staff.add_comment", token=world["token"], ticket_id=t, row_version=2,
                 body="Ya quedó, revise por favor", is_public=True)
    assert not queue(world, name)[0]["requester_answered"]


def test_seen_is_per_operator_and_only_for_open_tickets(world) -> None:
    db, cats, name = world["db"], world["cats"], prefix()
    open_t = insert_ticket(db, cats, requester_name=f"{name} A")["ticket_id"]
    closed_t = insert_ticket(db, cats, requester_name=f"{name} B", status_id=cats.status["cerrado"])["ticket_id"]
    rows = by_id(queue(world, name))
    assert rows[open_t]["is_new"] and not rows[closed_t]["is_new"]
    db.desk.call("staff.mark_ticket_seen", token=world["token"], ticket_id=open_t)
    db.desk.call("staff.mark_ticket_seen", token=world["token"], ticket_id=open_t)  # again: no error
    assert not by_id(queue(world, name))[open_t]["is_new"]
    _, other = insert_staff_session(db, "administrador")
    assert by_id(queue(world, name, token=other))[open_t]["is_new"]


def test_mark_ticket_seen_unknown_ticket(world) -> None:
    with pytest.raises(gateway.AppError) as info:
        world["db"].desk.call("staff.mark_ticket_seen", token=world["token"], ticket_id=-5)
    assert info.value.error_id == gateway.error_id("ticket_not_found")


def test_count_new_tickets_after_a_watermark(world) -> None:
    db, cats, name = world["db"], world["cats"], prefix()
    _, token = insert_staff_session(db, "operador")
    start = db.desk.call("staff.count_new_tickets", token=token, after_ticket_id=None)[0]
    assert start["new_count"] == 0 and start["last_ticket_id"] >= 0
    a = insert_ticket(db, cats, requester_name=f"{name} A")["ticket_id"]
    b = insert_ticket(db, cats, requester_name=f"{name} B")["ticket_id"]
    insert_ticket(db, cats, requester_name=f"{name} C", status_id=cats.status["cancelado"])
    got = db.desk.call("staff.count_new_tickets", token=token, after_ticket_id=start["last_ticket_id"])[0]
    # Other tests' tickets may arrive in between on a shared database: at least ours are counted.
    assert got["new_count"] >= 2 and got["last_ticket_id"] > b
    db.desk.call("staff.mark_ticket_seen", token=token, ticket_id=a)
    again = db.desk.call("staff.count_new_tickets", token=token, after_ticket_id=a - 1)[0]
    mine_after = db.desk.call("staff.count_new_tickets", token=token, after_ticket_id=b)[0]
    assert again["new_count"] == mine_after["new_count"] + 1  # b only; a was opened, c is cancelled
