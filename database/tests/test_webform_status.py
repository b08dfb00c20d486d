"""webform.get_ticket_status / webform.list_public_events: lookup by folio + access code."""

from __future__ import annotations

import uuid

import pytest

import gateway
from tests.support.database import insert_staff_session, set_setting
from tests.support.webform_data import ids, one, submit, unknown_folio

E = gateway.error_id
STATUS_COLUMNS = {"folio", "status_code", "status_name", "created_at", "updated_at", "campus_name",
                  "location_name", "category_name", "priority_name", "assigned_area"}


@pytest.fixture
def ticket(db):
    c = ids(db)
    row = submit(db, c, uuid.uuid4(), client=f"status-{uuid.uuid4()}")
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
    missing = unknown_folio()
    folio = {"folio": missing, "both": missing, "empty": ""}.get(wrong, folio)
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
            with pytest.raises(gateway.AppError) as exc:  # a folio that does not exist, until the hour passes
                db.web.call(proc, folio=unknown_folio(), access_code=row["access_code"], client_key=client)
            assert exc.value.error_id == E("form_status_lookup_rate")
        # The right code still passes from that client (issue 12: people behind one campus NAT).
        assert len(db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                               client_key=client)) == 1
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
    assert set(events[0]) == {"occurred_at", "event_type", "status_name", "body", "event_number"}
    assert [(e["event_type"], e["status_name"], e["body"]) for e in events] == [
        ("creado", "Nuevo", None), ("respuesta", None, "Ya revisamos su cuenta."), ("estado", "En proceso", None)]
    status = db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                         client_key=client)[0]
    assert status["assigned_area"] == "Centro de Cómputo"
    assert status["status_code"] == "asignado"
    shown = " ".join(str(v) for v in status.values()) + " ".join(str(v) for e in events for v in e.values())
    assert staff_name not in shown and "Nota interna" not in shown


# ---- issue 12, defect 6: limits per folio, and a right code passes a throttled address --------

@pytest.fixture
def lookup_settings(db):
    """Lower the lookup limits for one test; restored afterwards (SQL Server shares one database)."""
    keys = ("status_lookup_failures_per_hour", "status_lookup_folio_failures_per_hour")
    saved = {key: one(db, "SELECT setting_value FROM app.setting WHERE setting_key = %s",
                      "SELECT SettingValue FROM app.Setting WHERE SettingKey = ?", (key,)) for key in keys}
    yield lambda key, value: set_setting(db, key, value)
    for key, value in saved.items():
        set_setting(db, key, value)


def lookup(db, folio: str, code: str, client: str, proc: str = "webform.get_ticket_status") -> list | int:
    """The rows, or the registry error id raised."""
    try:
        return db.web.call(proc, folio=folio, access_code=code, client_key=client)
    except gateway.AppError as exc:
        return exc.error_id


def test_failed_lookups_are_limited_per_folio_from_any_address(db, ticket, lookup_settings):
    c, row = ticket
    lookup_settings("status_lookup_folio_failures_per_hour", 3)
    for n in range(3):  # three addresses, one miss each
        assert lookup(db, row["folio"], "ZZZZZZZZZZ", f"addr-{n}-{uuid.uuid4()}") == []
    fresh = f"addr-new-{uuid.uuid4()}"
    # Over the folio's limit a wrong code is refused, by both lookups...
    assert lookup(db, row["folio"], "YYYYYYYYYY", fresh) == E("form_status_lookup_folio_rate")
    assert lookup(db, row["folio"], "YYYYYYYYYY", fresh, "webform.list_public_events") \
        == E("form_status_lookup_folio_rate")
    # ...and the right code still works for its owner (issue 20, finding 6), by both lookups.
    assert len(lookup(db, row["folio"].lower(), row["access_code"], fresh)) == 1
    assert isinstance(lookup(db, row["folio"], row["access_code"], fresh, "webform.list_public_events"), list)
    # Refusals are not misses: the folio's count stays at the limit.
    assert one(db, "SELECT count(*) FROM app.status_lookup_log WHERE folio = %s",
               "SELECT COUNT(*) FROM app.StatusLookupLog WHERE Folio = ?", (row["folio"],)) == 3
    # Another folio is not affected.
    other = submit(db, c, uuid.uuid4(), client=f"status-{uuid.uuid4()}")
    assert lookup(db, other["folio"], "YYYYYYYYYY", fresh) == []
    # The hour passes (moved by hand, no sleeping): a wrong code is a plain miss again.
    db.sql("UPDATE app.status_lookup_log SET attempted_at = attempted_at - interval '61 minutes' WHERE folio = %s",
           "UPDATE app.StatusLookupLog SET AttemptedAt = DATEADD(MINUTE, -61, AttemptedAt) WHERE Folio = ?",
           (row["folio"],))
    assert lookup(db, row["folio"], "YYYYYYYYYY", fresh) == []


