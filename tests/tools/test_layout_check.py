"""tools/dev/checks/layout.py: passes on the real tree and fails on each thing it promises to catch."""

from __future__ import annotations

from pathlib import Path

from tools.dev.checks import layout

ROOT = Path(__file__).resolve().parents[2]


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_real_tree_passes(capsys):
    assert layout.main([str(ROOT)]) == 0, capsys.readouterr().out


def test_product_importing_tools_or_tests_fails_even_lazily(tmp_path):
    write(tmp_path, "webform/app.py", "import gateway\n\ndef serve():\n    from tools.deploy import Deployer\n")
    write(tmp_path, "desktop/ui.py", "from tests.support import database\n")
    write(tmp_path, "gateway/pg.py", "from tools import embedded_db\n")
    write(tmp_path, "database/tests/test_x.py", "from tests.support import database\n")  # tests may
    problems = layout.check_imports(tmp_path)
    assert any(p.startswith("webform/app.py:4: el producto importa tools.deploy") for p in problems), problems
    assert any(p.startswith("desktop/ui.py:1: el producto importa tests.support") for p in problems), problems
    assert any(p.startswith("gateway/pg.py:1:") for p in problems), problems
    assert not any("database/tests" in p for p in problems), problems


def test_operator_scripts_importing_dev_tooling_or_each_other_in_a_circle_fail(tmp_path):
    write(tmp_path, "tools/__init__.py", "")
    write(tmp_path, "tools/deploy.py", "def verify():\n    from tools.verify_install import verify\n")
    write(tmp_path, "tools/verify_install.py", "from tools.deploy import DB_DIR\n")
    write(tmp_path, "tools/backup.py", "from tools.dev.bench_support import form_catalog\n")
    write(tmp_path, "tools/dev/bench.py", "from tools.deploy import Deployer\n")  # dev may use the operator's
    problems = layout.check_imports(tmp_path)
    assert "tools/: importación circular tools.deploy -> tools.verify_install -> tools.deploy" in problems, problems
    assert any(p.startswith("tools/backup.py:1: un script del operador importa tools.dev") for p in problems)
    assert len(problems) == 2, problems


def test_a_function_over_80_lines_fails_unless_allowed(tmp_path, monkeypatch):
    body = "".join(f"    x{i} = {i}\n" for i in range(79))
    write(tmp_path, "webform/ok.py", f"def fits():\n{body}")  # 80 lines
    write(tmp_path, "desktop/views/long.py", "class View:\n    def build(self):\n"
          + "".join(f"        x{i} = {i}\n" for i in range(85)))
    write(tmp_path, "webform/submission.py", f"def register(app):\n{body}    y = 1\n")  # 81 lines
    long = layout.long_functions(tmp_path)
    assert [(f, n) for f, n, _, _ in long] == [("desktop/views/long.py", "View.build"),
                                                ("webform/submission.py", "register")]
    problems, _ = layout.check_lengths(tmp_path)  # nothing is allowed in the repository's own list
    assert [p.split(":")[0] for p in problems] == ["desktop/views/long.py", "webform/submission.py"], problems
    monkeypatch.setattr(layout, "LONG_ALLOWED", {"webform/submission.py:register": "se reescribe",
                                                 "webform/status.py:register": "se reescribió"})
    problems, notes = layout.check_lengths(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("desktop/views/long.py:2: View.build tiene"), problems
    assert any("(permitido por ahora) webform/submission.py" in n for n in notes), notes
    assert any("(ya no hace falta) quite webform/status.py:register" in n for n in notes), notes


def test_demo_objects_in_the_production_install_fail():
    problems = layout.demo_findings([
        ("database/procedures/pg/app.SeedDemoStatus.sql", "-- app.seed_demo_status: a comment\n"
         "CREATE OR REPLACE FUNCTION app.seed_demo_status()\n"),
        ("database/grants/pg/grants.sql", "GRANT USAGE ON SCHEMA demo TO itl_desk;\n"),
        ("tools.deploy --script (SQL Server)", "-- V018__demo_out_of_app.sql\nDROP PROCEDURE app.SeedDemoTickets;\n"
         "-- database/procedures/mssql/x.sql\nEXEC (N'SELECT 1 FROM [demo].[Batch]');\n"),
        ("database/procedures/pg/staff.ListQueue.sql", "SELECT 'demostración' AS demo_text;\n"),
    ])
    assert [p.split(":")[0] for p in problems] == ["database/procedures/pg/app.SeedDemoStatus.sql",
                                                     "database/grants/pg/grants.sql",
                                                     "tools.deploy --script (SQL Server)"], problems
    assert ":2: " in problems[0] and ":4: " in problems[2], problems  # comments and V018 do not count


def test_readme_estructura_must_name_every_folder_and_tool(tmp_path):
    for rel in ("webform/app.py", "tools/deploy.py", "tools/backup.py", "tools/install.sh", "tools/dev/bench.py",
                "tools/dev/bench_server.py", "tools/dev/gen_api.py"):
        write(tmp_path, rel, "")
    write(tmp_path, "README.md", "# x\n\n## Estructura\n\n```\nwebform/   web\ntools/     deploy, install.sh\n"
          "tools/dev/ bench* (pruebas)\nold/       se fue\n```\n")
    problems = layout.check_readme(tmp_path)
    assert sorted(problems) == sorted([
        "README.md Estructura: nombra old/, que no existe",
        "README.md Estructura: falta tools/backup.py (diga en una línea para qué es)",
        "README.md Estructura: falta tools/dev/gen_api.py (diga en una línea para qué es)",
    ]), problems


def test_test_helpers_go_one_way_through_tests_support(tmp_path):
    write(tmp_path, "database/tests/test_a.py", "from tests.support.database import set_setting\n"
          "from tests.webform.conftest import make_web\n")  # one direction: database/tests -> tests
    write(tmp_path, "tests/desktop/test_b.py", "from database.tests.admin_data import make_tickets\n"
          "from tests.desktop.gui_loop import run\n")
    write(tmp_path, "tests/support/tickets.py", "from tests.webform.client import Client\n")
    problems = layout.check_test_support(tmp_path)
    assert sorted(p.split(": ")[0] for p in problems) == ["tests/desktop/test_b.py:1", "tests/support/tickets.py:1"]
