"""GUI smoke test: the real Dear PyGui window under Xvfb against a seeded PostgreSQL test database.

Starts its own Xvfb, runs tests/desktop/gui_driver.py in a subprocess (a crash of the GUI
cannot take pytest down), and asserts on the widget values the driver reports. Screenshots
go to artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.auth import create_staff
from tests.support.tickets import catalogs, insert_attachment, insert_ticket, pg_module_db, png  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
PASSWORD = "Clave-de-Prueba-2026"

pytestmark = pytest.mark.gui


@pytest.fixture
def xvfb():
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb no está instalado (bash tools/install.sh --dev)")
    # ITL_XVFB_DISPLAYS="52-55": only those display numbers (sessions that share a machine); else the first free.
    wanted = os.environ.get("ITL_XVFB_DISPLAYS", "")
    first, _, last = wanted.partition("-")
    numbers = [str(n) for n in range(int(first), int(last or first) + 1)] if first else [None]
    proc, display = None, ""
    for number in numbers:
        read_fd, write_fd = os.pipe()
        display_args = [f":{number}"] if number else []
        proc = subprocess.Popen(
            [binary, *display_args, "-displayfd", str(write_fd), "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as fh:
            display = fh.readline().strip()
        if display:
            break
        proc.wait(timeout=10)  # that display is taken: the next one
    assert display and proc is not None, "Xvfb no informó su pantalla"
    yield f":{display}"
    proc.terminate()
    proc.wait(timeout=10)


def test_login_queue_and_ticket_in_the_real_window(pg_module_db, xvfb) -> None:  # noqa: F811
    db = pg_module_db
    cats = catalogs(db)
    create_staff(db, "operadora.gui", PASSWORD)
    tickets = [
        insert_ticket(db, cats, requester_name=f"Solicitante {n}", equipment_tag=f"ITL-GUI-{n % 20:02d}",
                      description=f"Falla número {n}: la impresora marca error de papel.",
                      campus_id=cats.campus["C1" if n % 2 else "C2"])
        for n in range(60)
    ]
    newest = tickets[-1]
    insert_attachment(db, newest["ticket_id"], png(160, 100))

    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600"}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.gui_driver", db.login_urls["itl_desk"], "operadora.gui", PASSWORD,
         str(ARTIFACTS), db.owner_url],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    summary = json.loads(lines[-1])

    assert summary["wrong_password_message"].startswith("Usuario o contraseña incorrectos")
    assert summary["queue_rows"] == 50 and summary["next_enabled"] is True
    assert summary["page_label"] == "1–50 de 60" and summary["page2_rows"] == 10
    assert summary["first_row_folio"].endswith(newest["folio"])
    assert summary["highlighted_rows"] == 50  # all are new: status 'nuevo', untouched
    assert summary["user_label"] == "Prueba operadora.gui (operador)"
    assert summary["detail_folio"] == newest["folio"] and summary["detail_header"].startswith(newest["folio"])
    assert summary["detail_photos"] == 1
    assert summary["photo_window"].startswith("Foto: foto.png (160×100)") and summary["photo_closed"] is True
    assert summary["detail_history_lines"] == 1
    assert summary["equipment_history_rows"] == 2  # the two older tickets with the same tag
    assert summary["comment_message"] == "Nota interna guardada."
    assert summary["row_version_after_comment"] == 2
    # Two operators on one ticket: a clear message and the fresh data, no silent overwrite.
    assert summary["conflict_message"].startswith("Otra persona modificó este ticket")
    assert summary["priority_after_conflict"] == "Urgente" and summary["row_version_after_conflict"] == 3
    # Session expiry: back to login with the username kept, then the typed draft is still there.
    assert summary["expired_message"].startswith("Su sesión expiró")
    assert summary["expired_username_kept"] == "operadora.gui" and summary["main_hidden"] is True
    assert summary["draft_after_relogin"] == "Borrador que no se debe perder"
    for path in summary["screenshots"]:
        assert Path(path).stat().st_size > 1000, path
