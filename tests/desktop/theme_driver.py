"""Scripted driver: disabled buttons look disabled in every theme. The login window's two buttons
(«Iniciar sesión» as a primary button and «Cambiar contraseña» as a danger one: buttons with a
theme of their own, which replaces the global one's disabled look) are
shot enabled and disabled («Verificando…»), in the light and the dark theme, at the given size.

    python -m tests.desktop.theme_driver ARTIFACTS_DIR WIDTH HEIGHT

The app is never connected (the database is not needed to draw the login window). Screenshots:
artifacts/theme_{mode}_{state}_{W}x{H}.png. Prints a JSON summary last: per mode and button, the
share of the button's pixels that change when it is disabled.
"""

from __future__ import annotations

import sys

import dearpygui.dearpygui as dpg

from desktop.views import login_view, theme
from tests.desktop.gui_loop import DriverRun, RealInput


def main() -> int:
    artifacts, width, height = sys.argv[1:4]
    w, h = int(width), int(height)
    run = DriverRun("postgresql://nadie@127.0.0.1:9/ninguna", artifacts, size=(w, h),
                    file_name=f"theme_{{name}}_{w}x{h}.png")
    app, loop, s = run.app, run.loop, run.summary
    with run:
        loop.frame(5)
        app.login.show_password_change("")
        theme.bind(login_view.SUBMIT, theme.PRIMARY_BUTTON)
        theme.bind(login_view.CHANGE_SUBMIT, theme.DANGER_BUTTON)  # as «Restablecer», «Cancelar ticket»...
        loop.frame(5)
        for dark in (False, True):
            theme.setup(dark=dark)
            mode = "dark" if dark else "light"
            app.login.set_busy(False)
            enabled = run.shot(f"{mode}_enabled")
            rects = {tag: RealInput.rect(tag) for tag in (login_view.SUBMIT, login_view.CHANGE_SUBMIT)}
            app.login.set_busy(True)
            disabled = run.shot(f"{mode}_disabled")
            s[mode] = {tag: round(RealInput.region_changed(enabled, disabled, rect), 3) for tag, rect in rects.items()}
            s[f"{mode}_enabled_flags"] = [dpg.get_item_configuration(t)["enabled"] for t in rects]
        app.login.set_busy(False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
