"""Real databases for the tests: the embedded PostgreSQL always, SQL Server when configured.

PostgreSQL: one embedded server per test session (temporary data directory,
free port), one template database deployed once, and a fresh copy per test.
Shared mode (ITL_TEST_SHARED_DB=1) behaves like SQL Server instead: every test
gets the SAME deployed database. With ITL_TEST_DB_DIR=<dir> the server's data
directory is kept there between runs (deployed once, redeploys say "Sin cambios"),
so running the suite twice proves that tests clean up after themselves
(python -m tools.dev.shared_mode_proof does exactly that).
SQL Server: set ITL_MSSQL_TEST_URL (a db_owner login on an empty database), and
ITL_MSSQL_WEB_URL / ITL_MSSQL_DESK_URL for logins in webform_role / staff_role.
Without ITL_MSSQL_TEST_URL, SQL Server tests are skipped and the reason printed;
without a login URL, each test that calls through that login is skipped (printed
reason) instead of running as the owner.
"""

from __future__ import annotations

import io
import itertools
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gateway
from tools.deploy import Deployer, MssqlDialect, PgDialect
from tools.embedded_db import LOGINS, EmbeddedDb, free_port

TEMPLATE = "itl_template"
SHARED = "itl_shared"
SHARED_MODE = os.environ.get("ITL_TEST_SHARED_DB", "") == "1"
SHARED_DIR = os.environ.get("ITL_TEST_DB_DIR", "")
ROLES_SQL = Path(__file__).resolve().parents[2] / "database" / "grants" / "pg" / "roles.sql"
MSSQL_URL = os.environ.get("ITL_MSSQL_TEST_URL", "")
MSSQL_SKIP = "SQL Server: defina ITL_MSSQL_TEST_URL para correr estas pruebas contra SQL Server"
_counter = itertools.count()


@dataclass
class TestDb:
    """One database under test, with a gateway per login and an owner connection."""

    dialect: str
    owner_url: str
    web: gateway.Gateway
    desk: gateway.Gateway
    owner_gw: gateway.Gateway
    login_urls: dict[str, str] = field(default_factory=dict)  # itl_web / itl_desk (pg)
    _owner_conn: Any = field(default=None, repr=False)
    _finalizers: list[Callable[[], None]] = field(default_factory=list, repr=False)
    restored: set[str] = field(default_factory=set, repr=False)  # what a finalizer already restores

    def on_close(self, finalizer: Callable[[], None]) -> None:
        """Run `finalizer` when the test is done with this database (last registered, first run):
        tests restore what they change, because SQL Server (and shared mode) keep one database."""
        self._finalizers.append(finalizer)

    def sql(self, pg: str, mssql: str | None = None, params: tuple = ()) -> list[tuple]:
        """Run SQL as the owner (tests only: arrange data, check what procedures wrote)."""
        if self._owner_conn is None:
            if self.dialect == "pg":
                import psycopg

                self._owner_conn = psycopg.connect(self.owner_url, autocommit=True)
            else:
                import pyodbc

                from gateway.mssql import odbc_string

                self._owner_conn = pyodbc.connect(odbc_string(self.owner_url), autocommit=True)
        text = pg if self.dialect == "pg" else mssql
        if text is None:
            raise ValueError("falta la versión T-SQL de esta consulta")
        cur = self._owner_conn.cursor()
        if self.dialect == "mssql":
            text = text.replace("%s", "?")
        cur.execute(text, params)
        rows = cur.fetchall() if cur.description else []
        return [tuple(r) for r in rows]

    def close(self) -> None:
        try:
            while self._finalizers:
                self._finalizers.pop()()
        finally:
            self._finalizers.clear()
            self.restored.clear()
            for gw in (self.web, self.desk, self.owner_gw):
                gw.close()
            if self._owner_conn is not None:
                self._owner_conn.close()
                self._owner_conn = None


class PgCluster:
    """The embedded server for one test session (see the module docstring for shared mode)."""

    def __init__(self, shared: bool = SHARED_MODE, state_dir: str = SHARED_DIR) -> None:
        self.shared = shared
        self.keep_state = bool(shared and state_dir)
        self.state = Path(state_dir) if self.keep_state else Path(tempfile.mkdtemp(prefix="itl-test-db-"))
        self.server = self._start_server()
        self.server.ensure_database(TEMPLATE)
        logins = {login: self.server.secrets()[login] for login in LOGINS}
        Deployer(PgDialect(self.server.url(database=TEMPLATE)), out=io.StringIO()).deploy(logins)
        if shared:  # created once from the template; later runs only redeploy what changed
            with self.admin() as conn:
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (SHARED,)).fetchone():
                    conn.execute(f'CREATE DATABASE "{SHARED}" TEMPLATE {TEMPLATE} STRATEGY FILE_COPY')
            Deployer(PgDialect(self.server.url(database=SHARED)), out=io.StringIO()).deploy(logins)

    def _start_server(self) -> EmbeddedDb:
        """Start the server; a port taken between choosing it and listening on it (another suite
        on the same machine) gets a new port, up to three times."""
        import psycopg

        for attempt in range(3):
            server = EmbeddedDb(self.state, free_port())
            try:
                server.start()
                server.ensure_database("postgres")
                return server
            except (SystemExit, OSError, psycopg.OperationalError) as exc:
                if attempt == 2:
                    raise
                print(f"servidor de pruebas: reintento con otro puerto ({exc})")
                server.stop()
        raise AssertionError("unreachable")

    def admin(self):
        import psycopg

        return psycopg.connect(self.server.url(database="postgres"), autocommit=True)

    def fresh(self, private: bool = False) -> TestDb:
        """A new copy of the deployed template; in shared mode, the one shared database.

        `private=True` always copies the template: for the pg-only tests that need an empty
        database (the first administrator), which never run on SQL Server.
        """
        s = self.server
        if self.shared and not private:
            name = SHARED  # deployed in __init__, roles.sql included
        else:
            name = f"t{os.getpid()}_{next(_counter)}"
            with self.admin() as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE} STRATEGY FILE_COPY')
            # Database-level rights are not copied from the template: apply them as the deploy does.
            import psycopg

            with psycopg.connect(s.url(database=name), autocommit=True) as conn:
                conn.execute(ROLES_SQL.read_text(encoding="utf-8"))
        return TestDb(
            "pg", s.url(database=name),
            gateway.connect(s.url("itl_web", name), min_size=0, max_size=4),
            gateway.connect(s.url("itl_desk", name), min_size=0, max_size=4),
            gateway.connect(s.url(database=name), min_size=0, max_size=2),
            {login: s.url(login, name) for login in LOGINS},
        )

    def drop(self, db: TestDb) -> None:
        name = db.owner_url.rsplit("/", 1)[1]
        db.close()
        if name == SHARED:
            return  # the shared database outlives every test, as on SQL Server
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.server.stop()
        if not self.keep_state:
            shutil.rmtree(self.state, ignore_errors=True)


