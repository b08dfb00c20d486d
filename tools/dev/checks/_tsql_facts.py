"""What a T-SQL file defines and does, read from the sqlfluff parse tree that sql_lint builds.

`facts(tree)` returns plain data (JSON-ready, cached by file content in .venv, see
tools/dev/checks/_facts_cache.py): the objects the file creates (procedures, functions, views,
triggers with their parameters and result columns), the tables its DDL creates or alters, and
the body facts parity compares with the PostgreSQL twin (settings read, error ids raised or
written, tables written, procedures called).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
# Facts of T-SQL files by content: written by whichever of sql_lint and parity parses a file first.
CACHE = Path(os.environ.get("ITL_CHECK_CACHE_DIR") or ROOT / ".venv") / "tsql_facts_cache.json"
CACHE_ENTRIES = 3000

VERSION = 5  # part of the cache key: bump when what is extracted changes
OUR_SCHEMAS = {"app", "stats", "webform", "staff", "demo"}
# Statement containers: a SELECT reached only through these sends its rows to the client.
RESULT_PATH = {
    "file", "batch", "statement", "procedure_statement", "begin_end_block", "if_then_statement",
    "else_clause", "while_statement", "try_catch", "set_expression", "with_compound_statement",
    "begin_end_try_block", "begin_end_catch_block", "try_block", "catch_block",
}
CONTAINERS = {"create_procedure_statement", "create_function_statement", "create_view_statement",
              "create_trigger"}


# ---- tree helpers --------------------------------------------------------------------------

def code(seg) -> list:
    """The code children of a segment (no whitespace, comments or indent markers)."""
    return [s for s in seg.segments if s.is_code and not s.is_meta]


def leaves(seg) -> Iterator:
    if not seg.segments:
        if seg.is_code and not seg.is_meta:
            yield seg
        return
    for child in seg.segments:
        yield from leaves(child)


def line(seg) -> int:
    return seg.pos_marker.source_position()[0] if seg.pos_marker else 0


def unquote(raw: str) -> str:
    if raw[:1] in "[\"" and raw[-1:] in "]\"":
        return raw[1:-1]
    return raw


def ref_name(seg) -> str:
    """schema.Name of an object/table reference (brackets removed)."""
    return ".".join(unquote(leaf.raw) for leaf in leaves(seg) if leaf.raw != ".")


def literal_text(raw: str) -> str | None:
    found = re.fullmatch(r"N?'(.*)'", raw, re.S)
    return found.group(1).replace("''", "'") if found else None


def walk(seg, path: tuple = ()) -> Iterator[tuple[Any, tuple]]:
    """Every segment with the types of its ancestors (outermost first)."""
    yield seg, path
    for child in seg.segments:
        if child.segments:
            yield from walk(child, (*path, seg.type))
        elif child.is_code and not child.is_meta:
            yield child, (*path, seg.type)


def data_type(seg) -> dict:
    """{'base': 'NVARCHAR', 'args': ['200']} of a data_type segment."""
    words, args, depth, current = [], [], 0, []
    for leaf in leaves(seg):
        if leaf.raw == "(":
            depth += 1
            if depth == 1:
                continue
        elif leaf.raw == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current).upper())
                current = []
                continue
        if depth == 0:
            words.append(unquote(leaf.raw).upper())
        elif depth == 1 and leaf.raw == ",":
            args.append("".join(current).upper())
            current = []
        else:
            current.append(leaf.raw)
    return {"base": " ".join(words), "args": [a for a in args if a]}


def split_commas(segments: list) -> list[list]:
    parts: list[list] = [[]]
    for seg in segments:
        if seg.raw == "," and not seg.segments:
            parts.append([])
        else:
            parts[-1].append(seg)
    return [p for p in parts if p]


# ---- objects -----------------------------------------------------------------------------------

def _params(segments: list) -> list[dict]:
    found = []
    for part in split_commas(segments):
        if not part or not part[0].is_type("parameter"):
            continue
        dtype = next((s for s in part if s.is_type("data_type")), None)
        words = {s.raw.upper() for s in part if s.is_type("keyword")}
        found.append({
            "name": part[0].raw,
            "type": data_type(dtype) if dtype is not None else {"base": "?", "args": []},
            "default": any(s.is_type("comparison_operator") or s.raw == "=" for s in part),
            "output": bool(words & {"OUTPUT", "OUT"}),
            "line": line(part[0]),
        })
    return found


def alias_name(alias) -> str | None:
    """The name an alias_expression gives (`AS name`, `name =`, `AS 'name'`)."""
    ids = [s for s in leaves(alias) if s.is_type("identifier", "naked_identifier", "quoted_identifier", "literal")]
    return unquote(literal_text(ids[-1].raw) or ids[-1].raw) if ids else None


def column_name(element) -> str | None:
    """The name of one select-list item: `x AS name`, `name = x`, or a bare column reference."""
    alias = next((s for s in code(element) if s.is_type("alias_expression")), None)
    if alias is not None:
        return alias_name(alias)
    parts = code(element)
    if len(parts) >= 3 and parts[1].raw == "=" and not parts[0].is_type("parameter"):
        return unquote(parts[0].raw)
    if len(parts) == 1 and parts[0].is_type("column_reference"):
        last = [s for s in leaves(parts[0]) if s.raw != "."][-1]
        return unquote(last.raw) if last.raw != "*" else None
    if len(parts) == 1 and parts[0].is_type("wildcard_expression"):
        return None
    return None


def select_columns(select) -> tuple[str, list[str | None]]:
    """('result' | 'assign' | 'into', names) of a select_statement."""
    clause = next((s for s in code(select) if s.is_type("select_clause")), None)
    if clause is None:
        return "result", []
    elements = [s for s in code(clause) if s.is_type("select_clause_element")]
    if any(s.is_type("into_table_clause") for s in code(select)):
        return "into", []
    if elements and any(s.is_type("select_variable_assignment") for s in code(elements[0])):
        return "assign", []
    return "result", [column_name(e) for e in elements]


def _output_columns(clause) -> tuple[bool, list[str | None]]:
    """(sends rows, names) of an OUTPUT clause: OUTPUT ... INTO @t sends none."""
    parts = code(clause)[1:]
    if any(s.raw.upper() == "INTO" for s in parts if s.is_type("keyword")):
        return False, []
    names: list[str | None] = []
    for item in split_commas(parts):
        alias = next((s for s in item if s.is_type("alias_expression")), None)
        if alias is not None:
            names.append(alias_name(alias))
        elif item and not item[-1].segments and item[-1].is_type("identifier", "naked_identifier"):
            names.append(unquote(item[-1].raw))
        else:
            names.append(None)
    return True, names


def result_sets(body) -> list[list]:
    """[line, names] of every statement of a body that sends rows to the client."""
    found: list[list] = []

    def select(seg) -> None:
        if seg.is_type("set_expression"):  # UNION: the first SELECT names the columns
            seg = next((c for c in code(seg) if c.is_type("select_statement")), None)
            if seg is None:
                return
        kind, names = select_columns(seg)
        if kind == "result":
            found.append([line(seg), names])

    def visit(seg) -> None:
        for child in code(seg):
            if child.is_type("select_statement", "set_expression"):
                select(child)
            elif child.is_type("with_compound_statement"):
                for part in code(child):
                    if part.is_type("select_statement", "set_expression"):
                        select(part)
                    elif part.is_type("insert_statement", "update_statement", "delete_statement"):
                        visit_dml(part)
            elif child.is_type("insert_statement", "update_statement", "delete_statement"):
                visit_dml(child)
            elif child.type in RESULT_PATH or child.type.endswith(("_block", "_clause_statement")):
                visit(child)

    def visit_dml(stmt) -> None:
        for part in code(stmt):
            if part.is_type("output_clause"):
                rows, names = _output_columns(part)
                if rows:
                    found.append([line(part), names])

    visit(body)
    return found


def dynamic_sql(body) -> list[tuple[int, str]]:
    """(line, text) of `EXEC sp_executesql @Sql` / `EXEC (@Sql)`: the text is rebuilt from the
    string literals assigned to @Sql (SET/DECLARE); spliced variables become gaps."""
    found = []
    for seg, _ in walk(body):
        if not seg.is_type("execute_script_statement"):
            continue
        parts = code(seg)
        target = None
        ref = next((s for s in parts if s.is_type("object_reference")), None)
        if ref is not None and ref_name(ref).lower() == "sp_executesql":
            after = parts[parts.index(ref) + 1:]
            params = [leaf for s in after for leaf in leaves(s) if leaf.raw.startswith("@")]
            if len(params) > 1 and params[0].raw.lower() == "@stmt":
                params = params[1:]
            target = params[0].raw if params else None
        elif ref is None and len(parts) > 1 and parts[1].is_type("bracketed"):
            params = [s for s in leaves(parts[1]) if s.is_type("parameter")]
            target = params[0].raw if params else None
        if target is None:
            continue
        pieces = []
        for stmt, _ in walk(body):
            if not stmt.is_type("set_segment", "set_local_variable_segment", "declare_segment"):
                continue
            items = code(stmt)
            if len(items) > 1 and items[1].raw.lower() == target.lower():
                pieces.append(_spliced_text(stmt))
        if pieces:
            found.append((line(seg), " ".join(pieces)))
    return found


def _spliced_text(stmt) -> str:
    """The SQL text a `SET @Sql = N'...' + @Part + N'...'` builds: literals as written, each
    spliced variable or expression a placeholder name (none after an expression: a sort direction)."""
    operands: list[str | None] = []
    value = False
    for leaf in leaves(stmt):
        if not value:
            value = leaf.raw in ("=", "+=")
            continue
        if leaf.raw == "+" or leaf.raw in ("(", ")", ";"):
            continue
        text = literal_text(leaf.raw)
        if text is not None:
            operands.append(text)
        elif not operands or operands[-1] is not None:
            operands.append(None)
    out = ""
    for item in operands:
        if item is not None:
            out += item
        elif re.search(r"([\w\])]\s*)$", out) and not re.search(r"\b(WHERE|AND|OR|BY|SELECT|CAST\(|,)\s*$", out, re.I):
            out += " "  # after an expression: ASC/DESC
        else:
            out += " x_gap "
    return out


def _dynamic_result_sets(body, parse) -> list[list]:
    found = []
    for where, text in dynamic_sql(body):
        tree = parse(text)
        if tree is not None:
            found += [[where, names] for _, names in result_sets(tree)]
    return found


def _first_select(body) -> list[list]:
    for seg, _ in walk(body):
        if seg.is_type("select_statement"):
            return [[line(seg), select_columns(seg)[1]]]
    return []


def objects(tree, parse) -> list[dict]:
    found = []
    for seg, _ in walk(tree):
        if seg.type not in CONTAINERS:
            continue
        parts = code(seg)
        ref = next((s for s in parts if s.is_type("object_reference", "table_reference", "trigger_reference")),
                   None)
        name = ref_name(ref) if ref is not None else "?"
        obj: dict[str, Any] = {"kind": "", "name": name, "line": line(seg), "params": [], "returns": "void",
                               "return_type": None, "result_sets": []}
        body = next((s for s in parts if s.is_type("procedure_statement")), None)
        if seg.type == "create_procedure_statement":
            obj["kind"] = "procedure"
            plist = next((s for s in parts if s.is_type("procedure_parameter_list")), None)
            if plist is not None:
                inner = code(plist)
                if len(inner) == 1 and inner[0].is_type("bracketed"):
                    inner = code(inner[0])[1:-1]
                obj["params"] = _params(inner)
            if body is not None:
                obj["result_sets"] = result_sets(body) or _dynamic_result_sets(body, parse)
            outputs = [p for p in obj["params"] if p["output"]]
            obj["returns"] = "table" if obj["result_sets"] else ("scalar" if outputs else "void")
        elif seg.type == "create_function_statement":
            obj["kind"] = "function"
            plist = next((s for s in parts if s.is_type("function_parameter_list")), None)
            if plist is not None:
                bracket = next((s for s in code(plist) if s.is_type("bracketed")), plist)
                obj["params"] = _params(code(bracket)[1:-1] if bracket is not plist else code(plist))
            rtype = next((s for s in parts if s.is_type("data_type")), None)
            if rtype is not None and data_type(rtype)["base"] == "TABLE":
                obj["returns"] = "table"
                obj["result_sets"] = _first_select(body) if body is not None else []
            elif rtype is not None:
                obj["returns"] = "scalar"
                obj["return_type"] = data_type(rtype)
        elif seg.type == "create_view_statement":
            obj["kind"], obj["returns"] = "view", "table"
            listed = next((s for s in parts if s.is_type("bracketed")), None)
            if listed is not None:
                names = [unquote(s.raw) for s in leaves(listed) if s.raw not in "(),"]
                obj["result_sets"] = [[line(seg), names]]
            else:
                query = next((s for s in parts if s.is_type("select_statement", "set_expression",
                                                               "with_compound_statement")), None)
                obj["result_sets"] = _first_select(query) if query is not None else []
        else:
            obj["kind"], obj["returns"] = "trigger", "trigger"
            table = next((s for s in parts if s.is_type("table_reference")), None)
            obj["table"] = ref_name(table) if table is not None else None
        found.append(obj)
    return found


# ---- body facts ----------------------------------------------------------------------------------

def _exec_args(parts: list) -> list[tuple[str | None, Any]]:
    """(parameter name or None, value segment) of an EXEC's arguments."""
    args = []
    start = next((i for i, s in enumerate(parts) if s.is_type("object_reference")), 0) + 1
    for item in split_commas(parts[start:]):
        if len(item) >= 3 and item[0].is_type("parameter") and item[1].raw == "=":
            args.append((item[0].raw.lower(), item[2]))
        elif item:
            args.append((None, item[0]))
    return args


