"""The DBA's one-file install script (tools.deploy --script) reads as valid T-SQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools import deploy

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_install_script_parses_as_tsql(tmp_path):
    from sqlfluff.core import FluffConfig, Linter

    script = tmp_path / "instalar.sql"
    assert deploy.main(["--script", str(script)]) == 0
    text = script.read_text(encoding="utf-8-sig")  # the script starts with a BOM for sqlcmd
    for path in (ROOT / "database" / "procedures" / "mssql").glob("*.sql"):
        assert f"-- procedures/mssql/{path.name}" in text, path.name
    for version, path in deploy.table_files("mssql"):
        # each table version runs once: guarded by its recorded checksum
        assert f"@Version = {version}, @Applied = @Applied OUTPUT" in text, path.name
    config = FluffConfig.from_root(extra_config_path=str(ROOT / ".sqlfluff"), overrides={"dialect": "tsql"})
    linter = Linter(config=config)
    # One GO batch at a time, as SQL Server reads it (the whole script exceeds sqlfluff's node limit).
    batches = [b for b in re.split(r"^GO[ \t]*$", text, flags=re.MULTILINE) if b.strip()]
    assert len(batches) > 50
    problems = []
    for number, batch in enumerate(batches, 1):
        parsed = linter.parse_string(batch + "\nGO\n")
        problems += [(number, v.desc()) for v in parsed.violations]
        if parsed.violations:
            continue
        problems += [(number, s.raw[:80]) for s in parsed.tree.recursive_crawl("unparsable")]
    assert problems == []
