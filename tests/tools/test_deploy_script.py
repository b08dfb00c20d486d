"""tools/deploy.py --script: the T-SQL install script a DBA runs with sqlcmd or SSMS (read, not run: no server here)."""

from __future__ import annotations

import re
from pathlib import Path

import sqlfluff

from tools import deploy


def test_script_starts_with_bom_and_the_set_options_procedures_need(tmp_path: Path):
    target = tmp_path / "install.sql"
    assert deploy.main(["--script", str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "sin BOM, sqlcmd sin -f 65001 lee los acentos como ANSI"
    text = raw.decode("utf-8-sig")
    header = text.split("\nGO\n", 1)[0]
    for option in ("SET QUOTED_IDENTIFIER ON;", "SET ANSI_NULLS ON;", "SET XACT_ABORT ON;"):
        assert option in header
    assert text.index("SET QUOTED_IDENTIFIER ON;") < text.index("ALTER PROCEDURE")
    assert text.rstrip().endswith("SET NOEXEC OFF;\nGO")


def test_schema_version_is_named_only_inside_dynamic_sql():
    """Before V001 app.SchemaVersion does not exist: a static reference fails with error 208."""
    text = deploy.install_script()
    for version, path in deploy.table_files("mssql"):
        batch = deploy._table_version_sql(version, path)
        outer = re.sub(r"EXEC \(N'(?:[^']|'')*'\);", "EXEC (...);", batch)  # drop the V file bodies
        for line in outer.splitlines():
            if "app.SchemaVersion" in line and "OBJECT_ID(N'app.SchemaVersion'" not in line:
                assert line.strip().startswith("N'"), line
        assert batch in text


def test_every_go_part_of_a_table_file_is_its_own_exec(tmp_path: Path):
    vfile = tmp_path / "V099__two_batches.sql"
    vfile.write_text("CREATE TABLE app.X (A INT NOT NULL);\nGO\nCREATE VIEW stats.V AS SELECT 1 AS one;\nGO\n",
                     encoding="utf-8")
    batch = deploy._table_version_sql(99, vfile)
    assert batch.count("EXEC (N'") == 2
    assert "\nGO\nCREATE" not in batch
    parsed = sqlfluff.parse(batch, dialect="tsql")
    assert "unparsable" not in str(parsed)


def test_table_version_batches_parse_as_tsql():
    for version, path in deploy.table_files("mssql"):
        batch = deploy._table_version_sql(version, path)
        assert "unparsable" not in str(sqlfluff.parse(batch, dialect="tsql")), path.name


def test_error_messages_compare_binary():
    sql = deploy.MssqlDialect(None).error_upsert_sql(1001, "x", "número")
    assert sql.count("COLLATE Latin1_General_BIN2") == 2


def test_nothing_in_the_script_is_a_sqlcmd_command_or_variable():
    """sqlcmd reads `$(name)` as a scripting variable and ED/RESET/EXIT/QUIT/!!/:cmd at a line start as commands."""
    text = deploy.install_script()
    assert "$(" not in text
    command = re.compile(r"^\s*(ed|reset|exit|quit|!!|:[a-z]+)(\s|$|\.|\()", re.I)
    assert [line for line in text.splitlines() if command.match(line)] == []


class _OneRowConn:
    def __init__(self, row: tuple) -> None:
        self.row = row

    def cursor(self):
        return self

    def execute(self, text, params):
        self.text = text

    def fetchall(self):
        return [self.row]


def test_deploy_refuses_master_old_servers_and_low_compatibility():
    import pytest

    dialect = deploy.MssqlDialect(None)
    refused = [("master", 3, 15, 150, 1), ("TicketsCC", 3, 12, 120, 1), ("TicketsCC", 3, 15, 120, 1),
               ("TicketsCC", 3, 15, 150, 0)]  # the last one: a case-sensitive collation
    for row in refused:
        dialect.conn = _OneRowConn(row)
        with pytest.raises(deploy.DeployError, match="compatibilidad 130"):
            dialect.prepare()
    for row in [("TicketsCC", 3, 13, 130, 1), ("TicketsCC", 5, 12, 160, 1)]:  # 2016; Azure SQL reports 12
        dialect.conn = _OneRowConn(row)
        dialect.prepare()


def test_every_object_records_the_deploy_tools_checksum():
    """Procedures share checksums between the script and tools.deploy (app.DeployedObject), as tables do."""
    text = deploy.install_script()
    files = [*deploy.procedure_files("mssql"), deploy.DB_DIR / "grants" / "mssql" / "grants.sql"]
    for path in files:
        name = "grants" if path.name == "grants.sql" else path.stem
        digest = deploy.checksum(path.read_text(encoding="utf-8"))
        batch = deploy._object_sql(path)
        assert batch in text
        record = f"INSERT INTO app.DeployedObject (ObjectName, Checksum) VALUES (N'{name}', N'{digest}');"
        # recorded after every part of the file ran, inside the TRY; removed first, so a failure leaves none
        assert batch.index(f"DELETE FROM app.DeployedObject WHERE ObjectName = N'{name}';") \
            < batch.rindex("EXEC (N'") < batch.index(record) < batch.rindex("BEGIN CATCH")
        assert "\nGO\n" not in batch.rstrip().removesuffix("GO")


def test_object_batches_parse_as_tsql():
    for path in [deploy.DB_DIR / "procedures" / "mssql" / "staff.LogOut.sql",
                 deploy.DB_DIR / "procedures" / "mssql" / "app.TicketStatsSync.sql",
                 deploy.DB_DIR / "grants" / "mssql" / "grants.sql"]:
        assert "unparsable" not in str(sqlfluff.parse(deploy._object_sql(path), dialect="tsql")), path.name
