"""Personal: staff accounts, their recent login attempts, and the temporary password shown once
in a read-only field that can be selected or copied with "Copiar"."""

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
        with dpg.table(tag="staff_table", header_row=True, row_background=True, borders_innerH=True,
                       scrollY=True, height=300, policy=dpg.mvTable_SizingStretchProp):
            pass
        with dpg.group(horizontal=True):
            with dpg.child_window(width=440, height=-1):
                dpg.add_text("Nueva cuenta")
                dpg.add_input_text(tag="staff_new_username", label="Usuario", width=220)
                dpg.add_input_text(tag="staff_new_name", label="Nombre completo", width=220)
                dpg.add_combo(list(svc.ROLES), tag="staff_new_role", label="Rol", default_value="operador",
                              width=220)
                dpg.add_button(label="Crear cuenta", tag="staff_create", callback=lambda: self.create())
                dpg.add_separator()
                theme.label("", "accent", tag=PASSWORD_NOTE, wrap=400)  # readable in light and dark
                with dpg.group(horizontal=True, tag="staff_password_group", show=False):
                    # Read-only text input: it can be selected (and Ctrl+C) like any field.
                    dpg.add_input_text(tag=PASSWORD_VALUE, readonly=True, width=220)
                    dpg.add_button(label="Copiar", tag=PASSWORD_COPY, callback=lambda: self.copy_password())
            with dpg.child_window(width=-1, height=-1):
                dpg.add_text("Cuenta seleccionada: ninguna", tag="staff_selected")
                dpg.add_input_text(tag="staff_edit_name", label="Nombre completo", width=260)
                dpg.add_combo(list(svc.ROLES), tag="staff_edit_role", label="Rol", width=260)
                with dpg.group(horizontal=True):
                    dpg.add_button(label="Guardar", tag="staff_save", callback=lambda: self.action("save"))
                    dpg.add_button(label="Activar/Desactivar", tag="staff_toggle",
                                   callback=lambda: self.action("toggle"))
                    dpg.add_button(label="Desbloquear", tag="staff_unlock", callback=lambda: self.action("unlock"))
                    dpg.add_button(label="Restablecer contraseña", tag="staff_reset",
                                   callback=lambda: self.action("reset"))
                dpg.add_text("Intentos de inicio de sesión recientes")
                dpg.add_table(tag="staff_attempts", header_row=True, row_background=True, scrollY=True, height=-1)

    def job(self) -> Callable[[], list[dict[str, Any]]]:
        return self.service.list_staff

    def show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        table = "staff_table"
        dpg.delete_item(table, children_only=True)
        for header in ("Usuario", "Nombre", "Rol", "Activa", "Bloqueada", "Debe cambiar clave",
                       "Último acceso", "Fallos (7 días)"):
            dpg.add_table_column(label=header, parent=table)
        for r in rows:
            with dpg.table_row(parent=table):
                dpg.add_selectable(label=r["username"], span_columns=True, user_data=r["staff_id"],
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
        dpg.configure_item("staff_password_group", show=True)

    def hide_password(self, note: str = "") -> None:
        dpg.set_value(PASSWORD_NOTE, note)
        dpg.set_value(PASSWORD_VALUE, "")
        dpg.configure_item("staff_password_group", show=False)

    def copy_password(self) -> None:
        dpg.set_clipboard_text(dpg.get_value(PASSWORD_VALUE))
        dpg.set_value(PASSWORD_NOTE, dpg.get_value(PASSWORD_NOTE).split(" Copiada")[0]
                      + " Copiada al portapapeles.")

    # ---- actions ---------------------------------------------------------------------------------
    def create(self) -> None:
        username = dpg.get_value("staff_new_username")
        name, role = dpg.get_value("staff_new_name"), dpg.get_value("staff_new_role")

        def done(result: tuple[int, str]) -> None:
            self.show_password(f"Cuenta «{username.strip().lower()}» creada. Contraseña temporal (se muestra una "
                               "sola vez; debe cambiarse al entrar):", result[1])
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
                self.show_password(f"Nueva contraseña temporal de «{row['username']}» (se muestra una sola vez; "
                                   "debe cambiarse al entrar):", result)
            dpg.set_value(MESSAGE, "Cambios guardados.")
            self.load()

        self.run(work, done, MESSAGE)