def test_the_right_code_works_after_50_wrong_ones_on_its_folio(db, ticket):
    """Issue 20, finding 6: one anonymous address used to lock a requester out of their own
    ticket (lookup, reply, confirm, rate) for an hour with a few wrong codes on its folio."""
    _, row = ticket
    attacker = f"attacker-{uuid.uuid4()}"
    answers = [lookup(db, row["folio"], f"WRONG{n:05d}", attacker) for n in range(50)]
    assert all(a in ([], E("form_status_lookup_folio_rate")) for a in answers)
    assert E("form_status_lookup_folio_rate") in answers  # the guesses hit the folio's limit
    owner = f"owner-{uuid.uuid4()}"
    proof = {"folio": row["folio"], "access_code": row["access_code"]}
    for who in (owner, attacker):  # from the owner's address, and even from the attacker's (one campus NAT)
        assert len(db.web.call("webform.get_ticket_status", **proof, client_key=who)) == 1
        assert isinstance(db.web.call("webform.list_public_events", **proof, client_key=who), list)
        assert isinstance(db.web.call("webform.get_ticket_detail", **proof, client_key=who), list)
    assert db.web.call("webform.add_requester_reply", **proof, client_key=owner, body="Sigue sin funcionar.",
                       idempotency_key=uuid.uuid4())


def test_concurrent_guesses_on_one_folio_stop_exactly_at_the_limit(db, ticket, lookup_settings):
    """Four addresses made 120 guesses on one folio (issue 12): now at most the limit, even at once."""
    from concurrent.futures import ThreadPoolExecutor

    _, row = ticket
    lookup_settings("status_lookup_folio_failures_per_hour", 5)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: lookup(db, row["folio"], f"GUESS{n:05d}", f"addr-{n % 4}-{row['folio']}"),
                                range(24)))
    print(f"\n24 intentos simultáneos sobre un folio (límite 5): {results.count([])} evaluados, "
          f"{results.count(E('form_status_lookup_folio_rate'))} rechazados")
    assert results.count([]) == 5
    assert results.count(E("form_status_lookup_folio_rate")) == 19


def test_right_code_passes_from_an_address_that_others_misses_throttled(db, ticket, lookup_settings):
    _, row = ticket
    lookup_settings("status_lookup_failures_per_hour", 3)
    lookup_settings("status_lookup_folio_failures_per_hour", 10)
    campus_nat = f"nat-{uuid.uuid4()}"
    for _ in range(3):  # other people's typos, on folios that do not exist
        assert lookup(db, unknown_folio(), "ZZZZZZZZZZ", campus_nat) == []
    # The address is over its limit: a folio that does not exist is refused...
    assert lookup(db, unknown_folio(), "ZZZZZZZZZZ", campus_nat) == E("form_status_lookup_rate")
    # ...but the right code passes, by both lookups.
    assert len(lookup(db, row["folio"], row["access_code"], campus_nat)) == 1
    assert isinstance(lookup(db, row["folio"], row["access_code"], campus_nat, "webform.list_public_events"), list)
    # A wrong code for a real folio is a miss counted against that folio (bounded per folio).
    assert lookup(db, row["folio"], "ZZZZZZZZZZ", campus_nat) == []
    assert one(db, "SELECT count(*) FROM app.status_lookup_log WHERE folio = %s",
               "SELECT COUNT(*) FROM app.StatusLookupLog WHERE Folio = ?", (row["folio"],)) == 1
