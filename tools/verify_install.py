# no_sql: owner tool - the DBA's post-install proof: runs catalog queries and probes refusals per login
"""`python -m tools.deploy URL --verificar`: prove the permission model on the installed database.

Connects with the three real logins (owner, web, desktop) and prints one table of checks,
each "bien" or "FALLA" with the server's own message; the exit code is 1 on any FALLA.

- web login: executes webform.* (catalogs, a ticket check, one ticket submitted inside a
  transaction that is rolled back: the folio sequence works through ownership chaining /
  SECURITY DEFINER) and is refused on staff.*, app.* and every app/stats table or view;
- desktop login: executes staff.* (staff.get_login_params) and is refused on webform.*,
  app.* and the tables;
- owner: no grant on a single app/stats object (grants go by schema); collation of the
  database against the server; compatibility level; full-text search; QUOTED_IDENTIFIER and
  ANSI_NULLS of every module (pg: SECURITY DEFINER and search_path of every API function);
  the checksums the deploy tool recorded against the files in database/.

"Refused" is proven twice: the login's own privileges as the server reports them (catalog),
and one real attempt per schema that must fail with a permission error.
"""

from __future__ import annotations

import json
import re
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urlsplit, urlunsplit

from tools.db_files import DB_DIR, DeployError, checksum, pascal, procedure_files, table_files

# SQL Server: 229 permission denied on an object, 230 on a column, 262 on the database,
# 300 VIEW SERVER STATE and friends.
_MSSQL_DENIED = re.compile(r"\((229|230|262|300)\)")
_SHOWN = 8  # names listed in one detail before "y N más"


@dataclass
class Check:
    label: str
    ok: bool
    detail: str


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_SHOWN])
    return shown + (f" y {len(items) - _SHOWN} más" if len(items) > _SHOWN else "")


def _one_line(exc: BaseException) -> str:
    """The server's message on one line (PostgreSQL's LINE/caret context dropped)."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    text = " ".join((lines[0] if lines else "").split())
    return text or type(exc).__name__


def mask(url: str) -> str:
    """The URL without its password, to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}@{netloc}", parts.path, "", ""))


def embedded_owner_url(state: Path | None) -> str:
    """The embedded database's owner URL (its superuser), without creating any secret."""
    from gateway.embedded import running_port
    from tools.embedded_db import DATABASE, DEFAULT_STATE

    secrets_file = (state or DEFAULT_STATE) / "secrets.json"
    if not secrets_file.exists():
        raise DeployError(f"no existe {secrets_file}: indique la URL del dueño (o --estado con la carpeta "
                          "de la base integrada)")
    password = json.loads(secrets_file.read_text(encoding="utf-8"))["postgres"]
    return f"postgresql://postgres:{quote(password, safe='')}@127.0.0.1:{running_port(state)}/{DATABASE}"


