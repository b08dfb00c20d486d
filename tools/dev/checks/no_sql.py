"""The Python tiers contain no SQL: only `gateway.connect(url).call("schema.name", **params)`.

    python -m tools.dev.checks.no_sql [PROJECT_ROOT]

Reads every .py file of webform/, desktop/ and tools/ with the `ast` module and fails on
  - a string literal (or the literal parts of an f-string) holding an SQL statement:
    SELECT ... FROM, INSERT INTO, UPDATE ... SET, DELETE FROM, MERGE INTO, EXEC schema.proc,
    CREATE/ALTER/DROP TABLE|VIEW|FUNCTION|PROCEDURE|..., TRUNCATE TABLE, GRANT ... ON;
  - an import of a database driver (psycopg, pyodbc, sqlite3, sqlalchemy...) or of the
    gateway's backends (gateway.pg, gateway.mssql): the gateway (gateway/) is the only module
    that talks to the database, through gateway.connect(url).call(...).
Docstrings are prose and are not checked; comments are not strings.

Allowed to hold SQL (owner tools that run SQL by design):
  - tools/deploy.py: applies database/ through its pg and mssql dialects;
  - tools/embedded_db.py: creates the embedded server's roles and databases;
  - tools/dev/checks/: reads the SQL files to check them (its messages quote SQL);
  - any tools/ module whose first lines carry `# no_sql: owner tool - <reason>` (for
    example a benchmark that measures a raw INSERT as its baseline); the check lists them
    with their reason so the exemption stays visible.
"""

from __future__ import annotations

import ast
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tools.dev.checks._cli import folder_argument

ROOT = Path(__file__).resolve().parents[3]
TIERS = ("webform", "desktop", "tools")
ALLOWED = {
    "tools/deploy.py": "herramienta de despliegue (dialectos pg y mssql)",
    "tools/embedded_db.py": "servidor PostgreSQL integrado (roles y bases de datos)",
    "tools/dev/checks/": "las revisiones leen SQL para revisarlo",
}
OWNER_MARK = re.compile(r"^#\s*no_sql:\s*owner tool\s*[-—:]\s*(\S.*)$", re.M)
GATEWAY_INTERNALS = {"gateway.pg", "gateway.mssql"}  # backends: only gateway.connect() picks them
DRIVERS = {"psycopg", "psycopg2", "psycopg_pool", "pyodbc", "pymssql", "sqlite3", "sqlalchemy", "asyncpg", "pg8000"}

_ID = r"[\w\[\]\"#@]+(?:\.[\w\[\]\"]+)*"
SQL_PATTERNS = [
    ("SELECT ... FROM", re.compile(r"\bSELECT\b[\s\S]{1,2000}?\bFROM\b")),
    ("SELECT función(...)", re.compile(r"^\s*SELECT\s+(?:\*\s+FROM\s+)?" + _ID + r"\s*\(")),
    ("INSERT INTO", re.compile(r"\bINSERT\s+INTO\b")),
    ("UPDATE ... SET", re.compile(r"\bUPDATE\s+" + _ID + r"(?:\s+(?:AS\s+)?\w+)?\s+SET\b")),
    ("DELETE FROM", re.compile(r"\bDELETE\s+(?:TOP\s*\(\d+\)\s+)?FROM\b")),
    ("MERGE INTO", re.compile(r"\bMERGE\s+(?:INTO\s+)?" + _ID + r"\s+(?:AS\s+\w+\s+)?USING\b")),
    ("EXEC procedimiento", re.compile(r"\bEXEC(?:UTE)?\s+(?:@\w+\s*=\s*)?" + r"[\w\[\]]+\.[\w\[\]]+")),
    ("CREATE/ALTER/DROP", re.compile(
        r"\b(?:CREATE(?:\s+OR\s+(?:REPLACE|ALTER))?|ALTER|DROP)\s+(?:UNIQUE\s+)?"
        r"(?:TABLE|VIEW|FUNCTION|PROCEDURE|PROC|INDEX|ROLE|USER|LOGIN|DATABASE|SCHEMA|TRIGGER|SEQUENCE|TYPE)\b")),
    ("TRUNCATE TABLE", re.compile(r"\bTRUNCATE\s+TABLE\b")),
    ("GRANT/REVOKE ... ON", re.compile(r"\b(?:GRANT|REVOKE|DENY)\s+[\w\s,]+?\s+ON\b")),
]
# Lower-case SQL, only in shapes that English or Spanish prose does not take.
LOWER_PATTERNS = [
    ("select ... from", re.compile(r"\bselect\s+(?:\*|[\w.]+(?:\s*,\s*[\w.]+)*)\s+from\s+\w+\.\w+")),
    ("insert into", re.compile(r"\binsert\s+into\s+\w+(?:\.\w+)?\s*\(")),
    ("update ... set", re.compile(r"\bupdate\s+\w+\.\w+\s+set\s+\w+\s*=")),
    ("delete from", re.compile(r"\bdelete\s+from\s+\w+\.\w+")),
]


