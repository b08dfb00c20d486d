"""Parity between the two dialects: both define the same database, object by object.

    python -m tools.dev.checks.parity [DATABASE_DIR]      # default: ./database

Where each side comes from (no hand-written SQL reader):
- PostgreSQL: the pg files are deployed into an empty database of the embedded server and the
  catalog is read (pg_proc, pg_class, pg_attribute, pg_trigger: tools/dev/checks/_pg_catalog.py);
  the code inside the files is read with PostgreSQL's own parser (pglast: _pg_facts.py).
- T-SQL: the sqlfluff parse trees that sql_lint builds (_tsql_facts.py), cached by file content
  and shared with sql_lint, so each file is parsed once per change.

Checks:
- procedures/pg and procedures/mssql hold the same basenames; tables/pg and tables/mssql the
  same versioned files (V00N__name.sql, same number and name); demo/pg and demo/mssql (the demo
  schema: schema.sql compared as tables, demo.<Name>.sql as objects);
- each object is what its file name says: `webform.SubmitTicket.sql` defines the pg function
  `webform.submit_ticket` and the T-SQL procedure `webform.SubmitTicket` (views and triggers
  likewise), and PostgreSQL accepts the pg file;
- the same parameters in the same order: pg `p_request_id` <-> T-SQL `@RequestId`, compatible
  types (docs/CONVENTIONS.md), a default on both sides or on neither; no SMALLINT parameters
  in pg API functions;
- the same result: pg `RETURNS TABLE (a ..., b ...)` <-> every result-producing SELECT (or
  OUTPUT clause, or the text of `EXEC sp_executesql @Sql`) of the T-SQL procedure, whose column
  names must be exactly a, b (snake_case, `SELECT t.Folio AS folio`); a pg scalar return <-> one
  T-SQL OUTPUT parameter; VOID <-> no result at all;
- the same body, fact by fact: the settings read (`app.setting_value('k')` <->
  `EXEC app.SettingValue @SettingKey = N'k'`), the error ids (pg `app.raise_error(N)` /
  `ERRCODE = 'UN'` and T-SQL `EXEC app.RaiseError @ErrorId = N` / `THROW 5NNNN`, plus any
  registry id written as a number, e.g. a returned error_id; every raised id exists in
  errors.tsv), the tables inserted, updated or deleted (a trigger's writes to its own table
  are not compared: pg BEFORE triggers set NEW, T-SQL AFTER triggers UPDATE the table), and
  the procedures and functions of our schemas called;
- the tables the versioned files build (all versions applied, plus the demo schema) have the
  same columns (names mapped, compatible types, same NULL / NOT NULL) and the same sequences
  (indexes are tuned per engine and not compared).
It also validates errors.tsv (3 tab-separated fields, ids 1001-9999, no repeated id or key).
Exit status 1 with one line per difference, naming the file.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.dev.checks import _pg_catalog, _pg_facts
from tools.dev.checks._cli import folder_argument

ROOT = Path(__file__).resolve().parents[3]
API_SCHEMAS = ("webform", "staff")
FACTS = {"settings": "la configuración", "writes": "escribe en la tabla", "calls": "llama a"}
OWN_FACTS = {"app.setting_value", "app.raise_error"}  # calls compared as settings read and errors raised


# ---- names ---------------------------------------------------------------------

def pascal(name: str) -> str:
    """ticket_event -> TicketEvent (the gateway's mapping)."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def snake(name: str) -> str:
    """TicketEvent -> ticket_event."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def same_name(pg: str, tsql: str) -> bool:
    return pg.lower() == tsql.lower() or pascal(pg) == tsql or snake(tsql) == pg.lower()


def table_key(name: str) -> str:
    """app.ticket_event / app.TicketEvent -> app.ticket_event."""
    return ".".join(snake(part) if part != part.lower() else part for part in name.split("."))


# ---- types ---------------------------------------------------------------------

@dataclass
class SqlType:
    base: str  # upper-case base name, e.g. VARCHAR, TIMESTAMPTZ, INT[]
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.base + (f"({', '.join(self.args)})" if self.args else "")

    @classmethod
    def of(cls, data: dict | None) -> SqlType | None:
        return None if data is None else cls(data["base"], tuple(data["args"]))


PG_FAMILY = {
    "INT": "int", "INTEGER": "int", "INT4": "int", "SERIAL": "int",
    "BIGINT": "bigint", "INT8": "bigint", "BIGSERIAL": "bigint",
    "SMALLINT": "smallint", "INT2": "smallint", "SMALLSERIAL": "smallint",
    "BOOLEAN": "bool", "BOOL": "bool",
    "TIMESTAMPTZ": "timestamptz", "TIMESTAMP": "timestamp", "DATE": "date", "TIME": "time",
    "VARCHAR": "text", "TEXT": "text", "CHAR": "text", "CITEXT": "text",
    "BYTEA": "binary", "UUID": "uuid", "NUMERIC": "decimal", "DECIMAL": "decimal",
    "REAL": "real", "DOUBLE PRECISION": "float", "JSON": "json", "JSONB": "json",
}
# pg family -> T-SQL base types allowed (parameters may narrow an integer, tables may not).
TSQL_FOR = {
    "int": {"INT"},
    "bigint": {"BIGINT"},
    "smallint": {"SMALLINT", "TINYINT"},
    "bool": {"BIT"},
    "timestamptz": {"DATETIME2", "DATETIMEOFFSET"},
    "timestamp": {"DATETIME2", "DATETIME", "SMALLDATETIME"},
    "date": {"DATE"},
    "time": {"TIME"},
    "text": {"NVARCHAR", "NCHAR", "SYSNAME"},
    "binary": {"VARBINARY", "BINARY"},
    "uuid": {"UNIQUEIDENTIFIER"},
    "decimal": {"DECIMAL", "NUMERIC"},
    "real": {"REAL"},
    "float": {"FLOAT"},
    "json": {"NVARCHAR"},
    "array": {"NVARCHAR"},
}
PARAM_NARROWING = {"int": {"SMALLINT", "TINYINT"}}
COMPUTED = "(calculada)"


def type_problem(pg: SqlType, tsql: SqlType, parameter: bool) -> str | None:
    """Why pg and tsql types are not twins (None when they are). The catalog keeps no size for
    function parameters and result columns, so sizes are compared where both sides have one."""
    family = "array" if pg.base.endswith("[]") else PG_FAMILY.get(pg.base)
    if family is None:
        return f"tipo de PostgreSQL {pg} sin equivalente conocido en docs/CONVENTIONS.md"
    allowed = TSQL_FOR[family] | (PARAM_NARROWING.get(family, set()) if parameter else set())
    if tsql.base not in allowed:
        return f"tipos incompatibles: pg {pg} <-> T-SQL {tsql} (se espera {' o '.join(sorted(allowed))})"
    if family in ("text", "decimal") and pg.args and tsql.args and pg.args != tsql.args \
            and "MAX" not in tsql.args:
        return f"tamaños distintos: pg {pg} <-> T-SQL {tsql}"
    return None


# ---- objects -------------------------------------------------------------------

@dataclass
class Param:
    name: str  # as written (p_x / @X)
    type: SqlType
    has_default: bool
    output: bool
    line: int | None = None


@dataclass
class DbObject:
    kind: str  # function | procedure | view | trigger
    name: str  # schema.name
    line: int | None = None
    params: list[Param] = field(default_factory=list)
    returns: str = "void"  # void | table | scalar | trigger | setof
    return_type: SqlType | None = None
    columns: list[tuple[str, SqlType | None]] = field(default_factory=list)  # pg RETURNS TABLE / OUT / view
    result_sets: list[tuple[int, list[str | None]]] = field(default_factory=list)  # T-SQL (line, names)
    table: str | None = None  # a trigger's table


def _line_of(text: str, pattern: str) -> int | None:
    """The first line of `text` where `pattern` (a regex) matches outside a comment line."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.lstrip().startswith("--") and re.search(pattern, raw, re.I):
            return number
    return None


def pg_object(data: dict, text: str = "") -> DbObject:
    """A catalog object (from _pg_catalog) as a DbObject; lines looked up in the file's text."""
    short = data["name"].split(".")[-1]
    obj = DbObject(data["kind"], data["name"], _line_of(text, rf"\b{re.escape(short)}\b"),
                   returns=data["returns"], return_type=SqlType.of(data.get("return_type")),
                   table=data.get("table"))
    obj.params = [Param(p["name"], SqlType.of(p["type"]), p["default"], p["output"],  # type: ignore[arg-type]
                        _line_of(text, rf"\b{re.escape(p['name'])}\b")) for p in data["params"]]
    obj.columns = [(name, SqlType.of(kind)) for name, kind in data["columns"]]
    return obj


def tsql_object(data: dict) -> DbObject:
    obj = DbObject(data["kind"], data["name"], data["line"], returns=data["returns"],
                   return_type=SqlType.of(data.get("return_type")), table=data.get("table"))
    obj.params = [Param(p["name"], SqlType.of(p["type"]), p["default"], p["output"], p["line"])  # type: ignore[arg-type]
                  for p in data["params"]]
    obj.result_sets = [(line, names) for line, names in data["result_sets"]]
    return obj


# ---- the registry --------------------------------------------------------------------

def read_registry(path: Path, problems: list[tuple[int, str]] | None = None) -> dict[int, str]:
    """id -> key of database/errors.tsv; malformed lines go to `problems` as (line, text)."""
    problems = [] if problems is None else problems
    entries: dict[int, str] = {}
    keys: dict[str, int] = {}
    header = True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            problems.append((number, "se esperan 3 campos separados por tabulador: id, clave, mensaje"))
            continue
        raw_id, key, _message = fields
        if not raw_id.isdigit() or not 1001 <= int(raw_id) <= 9999:
            problems.append((number, f"id {raw_id!r} fuera de 1001-9999"))
            continue
        if int(raw_id) in entries:
            problems.append((number, f"id {raw_id} repetido"))
        if key in keys:
            problems.append((number, f"clave {key!r} repetida (ya la usa el id {keys[key]})"))
        entries[int(raw_id)] = key
        keys.setdefault(key, int(raw_id))
    return entries


def error_ids(body: dict, registry: dict[int, str]) -> dict[int, int]:
    """id -> first line of every registry id in a file's facts: raised, or written as a number."""
    found = {int(k): v for k, v in body.get("literal", {}).items() if int(k) in registry}
    for key, line in body.get("raised", {}).items():
        found.setdefault(int(key), line)
    return found


# ---- the report ------------------------------------------------------------------------

class Report:
    def __init__(self, database: Path) -> None:
        self.database = database
        self.problems: list[str] = []

    def add(self, where: Path | str, line: int | None, text: str) -> None:
        if isinstance(where, Path):
            try:
                where = str(where.relative_to(self.database.parent))
            except ValueError:
                where = str(where)
        self.problems.append(f"{where}{f':{line}' if line else ''}: {text}")


def check_pairs(report: Report, folder: str, pattern: str, key) -> list[tuple[Path, Path]]:
    base = report.database / folder
    pg = {key(p): p for p in sorted((base / "pg").glob(pattern))}
    ms = {key(p): p for p in sorted((base / "mssql").glob(pattern))}
    for k in sorted(pg.keys() - ms.keys()):
        twin = base / "mssql" / pg[k].name
        report.add(pg[k], None, f"falta su gemelo T-SQL {twin.relative_to(report.database.parent)}")
    for k in sorted(ms.keys() - pg.keys()):
        twin = base / "pg" / ms[k].name
        report.add(ms[k], None, f"falta su gemelo PostgreSQL {twin.relative_to(report.database.parent)}")
    pairs = []
    for k in sorted(pg.keys() & ms.keys()):
        if pg[k].name != ms[k].name:
            report.add(ms[k], None, f"el gemelo de {pg[k].name} debe llamarse igual ({ms[k].name} != {pg[k].name})")
        pairs.append((pg[k], ms[k]))
    return pairs


# ---- objects compared ----------------------------------------------------------------------

@dataclass
class Sources:
    """Both sides of one database folder: the pg catalog and facts, the T-SQL facts per file."""
    database: Path
    catalog: dict
    tsql: dict[Path, dict]
    registry: dict[int, str]

    def pg_entry(self, path: Path) -> dict:
        return self.catalog.get("files", {}).get(str(path.relative_to(self.database)), {"objects": []})


def compare_objects(report: Report, pg_path: Path, ms_path: Path, src: Sources) -> None:
    schema, _, obj_name = pg_path.stem.partition(".")
    want_pg, want_ms = f"{schema}.{snake(obj_name)}", f"{schema}.{obj_name}"
    if pascal(snake(obj_name)) != obj_name:
        report.add(ms_path, None, f"el nombre {obj_name} no es el PascalCase de {snake(obj_name)} "
                                  f"(el gateway llama a {schema}.{pascal(snake(obj_name))})")
    pg_text = pg_path.read_text(encoding="utf-8")
    entry = src.pg_entry(pg_path)
    if "error" in entry:
        report.add(pg_path, None, entry["error"])
    ms_facts = src.tsql.get(ms_path, {"error": "sin analizar"})
    if "error" in ms_facts:
        report.add(ms_path, None, f"no se pudo interpretar: {ms_facts['error']}")
        return
    pg_all = [pg_object(o, pg_text) for o in entry["objects"]]
    ms_all = [tsql_object(o) for o in ms_facts["objects"]]
    pg_obj = next((o for o in pg_all if o.name.lower() == want_pg.lower() and o.kind != "trigger"), None) \
        or next((o for o in pg_all if o.name.lower() == want_pg.lower()), None)
    ms_obj = next((o for o in ms_all if o.name == want_ms), None)
    if ms_obj is None:
        other = next((o for o in ms_all if o.name.lower() == want_ms.lower()), None)
        if other is not None:
            report.add(ms_path, other.line, f"el objeto se llama {other.name}; debe ser exactamente {want_ms}")
            ms_obj = other
    if pg_obj is None:
        names = ", ".join(o.name for o in pg_all) or "ninguno"
        report.add(pg_path, None, f"no define {want_pg} (CREATE OR REPLACE FUNCTION/VIEW); encontrado: {names}")
    if ms_obj is None:
        names = ", ".join(o.name for o in ms_all) or "ninguno"
        report.add(ms_path, None, f"no define {want_ms} (ALTER PROCEDURE tras el stub, o VIEW/TRIGGER); "
                                  f"encontrado: {names}")
    if pg_obj is not None and ms_obj is not None:
        compare_shapes(report, pg_path, ms_path, pg_obj, ms_obj, schema)
    pg_body = _pg_facts.body_facts(pg_text)
    if "error" in pg_body:
        report.add(pg_path, None, pg_body["error"])
        return
    compare_errors(report, pg_path, ms_path, pg_body, ms_facts["body"], src.registry)
    triggers = {table_key(o.table) for o in (*pg_all, *ms_all) if o.kind == "trigger" and o.table}
    compare_body(report, pg_path, ms_path, pg_body, ms_facts["body"], triggers)


def _kind_pair(pg: DbObject, ms: DbObject) -> str | None:
    if pg.kind == "view" or ms.kind == "view":
        return None if pg.kind == ms.kind else "vista en un dialecto y no en el otro"
    if pg.returns == "trigger" or ms.kind == "trigger":
        return None if pg.returns == "trigger" and ms.kind == "trigger" else \
            "disparador (trigger) en un dialecto y no en el otro"
    return None


def compare_shapes(report: Report, pg_path: Path, ms_path: Path, pg: DbObject, ms: DbObject, schema: str) -> None:
    problem = _kind_pair(pg, ms)
    if problem:
        report.add(ms_path, ms.line, f"{problem}: pg {pg.kind} {pg.name}, T-SQL {ms.kind} {ms.name}")
        return
    if pg.kind == "view":
        compare_columns(report, ms_path, pg, ms, view=True)
        return
    if pg.returns == "trigger":
        return
    # parameters
    pg_in = pg.params
    ms_in = [p for p in ms.params if not p.output]
    ms_out = [p for p in ms.params if p.output]
    for pos, (a, b) in enumerate(zip(pg_in, ms_in, strict=False), start=1):
        if not a.name.startswith("p_"):
            report.add(pg_path, a.line, f"parámetro {pos} `{a.name}`: los parámetros de pg empiezan con p_")
            continue
        want = "@" + pascal(a.name[2:])
        if b.name != want:
            report.add(ms_path, b.line, f"parámetro {pos}: pg `{a.name}` <-> T-SQL `{b.name}`; "
                                        f"se espera `{want}` (mismo orden en ambos dialectos)")
            continue
        why = type_problem(a.type, b.type, parameter=True)
        if why:
            report.add(ms_path, b.line, f"parámetro {b.name}: {why}")
        if schema in API_SCHEMAS and PG_FAMILY.get(a.type.base) == "smallint":
            report.add(pg_path, a.line, f"parámetro {a.name}: use INT, no SMALLINT, en funciones de la API "
                                        "(psycopg envía enteros como int4/int8)")
        if a.has_default != b.has_default:
            side = "pg" if a.has_default else "T-SQL"
            report.add(ms_path, b.line, f"parámetro {b.name}: tiene valor por omisión solo en {side}; "
                                        "póngalo en ambos o en ninguno")
    if len(pg_in) != len(ms_in):
        extra_pg = [p.name for p in pg_in[len(ms_in):]]
        extra_ms = [p.name for p in ms_in[len(pg_in):]]
        if extra_pg:
            report.add(ms_path, ms.line, f"faltan parámetros en T-SQL: {', '.join(extra_pg)} (están en pg)")
        if extra_ms:
            report.add(ms_path, ms.line, f"parámetros de más en T-SQL: {', '.join(extra_ms)} (no están en pg)")
    # result
    if schema in API_SCHEMAS and pg.returns == "scalar":
        report.add(pg_path, pg.line, f"{pg.name}: una función de la API devuelve RETURNS TABLE (...) o VOID; "
                                     "el gateway no lee valores escalares ni parámetros OUTPUT")
        return
    if pg.returns in ("table", "setof"):
        if ms_out:
            report.add(ms_path, ms_out[0].line, f"{ms.name} tiene parámetros OUTPUT y pg devuelve filas; "
                                                "el gateway solo lee el conjunto de resultados")
        if pg.returns == "setof":
            report.add(pg_path, pg.line, f"{pg.name}: use RETURNS TABLE (columnas con nombre), no SETOF")
            return
        compare_columns(report, ms_path, pg, ms, view=False)
    elif pg.returns == "scalar":
        if ms.kind == "function":
            if ms.return_type is not None and pg.return_type is not None:
                why = type_problem(pg.return_type, ms.return_type, parameter=False)
                if why:
                    report.add(ms_path, ms.line, f"valor devuelto: {why}")
        elif len(ms_out) != 1:
            report.add(ms_path, ms.line, f"pg {pg.name} devuelve un valor ({pg.return_type}); T-SQL debe "
                                         f"tener exactamente un parámetro OUTPUT (tiene {len(ms_out)})")
        elif pg.return_type is not None:
            why = type_problem(pg.return_type, ms_out[0].type, parameter=False)
            if why:
                report.add(ms_path, ms_out[0].line, f"parámetro OUTPUT {ms_out[0].name}: {why}")
        if ms.result_sets:
            report.add(ms_path, ms.result_sets[0][0], f"T-SQL devuelve filas y pg {pg.name} no (RETURNS "
                                                      f"{pg.return_type})")
    else:  # void
        if ms_out:
            report.add(ms_path, ms_out[0].line, f"parámetro OUTPUT {ms_out[0].name} sin equivalente: "
                                                f"pg {pg.name} devuelve VOID")
        for line, _ in ms.result_sets:
            report.add(ms_path, line, f"este SELECT devuelve filas, pero pg {pg.name} devuelve VOID "
                                      "(¿falta @Variable = en la asignación?)")


def compare_columns(report: Report, ms_path: Path, pg: DbObject, ms: DbObject, view: bool) -> None:
    want = [name for name, _ in pg.columns]
    if not ms.result_sets:
        report.add(ms_path, ms.line, f"pg {pg.name} devuelve las columnas ({', '.join(map(str, want))}); "
                                     "T-SQL no tiene un SELECT final que las devuelva")
        return
    for line, names in ms.result_sets:
        if None in names:
            pos = names.index(None) + 1
            report.add(ms_path, line, f"columna {pos} del SELECT sin nombre: use `expresión AS nombre_snake`")
            continue
        ok = [same_name(a or "", b or "") for a, b in zip(want, names, strict=False)] if view else \
            [a == b for a, b in zip(want, names, strict=False)]
        if len(want) == len(names) and all(ok):
            continue
        missing = [c for c in want if c not in names and not (view and any(same_name(c, n or "") for n in names))]
        extra = [c for c in names if c not in want and not (view and any(same_name(w or "", c or "") for w in want))]
        detail = []
        if missing:
            detail.append(f"faltan {', '.join(map(str, missing))}")
        if extra:
            detail.append(f"sobran {', '.join(map(str, extra))}")
        if not missing and not extra:
            detail.append("mismo conjunto, otro orden")
        report.add(ms_path, line, f"columnas del resultado distintas ({'; '.join(detail)}): "
                                  f"pg ({', '.join(map(str, want))}) <-> T-SQL ({', '.join(map(str, names))})")


def compare_errors(report: Report, pg_path: Path, ms_path: Path, pg_body: dict, ms_body: dict,
                   registry: dict[int, str]) -> None:
    for path, body in ((pg_path, pg_body), (ms_path, ms_body)):
        for error_id, line in sorted((int(k), v) for k, v in body.get("raised", {}).items()):
            if error_id not in registry:
                report.add(path, line, f"error {error_id} no está en database/errors.tsv")
    pg_all, ms_all = error_ids(pg_body, registry), error_ids(ms_body, registry)
    for error_id in sorted(pg_all.keys() - ms_all.keys()):
        report.add(ms_path, None, f"error {error_id} ({registry.get(error_id, '?')}) aparece en pg "
                                  f"(línea {pg_all[error_id]}) y no en T-SQL")
    for error_id in sorted(ms_all.keys() - pg_all.keys()):
        report.add(pg_path, None, f"error {error_id} ({registry.get(error_id, '?')}) aparece en T-SQL "
                                  f"(línea {ms_all[error_id]}) y no en pg")


def _normal(kind: str, key: str) -> str:
    """Facts keyed alike in both dialects: tables and procedures by their snake_case name."""
    if kind == "settings":
        return key
    if kind == "writes":
        table, _, verb = key.rpartition(":")
        return f"{table_key(table)}:{verb}"
    return table_key(key)


def compare_body(report: Report, pg_path: Path, ms_path: Path, pg_body: dict, ms_body: dict,
                 trigger_tables: set[str]) -> None:
    """Settings read, tables written and routines called: the same on both sides."""
    name = pg_path.stem
    for kind, label in FACTS.items():
        pg = {_normal(kind, k): (k, v) for k, v in pg_body.get(kind, {}).items()}
        ms = {_normal(kind, k): (k, v) for k, v in ms_body.get(kind, {}).items()}
        if kind == "calls":  # reading a setting and raising an error are compared as such above
            pg = {k: v for k, v in pg.items() if k not in OWN_FACTS}
            ms = {k: v for k, v in ms.items() if k not in OWN_FACTS}
        if kind == "writes":  # a trigger writes its own table through NEW in pg, with UPDATE in T-SQL
            pg = {k: v for k, v in pg.items() if k.rpartition(":")[0] not in trigger_tables}
            ms = {k: v for k, v in ms.items() if k.rpartition(":")[0] not in trigger_tables}
        for key in sorted(pg.keys() - ms.keys()):
            what, line = pg[key]
            report.add(ms_path, None, f"{name}: {label} {_shown(kind, what)} en pg (línea {line}) y no en T-SQL")
        for key in sorted(ms.keys() - pg.keys()):
            what, line = ms[key]
            report.add(pg_path, None, f"{name}: {label} {_shown(kind, what)} en T-SQL (línea {line}) y no en pg")


def _shown(kind: str, key: str) -> str:
    if kind == "settings":
        return f"'{key}' se lee"
    if kind == "writes":
        table, _, verb = key.rpartition(":")
        return f"{table} ({verb.upper()})"
    return key


# ---- tables ----------------------------------------------------------------------------

@dataclass
class Column:
    name: str
    type: SqlType
    not_null: bool
    path: Path | None = None
    line: int | None = None


def tsql_tables(paths: list[Path], tsql: dict[Path, dict]) -> tuple[dict[str, tuple[str, Path, int, list[Column]]],
                                                                     dict[str, tuple[str, Path, int]]]:
    """The tables (key -> name, file, line, columns) and sequences after every T-SQL file ran."""
    tables: dict[str, tuple[str, Path, int, list[Column]]] = {}
    sequences: dict[str, tuple[str, Path, int]] = {}
    for path in paths:
        ddl = tsql.get(path, {}).get("ddl", {})
        for table in ddl.get("tables", []):
            cols = [Column(c["name"], SqlType.of(c["type"]), c["not_null"], path, c["line"])  # type: ignore[arg-type]
                    for c in table["columns"]]
            tables[table_key(table["name"])] = (table["name"], path, table["line"], cols)
        for added in ddl.get("added", []):
            c = added["column"]
            entry = tables.get(table_key(added["table"]))
            if entry is not None:
                entry[3].append(Column(c["name"], SqlType.of(c["type"]), c["not_null"], path, c["line"]))  # type: ignore[arg-type]
        for dropped in ddl.get("dropped", []):
            entry = tables.get(table_key(dropped["table"]))
            if entry is not None:
                entry[3][:] = [c for c in entry[3] if not same_name(snake(c.name), dropped["column"])
                               and c.name.lower() != dropped["column"].lower()]
        for gone in ddl.get("dropped_tables", []):
            tables.pop(table_key(gone), None)
        for seq in ddl.get("sequences", []):
            sequences[table_key(seq["name"])] = (seq["name"], path, seq["line"])
    return tables, sequences


def compare_tables(report: Report, src: Sources, ms_paths: list[Path]) -> None:
    pg_tables = src.catalog.get("tables", {})
    ms_tables, ms_sequences = tsql_tables(ms_paths, src.tsql)
    for path in ms_paths:
        if "error" in src.tsql.get(path, {}):
            report.add(path, None, f"no se pudo interpretar: {src.tsql[path]['error']}")
    ms_dir = src.database / "tables" / "mssql"
    for key in sorted(pg_tables.keys() - ms_tables.keys()):
        report.add(ms_dir, None, f"falta la tabla {key} (está en pg)")
    for key in sorted(ms_tables.keys() - pg_tables.keys()):
        name, path, line, _ = ms_tables[key]
        report.add(path, line, f"falta la tabla {name} en pg")
    for key in sorted(pg_tables.keys() & ms_tables.keys()):
        name, path, line, ms_cols = ms_tables[key]
        pg_cols = [Column(c["name"], SqlType.of(c["type"]), c["not_null"]) for c in pg_tables[key]]  # type: ignore[arg-type]
        compare_table_columns(report, key, pg_cols, ms_cols, path, line)
    pg_seq = {table_key(s) for s in src.catalog.get("sequences", [])}
    for key in sorted(pg_seq - ms_sequences.keys()):
        report.add(ms_dir, None, f"falta la secuencia {key} (está en pg)")
    for key in sorted(ms_sequences.keys() - pg_seq):
        name, path, line = ms_sequences[key]
        report.add(path, line, f"falta la secuencia {name} en pg")


def compare_table_columns(report: Report, table: str, pg_cols: list[Column], ms_cols: list[Column],
                          path: Path, line: int) -> None:
    by_pg = {c.name.lower(): c for c in pg_cols}
    matched: set[str] = set()
    for col in ms_cols:
        twin = next((c for c in pg_cols if same_name(c.name, col.name)), None)
        where = col.path or path
        if twin is None:
            report.add(where, col.line, f"{table}: columna {col.name} no existe en pg")
            continue
        matched.add(twin.name.lower())
        if COMPUTED in (twin.type.base, col.type.base):
            if twin.type.base != col.type.base:
                report.add(where, col.line, f"{table}.{col.name}: columna calculada en un dialecto y no en el otro")
            continue
        why = type_problem(twin.type, col.type, parameter=False)
        if why:
            report.add(where, col.line, f"{table}.{col.name}: {why}")
        if twin.not_null != col.not_null:
            report.add(where, col.line, f"{table}.{col.name}: NOT NULL en "
                                        f"{'pg' if twin.not_null else 'T-SQL'} y no en el otro dialecto")
    for name in sorted(by_pg.keys() - matched):
        report.add(path, line, f"{table}: falta la columna {pascal(name)} (pg: {by_pg[name].name})")


# ---- the whole check ------------------------------------------------------------------------

def version(path: Path) -> str:
    found = re.match(r"V(\d+)__", path.name)
    return found.group(1).lstrip("0") if found else path.stem


def sources(database: Path, registry: dict[int, str], server=None) -> Sources:
    from tools.dev.checks.sql_lint import tsql_facts

    ms_files = [p for folder in ("tables", "procedures", "demo")
                for p in sorted((database / folder / "mssql").glob("*.sql"))]
    return Sources(database, _pg_catalog.catalog(database, server), tsql_facts(ms_files), registry)


def check(database: Path, server=None) -> list[str]:
    """Every difference, one line each. `server`: a running EmbeddedDb to deploy the pg side into
    (the test suite's cluster); without one a private server is started."""
    report = Report(database)
    registry_path = database / "errors.tsv"
    bad: list[tuple[int, str]] = []
    try:
        registry = read_registry(registry_path, bad)
    except (OSError, UnicodeDecodeError) as exc:
        report.add(registry_path, None, f"no se pudo leer el registro de errores: {exc}")
        registry = {}
    for line, text in bad:
        report.add(registry_path, line, text)
    src = sources(database, registry, server)
    if "error" in src.catalog:
        report.add(database / "tables" / "pg", None, src.catalog["error"])
    for pg_path, ms_path in check_pairs(report, "procedures", "*.sql", lambda p: p.stem):
        compare_objects(report, pg_path, ms_path, src)
    # The demo schema (installed by tools.dev.seed_demo only): its procedures; its table with the rest.
    for pg_path, ms_path in check_pairs(report, "demo", "*.sql", lambda p: p.stem):
        if pg_path.stem != "schema":
            compare_objects(report, pg_path, ms_path, src)
    check_pairs(report, "tables", "*.sql", version)
    ms_tables = sorted((database / "tables" / "mssql").glob("V*__*.sql"), key=lambda p: (int(version(p) or 0), p))
    demo_schema = database / "demo" / "mssql" / "schema.sql"
    if "error" not in src.catalog:
        compare_tables(report, src, ms_tables + ([demo_schema] if demo_schema.exists() else []))
    for dialect in ("pg", "mssql"):  # a repeated number would hide a file from check_pairs
        seen: dict[str, Path] = {}
        for path in sorted((database / "tables" / dialect).glob("*.sql")):
            if version(path) in seen:
                report.add(path, None, f"número de versión repetido (también {seen[version(path)].name})")
            seen.setdefault(version(path), path)
    for folder in ("tables", "procedures", "demo"):
        for dialect in ("pg", "mssql"):
            for path in sorted((database / folder / dialect).glob("*.sql")):
                if folder == "demo" and not re.fullmatch(r"(schema|demo\.[A-Z]\w*)\.sql", path.name):
                    report.add(path, None, "en database/demo/ van schema.sql y demo.<NombrePascal>.sql")
                if folder == "tables" and not re.fullmatch(r"V\d{3}__\w+\.sql", path.name):
                    report.add(path, None, "los archivos de tablas se llaman V00N__descripcion.sql")
                if folder == "procedures" and not re.fullmatch(r"(app|stats|webform|staff)\.[A-Z]\w*\.sql",
                                                                path.name):
                    report.add(path, None, "los archivos de procedimientos se llaman <esquema>.<NombrePascal>.sql "
                                           "(esquemas app, stats, webform, staff)")
    return report.problems


def main(argv: list[str] | None = None, server=None) -> int:
    database = folder_argument(argv, "Paridad entre los dialectos pg y T-SQL", "DATABASE_DIR", ROOT / "database")
    started = time.monotonic()
    problems = check(database, server)
    elapsed = time.monotonic() - started
    for line in problems:
        print(line)
    pairs = len(list((database / "procedures" / "pg").glob("*.sql")))
    if problems:
        print(f"parity: FALLÓ: {len(problems)} diferencia(s) entre pg y T-SQL ({elapsed:.1f} s)")
        return 1
    print(f"parity: bien ({pairs} objeto(s) y {len(list((database / 'tables' / 'pg').glob('*.sql')))} "
          f"versión(es) de tablas idénticos en pg y T-SQL, {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
