"""House rules that sqlfluff does not know and that SQL Server would only reveal at deploy time.

    python -m tools.dev.checks.sql_rules [DATABASE_DIR]      # default: ./database

T-SQL cannot run on our machines, so these are checked by reading database/procedures/mssql:
- CREATE/ALTER PROCEDURE, FUNCTION, VIEW or TRIGGER is the first statement of its batch
  (SQL Server refuses it otherwise: put GO before it);
- every `ALTER PROCEDURE|FUNCTION X` follows a stub that creates X with the same name and,
  for functions, the same kind (scalar, inline table, multi-statement table): a fresh
  install fails on the ALTER otherwise;
- THROW and a CTE's WITH follow a statement ended by `;` (otherwise `ROLLBACK THROW` is read
  as ROLLBACK of a savepoint named THROW, and WITH as a table hint);
- every procedure runs SET NOCOUNT ON; webform/staff procedures also SET XACT_ABORT ON;
- every character column of a #temp table (CREATE TABLE #x, ALTER TABLE #x ADD) is declared
  `COLLATE DATABASE_DEFAULT`: a #temp table lives in tempdb and takes the *server's* collation,
  so comparing it with a column of the database fails with error 468 when the two differ.
  `SELECT ... INTO #x` is refused (its columns copy their source's collation, which a reader
  cannot know): CREATE TABLE #x with the collation, or a table variable (its columns take the
  database's collation). This rule reads every .sql under database/*/mssql/.
- HASHBYTES takes explicit bytes: no CAST/CONVERT to CHAR/VARCHAR/TEXT inside its arguments,
  no CHAR/VARCHAR variable there, no literal outside ASCII. A VARCHAR holds text in the
  database's code page (`ñ` is one byte in 1252, `?` where the code page lacks it), so its
  hash differs from PostgreSQL's UTF-8 one and between servers. Text is turned into UTF-8
  with `EXEC app.Utf8Bytes` (the bytes convert_to(x, 'UTF8') gives in pg), or hashed as an
  NVARCHAR cast to VARBINARY (UTF-16LE, what staff.GetLoginParams documents for both sides).
And in database/procedures/pg: every webform/staff function is SECURITY DEFINER with
`SET search_path = pg_catalog, app, pg_temp` (docs/CONVENTIONS.md; a definer function with
another search path can be hijacked).
In both dialects: a setting is read by its key only through app.setting_value(key) /
EXEC app.SettingValue @SettingKey = N'key' (which raise 9050 when the row is missing), never by
comparing the key column with a literal (`setting_key = '...'`, `SettingKey IN (N'...')`,
`CASE s.SettingKey WHEN N'...'`): such reads used to fall back to a literal default that
repeated database/seed/01_setting.tsv. Screens that list or save every setting compare the key
with a parameter, which this rule allows. And a value read that way is never given a literal
default (`coalesce(v_idle_minutes, 30)`, `ISNULL(@X, 30)`).
"""

from __future__ import annotations

import re
import sys
import time
from itertools import pairwise
from pathlib import Path

from tools.dev.checks._cli import folder_argument
from tools.dev.checks._sqltokens import Token, TokenizeError, depths, tokenize

ROOT = Path(__file__).resolve().parents[3]
API_SCHEMAS = ("webform", "staff")
ROUTINES = ("PROC", "PROCEDURE", "FUNCTION", "VIEW", "TRIGGER")
# Words that start a T-SQL statement: if one of them comes before THROW (at the same depth,
# with no `;` between), the statement before THROW was not terminated.
STATEMENTS = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "DECLARE", "SET", "EXEC", "EXECUTE", "RETURN", "COMMIT",
    "ROLLBACK", "PRINT", "RAISERROR", "TRUNCATE", "MERGE", "WAITFOR", "OPEN", "FETCH", "CLOSE",
    "DEALLOCATE", "SAVE", "THROW",
}
# Types whose columns carry a collation (alias types cannot be resolved by reading).
CHAR_TYPES = {"CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "TEXT", "NTEXT", "SYSNAME", "CHARACTER", "NATIONAL"}
# Character types whose bytes depend on the code page (the N types are UTF-16LE everywhere).
CODE_PAGE_TYPES = {"CHAR", "VARCHAR", "TEXT", "CHARACTER"}
TABLE_CONSTRAINTS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "INDEX", "PERIOD"}
SEARCH_PATH = re.compile(r"SET\s+search_path\s*(?:=|TO)\s*pg_catalog\s*,\s*app\s*,\s*pg_temp\b", re.I)


