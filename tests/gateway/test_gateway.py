"""The gateway against the real embedded PostgreSQL: names, registry errors, unavailability."""

from __future__ import annotations

import pytest

import gateway
from gateway.errors import UNAVAILABLE, UNEXPECTED, AppError, DatabaseUnavailable, registry
from gateway.mssql import _map as map_mssql_error
from gateway.mssql import odbc_string
from gateway.names import check_param, pascal, snake, split_procedure
from tools.embedded_db import free_port

# ---- names ----------------------------------------------------------------------

@pytest.mark.parametrize(("snake_name", "pascal_name"), [
    ("ticket_event", "TicketEvent"),
    ("submit_ticket", "SubmitTicket"),
    ("idempotency_key", "IdempotencyKey"),
    ("attachment1_name", "Attachment1Name"),
    ("token", "Token"),
])
def test_names_map_both_ways(snake_name, pascal_name):
    assert pascal(snake_name) == pascal_name
    assert snake(pascal_name) == snake_name


def test_procedure_names_are_checked():
    assert split_procedure("webform.submit_ticket") == ("webform", "submit_ticket")
    assert split_procedure("staff.list_queue") == ("staff", "list_queue")
    for bad in ("public.f", "webform.Submit", "webform.x;DROP", "webform", "staff.a b", "app.x--"):
        with pytest.raises(ValueError):
            split_procedure(bad)
    assert check_param("client_key") == "client_key"
    for bad in ("ClientKey", "x = 1", "p-1", ""):
        with pytest.raises(ValueError):
            check_param(bad)


def test_unknown_url_is_refused():
    with pytest.raises(ValueError, match="URL de base de datos no reconocida"):
        gateway.connect("mysql://localhost/x")


def test_registry_lookup_by_key():
    assert gateway.error_id("session_invalid") == 2001
    assert gateway.message(2001) == registry()[2001][1]
    with pytest.raises(KeyError):
        gateway.error_id("no_such_key")
    assert AppError(2001).key == "session_invalid"
    assert DatabaseUnavailable().error_id == UNAVAILABLE


# ---- PostgreSQL: real server ---------------------------------------------------------

def test_every_registry_error_maps_to_app_error_with_its_message(pg_db):
    """app.raise_error(N) raises SQLSTATE U<N>; the gateway turns it into AppError(N, registry message)."""
    for error_id, (key, text) in registry().items():
        with pytest.raises(AppError) as caught:
            pg_db.owner_gw.call("app.raise_error", error_id=error_id)
        assert caught.value.error_id == error_id
        assert caught.value.message == text
        assert caught.value.key == key
        assert not isinstance(caught.value, DatabaseUnavailable)


def test_unregistered_database_error_is_unexpected(pg_db):
    with pytest.raises(AppError) as caught:
        pg_db.owner_gw.call("app.no_such_function", x=1)
    assert caught.value.error_id == UNEXPECTED
    assert caught.value.message == registry()[UNEXPECTED][1]


def test_named_parameters_rows_as_dicts_and_void(pg_db):
    """Parameters go by name (p_<name>, any order); rows are snake_case dicts; VOID gives []."""
    pg_db.sql(
        "CREATE FUNCTION webform.gw_probe(p_first_name VARCHAR, p_times INT) "
        "RETURNS TABLE (full_name VARCHAR, times INT) LANGUAGE sql "
        "AS $$ SELECT p_first_name || ' López', g FROM generate_series(1, p_times) AS g $$")
    pg_db.sql("CREATE FUNCTION webform.gw_void(p_x INT) RETURNS VOID LANGUAGE sql AS $$ SELECT $$")
    rows = pg_db.owner_gw.call("webform.gw_probe", times=2, first_name="Ana")
    assert rows == [{"full_name": "Ana López", "times": 1}, {"full_name": "Ana López", "times": 2}]
    assert pg_db.owner_gw.call("webform.gw_void", x=1) == []


def test_named_parameters_reach_a_real_procedure(pg_db):
    with pytest.raises(AppError) as caught:
        pg_db.owner_gw.call("app.require_session", token=b"\x00" * 32, required_role="operador")
    assert caught.value.error_id == gateway.error_id("session_invalid")


def test_refused_call_is_an_app_error_not_a_driver_error(pg_db):
    """The web login may not run app.*: the caller sees AppError(9001), never psycopg's exception."""
    with pytest.raises(AppError) as caught:
        pg_db.web.call("app.raise_error", error_id=1001)
    assert caught.value.error_id == UNEXPECTED


