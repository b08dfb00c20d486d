"""Scripted driver with REAL input only (xdotool keys, no click into a field first): the login
window as a person meets it on a fresh start, after a wrong password and after logging out.

    python -m tests.desktop.login_driver URL USERNAME PASSWORD ARTIFACTS_DIR WIDTH HEIGHT

Screenshots: artifacts/login_{step}_{W}x{H}.png. Prints a JSON summary last.
"""

from __future__ import annotations

import sys
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.views import login_view, main_window
from tests.desktop.gui_loop import DriverRun, RealInput


def placement() -> dict[str, Any]:
    """The login window's margins: left/right and top/bottom, in pixels."""
    state = dpg.get_item_state(login_view.WINDOW)
    x, y = dpg.get_item_pos(login_view.WINDOW)
    w, h = state["rect_size"]
    vw, vh = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    return {"left": round(x), "right": round(vw - x - w), "top": round(y), "bottom": round(vh - y - h)}


def fields() -> dict[str, Any]:
    return {"username": dpg.get_value(login_view.USERNAME), "password": dpg.get_value(login_view.PASSWORD),
            "username_active": bool(dpg.is_item_active(login_view.USERNAME)),
            "password_active": bool(dpg.is_item_active(login_view.PASSWORD))}


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"login_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary

    with run:
        ui = RealInput(run)  # focuses the OS window, as a person's first click on the taskbar would
        loop.frame(6)
        s["fresh_place"] = placement()
        s["fresh_focus"] = fields()
        ui.snapshot("fresh")
        # The trial's keys: user name, Tab, a wrong password, Enter, with no click anywhere.
        ui.type(username, into=login_view.USERNAME)
        ui.key("Tab")
        ui.type("clave-equivocada", into=login_view.PASSWORD)
        ui.key("Return")
        loop.wait(lambda: bool(dpg.get_value(login_view.MESSAGE)), "mensaje de error")
        loop.frame(6)
        s["failed"] = {**fields(), "message": dpg.get_value(login_view.MESSAGE),
                       "message_seen": ui.seen(login_view.MESSAGE)}
        ui.snapshot("failed")
        # Straight on: the password again, Tab to the button, Space presses it.
        ui.type(password, into=login_view.PASSWORD)
        before = ui.snapshot("password_typed")
        ui.key("Tab")
        after = ui.snapshot("tab_to_button")
        s["tab_to_button"] = {**fields(), "button_focused": app.login.button_has_keys(),
                              "button_changed": ui.region_changed(before, after, ui.rect(login_view.SUBMIT))}
        ui.key("space")
        loop.wait(lambda: app.queue_view is not None and dpg.is_item_shown(main_window.MAIN_WINDOW), "sesión abierta")
        loop.frame(6)
        ui.snapshot("logged_in")
        ui.click("main_logout_button")
        loop.wait(lambda: dpg.is_item_shown(login_view.WINDOW), "ventana de inicio de sesión otra vez")
        loop.frame(8)
        s["after_logout_place"] = placement()
        s["after_logout_focus"] = fields()
        ui.snapshot("after_logout")
        ui.type(password, into=login_view.PASSWORD)  # the user name is kept: straight to the password
        ui.key("Return")
        loop.wait(lambda: app.queue_view is not None and dpg.is_item_shown(main_window.MAIN_WINDOW),
                  "sesión abierta otra vez")
        s["relogged"] = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