def _first_leaf(seg):
    return next(leaves(seg), None)


def body_facts(tree, dynamic: bool = True) -> dict:
    """Settings read, error ids raised, numbers that may be registry ids (1001-9999 outside type
    sizes; parity keeps those in errors.tsv), tables written (`schema.Table:verb`), calls; the
    text of dynamic SQL counts too, at the line of its EXEC."""
    facts: dict[str, dict[str, int]] = {"settings": {}, "raised": {}, "literal": {}, "writes": {}, "calls": {}}
    if dynamic:
        for where, text in dynamic_sql(tree):
            inner = parse_string(text)
            if inner is not None:
                for kind, found in body_facts(inner, dynamic=False).items():
                    for key in found:
                        facts[kind].setdefault(key, where)

    def note(kind: str, key: Any, where: int) -> None:
        facts[kind].setdefault(str(key), where)

    def raised(value: str, where: int) -> None:
        if value.isdigit() and int(value) != 0:
            note("raised", int(value), where)

    for seg, path in walk(tree):
        if seg.is_type("execute_script_statement"):
            parts = code(seg)
            ref = next((s for s in parts if s.is_type("object_reference")), None)
            if ref is None:
                continue
            name = ref_name(ref)
            lower = name.lower()
            if lower.split(".")[0] in OUR_SCHEMAS and "." in lower:
                note("calls", name, line(seg))
            args = _exec_args(parts)
            if lower == "app.settingvalue":
                value = next((v for k, v in args if k in ("@settingkey", None)), None)
                text = literal_text(_first_leaf(value).raw) if value is not None and _first_leaf(value) else None
                if text is not None:
                    note("settings", text, line(seg))
            if lower == "app.raiseerror":
                value = next((v for k, v in args if k in ("@errorid", None)), None)
                leaf = _first_leaf(value) if value is not None else None
                if leaf is not None:
                    raised(leaf.raw, line(seg))
        elif seg.is_type("throw_statement"):
            nums = [s for s in leaves(seg) if s.is_type("literal") and s.raw.isdigit()]
            if nums and re.fullmatch(r"5\d{4}", nums[0].raw):
                raised(str(int(nums[0].raw) - 50000), line(seg))
        elif seg.is_type("set_segment", "set_local_variable_segment", "declare_segment", "select_variable_assignment"):
            items = [s for s in leaves(seg)]
            for k, leaf in enumerate(items[:-1]):
                if leaf.is_type("parameter") and leaf.raw.lower().endswith("errorid"):
                    rest = items[k + 1:k + 4]
                    if rest and rest[0].raw.upper() in ("INT", "SMALLINT", "BIGINT"):
                        rest = rest[1:]
                    if len(rest) >= 2 and rest[0].raw == "=" and rest[1].raw.isdigit():
                        raised(rest[1].raw, line(leaf))
        elif seg.is_type("function"):
            fname = next((s for s in code(seg) if s.is_type("function_name")), None)
            if fname is not None and "." in fname.raw:
                name = ".".join(unquote(p) for p in fname.raw.split("."))
                if name.split(".")[0].lower() in OUR_SCHEMAS:
                    note("calls", name, line(seg))
        elif seg.is_type("insert_statement", "update_statement", "delete_statement"):
            target = _written_table(seg)
            if target:
                verb = seg.type.split("_")[0]
                note("writes", f"{target}:{verb}", line(seg))
        elif not seg.segments and seg.is_type("literal") and seg.raw.isdigit() \
                and 1001 <= int(seg.raw) <= 9999 and "data_type" not in path:
            note("literal", int(seg.raw), line(seg))
    return facts


