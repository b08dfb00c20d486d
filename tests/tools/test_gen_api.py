"""tools/dev/gen_api.py: docs/API.md comes from the procedures; the check fails when it is stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools.dev import gen_api


def test_committed_api_doc_is_current():
    assert gen_api.main(["--check"]) == 0
    assert gen_api.API_DOC.read_text(encoding="utf-8") == gen_api.render()


def copy_database(tmp_path: Path) -> Path:
    database = tmp_path / "database"
    shutil.copytree(gen_api.DATABASE / "procedures", database / "procedures")
    shutil.copytree(gen_api.DATABASE / "tables", database / "tables")  # the catalog is read from a deploy
    shutil.copy(gen_api.DATABASE / "errors.tsv", database / "errors.tsv")
    return database


def test_a_changed_signature_or_description_changes_the_doc(tmp_path: Path):
    database = copy_database(tmp_path)
    before = gen_api.render(database)
    assert "### `webform.find_equipment` · T-SQL `webform.FindEquipment` (function)" in before
    assert "- parameters: `inventory_tag VARCHAR`" in before
    path = database / "procedures" / "pg" / "webform.FindEquipment.sql"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("p_inventory_tag VARCHAR", "p_inventory_tag VARCHAR, p_campus_id INT", 1)
                    .replace("-- webform.find_equipment: one active", "-- webform.find_equipment: exactly one"),
                    encoding="utf-8")
    after = gen_api.render(database)
    assert after != before
    assert "`inventory_tag VARCHAR`, `campus_id INT`" in after and "Exactly one equipment by inventory tag" in after


def test_a_procedure_without_its_header_line_is_refused(tmp_path: Path):
    database = copy_database(tmp_path)
    path = database / "procedures" / "pg" / "webform.FindEquipment.sql"
    path.write_text("-- finds equipment\n" + path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(gen_api.ApiDocError, match=r"webform\.find_equipment"):
        gen_api.render(database)
