"""Shared pytest fixtures: `db` is a fresh database on each available backend."""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.support.database import MSSQL_SKIP, MSSQL_URL, PgCluster, backend_db

# The desktop app's per-user config file (desktop/config.py): tests never touch the real one.
# Set at import time, so the GUI subprocesses started by tests inherit it too.
os.environ.setdefault("ITL_DESK_CONFIG_DIR", tempfile.mkdtemp(prefix="itl-desk-config-"))


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = PgCluster()
    yield cluster
    cluster.close()


def backend_params():
    return [
        pytest.param("pg", id="pg"),
        pytest.param("mssql", id="mssql", marks=pytest.mark.skipif(not MSSQL_URL, reason=MSSQL_SKIP)),
    ]


@pytest.fixture(params=backend_params())
def db(request):
    """A fresh, fully deployed database (pg), or the shared SQL Server test database."""
    with backend_db(request, request.param) as test_db:
        yield test_db


@pytest.fixture
def pg_db(pg_cluster):
    """A fresh PostgreSQL database, for tests that are about the embedded backend only
    (private even in shared mode: some need an empty database, and none runs on SQL Server)."""
    test_db = pg_cluster.fresh(private=True)
    yield test_db
    pg_cluster.drop(test_db)