def _written_table(stmt) -> str | None:
    """The table an INSERT/UPDATE/DELETE writes, an alias resolved through its FROM clause;
    None for table variables, #temp tables and trigger pseudo-tables."""
    parts = code(stmt)
    ref = next((s for s in parts if s.is_type("table_reference", "object_reference")), None)
    if ref is None:  # DELETE FROM x / INSERT INTO x: the reference may sit one level down
        ref = next((s for p in parts if p.segments for s in code(p)
                    if s.is_type("table_reference", "object_reference")), None)
    if ref is None:
        return None
    name = ref_name(ref)
    if "." not in name:
        aliases = {}
        for seg, _ in walk(stmt):
            if seg.is_type("from_expression_element"):
                table = next((s for s, _ in walk(seg) if s.is_type("table_reference")), None)
                alias = next((s for s in code(seg) if s.is_type("alias_expression")), None)
                if table is not None and alias is not None and alias_name(alias):
                    aliases[alias_name(alias).lower()] = ref_name(table)
        name = aliases.get(name.lower(), name)
    if "." not in name or name.startswith(("@", "#")):
        return None
    return name


# ---- tables ------------------------------------------------------------------------------------

def _column(seg) -> dict:
    parts = code(seg)
    name = unquote(parts[0].raw)
    dtype = next((s for s in parts if s.is_type("data_type")), None)
    text = " ".join(leaf.raw.upper() for leaf in leaves(seg))
    if dtype is None or seg.is_type("computed_column_definition") or (len(parts) > 1
                                                                       and parts[1].raw.upper() == "AS"):
        return {"name": name, "type": {"base": "(calculada)", "args": []}, "not_null": False, "line": line(seg)}
    not_null = bool(re.search(r"\bNOT NULL\b|\bPRIMARY KEY\b|\bIDENTITY\b", text))
    return {"name": name, "type": data_type(dtype), "not_null": not_null, "line": line(seg)}


