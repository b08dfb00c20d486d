"""Scripted driver with real input for the word-wrapping reply box (desktop/widgets/wrapped_text.py):
xdotool clicks at the box's on-screen rectangle and real keys, then what is on the screen.

    python -m tests.desktop.wrap_driver URL USERNAME PASSWORD ARTIFACTS WIDTH HEIGHT

Steps: click in the reply box and type a ~400-character paragraph with one Enter; Esc keeps it;
Ctrl+Enter saves it (the note read back from the database); Backspace, arrows, Shift+Home and
Ctrl+A then typing; «::» followed by fast typing filters the canned replies with no letter lost;
a 3,000-character paste wraps and the caret stays in view; the bulk dialog's public comment (a box in
another window) takes a click and typing. Screenshots:
artifacts/desk_wrap_{step}_{W}x{H}.png. Prints a JSON summary on its last line.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.services import ticket_service
from desktop.views import bulk_dialog
from desktop.views import ticket_view as tv
from desktop.widgets import wrapped_text
from tests.desktop.gui_loop import DriverRun, RealInput

PART1 = ("Buenos dias: revisamos la impresora del laboratorio de computo 4 y encontramos que el cable de red "
         "estaba suelto en el nodo de la pared, por eso no recibia los trabajos de impresion enviados desde las "
         "computadoras del salon. Lo conectamos de nuevo, imprimimos una pagina de prueba y funciono bien.")
PART2 = ("Si vuelve a fallar, por favor responda en este mismo ticket indicando la hora aproximada y el "
         "numero de equipo desde el que imprimia.")
TYPED = PART1 + "\n" + PART2  # ~400 characters, one line break typed by the person
BULK_COMMENT = ("Quedo resuelto: se cambio el cable de red del nodo y el equipo ya imprime desde todas las "
                "computadoras. Si vuelve a fallar, responda a este mensaje con el folio y la hora en que ocurrio, "
                "y de ser posible una foto de la pantalla del equipo.")  # two lines at any dialog width


def box_report(ui: RealInput, box: wrapped_text.WrappedTextBox) -> dict[str, Any]:
    """The drawn lines against the box: none wider than the text area, the text area inside the box."""
    widths = box.line_pixel_widths()
    return {"lines": len(box.visual_lines()), "widest": max(widths or [0.0]), "wrap_width": box.wrap_width(),
            "box_width": box.screen_rect()[2], "seen": ui.seen(box.tag)}


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"desk_wrap_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    with run:
        loop.frame(5)
        ui = RealInput(run)
        ui.fill_login(username, password)
        ui.key("Return")
        loop.wait(lambda: app.queue_view is not None and app.queue_view.row_count() >= 1, "filas de la cola")
        loop.wait(lambda: not app.queue_loading, "cola cargada")
        ui.key("Escape", "j", "Return")
        loop.wait(lambda: app.detail is not None and dpg.get_item_configuration(tv.SEND)["enabled"], "ticket")
        ticket_id = app.detail.ticket_id
        box = app.ticket_view.comment

        # ---- a paragraph with one Enter, typed after a click in the box ------------------------------
        before = ui.snapshot("empty")
        ui.click(tv.COMMENT, fx=0.3, fy=0.3)
        s["active_after_click"] = box.is_active()
        ui.type(PART1, into=tv.COMMENT)
        ui.key("Return")
        ui.type(PART2, into=tv.COMMENT)
        loop.wait(lambda: box.value == TYPED, "párrafo escrito", seconds=60)
        s["typed_equal"] = box.value == TYPED
        s["typed_value"] = box.value
        after = ui.snapshot("paragraph")
        s["paragraph"] = box_report(ui, box)
        s["paragraph"]["changed"] = ui.region_changed(before, after, box.screen_rect())

        # ---- Esc keeps it; Ctrl+Enter saves exactly what was typed ------------------------------------
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "Esc vuelve a la cola")
        ui.key("Return")  # the marked row opens again
        loop.wait(lambda: app.detail is not None and app.detail.ticket_id == ticket_id, "ticket de nuevo")
        s["draft_after_esc"] = box.value == TYPED
        ui.snapshot("draft_after_esc")
        notes = sum(1 for e in app.detail.events if e["event_type"] == "nota")
        ui.key("ctrl+Return")
        loop.wait(lambda: app.detail is not None and not app.acting
                  and sum(1 for e in app.detail.events if e["event_type"] == "nota") == notes + 1, "nota guardada")
        saved = ticket_service.load_detail(app.ctx.call, ticket_id)  # read back through the procedure
        s["saved_note"] = [e["body"] for e in saved.events if e["event_type"] == "nota"][-1]
        s["box_after_send"] = box.value
        ui.snapshot("note_saved")

        # ---- editing keys ------------------------------------------------------------------------------
        ui.click(tv.COMMENT, fx=0.5, fy=0.5)
        ui.type("uno dos tres", into=tv.COMMENT)
        ui.key("BackSpace", "BackSpace")
        s["after_backspace"] = box.value
        ui.key("Left", "Left", "Left")
        ui.type("X")
        loop.wait(lambda: "X" in box.value, "X escrita")
        s["after_arrows"] = box.value
        ui.key("shift+Home")
        s["selected"] = box.model.selected_text()
        ui.type("Y")
        loop.wait(lambda: "Y" in box.value, "Y escrita")
        s["after_shift_home"] = box.value
        ui.key("ctrl+a")
        ui.type("Nuevo texto")
        loop.wait(lambda: box.value.endswith("texto"), "texto nuevo")
        s["after_ctrl_a"] = box.value
        ui.key("ctrl+BackSpace")
        s["after_ctrl_backspace"] = box.value
        ui.snapshot("edited")
        ui.key("ctrl+a", "Delete")

        # ---- «::» then fast typing: every letter reaches the picker's filter ------------------------------
        for delay in ("0", "5"):
            ui.click(tv.COMMENT, fx=0.5, fy=0.5)
            subprocess.run(["xdotool", "type", "--delay", delay, "::reinic"], check=True, timeout=60)
            try:
                loop.wait(lambda: app.extras.picker.is_open() and app.extras.picker.filter.value == "reinic"
                          and len(app.extras.picker.shown) == 1, f"filtro «reinic» (--delay {delay})", seconds=30)
            except TimeoutError as exc:
                picker = app.extras.picker
                raise TimeoutError(f"{exc}: filtro {picker.filter.value!r}, abierto {picker.is_open()}, lista "
                                   f"{[r.title for r in picker.shown]}, cuadro {box.value!r}") from None
            loop.frame(6)
            s[f"filter_{delay}"] = app.extras.picker.filter.value
            s[f"filtered_{delay}"] = [r.title for r in app.extras.picker.shown]
            if delay == "0":
                ui.snapshot("picker")
            ui.key("Return")
            loop.wait(lambda: "reinicie el equipo" in box.value, "respuesta insertada")
            s[f"inserted_{delay}"] = box.value
            ui.key("ctrl+a", "Delete")
            loop.wait(lambda: box.value == "", "cuadro vacío")
        s["picker_closed"] = not app.extras.picker.is_open()

        # ---- a 3,000-character paste wraps; the caret stays in view -------------------------------------
        pasted = " ".join(f"Linea{n:03d} del texto pegado con varias palabras." for n in range(80))[:3000]
        dpg.set_clipboard_text(pasted)
        ui.click(tv.COMMENT, fx=0.5, fy=0.5)
        ui.key("ctrl+v")
        loop.wait(lambda: box.value == pasted, "texto pegado")
        loop.frame(10)
        s["paste_len"] = len(box.value)
        s["paste"] = box_report(ui, box)
        s["paste_scroll"] = [dpg.get_y_scroll(box.scroller), dpg.get_y_scroll_max(box.scroller)]
        ui.snapshot("paste")
        ui.key("ctrl+Home")
        loop.frame(10)
        s["scroll_after_ctrl_home"] = dpg.get_y_scroll(box.scroller)
        ui.key("ctrl+a", "Delete")

        # ---- the bulk dialog's public comment (a box in another window): clicked, typed, wrapped -----------
        ui.key("Escape")
        loop.wait(lambda: app.detail is None, "regreso a la cola")
        app.bulk.open([ticket_id])
        dpg.set_value(bulk_dialog.ACTION, "Cambiar estado")
        app.bulk._action_changed()
        loop.frame(6)
        comment = app.bulk.comment
        ui.click(bulk_dialog.COMMENT, fx=0.5, fy=0.5)
        ui.type(BULK_COMMENT, into=bulk_dialog.COMMENT)
        s["bulk_comment"] = comment.value
        s["bulk_lines"] = len(comment.visual_lines())
        ui.snapshot("bulk_comment")
        app.bulk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