def _name(tokens: list[Token], i: int) -> tuple[str, int]:
    parts = [tokens[i].text]
    i += 1
    while i + 1 < len(tokens) and tokens[i].is_op(".") and tokens[i + 1].kind in ("word", "quoted"):
        parts.append(tokens[i + 1].text)
        i += 2
    return ".".join(parts), i


def _routine_at(tokens: list[Token], i: int) -> tuple[str, str, str, int] | None:
    """(verb, kind, name, index after the name) for CREATE [OR ALTER] / ALTER <routine> at i."""
    tok = tokens[i]
    if not tok.is_word("CREATE", "ALTER"):
        return None
    j = i + 1
    verb = tok.upper
    if verb == "CREATE" and j + 1 < len(tokens) and tokens[j].is_word("OR") and tokens[j + 1].is_word("ALTER"):
        verb, j = "CREATE OR ALTER", j + 2
    if j >= len(tokens) or not tokens[j].is_word(*ROUTINES):
        return None
    kind = "PROCEDURE" if tokens[j].upper == "PROC" else tokens[j].upper
    if j + 1 >= len(tokens) or tokens[j + 1].kind not in ("word", "quoted"):
        return None
    name, after = _name(tokens, j + 1)
    return verb, kind, name, after


def _function_kind(tokens: list[Token], start: int) -> str:
    """'table' (RETURNS TABLE), 'multi' (RETURNS @t TABLE) or 'scalar', reading from start."""
    for k in range(start, min(len(tokens), start + 400)):
        if tokens[k].is_word("RETURNS") and k + 1 < len(tokens):
            nxt = tokens[k + 1]
            return "table" if nxt.is_word("TABLE") else ("multi" if nxt.kind == "var" else "scalar")
    return "scalar"


def _terminated_before(tokens: list[Token], d: list[int], k: int) -> bool:
    """True when the statement before tokens[k] was ended by `;` (or none is needed)."""
    j = k - 1
    while j >= 0:
        tok = tokens[j]
        if d[j] != d[k] or tok.is_op("(", ")"):
            j -= 1
            continue
        if tok.is_op(";") or tok.kind == "go":
            return True
        if tok.is_word("BEGIN", "ELSE", "AS", "END", "TRY", "CATCH", "IF", "WHILE"):
            return True  # a block start, or THROW as the body of IF/WHILE
        if tok.kind == "word" and tok.upper in STATEMENTS:
            return False
        j -= 1
    return True


