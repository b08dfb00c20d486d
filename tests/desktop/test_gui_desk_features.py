"""Issue 16's operator features in the real window under Xvfb with real input (xdotool mouse
clicks at the widgets' on-screen positions, real keys), at 1366×768 and 1920×1080: a canned
reply inserted by keyboard and by mouse, edited and sent; a bulk assignment of 3 tickets with
the result of each; the «orden de servicio» of the selection (tests/desktop/desk_features_driver.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import gateway
from desktop.views import ticket_view
from tests.desktop.real_gui import require_xdotool, run_driver
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
    require_xdotool()
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
    # The oldest: a closed ticket (hidden while «Solo abiertos» is ticked), opened at the end.
    closed = insert_ticket(db, cats, requester_name=f"Cerrada Pantalla {width}", status_id=cats.status["cerrado"])
    tickets = [insert_ticket(db, cats, requester_name=f"Gómez Pantalla {width} {n}",
                             assigned_to=staff_id if n == 2 else None,
                             status_id=cats.status["asignado" if n == 2 else "nuevo"],
                             description=f"La impresora {n} no imprime ({width}).") for n in range(4)]
    s = run_driver(
        "tests.desktop.desk_features_driver",
        [db.login_urls["itl_desk"], username, PASSWORD, str(ROOT / "artifacts"), str(width), str(height)],
        xvfb,
        {"ITL_DESK_WEB_URL": WEB, "ITL_DESK_OPEN_FILES": "0", "HOME": str(tmp_path),
         "ITL_DESK_CONFIG_DIR": str(tmp_path / "config")},
    )
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
    assert s["mouse_sent"] == ""  # Ctrl+Enter right after the insertion saved it (the box emptied)
    uses = dict(db.sql("SELECT title, use_count FROM app.canned_reply WHERE title LIKE %s", params=(f"% {width}",)))
    assert uses == {f"Reinicio del equipo {width}": 1, f"Revisión de cable de red {width}": 1}
    # Bulk: 3 tickets, each with its visible result; the one already assigned is «Sin cambios», with the reason.
    assert s["selected_by_mouse"] == [t["ticket_id"] for t in (tickets[3], tickets[2], tickets[1])]  # Ctrl+clicks
    assert s["bulk_chosen"].endswith(f"({username})")
    # «Asignar a» lists the operator first, in view without scrolling past everyone else.
    assert s["bulk_first_choice"].endswith(f"({username})") and s["bulk_first_seen"]["shown"], s["bulk_first_choice"]
    expected = {t["folio"]: "Hecho" for t in (tickets[3], tickets[1])}
    expected[tickets[2]["folio"]] = "Sin cambios: " + gateway.message(gateway.error_id("ticket_no_change"))
    assert dict(s["bulk_results"]) == expected and all(s["bulk_results_seen"])
    assert s["bulk_message"] == "2 hecho(s), 1 sin cambios, 0 rechazado(s)."
    assigned = db.sql("SELECT ticket_id, assigned_to FROM app.ticket WHERE ticket_id = ANY(%s)",
                      params=([t["ticket_id"] for t in tickets[1:]],))
    assert {a for _, a in assigned} == {staff_id}
    # Orden de servicio of the same 3 tickets: one page each, saved where the dialog says.
    pdf = Path(s["order_pdf"])
    assert s["order_seen"] is True and pdf.exists() and pdf.is_relative_to(tmp_path)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 3
    assert f"Folio {tickets[3]['folio']}" in reader.pages[0].extract_text()
    assert s["orders_closed_first"] is True and s["dialogs_closed"] is True
    # The results have room at 1366×768 and every line stays inside its column.
    assert s["bulk_table"][3] >= 200 and all(s["bulk_results_inside"]), s["bulk_table"]
    # A closed ticket: assign, priority and status are disabled (staff.get_ticket's is_open, no transitions), the
    # panel says why, a click on «Asignarme» sends nothing; notes, replies and a new code stay available.
    locks = s["closed_locks"]
    off = {tag for tag, on in locks["enabled"].items() if not on}
    assert off == {"ticket_assign_me", "ticket_assign", "ticket_unassign", "ticket_change_priority",
                   "ticket_change_status", ticket_view.ASSIGNEE, ticket_view.PRIORITY, ticket_view.STATUS}, locks
    assert locks["note"]["text"].startswith("Ticket cerrado: ya no se puede asignar") and locks["note"]["shown"]
    assert locks["note"]["seen"]["inside"] and locks["note"]["seen"]["on_top"]
    assert s["closed_after_click"] == [True, ""]
    assert db.sql("SELECT assigned_to FROM app.ticket WHERE ticket_id = %s", params=(closed["ticket_id"],)) == [(None,)]
    for path in s["screenshots"]:
        assert Path(path).stat().st_size > 10_000, path


def test_admin_reopens_a_cancelled_ticket_and_replies_with_an_image(pg_module_db, xvfb, tmp_path) -> None:  # noqa: F811
    """An administrator, with real input: the cancelled ticket's «Reabrir…» (reason typed, an empty
    one refused on screen), then a public reply with a screenshot shown inside the reply's card."""
    require_xdotool()
    from PIL import Image

    db = pg_module_db
    cats = catalogs(db)
    create_staff(db, "admin.reabrir", PASSWORD, role="administrador")
    insert_ticket(db, cats, requester_name="Abierta Normal")  # the queue (open tickets) is not empty
    ticket = insert_ticket(db, cats, requester_name="Cancelada Por Error", status_id=cats.status["cancelado"])
    image = tmp_path / "captura de la solución.png"
    Image.new("RGB", (640, 400), (40, 110, 200)).save(image)
    s = run_driver(
        "tests.desktop.desk_features_driver",
        [db.login_urls["itl_desk"], "admin.reabrir", PASSWORD, str(ROOT / "artifacts"), "1366", "768", "admin",
         str(image)],
        xvfb, {"ITL_DESK_OPEN_FILES": "0", "HOME": str(tmp_path), "ITL_DESK_CONFIG_DIR": str(tmp_path / "config")},
    )
    print(json.dumps(s, ensure_ascii=False, indent=1))
    assert all(s["tabs"].values()), s["tabs"]  # one click on a tab switches to it
    assert s["status_before"] == "cancelado" and s["reopen_seen"] is True
    # Cancelled, for an administrator: everything but «Reabrir…», notes and replies is disabled, and said so.
    locks = s["cancelled_locks"]
    assert not any(locks["enabled"][t] for t in ("ticket_assign_me", "ticket_change_priority", "ticket_change_status"))
    assert locks["note"]["text"].startswith("Ticket cancelado: solo se puede reabrir, con «Reabrir ticket cancelado…»")
    assert locks["note"]["seen"]["inside"] and locks["note"]["seen"]["on_top"]
    assert all(s["reopened_locks"]["enabled"].values()) and not s["reopened_locks"]["note"]["shown"]
    assert s["empty_reason"] == gateway.message(gateway.error_id("reopen_reason_required"))
    # The reason box has the keyboard as soon as the (modal) window opens and wraps a long reason inside it.
    assert s["reason_active_on_open"] is True and s["reason_typed"].startswith("Se cancelo por error")
    assert s["reason_lines"] >= 2 and s["reason_widest"][0] <= s["reason_widest"][1], s
    assert s["reason_seen"] is True
    assert s["status_after"] == "nuevo" and s["reopen_hidden"] is True
    assert s["reopen_message"] == "Ticket reabierto; el motivo quedó en el historial."
    assert s["timeline_last"].endswith("Cancelado → Nuevo | Cancelado por error: el equipo sigue fallando.")
    assert s["attach_enabled"] is True and "captura de la solución.png" in s["images_label"]
    assert s["confirm_text"].endswith("Con 1 imagen(es): captura de la solución.png")
    assert s["inline_images"] == 1 and s["inline_seen"] is True and s["images_after"] == ""
    stored = db.sql("SELECT a.content_type, e.event_type, e.is_public FROM app.attachment AS a "
                    "JOIN app.ticket_event AS e ON e.event_id = a.event_id WHERE a.ticket_id = %s",
                    params=(ticket["ticket_id"],))
    assert stored == [("image/png", "respuesta", True)]
