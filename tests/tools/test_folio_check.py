"""tools/dev/checks/folio.py: passes on the real code and fails when a dialect drifts from the pattern."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.dev.checks import folio


def test_real_procedures_follow_the_pattern():
    assert folio.check() == []


def test_a_drifted_dialect_fails(tmp_path: Path):
    for dialect in ("pg", "mssql"):
        (tmp_path / dialect).mkdir()
        shutil.copy(folio.PROCEDURES / dialect / "staff.ListQueue.sql", tmp_path / dialect)
    ms = tmp_path / "mssql" / "staff.ListQueue.sql"
    ms.write_text(ms.read_text(encoding="utf-8").replace("[0-9][0-9][0-9][0-9]-[0-9]%", "[0-9][0-9]-[0-9]%"),
                  encoding="utf-8")
    pg = tmp_path / "pg" / "staff.ListQueue.sql"
    pg.write_text(pg.read_text(encoding="utf-8").replace("[0-9]{4}", "[0-9]{2}"), encoding="utf-8")
    problems = folio.check(tmp_path)
    assert len(problems) == 2
    assert "pg/staff.ListQueue.sql" in problems[0] and "mssql/staff.ListQueue.sql" in problems[1]


def test_the_like_patterns_follow_the_published_shape():
    prefix, tail = folio.tsql_patterns(r"^[A-Z]{2}-[0-9]{4}-[0-9]+$")
    assert prefix == "LIKE N'[A-Za-z][A-Za-z]-[0-9][0-9][0-9][0-9]-[0-9]%'"
    assert tail.startswith("SUBSTRING(@Text, 9, 200)")
