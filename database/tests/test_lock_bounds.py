"""Issue 20, finding 4: client logins cannot take advisory locks, and every lock wait of a
client session is bounded (lock_timeout) and ends in a registered error, never a hang.

As itl_desk, `pg_advisory_lock` on the submit or login key used to hang every submission
from one address and staff.log_in. PostgreSQL only (advisory locks and lock_timeout); SQL
Server's sp_getapplock exposure is described in docs/readme/auth.md."""

from __future__ import annotations

import hashlib
import threading
import uuid

import psycopg
import pytest

import gateway
from desktop.services.auth_service import AuthService
from tests.support.auth import TEST_ITERATIONS
from tests.support.webform_data import ids, submit
from tests.webform.conftest import make_web

LOGINS = ("itl_web", "itl_desk")
E = gateway.error_id
LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(app.lock_resource(%s), 0))"  # as the procedures take it


def test_client_logins_cannot_take_advisory_locks(pg_db):
    functions = [r[0] for r in pg_db.sql(
        "SELECT p.oid::REGPROCEDURE::TEXT FROM pg_catalog.pg_proc AS p "
        "WHERE p.pronamespace = 'pg_catalog'::REGNAMESPACE AND p.proname ~ 'advisory' ORDER BY 1")]
    assert len(functions) >= 16, functions  # lock, try, xact, shared, unlock... in (bigint) and (int, int)
    for login in LOGINS:
        allowed = [f for f in functions if pg_db.sql("SELECT has_function_privilege(%s, %s, 'EXECUTE')",
                                                     params=(login, f))[0][0]]
        assert allowed == [], (login, allowed)
        with psycopg.connect(pg_db.login_urls[login], autocommit=True) as conn:
            for statement in ("SELECT pg_advisory_lock(hashtextextended('itl-login-source:local', 0))",
                              "SELECT pg_try_advisory_lock(1, 2)", "SELECT pg_advisory_xact_lock_shared(7)"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
    # the definer functions that lock still work (they run as itl_owner)
    assert submit(pg_db, ids(pg_db), client=f"adv-{uuid.uuid4()}")["folio"]
    assert pg_db.desk.call("staff.log_in", username="nadie", password_key=b"x" * 32, client_info="t")[0]["error_id"]


def test_lock_names_are_keyed_with_the_instance_secret(pg_db):
    """Even a login that may take advisory locks cannot name ours (the T-SQL twin is what keeps
    sp_getapplock, open to every SQL Server user, from holding them)."""
    name = "itl-status-folio:CC-2026-000001"
    secret = bytes(pg_db.sql("SELECT secret FROM app.instance_secret")[0][0])
    resource = pg_db.sql("SELECT app.lock_resource(%s)", params=(name,))[0][0]
    assert resource == "itl:" + hashlib.sha256(secret + name.encode()).hexdigest()


def test_client_sessions_have_a_lock_timeout_and_no_idle_transactions(pg_db):
    for login in LOGINS:
        with psycopg.connect(pg_db.login_urls[login], autocommit=True) as conn:
            assert conn.execute("SHOW lock_timeout").fetchone()[0] == "5s"
            assert conn.execute("SHOW idle_in_transaction_session_timeout").fetchone()[0] == "1min"


@pytest.fixture
def short_waits(pg_db):
    """lock_timeout 1 s for the client logins in this database only (the deployed value is 5 s),
    so a held lock is seen to end in the registered error quickly."""
    name = pg_db.owner_url.rsplit("/", 1)[1]
    for login in LOGINS:
        pg_db.sql(f'ALTER ROLE {login} IN DATABASE "{name}" SET lock_timeout = \'1s\'')
    yield pg_db
    for login in LOGINS:
        pg_db.sql(f'ALTER ROLE {login} IN DATABASE "{name}" RESET lock_timeout')


def holding(db, statement: str, params: tuple = ()):
    """A context manager: an owner transaction that holds a lock until the block ends."""
    class Held:
        def __enter__(self):
            self.conn = psycopg.connect(db.owner_url)
            self.conn.execute(statement, params)
            return self

        def __exit__(self, *exc):
            self.conn.rollback()
            self.conn.close()
    return Held()


def test_a_held_lock_ends_in_a_registered_error_not_a_hang(short_waits):
    db = short_waits
    c = ids(db)
    row = submit(db, c, client=f"lk-{uuid.uuid4()}")
    client = f"lk-{uuid.uuid4()}"
    # the status lookup of one folio (advisory lock on the folio)
    with holding(db, LOCK, ("itl-status-folio:" + row["folio"],)):
        with pytest.raises(gateway.AppError) as exc:
            db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                        client_key=client)
        assert exc.value.error_id == E("lock_wait_timeout")
    # a ticket row locked by a transaction that does not end (row lock, any procedure)
    with holding(db, "SELECT 1 FROM app.ticket WHERE folio = %s FOR UPDATE", (row["folio"],)):
        with pytest.raises(gateway.AppError) as exc:
            db.web.call("webform.confirm_resolution", folio=row["folio"], access_code=row["access_code"],
                        client_key=client)
        assert exc.value.error_id == E("lock_wait_timeout")
    # the login of one source address
    with holding(db, LOCK, ("itl-login-source:" + _source(db),)):
        with pytest.raises(gateway.AppError) as exc:
            db.desk.call("staff.log_in", username="ana", password_key=b"x" * 32, client_info="t")
        assert exc.value.error_id == E("lock_wait_timeout")
    # what people see: the desktop's login message, the web page (503, retry) in Spanish
    busy = gateway.message(E("lock_wait_timeout"))
    with holding(db, LOCK, ("itl-login-source:" + _source(db),)):
        result = AuthService(db.desk, new_iterations=TEST_ITERATIONS).log_in("ana", "una-clave-cualquiera")
        assert not result.ok and result.message == busy
    web = make_web(db)
    try:
        _, hidden = web.form("/consulta")
        with holding(db, LOCK,
                     ("itl-status-folio:" + row["folio"],)):
            page = web.client.post("/consulta", {"folio": row["folio"], "access_code": row["access_code"], **hidden},
                                   status=503)
        assert page.status_int == 503 and page.headers.get("Retry-After") and busy in page.text, page.summary()
    finally:
        web.gw.close()
    # and once the lock is gone, everything works again
    assert db.web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                       client_key=client)


def _source(db) -> str:
    """The address staff.log_in sees for the test's desk connections."""
    with psycopg.connect(db.login_urls["itl_desk"], autocommit=True) as conn:
        return conn.execute("SELECT coalesce(host(inet_client_addr()), 'local')").fetchone()[0]


def test_waiting_submissions_from_one_address_all_finish(short_waits):
    """The submit lock is held by a stuck transaction: every waiting submission answers (9060)."""
    db = short_waits
    c = ids(db)
    client = f"lk-{uuid.uuid4()}"
    key_hex = hashlib.sha256(client.encode()).hexdigest()
    results: list[object] = []
    with holding(db, LOCK, ("itl-submit-client:" + key_hex,)):
        def one() -> None:
            try:
                results.append(submit(db, c, client=client))
            except gateway.AppError as exc:
                results.append(exc.error_id)
        threads = [threading.Thread(target=one) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert results == [E("submit_lock_unavailable")] * 3