def ddl(tree) -> dict:
    """Tables created (with columns), columns added and dropped, sequences, in file order."""
    out: dict[str, Any] = {"tables": [], "added": [], "dropped": [], "sequences": [], "dropped_tables": []}
    for seg, _ in walk(tree):
        if seg.is_type("create_table_statement"):
            ref = next((s for s in code(seg) if s.is_type("table_reference", "object_reference")), None)
            body = next((s for s in code(seg) if s.is_type("bracketed")), None)
            if ref is None or body is None or ref_name(ref).startswith("#"):
                continue
            cols = [_column(c) for c in code(body) if c.is_type("column_definition", "computed_column_definition")]
            out["tables"].append({"name": ref_name(ref), "line": line(seg), "columns": cols})
        elif seg.is_type("alter_table_statement"):
            ref = next((s for s in code(seg) if s.is_type("table_reference", "object_reference")), None)
            if ref is None:
                continue
            name = ref_name(ref)
            for col, _ in walk(seg):
                if col.is_type("column_definition", "computed_column_definition"):
                    out["added"].append({"table": name, "column": _column(col)})
            words = [leaf for leaf in leaves(seg)]
            for k, leaf in enumerate(words[:-1]):
                if leaf.raw.upper() == "DROP" and words[k + 1].raw.upper() == "COLUMN":
                    j = k + 2
                    while j < len(words):
                        out["dropped"].append({"table": name, "column": unquote(words[j].raw)})
                        if j + 1 < len(words) and words[j + 1].raw == ",":
                            j += 2
                        else:
                            break
        elif seg.is_type("drop_table_statement"):
            for ref, _ in walk(seg):
                if ref.is_type("table_reference"):
                    out["dropped_tables"].append(ref_name(ref))
        elif seg.is_type("create_sequence_statement"):
            ref = next((s for s in code(seg) if s.is_type("sequence_reference", "object_reference")), None)
            if ref is not None:
                out["sequences"].append({"name": ref_name(ref), "line": line(seg)})
    return out


