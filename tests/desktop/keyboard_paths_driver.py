"""Keyboard paths a busy operator takes, with REAL keys and clicks (xdotool), checked by what is seen:

- with a ticket open, a click marks another row, Shift+F10 opens its menu, ↓ ↓ and Enter pick a new
  status: the confirmation must be on screen (it used to vanish with the menu: nothing happened);
- the reissued code window: a reflexive second Enter must not close it (the code is shown only once);
- Esc closes only the topmost dialog (the service order over the bulk dialog).

    python -m tests.desktop.keyboard_paths_driver URL USERNAME PASSWORD ARTIFACTS_DIR WIDTH HEIGHT

Screenshots: artifacts/keys_{step}_{W}x{H}.png. Prints a JSON summary last.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.views import bulk_dialog, login_view, queue_view, service_order_dialog, ticket_view
from tests.desktop.gui_loop import DriverRun, RealInput


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"keys_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    with run:
        loop.frame(5)
        ui = RealInput(run)

        def qv() -> Any:
            return app.queue_view

        ui.fill_login(username, password)
        ui.click(login_view.SUBMIT)
        loop.wait(lambda: qv() is not None and qv().row_count() >= 6, "filas de la cola")
        loop.wait(lambda: not app.queue_loading, "cola cargada")
        ids = [r.ticket_id for r in app.queue.state.rows]
        s["ids"] = ids[:6]

        # ---- a row marked, then Enter in the search box: it searches, it opens nothing ------------------
        ui.click(qv().cell_tags[ids[2]]["requester"])
        ui.click(queue_view.SEARCH)
        ui.type("monitor", into=queue_view.SEARCH)
        ui.key("Return")
        loop.frame(10)
        loop.wait(lambda: not app.queue_loading, "búsqueda")
        loop.frame(10)
        s["search_enter"] = {"opened": app.detail.ticket_id if app.detail else None,
                             "search": app.queue.state.filters.search, "rows": qv().row_count()}
        ui.snapshot("search_enter")

        # ---- a ticket open; another row marked; Shift+F10, ↓ ↓, Enter: a status, confirmed -----------
        opened, other = ids[0], ids[3]
        for _ in range(5):
            ui.click(qv().row_tags[opened], double=True, fx=0.12)
            try:
                loop.wait(lambda: app.detail is not None and app.detail.ticket_id == opened, "abierto", seconds=8)
                break
            except TimeoutError:
                continue
        loop.wait(lambda: dpg.is_item_shown(ticket_view.BODY), "cuerpo del ticket")
        ui.click(qv().cell_tags[other]["requester"])
        loop.frame(4)
        ui.key("shift+F10")
        loop.wait(lambda: qv().context_menu_shown(), "menú contextual con Mayús+F10")
        loop.frame(4)
        status_name = dpg.get_item_user_data(f"{queue_view.CONTEXT_STATUS}_0")
        ui.key("Down")
        ui.key("Down")
        loop.frame(2)
        ui.snapshot("menu_status_highlighted")
        ui.key("Return")
        with contextlib.suppress(TimeoutError):
            loop.wait(lambda: app.detail is not None and app.detail.ticket_id == other
                      and app.ticket_view.confirming(), "confirmación del estado", seconds=30)
        loop.frame(30)  # the menu is gone; the confirmation must still be there
        s["status_confirm"] = {"opened": app.detail.ticket_id if app.detail else None,
                               "confirming": app.ticket_view.confirming(),
                               "size": list(dpg.get_item_rect_size(ticket_view.CONFIRM)),
                               "seen": ui.seen(ticket_view.CONFIRM_OK),
                               "title": dpg.get_value(ticket_view.CONFIRM_TITLE)}
        ui.snapshot("status_confirm")
        if app.ticket_view.confirming():
            ui.key("Return")
            loop.wait(lambda: app.detail is not None and not app.acting
                      and app.detail.ticket["status_name"] == status_name, "estado cambiado")
        s["status_after"] = [status_name, app.detail.ticket["status_name"] if app.detail else None]
        ui.snapshot("status_changed")

        # ---- one click on the «Prioridad» header: the most urgent first; a second, the reverse -----
        def first_priority() -> str:
            return str(app.queue.state.rows[0].raw["priority_name"])

        header_y = ui.rect(qv().row_tags[ids[0]])[1] - queue_view.ROW_HEIGHT / 2
        column_x = ui.rect(qv().cell_tags[ids[0]]["priority"])[0] + 20
        firsts = []
        for _ in range(2):
            ui.move(column_x, header_y)
            loop.frame(3)
            ui.click(qv().cell_tags[ids[0]]["priority"], at=(column_x, header_y))
            loop.frame(3)
            loop.wait(lambda: not app.queue_loading, "cola ordenada")
            loop.frame(3)
            firsts.append(first_priority())
        s["priority_sort"] = firsts
        ui.snapshot("priority_sorted")
        ids = [r.ticket_id for r in app.queue.state.rows]

        # ---- F5 with the conversation read halfway: it stays there --------------------------------
        loop.frame(20)
        first_card = dpg.get_item_children(ticket_view.TIMELINE, slot=1)[0]
        first_card = dpg.get_item_children(first_card, slot=1)[-1]  # its text (a child window has no rect)
        wheel_at = ui.point(first_card, fy=0.5)
        for _ in range(60):  # the reader scrolls down by wheel to the middle of the conversation
            if dpg.get_y_scroll(ticket_view.TIMELINE) >= dpg.get_y_scroll_max(ticket_view.TIMELINE) / 3:
                break
            ui.click(first_card, button=5, at=wheel_at)
            loop.frame(2)
        loop.frame(4)
        before = dpg.get_y_scroll(ticket_view.TIMELINE)
        ui.key("F5")
        loop.wait(lambda: app.detail is not None and not app.acting, "recargado")
        loop.frame(30)
        s["reload_keeps_place"] = {"before": before, "after": dpg.get_y_scroll(ticket_view.TIMELINE),
                                   "max": dpg.get_y_scroll_max(ticket_view.TIMELINE)}
        ui.snapshot("reload_keeps_place")

        # ---- the reissued code: confirmed with Enter, then a reflexive second Enter ---------------
        def code_shown() -> bool:
            return dpg.does_item_exist(ticket_view.CODE_WINDOW) and dpg.is_item_shown(ticket_view.CODE_WINDOW)

        loop.wait(lambda: dpg.get_item_configuration(ticket_view.REISSUE)["enabled"], "botón habilitado")
        ui.click(ticket_view.REISSUE)
        loop.wait(lambda: app.ticket_view.confirming(), "confirmación del código")
        loop.frame(4)
        ui.key("Return")
        loop.wait(code_shown, "ventana del código")
        loop.frame(6)
        ui.key("Return")  # the hand that confirmed presses again
        loop.frame(20)
        s["code_after_second_enter"] = {"shown": code_shown(), "seen": ui.seen(ticket_view.CODE_VALUE),
                                        "message": dpg.get_value("ticket_code_message") if code_shown() else None}
        ui.snapshot("code_after_second_enter")
        ui.click("ticket_code_copy")
        ui.key("Return")  # copied: now Enter closes it
        try:
            loop.wait(lambda: not dpg.does_item_exist(ticket_view.CODE_WINDOW), "código cerrado", seconds=15)
            s["code_closed_after_copy"] = True
        except TimeoutError:
            s["code_closed_after_copy"] = False
            app.ticket_view.close_code()

        # ---- Esc closes only the topmost dialog: the service order over the bulk dialog -------------
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        ui.click(qv().cell_tags[ids[1]]["requester"])
        ui.click(qv().cell_tags[ids[2]]["requester"], modifiers=("ctrl",))
        loop.wait(lambda: dpg.is_item_shown(queue_view.BULK), "botón de acciones")
        ui.click(queue_view.BULK)
        loop.wait(lambda: app.bulk is not None and app.bulk.is_open(), "diálogo de acciones")
        loop.frame(4)
        ui.click(bulk_dialog.ORDERS)
        loop.wait(lambda: app.orders is not None and app.orders.is_open(), "orden de servicio")
        loop.frame(4)
        ui.snapshot("orders_over_bulk")
        ui.click(service_order_dialog.URL_INPUT)
        ui.type("https://soporte.leon.tecnm.mx", into=service_order_dialog.URL_INPUT)
        ui.key("Return")  # «Generar PDF», the dialog's highlighted button
        with contextlib.suppress(TimeoutError):
            loop.wait(lambda: app.orders.path is not None, "PDF generado con Enter", seconds=60)
        s["orders_enter_pdf"] = str(app.orders.path) if app.orders.path else None
        ui.snapshot("orders_enter")
        ui.key("Escape")
        loop.frame(10)
        s["esc_top_only"] = {"orders": app.orders.is_open(), "bulk": app.bulk.is_open(),
                             "bulk_seen": ui.seen(bulk_dialog.APPLY)}
        ui.snapshot("esc_closed_orders")
        ui.key("Escape")
        loop.frame(10)
        s["esc_second"] = {"orders": app.orders.is_open(), "bulk": app.bulk.is_open()}
        s["orders_window"] = service_order_dialog.WINDOW
    return 0


if __name__ == "__main__":
    sys.exit(main())
