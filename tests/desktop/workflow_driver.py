"""Scripted driver: drafts per ticket, public-reply confirmation and the keyboard path.

    python -m tests.desktop.workflow_driver URL USERNAME PASSWORD ARTIFACTS_DIR SEARCH

The keyboard part sends real key events to the window with xdotool (no mouse, no callbacks):
Esc, Ctrl+F, typing, Enter, J/Down/K, Enter, R, typing, Ctrl+Enter, F1, Esc, Esc.
Prints a JSON summary on its last line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import dearpygui.dearpygui as dpg

from desktop import ui
from desktop.views import login_view, main_window, queue_view, ticket_view
from desktop.widgets import wrapped_text
from tests.desktop.gui_loop import DriverRun, click, is_typing_in, text_of
from tests.support.tickets import insert_ticket


class OwnerSql:
    """Just enough of tests.support's TestDb for insert_ticket: SQL as the database owner."""

    dialect = "pg"

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)

    def sql(self, pg: str, mssql: str | None = None, params: tuple = ()) -> list[tuple]:
        cur = self.conn.execute(pg, params)
        return cur.fetchall() if cur.description else []


def main() -> int:
    url, username, password, artifacts, search, owner_url = sys.argv[1:7]
    run = DriverRun(url, artifacts, size=(1366, 768))
    app, loop, s, shot = run.app, run.loop, run.summary, run.shot

    def composer() -> dict[str, Any]:
        return {"body": text_of(ticket_view.COMMENT), "kind": dpg.get_value(ticket_view.COMMENT_KIND),
                "label": dpg.get_value(ticket_view.PUBLIC_LABEL)}

    def open_and_wait(ticket_id: int) -> None:
        click(app.queue_view.row_tags[ticket_id])  # double click (two clicks at once) opens
        click(app.queue_view.row_tags[ticket_id])
        loop.wait(lambda: app.detail is not None and app.detail.ticket_id == ticket_id
                  and dpg.get_item_configuration(ticket_view.SEND)["enabled"], f"ticket {ticket_id}")

    def wait_message() -> str:
        loop.wait(lambda: dpg.get_value(ticket_view.MESSAGE) not in ("", "Cargando..."), "resultado")
        return dpg.get_value(ticket_view.MESSAGE)

    def events(kind: str) -> int:
        return sum(1 for e in app.detail.events if e["event_type"] == kind)

    with run:
        loop.frame(5)
        dpg.set_value(login_view.USERNAME, username)
        dpg.set_value(login_view.PASSWORD, password)
        click(login_view.SUBMIT)
        loop.wait(lambda: app.queue_view is not None and app.queue_view.row_count() >= 2, "filas de la cola")
        a, b = app.queue.state.rows[0].ticket_id, app.queue.state.rows[1].ticket_id
        app._poll_new()  # the first poll only sets the watermark of "new since now"
        loop.wait(lambda: app.queue.state.announced_id is not None, "primer sondeo de tickets nuevos")

        # ---- defect 1: drafts belong to their ticket; public needs confirmation ----------
        open_and_wait(a)
        dpg.set_value(ticket_view.COMMENT_KIND, ticket_view.PUBLIC)
        dpg.get_item_callback(ticket_view.COMMENT_KIND)()
        wrapped_text.box(ticket_view.COMMENT).value = "Borrador A: ya revisamos su impresora."
        s["a_typed"] = composer()
        shot("draft_public_typed")
        for area in (ticket_view.SIDE, ticket_view.TIMELINE):  # read A down to its end
            dpg.set_y_scroll(area, dpg.get_y_scroll_max(area))
        loop.frame(3)
        s["a_scrolled"] = dpg.get_y_scroll(ticket_view.SIDE)
        open_and_wait(b)
        loop.frame(3)
        s["b_scroll"] = [dpg.get_y_scroll(ticket_view.SIDE), dpg.get_y_scroll(ticket_view.TIMELINE)]
        s["b_after_switch"] = composer()
        wrapped_text.box(ticket_view.COMMENT).value = "Nota de B sin enviar"
        open_and_wait(a)
        s["a_restored"] = composer()
        public_before = events("respuesta")
        click(ticket_view.SEND)
        loop.frame(3)
        s["confirm_shown"] = dpg.is_item_shown(ticket_view.CONFIRM)
        s["confirm_text"] = dpg.get_value(ticket_view.CONFIRM_TEXT)
        shot("public_confirm")
        click("ticket_confirm_cancel")
        loop.frame(3)
        s["sent_after_cancel"] = events("respuesta") - public_before
        s["after_cancel"] = composer()
        click(ticket_view.SEND)
        loop.frame(2)
        click(ticket_view.CONFIRM_OK)
        s["public_message"] = wait_message()
        s["public_sent"] = events("respuesta") - public_before
        s["after_public_send"] = composer()
        s["sent_body"] = next(e["body"] for e in reversed(app.detail.events) if e["event_type"] == "respuesta")
        shot("after_public_send")
        open_and_wait(b)
        s["b_restored"] = composer()
        s["b_public_events"] = events("respuesta")
        # Status: nothing preselected; a confirmation first.
        s["status_preselected"] = dpg.get_value(ticket_view.STATUS)
        s["status_items"] = dpg.get_item_configuration(ticket_view.STATUS)["items"]
        dpg.set_value(ticket_view.STATUS, s["status_items"][0])
        click("ticket_change_status")
        loop.frame(2)
        s["status_confirm_shown"] = dpg.is_item_shown(ticket_view.CONFIRM)
        s["status_confirm_title"] = dpg.get_value(ticket_view.CONFIRM_TITLE)
        dpg.set_value(ticket_view.MESSAGE, "")
        click(ticket_view.CONFIRM_OK)
        s["status_message"] = wait_message()
        s["status_after"] = app.detail.ticket["status_name"]

        # ---- keyboard path: real key events (xdotool) into the window, no mouse -------------
        def key(*combos: str) -> None:
            for combo in combos:
                subprocess.run(["xdotool", "key", "--delay", "30", combo], check=True, timeout=30)
                loop.frame(8)

        def type_text(text: str) -> None:
            subprocess.run(["xdotool", "type", "--delay", "20", text], check=True, timeout=60)
            loop.frame(4 * len(text) + 10)  # Dear ImGui takes queued key events a few per frame

        loop.frame(3)
        window = subprocess.run(["xdotool", "search", "--name", "Centro de C"], capture_output=True, text=True,
                                timeout=30).stdout.split()
        if window:
            subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], timeout=30)
        loop.frame(3)
        key("Escape")
        s["esc_closed_ticket"] = app.detail is None and dpg.is_item_shown(ticket_view.PLACEHOLDER)
        key("ctrl+f")
        s["search_focused"] = dpg.is_item_active(queue_view.SEARCH)
        type_text(search)
        s["search_typed"] = dpg.get_value(queue_view.SEARCH)
        key("Return")
        loop.wait(lambda: not app.queue_loading and app.queue.state.filters.search == search, "búsqueda")
        loop.frame(3)
        s["search_rows"] = app.queue_view.row_count()
        s["cursor_trace"] = [app.queue_view.cursor]
        for name in ("j", "Down", "Down", "k"):
            key(name)
            s["cursor_trace"].append(app.queue_view.cursor)
        target = app.queue_view.cursor_ticket()
        s["cursor_index"] = app.queue_view.cursor
        key("Return")
        loop.wait(lambda: app.detail is not None and app.detail.ticket_id == target
                  and dpg.get_item_configuration(ticket_view.SEND)["enabled"], "ticket abierto con Enter")
        s["opened_is_cursor"] = app.detail.ticket_id == target
        key("r")
        s["composer_active"] = is_typing_in(ticket_view.COMMENT)
        type_text("Nota escrita solo con el teclado")
        notes_before = events("nota")
        key("ctrl+Return")
        s["note_message"] = wait_message()
        s["notes_added"] = events("nota") - notes_before
        s["note_body"] = next(e["body"] for e in reversed(app.detail.events) if e["event_type"] == "nota")
        s["kind_after_note"] = dpg.get_value(ticket_view.COMMENT_KIND)
        shot("keyboard_note_sent")
        key("F1")
        s["help_shown"] = main_window.help_shown()
        shot("shortcuts_overlay")
        key("Escape")
        s["help_closed"] = not main_window.help_shown()
        key("Escape")
        s["back_to_queue"] = app.detail is None
        # ---- a ticket arrives while the app is open ------------------------------------
        selected = app.queue.state.rows[2].ticket_id
        open_and_wait(selected)
        arrived = insert_ticket(OwnerSql(owner_url), requester_name="Teclado Llegada")
        app._poll_new()
        loop.wait(lambda: app.arrived == 1 and not app.queue_loading, "aviso de ticket nuevo")
        loop.frame(5)
        s["arrival_tab"] = dpg.get_item_configuration(main_window.TICKETS_TAB)["label"]
        s["arrival_notice"] = (dpg.is_item_shown(queue_view.NOTICE),
                               dpg.get_item_configuration(queue_view.NOTICE)["label"])
        s["arrival_title"] = dpg.get_viewport_title()
        s["selection_kept"] = (app.queue.state.selected_ticket_id == selected
                               and dpg.get_value(app.queue_view.row_tags[selected]) is True)
        s["ticket_still_open"] = app.detail is not None and app.detail.ticket_id == selected
        shot("new_ticket_notice")
        click(queue_view.NOTICE)
        loop.wait(lambda: not app.queue_loading, "primera página")
        s["arrival_visible"] = arrived["ticket_id"] in app.queue_view.row_tags
        s["after_notice"] = (app.arrived, dpg.get_item_configuration(main_window.TICKETS_TAB)["label"],
                             dpg.is_item_shown(queue_view.NOTICE))
        app.toggle_theme()
        shot("dark_theme")
        s["dark"] = ui.theme.is_dark()
        app.toggle_theme()

        # ---- "Nuevo código de acceso": confirmed, shown once, printable slip ------------
        click(ticket_view.REISSUE)
        loop.frame(2)
        s["reissue_confirm"] = dpg.get_value(ticket_view.CONFIRM_TITLE)
        click(ticket_view.CONFIRM_OK)
        loop.wait(lambda: dpg.does_item_exist(ticket_view.CODE_WINDOW), "ventana del código nuevo")
        s["new_code"] = dpg.get_value(ticket_view.CODE_VALUE)
        s["code_folio"] = app.detail.ticket["folio"]
        shot("new_access_code")
        slip = app.ticket_view.print_slip(open_it=False)
        s["slip"] = slip.read_text(encoding="utf-8") if slip else ""
        s["slip_private"] = bool(slip) and (os.name != "posix" or (slip.parent.stat().st_mode & 0o077) == 0)
        s["timeline_last"] = app.detail.timeline()[-1].title
        app.press("escape")
        loop.frame(2)
        s["code_closed"] = not dpg.does_item_exist(ticket_view.CODE_WINDOW) and app.ticket_view.code is None
        s["slip_left_on_disk"] = bool(slip) and slip.exists()

        # A letter typed into a text field is text, not a shortcut.
        s["j_while_typing"] = ui.action_for("j", typing=True)

        # Another arrival puts «(1)» in the title; logging out takes it away.
        insert_ticket(OwnerSql(owner_url), requester_name="Teclado Segunda Llegada")
        app._poll_new()
        loop.wait(lambda: app.arrived == 1, "segundo aviso")
        s["title_before_logout"] = dpg.get_viewport_title()
        app.log_out()
        loop.frame(2)
        s["title_after_logout"] = dpg.get_viewport_title()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
