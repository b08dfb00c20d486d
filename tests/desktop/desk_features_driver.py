"""Scripted driver with real input (xdotool mouse at the widget's on-screen rectangle, real keys)
for issue 16's operator features: a canned reply inserted by keyboard («::», type to filter,
Enter) and by mouse (button, click, «Insertar»), edited and sent as a public reply; a bulk
assignment of 3 tickets with per-ticket results; the «orden de servicio» of the selection.

    python -m tests.desktop.desk_features_driver URL USERNAME PASSWORD ARTIFACTS WIDTH HEIGHT [admin IMAGE]

With «admin»: an administrator unticks «Solo abiertos», opens the newest (cancelled) ticket,
reopens it with a typed reason, then sends a public reply with IMAGE attached (the file goes in
through the same code as the file picker's choice) and sees it inside the reply's card.

Screenshots: artifacts/desk_{step}_{W}x{H}.png. Prints a JSON summary on its last line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dearpygui.dearpygui as dpg

from desktop.views import bulk_dialog, canned_picker, queue_view, service_order_dialog, ticket_extras
from desktop.views import ticket_view as tv
from tests.desktop.gui_loop import DriverRun, RealInput, is_typing_in, text_of

LONG_REASON = ("Se cancelo por error desde la cola: la persona solicitante volvio a llamar y el proyector del aula "
               "sigue sin encender despues de cambiar el cable de corriente, hay que revisarlo en sitio hoy.")


def visible(ui: RealInput, tag: str | int) -> bool:
    """What a person sees: shown, inside the window and on top (nothing drawn over its centre)."""
    seen = ui.seen(tag)
    return bool(seen["shown"] and seen["inside"] and seen["on_top"])


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    if len(sys.argv) > 7 and sys.argv[7] == "admin":
        return admin_part(url, username, password, artifacts, int(width), int(height), Path(sys.argv[8]))
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"desk_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    def shot(name: str) -> None:
        run.shot(name)

    def message() -> str:
        loop.wait(lambda: dpg.get_value(tv.MESSAGE) not in ("", "Cargando..."), "mensaje del ticket")
        return dpg.get_value(tv.MESSAGE)

    with run:
        loop.frame(5)
        ui = RealInput(run)
        ui.fill_login(username, password)
        ui.key("Return")
        loop.wait(lambda: app.queue_view is not None and app.queue_view.row_count() >= 4, "filas de la cola")
        loop.wait(lambda: not app.queue_loading, "cola cargada")
        rows = [r.raw for r in app.queue.state.rows]
        s["rows"] = len(rows)

        # ---- open the newest ticket by keyboard: J marks the first row, Enter opens it ------------
        ui.key("Escape", "j", "Return")
        loop.wait(lambda: app.detail is not None and dpg.get_item_configuration(tv.SEND)["enabled"], "ticket")
        first = app.detail.ticket
        s["opened"] = first["folio"]

        # ---- canned reply by keyboard: R, «::», type to filter, Enter ----------------------------
        ui.key("r")
        loop.wait(lambda: is_typing_in(tv.COMMENT), "cuadro de texto activo")
        ui.type("::")
        loop.wait(lambda: app.extras.picker.is_open() and app.extras.picker.replies, "selector con respuestas")
        ui.type("reinic", into=canned_picker.FILTER)
        loop.wait(lambda: len(app.extras.picker.shown) == 1, "filtrado")
        s["picker_seen"] = visible(ui, canned_picker.INSERT) and visible(ui, app.extras.picker.row_tags[0])
        s["picker_filtered"] = [r.title for r in app.extras.picker.shown]
        shot("canned_picker")
        ui.key("Return")
        loop.wait(lambda: "{" not in (text_of(tv.COMMENT) or "{") and "Hola" in text_of(tv.COMMENT),
                  "respuesta insertada")
        s["inserted"] = text_of(tv.COMMENT)
        s["kind_after_insert"] = dpg.get_value(tv.COMMENT_KIND)
        ui.click(tv.COMMENT)  # the operator clicks in the text to edit it
        ui.key("ctrl+End")
        ui.type(" Saludos.")
        loop.wait(lambda: text_of(tv.COMMENT).endswith(" Saludos."), "texto editado")
        s["edited"] = text_of(tv.COMMENT)
        shot("canned_inserted")
        ui.key("ctrl+Return")
        loop.wait(lambda: app.ticket_view.confirming(), "confirmación de respuesta pública")
        s["confirm_text"] = dpg.get_value(tv.CONFIRM_TEXT)
        s["confirm_seen"] = visible(ui, tv.CONFIRM_OK)
        shot("canned_confirm")
        ui.key("Return")
        s["sent_message"] = message()
        loop.wait(lambda: any(e["event_type"] == "respuesta" for e in app.detail.events), "respuesta en el historial")
        s["sent_bodies"] = [e["body"] for e in app.detail.events if e["event_type"] == "respuesta"]
        s["composer_after"] = [text_of(tv.COMMENT), dpg.get_value(tv.COMMENT_KIND)]
        shot("canned_sent")

        # ---- canned reply by mouse: the button, a click on the reply, «Insertar» ------------------
        ui.click(ticket_extras.CANNED)
        loop.wait(lambda: app.extras.picker.is_open() and app.extras.picker.row_tags
                  and all(ui.rect(t)[2] > 0 for t in app.extras.picker.row_tags), "selector (ratón)")
        target = next(n for n, r in enumerate(app.extras.picker.shown) if r.title.startswith("Revisión"))
        ui.click(app.extras.picker.row_tags[target])
        s["mouse_chosen"] = app.extras.picker.shown[app.extras.picker.index].title
        ui.click(canned_picker.INSERT)
        loop.wait(lambda: "cable de red" in text_of(tv.COMMENT), "respuesta interna insertada")
        s["mouse_inserted"] = [text_of(tv.COMMENT), dpg.get_value(tv.COMMENT_KIND)]
        s["picker_closed"] = not app.extras.picker.is_open()
        shot("canned_mouse")
        # Ctrl+Enter right after the insertion, without clicking in the text: the note is saved
        ui.key("ctrl+Return")
        loop.wait(lambda: any("cable de red" in (e["body"] or "") for e in app.detail.events
                              if e["event_type"] == "nota"), "nota guardada con Ctrl+Enter")
        s["mouse_sent"] = text_of(tv.COMMENT)

        # ---- bulk: assign 3 tickets to me (one already mine: refused with the reason) ----------------
        ids = [int(r["ticket_id"]) for r in rows[:3]]
        qv = app.queue_view
        if hasattr(qv, "selected_ticket_ids"):  # the queue's multi-select: Ctrl+click 3 rows, then its button
            ui.key("Escape")  # back to the queue (the draft stays with its ticket)
            loop.wait(lambda: app.detail is None, "regreso a la cola")
            for n, tid in enumerate(ids):
                ui.click(qv.cell_tags[tid]["requester"], modifiers=("ctrl",) if n else ())
            loop.wait(lambda: qv.selected_ticket_ids() == ids, "3 tickets seleccionados")
            s["selected_by_mouse"] = qv.selected_ticket_ids()
            loop.wait(lambda: dpg.is_item_shown(queue_view.BULK), "botón de acciones con la selección")
            ui.click(queue_view.BULK)
        else:  # before the multi-select landed: the same hook, called as the queue would
            app.bulk.open(ids)
        loop.wait(lambda: app.bulk.is_open() and app.bulk.choice_tags, "diálogo de acciones")
        loop.wait(lambda: all(ui.rect(t)[2] > 0 for t in app.bulk.choice_tags.values()), "lista dibujada")
        person = next(label for label in app.bulk.choice_tags if f"({username})" in label)
        s["bulk_first_choice"] = next(iter(app.bulk.choice_tags))
        s["bulk_first_seen"] = ui.seen(app.bulk.choice_tags[s["bulk_first_choice"]])
        ui.click(app.bulk.choice_tags[person])
        s["bulk_chosen"] = app.bulk.chosen
        shot("bulk_dialog")
        ui.click(bulk_dialog.APPLY)
        loop.wait(lambda: len(app.bulk.outcomes) == 3, "resultados por ticket")
        loop.frame(10)
        s["bulk_results"] = [[o.folio, dpg.get_value(app.bulk.result_tags[o.ticket_id])] for o in app.bulk.outcomes]
        s["bulk_results_seen"] = [visible(ui, app.bulk.result_tags[o.ticket_id]) for o in app.bulk.outcomes]
        s["bulk_message"] = dpg.get_value(bulk_dialog.MESSAGE)
        s["bulk_ids"] = ids
        # The results area: from under the message to the dialog's bottom edge (a table reports no rectangle).
        wx, wy = dpg.get_item_pos(bulk_dialog.WINDOW)
        ww, wh = dpg.get_item_width(bulk_dialog.WINDOW), dpg.get_item_height(bulk_dialog.WINDOW)
        top = sum(ui.rect(bulk_dialog.MESSAGE)[1::2])
        s["bulk_table"] = [round(wx), round(top), ww, round(wy + wh - top)]
        # Every result line (the database's sentence) wraps inside the dialog: none runs past its right edge.
        s["bulk_results_inside"] = [ui.rect(t)[0] + ui.rect(t)[2] <= wx + ww - 8 for t in app.bulk.result_tags.values()]
        shot("bulk_results")

        # ---- orden de servicio of the same selection -------------------------------------------
        ui.click(bulk_dialog.ORDERS)
        loop.wait(lambda: app.orders.path is not None or "No se pudo" in dpg.get_value(service_order_dialog.STATUS),
                  "PDF generado")
        s["order_pdf"] = str(app.orders.path)
        s["order_seen"] = visible(ui, service_order_dialog.PATH)
        shot("orders")
        ui.key("Escape")  # one window per Esc: the order dialog (on top) first, then the bulk dialog
        s["orders_closed_first"] = not app.orders.is_open() and app.bulk.is_open()
        ui.key("Escape")
        s["dialogs_closed"] = not app.orders.is_open() and not app.bulk.is_open()
        s["queue_search_still_there"] = dpg.does_item_exist(queue_view.SEARCH)

        # ---- a closed ticket: what the database would refuse is disabled, and the panel says why ----------
        ui.click(queue_view.ONLY_OPEN)
        loop.wait(lambda: not app.queue_loading
                  and any(r.raw["status_code"] == "cerrado" for r in app.queue.state.rows), "cerrados en la cola")
        closed = next(r.ticket_id for r in app.queue.state.rows if r.raw["status_code"] == "cerrado")
        for _ in range(5):
            ui.click(qv.row_tags[closed], double=True, fx=0.12)
            try:
                loop.wait(lambda: app.detail is not None and app.detail.ticket_id == closed
                          and dpg.get_item_configuration(tv.SEND)["enabled"], "ticket cerrado abierto", seconds=8)
                break
            except TimeoutError:
                continue
        loop.frame(5)
        s["closed_locks"] = locks_on_screen(ui)
        version = app.detail.row_version
        ui.click("ticket_assign_me")  # disabled: nothing happens, nothing is sent
        loop.frame(10)
        s["closed_after_click"] = [app.detail.row_version == version, dpg.get_value(tv.MESSAGE)]
        shot("closed_ticket")
    return 0


def locks_on_screen(ui: RealInput) -> dict:
    """Which side-panel actions are enabled, and the note that says why the others are not."""
    enabled = {tag: bool(dpg.get_item_configuration(tag)["enabled"])
               for tag in (*tv.ACTION_BUTTONS, tv.ASSIGNEE, tv.PRIORITY, tv.STATUS)}
    note = {"text": dpg.get_value(tv.LOCK_NOTE), "shown": dpg.is_item_shown(tv.LOCK_NOTE)}
    if note["shown"]:
        note["seen"] = ui.seen(tv.LOCK_NOTE)
    return {"enabled": enabled, "note": note}


def one_click_tabs(ui: RealInput, loop, run: DriverRun) -> dict[str, bool]:
    """«Personal», «Bitácora» and back to «Tickets»: ONE click on each tab's label (move and click at once,
    as a person does) switches to it, seen on screen."""
    from desktop.views import main_window

    out: dict[str, bool] = {}
    for tag in ("admin_staff_tab", "admin_audit_tab", main_window.TICKETS_TAB):
        x, y = dpg.get_item_rect_min(tag)
        w, h = dpg.get_item_rect_size(tag)
        ui.click_now(at=(x + min(w, 60) / 2, y + h / 2))
        try:
            loop.wait(lambda t=tag: dpg.get_value(main_window.TAB_BAR) in (t, dpg.get_alias_id(t)),
                      f"pestaña {tag} con un clic", seconds=20)
            out[tag] = True
        except TimeoutError:
            out[tag] = False
        run.shot(f"tab_{tag}")
    return out


def login(ui: RealInput, app, loop, username: str, password: str) -> None:
    ui.fill_login(username, password)
    ui.key("Return")
    loop.wait(lambda: app.queue_view is not None and app.queue_view.row_count() >= 1, "filas de la cola")
    loop.wait(lambda: not app.queue_loading, "cola cargada")


def admin_part(url: str, username: str, password: str, artifacts: str, w: int, h: int, image: Path) -> int:
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"desk_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary
    with run:
        loop.frame(5)
        ui = RealInput(run)
        login(ui, app, loop, username, password)
        s["tabs"] = one_click_tabs(ui, loop, run)
        ui.click(queue_view.ONLY_OPEN)  # cancelled tickets are not "open"
        loop.wait(lambda: not dpg.get_value(queue_view.ONLY_OPEN) and not app.queue_loading
                  and any(r.raw["status_code"] == "cancelado" for r in app.queue.state.rows), "cancelados en la cola")
        ui.key("Escape", "j", "Return")
        loop.wait(lambda: app.detail is not None and dpg.get_item_configuration(tv.SEND)["enabled"], "ticket")
        s["status_before"] = app.detail.ticket["status_code"]
        loop.frame(5)
        s["reopen_seen"] = visible(ui, ticket_extras.REOPEN)
        s["cancelled_locks"] = locks_on_screen(ui)
        run.shot("cancelled_locked")
        ui.click(ticket_extras.REOPEN)
        loop.wait(lambda: dpg.is_item_shown(ticket_extras.REOPEN_WINDOW), "cuadro del motivo")
        # The reason box (a WrappedTextBox in a modal window) has the keyboard at once: typed without a click,
        # a long reason wraps inside the box.
        reason_box = app.extras.reason
        try:
            loop.wait(lambda: any(dpg.is_item_active(k) for k in reason_box.sinks), "motivo con el teclado", seconds=30)
            s["reason_active_on_open"] = True
        except TimeoutError:
            s["reason_active_on_open"] = False
            ui.click(ticket_extras.REOPEN_REASON)
        ui.type(LONG_REASON, into=ticket_extras.REOPEN_REASON)
        loop.frame(6)
        s["reason_typed"] = reason_box.value
        s["reason_lines"] = len(reason_box.visual_lines())
        s["reason_widest"] = [max(reason_box.line_pixel_widths()), reason_box.wrap_width()]
        s["reason_seen"] = visible(ui, ticket_extras.REOPEN_REASON)
        run.shot("reopen_reason_wrapped")
        ui.key("ctrl+a", "Delete")
        loop.wait(lambda: reason_box.value == "", "motivo borrado")
        ui.click(ticket_extras.REOPEN_OK)  # no reason yet: refused on screen
        s["empty_reason"] = dpg.get_value(ticket_extras.REOPEN_MESSAGE)
        ui.click(ticket_extras.REOPEN_REASON)
        ui.type("Cancelado por error: el equipo sigue fallando.", into=ticket_extras.REOPEN_REASON)
        run.shot("reopen_dialog")
        ui.click(ticket_extras.REOPEN_OK)
        loop.wait(lambda: app.detail.ticket["status_code"] != "cancelado", "ticket reabierto")
        s["status_after"] = app.detail.ticket["status_code"]
        s["reopen_message"] = dpg.get_value(tv.MESSAGE)
        s["timeline_last"] = app.detail.timeline()[-1].title + " | " + app.detail.timeline()[-1].body
        s["reopen_hidden"] = not dpg.is_item_shown(ticket_extras.REOPEN)
        loop.wait(lambda: dpg.get_item_configuration("ticket_assign_me")["enabled"], "acciones habilitadas")
        s["reopened_locks"] = locks_on_screen(ui)
        run.shot("reopened")
        # ---- a public reply with an image --------------------------------------------------------
        ui.click(tv.COMMENT_KIND, fx=0.75)  # «Respuesta pública»
        loop.wait(lambda: dpg.get_value(tv.COMMENT_KIND) == tv.PUBLIC, "respuesta pública elegida")
        s["attach_enabled"] = dpg.get_item_configuration(ticket_extras.ATTACH)["enabled"]
        app.extras.add_files([image])
        loop.wait(lambda: app.extras.pending.get(app.current_ticket_id), "imagen lista")
        s["images_label"] = dpg.get_value(ticket_extras.IMAGES)
        ui.click(tv.COMMENT)
        ui.type("Este es el resultado esperado.", into=tv.COMMENT)
        ui.key("ctrl+Return")
        loop.wait(lambda: app.ticket_view.confirming(), "confirmación")
        s["confirm_text"] = dpg.get_value(tv.CONFIRM_TEXT)
        ui.key("Return")
        loop.wait(lambda: any(a.event_id for a in app.detail.attachments), "imagen en el historial")
        loop.frame(10)
        reply = next(e for e in app.detail.events if e["event_type"] == "respuesta")
        inline = f"{tv.TIMELINE}_photos_{reply['event_id']}"
        buttons = [c for c in dpg.get_item_children(inline, 1) or []
                   if dpg.get_item_type(c).endswith("mvImageButton")]
        s["inline_images"] = len(buttons)
        dpg.set_y_scroll(tv.TIMELINE, dpg.get_y_scroll_max(tv.TIMELINE))
        loop.frame(5)
        s["inline_seen"] = visible(ui, buttons[0])
        s["images_after"] = dpg.get_value(ticket_extras.IMAGES)
        run.shot("reply_with_image")
    return 0


if __name__ == "__main__":
    sys.exit(main())
