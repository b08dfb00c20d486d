"""The parity check: passes on the real tree, fails with the right message on each mismatch.

Each test copies database/ to a temporary folder, adds a realistic API procedure pair
(TWIN_PG / TWIN_MSSQL below), breaks one thing and runs the real check on the copy: the pg side
deployed into the suite's embedded cluster (`pg_cluster`) and read from its catalog, the T-SQL
side from sqlfluff's parse trees (cached by file content, so only the edited file is parsed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools.dev.checks import _pg_catalog, _pg_facts, parity

ROOT = Path(__file__).resolve().parents[2]
ERROR_ID = 1001  # required_parameter, in the registry since the foundation
OTHER_ERROR_ID = 9001  # unexpected_error

TWIN_PG = """-- webform.parity_probe: a test-only twin of a typical API function.
CREATE OR REPLACE FUNCTION webform.parity_probe(
    p_folio VARCHAR(20),
    p_client_key BYTEA,
    p_include_closed BOOLEAN DEFAULT FALSE
)
RETURNS TABLE (folio VARCHAR, status_name VARCHAR, created_at TIMESTAMPTZ, is_open BOOLEAN)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    IF p_folio IS NULL THEN
        PERFORM app.raise_error(1001);  -- app.raise_error(9999) in a comment never counts
    END IF;
    RETURN QUERY
    SELECT t.folio, s.name, t.created_at, s.is_open
    FROM app.ticket AS t
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    WHERE t.folio = p_folio AND (p_include_closed OR s.is_open);
END;
$$;
"""

TWIN_MSSQL = """-- webform.ParityProbe: a test-only twin of a typical API procedure.
IF OBJECT_ID(N'webform.ParityProbe', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.ParityProbe AS RETURN 0;');
GO

ALTER PROCEDURE webform.ParityProbe
    @Folio NVARCHAR(20),
    @ClientKey VARBINARY(32),
    @IncludeClosed BIT = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Count INT;
    DECLARE @Seen TABLE (TicketId BIGINT NOT NULL);
    IF @Folio IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    SELECT @Count = COUNT(*) FROM app.Ticket AS t WHERE t.Folio = @Folio;
    INSERT INTO @Seen (TicketId)
    SELECT t.TicketId FROM app.Ticket AS t WHERE t.Folio = @Folio
    UNION ALL
    SELECT CAST(0 AS BIGINT);
    IF EXISTS (SELECT 1 FROM @Seen AS x WHERE x.TicketId = 0)
        SET @Count = @Count - 1;
    SELECT
        t.Folio AS folio,
        s.Name AS status_name,
        t.CreatedAt AS created_at,
        CASE WHEN s.IsOpen = 1 THEN CAST(1 AS BIT) ELSE CAST(0 AS BIT) END AS is_open
    FROM app.Ticket AS t
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    WHERE t.Folio = @Folio AND (@IncludeClosed = 1 OR s.IsOpen = 1);
END;
GO
"""


SERVER = None  # the suite's embedded server (set by the autouse fixture below)


@pytest.fixture(scope="module", autouse=True)
def server(pg_cluster):
    global SERVER
    SERVER = pg_cluster.server
    yield SERVER
    _pg_catalog.release(SERVER)  # the base database parity kept for incremental deploys


def check(database: Path) -> list[str]:
    return parity.check(database, SERVER)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of database/ with the probe pair added: it must pass before any change."""
    database = tmp_path / "database"
    shutil.copytree(ROOT / "database", database, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    (database / "procedures" / "pg" / "webform.ParityProbe.sql").write_text(TWIN_PG, encoding="utf-8")
    (database / "procedures" / "mssql" / "webform.ParityProbe.sql").write_text(TWIN_MSSQL, encoding="utf-8")
    assert check(database) == []
    return database


def edit(database: Path, relative: str, old: str, new: str) -> None:
    path = database / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} no está en {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(database: Path) -> str:
    found = check(database)
    assert found, "se esperaba al menos una diferencia"
    return "\n".join(found)


MS = "procedures/mssql/webform.ParityProbe.sql"
PG = "procedures/pg/webform.ParityProbe.sql"


def test_real_tree_passes(capsys):
    assert parity.main([str(ROOT / "database")], SERVER) == 0
    assert "parity: bien" in capsys.readouterr().out


def test_renamed_parameter(tree):
    edit(tree, MS, "@ClientKey VARBINARY(32)", "@ClientHash VARBINARY(32)")
    report = problems(tree)
    assert "database/procedures/mssql/webform.ParityProbe.sql" in report
    assert "parámetro 2: pg `p_client_key` <-> T-SQL `@ClientHash`; se espera `@ClientKey`" in report


def test_reordered_parameters(tree):
    edit(tree, PG, "    p_folio VARCHAR(20),\n    p_client_key BYTEA,\n",
         "    p_client_key BYTEA,\n    p_folio VARCHAR(20),\n")
    report = problems(tree)
    assert "parámetro 1: pg `p_client_key` <-> T-SQL `@Folio`" in report
    assert "parámetro 2: pg `p_folio` <-> T-SQL `@ClientKey`" in report


def test_missing_parameter(tree):
    edit(tree, MS, ",\n    @IncludeClosed BIT = 0", "")
    edit(tree, MS, "(@IncludeClosed = 1 OR s.IsOpen = 1)", "s.IsOpen = 1")
    assert "faltan parámetros en T-SQL: p_include_closed" in problems(tree)


def test_incompatible_parameter_type(tree):
    edit(tree, MS, "@Folio NVARCHAR(20)", "@Folio INT")
    # PostgreSQL keeps no size for a function parameter (it ignores it): the catalog says VARCHAR
    assert "parámetro @Folio: tipos incompatibles: pg VARCHAR <-> T-SQL INT" in problems(tree)


def test_default_on_one_side_only(tree):
    edit(tree, MS, "@IncludeClosed BIT = 0", "@IncludeClosed BIT")
    assert "parámetro @IncludeClosed: tiene valor por omisión solo en pg" in problems(tree)


def test_missing_result_column(tree):
    edit(tree, MS, "        t.CreatedAt AS created_at,\n", "")
    report = problems(tree)
    assert "columnas del resultado distintas (faltan created_at)" in report
    assert "webform.ParityProbe.sql:25" in report  # the line of the result SELECT


def test_result_column_not_snake_case(tree):
    edit(tree, MS, "s.Name AS status_name", "s.Name AS StatusName")
    assert "faltan status_name; sobran StatusName" in problems(tree)


def test_result_column_without_name(tree):
    edit(tree, MS, "t.CreatedAt AS created_at", "DATEADD(HOUR, 1, t.CreatedAt)")
    assert "columna 3 del SELECT sin nombre" in problems(tree)


def test_result_columns_reordered(tree):
    edit(tree, PG, "RETURNS TABLE (folio VARCHAR, status_name VARCHAR,",
         "RETURNS TABLE (status_name VARCHAR, folio VARCHAR,")
    assert "mismo conjunto, otro orden" in problems(tree)


def test_different_error_id(tree):
    edit(tree, MS, "@ErrorId = 1001", f"@ErrorId = {OTHER_ERROR_ID}")
    report = problems(tree)
    assert f"error {ERROR_ID} (required_parameter) aparece en pg" in report
    assert f"error {OTHER_ERROR_ID} (unexpected_error) aparece en T-SQL" in report


def test_error_id_missing_from_registry(tree):
    edit(tree, PG, "app.raise_error(1001);", "app.raise_error(1098);")
    edit(tree, MS, "@ErrorId = 1001", "@ErrorId = 1098")
    report = problems(tree)
    assert "webform.ParityProbe.sql:14: error 1098 no está en database/errors.tsv" in report
    assert "webform.ParityProbe.sql:17: error 1098 no está en database/errors.tsv" in report


def test_missing_twin_file(tree):
    (tree / MS).unlink()
    assert ("database/procedures/pg/webform.ParityProbe.sql: falta su gemelo T-SQL "
            "database/procedures/mssql/webform.ParityProbe.sql") in problems(tree)


def test_object_name_differs_from_file(tree):
    edit(tree, MS, "ALTER PROCEDURE webform.ParityProbe", "ALTER PROCEDURE webform.ParityProbes")
    assert "no define webform.ParityProbe" in problems(tree)


def test_extra_table_column(tree):
    edit(tree, "tables/mssql/V001__initial.sql", "    Address NVARCHAR(300) NOT NULL,\n",
         "    Address NVARCHAR(300) NOT NULL,\n    Phone NVARCHAR(40) NULL,\n")
    assert "database/tables/mssql/V001__initial.sql:51: app.campus: columna Phone no existe en pg" in problems(tree)


def test_table_column_nullability(tree):
    edit(tree, "tables/pg/V001__initial.sql", "address VARCHAR(300) NOT NULL", "address VARCHAR(300) NULL")
    assert "app.campus.Address: NOT NULL en T-SQL y no en el otro dialecto" in problems(tree)


def test_missing_table_version_twin(tree):
    (tree / "tables" / "pg" / "V099__extra.sql").write_text("CREATE TABLE app.extra (x INT NOT NULL);\n")
    assert "database/tables/pg/V099__extra.sql: falta su gemelo T-SQL" in problems(tree)


def test_repeated_table_version_number(tree):
    (tree / "tables" / "pg" / "V001__extra.sql").write_text("CREATE TABLE app.extra (x INT NOT NULL);\n")
    assert "database/tables/pg/V001__initial.sql: número de versión repetido (también V001__extra.sql)" \
        in problems(tree)


def test_void_procedure_returning_rows(tree):
    (tree / "procedures" / "pg" / "staff.ParityVoid.sql").write_text(
        "CREATE OR REPLACE FUNCTION staff.parity_void(p_token BYTEA)\nRETURNS VOID\nLANGUAGE plpgsql\n"
        "AS $$\nBEGIN\n    PERFORM 1;\nEND;\n$$;\n")
    (tree / "procedures" / "mssql" / "staff.ParityVoid.sql").write_text(
        "ALTER PROCEDURE staff.ParityVoid\n    @Token VARBINARY(64)\nAS\nBEGIN\n    DECLARE @X INT;\n"
        "    SELECT @X = 1;\n    SELECT 1 AS one;\nEND;\nGO\n")
    report = problems(tree)
    assert "staff.ParityVoid.sql:7: este SELECT devuelve filas, pero pg staff.parity_void devuelve VOID" in report
    assert ":6:" not in report  # SELECT @X = 1 assigns, it returns nothing


def test_dynamic_sql_result_columns(tree):
    """EXEC sp_executesql @Sql: the columns are read from the text built in @Sql."""
    dynamic = TWIN_MSSQL.replace(
        "    SELECT\n        t.Folio AS folio,",
        "    DECLARE @Sql NVARCHAR(MAX) = N'SELECT t.Folio AS folio, s.Name AS status_name,'\n"
        "        + N' t.CreatedAt AS created_at, s.IsOpen AS is_open FROM app.Ticket AS t';\n"
        "    EXEC sp_executesql @Sql;\n    SELECT\n        t.Folio AS folio,",
    ).split("    SELECT\n        t.Folio AS folio,")[0] + "END;\nGO\n"
    (tree / MS).write_text(dynamic, encoding="utf-8")
    assert check(tree) == []
    (tree / MS).write_text(dynamic.replace("s.IsOpen AS is_open", "s.IsOpen AS open_flag"), encoding="utf-8")
    assert "faltan is_open; sobran open_flag" in problems(tree)


def test_main_reports_and_fails(tree, capsys):
    edit(tree, MS, "@ClientKey VARBINARY(32)", "@ClientHash VARBINARY(32)")
    assert parity.main([str(tree)], SERVER) == 1
    out = capsys.readouterr().out
    assert "parity: FALLÓ" in out
    assert "@ClientHash" in out


def test_type_sizes_are_not_error_ids(tree):
    """NVARCHAR(2001) is a size: it must not count as error 2001 raised only in T-SQL."""
    edit(tree, MS, "    DECLARE @Count INT;\n", "    DECLARE @Count INT;\n    DECLARE @Pad NVARCHAR(2001);\n")
    assert check(tree) == []
    edit(tree, MS, "DECLARE @Pad NVARCHAR(2001);", "DECLARE @Pad INT = 2001;")
    assert "error 2001 (session_invalid) aparece en T-SQL" in problems(tree)


VIEW_PG = """CREATE OR REPLACE VIEW stats.parity_view AS
SELECT t.campus_id, count(*) AS ticket_count
FROM app.ticket AS t
GROUP BY t.campus_id;
"""
VIEW_MSSQL = """IF OBJECT_ID(N'stats.ParityView', N'V') IS NOT NULL
    DROP VIEW stats.ParityView;
GO
CREATE VIEW stats.ParityView AS
SELECT
    t.CampusId,
    COUNT_BIG(*) AS TicketCount
FROM app.Ticket AS t
GROUP BY t.CampusId;
GO
"""


def test_view_columns(tree):
    (tree / "procedures" / "pg" / "stats.ParityView.sql").write_text(VIEW_PG, encoding="utf-8")
    (tree / "procedures" / "mssql" / "stats.ParityView.sql").write_text(VIEW_MSSQL, encoding="utf-8")
    assert check(tree) == []
    edit(tree, "procedures/mssql/stats.ParityView.sql", "    COUNT_BIG(*) AS TicketCount\n", "    COUNT_BIG(*)\n")
    assert "stats.ParityView.sql:5: columna 2 del SELECT sin nombre" in problems(tree)


def test_api_function_must_return_a_table(tree):
    edit(tree, PG, "RETURNS TABLE (folio VARCHAR, status_name VARCHAR, created_at TIMESTAMPTZ, is_open BOOLEAN)",
         "RETURNS INT")
    edit(tree, PG, "    RETURN QUERY\n    SELECT t.folio, s.name, t.created_at, s.is_open\n",
         "    RETURN (SELECT count(*)::INT\n")
    edit(tree, PG, "AND (p_include_closed OR s.is_open);", "AND (p_include_closed OR s.is_open));")
    assert "webform.parity_probe: una función de la API devuelve RETURNS TABLE (...) o VOID" in problems(tree)


def test_registry_duplicates_are_reported(tree):
    registry = tree / "errors.tsv"
    registry.write_text(registry.read_text(encoding="utf-8")
                        + "1001\tother_key\tOtro mensaje.\n9003\trequired_parameter\tOtro.\n", encoding="utf-8")
    report = problems(tree)
    assert "errors.tsv" in report
    assert "id 1001 repetido" in report
    assert "clave 'required_parameter' repetida (ya la usa el id 1001)" in report


def test_added_columns_in_a_later_version(tree):
    (tree / "tables" / "pg" / "V099__probe.sql").write_text(
        "ALTER TABLE app.campus ADD COLUMN phone VARCHAR(40) NULL, ADD COLUMN email VARCHAR(254) NULL;\n"
        "ALTER TABLE app.campus ADD COLUMN note VARCHAR(10) NULL;\n"
        "ALTER TABLE app.campus DROP COLUMN note;\n", encoding="utf-8")
    (tree / "tables" / "mssql" / "V099__probe.sql").write_text(
        "ALTER TABLE app.Campus ADD Phone NVARCHAR(40) NULL, Email NVARCHAR(254) NULL;\n"
        "ALTER TABLE app.Campus ADD Note NVARCHAR(10) NULL;\n"
        "ALTER TABLE app.Campus DROP COLUMN Note;\n", encoding="utf-8")
    assert check(tree) == []
    edit(tree, "tables/mssql/V099__probe.sql", ", Email NVARCHAR(254) NULL", "")
    assert "app.campus: falta la columna Email (pg: email)" in problems(tree)


# ---- body facts: what each twin does, not only its signature ---------------------------------

def test_setting_read_only_in_pg(tree):
    edit(tree, PG, "    RETURN QUERY\n", "    PERFORM app.setting_value('reopen_window_days');\n    RETURN QUERY\n")
    report = problems(tree)
    assert "database/procedures/mssql/webform.ParityProbe.sql: webform.ParityProbe: la configuración " \
           "'reopen_window_days' se lee en pg (línea 16) y no en T-SQL" in report


def test_setting_read_only_in_tsql(tree):
    edit(tree, MS, "    DECLARE @Count INT;\n",
         "    DECLARE @Count INT;\n"
         "    EXEC app.SettingValue @SettingKey = N'reopen_window_days', @SettingValue = @Count OUTPUT;\n")
    report = problems(tree)
    assert "database/procedures/pg/webform.ParityProbe.sql: webform.ParityProbe: la configuración " \
           "'reopen_window_days' se lee en T-SQL (línea 15) y no en pg" in report


def test_different_setting_on_each_side(tree):
    edit(tree, PG, "    RETURN QUERY\n", "    PERFORM app.setting_value('reopen_window_days');\n    RETURN QUERY\n")
    edit(tree, MS, "    DECLARE @Count INT;\n",
         "    DECLARE @Count INT;\n"
         "    EXEC app.SettingValue @SettingKey = N'photo_link_minutes', @SettingValue = @Count OUTPUT;\n")
    report = problems(tree)
    assert "'reopen_window_days' se lee en pg" in report
    assert "'photo_link_minutes' se lee en T-SQL" in report


def test_table_written_only_in_tsql(tree):
    edit(tree, MS, "    SELECT @Count = COUNT(*)",
         "    UPDATE t SET t.UpdatedAt = SYSUTCDATETIME() FROM app.Ticket AS t WHERE t.Folio = @Folio;\n"
         "    SELECT @Count = COUNT(*)")
    report = problems(tree)
    assert "database/procedures/pg/webform.ParityProbe.sql: webform.ParityProbe: escribe en la tabla " \
           "app.Ticket (UPDATE) en T-SQL (línea 18) y no en pg" in report


def test_table_written_on_both_sides_but_otherwise(tree):
    """The same table, written as UPDATE in pg (through an alias) and DELETE in T-SQL."""
    edit(tree, PG, "    RETURN QUERY\n",
         "    UPDATE app.ticket AS t SET updated_at = now() WHERE t.folio = p_folio;\n    RETURN QUERY\n")
    edit(tree, MS, "    SELECT @Count = COUNT(*)",
         "    UPDATE t SET t.UpdatedAt = SYSUTCDATETIME() FROM app.Ticket AS t WHERE t.Folio = @Folio;\n"
         "    SELECT @Count = COUNT(*)")
    assert check(tree) == []
    edit(tree, MS, "UPDATE t SET t.UpdatedAt = SYSUTCDATETIME() FROM app.Ticket AS t WHERE t.Folio = @Folio;",
         "DELETE FROM app.Ticket WHERE Folio = @Folio;")
    report = problems(tree)
    assert "escribe en la tabla app.ticket (UPDATE) en pg (línea 16) y no en T-SQL" in report
    assert "escribe en la tabla app.Ticket (DELETE) en T-SQL (línea 18) y no en pg" in report


def test_procedure_called_only_in_pg(tree):
    edit(tree, PG, "    RETURN QUERY\n", "    PERFORM app.lock_resource('probe');\n    RETURN QUERY\n")
    assert "webform.ParityProbe: llama a app.lock_resource en pg (línea 16) y no en T-SQL" in problems(tree)


def test_pg_file_postgres_refuses(tree):
    """The pg side is what PostgreSQL accepts: a file it refuses is reported with its message."""
    edit(tree, PG, "RETURNS TABLE (folio VARCHAR,", "RETURNS TABLE (folio VARCHAR_TYPO,")
    report = problems(tree)
    assert "database/procedures/pg/webform.ParityProbe.sql: PostgreSQL no lo acepta: " in report
    assert "varchar_typo" in report


def test_pg_facts_read_functions_declaring_our_types():
    """libpg_query's PL/pgSQL parser knows only pg_catalog types: a variable of one of ours
    (`app.ticket[]`, `app.ticket%ROWTYPE`) must not hide the function's facts."""
    text = """CREATE OR REPLACE FUNCTION app.probe_facts()
RETURNS VOID
LANGUAGE plpgsql
AS $$
DECLARE
    v_rows app.ticket[];
    v_row app.ticket%ROWTYPE;
    v_days INT := app.setting_value('reopen_window_days');
BEGIN
    UPDATE app.ticket SET updated_at = now() WHERE ticket_id = v_row.ticket_id;
    PERFORM app.raise_error(1001);
END;
$$;
"""
    facts = _pg_facts.body_facts(text)
    assert facts["writes"] == {"app.ticket:update": 10}
    assert facts["settings"] == {"reopen_window_days": 8}
    assert facts["raised"] == {"1001": 11}
