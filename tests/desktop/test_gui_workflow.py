"""Defect 1 (drafts leaking between tickets, public replies without confirmation) and the
keyboard path, in the real window under Xvfb (tests/desktop/workflow_driver.py)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.views import ticket_view
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401
from tests.support.auth import create_staff
from tests.support.tickets import catalogs, insert_ticket, pg_module_db  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Clave-de-Prueba-2026"

pytestmark = pytest.mark.gui


def test_drafts_confirmation_and_keyboard_path(pg_module_db, xvfb) -> None:  # noqa: F811
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool no está instalado (bash tools/install.sh --dev)")
    db = pg_module_db
    cats = catalogs(db)
    create_staff(db, "operadora.flujo", PASSWORD)
    for n in range(6):
        insert_ticket(db, cats, requester_name=f"Teclado Ramírez {n}", description=f"Falla {n} del proyector.")
    env = {**os.environ, "DISPLAY": xvfb, "LIBGL_ALWAYS_SOFTWARE": "1", "ITL_DESK_REFRESH_SECONDS": "3600"}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.workflow_driver", db.login_urls["itl_desk"], "operadora.flujo",
         PASSWORD, str(ROOT / "artifacts"), "Teclado", db.owner_url],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines, f"la interfaz falló:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    s = json.loads(lines[-1])
    print(json.dumps(s, ensure_ascii=False, indent=1))

    # Defect 3: A was scrolled to its end; B opens at its top.
    assert s["a_scrolled"] > 0 and s["b_scroll"] == [0.0, 0.0]
    # Defect 1: A's public draft never appears on B, and comes back on A.
    assert s["a_typed"]["kind"] == ticket_view.PUBLIC and ticket_view.PUBLIC_WARNING in s["a_typed"]["label"]
    assert s["b_after_switch"] == {"body": "", "kind": ticket_view.INTERNAL, "label": ""}
    assert s["a_restored"]["body"] == "Borrador A: ya revisamos su impresora."
    assert s["a_restored"]["kind"] == ticket_view.PUBLIC
    # A public reply needs one explicit confirmation that shows the exact text.
    assert s["confirm_shown"] is True and s["confirm_text"] == "Borrador A: ya revisamos su impresora."
    assert s["sent_after_cancel"] == 0 and s["after_cancel"]["body"] == s["a_restored"]["body"]
    assert s["public_message"] == "Respuesta pública enviada." and s["public_sent"] == 1
    assert s["sent_body"] == "Borrador A: ya revisamos su impresora."
    # After the send the kind is back to internal note.
    assert s["after_public_send"] == {"body": "", "kind": ticket_view.INTERNAL, "label": ""}
    assert s["b_restored"] == {"body": "Nota de B sin enviar", "kind": ticket_view.INTERNAL, "label": ""}
    assert s["b_public_events"] == 0
    # Status: nothing preselected, confirmation before it is applied.
    assert s["status_preselected"] == "" and s["status_items"]
    assert s["status_confirm_shown"] is True and s["status_items"][0] in s["status_confirm_title"]
    assert s["status_message"] == "Estado actualizado." and s["status_after"] == s["status_items"][0]

    # Keyboard path (real key events).
    assert s["esc_closed_ticket"] is True
    assert s["search_focused"] is True and s["search_typed"] == "Teclado"
    assert s["search_rows"] == 6
    trace = s["cursor_trace"]  # starts on the row of the ticket last opened (B is among the results)
    assert [b - a for a, b in itertools.pairwise(trace)] == [1, 1, 1, -1], trace  # j, Down, Down, k
    assert s["cursor_index"] == trace[-1]
    assert s["opened_is_cursor"] is True
    assert s["composer_active"] is True
    assert s["note_message"] == "Nota interna guardada." and s["notes_added"] == 1
    assert s["note_body"] == "Nota escrita solo con el teclado"
    assert s["kind_after_note"] == ticket_view.INTERNAL
    assert s["help_shown"] is True and s["help_closed"] is True
    assert s["back_to_queue"] is True
    assert s["j_while_typing"] is None

    # New tickets announced without losing the selection or the open ticket.
    assert s["arrival_tab"] == "Tickets (1 nuevo)" and s["arrival_title"].startswith("(1) ")
    assert s["arrival_notice"][0] is True and s["arrival_notice"][1].endswith("1 ticket nuevo (clic para verlos)")
    assert s["selection_kept"] is True and s["ticket_still_open"] is True
    assert s["title_before_logout"].startswith("(1) ") and not s["title_after_logout"].startswith("(")
    assert s["arrival_visible"] is True and s["after_notice"] == [0, "Tickets", False]
    assert s["dark"] is True

    # New access code: confirmed first, shown once, works on the status page, printable slip.
    code, folio = s["new_code"], s["code_folio"]
    assert s["reissue_confirm"] == f"¿Generar un nuevo código de acceso para el ticket {folio}?"
    assert len(code) >= 8 and code in s["slip"] and folio in s["slip"] and "window.print()" in s["slip"]
    assert s["timeline_last"].endswith("generó un nuevo código de acceso")
    assert s["code_closed"] is True
    assert s["slip_private"] is True and s["slip_left_on_disk"] is False  # shown once: no copy stays on disk
    status = db.web.call("webform.get_ticket_status", folio=folio, access_code=code, client_key="prueba-gui")
    assert [r["folio"] for r in status] == [folio]
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path
