"""Parity between the two dialects: both define the same database, object by object.

    python -m tools.dev.checks.parity [DATABASE_DIR]      # default: ./database

Checks, reading the real code (comments and string literals never count):
- procedures/pg and procedures/mssql hold the same basenames; tables/pg and tables/mssql the
  same versioned files (V00N__name.sql, same number and name); demo/pg and demo/mssql (the demo
  schema: schema.sql compared as tables, demo.<Name>.sql as objects);
- each object is what its file name says: `webform.SubmitTicket.sql` defines the pg function
  `webform.submit_ticket` and the T-SQL procedure `webform.SubmitTicket` (views and triggers
  likewise);
- the same parameters in the same order: pg `p_request_id` <-> T-SQL `@RequestId`, compatible
  types (docs/CONVENTIONS.md), a default on both sides or on neither; no SMALLINT parameters
  in pg API functions;
- the same result: pg `RETURNS TABLE (a ..., b ...)` <-> every result-producing SELECT (or
  OUTPUT clause) of the T-SQL procedure, whose column names must be exactly a, b (snake_case,
  `SELECT t.Folio AS folio`); a pg scalar return <-> one T-SQL OUTPUT parameter; VOID <-> no
  result at all;
- the same error ids: pg `app.raise_error(N)` / `ERRCODE = 'UN'` and T-SQL
  `EXEC app.RaiseError @ErrorId = N` / `THROW 5NNNN`, plus any registry id written as a
  number in the code (ids returned in result rows); every raised id exists in errors.tsv;
- versioned table files create the same tables with the same columns (names mapped,
  compatible types, same NULL / NOT NULL), the same added columns and sequences (indexes are
  tuned per engine and not compared).
Exit status 1 with one line per difference, naming the file.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.dev.checks._cli import folder_argument
from tools.dev.checks._sqltokens import Token, TokenizeError, depths, matching_paren, split_top, tokenize

ROOT = Path(__file__).resolve().parents[3]
API_SCHEMAS = ("webform", "staff")


# ---- names ---------------------------------------------------------------------

def pascal(name: str) -> str:
    """ticket_event -> TicketEvent (the gateway's mapping)."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def snake(name: str) -> str:
    """TicketEvent -> ticket_event."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def same_name(pg: str, tsql: str) -> bool:
    return pg.lower() == tsql.lower() or pascal(pg) == tsql or snake(tsql) == pg.lower()


def norm_index(name: str) -> str:
    return name.replace("_", "").lower()


# ---- types ---------------------------------------------------------------------

@dataclass
class SqlType:
    base: str  # upper-case base name, e.g. VARCHAR, TIMESTAMPTZ, INT[]
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.base + (f"({', '.join(self.args)})" if self.args else "")


PG_FAMILY = {
    "INT": "int", "INTEGER": "int", "INT4": "int", "SERIAL": "int",
    "BIGINT": "bigint", "INT8": "bigint", "BIGSERIAL": "bigint",
    "SMALLINT": "smallint", "INT2": "smallint", "SMALLSERIAL": "smallint",
    "BOOLEAN": "bool", "BOOL": "bool",
    "TIMESTAMPTZ": "timestamptz", "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIMESTAMP": "timestamp", "TIMESTAMP WITHOUT TIME ZONE": "timestamp",
    "DATE": "date", "TIME": "time",
    "VARCHAR": "text", "CHARACTER VARYING": "text", "TEXT": "text", "CHAR": "text", "CHARACTER": "text",
    "CITEXT": "text",
    "BYTEA": "binary", "UUID": "uuid",
    "NUMERIC": "decimal", "DECIMAL": "decimal",
    "REAL": "real", "FLOAT4": "real", "DOUBLE PRECISION": "float", "FLOAT8": "float", "FLOAT": "float",
    "JSON": "json", "JSONB": "json",
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
MULTIWORD = (("DOUBLE", "PRECISION"), ("CHARACTER", "VARYING"),
             ("TIMESTAMP", "WITH", "TIME", "ZONE"), ("TIMESTAMP", "WITHOUT", "TIME", "ZONE"),
             ("TIME", "WITH", "TIME", "ZONE"), ("TIME", "WITHOUT", "TIME", "ZONE"))


def read_type(tokens: list[Token], i: int) -> tuple[SqlType, int]:
    """The data type starting at tokens[i]; returns (type, index after it)."""
    words = [t.upper for t in tokens[i:i + 4]]
    base = None
    for multi in MULTIWORD:
        if tuple(words[:len(multi)]) == multi:
            base, i = " ".join(multi), i + len(multi)
            break
    if base is None:
        tok = tokens[i]
        if tok.kind not in ("word", "quoted"):
            raise ValueError(f"línea {tok.line}: se esperaba un tipo de dato, se encontró {tok.text!r}")
        base, i = tok.text.upper(), i + 1
        while i + 1 < len(tokens) and tokens[i].is_op(".") and tokens[i + 1].kind in ("word", "quoted"):
            base, i = base + "." + tokens[i + 1].text.upper(), i + 2  # schema-qualified type
    args: tuple[str, ...] = ()
    if i < len(tokens) and tokens[i].is_op("("):
        close = matching_paren(tokens, i)
        args = tuple("".join(t.text for t in part).upper() for part in split_top(tokens[i + 1:close]))
        i = close + 1
    while i + 1 < len(tokens) and tokens[i].is_op("[") and tokens[i + 1].is_op("]"):
        base, i = base + "[]", i + 2
    return SqlType(base, args), i


def type_problem(pg: SqlType, tsql: SqlType, parameter: bool) -> str | None:
    """Why pg and tsql types are not twins (None when they are)."""
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


# ---- parsed objects ----------------------------------------------------------------

@dataclass
class Param:
    name: str  # as written (p_x / @X)
    type: SqlType
    has_default: bool
    output: bool
    line: int


@dataclass
class DbObject:
    kind: str  # function | procedure | view | trigger
    name: str  # schema.name as written
    line: int
    params: list[Param] = field(default_factory=list)
    returns: str = "void"  # void | table | scalar | trigger | setof
    return_type: SqlType | None = None
    columns: list[tuple[str, SqlType | None]] = field(default_factory=list)  # pg RETURNS TABLE / OUT
    result_sets: list[tuple[int, list[str | None]]] = field(default_factory=list)  # T-SQL (line, names)


def qualified_name(tokens: list[Token], i: int) -> tuple[str, int]:
    parts = [tokens[i].text]
    i += 1
    while i + 1 < len(tokens) and tokens[i].is_op(".") and tokens[i + 1].kind in ("word", "quoted"):
        parts.append(tokens[i + 1].text)
        i += 2
    return ".".join(parts), i


def _name_key(name: str) -> str:
    return name.lower()


# PostgreSQL ----------------------------------------------------------------------

def pg_objects(tokens: list[Token]) -> list[DbObject]:
    found = []
    for i, tok in enumerate(tokens):
        if not tok.is_word("CREATE"):
            continue
        j = i + 1
        if j + 1 < len(tokens) and tokens[j].is_word("OR") and tokens[j + 1].is_word("REPLACE"):
            j += 2
        while j < len(tokens) and tokens[j].is_word("TEMP", "TEMPORARY", "MATERIALIZED", "CONSTRAINT"):
            j += 1
        if j >= len(tokens):
            continue
        kind = tokens[j].upper
        if kind in ("FUNCTION", "PROCEDURE"):
            found.append(_pg_function(tokens, j + 1, kind.lower(), tok.line))
        elif kind == "VIEW":
            found.append(_view(tokens, j + 1, tok.line))
        elif kind == "TRIGGER":
            name, _ = qualified_name(tokens, j + 1)
            found.append(DbObject("trigger", name, tok.line, returns="trigger"))
    return found


def _pg_function(tokens: list[Token], i: int, kind: str, line: int) -> DbObject:
    name, i = qualified_name(tokens, i)
    obj = DbObject(kind, name, line)
    if not tokens[i].is_op("("):
        raise ValueError(f"línea {line}: falta la lista de parámetros de {name}")
    close = matching_paren(tokens, i)
    for part in split_top(tokens[i + 1:close]):
        mode = "IN"
        if part[0].is_word("IN", "OUT", "INOUT", "VARIADIC"):
            mode, part = part[0].upper, part[1:]
        pname = part[0].text
        ptype, k = read_type(part, 1)
        has_default = k < len(part) and (part[k].is_word("DEFAULT") or part[k].is_op("="))
        if mode == "OUT":
            obj.columns.append((pname.lower(), ptype))
        else:
            obj.params.append(Param(pname.lower(), ptype, has_default, mode == "INOUT", part[0].line))
    i = close + 1
    if i < len(tokens) and tokens[i].is_word("RETURNS"):
        i += 1
        if tokens[i].is_word("TABLE"):
            obj.returns = "table"
            close = matching_paren(tokens, i + 1)
            for part in split_top(tokens[i + 2:close]):
                ctype, _ = read_type(part, 1)
                obj.columns.append((part[0].text if part[0].kind == "quoted" else part[0].text.lower(), ctype))
        elif tokens[i].is_word("SETOF"):
            obj.returns = "setof"
            obj.return_type, _ = read_type(tokens, i + 1)
        else:
            rtype, _ = read_type(tokens, i)
            obj.return_type = rtype
            obj.returns = {"VOID": "void", "TRIGGER": "trigger", "RECORD": "table"}.get(rtype.base, "scalar")
    elif obj.columns:
        obj.returns = "table"
    return obj


# T-SQL -----------------------------------------------------------------------------

TSQL_STATEMENT = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "DECLARE", "SET", "IF", "ELSE", "WHILE", "BEGIN", "RETURN",
    "EXEC", "EXECUTE", "THROW", "COMMIT", "ROLLBACK", "PRINT", "RAISERROR", "WAITFOR", "BREAK", "CONTINUE",
    "GOTO", "TRUNCATE", "MERGE", "WITH", "OPEN", "FETCH", "CLOSE", "DEALLOCATE", "SAVE",
}
SELECT_END = {"FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "EXCEPT", "INTERSECT", "OPTION", "FOR"}
OUTPUT_END = {"INTO", "VALUES", "SELECT", "FROM", "WHERE", "DEFAULT", "OUTPUT"}
ASSIGN_OPS = ("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=")
NOT_ALIASES = {"END", "NULL", "ASC", "DESC", "TRUE", "FALSE"}


def tsql_objects(tokens: list[Token]) -> list[DbObject]:
    found = []
    for i, tok in enumerate(tokens):
        if not tok.is_word("CREATE", "ALTER"):
            continue
        j = i + 1
        if tok.is_word("CREATE") and j + 1 < len(tokens) and tokens[j].is_word("OR") \
                and tokens[j + 1].is_word("ALTER"):
            j += 2
        if j >= len(tokens):
            continue
        kind = tokens[j].upper
        if kind in ("PROC", "PROCEDURE"):
            found.append(_tsql_routine(tokens, j + 1, "procedure", tok.line))
        elif kind == "FUNCTION":
            found.append(_tsql_routine(tokens, j + 1, "function", tok.line))
        elif kind == "VIEW":
            found.append(_view(tokens, j + 1, tok.line))
        elif kind == "TRIGGER":
            name, _ = qualified_name(tokens, j + 1)
            found.append(DbObject("trigger", name, tok.line, returns="trigger"))
    return found


def _batch_end(tokens: list[Token], i: int) -> int:
    for j in range(i, len(tokens)):
        if tokens[j].kind == "go":
            return j
    return len(tokens)


def _tsql_params(part_tokens: list[Token]) -> list[Param]:
    params = []
    for part in split_top(part_tokens):
        if part[0].kind != "var":
            raise ValueError(f"línea {part[0].line}: se esperaba un parámetro @Nombre, se encontró {part[0].text!r}")
        k = 2 if len(part) > 1 and part[1].is_word("AS") else 1
        ptype, k = read_type(part, k)
        rest = part[k:]
        params.append(Param(
            part[0].text, ptype,
            has_default=any(t.is_op("=") for t in rest),
            output=any(t.is_word("OUT", "OUTPUT") for t in rest),
            line=part[0].line,
        ))
    return params


def _skip_with_options(tokens: list[Token], i: int) -> int:
    """Skip `WITH RECOMPILE, EXECUTE AS OWNER, ...` before AS."""
    if not tokens[i].is_word("WITH"):
        return i
    i += 1
    while i < len(tokens):
        if tokens[i].is_word("EXECUTE", "EXEC") and i + 2 < len(tokens) and tokens[i + 1].is_word("AS"):
            i += 3
        else:
            i += 1
        if i < len(tokens) and tokens[i].is_op(","):
            i += 1
            continue
        return i
    return i


def _tsql_routine(tokens: list[Token], i: int, kind: str, line: int) -> DbObject:
    name, i = qualified_name(tokens, i)
    obj = DbObject(kind, name, line)
    end = _batch_end(tokens, i)
    if kind == "function":
        close = matching_paren(tokens, i)
        obj.params = _tsql_params(tokens[i + 1:close])
        i = close + 1
        if not tokens[i].is_word("RETURNS"):
            raise ValueError(f"línea {line}: falta RETURNS en la función {name}")
        i += 1
        if tokens[i].is_word("TABLE"):
            obj.returns = "table"
            body_start = _skip_with_options(tokens, i + 1) + 1
            obj.result_sets = _first_select(tokens[body_start:end])
        elif tokens[i].kind == "var":  # RETURNS @t TABLE (cols)
            obj.returns = "table"
            close = matching_paren(tokens, i + 2)
            cols = [part[0].text for part in split_top(tokens[i + 3:close])
                    if not part[0].is_word("PRIMARY", "UNIQUE", "INDEX", "CHECK", "CONSTRAINT")]
            obj.result_sets = [(tokens[i].line, cols)]  # type: ignore[list-item]
        else:
            obj.return_type, _ = read_type(tokens, i)
            obj.returns = "scalar"
        return obj
    # procedure: params up to AS (optionally in parentheses, optionally WITH options)
    j = i
    while j < end and not (tokens[j].is_word("AS", "WITH") and _depth_at(tokens, i, j) == 0):
        j += 1
    header = tokens[i:j]
    if header and header[0].is_op("(") and matching_paren(header, 0) == len(header) - 1:
        header = header[1:-1]
    obj.params = _tsql_params(header)
    j = _skip_with_options(tokens, j)
    if j >= end or not tokens[j].is_word("AS"):
        raise ValueError(f"línea {line}: no se encontró el AS del procedimiento {name}")
    body = tokens[j + 1:end]
    obj.result_sets = result_sets(body) or dynamic_result_sets(body)
    outputs = [p for p in obj.params if p.output]
    obj.returns = "table" if obj.result_sets else ("scalar" if outputs else "void")
    return obj


def _depth_at(tokens: list[Token], start: int, j: int) -> int:
    depth = 0
    for tok in tokens[start:j]:
        if tok.is_op("("):
            depth += 1
        elif tok.is_op(")"):
            depth -= 1
    return depth


def _view(tokens: list[Token], i: int, line: int) -> DbObject:
    name, i = qualified_name(tokens, i)
    obj = DbObject("view", name, line, returns="table")
    listed: list[str] | None = None
    if i < len(tokens) and tokens[i].is_op("("):
        close = matching_paren(tokens, i)
        listed = [part[0].text for part in split_top(tokens[i + 1:close])]
        i = close + 1
    while i < len(tokens) and not tokens[i].is_word("AS"):
        i += 1  # WITH (security_barrier) / WITH SCHEMABINDING
    end = _batch_end(tokens, i)
    for j in range(i + 1, end):
        if tokens[j].is_op(";"):
            end = j
            break
    sets = _first_select(tokens[i + 1:end])
    if listed is not None:
        sets = [(line, listed)]  # type: ignore[list-item]
    obj.result_sets = sets
    return obj


def _first_select(body: list[Token]) -> list[tuple[int, list[str | None]]]:
    """The outermost SELECT (views; inline functions `RETURN (SELECT ...)`; after CTEs)."""
    d = depths(body)
    selects = [k for k, tok in enumerate(body) if tok.is_word("SELECT")]
    if not selects:
        return []
    k = min(selects, key=lambda j: (d[j], j))
    names, _, _ = select_list(body, k + 1)
    return [(body[k].line, names)]


def select_list(body: list[Token], i: int) -> tuple[list[str | None], str, int]:
    """Column names of the select list starting at body[i] (after SELECT).

    Returns (names, kind, end index); kind is 'result', 'assign' (SELECT @x = ...) or
    'into' (SELECT ... INTO). A name is None when the column has no name.
    """
    while i < len(body) and body[i].is_word("DISTINCT", "ALL"):
        i += 1
    if i < len(body) and body[i].is_word("TOP"):
        i += 1
        i = matching_paren(body, i) + 1 if body[i].is_op("(") else i + 1
        if i < len(body) and body[i].is_word("PERCENT"):
            i += 1
        if i + 1 < len(body) and body[i].is_word("WITH") and body[i + 1].is_word("TIES"):
            i += 2
    start, depth, case = i, 0, 0
    while i < len(body):
        tok = body[i]
        if tok.is_op("("):
            depth += 1
        elif tok.is_op(")"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if tok.is_word("CASE"):
                case += 1
            elif tok.is_word("END") and case:
                case -= 1
            elif case == 0 and (tok.upper in SELECT_END or tok.upper in TSQL_STATEMENT or tok.is_word("END")
                                or tok.is_op(";") or tok.kind == "go"):
                break
        i += 1
    items = split_top(body[start:i])
    kind = "into" if i < len(body) and body[i].is_word("INTO") else "result"
    if items and items[0][0].kind == "var" and len(items[0]) > 1 and items[0][1].is_op(*ASSIGN_OPS):
        kind = "assign"
    return [column_name(item) for item in items], kind, i


def column_name(item: list[Token]) -> str | None:
    """The result column name of one select-list item, None when it has none."""
    if len(item) >= 2 and item[-2].is_word("AS") and item[-1].kind in ("word", "quoted", "str"):
        return item[-1].text
    if len(item) >= 3 and item[0].kind in ("word", "quoted", "str") and item[1].is_op("="):
        return item[0].text  # T-SQL: alias = expression
    last = item[-1]
    if last.is_op("*"):
        return None
    if last.kind in ("word", "quoted") and last.upper not in NOT_ALIASES:
        if len(item) == 1 or item[-2].is_op("."):
            return last.text  # a column reference keeps its name
        prev = item[-2]
        if prev.kind in ("word", "quoted", "num", "str") or prev.is_op(")"):
            return last.text  # implicit alias: `expr name`
    return None


def result_sets(body: list[Token]) -> list[tuple[int, list[str | None]]]:
    """Every statement of a T-SQL body that sends rows to the client, with its column names."""
    d = depths(body)
    found: list[tuple[int, list[str | None]]] = []
    pending_insert = False
    for k, tok in enumerate(body):
        if d[k] != 0:
            continue
        if tok.is_word("INSERT"):
            pending_insert = True
        elif tok.is_word("VALUES", "EXEC", "EXECUTE", "DEFAULT") and pending_insert:
            pending_insert = False
        elif tok.is_word("SELECT"):
            prev = body[k - 1] if k else None
            if pending_insert:
                pending_insert = False
                continue
            if prev is not None and (prev.is_word("UNION", "ALL", "EXCEPT", "INTERSECT", "FOR")):
                continue
            names, kind, _ = select_list(body, k + 1)
            if kind == "result":
                found.append((tok.line, names))
        elif tok.is_word("OUTPUT") and k and body[k - 1].kind != "var" and not body[k - 1].is_word("OUT"):
            j, case = k + 1, 0
            while j < len(body):
                t = body[j]
                if d[j] == 0 and not t.is_op("(", ")"):
                    if t.is_word("CASE"):
                        case += 1
                    elif t.is_word("END") and case:
                        case -= 1
                    elif case == 0 and (t.upper in OUTPUT_END or t.upper in TSQL_STATEMENT or t.is_op(";")
                                        or t.kind == "go" or t.is_word("END")):
                        break
                j += 1
            if j < len(body) and body[j].is_word("INTO"):
                continue  # OUTPUT ... INTO @table: no rows to the client
            found.append((tok.line, [column_name(item) for item in split_top(body[k + 1:j])]))
    return found


def dynamic_result_sets(body: list[Token]) -> list[tuple[int, list[str | None]]]:
    """Result columns of dynamic SQL: `EXEC sp_executesql @Sql` / `EXEC (@Sql)`.

    The text of @Sql is rebuilt from the string literals of its `SET @Sql = ...`,
    `SET @Sql += ...` and `DECLARE @Sql ... = ...` statements (variables spliced into it,
    like a sort column, become gaps), then read like static code.
    """
    found: list[tuple[int, list[str | None]]] = []
    for k, tok in enumerate(body):
        if not tok.is_word("EXEC", "EXECUTE"):
            continue
        rest = body[k + 1:k + 8]
        target = None
        if rest and rest[0].is_op("(") and len(rest) > 1 and rest[1].kind == "var":
            target = rest[1].text
        else:
            names = [t.text.lower() for t in rest[:3] if t.kind in ("word", "op")]
            if "sp_executesql" in names:
                after = [t for t in rest if t.kind == "var"]
                if after:
                    target = after[1].text if len(after) > 1 and after[0].text.lower() == "@stmt" else after[0].text
        if target is None:
            continue
        pieces: list[str] = []
        for m, t in enumerate(body):
            if t.kind == "var" and t.text.lower() == target.lower() and m and body[m - 1].is_word("SET", "DECLARE"):
                n = m + 1
                while n < len(body) and not body[n].is_op(";") and body[n].kind != "go" \
                        and not (body[n].kind == "word" and body[n].upper in TSQL_STATEMENT - {"SELECT", "WITH"}
                                 and body[n - 1].kind != "str"):
                    if body[n].kind == "str":
                        pieces.append(body[n].text)
                    n += 1
        if pieces:
            try:
                inner = tokenize(" ".join(pieces), "mssql")
            except TokenizeError:
                continue
            found.extend((tok.line, names) for _, names in result_sets(inner))
    return found


# ---- error ids -----------------------------------------------------------------------

@dataclass
class ErrorIds:
    raised: dict[int, int] = field(default_factory=dict)  # id -> first line
    literal: dict[int, int] = field(default_factory=dict)  # registry ids written as numbers


def error_ids(tokens: list[Token], dialect: str, registry: set[int]) -> ErrorIds:
    ids = ErrorIds()

    def raised(value: str, line: int) -> None:
        if int(value) != 0:  # 0 = no error (e.g. staff.log_in's error_id on success)
            ids.raised.setdefault(int(value), line)

    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1:k + 6]
        if dialect == "pg":
            if tok.is_word("RAISE_ERROR") and len(nxt) >= 3 and nxt[0].is_op("(") and nxt[1].kind == "num" \
                    and nxt[2].is_op(")"):
                raised(nxt[1].text, tok.line)
            elif tok.is_word("ERRCODE") and len(nxt) >= 2 and nxt[0].is_op("=") and nxt[1].kind == "str" \
                    and re.fullmatch(r"U\d{4}", nxt[1].text):
                raised(nxt[1].text[1:], tok.line)
            elif tok.kind == "word" and tok.text.lower().endswith("error_id") and len(nxt) >= 2 \
                    and nxt[0].is_op(":=", "=") and nxt[1].kind == "num":
                raised(nxt[1].text, tok.line)
        else:
            if tok.kind == "var" and tok.text.lower().endswith("errorid"):
                rest = nxt
                if rest and rest[0].kind == "word" and rest[0].upper in ("INT", "SMALLINT", "BIGINT"):
                    rest = rest[1:]
                if len(rest) >= 2 and rest[0].is_op("=") and rest[1].kind == "num":
                    raised(rest[1].text, tok.line)
            elif tok.is_word("THROW") and nxt and nxt[0].kind == "num" and re.fullmatch(r"5\d{4}", nxt[0].text):
                raised(str(int(nxt[0].text) - 50000), tok.line)
        if tok.kind == "num" and tok.text.isdigit() and int(tok.text) in registry and not _type_size(tokens, k):
            ids.literal.setdefault(int(tok.text), tok.line)
    return ids


SIZED_TYPES = {"VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "VARBINARY", "BINARY", "DECIMAL", "NUMERIC", "VARYING",
               "CHARACTER", "DATETIME2", "DATETIMEOFFSET", "TIME", "FLOAT", "BIT", "TIMESTAMPTZ", "TIMESTAMP"}


def _type_size(tokens: list[Token], k: int) -> bool:
    """True for the number in NVARCHAR(2048) or DECIMAL(10, 2): a size, never an error id."""
    j = k - 1
    if j >= 0 and tokens[j].is_op(","):
        j -= 2  # the scale after the precision
    return j >= 1 and tokens[j].is_op("(") and tokens[j - 1].kind == "word" and tokens[j - 1].upper in SIZED_TYPES


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


# ---- tables ----------------------------------------------------------------------------

@dataclass
class Column:
    name: str
    type: SqlType
    not_null: bool
    line: int


@dataclass
class Schema:
    tables: dict[str, tuple[str, int, list[Column]]] = field(default_factory=dict)  # key -> (name, line, cols)
    added: dict[str, list[Column]] = field(default_factory=dict)  # ALTER TABLE ... ADD
    dropped: dict[str, list[str]] = field(default_factory=dict)
    indexes: dict[str, tuple[str, int]] = field(default_factory=dict)
    sequences: dict[str, tuple[str, int]] = field(default_factory=dict)


COMPUTED = "(calculada)"
ALTER_ACTIONS = ("ADD", "DROP", "ALTER", "WITH", "CHECK", "NOCHECK", "ENABLE", "DISABLE", "SET", "SWITCH",
                 "REBUILD", "RENAME", "OWNER", "VALIDATE", "ATTACH", "DETACH", "INHERIT", "NO", "REPLICA",
                 "CLUSTER", "RESET", "FORCE", "OF", "NOT")
TABLE_ITEM_KEYWORDS = ("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE", "INDEX", "PERIOD", "LIKE")


def _column(part: list[Token], dialect: str) -> Column:
    name = part[0].text if dialect == "mssql" or part[0].kind == "quoted" else part[0].text.lower()
    if len(part) > 1 and part[1].is_word("AS"):  # T-SQL computed column: Total AS (A + B)
        return Column(name, SqlType(COMPUTED), False, part[0].line)
    ctype, k = read_type(part, 1)
    if any(t.is_word("GENERATED") for t in part[k:]) and not any(t.is_word("IDENTITY") for t in part[k:]):
        return Column(name, SqlType(COMPUTED), False, part[0].line)  # pg GENERATED ALWAYS AS (...) STORED
    rest = part[k:]
    not_null = any(a.is_word("NOT") and b.is_word("NULL") for a, b in itertools.pairwise(rest)) \
        or any(t.is_word("PRIMARY", "IDENTITY") for t in rest)
    return Column(name, ctype, not_null, part[0].line)


def table_key(name: str) -> str:
    """app.ticket_event / app.TicketEvent -> app.ticket_event."""
    return ".".join(snake(part) if part != part.lower() else part for part in name.split("."))


def schema_of(tokens: list[Token], dialect: str) -> Schema:
    s = Schema()
    d = depths(tokens)
    for i, tok in enumerate(tokens):
        if d[i] != 0 or tok.kind != "word":
            continue
        up = tok.upper
        if up == "CREATE":
            j = i + 1
            while j < len(tokens) and tokens[j].is_word("UNIQUE", "CLUSTERED", "NONCLUSTERED", "UNLOGGED",
                                                       "OR", "REPLACE"):
                j += 1
            if j >= len(tokens):
                continue
            what = tokens[j].upper
            if what == "TABLE":
                j += 1
                if tokens[j].is_word("IF") and tokens[j + 1].is_word("NOT"):
                    j += 3
                name, j = qualified_name(tokens, j)
                if name.startswith("#") or not tokens[j].is_op("("):
                    continue
                close = matching_paren(tokens, j)
                cols = [_column(part, dialect) for part in split_top(tokens[j + 1:close])
                        if not part[0].is_word(*TABLE_ITEM_KEYWORDS)]
                s.tables[table_key(name)] = (name, tok.line, cols)
            elif what == "INDEX":
                j += 1
                if tokens[j].is_word("CONCURRENTLY"):
                    j += 1
                if tokens[j].is_word("IF") and tokens[j + 1].is_word("NOT"):
                    j += 3
                s.indexes[norm_index(tokens[j].text)] = (tokens[j].text, tok.line)
            elif what == "SEQUENCE":
                j += 1
                if tokens[j].is_word("IF") and tokens[j + 1].is_word("NOT"):
                    j += 3
                name, _ = qualified_name(tokens, j)
                s.sequences[norm_index(name)] = (name, tok.line)
        elif up == "ALTER" and i + 1 < len(tokens) and tokens[i + 1].is_word("TABLE"):
            j = i + 2
            if tokens[j].is_word("IF") and tokens[j + 1].is_word("EXISTS"):
                j += 2
            if tokens[j].is_word("ONLY"):
                j += 1
            name, j = qualified_name(tokens, j)
            end = j
            while end < len(tokens) and not tokens[end].is_op(";") and tokens[end].kind != "go":
                end += 1
            action = ""
            for part in split_top(tokens[j:end]):
                if part[0].is_word(*ALTER_ACTIONS):
                    action = part[0].upper
                    if action == "ADD":
                        rest = part[2:] if len(part) > 1 and part[1].is_word("COLUMN") else part[1:]
                    elif action == "DROP" and len(part) > 1 and part[1].is_word("COLUMN"):
                        action, rest = "DROP COLUMN", part[2:]
                    else:
                        continue
                else:
                    rest = part  # T-SQL continues a list: ADD A INT, B INT / DROP COLUMN A, B
                if rest and rest[0].is_word("IF"):
                    rest = rest[3:] if action == "ADD" else rest[2:]
                if not rest:
                    continue
                if action == "ADD" and not rest[0].is_word(*TABLE_ITEM_KEYWORDS, "DEFAULT"):
                    s.added.setdefault(table_key(name), []).append(_column(rest, dialect))
                elif action == "DROP COLUMN":
                    s.dropped.setdefault(table_key(name), []).append(snake(rest[0].text))
    return s


# ---- the comparison ------------------------------------------------------------------------

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


def _load(path: Path, dialect: str, report: Report) -> list[Token] | None:
    try:
        return tokenize(path.read_text(encoding="utf-8"), dialect)
    except (TokenizeError, UnicodeDecodeError) as exc:
        report.add(path, None, f"no se pudo leer: {exc}")
        return None


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


def compare_objects(report: Report, pg_path: Path, ms_path: Path, registry: dict[int, str]) -> None:
    pg_tokens, ms_tokens = _load(pg_path, "pg", report), _load(ms_path, "mssql", report)
    if pg_tokens is None or ms_tokens is None:
        return
    schema, _, obj_name = pg_path.stem.partition(".")
    want_pg, want_ms = f"{schema}.{snake(obj_name)}", f"{schema}.{obj_name}"
    if pascal(snake(obj_name)) != obj_name:
        report.add(ms_path, None, f"el nombre {obj_name} no es el PascalCase de {snake(obj_name)} "
                                  f"(el gateway llama a {schema}.{pascal(snake(obj_name))})")
    try:
        pg_all, ms_all = pg_objects(pg_tokens), tsql_objects(ms_tokens)
    except (ValueError, IndexError) as exc:
        report.add(pg_path.parent.parent / "*" / pg_path.name, None, f"no se pudo interpretar: {exc}")
        return
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
    compare_errors(report, pg_path, ms_path, pg_tokens, ms_tokens, registry)


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
    if view:
        want = [name for name, _ in (pg.columns or [])] or (pg.result_sets[0][1] if pg.result_sets else [])
    else:
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


def compare_errors(report: Report, pg_path: Path, ms_path: Path, pg_tokens: list[Token],
                   ms_tokens: list[Token], registry: dict[int, str]) -> None:
    ids = set(registry)
    pg_ids, ms_ids = error_ids(pg_tokens, "pg", ids), error_ids(ms_tokens, "mssql", ids)
    for path, found in ((pg_path, pg_ids), (ms_path, ms_ids)):
        for error_id, line in sorted(found.raised.items()):
            if error_id not in registry:
                report.add(path, line, f"error {error_id} no está en database/errors.tsv")
    pg_all = {**pg_ids.literal, **pg_ids.raised}
    ms_all = {**ms_ids.literal, **ms_ids.raised}
    for error_id in sorted(pg_all.keys() - ms_all.keys()):
        report.add(ms_path, None, f"error {error_id} ({registry.get(error_id, '?')}) aparece en pg "
                                  f"(línea {pg_all[error_id]}) y no en T-SQL")
    for error_id in sorted(ms_all.keys() - pg_all.keys()):
        report.add(pg_path, None, f"error {error_id} ({registry.get(error_id, '?')}) aparece en T-SQL "
                                  f"(línea {ms_all[error_id]}) y no en pg")


def compare_tables(report: Report, pg_path: Path, ms_path: Path) -> None:
    pg_tokens, ms_tokens = _load(pg_path, "pg", report), _load(ms_path, "mssql", report)
    if pg_tokens is None or ms_tokens is None:
        return
    try:
        pg, ms = schema_of(pg_tokens, "pg"), schema_of(ms_tokens, "mssql")
    except (ValueError, IndexError) as exc:
        report.add(pg_path.parent.parent / "*" / pg_path.name, None, f"no se pudo interpretar: {exc}")
        return
    for key in sorted(pg.tables.keys() - ms.tables.keys()):
        name, line, _ = pg.tables[key]
        report.add(ms_path, None, f"falta la tabla {name} (pg línea {line})")
    for key in sorted(ms.tables.keys() - pg.tables.keys()):
        name, line, _ = ms.tables[key]
        report.add(pg_path, None, f"falta la tabla {name} (T-SQL línea {line})")
    for key in sorted(pg.tables.keys() & ms.tables.keys()):
        compare_table_columns(report, ms_path, key, pg.tables[key][2], ms.tables[key][2], ms.tables[key][1])
    for key in sorted(pg.added.keys() | ms.added.keys()):
        compare_table_columns(report, ms_path, key, pg.added.get(key, []), ms.added.get(key, []), None,
                              what="columna agregada (ALTER TABLE ADD)")
    for key in sorted(pg.dropped.keys() | ms.dropped.keys()):
        if sorted(pg.dropped.get(key, [])) != sorted(ms.dropped.get(key, [])):
            report.add(ms_path, None, f"{key}: columnas eliminadas distintas: pg {pg.dropped.get(key, [])} "
                                      f"<-> T-SQL {ms.dropped.get(key, [])}")
    # Indexes are tuned per engine (a GIN full-text index has no T-SQL twin): not compared.
    a, b = pg.sequences, ms.sequences
    for key in sorted(a.keys() - b.keys()):
        report.add(ms_path, None, f"falta la secuencia {a[key][0]} (pg línea {a[key][1]})")
    for key in sorted(b.keys() - a.keys()):
        report.add(pg_path, None, f"falta la secuencia {b[key][0]} (T-SQL línea {b[key][1]})")


def compare_table_columns(report: Report, ms_path: Path, table: str, pg_cols: list[Column],
                          ms_cols: list[Column], line: int | None, what: str = "columna") -> None:
    by_pg = {c.name.lower(): c for c in pg_cols}
    matched: set[str] = set()
    for col in ms_cols:
        twin = next((c for c in pg_cols if same_name(c.name, col.name)), None)
        if twin is None:
            report.add(ms_path, col.line, f"{table}: {what} {col.name} no existe en pg")
            continue
        matched.add(twin.name.lower())
        if COMPUTED in (twin.type.base, col.type.base):
            if twin.type.base != col.type.base:
                report.add(ms_path, col.line, f"{table}.{col.name}: columna calculada en un dialecto y no en el otro")
            continue
        why = type_problem(twin.type, col.type, parameter=False)
        if why:
            report.add(ms_path, col.line, f"{table}.{col.name}: {why}")
        if twin.not_null != col.not_null:
            report.add(ms_path, col.line, f"{table}.{col.name}: NOT NULL en "
                                          f"{'pg' if twin.not_null else 'T-SQL'} y no en el otro dialecto")
    for name in sorted(by_pg.keys() - matched):
        report.add(ms_path, line, f"{table}: falta la {what} {pascal(name)} (pg: {by_pg[name].name}, "
                                  f"línea {by_pg[name].line})")


def check(database: Path) -> list[str]:
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
    for pg_path, ms_path in check_pairs(report, "procedures", "*.sql", lambda p: p.stem):
        compare_objects(report, pg_path, ms_path, registry)
    # The demo schema (installed by tools.dev.seed_demo only): its procedures and its table file.
    for pg_path, ms_path in check_pairs(report, "demo", "*.sql", lambda p: p.stem):
        if pg_path.stem == "schema":
            compare_tables(report, pg_path, ms_path)
        else:
            compare_objects(report, pg_path, ms_path, registry)

    def version(path: Path) -> str:
        found = re.match(r"V(\d+)__", path.name)
        return found.group(1).lstrip("0") if found else path.stem

    for pg_path, ms_path in check_pairs(report, "tables", "*.sql", version):
        compare_tables(report, pg_path, ms_path)
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


def main(argv: list[str] | None = None) -> int:
    database = folder_argument(argv, "Paridad entre los dialectos pg y T-SQL", "DATABASE_DIR", ROOT / "database")
    started = time.monotonic()
    problems = check(database)
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