def check_tsql(path: Path, rel: str) -> list[str]:
    try:
        tokens = tokenize(path.read_text(encoding="utf-8"), "mssql")
    except (TokenizeError, UnicodeDecodeError) as exc:
        return [f"{rel}: no se pudo leer: {exc}"]
    problems: list[str] = []
    d = depths(tokens)
    schema = path.name.split(".")[0]
    batch_start = 0
    stubs: dict[str, str] = {}  # lower name -> kind text created by an EXEC (N'CREATE ...') stub or a CREATE
    for k, tok in enumerate(tokens):
        if tok.kind == "go":
            batch_start = k + 1
            continue
        if tok.kind == "str":
            inner = re.match(r"\s*CREATE\s+(PROC|PROCEDURE|FUNCTION|VIEW|TRIGGER)\s+([\w.\[\]]+)(.*)", tok.text,
                             re.I | re.S)
            if inner:
                kind = "PROCEDURE" if inner.group(1).upper() == "PROC" else inner.group(1).upper()
                body = inner.group(3).upper()
                fkind = ("table" if re.search(r"RETURNS\s+TABLE", body) else
                         "multi" if re.search(r"RETURNS\s+@", body) else "scalar")
                stubs[inner.group(2).replace("[", "").replace("]", "").lower()] = \
                    kind + ("/" + fkind if kind == "FUNCTION" else "")
            continue
        found = _routine_at(tokens, k) if d[k] == 0 else None
        if found:
            verb, kind, name, after = found
            if k != batch_start:
                problems.append(f"{rel}:{tok.line}: {verb} {kind} {name} debe ser la primera instrucción de su "
                                "lote: ponga GO en la línea anterior")
            fkind = _function_kind(tokens, after) if kind == "FUNCTION" else ""
            if verb == "ALTER" and kind in ("PROCEDURE", "FUNCTION"):
                stub = stubs.get(name.replace("[", "").replace("]", "").lower())
                want = kind + ("/" + fkind if fkind else "")
                if stub is None:
                    problems.append(f"{rel}:{tok.line}: ALTER {kind} {name} sin el stub que lo crea antes "
                                    f"(IF OBJECT_ID(N'{name}') IS NULL EXEC (N'CREATE {kind} {name} ...'); GO)")
                elif stub != want:
                    problems.append(f"{rel}:{tok.line}: el stub crea {stub.lower()} y ALTER lo cambia a "
                                    f"{want.lower()}: SQL Server no permite cambiar el tipo con ALTER")
            elif verb != "ALTER":
                stubs[name.replace("[", "").replace("]", "").lower()] = kind + ("/" + fkind if fkind else "")
            if kind == "PROCEDURE":
                end = next((j for j in range(after, len(tokens)) if tokens[j].kind == "go"), len(tokens))
                body = tokens[after:end]
                pairs = [(body[j].upper, body[j + 1].upper) for j in range(len(body) - 2)
                         if body[j].is_word("SET") and body[j + 2].is_word("ON")]
                if ("SET", "NOCOUNT") not in pairs:
                    problems.append(f"{rel}:{tok.line}: {name}: falta SET NOCOUNT ON;")
                if schema in API_SCHEMAS and ("SET", "XACT_ABORT") not in pairs:
                    problems.append(f"{rel}:{tok.line}: {name}: falta SET XACT_ABORT ON; (procedimientos de la API)")
            continue
        if tok.is_word("THROW") and not _terminated_before(tokens, d, k):
            problems.append(f"{rel}:{tok.line}: termine con ; la instrucción anterior a THROW "
                            "(si no, SQL Server la une con THROW)")
        if tok.is_word("WITH") and _is_cte(tokens, k) and not _terminated_before(tokens, d, k):
            problems.append(f"{rel}:{tok.line}: termine con ; la instrucción anterior a WITH (expresión de tabla "
                            "común)")
    return problems


def _column_defs(tokens: list[Token], start: int, stop_at_semicolon: bool) -> list[list[Token]]:
    """Comma-separated definitions from tokens[start]: inside one (...) list, or up to `;`/GO/a new statement."""
    defs: list[list[Token]] = [[]]
    depth = 0
    j = start
    if not stop_at_semicolon:
        j += 1  # past the opening "("
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind == "go":
            break
        if stop_at_semicolon and depth == 0 and (
                tok.is_op(";") or (defs[-1] and tok.kind == "word" and tok.upper in STATEMENTS)):
            break
        if tok.is_op("("):
            depth += 1
        elif tok.is_op(")"):
            if depth == 0:
                break
            depth -= 1
        elif tok.is_op(",") and depth == 0:
            defs.append([])
            j += 1
            continue
        defs[-1].append(tok)
        j += 1
    return [d for d in defs if d]


