"""sql_rules: T-SQL mistakes that only a real SQL Server would reveal, found by reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.checks import sql_rules

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
