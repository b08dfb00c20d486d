"""Upgrading an installation whose function changed its result columns: CREATE OR REPLACE
cannot do it (PostgreSQL 42P13), so the deploy tool drops the old signature and creates the new
one, and the desktop login can still execute it (default privileges of grants.sql)."""

from __future__ import annotations

import io

from tools.deploy import Deployer, PgDialect

NAME = "staff.save_setting"


def _shape(dialect: PgDialect) -> tuple[str, bool]:
    return dialect.query(
        "SELECT pg_get_function_result(p.oid), has_function_privilege('itl_desk', p.oid, 'EXECUTE')"
        " FROM pg_proc AS p WHERE p.oid = %s::regproc", (NAME,))[0]


def test_a_function_with_other_result_columns_is_replaced(pg_db):
    dialect = PgDialect(pg_db.owner_url)
    dialect.connect()
    try:
        dialect.prepare()
        new_result, _ = _shape(dialect)
        args = dialect.query("SELECT pg_get_function_identity_arguments(%s::regproc)", (NAME,))[0][0]
        # The previous release's shape: same parameters, one result column fewer.
        dialect.run(f"DROP FUNCTION {NAME}({args})")
        dialect.run(f"CREATE FUNCTION {NAME}({args}) RETURNS TABLE (setting_key VARCHAR)"
                    " LANGUAGE sql AS 'SELECT NULL::VARCHAR'")
        dialect.run("DELETE FROM app.deployed_object WHERE object_name = 'staff.SaveSetting'")
        dialect.conn.commit()
        assert _shape(dialect)[0] != new_result
        out = io.StringIO()
        Deployer(dialect, out=out).deploy()
        print(out.getvalue())
        assert "staff.SaveSetting: su firma cambió" in out.getvalue()
        assert _shape(dialect) == (new_result, True)
    finally:
        dialect.conn.close()
