"""Lint every SQL file under database/ with sqlfluff, in the dialect of its folder.

    python -m tools.dev.checks.sql_lint                 # all of database/**/*.sql
    python -m tools.dev.checks.sql_lint FILE [FILE...]  # only these files

database/*/pg/*.sql are PostgreSQL, database/*/mssql/*.sql are T-SQL (SQL Server 2016+).
Rules: the root .sqlfluff (what is excluded there, and why). Fails on any rule violation and
on any unparsable section (a T-SQL file that sqlfluff cannot parse cannot be checked by
reading either). A `-- noqa` comment may silence a rule on one line; it never silences an
unparsable section.

PostgreSQL function bodies ($$ ... $$) are string literals for sqlfluff: they are checked by
PostgreSQL itself when the contract tests deploy them (plpgsql validates at CREATE time).

One parse per file: the tree of each T-SQL file linted here is also read for the parity check
(tools/dev/checks/_tsql_facts.py) and the facts are cached by file content, so parity does not
parse again; when parity runs first it lints the files itself (tsql_facts below) and fills both
caches, so this check then skips them.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tools.dev.checks import _tsql_facts

ROOT = Path(__file__).resolve().parents[3]
# Files that passed, by content + rules + sqlfluff version: a second run only lints what changed.
# ITL_CHECK_CACHE_DIR puts the caches of sql_lint and parity in another folder (tools.dev.bench_checks).
CACHE = Path(os.environ.get("ITL_CHECK_CACHE_DIR") or ROOT / ".venv") / "sql_lint_cache.json"
DIALECTS = {"pg": "postgres", "mssql": "tsql"}
FIX_HINT = {
    "postgres": ".venv/bin/sqlfluff fix --dialect postgres {file}",
    "tsql": ".venv/bin/sqlfluff fix --dialect tsql {file}",
}


def dialect_of(path: Path) -> str | None:
    return DIALECTS.get(path.parent.name)


def sql_files(database: Path) -> list[Path]:
    return sorted(p for p in database.rglob("*.sql") if p.is_file())


def _unparsable(tree) -> Iterator[tuple[int, int, str]]:
    if tree is None:
        return
    for segment in tree.recursive_crawl("unparsable"):
        line, col = segment.pos_marker.source_position()
        text = segment.raw.strip().splitlines()[0][:60] if segment.raw.strip() else ""
        yield line, col, text


def _fingerprint(path: Path, dialect: str) -> str:
    import sqlfluff

    digest = hashlib.sha256(f"{sqlfluff.__version__}|{dialect}|".encode())
    for config in (ROOT / ".sqlfluff", path.parent / ".sqlfluff"):
        if config.is_file():
            digest.update(config.read_bytes())
    digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_cache() -> set[str]:
    try:
        return set(json.loads(CACHE.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def lint(files: list[Path], processes: int = 2, use_cache: bool = True, whole_tree: bool = False,
         facts_out: dict[Path, dict] | None = None) -> list[str]:
    """Problems as 'path:line:col: CODE message' lines (empty when all is clean).

    The facts of every T-SQL file parsed go to the parity cache, and to `facts_out` when given
    (then every file is parsed, even one that passed before).
    """
    # The worker processes' resource tracker warns about semaphores at exit: noise only.
    os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning:multiprocessing.resource_tracker")
    from sqlfluff.core import FluffConfig, Linter

    problems: list[str] = []
    groups: dict[str, list[Path]] = {}
    passed = _read_cache() if use_cache else set()
    clean: set[str] = set()
    for path in files:
        dialect = dialect_of(path)
        if dialect is None:
            problems.append(f"{_rel(path)}: carpeta sin dialecto (use database/<área>/pg o database/<área>/mssql)")
            continue
        key = _fingerprint(path, dialect)
        if key in passed and facts_out is None:
            clean.add(key)
            continue
        groups.setdefault(dialect, []).append(path)

    new_facts: dict[str, dict] = {}
    given = {str(p.resolve()): p for p in files}
    for dialect, paths in groups.items():
        config = FluffConfig.from_root(extra_config_path=str(ROOT / ".sqlfluff"), overrides={"dialect": dialect})
        linter = Linter(config=config)
        procs = processes if len(paths) > 20 else 1  # spawning workers costs ~3 s
        result = linter.lint_paths(tuple(str(p) for p in paths), processes=procs, retain_files=True)
        seen: set[str] = set()
        for linted_dir in result.paths:
            for linted in linted_dir.files:
                rel = _rel(Path(linted.path))
                seen.add(str(Path(linted.path).resolve()))
                if dialect == "tsql":
                    found = _tsql_facts.facts(linted.tree)
                    new_facts[_tsql_facts.cache_key(Path(linted.path).read_bytes())] = found
                    if facts_out is not None:
                        resolved = str(Path(linted.path).resolve())
                        facts_out[given.get(resolved, Path(resolved))] = found
                bad = False
                for violation in sorted(linted.violations, key=lambda v: (v.line_no, v.line_pos)):
                    code = violation.rule_code()
                    problems.append(f"{rel}:{violation.line_no}:{violation.line_pos}: {code} {violation.desc()}")
                    bad = True
                reported = any(v.rule_code() == "PRS" for v in linted.violations)
                for line, col, text in [] if reported else _unparsable(linted.tree):
                    problems.append(f"{rel}:{line}:{col}: PRS sqlfluff ({dialect}) no puede analizar: {text}")
                    bad = True
                if linted.tree is None and not linted.violations:
                    problems.append(f"{rel}: sqlfluff no pudo analizar el archivo ({dialect})")
                    bad = True
                if bad:
                    problems.append(f"{rel}: corrija a mano o pruebe `{FIX_HINT[dialect].format(file=rel)}`")
                else:
                    clean.add(_fingerprint(Path(linted.path), dialect))
        for path in paths:
            if str(path.resolve()) not in seen:
                problems.append(f"{_rel(path)}: sqlfluff no revisó este archivo (¿omitido?)")
    if use_cache:
        _tsql_facts.save_cache(new_facts)
        with contextlib.suppress(OSError):
            CACHE.write_text(json.dumps(sorted(clean if whole_tree else clean | passed)), encoding="utf-8")
    return problems


FEW = 5  # up to this many files without cached facts are parsed rather than linted


def tsql_facts(paths: list[Path], processes: int = 2) -> dict[Path, dict]:
    """The parity facts of T-SQL files: from the cache, else read now (and cached)."""
    cache = _tsql_facts.load_cache()
    found: dict[Path, dict] = {}
    missing = []
    for path in paths:
        cached = cache.get(_tsql_facts.cache_key(path.read_bytes()))
        if cached is None:
            missing.append(path)
        else:
            found[path] = cached
    if len(missing) > FEW:
        lint(missing, processes, facts_out=found)  # a cold tree: linted once, so sql_lint skips it
    elif missing:  # a few edited files: a parse is enough (sql_lint lints them when it runs)
        new = {}
        for path in missing:
            found[path] = _tsql_facts.facts(_tsql_facts.parse_string(path.read_text(encoding="utf-8")))
            new[_tsql_facts.cache_key(path.read_bytes())] = found[path]
        _tsql_facts.save_cache(new)
    return found


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="sqlfluff sobre database/**/*.sql (pg y mssql)")
    parser.add_argument("files", nargs="*", type=Path, help="archivos a revisar (por omisión, todos)")
    parser.add_argument("--database", type=Path, default=ROOT / "database", help="carpeta database/")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-cache", action="store_true", help="revisa todo aunque no haya cambiado")
    args = parser.parse_args(argv)
    started = time.monotonic()
    files = [p.resolve() for p in args.files] if args.files else sql_files(args.database)
    problems = lint(files, args.processes, use_cache=not args.no_cache, whole_tree=not args.files)
    elapsed = time.monotonic() - started
    for line in problems:
        print(line)
    if problems:
        print(f"sql_lint: FALLÓ ({len(files)} archivo(s) SQL, {elapsed:.1f} s). Reglas y excepciones: .sqlfluff")
        return 1
    print(f"sql_lint: bien ({len(files)} archivo(s) SQL sin observaciones, {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
