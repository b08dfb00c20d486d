"""Issue 16's operator features in the real window under Xvfb with real input (xdotool mouse
clicks at the widgets' on-screen positions, real keys), at 1366×768 and 1920×1080: a canned
reply inserted by keyboard and by mouse, edited and sent; a bulk assignment of 3 tickets with
the result of each; the «orden de servicio» of the selection (tests/desktop/desk_features_driver.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import gateway
from desktop.views import ticket_view
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.support.auth import create_staff
from tests.support.database import insert_staff_session
from tests.support.tickets import catalogs, insert_ticket, pg_module_db  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"
WEB = "https://soporte.leon.tecnm.mx"

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_canned_reply_bulk_assign_and_orders(pg_module_db, xvfb, tmp_path, width: int, height: int) -> None:  # noqa: F811
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool no está instalado (bash tools/install.sh --dev)")
    db = pg_module_db
    cats = catalogs(db)
    username = f"operador.{width}"
    staff_id = create_staff(db, username, PASSWORD)
    _, admin = insert_staff_session(db, "administrador")
    for title, body, public in (
        (f"Reinicio del equipo {width}", "Hola {nombre}: para su solicitud {folio} en {lugar}, reinicie el equipo "
                                         "y avísenos si sigue igual.", True),
        (f"Revisión de cable de red {width}", "Revisar el cable de red del nodo y el puerto del switch.", False),
    ):
        db.desk.call("staff.save_canned_reply", token=admin, canned_reply_id=None, title=title, body=body,
                     is_public=public, is_active=True)
    db.sql("UPDATE app.canned_reply SET is_active = FALSE WHERE title NOT LIKE %s", params=(f"% {width}",))
    tickets = [insert_ticket(db, cats, requester_name=f"Gómez Pantalla {width} {n}",
                             assigned_to=staff_id if n == 2 else None,
                             status_id=cats.status["asignado" if n == 2 else "nuevo"],
                             description=f"La impresora {n} no imprime ({width}).") for n in range(4)]
    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600",
           "ITL_DESK_WEB_URL": WEB, "ITL_DESK_OPEN_FILES": "0", "HOME": str(tmp_path),
           "ITL_DESK_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.desk_features_driver", db.login_urls["itl_desk"], username, PASSWORD,
         str(ROOT / "artifacts"), str(width), str(height)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    s = json.loads(lines[-1])
    print(json.dumps(s, ensure_ascii=False, indent=1))

    newest = tickets[-1]
    assert s["opened"] == newest["folio"]
    # Keyboard: «::» opened the picker, typing filtered it, Enter inserted the text filled by the database.
    assert s["picker_seen"] is True and s["picker_filtered"] == [f"Reinicio del equipo {width}"]
    filled = (f"Hola Gómez Pantalla {width} 3: para su solicitud {newest['folio']} en Campus I · Centro de Cómputo, "
              "reinicie el equipo y avísenos si sigue igual.")
    assert s["inserted"] == filled and s["kind_after_insert"] == ticket_view.PUBLIC
    assert s["edited"] == filled + " Saludos."
    assert s["confirm_seen"] is True and s["confirm_text"] == filled + " Saludos."
    assert s["sent_message"] == "Respuesta pública enviada." and s["sent_bodies"] == [filled + " Saludos."]
    assert s["composer_after"] == ["", ticket_view.INTERNAL]
    # Mouse: the button, a click on the internal reply, «Insertar»: it stays an internal note.
    assert s["mouse_chosen"] == f"Revisión de cable de red {width}" and s["picker_closed"] is True
    assert s["mouse_inserted"] == ["Revisar el cable de red del nodo y el puerto del switch.", ticket_view.INTERNAL]
    uses = dict(db.sql("SELECT title, use_count FROM app.canned_reply WHERE title LIKE %s", params=(f"% {width}",)))
    assert uses == {f"Reinicio del equipo {width}": 1, f"Revisión de cable de red {width}": 1}
    # Bulk: 3 tickets, each with its visible result; the one already assigned is refused with the reason.
    assert s["bulk_chosen"].endswith(f"({username})")
    expected = {t["folio"]: "Hecho" for t in (tickets[3], tickets[1])}
    expected[tickets[2]["folio"]] = "Rechazado: " + gateway.message(gateway.error_id("ticket_no_change"))
    assert dict(s["bulk_results"]) == expected and all(s["bulk_results_seen"])
    assert s["bulk_message"] == "2 hecho(s), 1 rechazado(s)."
    assigned = db.sql("SELECT ticket_id, assigned_to FROM app.ticket WHERE ticket_id = ANY(%s)",
                      params=([t["ticket_id"] for t in tickets[1:]],))
    assert {a for _, a in assigned} == {staff_id}
    # Orden de servicio of the same 3 tickets: one page each, saved where the dialog says.
    pdf = Path(s["order_pdf"])
    assert s["order_seen"] is True and pdf.exists() and pdf.is_relative_to(tmp_path)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 3
    assert f"Folio {tickets[3]['folio']}" in reader.pages[0].extract_text()
    assert s["dialogs_closed"] is True
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
