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
CACHE = Path(os.environ.get("ITL_CHECK_CACHE_DIR") or ROOT / ".venv") / "parity_pg_cache.json"
CACHE_ENTRIES = 4
VERSION = 3  # part of the cache key: bump when what is read changes
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


def _run_objects(conn, database: Path, paths: list[Path], files: dict[str, dict]) -> None:
    """Run object files one at a time; each file's entry lists what it created (or its error)."""
    for path in paths:
        before = _objects_snapshot(conn)
        entry: dict[str, Any] = {"objects": []}
        try:
            conn.execute(path.read_text(encoding="utf-8"))
        except Exception as exc:  # the database's own message, with the file
            entry["error"] = f"PostgreSQL no lo acepta: {_first_line(exc)}"
        for kind, oid in sorted(_objects_snapshot(conn) - before):
            entry["objects"].append({"f": _function, "v": _view, "t": _trigger}[kind](conn, oid) | {"oid": oid})
        files[_rel(path, database)] = entry


def _read(conn, database: Path) -> dict:
    tables, objects = deploy_order(database)
    for path in tables:
        try:
            conn.execute(path.read_text(encoding="utf-8"))
        except Exception as exc:
            return {"error": f"{_rel(path, database)}: PostgreSQL no lo acepta: {_first_line(exc)}"}
    files: dict[str, dict] = {}
    _run_objects(conn, database, objects, files)
    return {"files": files, **_tables(conn)}


def _drop(conn, objects: list[dict]) -> None:
    for obj in objects:
        if obj["kind"] in ("function", "procedure"):
            signature = conn.execute("SELECT %s::oid::regprocedure::text", (obj["oid"],)).fetchone()[0]
            conn.execute(f"DROP {obj['kind'].upper()} {signature}")
        elif obj["kind"] == "view":
            conn.execute(f"DROP VIEW {obj['name']}")
        elif obj["kind"] == "trigger":
            conn.execute(f'DROP TRIGGER "{obj["name"]}" ON {obj["table"]}')


def _digests(database: Path) -> dict[str, str]:
    tables, objects = deploy_order(database)
    return {_rel(p, database): hashlib.sha256(p.read_bytes()).hexdigest() for p in [*tables, *objects]}


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


_memory: dict[str, dict] = {}  # this process's reads, by key (tests read many trees)


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
# Per server: the last fully deployed tree, kept as a template database. A tree that differs from it
# only in object files is read from a copy with just those files re-run (the tests edit one file).
_bases: dict[int, tuple[str, dict[str, str], dict]] = {}


def _admin(server):
    import psycopg

    return psycopg.connect(server.url(database="postgres"), autocommit=True)


def _incremental(server, database: Path, digests: dict[str, str], name: str) -> dict | None:
    """The catalog read from a copy of the base with only the changed object files re-run; None when
    the tables differ, a file is gone or an object cannot be dropped (then a full deploy is needed)."""
    import psycopg

    base = _bases.get(id(server))
    if base is None or "error" in base[2]:
        return None
    template, base_digests, base_result = base
    tables = {k for k in digests if k.startswith("tables/") or k.endswith("/schema.sql")}
    if base_digests.keys() - digests.keys() or any(base_digests.get(k) != digests[k] for k in tables):
        return None
    changed = [k for k in digests if base_digests.get(k) != digests[k]]
    with _admin(server) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    with psycopg.connect(server.url(database=name), autocommit=True) as conn:
        files = dict(base_result["files"])
        try:
            for key in changed:
                _drop(conn, files.get(key, {}).get("objects", []))
        except psycopg.Error:
            return None
        _, objects = deploy_order(database)
        _run_objects(conn, database, [p for p in objects if _rel(p, database) in changed], files)
    return {**base_result, "files": files}


def release(server) -> None:
    """Drop the base database kept on `server` (a test suite's cluster may outlive this process)."""
    base = _bases.pop(id(server), None)
    if base is not None:
        with contextlib.suppress(Exception), _admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{base[0]}" WITH (FORCE)')


def catalog(database: Path, server=None, use_cache: bool = True) -> dict:
    """The pg side of `database` (see the module docstring)."""
    key = _key(database)
    if use_cache:
        cached = _memory.get(key) or _load_cache().get(key)
        if cached is not None:
            _memory[key] = cached
            return cached
    import psycopg

    server = server or private_server()
    digests = _digests(database)
    name = f"parity_{os.getpid()}_{next(_counter)}"
    result = _incremental(server, database, digests, name)
    keep = False
    if result is None:
        with _admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(server.url(database=name), autocommit=True) as conn:
            result = _read(conn, database)
        keep = True
    with _admin(server) as admin:
        if keep:  # the new base: kept (the server's folder is temporary), the previous one dropped
            old = _bases.get(id(server))
            _bases[id(server)] = (name, digests, result)
            if old is not None:
                admin.execute(f'DROP DATABASE IF EXISTS "{old[0]}" WITH (FORCE)')
        else:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if use_cache:
        _memory[key] = result
        if database.resolve() == (ROOT / "database").resolve():  # other trees (tests' copies) stay in memory
            _save_cache(key, result)
    return result
