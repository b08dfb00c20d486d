"""Bulk actions (desktop/services/bulk_service.py) against a real database: every ticket goes
through the single-change procedure with the row_version the operator saw; refusals are per
ticket; two operators bulk-changing overlapping tickets at the same time lose no update."""

from __future__ import annotations

import os
import threading

import pytest

import gateway
from desktop.services import bulk_service
from desktop.services.bulk_service import BulkTicket, run_bulk
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    event_count,
    insert_ticket,
    shared_db,  # noqa: F401 (fixture)
    staff_call,
    ticket_row,
)


@pytest.fixture(scope="module")
def cats(shared_db):  # noqa: F811
    return catalogs(shared_db)


def selected(tickets: list[dict]) -> list[BulkTicket]:
    return [BulkTicket(t["ticket_id"], t["folio"], 1) for t in tickets]


def test_bulk_assign_reports_each_ticket(shared_db, cats) -> None:  # noqa: F811
    db = shared_db
    staff_id, token = insert_staff_session(db, "operador")
    tickets = [insert_ticket(db, cats) for _ in range(3)]
    closed = insert_ticket(db, cats, status_id=cats.status["cerrado"])
    out = run_bulk(staff_call(db, token), selected([*tickets, closed]), "asignar", staff_id)
    assert [o.ok for o in out] == [True, True, True, False]
    assert out[3].error_id == gateway.error_id("ticket_not_open") and out[3].folio == closed["folio"]
    assert out[3].text.startswith(f"{closed['folio']}: rechazado: ")
    for t in tickets:
        row = ticket_row(db, t["ticket_id"])
        assert row["assigned_to"] == staff_id and row["status_id"] == cats.status["asignado"]
    assert bulk_service.summary(out) == "3 hecho(s), 1 rechazado(s)."


def test_bulk_status_with_one_public_comment_and_forbidden_transitions(shared_db, cats) -> None:  # noqa: F811
    db = shared_db
    _, token = insert_staff_session(db, "operador")
    assigned = insert_ticket(db, cats, status_id=cats.status["asignado"])
    new = insert_ticket(db, cats)  # nuevo -> en_espera is not an allowed transition
    out = run_bulk(staff_call(db, token), selected([assigned, new]), "estado", cats.status["en_espera"],
                   body="  Necesitamos que nos diga el número de inventario.  ")
    assert [o.ok for o in out] == [True, False]
    assert out[1].error_id == gateway.error_id("status_transition_forbidden")
    body = db.sql("SELECT body, is_public FROM app.ticket_event WHERE ticket_id = %s AND event_type = 'estado'",
                  "SELECT Body, IsPublic FROM app.TicketEvent WHERE TicketId = ? AND EventType = N'estado'",
                  (assigned["ticket_id"],))
    assert [(b, bool(p)) for b, p in body] == [("Necesitamos que nos diga el número de inventario.", True)]


def test_bulk_priority_refuses_no_change(shared_db, cats) -> None:  # noqa: F811
    db = shared_db
    _, token = insert_staff_session(db, "operador")
    high = insert_ticket(db, cats, priority_id=cats.priority["alta"])
    medium = insert_ticket(db, cats)
    out = run_bulk(staff_call(db, token), selected([high, medium]), "prioridad", cats.priority["alta"])
    assert [o.ok for o in out] == [False, True]
    assert out[0].error_id == gateway.error_id("ticket_no_change")


def test_two_operators_bulk_changing_overlapping_tickets(shared_db, cats) -> None:  # noqa: F811
    """Operators A and B both saw tickets at version 1; A assigns tickets 0-5 to herself while B
    assigns tickets 3-8 to himself, at the same time, each through their own connection. Every
    ticket of the overlap is changed by exactly one of them and refused (3002) to the other;
    no change is lost or overwritten, and every refusal is reported."""
    db = shared_db
    a_id, a_token = insert_staff_session(db, "operador")
    b_id, b_token = insert_staff_session(db, "operador")
    tickets = [insert_ticket(db, cats) for _ in range(9)]
    a_part, b_part = selected(tickets[:6]), selected(tickets[3:])
    # Each operator's batch runs on its own connection (a gateway of its own, not a shared pool).
    url = db.login_urls.get("itl_desk") or os.environ.get("ITL_MSSQL_DESK_URL", "")
    gws = [gateway.connect(url) if url else db.desk for _ in range(2)]
    results: dict[str, list] = {}
    barrier = threading.Barrier(2)

    def work(name: str, gw, token: bytes, part: list[BulkTicket], staff_id: int) -> None:
        call = lambda procedure, **p: gw.call(procedure, token=token, **p)  # noqa: E731
        barrier.wait()
        results[name] = run_bulk(call, part, "asignar", staff_id)

    threads = [threading.Thread(target=work, args=("a", gws[0], a_token, a_part, a_id)),
               threading.Thread(target=work, args=("b", gws[1], b_token, b_part, b_id))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        for gw in gws:
            if gw is not db.desk:
                gw.close()
    by_a = {o.ticket_id: o for o in results["a"]}
    by_b = {o.ticket_id: o for o in results["b"]}
    conflict = gateway.error_id("ticket_conflict")
    for i, t in enumerate(tickets):
        tid = t["ticket_id"]
        row = ticket_row(db, tid)
        outcomes = [o for o in (by_a.get(tid), by_b.get(tid)) if o is not None]
        winners = [o for o in outcomes if o.ok]
        assert len(winners) == 1, (i, outcomes)  # exactly one change per ticket
        loser = [o for o in outcomes if not o.ok]
        if 3 <= i <= 5:
            assert len(loser) == 1 and loser[0].error_id == conflict  # the refusal is reported
        winner_id = a_id if by_a.get(tid) is winners[0] else b_id
        assert row["assigned_to"] == winner_id and row["row_version"] == 2  # what the winner wrote, once
        assert event_count(db, tid) == 2  # 'creado' + the one assignment
    figures = {k: bulk_service.summary(v) for k, v in results.items()}
    print(f"\nconcurrent bulk: A {figures['a']} B {figures['b']}")


def test_bulk_status_to_the_status_a_ticket_has_is_no_change_not_a_refusal(shared_db, cats) -> None:  # noqa: F811
    """The queue knows each ticket's status: the same status is reported «sin cambios» and nothing is written
    (not even the public comment), the others change."""
    db = shared_db
    _, token = insert_staff_session(db, "operador")
    same = insert_ticket(db, cats, status_id=cats.status["en_proceso"])
    other = insert_ticket(db, cats, status_id=cats.status["asignado"])
    events = event_count(db, same["ticket_id"])
    rows = [{**t, "row_version": 1} for t in (same, other)]
    out = run_bulk(staff_call(db, token), bulk_service.tickets_from_rows(rows, [same["ticket_id"], other["ticket_id"]]),
                   "estado", cats.status["en_proceso"], body="Ya lo estamos revisando.")
    assert [o.ok for o in out] == [False, True] and out[0].unchanged and not out[1].unchanged
    assert "no se cambió ni se envió el comentario" in out[0].message
    assert event_count(db, same["ticket_id"]) == events
    assert ticket_row(db, other["ticket_id"])["status_id"] == cats.status["en_proceso"]
    assert bulk_service.summary(out) == "1 hecho(s), 1 sin cambios, 0 rechazado(s)."
