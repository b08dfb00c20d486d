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
        # The field that gets the keyboard once the window has been drawn (focus asked before the
        # first frame is lost: on a fresh start «admin» was typed into nothing).
        self._focus_pending: str | None = USERNAME
        self._frames_shown = 0
        # Tab from «Contraseña» gives the keyboard to the button (ImGui's Tab only visits text fields):
        # it is highlighted and Space or Enter press it.
        self._button_keys = False
        self._password_was_active = False
        self._hidden_for_tab: str | None = None
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
            theme.bind(SUBMIT, theme.PRIMARY_BUTTON)
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
        self.focus(PASSWORD if dpg.get_value(USERNAME) else USERNAME)

    def focus(self, field: str) -> None:
        """Give `field` the keyboard (after the window has been drawn: see tick)."""
        self._focus_pending = field
        self._frames_shown = 0

    def tick(self) -> None:
        """Once per frame: keep the window centred on its real (autosized) size, and hand the keyboard
        to the pending field once the window has been drawn twice (its size and position are known)."""
        if not dpg.does_item_exist(WINDOW) or not dpg.is_item_shown(WINDOW):
            return
        self.center()
        self._frames_shown += 1
        if self._focus_pending is not None and self._frames_shown >= 2:
            field, self._focus_pending = self._focus_pending, None
            self._set_button_keys(False)
            dpg.focus_item(WINDOW)
            dpg.focus_item(field)
        self._tab_to_button()

    def _tab_to_button(self) -> None:
        if self._hidden_for_tab is not None:  # hidden one frame so that it lets the keyboard go
            dpg.configure_item(self._hidden_for_tab, show=True)
            self._hidden_for_tab = None
        password_active = bool(dpg.is_item_active(PASSWORD))
        username_active = bool(dpg.is_item_active(USERNAME))
        # Tab in «Contraseña»: ImGui wraps the keyboard round to «Usuario» (no click, no Shift held).
        tabbed = (self._password_was_active and username_active and not dpg.is_mouse_button_down(0)
                  and not dpg.is_key_down(dpg.mvKey_LShift) and not dpg.is_item_shown(CHANGE_GROUP))
        if tabbed:
            dpg.configure_item(USERNAME, show=False)  # hidden one frame so that it lets the keyboard go
            self._hidden_for_tab = USERNAME
            self._set_button_keys(True)
            username_active = False
        elif self._button_keys:
            if dpg.is_key_down(dpg.mvKey_Spacebar) or dpg.is_key_down(dpg.mvKey_Return):
                self._set_button_keys(False)
                if dpg.get_item_configuration(SUBMIT)["enabled"]:
                    self._submit()
            elif username_active or password_active or dpg.is_mouse_button_down(0):
                self._set_button_keys(False)  # a click elsewhere, or typing in a field again
        self._password_was_active = password_active

    def _set_button_keys(self, on: bool) -> None:
        self._button_keys = on
        theme.bind(SUBMIT, theme.FOCUSED_BUTTON if on else theme.PRIMARY_BUTTON)

    def button_has_keys(self) -> bool:
        """Tab reached «Iniciar sesión»: Space or Enter press it."""
        return self._button_keys

    def center(self) -> None:
        """Centred horizontally, a third of the free height above it: on the first start, after a
        logout and at every viewport size."""
        w, h = dpg.get_item_state(WINDOW).get("rect_size") or (0, 0)  # drawn size (autosize)
        w, h = w or dpg.get_item_width(WINDOW) or 420, h or dpg.get_item_height(WINDOW) or 330
        vw, vh = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
        pos = [max(0, int(vw - w) // 2), max(0, int(vh - h) // 3)]
        if list(dpg.get_item_pos(WINDOW)) != pos:
            dpg.configure_item(WINDOW, pos=pos)

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
        self.focus(NEW)

    def failed(self, message: str) -> None:
        """A refused login: the message, the password cleared and the keyboard back in «Contraseña»."""
        self.set_busy(False)
        self.set_message(message)
        if dpg.is_item_shown(CHANGE_GROUP):  # the forced change: the new password is typed again
            self.focus(NEW)
            return
        dpg.set_value(PASSWORD, "")
        self.focus(PASSWORD)
