"""Login window (and the forced password change). Builds widgets and forwards events only."""

from __future__ import annotations

from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.views import theme

WINDOW = "login_window"
USERNAME = "login_username"
PASSWORD = "login_password"
SUBMIT = "login_submit"
MESSAGE = "login_message"
CHANGE_GROUP = "login_change_group"
CURRENT = "login_current_password"
NEW = "login_new_password"
CONFIRM = "login_confirm_password"
CHANGE_SUBMIT = "login_change_submit"



class LoginView:
    def __init__(
        self,
        on_submit: Callable[[str, str], None],
        on_change_password: Callable[[str, str, str], None],
    ) -> None:
        self._on_submit = on_submit
        self._on_change = on_change_password
        # autosize: the window grows with its content (the password change, a long message), so
        # nothing in it ever needs scrolling.
        with dpg.window(tag=WINDOW, label="Iniciar sesión", width=420, height=330, pos=(420, 180), autosize=True,
                        no_collapse=True, no_close=True, min_size=(420, 200)):
            dpg.add_text("Centro de Cómputo - Instituto Tecnológico de León")
            dpg.add_spacer(height=6)
            dpg.add_input_text(tag=USERNAME, label="Usuario", width=250, on_enter=True, callback=self._submit)
            dpg.add_input_text(tag=PASSWORD, label="Contraseña", width=250, password=True, on_enter=True,
                               callback=self._submit)
            dpg.add_button(tag=SUBMIT, label="Iniciar sesión", width=150, callback=self._submit)
            dpg.add_text("", tag=MESSAGE, wrap=380, color=theme.palette().error)
            with dpg.group(tag=CHANGE_GROUP, show=False):
                dpg.add_separator()
                dpg.add_text("Debe cambiar su contraseña antes de continuar.", wrap=380)
                dpg.add_input_text(tag=CURRENT, label="Contraseña actual", width=220, password=True)
                dpg.add_input_text(tag=NEW, label="Nueva contraseña", width=220, password=True)
                dpg.add_input_text(tag=CONFIRM, label="Confirme la nueva", width=220, password=True,
                                   on_enter=True, callback=self._change)
                dpg.add_button(tag=CHANGE_SUBMIT, label="Cambiar contraseña", callback=self._change)

    # ---- events ---------------------------------------------------------------
    def _submit(self) -> None:
        self._on_submit(dpg.get_value(USERNAME), dpg.get_value(PASSWORD))

    def _change(self) -> None:
        self._on_change(dpg.get_value(CURRENT), dpg.get_value(NEW), dpg.get_value(CONFIRM))

    # ---- state ----------------------------------------------------------------
    def show(self, message: str = "", info: bool = False) -> None:
        """Show the window; what was typed in the username stays (the password is cleared)."""
        dpg.set_value(PASSWORD, "")
        dpg.configure_item(CHANGE_GROUP, show=False)
        self.set_message(message, info)
        self.set_busy(False)
        dpg.configure_item(WINDOW, show=True)
        dpg.focus_item(PASSWORD if dpg.get_value(USERNAME) else USERNAME)

    def hide(self) -> None:
        dpg.configure_item(WINDOW, show=False)

    def set_busy(self, busy: bool) -> None:
        dpg.configure_item(SUBMIT, enabled=not busy, label="Verificando..." if busy else "Iniciar sesión")
        dpg.configure_item(CHANGE_SUBMIT, enabled=not busy)

    def set_message(self, message: str, info: bool = False) -> None:
        dpg.set_value(MESSAGE, message)
        p = theme.palette()  # the theme's text colour: readable on the window (a pale blue was not)
        dpg.configure_item(MESSAGE, color=p.text if info else p.error)

    def show_password_change(self, current_password: str) -> None:
        dpg.set_value(CURRENT, current_password)
        dpg.set_value(NEW, "")
        dpg.set_value(CONFIRM, "")
        dpg.configure_item(CHANGE_GROUP, show=True)
        self.set_busy(False)
        dpg.focus_item(NEW)
