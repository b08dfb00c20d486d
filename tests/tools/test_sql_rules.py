"""sql_rules: T-SQL mistakes that only a real SQL Server would reveal, found by reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.dev.checks import sql_rules

ROOT = Path(__file__).resolve().parents[2]

GOOD = """-- webform.RulesProbe: a test-only procedure in the house skeleton.
IF OBJECT_ID(N'webform.RulesProbe', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.RulesProbe AS RETURN 0;');
GO

ALTER PROCEDURE webform.RulesProbe
    @Folio NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Count INT = 0;
    IF @Folio IS NULL
        THROW 51001, N'Falta un dato obligatorio.', 1;
    BEGIN TRY
        BEGIN TRANSACTION;
        SET @Count = @Count + 1;
        WITH recent AS (SELECT TOP (5) t.TicketId FROM app.Ticket AS t ORDER BY t.TicketId DESC)
        SELECT r.TicketId AS ticket_id FROM recent AS r;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
GO
"""

PG_GOOD = """CREATE OR REPLACE FUNCTION webform.rules_probe(p_folio VARCHAR)
RETURNS TABLE (ticket_id BIGINT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT t.ticket_id FROM app.ticket AS t WHERE t.folio = p_folio;
END;
$$;
"""


def run(tmp_path: Path, mssql: str = GOOD, pg: str = PG_GOOD) -> str:
    for dialect, text in (("mssql", mssql), ("pg", pg)):
        path = tmp_path / "database" / "procedures" / dialect / "webform.RulesProbe.sql"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return "\n".join(sql_rules.check(tmp_path / "database"))


def test_real_tree_passes(capsys):
    assert sql_rules.main([str(ROOT / "database")]) == 0
    assert "sql_rules: bien" in capsys.readouterr().out


def test_house_skeleton_passes(tmp_path):
    assert run(tmp_path) == ""


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    EXEC (N'CREATE PROCEDURE webform.RulesProbe AS RETURN 0;');\nGO\n",
     "    EXEC (N'CREATE PROCEDURE webform.RulesProbe AS RETURN 0;');\n",
     "webform.RulesProbe.sql:5: ALTER PROCEDURE webform.RulesProbe debe ser la primera instrucción de su lote"),
    ("CREATE PROCEDURE webform.RulesProbe AS", "CREATE PROCEDURE webform.RuleProbe AS",
     "webform.RulesProbe.sql:6: ALTER PROCEDURE webform.RulesProbe sin el stub que lo crea antes"),
    ("ROLLBACK TRANSACTION;\n        THROW;", "ROLLBACK TRANSACTION\n        THROW;",
     "webform.RulesProbe.sql:24: termine con ; la instrucción anterior a THROW"),
    ("SET @Count = @Count + 1;\n        WITH", "SET @Count = @Count + 1\n        WITH",
     "webform.RulesProbe.sql:18: termine con ; la instrucción anterior a WITH"),
    ("    SET NOCOUNT ON;\n", "", "webform.RulesProbe: falta SET NOCOUNT ON;"),
    ("    SET XACT_ABORT ON;\n", "", "webform.RulesProbe: falta SET XACT_ABORT ON;"),
])
def test_tsql_mistakes_fail(tmp_path, old, new, expected):
    assert old in GOOD
    assert expected in run(tmp_path, mssql=GOOD.replace(old, new))


def test_function_stub_of_another_kind_fails(tmp_path):
    function = """IF OBJECT_ID(N'webform.RulesProbe', N'FN') IS NULL
    EXEC (N'CREATE FUNCTION webform.RulesProbe () RETURNS INT AS BEGIN RETURN 0; END;');
GO
ALTER FUNCTION webform.RulesProbe (@Folio NVARCHAR(20))
RETURNS TABLE
AS
RETURN (SELECT t.TicketId AS ticket_id FROM app.Ticket AS t WHERE t.Folio = @Folio);
GO
"""
    assert "el stub crea function/scalar y ALTER lo cambia a function/table" in run(tmp_path, mssql=function)
    fixed = function.replace("RETURNS INT AS BEGIN RETURN 0; END;", "RETURNS TABLE AS RETURN (SELECT 1 AS x);")
    assert run(tmp_path, mssql=fixed) == ""


def test_pg_api_function_must_be_definer_with_safe_search_path(tmp_path):
    report = run(tmp_path, pg=PG_GOOD.replace("SECURITY DEFINER\n", ""))
    assert "webform.rules_probe: las funciones de webform son SECURITY DEFINER" in report
    report = run(tmp_path, pg=PG_GOOD.replace("SET search_path = pg_catalog, app, pg_temp\n", ""))
    assert "webform.rules_probe: falta SET search_path = pg_catalog, app, pg_temp" in report


TEMP_TABLE = """        CREATE TABLE #Pick (
            Code NVARCHAR(20) COLLATE DATABASE_DEFAULT NOT NULL,
            Label VARCHAR(40) COLLATE DATABASE_DEFAULT NULL,
            [Owner] SYSNAME COLLATE DATABASE_DEFAULT NULL,
            ItemId INT NOT NULL,
            PRIMARY KEY (Code, ItemId)
        );
        ALTER TABLE #Pick ADD Note NCHAR(10) COLLATE DATABASE_DEFAULT NULL, Weight FLOAT NULL;
        INSERT INTO #Pick (Code, ItemId) SELECT c.Code, 1 FROM app.Campus AS c;
        DECLARE @Seen TABLE (Code NVARCHAR(20) NOT NULL);
"""


def with_temp_table(text: str) -> str:
    return GOOD.replace("    DECLARE @Count INT = 0;\n", "    DECLARE @Count INT = 0;\n" + text)


def test_temp_table_text_columns_with_database_default_pass(tmp_path):
    assert run(tmp_path, mssql=with_temp_table(TEMP_TABLE)) == ""


@pytest.mark.parametrize(("column", "expected"), [
    ("Code NVARCHAR(20) COLLATE DATABASE_DEFAULT NOT NULL", "#Pick.Code NVARCHAR sin COLLATE DATABASE_DEFAULT"),
    ("Label VARCHAR(40) COLLATE DATABASE_DEFAULT NULL", "#Pick.Label VARCHAR sin COLLATE DATABASE_DEFAULT"),
    ("[Owner] SYSNAME COLLATE DATABASE_DEFAULT NULL", "#Pick.Owner SYSNAME sin COLLATE DATABASE_DEFAULT"),
    ("Note NCHAR(10) COLLATE DATABASE_DEFAULT NULL", "#Pick.Note NCHAR sin COLLATE DATABASE_DEFAULT"),
])
def test_temp_table_text_column_without_the_collation_fails(tmp_path, column, expected):
    bad = TEMP_TABLE.replace(column, column.replace(" COLLATE DATABASE_DEFAULT", ""))
    assert bad != TEMP_TABLE
    report = run(tmp_path, mssql=with_temp_table(bad))
    assert expected in report
    assert "(error 468)" in report
    assert report.count("\n") == 0, report  # only that column: INT/FLOAT, the key and @Seen are fine


def test_select_into_a_temp_table_is_refused(tmp_path):
    report = run(tmp_path, mssql=with_temp_table("        SELECT c.Code INTO #Copy FROM app.Campus AS c;\n"))
    assert "SELECT ... INTO #Copy: las columnas de texto copian la intercalación de su origen" in report


@pytest.mark.parametrize(("name", "columns"), [
    ("app.TicketStatsSync.sql", ["#Delta.Dimension"]),
    ("staff.ImportEquipment.sql", ["#ImportRow.InventoryTag", "#ImportRow.CampusCode",
                                   "#ImportRow.LocationName", "#Problem.Field"]),
    ("demo.SeedTickets.sql", ["#SeedPick.Catalog"]),
])
def test_real_temp_tables_fail_without_the_fix_and_pass_with_it(tmp_path, name, columns):
    """The procedures of issue 11 (error 468 on a server whose collation differs): fixed, and the rule sees it."""
    folder = "demo" if name.startswith("demo.") else "procedures"
    fixed = (ROOT / "database" / folder / "mssql" / name).read_text(encoding="utf-8")
    target = tmp_path / "database" / folder / "mssql" / name
    target.parent.mkdir(parents=True)
    target.write_text(fixed, encoding="utf-8")
    assert sql_rules.check(tmp_path / "database") == []
    target.write_text(fixed.replace(" COLLATE DATABASE_DEFAULT", ""), encoding="utf-8")
    report = "\n".join(sql_rules.check(tmp_path / "database"))
    for column in columns:
        assert f"{column} " in report and "sin COLLATE DATABASE_DEFAULT" in report, report


def test_temp_tables_in_table_versions_are_checked_too(tmp_path):
    vfile = tmp_path / "database" / "tables" / "mssql" / "V099__temp.sql"
    vfile.parent.mkdir(parents=True)
    vfile.write_text("CREATE TABLE #Load (Name NVARCHAR(50) NOT NULL);\nGO\n", encoding="utf-8")
    assert "V099__temp.sql:1: #Load.Name NVARCHAR sin COLLATE DATABASE_DEFAULT" in "\n".join(
        sql_rules.check(tmp_path / "database"))


# ---- settings are read by key only through app.setting_value / app.SettingValue -------

SETTING_PROBE_MSSQL = GOOD.replace(
    "    DECLARE @Count INT = 0;\n",
    "    DECLARE @Count INT = 0;\n"
    "    EXEC app.SettingValue @SettingKey = N'reopen_window_days', @SettingValue = @Count OUTPUT;\n",
)
SETTING_PROBE_PG = PG_GOOD.replace(
    "    RETURN QUERY SELECT t.ticket_id FROM app.ticket AS t WHERE t.folio = p_folio;\n",
    "    PERFORM app.setting_value('reopen_window_days');\n"
    "    RETURN QUERY SELECT t.ticket_id FROM app.ticket AS t WHERE t.folio = p_folio;\n",
)


def test_setting_read_through_the_helper_passes(tmp_path):
    assert run(tmp_path, mssql=SETTING_PROBE_MSSQL, pg=SETTING_PROBE_PG) == ""


@pytest.mark.parametrize("line", [
    "    SET @Count = COALESCE((SELECT s.SettingValue FROM app.Setting AS s "
    "WHERE s.SettingKey = N'reopen_window_days'), 7);\n",
    "    SELECT @Count = MAX(CASE WHEN s.SettingKey = N'attachment_max_count' THEN s.SettingValue END) "
    "FROM app.Setting AS s;\n",
    "    SELECT @Count = MAX(s.SettingValue) FROM app.Setting AS s "
    "WHERE s.[SettingKey] IN (N'attachment_max_count');\n",
    "    SELECT @Count = MAX(s.SettingValue) FROM app.Setting AS s WHERE N'photo_link_minutes' = s.SettingKey;\n",
])
def test_tsql_setting_key_compared_with_a_literal_fails(tmp_path, line):
    bad = SETTING_PROBE_MSSQL.replace("    BEGIN TRY\n", line + "    BEGIN TRY\n")
    report = run(tmp_path, mssql=bad, pg=SETTING_PROBE_PG)
    assert "webform.RulesProbe.sql" in report and "use EXEC app.SettingValue" in report


@pytest.mark.parametrize("line", [
    "    PERFORM coalesce(max(s.setting_value), 7) FROM app.setting AS s WHERE s.setting_key = 'reopen_window_days';\n",
    "    PERFORM max(s.setting_value) FILTER (WHERE s.setting_key = 'attachment_max_count') FROM app.setting AS s;\n",
    "    PERFORM 1 FROM app.setting AS s WHERE s.setting_key IN ('attachment_max_count', 'attachment_max_bytes');\n",
    "    PERFORM CASE s.setting_key WHEN 'attachment_max_count' THEN 1 END FROM app.setting AS s;\n",
])
def test_pg_setting_key_compared_with_a_literal_fails(tmp_path, line):
    bad = SETTING_PROBE_PG.replace("    RETURN QUERY", line + "    RETURN QUERY")
    report = run(tmp_path, mssql=SETTING_PROBE_MSSQL, pg=bad)
    assert "use app.setting_value('clave')" in report


def test_a_literal_default_for_a_setting_already_read_fails(tmp_path):
    """The drift of issue 19: pg alone had coalesce(v_idle_minutes, 30) after app.setting_value."""
    mssql = SETTING_PROBE_MSSQL.replace("    BEGIN TRY\n", "    SET @Count = ISNULL(@Count, 7);\n    BEGIN TRY\n")
    report = run(tmp_path, mssql=mssql, pg=SETTING_PROBE_PG)
    assert "ISNULL(@Count, 7) repite un valor de database/seed/01_setting.tsv" in report, report
    pg = SETTING_PROBE_PG.replace("    PERFORM app.setting_value('reopen_window_days');\n",
                                  "    v_days := app.setting_value('reopen_window_days');\n"
                                  "    PERFORM make_interval(days => coalesce(v_days, 7));\n")
    pg = pg.replace("BEGIN\n", "DECLARE\n    v_days INT;\nBEGIN\n", 1)
    report = run(tmp_path, mssql=SETTING_PROBE_MSSQL, pg=pg)
    assert "coalesce(v_days, 7) repite un valor de database/seed/01_setting.tsv" in report, report
    # a default for something else (a nullable parameter) is fine
    fine = pg.replace("coalesce(v_days, 7)", "coalesce(p_folio, 'x')")
    assert "repite" not in run(tmp_path, mssql=SETTING_PROBE_MSSQL, pg=fine)


def test_setting_key_compared_with_a_parameter_passes(tmp_path):
    """A screen that lists or saves every setting compares the key with its parameter."""
    pg = SETTING_PROBE_PG.replace(
        "    RETURN QUERY",
        "    UPDATE app.setting AS s SET setting_value = 1 WHERE s.setting_key = p_folio;\n    RETURN QUERY")
    mssql = SETTING_PROBE_MSSQL.replace(
        "    BEGIN TRY\n", "    UPDATE app.Setting SET SettingValue = 1 WHERE SettingKey = @Folio;\n    BEGIN TRY\n")
    assert run(tmp_path, mssql=mssql, pg=pg) == ""


def test_the_old_literal_default_reads_of_the_tree_fail(tmp_path):
    """The rule catches what this cleanup removed: staff.LogIn before it read app.SettingValue."""
    old_pg = """CREATE OR REPLACE FUNCTION webform.rules_probe(p_folio VARCHAR)
RETURNS TABLE (ticket_id BIGINT)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_max INT;
    v_lock INT;
BEGIN
    SELECT
        coalesce(max(s.setting_value) FILTER (WHERE s.setting_key = 'login_max_failures'), 5),
        coalesce(max(s.setting_value) FILTER (WHERE s.setting_key = 'login_lockout_minutes'), 15)
    INTO v_max, v_lock
    FROM app.setting AS s;
    RETURN QUERY SELECT t.ticket_id FROM app.ticket AS t WHERE t.folio = p_folio;
END;
$$;
"""
    report = run(tmp_path, pg=old_pg)
    assert report.count("se lee comparando la clave con un literal") == 2
    assert "'login_max_failures'" in report and "'login_lockout_minutes'" in report


# ---- hashes take explicit bytes, never text through a code page (issue 19/20) ----------

HASH_OK = """    DECLARE @Key NVARCHAR(200) = @Folio;
    DECLARE @KeyBytes VARBINARY(MAX);
    DECLARE @Hash VARBINARY(32);
    EXEC app.Utf8Bytes @Text = @Key, @Bytes = @KeyBytes OUTPUT;
    SET @Hash = HASHBYTES('SHA2_256', @KeyBytes);
    SET @Hash = HASHBYTES('SHA2_256', CAST(@Key AS VARBINARY(400)) + CAST('fake-salt' AS VARBINARY(9)));
"""


def with_hash(text: str) -> str:
    return GOOD.replace("    DECLARE @Count INT = 0;\n", "    DECLARE @Count INT = 0;\n" + text)


def test_hashing_explicit_bytes_passes(tmp_path):
    assert run(tmp_path, mssql=with_hash(HASH_OK)) == ""


@pytest.mark.parametrize("line", [
    "    SET @Hash = HASHBYTES('SHA2_256', CAST(LTRIM(RTRIM(@Key)) AS VARCHAR(200)));\n",
    "    SET @Hash = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), @Key));\n",
    "    SET @Hash = HASHBYTES('MD5', CAST(N'serie ' + @Key AS VARCHAR(60)));\n",
    "    SET @Hash = HASHBYTES('SHA2_256', CAST(CAST(@Key AS CHAR(10)) AS VARBINARY(10)));\n",
    "    DECLARE @Code VARCHAR(100) = UPPER(@Key);\n    SET @Hash = HASHBYTES('SHA2_256', @Code);\n",
    "    DECLARE @Code VARCHAR(100) = UPPER(@Key);\n"
    "    SET @Hash = HASHBYTES('SHA2_256', CAST(@Code AS VARBINARY(100)));\n",
    "    SET @Hash = HASHBYTES('SHA2_256', 'año');\n",
])
def test_hashing_text_through_a_code_page_fails(tmp_path, line):
    report = run(tmp_path, mssql=with_hash(HASH_OK + line))
    assert "HASHBYTES" in report and "app.Utf8Bytes" in report, report
    assert report.count("\n") == 0, report


@pytest.mark.parametrize("name", ["app.CheckSubmitRate.sql", "app.FindTicketByCode.sql", "webform.SubmitTicket.sql",
                                  "staff.ReissueAccessCode.sql", "app.TicketAccessCode.sql"])
def test_real_hashes_use_explicit_bytes(name):
    text = (ROOT / "database" / "procedures" / "mssql" / name).read_text(encoding="utf-8")
    assert "HASHBYTES" in text and not sql_rules.check_hash_inputs(
        ROOT / "database" / "procedures" / "mssql" / name, name)
