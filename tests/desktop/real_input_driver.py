"""Scripted driver with REAL input only: mouse clicks at the widgets' on-screen positions and keys
typed with xdotool, then checks of what a person sees (tests/desktop/gui_loop.RealInput).

    python -m tests.desktop.real_input_driver URL USERNAME PASSWORD ARTIFACTS_DIR WIDTH HEIGHT

Covers: a row click marks it and a double click (folio, description or row edge) opens it;
Ctrl/Shift+click, Space and «Seleccionar página»; the row context menu (mouse and Menu key);
Esc keeps the draft; the reissued access code window is visible with its code, «Copiar» and
«Imprimir» (confirmed by mouse and by Enter); «Siguiente» opens the next page at its top;
Ctrl+F then typing. Screenshots: artifacts/real_{step}_{W}x{H}.png. Prints a JSON summary last.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.views import login_view, main_window, queue_view, ticket_view
from tests.desktop.gui_loop import DriverRun, RealInput, text_of


def filters_fit(qv: Any) -> dict[str, list[float]]:
    """Each queue filter: [width of its longest choice plus the arrow, the combo's width on screen]."""
    out = {}
    for tag, _ in queue_view.FILTERS:
        _, _, w, h = RealInput.rect(tag)
        longest = max(dpg.get_text_size(str(v))[0] for v in dpg.get_item_configuration(tag)["items"])
        out[tag] = [round(longest + h + 8, 1), round(w, 1)]  # text, arrow button (square), frame padding
    return out


def side_due_label(ui: RealInput, loop: Any) -> dict[str, Any]:
    """The side panel's «… vence (horas hábiles)» line, scrolled into view with the mouse wheel."""
    label = next((t for t in dpg.get_item_children(ticket_view.DETAILS, 1) or []
                  if "vence" in str(dpg.get_value(t) or "")), None)
    if label is None:
        return {"text": None}
    wheel_at = ui.point("ticket_change_status")  # over the panel (a child window reports no screen rect)
    for _ in range(30):  # a person scrolls the panel down until the line is in view
        if ui.inside_viewport(label) and ui.on_top(label):
            break
        ui.click("ticket_change_status", button=5, at=wheel_at)
    loop.frame(4)
    return {"text": dpg.get_value(label), "seen": ui.seen(label)}


def due_header_point(ui: RealInput, qv: Any, first_row: int) -> tuple[float, float]:
    """Over the «Vence» header: the due column's x and, just above its first cell, the header row's y."""
    cx, cy, cw, _ = ui.rect(qv.cell_tags[first_row]["due"])
    return cx + min(cw, 40) / 2, cy - queue_view.ROW_HEIGHT / 2


def hover_tip(ui: RealInput, loop: Any, at: tuple[float, float], tip: Any, name: str) -> dict[str, Any]:
    """Rest the pointer at `at` until the tooltip shows (its own delay); its size on screen."""
    ui.move(*at)
    texts = dpg.get_item_children(tip, 1) or []
    try:
        loop.wait(lambda: any(dpg.is_item_visible(t) for t in texts), f"tooltip {name}", seconds=20)
    except TimeoutError:
        return {"shown": False}
    loop.frame(6)
    rects = [ui.rect(t) for t in texts if dpg.is_item_visible(t)]
    ui.snapshot(name)
    left, top = min(r[0] for r in rects), min(r[1] for r in rects)
    right, bottom = max(r[0] + r[2] for r in rects), max(r[1] + r[3] for r in rects)
    return {"shown": True, "size": [round(right - left), round(bottom - top)],
            "texts": [dpg.get_value(t) for t in texts], "inside": ui.inside_viewport(texts[0])}


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"real_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    with run:
        loop.frame(5)
        ui = RealInput(run)

        def qv():
            return app.queue_view

        def rows() -> list[int]:
            return [r.ticket_id for r in app.queue.state.rows]

        def double_click_opens(tag: Any, ticket_id: int, **where: Any) -> int:
            """Double click (again if the machine was too slow for one): returns the tries it took."""
            for attempt in range(1, 6):
                ui.click(tag, double=True, **where)
                try:
                    loop.wait(lambda: app.detail is not None and app.detail.ticket_id == ticket_id,
                              f"ticket {ticket_id} abierto con doble clic", seconds=8 if attempt < 5 else None)
                    return attempt
                except TimeoutError:
                    if attempt == 5:
                        raise
            return 0

        def settle(done: Any, again: Any) -> None:
            """Wait for a click's visible outcome (a loaded machine delivers it some frames later), clicking
            once more as a person would if nothing happened; else the summary records what was shown."""
            for attempt in range(2):
                with contextlib.suppress(TimeoutError):
                    loop.wait(done, "resultado del clic", seconds=15)
                    return
                if attempt == 0:
                    again()

        def code_window_shown() -> bool:
            return dpg.does_item_exist(ticket_view.CODE_WINDOW) and dpg.is_item_shown(ticket_view.CODE_WINDOW)

        # ---- log in by typing -------------------------------------------------------
        ui.fill_login(username, password)
        ui.click(login_view.SUBMIT)
        loop.wait(lambda: qv() is not None and qv().row_count() >= 10, "filas de la cola")
        loop.wait(lambda: not app.queue_loading, "cola cargada")
        s["viewport"] = [dpg.get_viewport_client_width(), dpg.get_viewport_client_height()]
        started = time.monotonic()
        loop.frame(20)
        s["frame_ms"] = round((time.monotonic() - started) * 50, 1)  # a figure, not an assertion
        before = ui.snapshot("queue")
        ids = rows()

        # ---- rows: a click marks, a double click opens -------------------------------------
        s["dot_before"] = dpg.get_item_label(qv().row_tags[ids[1]])
        excerpt = qv().cell_tags[ids[1]]["excerpt"]
        ui.click(excerpt)
        after = ui.snapshot("row_clicked")
        s["click_marks"] = {"cursor": qv().cursor, "selected": qv().selected_ticket_ids(),
                            "opened": app.detail is not None,
                            "row_changed": ui.region_changed(before, after, ui.rect(qv().row_tags[ids[1]]))}
        s["dbl_folio_tries"] = double_click_opens(qv().row_tags[ids[1]], ids[1], fx=0.12)  # on the folio
        loop.wait(lambda: dpg.is_item_shown(ticket_view.BODY), "cuerpo del ticket")
        opened = ui.snapshot("row_double_clicked")
        s["dbl_folio"] = {"ticket": app.detail.ticket_id, "header": ui.seen(ticket_view.FOLIO),
                          "pane_changed": ui.region_changed(after, opened, ui.rect(main_window.TICKET_HOST))}
        s["dot_while_open"] = dpg.get_item_label(qv().row_tags[ids[1]])  # ● gone while the ticket is open
        s["filters_fit"] = filters_fit(qv())  # the queue is narrow now: every filter value still fits
        s["due_side"] = side_due_label(ui, loop)
        ui.snapshot("side_due")
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        ui.key("F5")  # the database agrees: staff.mark_ticket_seen ran when it opened
        loop.wait(lambda: not app.queue_loading, "cola actualizada")
        loop.frame(4)
        s["dot_after_refresh"] = dpg.get_item_label(qv().row_tags[ids[1]])
        s["filters_fit_wide"] = filters_fit(qv())
        s["due_header_tip"] = hover_tip(ui, loop, at=due_header_point(ui, qv(), ids[0]),
                                        tip=queue_view.DUE_TIP, name="due_header_tip")
        s["row_tip_folio"] = qv().rows[4].cells[0]
        s["row_tip"] = hover_tip(ui, loop, at=ui.point(qv().cell_tags[ids[4]]["excerpt"]),
                                 tip=qv().tooltip_tags[ids[4]], name="row_tip")
        s["dbl_description_tries"] = double_click_opens(qv().cell_tags[ids[2]]["excerpt"], ids[2])
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        # The right end of the row: the last column's cell, near its right edge.
        last = qv().cell_tags[ids[3]]["due"] if dpg.is_item_shown(qv().cell_tags[ids[3]]["due"]) else \
            qv().cell_tags[ids[3]]["status"]
        x, y, rw, hh = ui.rect(qv().row_tags[ids[3]])
        px, _, pw, _ = ui.rect(main_window.QUEUE_PANE)
        s["row_rect"], s["pane_rect"] = [x, y, rw, hh], [px, pw]
        s["dbl_edge_tries"] = double_click_opens(last, ids[3], at=(px + pw - 30, y + hh / 2))
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")

        # ---- multi-select ----------------------------------------------------------------
        ui.click(qv().cell_tags[ids[0]]["requester"])
        ui.click(qv().cell_tags[ids[2]]["requester"], modifiers=("ctrl",))
        s["ctrl_click"] = qv().selected_ticket_ids()
        ui.click(qv().cell_tags[ids[4]]["requester"], modifiers=("shift",))
        s["shift_click"] = qv().selected_ticket_ids()
        ui.key("space")
        s["space"] = qv().selected_ticket_ids()
        s["selection_label"] = dpg.get_value(queue_view.SELECTION_LABEL)
        ui.snapshot("multi_select")
        ui.click(queue_view.SELECT_PAGE)
        s["select_page"] = len(qv().selected_ticket_ids()) == len(ids)
        s["select_page_label"] = dpg.get_value(queue_view.SELECTION_LABEL)
        ui.snapshot("select_page")
        ui.click(queue_view.SELECT_PAGE)
        s["unselect_page"] = qv().selected_ticket_ids()
        s["ids"] = ids[:6]

        # ---- context menu: right click, «Asignarme»; Menu key, «Cambiar estado» --------------
        target = ids[5]
        before = ui.snapshot("before_context")
        ui.click(qv().cell_tags[target]["excerpt"], button=3)
        loop.wait(lambda: qv().context_menu_shown(), "menú contextual")
        loop.frame(4)
        menu = ui.snapshot("context_menu")
        s["context_seen"] = ui.seen(queue_view.CONTEXT_ASSIGN)
        s["context_changed"] = ui.region_changed(before, menu, ui.rect(queue_view.CONTEXT_ASSIGN))
        ui.click(queue_view.CONTEXT_ASSIGN)
        loop.wait(lambda: app.detail is not None and app.detail.ticket_id == target
                  and app.detail.ticket.get("assigned_to") == app.ctx.session.staff_id, "asignado por el menú")
        s["context_assigned"] = app.detail.ticket["assignee_name"]
        ui.snapshot("context_assigned")
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        ui.click(qv().cell_tags[target]["requester"])
        ui.key("Menu")
        loop.wait(lambda: qv().context_menu_shown(), "menú contextual con la tecla Menú")
        loop.frame(4)
        first_status = f"{queue_view.CONTEXT_STATUS}_0"
        s["menu_key_seen"] = ui.seen(first_status)
        status_name = dpg.get_item_user_data(first_status)
        ui.snapshot("context_status_menu")
        ui.click(first_status)
        loop.wait(lambda: app.ticket_view.confirming(), "confirmación del estado")
        loop.frame(4)
        s["status_confirm_seen"] = ui.seen(ticket_view.CONFIRM_OK)
        ui.click(ticket_view.CONFIRM_OK)
        loop.wait(lambda: app.detail is not None and app.detail.ticket["status_name"] == status_name,
                  "estado cambiado por el menú")
        s["context_status"] = [status_name, app.detail.ticket["status_name"]]

        # ---- Shift+F10: the menu opens at once; the first key (Enter) or click acts ------------------
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        ui.click(qv().cell_tags[target]["requester"])
        ui.key("shift+F10")
        loop.wait(lambda: qv().context_menu_shown(), "menú contextual con Mayús+F10")
        ui.key("Return")  # «Abrir», highlighted
        try:
            loop.wait(lambda: app.detail is not None and app.detail.ticket_id == target, "abierto con Enter",
                      seconds=20)
            s["shift_f10_enter"] = True
        except TimeoutError:
            s["shift_f10_enter"] = False
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        ui.click(qv().cell_tags[target]["requester"])
        ui.key("shift+F10")
        loop.wait(lambda: qv().context_menu_shown(), "menú contextual con Mayús+F10")
        loop.frame(4)
        s["shift_f10_seen"] = ui.seen(queue_view.CONTEXT_OPEN)
        ui.snapshot("context_shift_f10")
        ui.click(queue_view.CONTEXT_OPEN)  # one click, the first after the key
        try:
            loop.wait(lambda: app.detail is not None and app.detail.ticket_id == target, "abierto con un clic",
                      seconds=20)
            s["shift_f10_first_click"] = True
        except TimeoutError:
            s["shift_f10_first_click"] = False
            ui.key("Escape")
            double_click_opens(qv().row_tags[target], target, fx=0.12)
        loop.wait(lambda: dpg.is_item_shown(ticket_view.BODY), "cuerpo del ticket")

        # ---- Esc keeps the draft -----------------------------------------------------------
        ui.click(ticket_view.COMMENT)
        draft = "Borrador que debe sobrevivir a Esc"
        ui.type(draft, into=ticket_view.COMMENT)
        ui.snapshot("draft_typed")
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "Esc vuelve a la cola")
        s["esc_back"] = dpg.is_item_shown(ticket_view.PLACEHOLDER)
        double_click_opens(qv().row_tags[target], target, fx=0.12)
        loop.wait(lambda: dpg.is_item_shown(ticket_view.BODY), "cuerpo del ticket")
        loop.frame(4)
        s["draft_after_esc"] = text_of(ticket_view.COMMENT)
        s["draft_seen"] = ui.seen(ticket_view.COMMENT)
        ui.snapshot("draft_after_esc")
        notes = sum(1 for e in app.detail.events if e["event_type"] == "nota")
        ui.key("ctrl+Return")  # sends the kept draft; the note just sent is scrolled into view
        loop.wait(lambda: app.detail is not None and not app.acting
                  and sum(1 for e in app.detail.events if e["event_type"] == "nota") == notes + 1, "nota guardada")
        loop.frame(16)  # the new card is laid out, then the conversation scrolls to it
        s["note_message"] = dpg.get_value(ticket_view.MESSAGE)
        s["note_scroll"] = [dpg.get_y_scroll(ticket_view.TIMELINE), dpg.get_y_scroll_max(ticket_view.TIMELINE)]
        last_card = dpg.get_item_children(ticket_view.TIMELINE, slot=1)[-1]
        note_text = dpg.get_item_children(last_card, slot=1)[-1]  # the note's body, the card's last line
        s["sent_note_text"] = dpg.get_value(note_text)
        s["sent_note_seen"] = ui.seen(note_text)
        # Its bottom is above the composer (the first widget under the conversation).
        s["sent_note_bottom"] = [sum(ui.rect(note_text)[1::2]), ui.rect(ticket_view.COMMENT_KIND)[1]]
        ui.snapshot("note_sent_in_view")

        # ---- the reissued access code: confirmed by mouse, then by Enter --------------------
        for how in ("mouse", "enter"):
            loop.wait(lambda: dpg.get_item_configuration(ticket_view.REISSUE)["enabled"], "botón habilitado")
            before = ui.snapshot(f"before_code_{how}")
            ui.click(ticket_view.REISSUE)
            loop.wait(lambda: app.ticket_view.confirming(), "confirmación del código")
            loop.frame(4)
            if how == "mouse":
                ui.click(ticket_view.CONFIRM_OK)
            else:
                ui.key("Return")
            loop.wait(code_window_shown, "ventana del código")
            loop.frame(6)
            after = ui.snapshot(f"code_{how}")
            seen = {tag: ui.seen(tag) for tag in (ticket_view.CODE_VALUE, "ticket_code_copy", "ticket_code_print")}
            s[f"code_{how}"] = {
                "code": dpg.get_value(ticket_view.CODE_VALUE), "seen": seen,
                "changed": ui.region_changed(before, after, ui.rect(ticket_view.CODE_VALUE)),
                "copy_label": dpg.get_item_label("ticket_code_copy"),
                "print_label": dpg.get_item_label("ticket_code_print"),
            }
            ui.click("ticket_code_copy")
            settle(lambda: str(dpg.get_value("ticket_code_message")).startswith("Código copiado"),
                   lambda: ui.click("ticket_code_copy"))
            s[f"code_{how}"]["copied"] = dpg.get_value("ticket_code_message")
            ui.click("ticket_code_print")  # the slip goes to the browser ($BROWSER); the window keeps the keys
            settle(lambda: str(dpg.get_value("ticket_code_message")).startswith(("Comprobante", "No se")),
                   lambda: ui.click("ticket_code_print"))
            s[f"code_{how}"]["printed"] = dpg.get_value("ticket_code_message")
            close_key = "Return" if how == "mouse" else "Escape"
            ui.key(close_key)
            try:
                loop.wait(lambda: not dpg.does_item_exist(ticket_view.CODE_WINDOW), "ventana del código cerrada",
                          seconds=15)
                s[f"code_{how}"]["closed_by"] = close_key
            except TimeoutError:
                s[f"code_{how}"]["closed_by"] = None
                app.ticket_view.close_code()

        # ---- paging opens the next page at its top ---------------------------------------------
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        dpg.set_y_scroll(queue_view.TABLE, dpg.get_y_scroll_max(queue_view.TABLE))  # read page 1 to its end
        loop.frame(4)
        s["page1_scroll"] = dpg.get_y_scroll(queue_view.TABLE)
        ui.click(queue_view.NEXT)
        loop.wait(lambda: not app.queue_loading and app.queue.page_number == 2, "segunda página")
        loop.frame(4)
        s["page2_scroll"] = dpg.get_y_scroll(queue_view.TABLE)
        ui.snapshot("page2_top")
        ui.click(queue_view.PREVIOUS)
        loop.wait(lambda: not app.queue_loading and app.queue.page_number == 1, "primera página")

        # ---- Ctrl+F, then typing at once (letters that are also shortcuts) -------------------
        composer_before = text_of(ticket_view.COMMENT)
        cursor_before = qv().cursor
        ui.key("ctrl+f")
        ui.type("jrk impresora", into=queue_view.SEARCH)
        s["search_typed"] = dpg.get_value(queue_view.SEARCH)
        s["search_active"] = dpg.is_item_active(queue_view.SEARCH)
        s["untouched_by_letters"] = (text_of(ticket_view.COMMENT) == composer_before
                                     and qv().cursor == cursor_before and app.detail is None)
        ui.keys_while_rendering("space", "dead_acute", "e")  # ´ then e (Latin American keyboards)
        s["dead_key"] = dpg.get_value(queue_view.SEARCH)
        s["xmodifiers"] = os.environ.get("XMODIFIERS")
        ui.snapshot("search_typed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
