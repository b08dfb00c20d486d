"""The PostgreSQL side of parity, as PostgreSQL itself sees it: deploy the pg files into an empty
database of the embedded server and read the catalog.

`catalog(database_dir, server=None)` runs tables/pg (version order), demo/pg/schema.sql, then
procedures/pg (deploy order, `-- requires:`) and the demo procedures one file at a time,
noting which functions, views and triggers each file created, and returns plain data:
per file its objects (name, kind, parameters with catalog types, defaults and modes, result
columns of RETURNS TABLE / OUT, the return type), or the error PostgreSQL gave; and every
table's columns (type, NOT NULL, generated) and the sequences created on purpose.
`server`: a running tools.embedded_db.EmbeddedDb (the test suite passes its own cluster);
without one a private server is started in a temporary folder (stopped at exit).
The result is cached by the content of the pg files (.venv/parity_pg_cache.json): api_doc and
parity deploy once per change, not once each.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CACHE = ROOT / ".venv" / "parity_pg_cache.json"
CACHE_ENTRIES = 12
VERSION = 2  # part of the cache key: bump when what is read changes
SCHEMAS = ("app", "stats", "webform", "staff", "demo")

# format_type() spelling -> the spelling of docs/CONVENTIONS.md
_TYPE_NAMES = {
    "integer": "INT", "bigint": "BIGINT", "smallint": "SMALLINT", "boolean": "BOOLEAN",
    "character varying": "VARCHAR", "character": "CHAR", "text": "TEXT", "bytea": "BYTEA", "uuid": "UUID",
    "timestamp with time zone": "TIMESTAMPTZ", "timestamp without time zone": "TIMESTAMP",
    "time without time zone": "TIME", "time with time zone": "TIMETZ", "date": "DATE",
    "numeric": "NUMERIC", "real": "REAL", "double precision": "DOUBLE PRECISION", "jsonb": "JSONB",
    "json": "JSON", "interval": "INTERVAL", "void": "VOID", "trigger": "TRIGGER", "record": "RECORD",
}


def sql_type(formatted: str) -> dict:
    """'character varying(20)' -> {'base': 'VARCHAR', 'args': ['20']}; 'integer[]' -> INT[]."""
    text = formatted.strip()
    array = ""
    while text.endswith("[]"):
        text, array = text[:-2], array + "[]"
    args: list[str] = []
    found = re.search(r"\(([^)]*)\)", text)
    if found:
        args = [a.strip().upper() for a in found.group(1).split(",")]
        text = (text[:found.start()] + text[found.end():]).strip()
    text = re.sub(r"\s+", " ", text)
    base = _TYPE_NAMES.get(text, text.split(".")[-1].upper())
    return {"base": base + array, "args": args}


def _objects_snapshot(conn) -> set[tuple[str, int]]:
    rows = conn.execute(
        """SELECT 'f', p.oid::bigint FROM pg_catalog.pg_proc AS p
               JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace WHERE n.nspname = ANY(%(s)s)
           UNION ALL
           SELECT 'v', c.oid::bigint FROM pg_catalog.pg_class AS c
               JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY(%(s)s) AND c.relkind IN ('v', 'm')
           UNION ALL
           SELECT 't', t.oid::bigint FROM pg_catalog.pg_trigger AS t WHERE NOT t.tgisinternal""",
        {"s": list(SCHEMAS)}).fetchall()
    return {(kind, oid) for kind, oid in rows}


def _function(conn, oid: int) -> dict:
    row = conn.execute(
        """SELECT n.nspname || '.' || p.proname, p.prokind,
                  coalesce(p.proargnames, ARRAY[]::text[]),
                  coalesce(p.proargmodes::text[], ARRAY[]::text[]),
                  ARRAY(SELECT pg_catalog.format_type(t, NULL)
                        FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS a(t, i)
                        ORDER BY a.i),
                  p.pronargdefaults, pg_catalog.format_type(p.prorettype, NULL), p.proretset
           FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
           WHERE p.oid = %s""", (oid,)).fetchone()
    name, prokind, names, modes, types, ndefaults, rettype, retset = row
    modes = modes or ["i"] * len(types)
    params, columns = [], []
    inputs = [k for k, m in enumerate(modes) if m in ("i", "b", "v")]
    defaulted = set(inputs[len(inputs) - ndefaults:]) if ndefaults else set()
    for k, (mode, ptype) in enumerate(zip(modes, types, strict=False)):
        pname = names[k] if k < len(names) else ""
        if mode in ("o", "t"):
            columns.append([pname, sql_type(ptype)])
        else:
            params.append({"name": pname, "type": sql_type(ptype), "default": k in defaulted,
                           "output": mode == "b"})
    ret = sql_type(rettype)
    if retset and columns:
        returns = "table"
    elif retset:
        returns = "setof"
    elif columns or ret["base"] == "RECORD":
        returns = "table"
    else:
        returns = {"VOID": "void", "TRIGGER": "trigger"}.get(ret["base"], "scalar")
    return {"kind": "procedure" if prokind == "p" else "function", "name": name, "params": params,
            "columns": columns, "returns": returns, "return_type": ret}


def _view(conn, oid: int) -> dict:
    name = conn.execute("""SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class AS c
                           JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE c.oid = %s""",
                        (oid,)).fetchone()[0]
    columns = conn.execute("""SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
                              FROM pg_catalog.pg_attribute AS a
                              WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""",
                           (oid,)).fetchall()
    return {"kind": "view", "name": name, "params": [], "columns": [[c, sql_type(t)] for c, t in columns],
            "returns": "table", "return_type": None}


def _trigger(conn, oid: int) -> dict:
    name, table = conn.execute(
        """SELECT t.tgname, n.nspname || '.' || c.relname FROM pg_catalog.pg_trigger AS t
           JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
           JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE t.oid = %s""", (oid,)).fetchone()
    return {"kind": "trigger", "name": name, "table": table, "params": [], "columns": [], "returns": "trigger",
            "return_type": None}


def _tables(conn) -> dict[str, Any]:
    rows = conn.execute(
        """SELECT n.nspname || '.' || c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                  a.attnotnull, a.attgenerated <> ''
           FROM pg_catalog.pg_class AS c
           JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
           JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p')
           ORDER BY 1, a.attnum""", (list(SCHEMAS),)).fetchall()
    tables: dict[str, list[dict]] = {}
    for table, column, ctype, not_null, generated in rows:
        kind = {"base": "(calculada)", "args": []} if generated else sql_type(ctype)
        tables.setdefault(table, []).append({"name": column, "type": kind, "not_null": bool(not_null)})
    # Sequences created on purpose (identity and serial columns own theirs: not compared).
    sequences = [r[0] for r in conn.execute(
        """SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class AS c
           JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
           WHERE n.nspname = ANY(%s) AND c.relkind = 'S'
             AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d
                             WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
           ORDER BY 1""", (list(SCHEMAS),)).fetchall()]
    return {"tables": tables, "sequences": sequences}


def deploy_order(database: Path) -> tuple[list[Path], list[Path]]:
    """(table files, object files) of the pg side in the order the deploy tool runs them."""
    from tools.db_files import procedure_files

    tables = sorted((database / "tables" / "pg").glob("V*__*.sql"))
    demo = database / "demo" / "pg"
    if (demo / "schema.sql").exists():
        tables.append(demo / "schema.sql")
    objects = procedure_files("pg", database) + sorted(demo.glob("demo.*.sql"))
    return tables, objects


def _read(conn, database: Path) -> dict:
    tables, objects = deploy_order(database)
    files: dict[str, dict] = {}
    for path in tables:
        try:
            conn.execute(path.read_text(encoding="utf-8"))
        except Exception as exc:  # the database's own message, with the file
            return {"error": f"{_rel(path, database)}: PostgreSQL no lo acepta: {_first_line(exc)}"}
    for path in objects:
        before = _objects_snapshot(conn)
        entry: dict[str, Any] = {"objects": []}
        try:
            conn.execute(path.read_text(encoding="utf-8"))
        except Exception as exc:
            entry["error"] = f"PostgreSQL no lo acepta: {_first_line(exc)}"
        for kind, oid in sorted(_objects_snapshot(conn) - before):
            entry["objects"].append({"f": _function, "v": _view, "t": _trigger}[kind](conn, oid))
        files[_rel(path, database)] = entry
    return {"files": files, **_tables(conn)}


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _rel(path: Path, database: Path) -> str:
    return str(path.relative_to(database))


def _key(database: Path) -> str:
    digest = hashlib.sha256(f"v{VERSION}".encode())
    for folder in ("tables", "procedures", "demo"):
        for path in sorted((database / folder / "pg").glob("*.sql")):
            digest.update(f"{folder}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_cache() -> dict:
    try:
        return json.loads(CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_cache(key: str, value: dict) -> None:
    cache = _load_cache()
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > CACHE_ENTRIES:
        cache.pop(next(iter(cache)))
    with contextlib.suppress(OSError):
        tmp = CACHE.with_name(f"{CACHE.name}.{os.getpid()}")
        tmp.write_text(json.dumps(cache), encoding="utf-8")
        tmp.replace(CACHE)


_private = None


def private_server():
    """An embedded server of this process only, in a temporary folder, stopped at exit."""
    global _private
    if _private is None:
        from tools.embedded_db import EmbeddedDb, free_port

        state = Path(tempfile.mkdtemp(prefix="itl-parity-"))
        server = EmbeddedDb(state, free_port())
        server.start()

        def stop() -> None:
            server.stop()
            shutil.rmtree(state, ignore_errors=True)

        atexit.register(stop)
        _private = server
    return _private


_counter = iter(range(1_000_000))


def catalog(database: Path, server=None, use_cache: bool = True) -> dict:
    """The pg side of `database` (see the module docstring)."""
    key = _key(database)
    if use_cache:
        cached = _load_cache().get(key)
        if cached is not None:
            return cached
    import psycopg

    server = server or private_server()
    name = f"parity_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server.url(database="postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(server.url(database=name), autocommit=True) as conn:
            result = _read(conn, database)
    finally:
        with psycopg.connect(server.url(database="postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if use_cache:
        _save_cache(key, result)
    return result