def unparsable(tree) -> list[list]:
    return [[line(s), s.raw.strip().splitlines()[0][:60] if s.raw.strip() else ""]
            for s in tree.recursive_crawl("unparsable")]


def facts(tree) -> dict:
    """Everything parity needs from one T-SQL file (see the module docstring)."""
    if tree is None:
        return {"error": "sqlfluff no pudo analizar el archivo"}
    bad = unparsable(tree)
    if bad:
        return {"error": f"línea {bad[0][0]}: sqlfluff no puede analizar: {bad[0][1]}"}
    return {"objects": objects(tree, parse_string), "body": body_facts(tree), "ddl": ddl(tree)}


_linter = None


def parse_string(text: str):
    """The tree of a piece of T-SQL (the text of dynamic SQL)."""
    global _linter
    if _linter is None:
        from sqlfluff.core import FluffConfig, Linter

        _linter = Linter(config=FluffConfig(overrides={"dialect": "tsql", "templater": "raw"}))
    return _linter.parse_string(text).tree


# ---- the cache shared with sql_lint --------------------------------------------------------------

def cache_key(data: bytes) -> str:
    """Facts depend on the file's bytes, the sqlfluff version and this module's VERSION."""
    import sqlfluff

    return hashlib.sha256(f"{sqlfluff.__version__}|facts{VERSION}|".encode() + data).hexdigest()


def load_cache() -> dict[str, dict]:
    try:
        return json.loads(CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_cache(new: dict[str, dict]) -> None:
    """Add entries (the newest last; the oldest dropped beyond CACHE_ENTRIES), written atomically."""
    if not new:
        return
    cache = load_cache()
    for key, value in new.items():
        cache.pop(key, None)
        cache[key] = value
    for key in list(cache)[:max(0, len(cache) - CACHE_ENTRIES)]:
        del cache[key]
    with contextlib.suppress(OSError):
        tmp = CACHE.with_name(f"{CACHE.name}.{os.getpid()}")
        tmp.write_text(json.dumps(cache), encoding="utf-8")
        tmp.replace(CACHE)
