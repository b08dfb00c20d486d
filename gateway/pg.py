"""PostgreSQL backend: a psycopg connection pool and `SELECT * FROM schema.fn(p_x => ...)`."""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import pq
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from .errors import LOCK_WAIT_TIMEOUT, UNEXPECTED, AppError, DatabaseUnavailable
from .names import check_param, split_procedure

log = logging.getLogger("gateway")
VOID_OID = 2278
LOCK_NOT_AVAILABLE = "55P03"
CHECK_IDLE = 2.0  # seconds: a connection idle longer is checked before use (one round trip)


def _returned(conn: psycopg.Connection) -> None:
    """Stamp a connection as it goes back to the pool (read by _check_if_idle). Done by the caller
    rather than the pool's `reset` callback: with a callback, every return goes through the pool's
    worker thread (a queue hand-off and a thread wake-up per call, tools/dev/web_profile.py)."""
    conn.info_returned_at = time.monotonic()  # type: ignore[attr-defined]


def _check_if_idle(conn: psycopg.Connection) -> None:
    """Check (an empty query) only a connection that sat idle: one back from a call a moment ago is
    alive, and checking it cost a round trip per call (a fifth of a submit's CPU in the web tier,
    tools/dev/web_profile.py). A server restart takes longer than CHECK_IDLE, so the connections
    it killed are idle longer and still get checked (and replaced) before use."""
    if time.monotonic() - getattr(conn, "info_returned_at", 0.0) > CHECK_IDLE:
        ConnectionPool.check_connection(conn)


class PgBackend:
    dialect = "pg"

    def __init__(self, url: str, min_size: int = 1, max_size: int = 10, timeout: float = 5.0) -> None:
        self.pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            open=False,
            check=_check_if_idle,  # drop connections killed by a restart
            kwargs={"connect_timeout": 5, "application_name": "itl-tickets", "autocommit": True},
        )
        self.pool.open(wait=False)

    def call(self, procedure: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        query = _query(procedure, tuple(params))
        values = tuple(params.values())  # in the order of the placeholders: no per-call reordering by name
        try:
            with self.pool.connection() as conn:
                try:
                    with conn.cursor(row_factory=dict_row) as cur:
                        cur.execute(query, values)
                        # the result's own fields, not cur.description (a Column object per column, per read)
                        res = cur.pgresult
                        if res is None or res.status != pq.ExecStatus.TUPLES_OK or (
                            res.nfields == 1 and res.ftype(0) == VOID_OID
                        ):
                            return []
                        return cur.fetchall()
                finally:
                    _returned(conn)
        except PoolTimeout as exc:
            raise DatabaseUnavailable() from exc
        except psycopg.OperationalError as exc:
            if exc.sqlstate is None or exc.sqlstate.startswith(("08", "57P")):
                raise DatabaseUnavailable() from exc
            raise _map(exc) from exc
        except psycopg.Error as exc:
            raise _map(exc) from exc

    def close(self) -> None:
        self.pool.close()


@lru_cache(maxsize=512)
def _query(procedure: str, keys: tuple[str, ...]) -> bytes:
    """`SELECT * FROM "schema"."fn"("p_a" => %s, ...)`, built once per procedure and parameter set;
    the values go positionally, in the order of `keys`.

    Composing it with sql.Identifier on every call cost ~1.7 ms of CPU for a 27-parameter submit;
    the names are checked identifiers ([a-z][a-z0-9_]*), so quoting them is exact. Plain bytes
    (not sql.SQL, which psycopg composes again on every execute) whose conversion psycopg caches,
    and positional values (named ones are reordered on every execute).
    """
    schema, name = split_procedure(procedure)
    args = ", ".join(f'"p_{check_param(key)}" => %s' for key in keys)
    return f'SELECT * FROM "{schema}"."{name}"({args})'.encode()


def _map(exc: psycopg.Error) -> AppError:
    state = exc.sqlstate or ""
    if len(state) == 5 and state[0] == "U" and state[1:].isdigit():
        return AppError(int(state[1:]), exc.diag.message_primary)
    if state == LOCK_NOT_AVAILABLE:  # the login's lock_timeout passed (roles.sql)
        log.warning("espera de bloqueo agotada: %s", exc)
        return AppError(LOCK_WAIT_TIMEOUT)
    log.error("error de base de datos sin registro (%s): %s", state, exc)
    return AppError(UNEXPECTED)
