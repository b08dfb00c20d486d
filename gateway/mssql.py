"""SQL Server backend: pyodbc, a small connection pool and `EXEC schema.Proc @P = ?`.

Connections run in autocommit: every procedure owns its transaction (BEGIN TRAN ...
COMMIT, CATCH -> ROLLBACK; THROW), exactly as one PostgreSQL function call is one
statement. With autocommit off the driver would wrap the EXEC in an outer transaction,
and a procedure's CATCH ROLLBACK would leave @@TRANCOUNT 0 on exit: error 266 ("Transaction
count after EXECUTE indicates a mismatching number of BEGIN and COMMIT statements").

Every result set and message of the batch is read (nextset until exhausted), so an error
raised after the procedure's SELECT is not lost. DATETIME2 values (UTC by convention) come
back as aware UTC datetimes, like timestamptz from psycopg; aware datetime parameters are
sent as naive UTC (DATETIME2 has no offset).

URL forms:
  mssql://user:password@host:1433/database?driver=ODBC+Driver+18+for+SQL+Server&TrustServerCertificate=yes
  mssql:///?odbc_connect=<url-encoded ODBC connection string>
"""

from __future__ import annotations

import contextlib
import logging
import queue
import re
import struct
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import LOCK_WAIT_TIMEOUT, UNEXPECTED, AppError, DatabaseUnavailable
from .names import check_param, pascal, split_procedure

log = logging.getLogger("gateway")
_NUMBER = re.compile(r"\((5\d{4})\)\s*\(SQL")
_SERVER_TEXT = re.compile(r"\[SQL Server\](.*?)\s*\(\d+\)\s*\(SQL", re.S)


