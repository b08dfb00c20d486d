"""Personal: staff accounts, their recent login attempts, and the temporary password shown once
in a read-only field that can be selected or copied with "Copiar": at the top of the tab, naming
the account it belongs to (always in view, at 1366x768 too). «Restablecer contraseña» asks first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.services import staff_service as svc
from desktop.admin.views.common import AdminTab, fill_table, fmt
from desktop.context import AppContext, user_message
from desktop.views import theme

MESSAGE = "staff_message"
PASSWORD_NOTE = "staff_password_shown"
PASSWORD_VALUE = "staff_password_value"
PASSWORD_COPY = "staff_password_copy"
PASSWORD_GROUP = "staff_password_group"
TABLE = "staff_table"
RESET_CONFIRM = "staff_reset_confirm"  # a root (modal) window: deleted at logout (screens/session.py)
RESET_TEXT = "staff_reset_confirm_text"
RESET_OK = "staff_reset_confirm_ok"
RESET_CANCEL = "staff_reset_confirm_cancel"
FORM_HEIGHT = 250  # the two panels under the list: every field and button in view


def table_height() -> int:
    """The list takes what the window leaves above the panels (about 7 rows at 1366x768, 16 at 1080)."""
    try:
        height = dpg.get_viewport_client_height()
    except Exception:
        return 300
    return max(200, height - FORM_HEIGHT - 250)


DONE = {
    "save": "Se guardaron los cambios de «{username}».",
    "toggle": "Se cambió el estado (activa/inactiva) de «{username}».",
    "unlock": "Se desbloqueó «{username}».",
    "reset": "Se restableció la contraseña de «{username}».",
}


class StaffView(AdminTab):
    label = "Personal"
    tag = "admin_staff_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.service = svc.StaffService(ctx.call)
        self.rows: list[dict[str, Any]] = []
        self.selected: int | None = None
        super().__init__(ctx, tab_bar)

    def build(self) -> None:
        dpg.add_text("", tag=MESSAGE, wrap=0)
        # The temporary password, above the list: whose it is, the value, «Copiar».
        with dpg.group(horizontal=True, tag=PASSWORD_GROUP, show=False):
            theme.label("", "accent", tag=PASSWORD_NOTE)  # readable in light and dark
            # Read-only text input: it can be selected (and Ctrl+C) like any field.
            dpg.add_input_text(tag=PASSWORD_VALUE, readonly=True, width=220)
            dpg.add_button(label="Copiar", tag=PASSWORD_COPY, callback=lambda: self.copy_password())
            dpg.add_button(label="Ocultar", tag="staff_password_hide", callback=lambda: self.hide_password())
        # freeze_rows: the column headers stay while the list scrolls.
        with dpg.table(tag=TABLE, header_row=True, row_background=True, borders_innerH=True, freeze_rows=1,
                       scrollY=True, height=table_height(), policy=dpg.mvTable_SizingStretchProp):
            pass
        with dpg.group(horizontal=True):
            with dpg.child_window(width=440, height=-1):
                dpg.add_text("Nueva cuenta")
                dpg.add_input_text(tag="staff_new_username", label="Usuario", width=220)
                dpg.add_input_text(tag="staff_new_name", label="Nombre completo", width=220)
                dpg.add_combo(list(svc.ROLES), tag="staff_new_role", label="Rol", default_value="operador",
                              width=220)
                dpg.add_button(label="Crear cuenta", tag="staff_create", callback=lambda: self.create())
            with dpg.child_window(width=-1, height=-1):
                dpg.add_text("Cuenta seleccionada: ninguna", tag="staff_selected")
                dpg.add_input_text(tag="staff_edit_name", label="Nombre completo", width=260)
                dpg.add_combo(list(svc.ROLES), tag="staff_edit_role", label="Rol", width=260)
                with dpg.group(horizontal=True):
                    dpg.add_button(label="Guardar", tag="staff_save", callback=lambda: self.action("save"))
                    dpg.add_button(label="Activar/Desactivar", tag="staff_toggle",
                                   callback=lambda: self.action("toggle"))
                    dpg.add_button(label="Desbloquear", tag="staff_unlock", callback=lambda: self.action("unlock"))
                    dpg.add_button(label="Restablecer contraseña…", tag="staff_reset",
                                   callback=lambda: self.confirm_reset())
                dpg.add_text("Intentos de inicio de sesión recientes")
                dpg.add_table(tag="staff_attempts", header_row=True, row_background=True, scrollY=True,
                              freeze_rows=1, height=-1)

    def job(self) -> Callable[[], list[dict[str, Any]]]:
        return self.service.list_staff

    def show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        table = TABLE
        dpg.delete_item(table, children_only=True)
        for header in ("Usuario", "Nombre", "Rol", "Activa", "Bloqueada", "Debe cambiar clave",
                       "Último acceso", "Fallos (7 días)"):
            dpg.add_table_column(label=header, parent=table)
        height = theme.framed_line_height()  # the first cell level with the others
        theme.bind(table, "queue_rows")
        for r in rows:
            with dpg.table_row(parent=table):
                dpg.add_selectable(label=r["username"], span_columns=True, user_data=r["staff_id"], height=height,
                                   callback=lambda s, a, u: self.select(u))
                for value in (r["full_name"], r["role"], r["is_active"], r["is_locked"], r["must_change_password"],
                              r["last_login_at"], r["recent_failed_attempts"]):
                    dpg.add_text(fmt(value))

    def select(self, staff_id: int) -> None:
        row = next((r for r in self.rows if r["staff_id"] == staff_id), None)
        if row is None:
            return
        self.selected = staff_id
        state = "activa" if row["is_active"] else "inactiva"
        dpg.set_value("staff_selected", f"Cuenta seleccionada: {row['username']} ({state})")
        dpg.set_value("staff_edit_name", row["full_name"])
        dpg.set_value("staff_edit_role", row["role"])
        self.run(lambda: self.service.login_attempts(staff_id), self._attempts_loaded, MESSAGE)

    def _attempts_loaded(self, rows: list[dict[str, Any]]) -> None:
        fill_table("staff_attempts", ["Fecha", "Resultado", "Detalle", "Equipo"],
                   [[r["attempted_at"], "correcto" if r["succeeded"] else "fallido", r["outcome"], r["client_info"]]
                    for r in rows])

    # ---- the temporary password ---------------------------------------------------------------
    def show_password(self, note: str, password: str) -> None:
        dpg.set_value(PASSWORD_NOTE, note)
        dpg.set_value(PASSWORD_VALUE, password)
        dpg.configure_item(PASSWORD_GROUP, show=True)

    def hide_password(self, note: str = "") -> None:
        dpg.set_value(MESSAGE, note)
        dpg.set_value(PASSWORD_NOTE, "")
        dpg.set_value(PASSWORD_VALUE, "")
        dpg.configure_item(PASSWORD_GROUP, show=False)

    def copy_password(self) -> None:
        dpg.set_clipboard_text(dpg.get_value(PASSWORD_VALUE))
        dpg.set_value(MESSAGE, "Contraseña temporal copiada al portapapeles.")

    # ---- «Restablecer contraseña»: confirmed first, naming the account --------------------------------
    def confirm_reset(self) -> None:
        row = next((r for r in self.rows if r["staff_id"] == self.selected), None)
        if row is None:
            dpg.set_value(MESSAGE, "Seleccione una cuenta de la lista.")
            return
        self.close_confirm()
        vw, vh = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
        with dpg.window(tag=RESET_CONFIRM, label="Restablecer contraseña", modal=True, no_collapse=True,
                        no_saved_settings=True, autosize=True, pos=(max(0, vw // 2 - 230), max(0, vh // 3)),
                        on_close=lambda: self.close_confirm()):
            dpg.add_text(f"¿Restablecer la contraseña de «{row['username']}» ({row['full_name']})?\n"
                         "Su contraseña actual dejará de funcionar; se mostrará una temporal, que\n"
                         "deberá cambiar al entrar.", tag=RESET_TEXT)
            with dpg.group(horizontal=True):
                dpg.add_button(label="Restablecer", tag=RESET_OK, width=140,
                               callback=lambda: (self.close_confirm(), self.action("reset")))
                dpg.add_button(label="Cancelar", tag=RESET_CANCEL, width=140, callback=lambda: self.close_confirm())
        theme.bind(RESET_OK, theme.DANGER_BUTTON)

    def close_confirm(self) -> None:
        if dpg.does_item_exist(RESET_CONFIRM):
            dpg.delete_item(RESET_CONFIRM)

    # ---- actions ---------------------------------------------------------------------------------
    def create(self) -> None:
        username = dpg.get_value("staff_new_username")
        name, role = dpg.get_value("staff_new_name"), dpg.get_value("staff_new_role")

        def done(result: tuple[int, str]) -> None:
            self.show_password(f"Cuenta «{username.strip().lower()}» creada. Contraseña temporal (se muestra "
                               "una sola vez; debe cambiarse al entrar):", result[1])
            dpg.set_value(MESSAGE, f"Se creó la cuenta «{username.strip().lower()}».")
            dpg.set_value("staff_new_username", "")
            dpg.set_value("staff_new_name", "")
            self.load()

        self.hide_password("Creando cuenta…")
        self.ctx.run_async(lambda: self.service.create(username, name, role), done,
                           lambda e: self.hide_password(user_message(e)))

    def action(self, action: str) -> None:
        staff_id = self.selected
        row = next((r for r in self.rows if r["staff_id"] == staff_id), None)
        if staff_id is None or row is None:
            dpg.set_value(MESSAGE, "Seleccione una cuenta de la lista.")
            return
        service = self.service
        name, role = dpg.get_value("staff_edit_name"), dpg.get_value("staff_edit_role")
        work = {
            "save": lambda: service.update(staff_id, name, role),
            "toggle": lambda: service.set_active(staff_id, not row["is_active"]),
            "unlock": lambda: service.unlock(staff_id),
            "reset": lambda: service.reset_password(staff_id),
        }[action]

        def done(result: Any) -> None:
            if action == "reset":
                self.show_password(f"Contraseña temporal de «{row['username']}» (se muestra una sola vez; "
                                   "debe cambiarse al entrar):", result)
            dpg.set_value(MESSAGE, DONE[action].format(username=row["username"]))
            self.load()

        self.run(work, done, MESSAGE)
