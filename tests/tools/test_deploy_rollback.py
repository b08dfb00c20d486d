"""Deployer.step(): a failed step ends with the tool's own message, even when the rollback fails too."""

from __future__ import annotations

import io

import pytest

from tools.deploy import DB_DIR, Deployer, DeployError, PgDialect


def test_step_that_breaks_the_connection_still_names_the_file(pg_db):
    dialect = PgDialect(pg_db.owner_url)
    dialect.connect()
    path = DB_DIR / "procedures" / "pg" / "app.RaiseError.sql"
    try:
        with pytest.raises(DeployError) as failure:
            # The server ends this very session: the step fails and so does the rollback after it.
            Deployer(dialect, out=io.StringIO()).step(
                "el objeto", path, "SELECT pg_terminate_backend(pg_backend_pid())")
    finally:
        dialect.conn.close()
    text = str(failure.value)
    print(text)
    assert text.startswith("falló el objeto en database/procedures/pg/app.RaiseError.sql:\n"), text
    assert "terminating connection" in text
    assert "no se pudo deshacer la transacción" in text, "the rollback did not fail: the test proves nothing"


def test_step_outside_the_repository_names_the_path(pg_db, tmp_path):
    dialect = PgDialect(pg_db.owner_url)
    dialect.connect()
    path = tmp_path / "V099__broken.sql"
    try:
        with pytest.raises(DeployError) as failure:
            Deployer(dialect, out=io.StringIO()).step("la versión de tablas", path, "SELECT * FROM no_such_table")
    finally:
        dialect.conn.close()
    text = str(failure.value)
    assert text.startswith(f"falló la versión de tablas en {path}:\n"), text
    assert "no_such_table" in text
    assert "no se pudo deshacer" not in text
