"""The folio's shape is written once (gateway.folio.FOLIO_PATTERN); the queue search spells it too.

    python -m tools.dev.checks.folio

staff.list_queue (pg) must test the search with exactly that regular expression, and
staff.ListQueue (T-SQL, which has no regular expressions) with the LIKE patterns derived
from it here: N letters, a dash, M digits, a dash, then digits only. Fails, naming the file,
when a dialect drifts from the pattern.
"""

from __future__ import annotations

import re
from pathlib import Path

from gateway.folio import FOLIO_PATTERN
from tools.dev.checks._cli import folder_argument

ROOT = Path(__file__).resolve().parents[3]
PROCEDURES = ROOT / "database" / "procedures"
SHAPE = re.compile(r"\^\[A-Z\]\{(\d+)\}-\[0-9\]\{(\d+)\}-\[0-9\]\+\$")


def tsql_patterns(pattern: str) -> tuple[str, str]:
    """(prefix LIKE pattern, 'digits only' test from the first digit of the number on)."""
    shape = SHAPE.fullmatch(pattern)
    if shape is None:
        raise ValueError(f"FOLIO_PATTERN {pattern!r} no tiene la forma ^[A-Z]{{n}}-[0-9]{{m}}-[0-9]+$; "
                         "actualice tools/dev/checks/folio.py junto con el patrón")
    letters, digits = int(shape.group(1)), int(shape.group(2))
    prefix = "[A-Za-z]" * letters + "-" + "[0-9]" * digits + "-[0-9]%"
    tail = f"SUBSTRING(@Text, {letters + digits + 3}, 200) COLLATE Latin1_General_BIN2 NOT LIKE N'%[^0-9]%'"
    return f"LIKE N'{prefix}'", tail


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check(procedures: Path = PROCEDURES) -> list[str]:
    problems = []
    pg = procedures / "pg" / "staff.ListQueue.sql"
    if f"upper(v_search) ~ '{FOLIO_PATTERN}'" not in pg.read_text(encoding="utf-8"):
        problems.append(f"{_rel(pg)}: la búsqueda por folio debe ser "
                        f"upper(v_search) ~ '{FOLIO_PATTERN}' (gateway/folio.py)")
    ms = procedures / "mssql" / "staff.ListQueue.sql"
    text = ms.read_text(encoding="utf-8")
    try:
        wanted = tsql_patterns(FOLIO_PATTERN)
    except ValueError as exc:
        return [str(exc)]
    for piece in wanted:
        if piece not in text:
            problems.append(f"{_rel(ms)}: falta `{piece}` (el patrón {FOLIO_PATTERN} de "
                            "gateway/folio.py escrito con LIKE)")
    return problems


def main(argv: list[str] | None = None) -> int:
    problems = check(folder_argument(argv, "staff.ListQueue usa el patrón de folio de gateway/folio.py",
                                     "PROCEDIMIENTOS", PROCEDURES))
    for line in problems:
        print(line)
    if problems:
        print(f"folio: FALLÓ ({len(problems)} diferencia(s) con gateway/folio.py)")
        return 1
    print(f"folio: bien (staff.ListQueue usa el patrón {FOLIO_PATTERN} en ambos dialectos)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
