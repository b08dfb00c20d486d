"""Scripted driver for the defects a newcomer's trial found (issue 16, second round), with REAL input only:
xdotool at the widgets' on-screen positions and real keys, then what is on the screen (RealInput).

    python -m tests.desktop.trial_driver URL USERNAME PASSWORD ARTIFACTS_DIR WIDTH HEIGHT

Steps: every entry of a queue row's context menu clicked with the mouse right where it is drawn (move
and click in one go, as a person does); the first key typed right after clicking into a text box;
Esc back to the queue after the code window closed with Enter and after a public reply was sent;
«::» then Esc leaves the text as it was; a bulk status change with a public comment asks first
(how many tickets, the text) and Esc cancels it keeping the text.
Screenshots: artifacts/trial_{step}_{W}x{H}.png. Prints a JSON summary last.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.views import bulk_dialog, canned_picker, main_window, queue_view, ticket_view
from tests.desktop.gui_loop import DriverRun, RealInput, text_of


def ink_rows(shot: Any, x: float, width: int, band: tuple[float, float]) -> list[int]:
    """[first, last] screen row with dark text pixels in columns x..x+width within the band."""
    from PIL import Image

    im = Image.open(shot).convert("L")
    rows = [y for y in range(int(band[0]), int(band[1]))
            if any(im.getpixel((int(x) + dx, y)) < 110 for dx in range(width))]
    return [rows[0], rows[-1]] if rows else []


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"trial_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    with run:
        loop.frame(5)
        ui = RealInput(run)

        def qv() -> Any:
            return app.queue_view

        def back_to_queue(what: str) -> bool:
            """Esc: True when the queue is back (the ticket pane closed) within a generous wait."""
            ui.key("Escape")
            try:
                loop.wait(lambda: app.detail is None and app.current_ticket_id is None, what, seconds=30)
                return True
            except TimeoutError:
                return False

        def open_row(ticket_id: int) -> None:
            ui.click(qv().row_tags[ticket_id], fx=0.12)
            ui.key("Return")
            loop.wait(lambda: app.detail is not None and app.detail.ticket_id == ticket_id
                      and dpg.get_item_configuration(ticket_view.SEND)["enabled"], f"ticket {ticket_id} abierto")

        ui.fill_login(username, password)
        ui.key("Return")
        loop.wait(lambda: qv() is not None and qv().row_count() >= 8, "filas de la cola")
        loop.wait(lambda: not app.queue_loading, "cola cargada")
        loop.frame(10)
        ids = [r.ticket_id for r in app.queue.state.rows]
        s["ids"] = ids[:8]

        # ---- 10. the folio sits on the same line as the row's other cells (ink rows in the screenshot) ------
        shot = ui.snapshot("queue_rows")
        row_y = ui.rect(qv().row_tags[ids[0]])[1]
        band = (row_y - 4, row_y + queue_view.ROW_HEIGHT)
        s["ink_rows"] = {"folio": ink_rows(shot, ui.rect(qv().row_tags[ids[0]])[0] + 22, 120, band),
                         "requester": ink_rows(shot, ui.rect(qv().cell_tags[ids[0]]["requester"])[0], 80, band),
                         "age": ink_rows(shot, ui.rect(qv().cell_tags[ids[0]]["age"])[0], 40, band)}
        me = app.ctx.session.staff_id

        # ---- a row marked by ONE click where the pointer lands (move and click at once) ----------------------
        ui.click_now(qv().cell_tags[ids[1]]["excerpt"])
        loop.frame(6)
        s["row_click_now"] = [qv().cursor, qv().selected_ticket_ids()]
        ui.click_now(qv().cell_tags[ids[0]]["requester"])
        loop.frame(6)
        s["row_click_now_2"] = [qv().cursor, qv().selected_ticket_ids()]

        # ---- 1. context menu: every entry works with one mouse click where it is drawn --------------------
        menu: dict[str, Any] = {}
        for n, entry in enumerate(("open", "assign", "status")):
            target = ids[n + 2]
            if app.detail is not None:
                back_to_queue("cola antes del menú")
            ui.click_now(qv().cell_tags[target]["excerpt"], button=3)
            loop.wait(lambda: qv().context_menu_shown(), "menú contextual")
            loop.frame(3)
            tag = {"open": queue_view.CONTEXT_OPEN, "assign": queue_view.CONTEXT_ASSIGN,
                   "status": f"{queue_view.CONTEXT_STATUS}_0"}[entry]
            status_name = dpg.get_item_user_data(tag) if entry == "status" else None
            shot = ui.snapshot(f"context_{entry}")
            ui.click_now(tag)
            if entry == "open":
                done = lambda t=target: app.detail is not None and app.detail.ticket_id == t  # noqa: E731
            elif entry == "assign":
                done = lambda t=target: (app.detail is not None and app.detail.ticket_id == t  # noqa: E731
                                         and app.detail.ticket.get("assigned_to") == me)
            else:
                done = lambda: app.ticket_view.confirming()  # noqa: E731
            try:
                loop.wait(done, f"menú: {entry}", seconds=40)
                ok = True
            except TimeoutError:
                ok = False
            after = ui.snapshot(f"context_{entry}_done")
            menu[entry] = {"ok": ok, "menu_closed": not qv().context_menu_shown(),
                           "changed": ui.region_changed(shot, after, ui.rect(ticket_view.PANE))}
            if entry == "status" and ok:
                ui.click(ticket_view.CONFIRM_OK)
                loop.wait(lambda st=status_name: app.detail is not None and not app.acting
                          and app.detail.ticket["status_name"] == st, "estado cambiado", seconds=40)
                menu[entry]["status"] = [status_name, app.detail.ticket["status_name"]]
        # With a ticket open (the queue narrow): the menu of ANOTHER row, «Asignarme» clicked after the pointer
        # passed over «Abrir» (as a hand moves), and a row near the bottom of the visible list.
        def lowest_visible_row() -> int:
            """The last row drawn whole inside the (narrow) queue's table."""
            footer_top = ui.rect(queue_view.PREVIOUS)[1]  # the table ends above the footer
            seen = [t for t in ids if dpg.is_item_visible(qv().cell_tags[t]["requester"])
                    and sum(ui.rect(qv().row_tags[t])[1::2]) <= footer_top - 8 and t != app.current_ticket_id]
            return seen[-1]

        for name, row, path in (("other_row", ids[5], True), ("low_row", None, False)):
            if app.detail is None:
                open_row(ids[2])
            if row is None:
                loop.frame(4)
                row = lowest_visible_row()
            ui.click_now(qv().cell_tags[row]["requester"], button=3)
            loop.wait(lambda: qv().context_menu_shown(), "menú contextual")
            loop.frame(3)
            if path:
                ui.move(*ui.point(queue_view.CONTEXT_OPEN))
            ui.click_now(queue_view.CONTEXT_ASSIGN)
            try:
                loop.wait(lambda r=row: app.detail is not None and app.detail.ticket_id == r
                          and app.detail.ticket.get("assigned_to") == me, f"menú: asignar {name}", seconds=40)
                menu[name] = {"ok": True, "menu_closed": not qv().context_menu_shown()}
            except TimeoutError:
                menu[name] = {"ok": False, "menu_closed": not qv().context_menu_shown(),
                              "message": dpg.get_value(ticket_view.MESSAGE)}
            ui.snapshot(f"context_{name}_done")
        s["menu"] = menu
        # 6. The side panel's «Asignar a» cuts a long name: the whole name is written under it.
        loop.frame(6)
        s["assignee_whole"] = {"text": dpg.get_value(ticket_view.ASSIGNEE_WHOLE),
                               "seen": ui.seen(ticket_view.ASSIGNEE_WHOLE)}
        ui.snapshot("assignee_whole")

        # ---- 2. the first key typed right after the click into the box is not lost --------------------
        if app.detail is None:
            open_row(ids[2])
        box = app.ticket_view.comment
        box.value = ""
        loop.frame(4)
        ui.click(ticket_view.STATUS_NOTE)  # the keyboard elsewhere first
        ui.click_now(ticket_view.COMMENT, fx=0.3, fy=0.3, then_type="Hola mundo")
        with contextlib.suppress(TimeoutError):
            loop.wait(lambda: "mundo" in box.value, "texto tras el clic", seconds=30)
        loop.frame(10)
        s["first_key"] = box.value
        ui.snapshot("first_key")
        box.value = ""
        dpg.set_value(ticket_view.STATUS_NOTE, "")

        # ---- 4a. Esc after the code window was closed with Enter (confirmed by key / by mouse + «Copiar») ----
        for how in ("keys", "mouse"):
            loop.wait(lambda: dpg.get_item_configuration(ticket_view.REISSUE)["enabled"], "botón habilitado")
            ui.click(ticket_view.REISSUE)
            loop.wait(lambda: app.ticket_view.confirming(), "confirmación del código")
            loop.frame(4)
            if how == "keys":
                ui.key("Return")
            else:
                ui.click(ticket_view.CONFIRM_OK)
            loop.wait(lambda: dpg.does_item_exist(ticket_view.CODE_WINDOW)
                      and dpg.is_item_shown(ticket_view.CODE_WINDOW), "ventana del código")
            loop.frame(6)
            # Enter closes the window once the code was taken (copied or printed): by mouse «Copiar», by keys
            # «Imprimir» (a click too: the window's buttons are the mouse's).
            ui.click("ticket_code_copy" if how == "mouse" else "ticket_code_print")
            ui.key("Return")
            loop.wait(lambda: not dpg.does_item_exist(ticket_view.CODE_WINDOW), "ventana cerrada con Enter")
            s[f"esc_after_code_{how}"] = back_to_queue("Esc tras cerrar el código con Enter")
            ui.snapshot(f"esc_after_code_{how}")
            if not s[f"esc_after_code_{how}"]:
                app.ticket.back_to_queue()
                loop.frame(4)
            open_row(ids[2])

        # ---- 4b. Esc after a public reply was sent (by keys / by mouse); the queue is back, no draft lost ----
        for how in ("keys", "mouse"):
            if app.detail is None:
                open_row(ids[2])
            ui.click(ticket_view.COMMENT_KIND)  # the radio: «Respuesta pública» is its second choice
            dpg.set_value(ticket_view.COMMENT_KIND, ticket_view.PUBLIC)
            app.ticket_view._kind_changed()
            loop.frame(8)  # the warning above the box shows: the box moves down
            ui.click(ticket_view.COMMENT, fx=0.3, fy=0.3)
            ui.type(f"Respuesta publica de prueba {how}", into=ticket_view.COMMENT)
            replies = sum(1 for e in app.detail.events if e["event_type"] != "nota")
            if how == "keys":
                ui.key("ctrl+Return")
            else:
                ui.click(ticket_view.SEND)
            loop.wait(lambda: app.ticket_view.confirming(), "confirmación de la respuesta")
            loop.frame(4)
            if how == "keys":
                ui.key("Return")
            else:
                ui.click(ticket_view.CONFIRM_OK)
            loop.wait(lambda r=replies: app.detail is not None and not app.acting
                      and not app.ticket_view.confirming()
                      and sum(1 for e in app.detail.events if e["event_type"] != "nota") > r, "respuesta enviada")
            loop.frame(6)
            s[f"esc_after_reply_{how}"] = back_to_queue("Esc tras enviar la respuesta")
            ui.snapshot(f"esc_after_reply_{how}")
            if not s[f"esc_after_reply_{how}"]:
                app.ticket.back_to_queue()
                loop.frame(4)

        # ---- 9. «::» then Esc: the picker closes and the text is as it was before «::» -------------------
        open_row(ids[3])
        ui.click(ticket_view.COMMENT, fx=0.3, fy=0.3)
        ui.type("Antes del atajo ", into=ticket_view.COMMENT)
        ui.type("::rei")
        loop.wait(lambda: app.extras.picker.is_open(), "lista de predefinidas")
        loop.frame(6)
        ui.snapshot("picker_open")
        s["with_trigger"] = text_of(ticket_view.COMMENT)
        # 6. Nothing a person must read is cut: the picker's hint (no canned replies here) inside its window;
        # «Acciones…» inside the narrow queue (a ticket open, one row selected).
        px, _, pw, _ = ui.rect(canned_picker.WINDOW)
        hx, _, hw, _ = ui.rect(canned_picker.PREVIEW)
        s["picker_hint"] = {"text": dpg.get_value(canned_picker.PREVIEW), "right": hx + hw, "window_right": px + pw}
        qx, _, qw, _ = ui.rect(main_window.QUEUE_PANE)
        bx, _, bw, _ = ui.rect(queue_view.BULK)
        s["bulk_button"] = {"label": dpg.get_item_label(queue_view.BULK), "right": bx + bw, "pane_right": qx + qw,
                            "shown": dpg.is_item_shown(queue_view.BULK)}
        ui.key("Escape")
        loop.wait(lambda: not app.extras.picker.is_open(), "lista cerrada con Esc")
        loop.frame(6)
        s["after_picker_esc"] = text_of(ticket_view.COMMENT)
        s["still_in_ticket"] = app.detail is not None
        ui.type("y sigue", into=ticket_view.COMMENT)
        s["typed_after_picker"] = text_of(ticket_view.COMMENT)
        ui.snapshot("picker_esc")
        app.ticket_view.comment.value = ""
        back_to_queue("cola antes de la selección")

        # The people filter, with the queue wide: as wide as its longest name (the line has room for it).
        loop.frame(6)
        s["assignee_fit"] = [queue_view._combo_need(queue_view.ASSIGNEE), ui.rect(queue_view.ASSIGNEE)[2]]

        # ---- 8. bulk status change with a public comment: confirmed first; Esc cancels keeping the text ----
        picked = ids[4:7]
        ui.click(qv().cell_tags[picked[0]]["requester"])
        for tid in picked[1:]:
            ui.click(qv().cell_tags[tid]["requester"], modifiers=("ctrl",))
        s["bulk_selected"] = qv().selected_ticket_ids()
        ui.click(queue_view.BULK)
        loop.wait(lambda: app.bulk.is_open(), "cuadro de acciones")
        dpg.set_value(bulk_dialog.ACTION, "Cambiar estado")  # the radio's third choice
        app.bulk._action_changed()
        loop.frame(6)
        status_name = "En proceso" if "En proceso" in app.bulk.choice_tags else next(iter(app.bulk.choice_tags))
        ui.click(app.bulk.choice_tags[status_name])
        comment = "Aviso general: el servicio de impresion vuelve a funcionar desde las 10:00."
        ui.click(bulk_dialog.COMMENT, fx=0.3, fy=0.5)
        ui.type(comment, into=bulk_dialog.COMMENT)
        before = {t: app.queue.state.rows[[r.ticket_id for r in app.queue.state.rows].index(t)].raw["status_name"]
                  for t in picked}
        ui.click(bulk_dialog.APPLY)
        loop.wait(lambda: app.bulk.confirming(), "confirmación del comentario público", seconds=30)
        loop.frame(6)
        s["bulk_confirm"] = {"seen": ui.seen(bulk_dialog.CONFIRM_OK),
                             "title": dpg.get_value(f"{bulk_dialog.CONFIRM}_title"),
                             "text": dpg.get_value(bulk_dialog.CONFIRM_TEXT),
                             "text_seen": ui.seen(bulk_dialog.CONFIRM_TEXT),
                             "ok_label": dpg.get_item_label(bulk_dialog.CONFIRM_OK)}
        ui.snapshot("bulk_confirm")
        ui.key("Escape")
        loop.wait(lambda: not app.bulk.confirming(), "confirmación cancelada con Esc", seconds=30)
        loop.frame(6)
        s["bulk_after_esc"] = {"dialog_open": app.bulk.is_open(), "comment": app.bulk.comment.value,
                               "outcomes": len(app.bulk.outcomes), "statuses_before": before}
        ui.snapshot("bulk_esc")
        ui.click(bulk_dialog.APPLY)
        loop.wait(lambda: app.bulk.confirming(), "confirmación otra vez", seconds=30)
        loop.frame(4)
        ui.click(bulk_dialog.CONFIRM_OK)
        loop.wait(lambda: not app.bulk.busy and len(app.bulk.outcomes) == 3, "resultado de cada ticket")
        loop.frame(6)
        s["bulk_done"] = [[o.folio, o.ok, o.message] for o in app.bulk.outcomes]
        ui.snapshot("bulk_done")
        ui.key("Escape")
        loop.wait(lambda: not app.bulk.is_open(), "cuadro cerrado con Esc", seconds=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