def _uncollated_char_columns(defs: list[list[Token]]) -> list[tuple[Token, str]]:
    """(column token, type) of character columns without COLLATE DATABASE_DEFAULT."""
    found = []
    for parts in defs:
        if len(parts) < 2 or parts[0].kind not in ("word", "quoted") or parts[0].upper in TABLE_CONSTRAINTS:
            continue
        kind = parts[1]
        if kind.kind != "word" or kind.upper not in CHAR_TYPES:
            continue  # other types, computed columns (`x AS ...`) and alias types
        collated = any(a.is_word("COLLATE") and b.is_word("DATABASE_DEFAULT") for a, b in pairwise(parts))
        if not collated:
            found.append((parts[0], kind.upper))
    return found


def check_temp_tables(path: Path, rel: str) -> list[str]:
    """#temp character columns must be COLLATE DATABASE_DEFAULT; no SELECT ... INTO #temp."""
    try:
        tokens = tokenize(path.read_text(encoding="utf-8"), "mssql")
    except (TokenizeError, UnicodeDecodeError) as exc:
        return [f"{rel}: no se pudo leer: {exc}"]
    problems: list[str] = []
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if not (nxt and nxt.kind == "word" and nxt.text.startswith("#")):
            continue
        table = nxt.text
        defs: list[list[Token]] = []
        if tok.is_word("TABLE") and k and tokens[k - 1].is_word("CREATE") \
                and k + 2 < len(tokens) and tokens[k + 2].is_op("("):
            defs = _column_defs(tokens, k + 2, stop_at_semicolon=False)
        elif tok.is_word("TABLE") and k and tokens[k - 1].is_word("ALTER") \
                and k + 2 < len(tokens) and tokens[k + 2].is_word("ADD"):
            defs = _column_defs(tokens, k + 3, stop_at_semicolon=True)
        elif tok.is_word("INTO") and not (k and tokens[k - 1].is_word("INSERT", "MERGE")):
            problems.append(
                f"{rel}:{tok.line}: SELECT ... INTO {table}: las columnas de texto copian la intercalación de su "
                f"origen; cree {table} con CREATE TABLE y COLLATE DATABASE_DEFAULT (o use una variable de tabla)")
            continue
        for column, kind in _uncollated_char_columns(defs):
            problems.append(
                f"{rel}:{column.line}: {table}.{column.text} {kind} sin COLLATE DATABASE_DEFAULT: tempdb usa la "
                "intercalación del servidor y compararla con la base falla (error 468) si difieren")
    return problems


def _code_page_variables(tokens: list[Token]) -> set[str]:
    """Variables and parameters declared CHAR/VARCHAR/TEXT (`@X VARCHAR(10)`, `DECLARE @X AS CHAR`)."""
    found = set()
    for k, tok in enumerate(tokens[:-1]):
        if tok.kind != "var":
            continue
        kind = tokens[k + 1]
        if kind.is_word("AS") and k and tokens[k - 1].is_word("DECLARE") and k + 2 < len(tokens):
            kind = tokens[k + 2]
        if kind.kind == "word" and kind.upper in CODE_PAGE_TYPES:
            found.add(tok.text.lower())
    return found


def check_hash_inputs(path: Path, rel: str) -> list[str]:
    """HASHBYTES of text through a code page (see the module docstring)."""
    try:
        tokens = tokenize(path.read_text(encoding="utf-8"), "mssql")
    except (TokenizeError, UnicodeDecodeError) as exc:
        return [f"{rel}: no se pudo leer: {exc}"]
    code_page = _code_page_variables(tokens)
    problems = []
    for k, tok in enumerate(tokens):
        if not (tok.is_word("HASHBYTES") and k + 1 < len(tokens) and tokens[k + 1].is_op("(")):
            continue
        depth, j, args = 0, k + 1, []
        while j < len(tokens):
            if tokens[j].is_op("("):
                depth += 1
            elif tokens[j].is_op(")"):
                depth -= 1
                if depth == 0:
                    break
            args.append(tokens[j])
            j += 1
        # the data: everything after the algorithm's name and its comma
        data = args[next((i for i, t in enumerate(args) if t.is_op(",")), len(args)):]
        why = None
        for i, t in enumerate(data):
            prev = data[i - 1] if i else None
            if t.kind == "word" and t.upper in CODE_PAGE_TYPES and prev is not None and (
                    prev.is_word("AS") or (prev.is_op("(") and i >= 2 and data[i - 2].is_word("CONVERT"))):
                why = f"convierte a {t.upper}"
            elif t.kind == "var" and t.text.lower() in code_page:
                why = f"{t.text} es VARCHAR/CHAR"
            elif t.kind == "str" and not t.text.isascii():
                why = f"el literal '{t.text}' no es ASCII"
            if why:
                problems.append(
                    f"{rel}:{tok.line}: HASHBYTES sobre texto en la página de códigos de la base ({why}): el "
                    "hash cambia con la intercalación y no es el de PostgreSQL; obtenga los bytes UTF-8 con "
                    "EXEC app.Utf8Bytes (o hashee NVARCHAR como VARBINARY, UTF-16LE)")
                break
    return problems