@dataclass
class Finding:
    path: str
    line: int
    what: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}: {self.text}"


def sql_in(text: str) -> str | None:
    """The kind of SQL statement found in `text`, or None."""
    for label, pattern in SQL_PATTERNS + LOWER_PATTERNS:
        if pattern.search(text):
            return label
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def scan_source(source: str, rel: str) -> list[Finding]:
    try:
        tree = ast.parse(source, filename=rel)
    except SyntaxError as exc:
        return [Finding(rel, exc.lineno or 0, "no se pudo leer", str(exc.msg))]
    findings: list[Finding] = []
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.module == "gateway":
                names += [f"gateway.{a.name}" for a in node.names]
            for name in names:
                if name in GATEWAY_INTERNALS:
                    findings.append(Finding(rel, node.lineno, "interior del gateway importado",
                                            f"import {name} (use gateway.connect(url).call(...))"))
                if name.split(".")[0] in DRIVERS:
                    findings.append(Finding(rel, node.lineno, "controlador de base de datos importado",
                                            f"import {name} (use el gateway: gateway.connect(url).call(...))"))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else " x "
                           for v in node.values)
            label = sql_in(text)
            if label:
                findings.append(Finding(rel, node.lineno, f"SQL en un f-string ({label})", _short(text)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            label = sql_in(node.value)
            if label:
                findings.append(Finding(rel, node.lineno, f"SQL en un texto ({label})", _short(node.value)))
    # f-string parts are Constants too: keep one finding per line and kind of node.
    unique: dict[tuple[int, str], Finding] = {}
    for f in findings:
        unique.setdefault((f.line, f.what.split(" (")[0]), f)
    return sorted(unique.values(), key=lambda f: f.line)


def _short(text: str) -> str:
    one = " ".join(text.split())
    return repr(one[:80] + ("…" if len(one) > 80 else ""))


def allowed(rel: str, source: str) -> str | None:
    """Why this file may hold SQL, or None."""
    for prefix, reason in ALLOWED.items():
        if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix)):
            return reason
    if rel.startswith("tools/"):
        head = "\n".join(source.splitlines()[:30])
        mark = OWNER_MARK.search(head)
        if mark:
            return mark.group(1).strip()
    return None


def check(root: Path) -> tuple[list[Finding], dict[str, str], int]:
    findings: list[Finding] = []
    exempt: dict[str, str] = {}
    count = 0
    for tier in TIERS:
        base = root / tier
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(root).as_posix()
            source = path.read_text(encoding="utf-8")
            reason = allowed(rel, source)
            if reason:
                exempt[rel] = reason
                continue
            count += 1
            findings.extend(scan_source(source, rel))
    return findings, exempt, count


def main(argv: list[str] | None = None) -> int:
    root = folder_argument(argv, "Sin SQL en los programas de Python", "PROJECT_ROOT", ROOT)
    started = time.monotonic()
    findings, exempt, count = check(root)
    elapsed = time.monotonic() - started
    for rel, reason in exempt.items():
        if not rel.startswith("tools/dev/checks/"):
            print(f"  (con SQL permitido) {rel}: {reason}")
    for finding in findings:
        print(finding)
    if findings:
        print(f"no_sql: FALLÓ: {len(findings)} texto(s) SQL fuera de database/ y del gateway "
              f"({count} archivo(s), {elapsed:.1f} s). Llame a un procedimiento: gateway.connect(url).call(...)")
        return 1
    print(f"no_sql: bien ({count} archivo(s) de Python sin SQL en webform/, desktop/ y tools/, {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
