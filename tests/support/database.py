"""Real databases for the tests: the embedded PostgreSQL always, SQL Server when configured.

PostgreSQL: one embedded server per test session (temporary data directory,
free port), one template database deployed once, and a fresh copy per test.
SQL Server: set ITL_MSSQL_TEST_URL (a db_owner login on an empty database);
optionally ITL_MSSQL_WEB_URL / ITL_MSSQL_DESK_URL for logins in webform_role /
staff_role. Without it, SQL Server tests are skipped and the reason printed.
"""

from __future__ import annotations

import io
import itertools
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gateway
from tools.deploy import Deployer, MssqlDialect, PgDialect
from tools.embedded_db import LOGINS, EmbeddedDb, free_port

TEMPLATE = "itl_template"
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
        for gw in (self.web, self.desk, self.owner_gw):
            gw.close()
        if self._owner_conn is not None:
            self._owner_conn.close()


class PgCluster:
    """The embedded server for one test session."""

    def __init__(self) -> None:
        self.state = Path(tempfile.mkdtemp(prefix="itl-test-db-"))
        self.server = EmbeddedDb(self.state, free_port())
        self.server.start()
        self.server.ensure_database(TEMPLATE)
        secrets_ = self.server.secrets()
        Deployer(PgDialect(self.server.url(database=TEMPLATE)), out=io.StringIO()).deploy(
            {login: secrets_[login] for login in LOGINS})

    def admin(self):
        import psycopg

        return psycopg.connect(self.server.url(database="postgres"), autocommit=True)

    def fresh(self) -> TestDb:
        name = f"t{os.getpid()}_{next(_counter)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE} STRATEGY FILE_COPY')
        s = self.server
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
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.server.stop()
        shutil.rmtree(self.state, ignore_errors=True)


_mssql_deployed = False


def mssql_db() -> TestDb:
    """SQL Server has no cheap database copies: tests share one deployed database."""
    global _mssql_deployed
    if not _mssql_deployed:
        Deployer(MssqlDialect(MSSQL_URL), out=io.StringIO()).deploy()
        _mssql_deployed = True
    web = os.environ.get("ITL_MSSQL_WEB_URL", MSSQL_URL)
    desk = os.environ.get("ITL_MSSQL_DESK_URL", MSSQL_URL)
    return TestDb("mssql", MSSQL_URL, gateway.connect(web), gateway.connect(desk), gateway.connect(MSSQL_URL))


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