def _is_cte(tokens: list[Token], k: int) -> bool:
    """WITH name AS ( ... or WITH name (cols) AS ( ... ."""
    if k + 2 >= len(tokens) or tokens[k + 1].kind not in ("word", "quoted") or tokens[k + 1].is_word("TIES"):
        return False
    j = k + 2
    if tokens[j].is_op("("):
        depth = 0
        while j < len(tokens):
            if tokens[j].is_op("("):
                depth += 1
            elif tokens[j].is_op(")"):
                depth -= 1
                if depth == 0:
                    break
            j += 1
        j += 1
    return j + 1 < len(tokens) and tokens[j].is_word("AS") and tokens[j + 1].is_op("(")


def check_pg(path: Path, rel: str) -> list[str]:
    schema = path.name.split(".")[0]
    if schema not in API_SCHEMAS:
        return []
    try:
        tokens = tokenize(path.read_text(encoding="utf-8"), "pg")
    except (TokenizeError, UnicodeDecodeError) as exc:
        return [f"{rel}: no se pudo leer: {exc}"]
    problems = []
    text = path.read_text(encoding="utf-8")
    for k, tok in enumerate(tokens):
        if tok.is_word("FUNCTION") and k and tokens[k - 1].is_word("CREATE", "REPLACE"):
            name, _ = _name(tokens, k + 1)
            # the header runs to the body's first DECLARE/BEGIN (or the end of a SQL function)
            header_end = next((j for j in range(k, len(tokens)) if tokens[j].is_word("DECLARE", "BEGIN")),
                              len(tokens))
            header = tokens[k:header_end]
            if not any(t.is_word("DEFINER") for t in header):
                problems.append(f"{rel}:{tok.line}: {name}: las funciones de {schema} son SECURITY DEFINER")
            first, last = tok.line, header[-1].line if header else tok.line
            lines = "\n".join(text.splitlines()[first - 1:last])
            if not SEARCH_PATH.search(lines):
                problems.append(f"{rel}:{tok.line}: {name}: falta SET search_path = pg_catalog, app, pg_temp")
    return problems


SETTING_KEY_COLUMNS = {"setting_key", "settingkey"}


def check_setting_defaults(path: Path, rel: str, dialect: str) -> list[str]:
    """A value read with app.setting_value / app.SettingValue is never given a literal default
    (`coalesce(v_idle_minutes, 30)`): the read raises 9050 when the row is missing, and the default
    would repeat database/seed/01_setting.tsv in one dialect only."""
    try:
        tokens = tokenize(path.read_text(encoding="utf-8"), dialect)
    except (TokenizeError, UnicodeDecodeError):
        return []  # check_setting_reads reports it
    read: set[str] = set()
    for k in range(len(tokens) - 4):
        a, b, c, d, e = tokens[k:k + 5]
        if dialect == "pg" and b.is_op(":=") and c.ident and c.ident.lower() == "app" and d.is_op(".") \
                and e.ident and e.ident.lower() == "setting_value" and a.ident:
            read.add(a.ident.lower())
        if dialect == "mssql" and a.kind == "var" and a.text.lower() == "@settingvalue" and b.is_op("=") \
                and c.kind == "var" and d.is_word("OUTPUT"):
            read.add(c.text.lower())
    problems = []
    for k in range(len(tokens) - 4):
        fn, paren, arg, comma, default = tokens[k:k + 5]
        name = (arg.text if arg.kind == "var" else arg.ident or "").lower()
        if fn.is_word("COALESCE", "ISNULL") and paren.is_op("(") and name in read and comma.is_op(",") \
                and default.kind in ("num", "str"):
            problems.append(f"{rel}:{fn.line}: {fn.text}({arg.text}, {default.text}) repite un valor de "
                            "database/seed/01_setting.tsv: la configuración ya se leyó (9050 si falta la fila)")
    return problems