def test_closed_port_raises_database_unavailable():
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/itl"
    gw = gateway.connect(url, min_size=0, max_size=1, timeout=1.0)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            gw.call("webform.list_catalog_items")
        assert caught.value.error_id == UNAVAILABLE
        assert caught.value.message == registry()[UNAVAILABLE][1]
    finally:
        gw.close()


# ---- SQL Server: message parsing and connection strings (no server here) --------------------
# pyodbc needs unixODBC, which this machine lacks: the driver's error arguments are given as
# the plain (SQLSTATE, text) pair pyodbc puts in exc.args.

def test_mssql_registry_error_number_maps_to_app_error():
    """THROW 50000+N from app.RaiseError arrives through ODBC like this."""
    text = registry()[2001][1]
    exc = Exception(
        "42000", f"[42000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]{text} (52001) (SQLExecDirectW)")
    mapped = map_mssql_error(exc)
    assert mapped.error_id == 2001
    assert mapped.message == text


def test_mssql_connection_failure_is_unavailable():
    exc = Exception("08001", "[08001] [Microsoft][ODBC Driver 18 for SQL Server]TCP Provider: timeout")
    assert isinstance(map_mssql_error(exc), DatabaseUnavailable)


def test_mssql_other_error_is_unexpected():
    exc = Exception("42S02", "[42S02] [SQL Server]Invalid object name 'x'. (208) (SQLExecDirectW)")
    assert map_mssql_error(exc).error_id == UNEXPECTED


def test_mssql_url_becomes_odbc_string():
    conn = odbc_string("mssql://itl_web:p%40ss%7D@db.itl.mx:1433/Tickets?TrustServerCertificate=yes")
    assert conn == ("DRIVER={ODBC Driver 18 for SQL Server};SERVER=db.itl.mx,1433;DATABASE=Tickets;"
                    "UID=itl_web;PWD={p@ss}}};TrustServerCertificate=yes")
    assert odbc_string("mssql:///?odbc_connect=DSN%3Ditl") == "DSN=itl"


# ---- SQL Server backend with a scripted pyodbc (no unixODBC here) ---------------------------

class _FakeOdbcError(Exception):
    pass


class _FakeCursor:
    """Plays back result sets; an Exception in the list is raised by nextset(), as pyodbc does."""

    def __init__(self, conn: _FakeConn) -> None:
        self.conn = conn
        self.sets: list = []
        self.description = None

    def execute(self, statement, values):
        self.conn.executed.append((statement, list(values)))
        self.sets = list(self.conn.script)
        self._load()

    def _load(self):
        current = self.sets.pop(0)
        if isinstance(current, Exception):
            raise current
        self.description = None if current is None else [(name,) for name in current[0]]
        self._rows = None if current is None else current[1]

    def fetchall(self):
        return self._rows

    def nextset(self):
        if not self.sets:
            return False
        self._load()
        return True

    def close(self):
        pass


class _FakeConn:
    def __init__(self, script: list) -> None:
        self.script = script
        self.executed: list = []
        self.autocommit = None
        self.dead = False

    def cursor(self):
        return _FakeCursor(self)

    def execute(self, statement):
        self.executed.append((statement, []))
        if self.dead:
            raise _FakeOdbcError("08S01", "[08S01] Communication link failure")
        return self

    def fetchall(self):
        return [(1,)]

    def add_output_converter(self, sql_type, func):
        self.converters = {sql_type: func}

    def close(self):
        pass


def _fake_backend(monkeypatch, script: list):
    import sys
    import types

    fake = types.SimpleNamespace(Error=_FakeOdbcError, made=[])

    def connect(conn_str, autocommit, timeout):
        conn = _FakeConn(script)
        conn.autocommit = autocommit
        fake.made.append(conn)
        return conn

    fake.connect = connect
    monkeypatch.setitem(sys.modules, "pyodbc", fake)
    from gateway.mssql import MssqlBackend

    return MssqlBackend("mssql://u:p@h/db"), fake


def test_mssql_backend_autocommit_and_aware_utc_datetimes(monkeypatch):
    """Procedures own their transactions (no driver transaction -> no error 266);
    DATETIME2 (UTC) comes back aware, like timestamptz; aware parameters go as naive UTC."""
    import uuid
    from datetime import datetime, timedelta, timezone

    naive = datetime(2026, 3, 1, 18, 30)
    backend, fake = _fake_backend(monkeypatch, [(["folio", "created_at"], [("CC-2026-000001", naive)])])
    key = uuid.uuid4()
    local = datetime(2026, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=-6)))
    rows = backend.call("webform.submit_ticket", {"idempotency_key": key, "when": local})
    assert fake.made[0].autocommit is True
    statement, values = fake.made[0].executed[0]
    assert statement == ("SET NOCOUNT ON; SET LOCK_TIMEOUT 5000; "
                         "EXEC webform.SubmitTicket @IdempotencyKey = ?, @When = ?")
    assert values == [str(key), naive]
    assert rows == [{"folio": "CC-2026-000001", "created_at": naive.replace(tzinfo=timezone.utc)}]


