"""PostgreSQL's default PUBLIC rights are revoked for the client logins (issue 12, defect 8):
temporary objects, large objects, other databases, schema public and function source."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

LOGINS = ("itl_web", "itl_desk")
REFUSED = [
    ("temporary table", "CREATE TEMP TABLE scratch (a INT)"),
    ("temporary function", "CREATE FUNCTION pg_temp.f() RETURNS INT LANGUAGE sql AS 'SELECT 1'"),
    ("large object (lo_create)", "SELECT lo_create(0)"),
    ("large object (lo_creat)", "SELECT lo_creat(-1)"),
    ("large object from bytea", "SELECT lo_from_bytea(0, '\\x00'::BYTEA)"),
    ("table in schema public", "CREATE TABLE public.scratch (a INT)"),
    ("function source (pg_proc.prosrc)", "SELECT prosrc FROM pg_catalog.pg_proc WHERE proname = 'log_in'"),
    ("function source (pg_get_functiondef)",
     "SELECT pg_get_functiondef(p.oid) FROM pg_catalog.pg_proc AS p WHERE p.proname = 'log_in'"),
]


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize(("what", "statement"), REFUSED, ids=[w for w, _ in REFUSED])
def test_client_logins_lack_default_public_rights(pg_db, login, what, statement):
    with (psycopg.connect(pg_db.login_urls[login], autocommit=True) as conn,
          pytest.raises(psycopg.errors.InsufficientPrivilege)):
        conn.execute(statement)


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("database", ["postgres", "template1"])
def test_client_logins_cannot_connect_to_other_databases(pg_db, login, database):
    params = conninfo_to_dict(pg_db.login_urls[login])
    params["dbname"] = database
    with pytest.raises(psycopg.OperationalError, match="CONNECT"):
        psycopg.connect(make_conninfo(**params)).close()


@pytest.mark.parametrize("login", LOGINS)
def test_what_the_client_logins_need_still_works(pg_db, login):
    with psycopg.connect(pg_db.login_urls[login], autocommit=True) as conn:
        # Catalog names stay readable (drivers and psql \df), only the source is hidden.
        assert conn.execute("SELECT count(*) FROM pg_catalog.pg_proc WHERE proname = 'log_in'").fetchone()[0] == 1
        if login == "itl_web":
            assert conn.execute("SELECT count(*) FROM webform.list_catalog_items()").fetchone()[0] > 0
        else:
            assert conn.execute("SELECT iterations FROM staff.get_login_params('ana')").fetchone()[0] > 0


def test_the_owner_keeps_temporary_tables(pg_db):
    """SECURITY DEFINER functions run as itl_owner, and staff.import_equipment uses temp tables."""
    rights = pg_db.sql("SELECT r, has_database_privilege(r, current_database(), 'TEMPORARY') "
                       "FROM unnest(ARRAY['itl_owner', 'itl_web', 'itl_desk']) AS r ORDER BY r")
    assert rights == [("itl_desk", False), ("itl_owner", True), ("itl_web", False)]
    pg_db.sql("SET ROLE itl_owner")
    try:
        assert pg_db.sql("SELECT current_user")[0][0] == "itl_owner"
        pg_db.sql("CREATE TEMP TABLE owner_scratch (a INT)")
        pg_db.sql("INSERT INTO owner_scratch VALUES (7)")
        assert pg_db.sql("SELECT a FROM owner_scratch") == [(7,)]
        pg_db.sql("DROP TABLE owner_scratch")
    finally:
        pg_db.sql("RESET ROLE")