def embedded_login_urls(owner_url: str, state: Path | None) -> dict[str, str]:
    """URLs of itl_web / itl_desk on the owner's server and database, from the embedded db's secrets.json."""
    from tools.embedded_db import DEFAULT_STATE, LOGINS

    secrets_file = (state or DEFAULT_STATE) / "secrets.json"
    if not secrets_file.exists():
        raise DeployError(f"no existe {secrets_file}: indique --web-url y --desk-url "
                          "(o --estado con la carpeta de la base integrada)")
    secrets = json.loads(secrets_file.read_text(encoding="utf-8"))
    parts = urlsplit(owner_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    urls = {}
    for login in LOGINS:
        if login not in secrets:
            raise DeployError(f"{secrets_file} no tiene la contraseña de {login}")
        netloc = f"{login}:{quote(secrets[login], safe='')}@{host}"
        urls[login] = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return urls


class Session:
    """One login's own connection (autocommit), with the dialect's way to call a procedure."""

    def __init__(self, dialect: str, url: str) -> None:
        self.dialect = dialect
        if dialect == "pg":
            import psycopg

            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        else:
            import pyodbc

            from gateway.mssql import odbc_string

            self.conn = pyodbc.connect(odbc_string(url), autocommit=True, timeout=10)

    def query(self, pg: str, mssql: str, params: tuple = ()) -> list[tuple]:
        cur = self.conn.cursor()
        text = pg if self.dialect == "pg" else mssql
        if params:
            cur.execute(text, params)
        else:
            cur.execute(text)
        rows = [tuple(r) for r in cur.fetchall()] if cur.description else []
        cur.close()
        return rows

    def call(self, procedure: str, **params: Any) -> list[dict[str, Any]]:
        schema, name = procedure.split(".")
        if self.dialect == "pg":
            args = ", ".join(f"p_{key} => %s" for key in params)
            text = f"SELECT * FROM {schema}.{name}({args})"
            values = list(params.values())
        else:
            args = ", ".join(f"@{pascal(key)} = {'NULL' if value is None else '?'}" for key, value in params.items())
            text = f"SET NOCOUNT ON; EXEC {schema}.{pascal(name)} {args}".rstrip()
            values = [str(v) if isinstance(v, uuid.UUID) else v for v in params.values() if v is not None]
        cur = self.conn.cursor()
        if values:
            cur.execute(text, values)
        else:
            cur.execute(text)
        rows: list[dict[str, Any]] = []
        while True:
            if not rows and cur.description is not None:
                names = [col[0] for col in cur.description]
                rows = [dict(zip(names, row, strict=False)) for row in cur.fetchall()]
            if self.dialect == "pg" or not cur.nextset():
                break
        cur.close()
        return rows

    def refused(self, exc: BaseException) -> bool:
        if self.dialect == "pg":
            return getattr(exc, "sqlstate", None) == "42501"
        return bool(_MSSQL_DENIED.search(str(exc)))

    def begin(self) -> None:
        self.conn.autocommit = False

    def rollback(self) -> None:
        self.conn.rollback()
        self.conn.autocommit = True

    def close(self) -> None:
        self.conn.close()


def _object(dialect: str, name: str) -> str:
    """pg name (schema.snake) -> the dialect's name."""
    schema, obj = name.split(".")
    return name if dialect == "pg" else f"{schema}.{pascal(obj)}"


class Verifier:
    """Runs every check; one failing check never stops the others."""

    def __init__(self, dialect: str, owner_url: str, web_url: str, desk_url: str,
                 out: TextIO | None = None) -> None:
        self.dialect = dialect
        self.urls = {"dueño": owner_url, "web": web_url, "escritorio": desk_url}
        self.out = out or sys.stdout
        self.checks: list[Check] = []
        self.sessions: dict[str, Session | None] = {}
        self.errors: dict[str, str] = {}

    # ---- plumbing ---------------------------------------------------------------
    def session(self, who: str) -> Session:
        if who not in self.sessions:
            try:
                self.sessions[who] = Session(self.dialect, self.urls[who])
            except Exception as exc:  # the driver's message: wrong password, no such login...
                self.sessions[who] = None
                self.errors[who] = f"no se pudo conectar como {who}: {_one_line(exc)}"
        found = self.sessions[who]
        if found is None:
            raise ConnectionError(self.errors[who])
        return found

    def check(self, label: str, probe: Callable[[], tuple[bool, str]]) -> None:
        try:
            ok, detail = probe()
        except Exception as exc:  # the server's own message is the detail
            ok, detail = False, _one_line(exc)
        self.checks.append(Check(label, ok, detail))

    def run(self) -> int:
        started = time.monotonic()
        d = self.dialect
        self.say(f"Verificación de la instalación ({'PostgreSQL' if d == 'pg' else 'SQL Server'})")
        for who, url in self.urls.items():
            self.say(f"  {who:<11} {mask(url)}")
        try:
            self.inventory()
        except Exception as exc:
            self.checks.append(Check("dueño: lee el catálogo de la base", False, _one_line(exc)))
            self.functions, self.tables = {}, []
        if self.functions or self.tables:
            self.web_checks()
            self.desk_checks()
            self.owner_checks()
        for session in self.sessions.values():
            if session is not None:
                session.close()
        return self.report(time.monotonic() - started)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def report(self, elapsed: float) -> int:
        width = max(len(c.label) for c in self.checks)
        self.say("")
        self.say(f"  {'resultado':<9}  {'comprobación':<{width}}  detalle")
        for c in self.checks:
            self.say(f"  {'bien' if c.ok else 'FALLA':<9}  {c.label:<{width}}  {c.detail}")
        failed = sum(not c.ok for c in self.checks)
        self.say("")
        self.say(f"Resultado: {len(self.checks) - failed} bien, {failed} FALLA ({elapsed:.1f} s)"
                 + ("" if failed else ": el modelo de permisos y la instalación están en orden."))
        return 1 if failed else 0

    # ---- what is installed (owner) -------------------------------------------------
    def inventory(self) -> None:
        owner = self.session("dueño")
        rows = owner.query(
            "SELECT n.nspname, p.proname FROM pg_catalog.pg_proc AS p "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname IN ('app', 'stats', 'webform', 'staff') ORDER BY 1, 2",
            "SELECT s.name, o.name FROM sys.objects AS o JOIN sys.schemas AS s ON s.schema_id = o.schema_id "
            "WHERE s.name IN (N'app', N'stats', N'webform', N'staff') AND o.type IN ('P', 'FN', 'IF', 'TF') "
            "ORDER BY 1, 2")
        self.functions: dict[str, list[str]] = {}
        for schema, name in rows:
            self.functions.setdefault(schema, []).append(f"{schema}.{name}")
        self.tables: list[str] = [f"{s}.{t}" for s, t in owner.query(
            "SELECT n.nspname, c.relname FROM pg_catalog.pg_class AS c "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('app', 'stats') AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1, 2",
            "SELECT s.name, o.name FROM sys.objects AS o JOIN sys.schemas AS s ON s.schema_id = o.schema_id "
            "WHERE s.name IN (N'app', N'stats') AND o.type IN ('U', 'V') ORDER BY 1, 2")]

    # ---- privileges as the login itself sees them ------------------------------------
    def executable(self, who: str, names: list[str]) -> list[str]:
        """Which of these routines the login may execute, as the server reports it."""
        if not names:
            return []
        session = self.session(who)
        rows = session.query(
            "SELECT n.nspname || '.' || p.proname FROM pg_catalog.pg_proc AS p "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname || '.' || p.proname = ANY(%s) AND has_function_privilege(p.oid, 'EXECUTE') ORDER BY 1",
            "SELECT j.value FROM OPENJSON(?) AS j "
            "WHERE HAS_PERMS_BY_NAME(j.value, N'OBJECT', N'EXECUTE') = 1 ORDER BY j.value",
            (names,) if self.dialect == "pg" else (json.dumps(names),))
        return sorted({r[0] for r in rows})

    def readable(self, who: str) -> list[str]:
        """App/stats tables and views the login holds any data privilege on."""
        session = self.session(who)
        rows = session.query(
            "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class AS c "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('app', 'stats') AND c.relkind IN ('r', 'p', 'v', 'm') "
            "AND has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE') ORDER BY 1",
            "SELECT j.value FROM OPENJSON(?) AS j WHERE HAS_PERMS_BY_NAME(j.value, N'OBJECT', N'SELECT') = 1 "
            "OR HAS_PERMS_BY_NAME(j.value, N'OBJECT', N'INSERT') = 1 "
            "OR HAS_PERMS_BY_NAME(j.value, N'OBJECT', N'UPDATE') = 1 "
            "OR HAS_PERMS_BY_NAME(j.value, N'OBJECT', N'DELETE') = 1 ORDER BY j.value",
            () if self.dialect == "pg" else (json.dumps(self.tables),))
        return [r[0] for r in rows]

    def attempt_refused(self, who: str, procedure: str, **params: Any) -> tuple[bool, str]:
        """One real call that must fail with a permission error: (refused, the server's message)."""
        session = self.session(who)
        try:
            session.call(procedure, **params)
        except Exception as exc:
            return session.refused(exc), _one_line(exc)
        return False, f"{_object(self.dialect, procedure)} se ejecutó"

    def refused_schema(self, who: str, schema: str, procedure: str, **params: Any) -> tuple[bool, str]:
        allowed = self.executable(who, self.functions.get(schema, []))
        refused, message = self.attempt_refused(who, procedure, **params)
        if allowed:
            return False, f"puede ejecutar {_names([_object(self.dialect, n) for n in allowed])}"
        if not refused:
            return False, message
        return True, f"{len(self.functions.get(schema, []))} rutina(s) negadas; el servidor dice: {message}"

    def refused_tables(self, who: str) -> tuple[bool, str]:
        granted = self.readable(who)
        session = self.session(who)
        readable = []
        message = ""
        for table in self.tables:
            try:
                session.query(f"SELECT 1 FROM {table} LIMIT 0", f"SELECT TOP (0) 1 AS x FROM {table}")
            except Exception as exc:
                if not session.refused(exc):
                    return False, f"{table}: {_one_line(exc)}"
                message = message or _one_line(exc)
            else:
                readable.append(table)
        if readable:
            return False, f"puede leer {_names(readable)}"
        if granted:
            return False, f"tiene permisos sobre {_names(granted)} (los permisos van por esquema, nunca por tabla)"
        return True, f"{len(self.tables)} tabla(s) y vista(s) negadas; el servidor dice: {message}"

    def not_owner(self, who: str, role: str) -> tuple[bool, str]:
        session = self.session(who)
        if self.dialect == "pg":
            user, superuser, owner = session.query(
                "SELECT current_user, r.rolsuper, pg_has_role(current_user, 'itl_owner', 'MEMBER') "
                "FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user", "")[0]
            if superuser or owner:
                return False, f"{user} es superusuario o miembro de itl_owner: no prueba nada"
            return True, f"{user}: sin superusuario ni itl_owner"
        user, owner, member = session.query(
            "", "SELECT USER_NAME(), IS_MEMBER(N'db_owner'), IS_ROLEMEMBER(?)", (role,))[0]
        if owner:
            return False, f"{user} es miembro de db_owner: no prueba nada"
        if member != 1:
            return False, f"{user} no es miembro de {role}"
        return True, f"{user}: miembro de {role}, no de db_owner"

    # ---- the web login ----------------------------------------------------------------
    def web_checks(self) -> None:
        role = "webform_role"
        self.check("web: no es el dueño", lambda: self.not_owner("web", role))
        catalog: list[dict[str, Any]] = []

        def list_catalogs() -> tuple[bool, str]:
            catalog.extend(self.session("web").call("webform.list_catalog_items"))
            names = self.functions.get("webform", [])
            missing = sorted(set(names) - set(self.executable("web", names)))
            if missing:
                return False, f"no puede ejecutar {_names([_object(self.dialect, n) for n in missing])}"
            return bool(catalog), f"{len(catalog)} elemento(s) de catálogo; ejecuta todo webform"
        self.check("web: ejecuta webform (catálogos)", list_catalogs)
        ticket = self.sample_ticket(catalog)

        def check_ticket() -> tuple[bool, str]:
            problems = self.session("web").call("webform.check_ticket", **ticket)
            if problems:
                return True, "revisado; observaciones: " + "; ".join(
                    f"{p['field_name']}: {p['message']}" for p in problems[:3])
            return True, "ticket de prueba revisado, sin observaciones"
        self.check("web: revisa un ticket", check_ticket)

        def submit() -> tuple[bool, str]:
            web = self.session("web")
            client = f"verificar-{uuid.uuid4().hex[:12]}"
            web.begin()
            try:
                row = web.call("webform.submit_ticket", idempotency_key=uuid.uuid4(), client_key=client, **ticket)[0]
                status = web.call("webform.get_ticket_status", folio=row["folio"], access_code=row["access_code"],
                                  client_key=client)
            finally:
                web.rollback()
            if not status:
                return False, f"folio {row['folio']} registrado pero su consulta no lo encontró"
            return True, f"folio {row['folio']} registrado y consultado, transacción deshecha"
        self.check("web: registra un ticket (deshecho)", submit)
        self.check("web: no ejecuta staff.*",
                   lambda: self.refused_schema("web", "staff", "staff.get_login_params", username="verificar"))
        self.check("web: no ejecuta app.*", lambda: self.refused_schema("web", "app", "app.raise_error", error_id=1001))
        self.check("web: no toca tablas ni vistas", lambda: self.refused_tables("web"))

    def sample_ticket(self, catalog: list[dict[str, Any]]) -> dict[str, Any]:
        """A plausible ticket built from the live catalogs (no control number, no equipment needed)."""
        def first(kind: str, test: Callable[[dict[str, Any]], bool] = lambda _: True) -> Any:
            return next((r["item_id"] for r in catalog if r["catalog"] == kind and test(r)), None)
        campus = first("campus")
        return {
            "requester_name": "Verificación de la instalación",
            "requester_type_id": first("requester_type", lambda r: r["detail"] != "control_number"),
            "department_id": first("department"),
            "contact_email": "verificacion@leon.tecnm.mx",
            "contact_phone": "477 710 5200",
            "control_number": None,
            "campus_id": campus,
            "location_id": first("location", lambda r: r["parent_id"] == campus),
            "location_detail": None,
            "equipment_id": None,
            "equipment_tag": None,
            "equipment_brand": None,
            "equipment_serial": None,
            "equipment_condition": None,
            "category_id": first("problem_category", lambda r: r["detail"] != "needs_equipment"),
            "description": "Ticket de verificación de la instalación; se deshace al terminar.",
        }

    # ---- the desktop login --------------------------------------------------------------
    def desk_checks(self) -> None:
        self.check("escritorio: no es el dueño", lambda: self.not_owner("escritorio", "staff_role"))

        def login_params() -> tuple[bool, str]:
            rows = self.session("escritorio").call("staff.get_login_params", username="verificar")
            names = self.functions.get("staff", [])
            missing = sorted(set(names) - set(self.executable("escritorio", names)))
            if missing:
                return False, f"no puede ejecutar {_names([_object(self.dialect, n) for n in missing])}"
            ok = len(rows) == 1 and len(bytes(rows[0]["salt"])) == 16
            return ok, "sal de 16 bytes e iteraciones; ejecuta todo staff" if ok else f"respuesta inesperada: {rows}"
        self.check("escritorio: ejecuta staff.get_login_params", login_params)
        self.check("escritorio: no ejecuta webform.*",
                   lambda: self.refused_schema("escritorio", "webform", "webform.list_catalog_items"))
        self.check("escritorio: no ejecuta app.*",
                   lambda: self.refused_schema("escritorio", "app", "app.raise_error", error_id=1001))
        self.check("escritorio: no toca tablas ni vistas", lambda: self.refused_tables("escritorio"))

    # ---- the owner: server, modules, checksums ----------------------------------------------
    def owner_checks(self) -> None:
        pg = self.dialect == "pg"
        self.check("dueño: permisos solo por esquema", self.object_grants)
        self.check("intercalación / codificación", self.collation)
        self.check("versión / nivel de compatibilidad", self.compatibility)
        self.check("búsqueda por palabras", self.full_text)
        self.check("funciones de la API: SECURITY DEFINER" if pg else "módulos: QUOTED_IDENTIFIER y ANSI_NULLS",
                   self.module_options)
        self.check("sumas de verificación = archivos", self.checksums)

    def object_grants(self) -> tuple[bool, str]:
        owner = self.session("dueño")
        rows = owner.query(
            # Explicit ACLs, or the defaults when none (a function's default lets PUBLIC execute it).
            "SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END "
            "|| ': ' || a.privilege_type || ' ' || o.name FROM ("
            "SELECT n.nspname || '.' || c.relname AS name, c.relowner AS owner, "
            "coalesce(c.relacl, acldefault('r', c.relowner)) AS acl FROM pg_catalog.pg_class AS c "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('app', 'stats') AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "UNION ALL SELECT n.nspname || '.' || p.proname, p.proowner, "
            "coalesce(p.proacl, acldefault('f', p.proowner)) FROM pg_catalog.pg_proc AS p "
            "JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace WHERE n.nspname IN ('app', 'stats')"
            ") AS o CROSS JOIN LATERAL aclexplode(o.acl) AS a WHERE a.grantee <> o.owner ORDER BY 1",
            "SELECT pr.name + N': ' + dp.permission_name + N' ' + OBJECT_SCHEMA_NAME(dp.major_id) + N'.' "
            "+ OBJECT_NAME(dp.major_id) FROM sys.database_permissions AS dp "
            "JOIN sys.database_principals AS pr ON pr.principal_id = dp.grantee_principal_id "
            "WHERE dp.class = 1 AND dp.state IN ('G', 'W') "
            "AND OBJECT_SCHEMA_NAME(dp.major_id) IN (N'app', N'stats') ORDER BY 1")
        found = [r[0] for r in rows]
        if found:
            return False, f"permisos sobre objetos de app/stats: {_names(found)} (quítelos: van por esquema)"
        return True, "ningún permiso sobre tablas, vistas o rutinas de app/stats"

    def collation(self) -> tuple[bool, str]:
        owner = self.session("dueño")
        if self.dialect == "pg":
            encoding, collate, ctype = owner.query(
                "SELECT pg_encoding_to_char(d.encoding), d.datcollate, d.datctype "
                "FROM pg_catalog.pg_database AS d WHERE d.datname = current_database()", "")[0]
            server = owner.query("SHOW server_encoding", "")[0][0]
            detail = f"base {encoding} (collate {collate}, ctype {ctype}), servidor {server}"
            return encoding == "UTF8", detail + ("" if encoding == "UTF8" else ": se requiere UTF8")
        database, server, insensitive = owner.query(
            "", "SELECT CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS NVARCHAR(128)), "
            "CAST(SERVERPROPERTY('Collation') AS NVARCHAR(128)), "
            "CASE WHEN N'a' COLLATE DATABASE_DEFAULT = N'A' THEN 1 ELSE 0 END")[0]
        if not insensitive:
            return False, f"base {database}: distingue mayúsculas; se requiere una _CI_"
        if database == server:
            return True, f"base y servidor {database}"
        return True, (f"base {database}, servidor {server}: distintas, admitido (las #tablas usan "
                      "COLLATE DATABASE_DEFAULT)")

    def compatibility(self) -> tuple[bool, str]:
        owner = self.session("dueño")
        if self.dialect == "pg":
            version = owner.query("SHOW server_version", "")[0][0]
            return True, f"PostgreSQL {version}; el nivel de compatibilidad es de SQL Server (no aplica)"
        version, edition, level = owner.query(
            "", "SELECT CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(128)), "
            "CAST(SERVERPROPERTY('Edition') AS NVARCHAR(128)), "
            "(SELECT d.compatibility_level FROM sys.databases AS d WHERE d.name = DB_NAME())")[0]
        ok = (level or 0) >= 130
        return ok, f"SQL Server {version} ({edition}), nivel {level}" + ("" if ok else ": se requiere 130 o mayor")

    def full_text(self) -> tuple[bool, str]:
        owner = self.session("dueño")
        if self.dialect == "pg":
            found = owner.query(
                "SELECT count(*) FROM pg_catalog.pg_attribute AS a "
                "WHERE a.attrelid = 'app.ticket'::regclass AND a.attname = 'description_search'", "")[0][0]
            if not found:
                return False, "falta app.ticket.description_search (V007)"
            return True, "texto completo de PostgreSQL (tsvector 'spanish' almacenado); el de SQL Server no aplica"
        installed, indexed = owner.query(
            "", "SELECT CAST(FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') AS INT), "
            "(SELECT COUNT(*) FROM sys.fulltext_indexes AS fi WHERE fi.object_id = OBJECT_ID(N'app.Ticket'))")[0]
        if indexed:
            return True, "índice de texto completo en app.Ticket: la cola busca palabras con CONTAINS"
        if installed:
            return True, ("Full-Text Search instalado, sin índice en app.Ticket: la cola busca con LIKE "
                          "(vea docs/readme/sqlserver.md para activarlo)")
        return True, "Full-Text Search no instalado: la cola busca palabras con LIKE (funciona; recorre la tabla)"

    def module_options(self) -> tuple[bool, str]:
        owner = self.session("dueño")
        if self.dialect == "pg":
            rows = owner.query(
                "SELECT n.nspname || '.' || p.proname, p.prosecdef, "
                "coalesce(array_to_string(p.proconfig, ','), '') FROM pg_catalog.pg_proc AS p "
                "JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace "
                "WHERE n.nspname IN ('webform', 'staff') ORDER BY 1", "")
            bad = [name for name, definer, config in rows
                   if not definer or "search_path=pg_catalog, app, pg_temp" not in config]
            if bad:
                return False, f"sin SECURITY DEFINER o sin search_path = pg_catalog, app, pg_temp: {_names(bad)}"
            return True, f"{len(rows)} función(es) de webform/staff con SECURITY DEFINER y search_path fijo"
        rows = owner.query(
            "", "SELECT OBJECT_SCHEMA_NAME(m.object_id) + N'.' + OBJECT_NAME(m.object_id), "
            "CAST(m.uses_quoted_identifier AS INT), CAST(m.uses_ansi_nulls AS INT) FROM sys.sql_modules AS m "
            "WHERE OBJECT_SCHEMA_NAME(m.object_id) IN (N'app', N'stats', N'webform', N'staff') ORDER BY 1")
        bad = [name for name, quoted, nulls in rows if not (quoted and nulls)]
        if bad:
            return False, (f"creados con QUOTED_IDENTIFIER o ANSI_NULLS en OFF: {_names(bad)} "
                           "(vuelva a instalarlos con sqlcmd -I o con tools.deploy)")
        return True, f"{len(rows)} módulo(s) con QUOTED_IDENTIFIER y ANSI_NULLS en ON"

    def checksums(self) -> tuple[bool, str]:
        owner = self.session("dueño")
        deployed = dict(owner.query("SELECT object_name, checksum FROM app.deployed_object",
                                    "SELECT ObjectName, Checksum FROM app.DeployedObject"))
        versions = {int(v): c for v, c in owner.query("SELECT version, checksum FROM app.schema_version",
                                                      "SELECT Version, Checksum FROM app.SchemaVersion")}
        problems = []
        files = [(p.stem, p) for p in procedure_files(self.dialect)]
        files.append(("grants", DB_DIR / "grants" / self.dialect / "grants.sql"))
        for name, path in files:
            digest = checksum(path.read_text(encoding="utf-8"))
            if name not in deployed:
                problems.append(f"{name} sin instalar")
            elif deployed[name] != digest:
                problems.append(f"{name} distinto del archivo")
        for version, path in table_files(self.dialect):
            if version not in versions:
                problems.append(f"{path.name} sin aplicar")
            elif versions[version] != checksum(path.read_text(encoding="utf-8")):
                problems.append(f"{path.name} distinto del archivo")
        if problems:
            return False, _names(problems) + " (corra tools.deploy o el script de instalación)"
        return True, f"{len(files)} objeto(s) y {len(versions)} versión(es) de tablas iguales a database/"


def verify(dialect: str, owner_url: str, web_url: str, desk_url: str, out: TextIO | None = None) -> int:
    return Verifier(dialect, owner_url, web_url, desk_url, out).run()