def test_mssql_backend_error_after_the_result_set_is_not_lost(monkeypatch):
    """A THROW after the procedure's SELECT reaches the client only through nextset()."""
    text = registry()[3002][1]
    late = _FakeOdbcError("42000", f"[42000] [SQL Server]{text} (53002) (SQLMoreResults)")
    backend, fake = _fake_backend(monkeypatch, [(["ticket_id"], [(1,)]), late])
    with pytest.raises(AppError) as caught:
        backend.call("staff.change_status", {"ticket_id": 1})
    assert caught.value.error_id == 3002
    # the pooled connection is cleaned of any transaction left open
    assert fake.made[0].executed[-1][0] == "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION"


def test_mssql_backend_no_result_set_gives_no_rows(monkeypatch):
    backend, _ = _fake_backend(monkeypatch, [None])
    assert backend.call("staff.log_out", {"token": b"x"}) == []


def test_mssql_backend_sends_none_as_literal_null(monkeypatch):
    """VARCHAR NULL -> VARBINARY(MAX) is error 257: None never travels as a bound parameter."""
    backend, fake = _fake_backend(monkeypatch, [None])
    backend.call("webform.submit_ticket", {"client_key": "k", "attachment1_content": None, "campus_id": 2})
    statement, values = fake.made[0].executed[0]
    assert statement == ("SET NOCOUNT ON; SET LOCK_TIMEOUT 5000; EXEC webform.SubmitTicket @ClientKey = ?, "
                         "@Attachment1Content = NULL, @CampusId = ?")
    assert values == ["k", 2]


def test_mssql_datetimeoffset_column_becomes_aware_utc(monkeypatch):
    import struct
    from datetime import datetime, timezone

    backend, fake = _fake_backend(monkeypatch, [None])
    backend.call("staff.log_out", {"token": b"x"})
    convert = fake.made[0].converters[-155]
    raw = struct.pack("<6hI2h", 2026, 3, 1, 12, 30, 5, 250_000_000, -6, 0)  # 12:30:05.25 -06:00
    assert convert(raw) == datetime(2026, 3, 1, 18, 30, 5, 250_000, tzinfo=timezone.utc)
    assert convert(None) is None


def test_mssql_pool_drops_a_connection_that_died_while_idle(monkeypatch):
    """After a server restart the first call must not fail with 9002 (psycopg_pool checks too)."""
    import gateway.mssql as mssql_module

    backend, fake = _fake_backend(monkeypatch, [(["n"], [(1,)])])
    assert backend.call("webform.list_catalog_items", {}) == [{"n": 1}]
    fake.made[0].dead = True
    monkeypatch.setattr(mssql_module, "_TRUST_IDLE_SECONDS", 0.0)
    assert backend.call("webform.list_catalog_items", {}) == [{"n": 1}]
    assert len(fake.made) == 2


def test_mssql_deadlock_victim_is_called_again(monkeypatch):
    """Error 1205 rolls the victim's whole transaction back: the gateway repeats the call."""
    deadlock = _FakeOdbcError("40001", "[40001] [SQL Server]Transaction was deadlocked (1205) (SQLExecDirectW)")
    backend, fake = _fake_backend(monkeypatch, [deadlock])
    with pytest.raises(AppError) as caught:
        backend.call("staff.add_comment", {"ticket_id": 1})
    assert caught.value.error_id == UNEXPECTED
    calls = [s for s, _ in fake.made[0].executed if s.startswith("SET NOCOUNT ON; SET LOCK_TIMEOUT")]
    assert len(calls) == 3
    fake.made[0].script[:] = [(["n"], [(7,)])]
    assert backend.call("staff.add_comment", {"ticket_id": 1}) == [{"n": 7}]


def test_mssql_lock_timeout_is_the_registered_busy_error(monkeypatch):
    """SET LOCK_TIMEOUT bounds every wait (issue 20, finding 4); error 1222 becomes 9070."""
    timeout = _FakeOdbcError(
        "HY000", "[HY000] [SQL Server]Lock request time out period exceeded. (1222) (SQLExecDirectW)")
    backend, _ = _fake_backend(monkeypatch, [timeout])
    with pytest.raises(AppError) as caught:
        backend.call("staff.change_status", {"ticket_id": 1})
    assert caught.value.key == "lock_wait_timeout" and "ocupado" in caught.value.message
