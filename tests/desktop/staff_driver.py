"""Scripted driver with REAL input (xdotool): an administrator in «Personal» resets an account's
password (confirmed first, naming the account) and creates one; the temporary password is seen
with the account's name and «Copiar», without scrolling.

    python -m tests.desktop.staff_driver URL USERNAME PASSWORD TARGET ARTIFACTS_DIR WIDTH HEIGHT

Screenshots: artifacts/staff_{step}_{W}x{H}.png. Prints a JSON summary last.
"""

from __future__ import annotations

import sys

import dearpygui.dearpygui as dpg

from desktop.admin.views import staff_view
from desktop.views import main_window
from tests.desktop.gui_loop import DriverRun, RealInput


def main() -> int:
    url, username, password, target, artifacts, width, height = sys.argv[1:8]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"staff_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    with run:
        ui = RealInput(run)
        ui.fill_login(username, password)
        ui.key("Return")
        loop.wait(lambda: dpg.does_item_exist(main_window.MAIN_WINDOW) and dpg.is_item_shown(main_window.MAIN_WINDOW)
                  and dpg.does_item_exist("admin_staff_tab"), "sesión de administrador")
        loop.frame(6)
        ui.click("admin_staff_tab")
        screens = app.ctx.admin if hasattr(app.ctx, "admin") else None
        loop.wait(lambda: len(dpg.get_item_children(staff_view.TABLE, 1) or []) > 3, "lista del personal")
        loop.frame(6)
        rows = dpg.get_item_children(staff_view.TABLE, 1)
        first, last = dpg.get_item_children(rows[0], 1)[0], dpg.get_item_children(rows[1], 1)[0]
        row_h = ui.rect(last)[1] - ui.rect(first)[1]  # one row's pitch on screen
        s["table_rows_in_view"] = round(dpg.get_item_configuration(staff_view.TABLE)["height"] / max(1.0, row_h), 1)
        s["table_freeze_rows"] = dpg.get_item_configuration(staff_view.TABLE)["freeze_rows"]
        ui.snapshot("list")
        # Select the target's row by mouse (its first cell is the row's selectable).
        target_row = next(r for r in rows if dpg.get_item_label(dpg.get_item_children(r, 1)[0]) == target)
        ui.click(dpg.get_item_children(target_row, 1)[0])
        loop.wait(lambda: target in dpg.get_value("staff_selected"), "cuenta seleccionada")
        ui.click("staff_reset")
        loop.wait(lambda: dpg.does_item_exist(staff_view.RESET_CONFIRM), "confirmación")
        loop.frame(6)
        s["confirm_text"] = dpg.get_value(staff_view.RESET_TEXT)
        s["confirm_seen"] = ui.seen(staff_view.RESET_OK)
        s["password_before_confirm"] = dpg.get_value(staff_view.PASSWORD_VALUE)
        ui.snapshot("reset_confirm")
        ui.click(staff_view.RESET_OK)
        loop.wait(lambda: dpg.get_value(staff_view.PASSWORD_VALUE) != "", "contraseña temporal")
        loop.frame(6)
        s["reset"] = {"note": dpg.get_value(staff_view.PASSWORD_NOTE), "message": dpg.get_value(staff_view.MESSAGE),
                      "value": dpg.get_value(staff_view.PASSWORD_VALUE),
                      "value_seen": ui.seen(staff_view.PASSWORD_VALUE), "copy_seen": ui.seen(staff_view.PASSWORD_COPY)}
        ui.click(staff_view.PASSWORD_COPY)
        s["reset"]["copied"] = dpg.get_clipboard_text() == s["reset"]["value"]
        ui.snapshot("reset_password")
        # A new account: its temporary password in the same place, in view.
        ui.click("staff_new_username")
        ui.type("nueva.cuenta", into="staff_new_username")
        ui.click("staff_new_name")
        ui.type("Nueva Cuenta", into="staff_new_name")
        ui.click("staff_create")
        loop.wait(lambda: "nueva.cuenta" in dpg.get_value(staff_view.PASSWORD_NOTE), "contraseña de la cuenta nueva")
        loop.frame(6)
        s["created"] = {"note": dpg.get_value(staff_view.PASSWORD_NOTE),
                        "message": dpg.get_value(staff_view.MESSAGE),
                        "value_seen": ui.seen(staff_view.PASSWORD_VALUE),
                        "copy_seen": ui.seen(staff_view.PASSWORD_COPY), "create_seen": ui.seen("staff_create")}
        ui.snapshot("created")
        del screens
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
