"""What a PostgreSQL file's code does, read with PostgreSQL's own parser (pglast: libpg_query).

`body_facts(text, registry)` parses the file (`parse_sql`), each PL/pgSQL function with
`parse_plpgsql`, and every SQL expression inside it again with `parse_sql`, then collects the
facts parity compares with the T-SQL twin: settings read (`app.setting_value('key')`), error
ids raised (`app.raise_error(N)`, `ERRCODE = 'UNNNN'`, `v_error_id := N`) or written as numbers
(registry ids returned in rows), tables inserted/updated/deleted, procedures called. Lines are
the file's own. Signatures come from the catalog (tools/dev/checks/_pg_catalog.py), not from here.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from pglast import parser

OUR_SCHEMAS = {"app", "stats", "webform", "staff", "demo"}
# A variable declared with one of our types (`v_new app.ticket[];`, `v_row app.ticket%ROWTYPE;`):
# libpg_query's PL/pgSQL parser resolves only pg_catalog types, and no fact depends on the type.
_OWN_TYPE = re.compile(r"^(\s*\w+\s+(?:CONSTANT\s+)?)(?:app|stats|webform|staff|demo)\.\w+(?:\.\w+)?"
                       r"(?:%ROWTYPE|%TYPE)?((?:\[\])?)", re.M | re.I)
_DECLARE = re.compile(r"\$\w*\$\s*DECLARE\b(.*?)\bBEGIN\b", re.S | re.I)


def _plain_types(source: str) -> str:
    """The function with `text` for our types in its DECLARE section (see _OWN_TYPE); lines kept."""
    found = _DECLARE.search(source)
    if not found:
        return source
    block = _OWN_TYPE.sub(r"\1text\2", found.group(1))
    return source[:found.start(1)] + block + source[found.end(1):]


_ASSIGN = re.compile(r'^\s*("[^"]*"|[\w.]+(?:\[[^\]]*\])?)\s*:?=\s*', re.S)


class PgFactsError(ValueError):
    pass


class _Collector:
    def __init__(self, registry: set[int]) -> None:
        self.registry = registry
        self.facts: dict[str, dict[str, int]] = {
            "settings": {}, "raised": {}, "literal": {}, "writes": {}, "calls": {}}

    def note(self, kind: str, key: Any, line: int) -> None:
        self.facts[kind].setdefault(str(key), line)

    def raised(self, value: int, line: int) -> None:
        if value:
            self.note("raised", value, line)

    # ---- SQL (parse_sql JSON) -------------------------------------------------------------
    def sql(self, node: Any, line_of) -> None:
        """Walk a parse_sql JSON tree; line_of(location) gives the file line of a byte offset."""
        if isinstance(node, list):
            for item in node:
                self.sql(item, line_of)
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == "TypeName" or key == "typeName":
                continue  # VARCHAR(2001): a size, never an error id
            if key in ("InsertStmt", "UpdateStmt", "DeleteStmt"):
                rel = value.get("relation", {})
                if rel.get("schemaname"):
                    where = line_of(rel.get("location", 0))
                    verb = key[:-4].lower()
                    self.note("writes", f"{rel['schemaname']}.{rel['relname']}:{verb}", where)
                    conflict = value.get("onConflictClause", {})
                    if conflict.get("action") == "ONCONFLICT_UPDATE":
                        self.note("writes", f"{rel['schemaname']}.{rel['relname']}:update", where)
            elif key == "FuncCall":
                parts = [p.get("String", {}).get("sval", "") for p in value.get("funcname", [])]
                where = line_of(value.get("location", 0))
                if len(parts) == 2 and parts[0] in OUR_SCHEMAS:
                    name = ".".join(parts)
                    self.note("calls", name, where)
                    first = (value.get("args") or [{}])[0].get("A_Const", {})
                    if name == "app.setting_value" and "sval" in first:
                        self.note("settings", first["sval"].get("sval", ""), where)
                    if name == "app.raise_error" and "ival" in first:
                        self.raised(first["ival"].get("ival", 0), where)
            elif key == "A_Const" and isinstance(value, dict) and "ival" in value:
                number = value["ival"].get("ival", 0)
                if number in self.registry:
                    self.note("literal", number, line_of(value.get("location", 0)))
            self.sql(value, line_of)

    def query(self, text: str, mode: int, line: int, dynamic: bool = False) -> None:
        """One PL/pgSQL expression or statement (parseMode: 0 statement, 2 expression, 3-5 assignment).
        `dynamic`: the text of EXECUTE; SQL written in its string constants counts too."""
        if mode in (3, 4, 5):
            target = _ASSIGN.match(text)
            if target:
                rest = text[target.end():]
                number = re.fullmatch(r"\s*(\d+)\s*", rest)
                if target.group(1).lower().endswith("error_id") and number:
                    self.raised(int(number.group(1)), line)
                text = "SELECT " + rest
        elif mode != 0:
            text = "SELECT " + text
        try:
            tree = json.loads(parser.parse_sql_json(text))
        except parser.ParseError as exc:
            raise PgFactsError(f"línea {line}: PostgreSQL no entiende {text[:60]!r}: {exc}") from exc
        self.sql(tree.get("stmts", []), lambda _location: line)
        if dynamic:
            for literal in _strings(tree):
                self.dynamic(literal, line)

    def dynamic(self, text: str, line: int) -> None:
        """SQL text run by EXECUTE (`format('INSERT INTO app.x ... %s', ...)`): its gaps filled in."""
        if not re.match(r"\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b", text, re.I):
            return
        filled = re.sub(r"\(\s*%[sIL]\s*\)", "(SELECT 1)", text)
        filled = re.sub(r"%I", "x_name", re.sub(r"%L", "NULL", re.sub(r"%s", "x_value", filled)))
        try:
            tree = json.loads(parser.parse_sql_json(filled))
        except parser.ParseError as exc:
            raise PgFactsError(f"línea {line}: PostgreSQL no entiende el SQL dinámico {text[:60]!r}: {exc}") from exc
        self.sql(tree.get("stmts", []), lambda _location: line)

    # ---- PL/pgSQL (parse_plpgsql JSON) ----------------------------------------------------
    def plpgsql(self, node: Any, base: int, line: int, in_raise: bool = False, dynamic: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                self.plpgsql(item, base, line, in_raise, dynamic)
            return
        if not isinstance(node, dict):
            return
        if isinstance(node.get("lineno"), int):
            line = base + node["lineno"] - 1
        if "PLpgSQL_expr" in node:
            expr = node["PLpgSQL_expr"]
            query = expr.get("query", "")
            if in_raise and re.fullmatch(r"'U\d{4}'", query.strip()):
                self.raised(int(query.strip()[2:-1]), line)
            self.query(query, expr.get("parseMode", 0), line, dynamic)
            return
        for key, value in node.items():
            if key in DYNAMIC:
                self.plpgsql(value, base, line, in_raise, dynamic=True)
                continue
            if key == "condname" and in_raise and isinstance(value, str) and re.fullmatch(r"U\d{4}", value):
                self.raised(int(value[1:]), line)
            if key == "PLpgSQL_var" and isinstance(value, dict) and value.get("refname", "").endswith("error_id"):
                default = value.get("default_val", {}).get("PLpgSQL_expr", {}).get("query", "")
                if default.strip().isdigit():
                    self.raised(int(default), base + value.get("lineno", 1) - 1)
            self.plpgsql(value, base, line, in_raise or key == "PLpgSQL_stmt_raise", dynamic)


# Keys of parse_plpgsql's JSON holding the text of dynamic SQL (EXECUTE, RETURN QUERY EXECUTE, FOR ... EXECUTE).
DYNAMIC = {"dynquery", "PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"}


def _strings(node: Any) -> list[str]:
    """Every string constant of a parse_sql JSON tree."""
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        if key == "A_Const" and isinstance(value, dict) and "sval" in value:
            found.append(value["sval"].get("sval", ""))
        else:
            found += _strings(value)
    return found


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0)) + 1


@functools.lru_cache(maxsize=1024)
def body_facts(text: str) -> dict:
    """Facts of one PostgreSQL file (see the module docstring); {'error': ...} when it does not parse.
    'literal' holds every number 1001-9999 outside a type (parity keeps those in the registry).
    Cached by text: do not modify the result."""
    data = text.encode("utf-8")
    collector = _Collector(set(range(1001, 10000)))
    try:
        stmts = json.loads(parser.parse_sql_json(text)).get("stmts", [])
        for item in stmts:
            start = item.get("stmt_location", 0)
            end = start + item.get("stmt_len", len(data) - start) if item.get("stmt_len") else len(data)
            stmt = item["stmt"]
            function = stmt.get("CreateFunctionStmt")
            if function is None:
                collector.sql(stmt, lambda loc, s=start: _line_of(data, loc))
                continue
            options = {o["DefElem"]["defname"]: o["DefElem"].get("arg") for o in function.get("options", [])}
            language = (options.get("language") or {}).get("String", {}).get("sval", "sql")
            body_items = (options.get("as") or {}).get("List", {}).get("items", [])
            body = body_items[0]["String"]["sval"] if body_items else ""
            body_at = data.find(body.encode("utf-8"), start) if body else start
            base = _line_of(data, body_at)
            if language == "plpgsql":
                source = _plain_types(data[start:end].decode("utf-8"))
                tree = json.loads(parser.parse_plpgsql_json(source))
                collector.plpgsql(tree, base, base)
            elif body:
                body_data = body.encode("utf-8")
                inner = json.loads(parser.parse_sql_json(body)).get("stmts", [])
                collector.sql(inner, lambda loc, b=base, d=body_data: b + _line_of(d, loc) - 1)
            # defaults of parameters (`p_x INT DEFAULT 1001`) are code too
            collector.sql(function.get("parameters", []), lambda loc, s=start: _line_of(data, loc))
    except (parser.ParseError, PgFactsError) as exc:
        return {"error": f"PostgreSQL no puede analizar el archivo: {exc}"}
    return collector.facts