def check_setting_reads(path: Path, rel: str, dialect: str) -> list[str]:
    """A literal setting key compared with app.setting's key column (see the module docstring)."""
    try:
        tokens = tokenize(path.read_text(encoding="utf-8"), dialect)
    except (TokenizeError, UnicodeDecodeError) as exc:
        return [f"{rel}: no se pudo leer: {exc}"]
    problems = []
    helper = "app.setting_value('clave')" if dialect == "pg" else "EXEC app.SettingValue @SettingKey = N'clave', ..."

    def is_key_column(tok: Token) -> bool:
        ident = tok.ident
        return ident is not None and ident.lower() in SETTING_KEY_COLUMNS

    for k, tok in enumerate(tokens):
        literal = None
        if is_key_column(tok):
            rest = tokens[k + 1:k + 4]
            if rest and (rest[0].is_op("=", "<>", "!=") or rest[0].is_word("IN", "WHEN", "LIKE")):
                rest = rest[1:]
                if rest and rest[0].is_op("("):
                    rest = rest[1:]
                if rest and rest[0].kind == "str":
                    literal = rest[0].text
        elif tok.kind == "str" and k + 2 < len(tokens) and tokens[k + 1].is_op("="):
            j = k + 2
            while j + 2 < len(tokens) and tokens[j].ident is not None and tokens[j + 1].is_op("."):
                j += 2  # a qualified column: s.SettingKey
            if is_key_column(tokens[j]):
                literal = tok.text
        if literal is not None:
            problems.append(f"{rel}:{tok.line}: la configuración '{literal}' se lee comparando la clave con un "
                            f"literal: use {helper} (error 9050 si falta, sin valor supuesto)")
    return problems


def _rel(path: Path, database: Path) -> str:
    try:
        return str(path.relative_to(database.parent))
    except ValueError:
        return str(path)


def check(database: Path) -> list[str]:
    problems: list[str] = []
    for dialect, checker in (("mssql", check_tsql), ("pg", check_pg)):
        demo = sorted(p for p in (database / "demo" / dialect).glob("*.sql") if p.stem != "schema")
        for path in sorted((database / "procedures" / dialect).glob("*.sql")) + demo:
            problems.extend(checker(path, _rel(path, database)))
            problems.extend(check_setting_reads(path, _rel(path, database), dialect))
            problems.extend(check_setting_defaults(path, _rel(path, database), dialect))
    for path in sorted(database.glob("*/mssql/*.sql")):
        problems.extend(check_temp_tables(path, _rel(path, database)))
        problems.extend(check_hash_inputs(path, _rel(path, database)))
    return problems


def main(argv: list[str] | None = None) -> int:
    database = folder_argument(argv, "Reglas de la casa para T-SQL y PostgreSQL", "DATABASE_DIR", ROOT / "database")
    started = time.monotonic()
    problems = check(database)
    elapsed = time.monotonic() - started
    for line in problems:
        print(line)
    if problems:
        print(f"sql_rules: FALLÓ: {len(problems)} problema(s) ({elapsed:.1f} s)")
        return 1
    count = len(list((database / "procedures").glob("*/*.sql")))
    print(f"sql_rules: bien ({count} archivo(s) de procedimientos, {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
