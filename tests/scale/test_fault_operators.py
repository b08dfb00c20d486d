"""20 operators changing the same tickets at once through the staff procedures:
no lost update, exactly one history event per successful change."""

from __future__ import annotations

import random
import threading
import uuid

import gateway
from tests.scale.conftest import SIZE, raise_submit_limits
from tests.support.auth import create_staff, login
from tools.dev.bench_support import form_catalog, gateway_ticket

REFUSALS = {gateway.error_id("ticket_conflict"), gateway.error_id("ticket_no_change")}
NO_ATTACHMENTS = {f"attachment{k}_{part}": None for k in (1, 2, 3) for part in ("name", "type", "content")}


def test_concurrent_operators_lose_no_update_and_write_one_event_per_change(pg_db):
    raise_submit_limits(pg_db)
    catalog = form_catalog(pg_db.web)
    folios = [
        pg_db.web.call("webform.submit_ticket", idempotency_key=uuid.uuid4(), client_key=f"ops-{n}",
                       **gateway_ticket(catalog, n), **NO_ATTACHMENTS)[0]["folio"]
        for n in range(3)
    ]
    tickets = [r[0] for r in pg_db.sql("SELECT ticket_id FROM app.ticket WHERE folio = ANY(%s) ORDER BY 1",
                                       params=(folios,))]
    start_version = dict(pg_db.sql("SELECT ticket_id, row_version FROM app.ticket WHERE ticket_id = ANY(%s)",
                                   params=(tickets,)))
    start_event = pg_db.sql("SELECT coalesce(max(event_id), 0) FROM app.ticket_event")[0][0]
    priorities = [r[0] for r in pg_db.sql("SELECT priority_id FROM app.priority WHERE is_active ORDER BY 1")]
    staff = []
    for n in range(SIZE.operators):
        username = f"op{n}{uuid.uuid4().hex[:6]}"
        staff_id = create_staff(pg_db, username, "Clave de prueba 2026!")
        staff.append((staff_id, login(pg_db, username, "Clave de prueba 2026!")))

    successes: list[tuple[int, str, int, int, object]] = []  # (ticket, kind, row_version, event_id, value)
    failures: list[str] = []
    refusals = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(len(staff))

    def operator(n: int) -> None:
        token = staff[n][1]
        rng = random.Random(n)
        desk = gateway.connect(pg_db.login_urls["itl_desk"], min_size=0, max_size=1)
        try:
            barrier.wait(30)
            for _ in range(SIZE.operator_rounds):
                ticket_id = rng.choice(tickets)
                row = desk.call("staff.get_ticket", token=token, ticket_id=ticket_id)[0]
                kind = rng.choice(("priority", "comment", "assign"))
                try:
                    if kind == "priority":
                        value = rng.choice([p for p in priorities if p != row["priority_id"]])
                        out = desk.call("staff.change_priority", token=token, ticket_id=ticket_id,
                                        row_version=row["row_version"], priority_id=value)
                    elif kind == "comment":
                        value = f"nota {n}-{uuid.uuid4().hex[:8]}"
                        out = desk.call("staff.add_comment", token=token, ticket_id=ticket_id,
                                        row_version=row["row_version"], body=value, is_public=False)
                    else:
                        value = rng.choice([s for s, _ in staff if s != row["assigned_to"]])
                        out = desk.call("staff.assign_ticket", token=token, ticket_id=ticket_id,
                                        row_version=row["row_version"], assigned_to=value)
                except gateway.AppError as exc:
                    with lock:
                        if exc.error_id in REFUSALS:
                            refusals[0] += 1
                        else:
                            failures.append(f"{kind}: {exc.error_id} {exc.message}")
                    continue
                with lock:
                    successes.append((ticket_id, kind, out[0]["row_version"], out[0]["event_id"], value))
        finally:
            desk.close()

    workers = [threading.Thread(target=operator, args=(n,), daemon=True) for n in range(len(staff))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)

    print(f"\n{len(staff)} operadores: {len(successes)} cambios aceptados, {refusals[0]} rechazados por conflicto")
    assert not failures, failures[:5]
    assert successes, "no change succeeded"
    assert refusals[0] > 0, "no conflict happened: the operators did not really compete"
    events = pg_db.sql(
        "SELECT event_id, ticket_id, event_type, new_priority_id, assigned_to, body FROM app.ticket_event "
        "WHERE event_id > %s AND ticket_id = ANY(%s) ORDER BY event_id", params=(start_event, tickets))
    by_id = {e[0]: e for e in events}
    assert len(events) == len(successes), "exactly one event per successful change"
    assert {s[3] for s in successes} == set(by_id), "each change returned the id of its own event"
    for ticket_id in tickets:
        mine = sorted((s for s in successes if s[0] == ticket_id), key=lambda s: s[2])
        versions = [s[2] for s in mine]
        # Each success moved the version by exactly one from the version it saw: none was lost.
        assert versions == list(range(start_version[ticket_id] + 1, start_version[ticket_id] + 1 + len(mine)))
        final = pg_db.sql("SELECT row_version, priority_id, assigned_to FROM app.ticket WHERE ticket_id = %s",
                          params=(ticket_id,))[0]
        assert final[0] == start_version[ticket_id] + len(mine)
        last_priority = [s[4] for s in sorted(mine, key=lambda s: s[2]) if s[1] == "priority"]
        if last_priority:
            assert final[1] == last_priority[-1], "the last accepted priority is the one that stays"
        last_assignee = [s[4] for s in sorted(mine, key=lambda s: s[2]) if s[1] == "assign"]
        if last_assignee:
            assert final[2] == last_assignee[-1], "the last accepted assignment is the one that stays"
    for ticket_id, kind, _, event_id, value in successes:
        event = by_id[event_id]
        assert event[1] == ticket_id
        if kind == "priority":
            assert event[2] == "prioridad" and event[3] == value
        elif kind == "comment":
            assert event[2] == "nota" and event[5] == value
        else:
            assert event[2] == "asignado" and event[4] == value
