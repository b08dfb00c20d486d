"""The no-SQL check on temporary project trees: SQL in a tier fails, gateway calls pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.dev.checks import no_sql

ROOT = Path(__file__).resolve().parents[2]

CLEAN = '''"""Ticket queue service: SELECT the next page FROM the database through the gateway."""
import gateway

NOTE = "Seleccione un ticket de la lista y actualice su estado."
PROSE = "Select a ticket from the list, then update it."


def load(gw: gateway.Gateway, token: bytes) -> list[dict]:
    """Rows of staff.list_queue (the procedure does SELECT ... FROM; we only call it)."""
    return gw.call("staff.list_queue", token=token, page_size=50)
'''


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_real_tree_passes(capsys):
    assert no_sql.main([str(ROOT)]) == 0
    assert "no_sql: bien" in capsys.readouterr().out


def test_clean_file_passes(tmp_path):
    write(tmp_path, "desktop/services/queue.py", CLEAN)
    findings, _, count = no_sql.check(tmp_path)
    assert count == 1
    assert findings == []


@pytest.mark.parametrize(("code", "kind"), [
    ('Q = "SELECT folio FROM app.ticket WHERE ticket_id = %s"\n', "SELECT ... FROM"),
    ('Q = ("INSERT INTO app.ticket_event (ticket_id, body) "\n     "VALUES (%s, %s)")\n', "INSERT INTO"),
    ('Q = "UPDATE app.Ticket SET StatusId = ? WHERE TicketId = ?"\n', "UPDATE ... SET"),
    ('Q = "DELETE FROM app.staff_session WHERE staff_id = %s"\n', "DELETE FROM"),
    ('Q = "EXEC staff.ListQueue @Token = ?"\n', "EXEC procedimiento"),
    ('Q = "SELECT * FROM webform.submit_ticket(%s)"\n', "SELECT"),
    ('def f(t):\n    return f"SELECT count(*) FROM app.{t}"\n', "SELECT ... FROM"),
    ('Q = "select folio from app.ticket"\n', "select ... from"),
    ('Q = "CREATE TABLE app.x (id INT)"\n', "CREATE/ALTER/DROP"),
])
def test_sql_in_a_tier_fails(tmp_path, capsys, code, kind):
    write(tmp_path, "webform/routes.py", CLEAN + "\n" + code)
    assert no_sql.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "webform/routes.py:" in out
    assert kind in out
    assert "no_sql: FALLÓ" in out


def test_database_driver_import_fails(tmp_path):
    write(tmp_path, "desktop/app.py", "import psycopg\nfrom pyodbc import connect\n")
    findings, _, _ = no_sql.check(tmp_path)
    assert [f.line for f in findings] == [1, 2]
    assert all("controlador de base de datos" in f.what for f in findings)


def test_tools_are_checked_except_owner_tools(tmp_path, capsys):
    sql = 'Q = "INSERT INTO app.ticket (folio) VALUES (%s)"\n'
    write(tmp_path, "tools/report.py", sql)
    write(tmp_path, "tools/deploy.py", sql)
    write(tmp_path, "tools/dev/bench.py", "# no_sql: owner tool - measures a raw INSERT as the baseline\n" + sql)
    findings, exempt, _ = no_sql.check(tmp_path)
    assert [f.path for f in findings] == ["tools/report.py"]
    assert exempt["tools/dev/bench.py"] == "measures a raw INSERT as the baseline"
    assert no_sql.main([str(tmp_path)]) == 1
    assert "(con SQL permitido) tools/dev/bench.py: measures a raw INSERT as the baseline" in capsys.readouterr().out


def test_owner_mark_does_not_exempt_a_tier(tmp_path):
    write(tmp_path, "webform/app.py", "# no_sql: owner tool - no\nQ = \"DELETE FROM app.ticket\"\n")
    findings, exempt, _ = no_sql.check(tmp_path)
    assert exempt == {}
    assert len(findings) == 1


def test_gateway_backends_are_internal(tmp_path):
    write(tmp_path, "webform/x.py", "from gateway.pg import PgBackend\nfrom gateway import mssql\nimport gateway\n")
    findings, _, _ = no_sql.check(tmp_path)
    assert [(f.line, f.what) for f in findings] == [(1, "interior del gateway importado"),
                                                     (2, "interior del gateway importado")]
