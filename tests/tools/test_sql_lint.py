"""sql_lint: the dialect comes from the folder; violations and unparsable T-SQL fail."""

from __future__ import annotations

import secrets
from pathlib import Path

from tools.dev.checks import _tsql_facts, sql_lint

GOOD_TSQL = """IF OBJECT_ID(N'webform.LintProbe', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.LintProbe AS RETURN 0;');
GO

ALTER PROCEDURE webform.LintProbe
    @Folio NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.Folio = @Folio)
        EXEC app.RaiseError @ErrorId = 1001;
    SELECT t.Folio AS folio
    FROM app.Ticket AS t
    WHERE t.Folio = @Folio;
END;
GO
"""


def write(tmp_path: Path, dialect: str, name: str, text: str) -> Path:
    path = tmp_path / "database" / "procedures" / dialect / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_tsql_passes(tmp_path):
    path = write(tmp_path, "mssql", "webform.LintProbe.sql", GOOD_TSQL)
    assert sql_lint.lint([path], processes=1, use_cache=False) == []


def test_unparsable_tsql_fails_even_with_noqa(tmp_path):
    bad = GOOD_TSQL.replace("WHERE t.Folio = @Folio;\nEND;", "WHERE t.Folio === @Folio;  -- noqa\nEND;")
    path = write(tmp_path, "mssql", "webform.LintProbe.sql", bad)
    problems = "\n".join(sql_lint.lint([path], processes=1, use_cache=False))
    assert "webform.LintProbe.sql:" in problems
    assert "PRS" in problems


def test_merge_is_blocked(tmp_path):
    merge = ("MERGE app.Setting AS t\nUSING app.Setting AS s ON t.SettingKey = s.SettingKey\n"
             "WHEN MATCHED THEN UPDATE SET t.SettingValue = s.SettingValue;\n")
    path = write(tmp_path, "mssql", "app.MergeProbe.sql", merge)
    assert any("CV09" in p and "MERGE" in p for p in sql_lint.lint([path], processes=1, use_cache=False))


def test_postgres_dialect_from_folder(tmp_path):
    path = write(tmp_path, "pg", "app.Probe.sql", "select 1 as one;\n")
    problems = sql_lint.lint([path], processes=1, use_cache=False)
    assert any("CP01" in p for p in problems)  # keywords in upper case
    assert not any("PRS" in p for p in problems)


def test_file_outside_a_dialect_folder_fails(tmp_path):
    path = tmp_path / "database" / "misc" / "x.sql"
    path.parent.mkdir(parents=True)
    path.write_text("SELECT 1;\n", encoding="utf-8")
    assert "carpeta sin dialecto" in sql_lint.lint([path], processes=1, use_cache=False)[0]


def test_one_parse_serves_lint_and_parity(tmp_path):
    """The tree sql_lint parses is also read for parity and cached by content: parity then finds
    the file's facts (objects, body) without parsing it again."""
    text = GOOD_TSQL.replace("LintProbe", f"LintProbe{secrets.token_hex(4)}")  # content never seen before
    path = write(tmp_path, "mssql", "webform.LintProbe.sql", text)
    key = _tsql_facts.cache_key(path.read_bytes())
    assert key not in _tsql_facts.load_cache()
    assert sql_lint.lint([path], processes=1) == []
    cached = _tsql_facts.load_cache()[key]
    assert cached["objects"][0]["name"].startswith("webform.LintProbe")
    assert cached["body"]["raised"] == {"1001": 11}
    assert sql_lint.tsql_facts([path]) == {path: cached}
