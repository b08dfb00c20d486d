"""Deploy the database: tables, error messages, procedures, grants and seed catalogs.

    python -m tools.deploy URL                     # apply to PostgreSQL or SQL Server
    python -m tools.deploy --script install.sql    # one T-SQL install script for SSMS
    python -m tools.deploy URL --verificar [--web-url URL --desk-url URL]   # prove the install (exit 1 on FALLA)

Idempotent: table versions run once (app.SchemaVersion), procedures, views and
grants are re-run only when their file changed (app.DeployedObject), seed rows
are inserted only when missing (administrators' edits are kept). Stops on the
first error with the file name and the database's own message.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.db_files import DB_DIR, ROOT, DeployError, checksum, pascal, procedure_files, table_files

SEED_DIR = DB_DIR / "seed"
_GO = re.compile(r"^\s*GO\s*;?\s*$", re.I | re.M)


def registry_rows() -> list[tuple[int, str, str]]:
    lines = [
        line for line in (DB_DIR / "errors.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(int(r["id"]), r["key"], r["message"]) for r in rows]


# ---- seed catalogs ------------------------------------------------------------

@dataclass
class SeedColumn:
    name: str
    key: bool
    lookup: tuple[str, str] | None  # (table, natural key): value resolved to <table>_id


@dataclass
class SeedTable:
    path: Path
    table: str
    columns: list[SeedColumn]
    rows: list[list[str]] = field(default_factory=list)


def seed_tables() -> list[SeedTable]:
    tables = []
    for path in sorted(SEED_DIR.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        reader = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
        columns = []
        for head in reader[0]:
            key = head.startswith("*")
            name, _, lookup = head.lstrip("*").partition(":")
            ref = tuple(lookup.split(".", 1)) if lookup else None
            columns.append(SeedColumn(name, key, ref))  # type: ignore[arg-type]
        seed = SeedTable(path, path.stem.split("_", 1)[1], columns)
        for number, row in enumerate(reader[1:], start=2):
            if len(row) != len(columns):
                raise DeployError(f"{path.name}, línea {number}: se esperaban {len(columns)} columnas")
            seed.rows.append(row)
        tables.append(seed)
    return tables


# ---- dialects -------------------------------------------------------------------

class Dialect:
    name = ""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.conn: Any = None

    # identifiers and literals
    def table(self, name: str) -> str:
        raise NotImplementedError

    def column(self, name: str) -> str:
        raise NotImplementedError

    def literal(self, value: str) -> str:
        if value == "":
            return "NULL"
        if value in ("true", "false"):
            return self.boolean(value == "true")
        if re.fullmatch(r"-?\d+", value):
            return value
        return self.string(value)

    def string(self, value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    def boolean(self, value: bool) -> str:
        raise NotImplementedError

    def value_sql(self, column: SeedColumn, value: str) -> str:
        if column.lookup and value != "":
            table, key = column.lookup
            return (f"(SELECT {self.column(table + '_id')} FROM {self.table(table)} "
                    f"WHERE {self.column(key)} = {self.literal(value)})")
        return self.literal(value)

    def seed_sql(self, seed: SeedTable, row: list[str]) -> str:
        cols = ", ".join(self.column(c.name) for c in seed.columns)
        values = ", ".join(self.value_sql(c, v) for c, v in zip(seed.columns, row, strict=False))
        where = " AND ".join(
            f"{self.column(c.name)} = {self.value_sql(c, v)}" for c, v in zip(seed.columns, row, strict=False) if c.key
        )
        return (f"INSERT INTO {self.table(seed.table)} ({cols}) SELECT {values} "
                f"WHERE NOT EXISTS (SELECT 1 FROM {self.table(seed.table)} WHERE {where})")

    def error_upsert_sql(self, error_id: int, key: str, message: str) -> str:
        raise NotImplementedError

    def rebuild_work_calendar_sql(self, all_tickets: bool) -> str:
        raise NotImplementedError

    def drop_to_redefine(self, exc: BaseException) -> str | None:
        """The statement that lets a changed object file run again, or None (see objects())."""
        return None


class PgDialect(Dialect):
    name = "pg"

    def table(self, name: str) -> str:
        return f"app.{name}"

    def column(self, name: str) -> str:
        return name

    def boolean(self, value: bool) -> str:
        return "TRUE" if value else "FALSE"

    def error_upsert_sql(self, error_id: int, key: str, message: str) -> str:
        return (
            "INSERT INTO app.error_message (error_id, error_key, message) "
            f"VALUES ({error_id}, {self.string(key)}, {self.string(message)}) "
            "ON CONFLICT (error_id) DO UPDATE SET error_key = EXCLUDED.error_key, message = EXCLUDED.message "
            "WHERE (app.error_message.error_key, app.error_message.message) "
            "IS DISTINCT FROM (EXCLUDED.error_key, EXCLUDED.message)"
        )

    def rebuild_work_calendar_sql(self, all_tickets: bool) -> str:
        return f"SELECT app.rebuild_work_calendar(NULL, {self.boolean(all_tickets)})"

    def drop_to_redefine(self, exc: BaseException) -> str | None:
        """CREATE OR REPLACE cannot change a function's result columns or parameter names
        (42P13); PostgreSQL's hint names the exact old signature to drop. Dropping is safe here:
        the default privileges of grants.sql grant the re-created function again, and PL/pgSQL
        callers bind at run time."""
        diag = getattr(exc, "diag", None)
        hint = (getattr(diag, "message_hint", None) or "") if getattr(exc, "sqlstate", None) == "42P13" else ""
        found = re.fullmatch(r"Use (DROP FUNCTION [\w.]+\([\w ,.\[\]]*\)) first\.", hint.strip())
        return found.group(1) if found else None

    def connect(self) -> None:
        import psycopg

        try:
            self.conn = psycopg.connect(self.url, autocommit=False, connect_timeout=10)
        except psycopg.Error as exc:
            raise DeployError(f"no se pudo conectar a PostgreSQL: {exc}") from exc

    def run(self, text: str) -> int:
        with self.conn.cursor() as cur:
            cur.execute(text)
            return max(cur.rowcount, 0)

    def query(self, text: str, params: tuple = ()) -> list[tuple]:
        with self.conn.cursor() as cur:
            cur.execute(text, params)
            return cur.fetchall()

    def prepare(self) -> list[str]:
        """Roles and default rights (roles.sql); returns its notices (a step the login may not do)."""
        notices: list[str] = []

        def keep(diag: Any) -> None:
            notices.append(diag.message_primary or "")

        self.conn.add_notice_handler(keep)
        try:
            self.run((DB_DIR / "grants" / "pg" / "roles.sql").read_text(encoding="utf-8"))
        finally:
            self.conn.remove_notice_handler(keep)
        self.conn.commit()
        self.run("SET ROLE itl_owner")
        return notices

    def has_version_table(self) -> bool:
        return self.query("SELECT to_regclass('app.schema_version') IS NOT NULL")[0][0]

    def set_login_password(self, login: str, password: str) -> None:
        from psycopg import sql

        with self.conn.cursor() as cur:
            cur.execute("RESET ROLE")
            cur.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(password)))
            cur.execute("SET ROLE itl_owner")


class MssqlDialect(Dialect):
    name = "mssql"

    def table(self, name: str) -> str:
        return f"app.{pascal(name)}"

    def column(self, name: str) -> str:
        return pascal(name)

    def boolean(self, value: bool) -> str:
        return "1" if value else "0"

    def string(self, value: str) -> str:
        return "N" + super().string(value)

    def error_upsert_sql(self, error_id: int, key: str, message: str) -> str:
        k, m = self.string(key), self.string(message)
        return (
            f"UPDATE app.ErrorMessage SET ErrorKey = {k}, Message = {m} "
            # Binary comparison: under a case- and accent-insensitive collation a fix like
            # "numero" -> "número" would compare equal and never reach the table.
            f"WHERE ErrorId = {error_id} AND (ErrorKey <> {k} COLLATE Latin1_General_BIN2 "
            f"OR Message <> {m} COLLATE Latin1_General_BIN2);\n"
            f"INSERT INTO app.ErrorMessage (ErrorId, ErrorKey, Message) SELECT {error_id}, {k}, {m} "
            f"WHERE NOT EXISTS (SELECT 1 FROM app.ErrorMessage WHERE ErrorId = {error_id})"
        )

    def rebuild_work_calendar_sql(self, all_tickets: bool) -> str:
        return f"EXEC app.RebuildWorkCalendar @CampusId = NULL, @AllTickets = {self.boolean(all_tickets)}"

    def connect(self) -> None:
        import pyodbc

        from gateway.mssql import odbc_string

        try:
            self.conn = pyodbc.connect(odbc_string(self.url or ""), autocommit=False, timeout=10)
        except pyodbc.Error as exc:
            raise DeployError(f"no se pudo conectar a SQL Server: {exc}") from exc

    def run(self, text: str) -> int:
        changed = 0
        cur = self.conn.cursor()
        for batch in _GO.split(text):
            if batch.strip():
                cur.execute(batch)
                while True:
                    if cur.rowcount and cur.rowcount > 0:
                        changed += cur.rowcount
                    if not cur.nextset():
                        break
        return changed

    def query(self, text: str, params: tuple = ()) -> list[tuple]:
        cur = self.conn.cursor()
        cur.execute(text.replace("%s", "?"), params)
        return [tuple(row) for row in cur.fetchall()]

    def prepare(self) -> None:
        # Same refusal as the install script: system database, before 2016, compat < 130.
        name, edition, major, compat, case_insensitive = self.query(
            "SELECT DB_NAME(), CAST(SERVERPROPERTY('EngineEdition') AS INT), "
            "CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 4) AS INT), "
            "(SELECT d.compatibility_level FROM sys.databases AS d WHERE d.name = DB_NAME()), "
            "CASE WHEN N'a' COLLATE DATABASE_DEFAULT = N'A' THEN 1 ELSE 0 END")[0]
        if name in ("master", "model", "msdb", "tempdb") or (edition not in (5, 8) and major < 13) \
                or (compat or 0) < 130 or not case_insensitive:
            raise DeployError(
                f"la base {name} no sirve: use la base del sistema (no master), SQL Server 2016 o posterior, "
                f"nivel de compatibilidad 130 o mayor (tiene {compat}) y una intercalación que no distinga "
                "mayúsculas (CI); vea docs/readme/sqlserver.md")

    def has_version_table(self) -> bool:
        found = self.query("SELECT CASE WHEN OBJECT_ID(N'app.SchemaVersion', N'U') IS NULL THEN 0 ELSE 1 END")
        return bool(found[0][0])

    def set_login_password(self, login: str, password: str) -> None:
        raise DeployError("en SQL Server los inicios de sesión los crea el DBA (vea el README)")


def dialect_for(url: str) -> Dialect:
    if url.startswith(("postgresql://", "postgres://")):
        return PgDialect(url)
    if url.startswith("mssql"):
        return MssqlDialect(url)
    raise DeployError("URL no reconocida: use postgresql://... o mssql://...")


# ---- the deployment -----------------------------------------------------------

def _where(path: Path | None) -> str:
    """' en <file>' relative to the repository when it is inside it."""
    if path is None:
        return ""
    try:
        return f" en {path.relative_to(ROOT)}"
    except ValueError:
        return f" en {path}"


class Deployer:
    def __init__(self, dialect: Dialect, out=sys.stdout) -> None:
        self.d = dialect
        self.out = out
        self.changes = 0
        self.seeded: set[str] = set()

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def step(self, label: str, path: Path | None, sql_text: str) -> int:
        try:
            count = self.d.run(sql_text)
        except Exception as exc:  # the database's own message, with the file
            # The rollback itself may fail (connection broken by the error, or the server already
            # ended the transaction: SQL Server 3903). The DBA still gets the file and the message.
            try:
                self.d.conn.rollback()
            except Exception as rollback_exc:  # any driver error; reported below
                note = f"\n(además, no se pudo deshacer la transacción: {rollback_exc})"
            else:
                note = ""
            raise DeployError(f"falló {label}{_where(path)}:\n{exc}{note}") from exc
        return count

    def deploy(self, logins: dict[str, str] | None = None) -> int:
        self.d.connect()
        for notice in self.d.prepare() or []:
            self.say(f"  aviso    {notice}")
        self.tables()
        self.errors()
        self.objects()
        self.seeds()
        self.work_calendar()
        if logins:
            for login, password in logins.items():
                self.d.set_login_password(login, password)
            self.d.conn.commit()
        if self.changes == 0:
            self.say("Sin cambios: la base de datos ya estaba al día.")
        else:
            self.say(f"Listo: {self.changes} cambio(s) aplicados.")
        return self.changes

    def tables(self) -> None:
        d = self.d
        applied: dict[int, str] = {}
        if d.has_version_table():
            applied = {int(v): c for v, c in d.query(
                f"SELECT {d.column('version')}, {d.column('checksum')} FROM {d.table('schema_version')}")}
        for version, path in table_files(d.name):
            text = path.read_text(encoding="utf-8")
            digest = checksum(text)
            if version in applied:
                if applied[version] != digest:
                    raise DeployError(
                        f"{path.name} cambió después de aplicarse; los cambios de tablas van en un archivo nuevo")
                continue
            self.say(f"  tablas   {path.name}")
            self.step("la versión de tablas", path, text)
            description = path.stem.split("__", 1)[1].replace("_", " ")
            d.run(f"INSERT INTO {d.table('schema_version')} ({d.column('version')}, {d.column('description')}, "
                  f"{d.column('checksum')}) VALUES ({version}, {d.string(description)}, {d.string(digest)})")
            d.conn.commit()
            self.changes += 1

    def errors(self) -> None:
        count = sum(self.step("el registro de errores", DB_DIR / "errors.tsv", self.d.error_upsert_sql(*row))
                    for row in registry_rows())
        self.d.conn.commit()
        if count:
            self.say(f"  errores  {count} mensaje(s) actualizados")
            self.changes += count

    def objects(self) -> None:
        d = self.d
        deployed = dict(d.query(
            f"SELECT {d.column('object_name')}, {d.column('checksum')} FROM {d.table('deployed_object')}"))
        files = [*procedure_files(d.name), DB_DIR / "grants" / d.name / "grants.sql"]
        for path in files:
            text = path.read_text(encoding="utf-8")
            name = _object_name(path)
            digest = checksum(text)
            if deployed.get(name) == digest:
                continue
            self.say(f"  objeto   {name}")
            try:
                self.step("el objeto", path, text)
            except DeployError as exc:
                drop = self.d.drop_to_redefine(exc.__cause__) if exc.__cause__ else None
                if drop is None:
                    raise
                self.say(f"  objeto   {name}: su firma cambió; se quita la anterior ({drop})")
                self.step("el objeto", path, f"{drop};\n{text}")
            key = d.string(name)
            d.run(f"DELETE FROM {d.table('deployed_object')} WHERE {d.column('object_name')} = {key}")
            d.run(f"INSERT INTO {d.table('deployed_object')} ({d.column('object_name')}, {d.column('checksum')}) "
                  f"VALUES ({key}, {d.string(digest)})")
            d.conn.commit()
            self.changes += 1

    def seeds(self) -> None:
        for seed in seed_tables():
            added = sum(self.step(f"el catálogo {seed.table}", seed.path, self.d.seed_sql(seed, row))
                        for row in seed.rows)
            self.d.conn.commit()
            if added:
                self.say(f"  catálogo {seed.table}: {added} fila(s) nuevas")
                self.changes += added
                self.seeded.add(seed.table)

    def work_calendar(self) -> None:
        """Lay the working-hours schedule out (app.rebuild_work_calendar) when there is none yet
        (first install, upgrade: every ticket's working times too) or the seed added hours or days."""
        d = self.d
        empty = d.query(f"SELECT count(*) FROM {d.table('work_period')}")[0][0] == 0
        if not empty and not self.seeded & {"work_hours", "non_working_day"}:
            return
        self.say("  horario  calendario de horas hábiles" + (" y tiempos de todas las solicitudes" if empty else ""))
        self.step("el calendario de horas hábiles", None, d.rebuild_work_calendar_sql(all_tickets=empty))
        d.conn.commit()
        self.changes += 1


# Session options for the whole install script. sqlcmd starts with QUOTED_IDENTIFIER OFF
# (unless -I): a procedure keeps the QUOTED_IDENTIFIER / ANSI_NULLS of its creation, and one
# created with them OFF fails at run time on filtered indexes, indexed views and computed
# columns. These are the options ODBC/SSMS use, stated once in their own batch.
_SCRIPT_SET_OPTIONS = (
    "SET NOEXEC OFF;",  # a stopped earlier run in the same SSMS window may have left it ON
    "SET ANSI_NULLS ON;", "SET QUOTED_IDENTIFIER ON;", "SET ANSI_PADDING ON;", "SET ANSI_WARNINGS ON;",
    "SET CONCAT_NULL_YIELDS_NULL ON;", "SET ARITHABORT ON;", "SET NUMERIC_ROUNDABORT OFF;",
    "SET NOCOUNT ON;", "SET XACT_ABORT ON;",
)

_SCRIPT_REFUSAL = ("N'Ejecute este script en la base de datos del sistema (USE ...), en SQL Server 2016 "
                   "o posterior, con nivel de compatibilidad 130 o mayor y una intercalación que no "
                   "distinga mayúsculas (CI).'")
# Refuse to run where the objects would not work: a system database, SQL Server older than
# 2016 (13.x; Azure SQL reports 12 but is newer: engine editions 5 and 8), or a database
# compatibility level below 130 (OPENJSON, STRING_SPLIT), or a case-sensitive default collation
# (folio, tag and name searches rely on case-insensitive comparisons, as pg does with lower()/
# upper()). String literals take the database's collation. SET NOEXEC ON makes every later
# batch compile only, so SSMS (which goes on after an error) stops doing anything.
_SCRIPT_PRECHECK = """IF DB_NAME() IN (N'master', N'model', N'msdb', N'tempdb')
    OR (CAST(SERVERPROPERTY('EngineEdition') AS INT) NOT IN (5, 8)
        AND CAST(PARSENAME(CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), 4) AS INT) < 13)
    OR (SELECT d.compatibility_level FROM sys.databases AS d WHERE d.name = DB_NAME()) < 130
    OR N'a' COLLATE DATABASE_DEFAULT <> N'A'
BEGIN
    RAISERROR(N'%s', 16, 1, """ + _SCRIPT_REFUSAL + """);
    SET NOEXEC ON;
END;
GO"""


def _nstring(value: str) -> str:
    return "N'" + value.replace("'", "''") + "'"


def _table_version_sql(version: int, path: Path) -> str:
    """One guarded batch per table version: runs once, in a transaction, and stops the script on failure.

    app.SchemaVersion does not exist before V001, so it is only named inside sp_executesql
    (a static reference fails to compile with error 208, whatever the IF around it says).
    Each GO-separated part of the file is its own EXEC (CREATE SCHEMA, CREATE VIEW ... must
    start a batch).
    """
    text = path.read_text(encoding="utf-8")
    digest = checksum(text)
    description = path.stem.split("__", 1)[1].replace("_", " ")
    execs = "\n".join(
        f"            EXEC ({_nstring(batch.strip())});" for batch in _GO.split(text) if batch.strip())
    changed = _nstring(f"{path.name} cambió después de aplicarse; los cambios de tablas van en un archivo nuevo.")
    return f"""-- {path.name}
DECLARE @Applied NVARCHAR(64);
DECLARE @Failure NVARCHAR(2048);
IF OBJECT_ID(N'app.SchemaVersion', N'U') IS NOT NULL
    EXEC sp_executesql
        N'SELECT @Applied = sv.Checksum FROM app.SchemaVersion AS sv WHERE sv.Version = @Version;',
        N'@Version INT, @Applied NVARCHAR(64) OUTPUT', @Version = {version}, @Applied = @Applied OUTPUT;
IF @Applied IS NOT NULL AND @Applied <> N'{digest}'
    BEGIN
        RAISERROR({changed}, 16, 1);
        SET NOEXEC ON;
    END
ELSE IF @Applied IS NULL
    BEGIN
        BEGIN TRY
            BEGIN TRANSACTION;
{execs}
            EXEC sp_executesql
                N'INSERT INTO app.SchemaVersion (Version, Description, Checksum)
                    VALUES (@Version, @Description, @Checksum);',
                N'@Version INT, @Description NVARCHAR(200), @Checksum NVARCHAR(64)',
                @Version = {version}, @Description = {_nstring(description)}, @Checksum = N'{digest}';
            COMMIT TRANSACTION;
            PRINT N'  tablas   {path.name}';
        END TRY
        BEGIN CATCH
            IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
            SET @Failure = N'Falló {path.name}: ' + ERROR_MESSAGE();
            RAISERROR(N'%s', 16, 1, @Failure);
            SET NOEXEC ON;
        END CATCH;
    END;
GO"""


def _object_name(path: Path) -> str:
    """The name app.DeployedObject records for a re-runnable file (as Deployer.objects() does)."""
    return "grants" if path.parent.parent.name == "grants" else path.stem


def _object_sql(path: Path) -> str:
    """One batch per procedure/view/trigger/grants file: its GO parts as EXECs, then its checksum.

    The checksum is the deploy tool's (app.DeployedObject), recorded only when every part ran:
    after the script, `tools.deploy` skips what it installed and `--verificar` finds the files'
    checksums. A failing file prints "Falló <archivo>: <mensaje>" and the script goes on with
    the next one (as before); its old checksum is removed, so the deploy tool re-runs it.
    """
    text = path.read_text(encoding="utf-8")
    name = _nstring(_object_name(path))
    execs = "\n".join(
        f"    EXEC ({_nstring(batch.strip())});" for batch in _GO.split(text) if batch.strip())
    return f"""-- {path.relative_to(DB_DIR)}
DECLARE @Failure NVARCHAR(2048);
BEGIN TRY
    DELETE FROM app.DeployedObject WHERE ObjectName = {name};
{execs}
    INSERT INTO app.DeployedObject (ObjectName, Checksum) VALUES ({name}, N'{checksum(text)}');
END TRY
BEGIN CATCH
    SET @Failure = N'Falló {path.name}: ' + ERROR_MESSAGE();
    RAISERROR(N'%s', 16, 1, @Failure);
END CATCH;
GO"""


def install_script() -> str:
    """One T-SQL script for a DBA: `sqlcmd -b -I -f 65001 -i install.sql`, or SSMS.

    Written with a UTF-8 byte order mark (tools write it with encoding utf-8-sig), so SSMS
    and sqlcmd read the Spanish messages right even without -f 65001.
    """
    d = MssqlDialect(None)
    parts = ["-- Sistema de tickets del Centro de Cómputo (ITL): script de instalación para SQL Server.",
             "-- Generado por tools/deploy.py --script. Se puede ejecutar más de una vez.",
             "-- sqlcmd -S servidor -d base -b -I -f 65001 -i install.sql  (o SSMS; vea docs/readme/sqlserver.md)",
             *_SCRIPT_SET_OPTIONS, "GO", _SCRIPT_PRECHECK]
    for version, path in table_files("mssql"):
        parts.append(_table_version_sql(version, path))
    parts.append("-- Mensajes de error (database/errors.tsv)")
    parts.extend(d.error_upsert_sql(*row) + ";" for row in registry_rows())
    parts.append("GO")
    for path in [*procedure_files("mssql"), DB_DIR / "grants" / "mssql" / "grants.sql"]:
        parts.append(_object_sql(path))
    parts.append("-- Catálogos iniciales")
    for seed in seed_tables():
        parts.extend(d.seed_sql(seed, row) + ";" for row in seed.rows)
    parts.append("GO")
    parts.append("-- Calendario de horas hábiles (la primera vez, también los tiempos de todas las solicitudes)")
    parts.append("IF NOT EXISTS (SELECT 1 FROM app.WorkPeriod)\n    "
                 + d.rebuild_work_calendar_sql(all_tickets=True) + ";\nELSE\n    "
                 + d.rebuild_work_calendar_sql(all_tickets=False) + ";")
    parts.append("GO")
    parts.append("SET NOEXEC OFF;")
    parts.append("GO")
    return "\n".join(parts) + "\n"


def _verify(url: str | None, web_url: str | None, desk_url: str | None, state: Path | None) -> int:
    """--verificar: the URLs given, or (embedded PostgreSQL) built from its secrets.json."""
    from tools.verify_install import embedded_login_urls, embedded_owner_url, verify

    if not url:
        url = embedded_owner_url(state)
    dialect = dialect_for(url).name
    if not (web_url and desk_url):
        if dialect != "pg":
            raise DeployError("con --verificar en SQL Server indique --web-url y --desk-url (inicios de sesión "
                              "miembros de webform_role y staff_role)")
        logins = embedded_login_urls(url, state)
        web_url, desk_url = web_url or logins["itl_web"], desk_url or logins["itl_desk"]
    return verify(dialect, url, web_url, desk_url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Instala o actualiza la base de datos del sistema de tickets")
    parser.add_argument("url", nargs="?", help="postgresql://... o mssql://... (con --verificar, por omisión "
                        "la base integrada)")
    parser.add_argument("--script", type=Path, help="escribe un script T-SQL de instalación para SSMS")
    parser.add_argument("--verificar", action="store_true",
                        help="no instala: comprueba la instalación con los tres inicios de sesión (dueño = URL)")
    parser.add_argument("--web-url", help="con --verificar: URL del inicio de sesión del formulario web")
    parser.add_argument("--desk-url", help="con --verificar: URL del inicio de sesión de la app de escritorio")
    parser.add_argument("--estado", type=Path, default=None,
                        help="con --verificar en PostgreSQL integrado: carpeta con secrets.json (por omisión var/db)")
    args = parser.parse_args(argv)
    try:
        if args.verificar:
            return _verify(args.url, args.web_url, args.desk_url, args.estado)
        if args.script:
            args.script.write_text(install_script(), encoding="utf-8-sig")
            print(f"Script de instalación escrito en {args.script}")
            return 0
        if not args.url:
            parser.error("indique la URL de la base de datos o --script")
        Deployer(dialect_for(args.url)).deploy()
    except DeployError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
