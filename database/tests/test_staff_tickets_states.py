"""The ticket state machine through staff.change_status: every allowed and every forbidden
transition, parametrized from the seed of app.status / app.status_transition (and a test that the
deployed tables hold exactly that seed). One database for the module; each case has its own ticket.
"""

from __future__ import annotations

import csv
from itertools import permutations
from pathlib import Path

import pytest

import gateway
from tests.support.database import insert_staff_session
from tests.support.tickets import (
    catalogs,
    event_count,
    insert_ticket,
    shared_db,  # noqa: F401 (fixture)
    ticket_row,
)

SEED = Path(__file__).resolve().parent.parent / "seed"


def _tsv(name: str) -> list[dict[str, str]]:
    with (SEED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


STATUSES = {row["code"]: row for row in _tsv("08_status.tsv")}
OPEN = {code for code, row in STATUSES.items() if row["is_open"] == "true"}
TRANSITIONS = _tsv("09_status_transition.tsv")
SEEDED = {(r["*from_status_id:status.code"], r["*to_status_id:status.code"], r["*actor"]) for r in TRANSITIONS}
# What an operator may do: the staff's moves ('personal'; the requester's own moves by the web's actions are
# other rows) except the admin-only ones (reopening a cancelled ticket), which are refused to them.
ALLOWED = {(r["*from_status_id:status.code"], r["*to_status_id:status.code"])
           for r in TRANSITIONS if r["admin_only"] != "true" and r["*actor"] == "personal"}
PAIRS = sorted(permutations(STATUSES, 2))


@pytest.fixture(scope="module")
def arranged(shared_db):  # noqa: F811
    _staff_id, token = insert_staff_session(shared_db, "operador")
    return catalogs(shared_db), token


def test_deployed_transitions_are_the_seed(shared_db) -> None:  # noqa: F811
    rows = shared_db.sql(
        "SELECT f.code, t.code, st.actor FROM app.status_transition AS st "
        "JOIN app.status AS f ON st.from_status_id = f.status_id JOIN app.status AS t ON st.to_status_id = t.status_id",
        "SELECT f.Code, t.Code, st.Actor FROM app.StatusTransition AS st "
        "JOIN app.Status AS f ON st.FromStatusId = f.StatusId JOIN app.Status AS t ON st.ToStatusId = t.StatusId",
    )
    assert {(a, b, c) for a, b, c in rows} == SEEDED


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition(shared_db, arranged, old: str, new: str) -> None:  # noqa: F811
    db = shared_db
    cats, token = arranged
    ticket = insert_ticket(db, cats, status_id=cats.status[old])
    before_events = event_count(db, ticket["ticket_id"])

    def change():
        return db.desk.call("staff.change_status", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                            status_id=cats.status[new], body="Cambio de prueba")

    if (old, new) not in ALLOWED:
        with pytest.raises(gateway.AppError) as info:
            change()
        assert info.value.error_id == gateway.error_id("status_transition_forbidden")
        row = ticket_row(db, ticket["ticket_id"])
        assert row["status_id"] == cats.status[old] and row["row_version"] == 1
        assert event_count(db, ticket["ticket_id"]) == before_events
        return

    result = change()[0]
    assert result["status_id"] == cats.status[new] and result["row_version"] == 2
    row = ticket_row(db, ticket["ticket_id"])
    assert row["status_id"] == cats.status[new]
    assert row["first_response_at"] is not None
    assert (row["resolved_at"] is not None) == (new == "resuelto")
    assert (row["closed_at"] is not None) == (new in ("cerrado", "cancelado"))
    assert event_count(db, ticket["ticket_id"]) == before_events + 1
    event = db.desk.call("staff.list_ticket_events", token=token, ticket_id=ticket["ticket_id"])[-1]
    assert event["event_type"] == "estado" and event["is_public"]
    assert event["old_status_name"] == STATUSES[old]["name"] and event["new_status_name"] == STATUSES[new]["name"]
    assert event["body"] == "Cambio de prueba" and event["actor_name"]


def test_reopening_clears_resolved_at(shared_db, arranged) -> None:  # noqa: F811
    db = shared_db
    cats, token = arranged
    ticket = insert_ticket(db, cats, status_id=cats.status["en_proceso"])
    db.desk.call("staff.change_status", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                 status_id=cats.status["resuelto"], body=None)
    assert ticket_row(db, ticket["ticket_id"])["resolved_at"] is not None
    db.desk.call("staff.change_status", token=token, ticket_id=ticket["ticket_id"], row_version=2,
                 status_id=cats.status["en_proceso"], body=None)
    row = ticket_row(db, ticket["ticket_id"])
    assert row["resolved_at"] is None and row["closed_at"] is None and row["row_version"] == 3


def test_unknown_status_is_a_forbidden_transition(shared_db, arranged) -> None:  # noqa: F811
    cats, token = arranged
    ticket = insert_ticket(shared_db, cats)
    with pytest.raises(gateway.AppError) as info:
        shared_db.desk.call("staff.change_status", token=token, ticket_id=ticket["ticket_id"], row_version=1,
                            status_id=99, body=None)
    assert info.value.error_id == gateway.error_id("status_transition_forbidden")