def odbc_string(url: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if "odbc_connect" in query:
        return query["odbc_connect"]
    driver = query.pop("driver", "ODBC Driver 18 for SQL Server")
    server = parts.hostname or "localhost"
    if parts.port:
        server += f",{parts.port}"
    items = {"DRIVER": "{" + driver + "}", "SERVER": server, "DATABASE": parts.path.lstrip("/")}
    if parts.username:
        items["UID"] = unquote(parts.username)
        items["PWD"] = "{" + unquote(parts.password or "").replace("}", "}}") + "}"
    items.update(query)
    return ";".join(f"{key}={value}" for key, value in items.items())


class MssqlBackend:
    dialect = "mssql"

    def __init__(self, url: str, max_size: int = 10, timeout: float = 5.0) -> None:
        import pyodbc

        self._pyodbc = pyodbc
        self._conn_str = odbc_string(url)
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=max_size)
        self._timeout = timeout

    def _connect(self):
        try:
            conn = self._pyodbc.connect(self._conn_str, autocommit=True, timeout=int(self._timeout))
        except self._pyodbc.Error as exc:
            raise DatabaseUnavailable() from exc
        # pyodbc has no DATETIMEOFFSET type (ODBC -155): without this, a result column of
        # that type ("x AT TIME ZONE ...") fails with "ODBC SQL type -155 is not yet supported".
        conn.add_output_converter(_SQL_DATETIMEOFFSET, _datetimeoffset)
        return conn

    def call(self, procedure: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        schema, name = split_procedure(procedure)
        # None is sent as the literal NULL: a NULL parameter that pyodbc cannot describe is
        # bound as VARCHAR, and VARCHAR -> VARBINARY(MAX) (tokens, attachments) is not an
        # implicit conversion (error 257). A typeless NULL converts to any parameter type.
        assigns = ", ".join(
            f"@{pascal(check_param(key))} = {'NULL' if value is None else '?'}" for key, value in params.items())
        # Every lock wait is bounded (error 1222 -> 9070), as lock_timeout bounds it in PostgreSQL.
        statement = (f"SET NOCOUNT ON; SET LOCK_TIMEOUT {LOCK_TIMEOUT_MS}; "
                     f"EXEC {schema}.{pascal(name)} {assigns}").rstrip()
        values = [_param(v) for v in params.values() if v is not None]
        for attempt in range(1, _DEADLOCK_ATTEMPTS + 1):
            try:
                return self._run(statement, values)
            except _Deadlock as deadlock:
                if attempt == _DEADLOCK_ATTEMPTS:
                    raise _map(deadlock.error) from deadlock.error
        raise AssertionError("unreachable")

    def _run(self, statement: str, values: list[Any]) -> list[dict[str, Any]]:
        conn = self._checkout()
        try:
            cur = conn.cursor()
            cur.execute(statement, values)
            rows: list[dict[str, Any]] | None = None
            while True:
                if rows is None and cur.description is not None:
                    names = [col[0] for col in cur.description]
                    rows = [{n: _value(v) for n, v in zip(names, row, strict=False)} for row in cur.fetchall()]
                # Drain the rest: an error raised after the SELECT arrives only here.
                if not cur.nextset():
                    break
            cur.close()
        except self._pyodbc.Error as exc:
            try:
                # XACT_ABORT procedures roll back themselves; never pool an open transaction.
                conn.execute("IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION")
            except self._pyodbc.Error:
                _discard(conn)
                conn = None
            # Deadlock victim (1205, SQLSTATE 40001): its whole transaction was rolled
            # back, so the call is simply made again (PostgreSQL rarely needs this).
            if exc.args and str(exc.args[0]) == "40001":
                raise _Deadlock(exc) from exc
            raise _map(exc) from exc
        finally:
            if conn is not None:
                try:
                    self._idle.put_nowait((conn, time.monotonic()))
                except queue.Full:
                    conn.close()
        return rows or []

    def _checkout(self):
        """A pooled connection, checked with a round trip when it sat idle (a restarted
        server leaves dead connections in the pool; psycopg_pool's check does the same)."""
        while True:
            try:
                conn, idle_since = self._idle.get_nowait()
            except queue.Empty:
                return self._connect()
            if time.monotonic() - idle_since < _TRUST_IDLE_SECONDS:
                return conn
            try:
                conn.execute("SELECT 1").fetchall()
                return conn
            except self._pyodbc.Error:
                _discard(conn)

    def close(self) -> None:
        while not self._idle.empty():
            _discard(self._idle.get_nowait()[0])


_SQL_DATETIMEOFFSET = -155
LOCK_TIMEOUT_MS = 5000  # the same 5 s as the PostgreSQL client logins' lock_timeout (roles.sql)
_LOCK_TIMEOUT = re.compile(r"\(1222\)\s*\(SQL")
_DEADLOCK_ATTEMPTS = 3
_TRUST_IDLE_SECONDS = 5.0  # a connection used this recently is handed out without a check


class _Deadlock(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _datetimeoffset(raw: bytes | None) -> datetime | None:
    """SQL_SS_TIMESTAMPOFFSET_STRUCT -> aware datetime (in UTC, like every other time here)."""
    if raw is None:
        return None
    year, month, day, hour, minute, second, fraction, tz_hour, tz_minute = struct.unpack("<6hI2h", raw)
    offset = timezone(timedelta(hours=tz_hour, minutes=tz_minute))
    value = datetime(year, month, day, hour, minute, second, fraction // 1000, tzinfo=offset)
    return value.astimezone(timezone.utc)


def _discard(conn: Any) -> None:
    with contextlib.suppress(Exception):  # a broken connection may refuse even to close
        conn.close()


def _param(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _value(value: Any) -> Any:
    # DATETIME2 columns hold UTC; psycopg gives timestamptz as aware datetimes.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def _map(exc: Exception) -> AppError:
    text = " ".join(str(arg) for arg in exc.args)
    state = str(exc.args[0]) if exc.args else ""
    if state.startswith("08"):
        return DatabaseUnavailable()
    if _LOCK_TIMEOUT.search(text):
        log.warning("espera de bloqueo agotada: %s", text)
        return AppError(LOCK_WAIT_TIMEOUT)
    number = _NUMBER.search(text)
    if number:
        found = _SERVER_TEXT.search(text)
        return AppError(int(number.group(1)) - 50000, found.group(1).strip() if found else None)
    log.error("error de SQL Server sin registro: %s", text)
    return AppError(UNEXPECTED)