_mssql_deployed = False


def mssql_db() -> TestDb:
    """SQL Server has no cheap database copies: tests share one deployed database."""
    global _mssql_deployed
    if not _mssql_deployed:
        Deployer(MssqlDialect(MSSQL_URL), out=io.StringIO()).deploy()
        _mssql_deployed = True
    web_url = os.environ.get("ITL_MSSQL_WEB_URL", "")
    desk_url = os.environ.get("ITL_MSSQL_DESK_URL", "")
    # Never fall back to the owner: the permission model would go untested while the tests pass.
    web: Any = gateway.connect(web_url) if web_url else MissingLogin("ITL_MSSQL_WEB_URL", "webform_role")
    desk: Any = gateway.connect(desk_url) if desk_url else MissingLogin("ITL_MSSQL_DESK_URL", "staff_role")
    return TestDb("mssql", MSSQL_URL, web, desk, gateway.connect(MSSQL_URL))


class MissingLogin:
    """Stands in for a SQL Server login that is not configured: a test that uses it is skipped, with the reason."""

    def __init__(self, variable: str, role: str) -> None:
        self.reason = (f"SQL Server: defina {variable} (un inicio de sesión miembro de {role}, no el dueño) "
                       "para correr esta prueba con los permisos reales")

    dialect = "mssql"

    def call(self, procedure: str, **params: Any) -> list[dict[str, Any]]:
        import pytest

        pytest.skip(self.reason)

    def close(self) -> None:
        pass


def set_setting(db: TestDb, key: str, value: int) -> None:
    """Change one app.setting for this test; the old value comes back when the test ends."""
    if f"setting:{key}" not in db.restored:
        old = db.sql("SELECT setting_value FROM app.setting WHERE setting_key = %s",
                     "SELECT SettingValue FROM app.Setting WHERE SettingKey = ?", (key,))[0][0]
        db.restored.add(f"setting:{key}")
        db.on_close(lambda: _write_setting(db, key, old))
    _write_setting(db, key, value)


def _write_setting(db: TestDb, key: str, value: int) -> None:
    db.sql("UPDATE app.setting SET setting_value = %s WHERE setting_key = %s",
           "UPDATE app.Setting SET SettingValue = ? WHERE SettingKey = ?", (value, key))


def new_token() -> bytes:
    return secrets.token_bytes(32)


def insert_staff_session(db: TestDb, role: str = "operador", username: str | None = None) -> tuple[int, bytes]:
    """Arrange a staff user with a live session directly as the owner; returns (staff_id, token).

    For tests of procedures other than login; the login procedures have their own tests.
    The stored verifier matches no password, so this user cannot log in.
    """
    username = username or f"{role[:3]}{secrets.token_hex(4)}"
    token = new_token()
    salt, verifier = secrets.token_bytes(16), secrets.token_bytes(32)
    staff_id = db.sql(
        "INSERT INTO app.staff_user (username, full_name, role, salt, iterations, verifier, must_change_password) "
        "VALUES (%s, %s, %s, %s, 600000, %s, FALSE) RETURNING staff_id",
        "INSERT INTO app.StaffUser (Username, FullName, Role, Salt, Iterations, Verifier, MustChangePassword) "
        "OUTPUT INSERTED.StaffId VALUES (?, ?, ?, ?, 600000, ?, 0)",
        (username, f"Prueba {username}", role, salt, verifier),
    )[0][0]
    db.sql(
        "INSERT INTO app.staff_session (token_hash, staff_id, expires_at) "
        "VALUES (sha256(%s), %s, now() + interval '12 hours')",
        "INSERT INTO app.StaffSession (TokenHash, StaffId, ExpiresAt) "
        "VALUES (HASHBYTES('SHA2_256', ?), ?, DATEADD(HOUR, 12, SYSUTCDATETIME()))",
        (token, staff_id),
    )
    return staff_id, token


@contextmanager
def backend_db(request, backend: str) -> Iterator[TestDb]:
    """A fresh, fully deployed pg database from the session's cluster, or the shared SQL Server one."""
    if backend == "pg":
        cluster = request.getfixturevalue("pg_cluster")
        test_db = cluster.fresh()
        try:
            yield test_db
        finally:
            cluster.drop(test_db)
    else:
        test_db = mssql_db()
        try:
            yield test_db
        finally:
            test_db.close()
