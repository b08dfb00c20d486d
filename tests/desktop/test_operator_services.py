"""The operator side's display-free logic: drafts per ticket, the stale-data banner, the
keyboard map (and its copy in docs/readme/desktop.md), the conversation timeline, cut cells."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import gateway
from desktop.services import health, shortcuts
from desktop.services.drafts import Draft, DraftStore
from desktop.services.ticket_service import TicketDetail
from desktop.views import theme
from desktop.views.queue_view import cut

ROOT = Path(__file__).resolve().parents[2]


def test_drafts_stay_with_their_ticket_and_a_send_returns_to_internal() -> None:
    store = DraftStore()
    store.save(1, Draft("Respuesta para A", is_public=True))
    assert store.get(2) == Draft()  # B never sees A's text nor its public choice
    store.save(2, Draft("Nota de B"))
    assert store.get(1) == Draft("Respuesta para A", is_public=True)
    assert store.sent(1) == Draft() and store.get(1).is_public is False
    assert store.pending() == [2]
    store.save(2, Draft())  # emptied: forgotten
    assert store.pending() == [] and store.get(2) == Draft()


def test_banner_says_since_when_the_data_is_stale() -> None:
    changes: list[bool] = []
    h = health.Health(on_change=changes.append)
    assert h.banner() == ""
    h.loaded(datetime(2026, 12, 4, 15, 7, tzinfo=timezone.utc))  # 09:07 in Mexico City
    assert h.set_online(False) is True and h.set_online(False) is False
    assert h.banner() == "Sin conexión con la base de datos: los datos mostrados son de las 09:07"
    assert h.set_online(True) and h.banner() == "" and changes == [False, True]
    assert health.is_unavailable(gateway.DatabaseUnavailable())
    assert not health.is_unavailable(gateway.AppError(3002))


def test_ctrl_enter_that_cannot_send_says_why() -> None:
    h = health.Health()
    assert health.send_blocked(h, has_ticket=True, busy=False) == ""
    assert "todavía no se ha cargado" in health.send_blocked(h, has_ticket=False, busy=False)
    assert "sigue en curso" in health.send_blocked(h, has_ticket=True, busy=True)
    h.set_online(False)  # a database outage while the previous action waits: the banner's words
    said = health.send_blocked(h, has_ticket=True, busy=True)
    assert said.startswith("Sin conexión con la base de datos") and "se conserva" in said


def test_probe_reports_a_stopped_database_quickly() -> None:
    from tools.embedded_db import free_port

    gw = health.probe_gateway(f"postgresql://itl_desk:x@127.0.0.1:{free_port()}/itl")
    try:
        started = datetime.now(timezone.utc)
        assert health.probe(gw, "ana") is False
        print(f"\nprobe of a closed port answered in {(datetime.now(timezone.utc) - started).total_seconds():.1f} s")
    finally:
        gw.close()


def test_keyboard_map_and_typing() -> None:
    assert shortcuts.action_for("j", typing=False) == "down"
    assert shortcuts.action_for("k", typing=False) == "up"
    assert shortcuts.action_for("j", typing=True) is None  # a letter in a text field is text
    assert shortcuts.action_for("down", typing=True) is None
    for key, action in (("ctrl+f", "search"), ("f5", "refresh"), ("escape", "back"), ("ctrl+enter", "send"),
                        ("f1", "help")):
        assert shortcuts.action_for(key, typing=True) == action
    assert shortcuts.action_for("?", typing=False) == "help"
    assert shortcuts.action_for("x", typing=False) is None


def test_docs_list_every_shortcut() -> None:
    doc = (ROOT / "docs" / "readme" / "desktop.md").read_text(encoding="utf-8")
    assert shortcuts.markdown_table() in doc
    assert "tools.bootstrap_admin" not in doc.split("**Uso diario.**")[1].split("**Pruebas.**")[0]


def _detail(events: list[dict]) -> TicketDetail:
    when = datetime(2026, 12, 4, 15, 0, tzinfo=timezone.utc)
    ticket = {"ticket_id": 7, "requester_name": "Ana López", "description": "No imprime.", "row_version": 1}
    base = {"occurred_at": when, "is_public": False, "actor_name": None, "old_status_name": None,
            "new_status_name": None, "old_priority_name": None, "new_priority_name": None,
            "assigned_to_name": None, "body": None}
    return TicketDetail(ticket, [{**base, **e} for e in events], [], [])


def test_timeline_tells_each_kind_apart() -> None:
    d = _detail([
        {"event_type": "creado", "is_public": True, "new_status_name": "Nuevo"},
        {"event_type": "asignado", "actor_name": "Luis", "assigned_to_name": "Luis"},
        {"event_type": "nota", "actor_name": "Luis", "body": "Revisar tóner"},
        {"event_type": "respuesta", "actor_name": "Luis", "is_public": True, "body": "Vamos en camino"},
        {"event_type": "solicitante", "is_public": True, "body": "Gracias"},
        {"event_type": "estado", "actor_name": "Luis", "old_status_name": "Asignado", "new_status_name": "Resuelto",
         "body": "Se cambió el tóner"},
    ])
    entries = d.timeline()
    assert [e.kind for e in entries] == ["creado", "asignado", "nota", "respuesta", "solicitante", "estado"]
    assert [e.is_card for e in entries] == [True, False, True, True, True, False]
    assert entries[0].title == "Solicitud de Ana López" and entries[0].body == "No imprime."
    assert entries[1].title == "Luis asignó el ticket a Luis"
    assert entries[2].title == "Nota interna · Luis" and entries[3].title == "Respuesta pública · Luis"
    assert entries[4].title == "Respuesta de la persona solicitante · Ana López" and entries[4].body == "Gracias"
    assert entries[5].title == "Luis cambió el estado: Asignado → Resuelto" and entries[5].body == "Se cambió el tóner"
    assert entries[0].when == "04/12/2026 09:00"


def test_access_code_slip_and_timeline_line(tmp_path) -> None:
    from desktop.services.ticket_service import AccessCode, save_slip

    code = AccessCode("CC-2026-000123", "K7Q2M9XW", "04/12/2026 09:10")
    text = save_slip(code, tmp_path / "slips").read_text(encoding="utf-8")
    assert "CC-2026-000123" in text and "K7Q2M9XW" in text and "04/12/2026 09:10" in text
    assert "<script" not in text and "window.print()" in text
    d = _detail([{"event_type": "codigo", "actor_name": "Luis"}, {"event_type": "reabierto", "body": "Sigue igual"}])
    entries = d.timeline()
    assert entries[0].title == "Luis generó un nuevo código de acceso" and not entries[0].is_card
    assert entries[1].is_card and entries[1].body == "Sigue igual"


def test_cut_cells_and_symbols_outside_the_font() -> None:
    assert cut("uno  dos\ntres", 40) == "uno dos tres"
    assert cut("La impresora del laboratorio no imprime", 12) == "La impresor…"
    assert len(cut("x" * 100, 60)) == 60
    text = theme.displayable("Listo 📄 ✔")
    assert "📄" not in text and "✔" in text and len(text) == len("Listo 📄 ✔")


def test_due_cell_is_short_and_names_the_year_only_when_it_is_not_this_one() -> None:
    from datetime import datetime, timezone

    from desktop.services.queue_service import due_label

    now = datetime(2026, 12, 7, 18, 0, tzinfo=timezone.utc)
    old = datetime(2025, 12, 12, 20, 0, tzinfo=timezone.utc)  # 12/12/2025 14:00 in León
    assert due_label({"due_at": old, "is_overdue": True}, now) == "Venció 12/12/25"
    assert due_label({"due_at": datetime(2026, 12, 3, 20, 0, tzinfo=timezone.utc), "is_overdue": True},
                     now) == "Venció 03/12"
    assert due_label({"due_at": datetime(2026, 12, 8, 20, 0, tzinfo=timezone.utc), "is_overdue": False},
                     now) == "08/12 14:00"
    assert due_label({"due_at": datetime(2027, 1, 4, 20, 0, tzinfo=timezone.utc), "is_overdue": False},
                     now) == "04/01/27"


def test_no_pdf_viewer_is_said_with_the_path(tmp_path) -> None:
    """No program on PATH takes the file (an empty PATH: no xdg-open, no console browser)."""
    import os
    import subprocess
    import sys

    pdf = tmp_path / "orden.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    code = ("import sys; from pathlib import Path; from desktop.services.open_file import open_in_viewer; "
            "print(open_in_viewer(Path(sys.argv[1]), 'el PDF'))")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], env={**env, "BROWSER": "false", "PATH": str(tmp_path)},
                         capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == f"No se encontró un programa para abrir el PDF en este equipo. Ábralo a mano: {pdf}."
