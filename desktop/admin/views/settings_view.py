"""Ajustes: the values of app.setting (submission limits, lockout, sessions, status lookups...)
grouped by topic, each with its accepted range; one "Guardar" per value. The database checks
the range, refuses operators and writes the change to the Bitácora."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

import gateway
from desktop.admin.services import settings_service as svc
from desktop.admin.views.common import AdminTab, fmt, saved_or_unchanged
from desktop.context import AppContext, user_message

MESSAGE = "settings_message"
BODY = "settings_body"


def value_tag(key: str) -> str:
    return f"setting_value_{key}"


class SettingsView(AdminTab):
    label = "Ajustes"
    tag = "admin_settings_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.service = svc.SettingsService(ctx.call)
        self.rows: dict[str, dict[str, Any]] = {}
        super().__init__(ctx, tab_bar)

    def build(self) -> None:
        dpg.add_text("Cada valor se guarda por separado y se aplica desde la siguiente solicitud, consulta o "
                     "inicio de sesión. Los cambios quedan en la Bitácora.", wrap=0)
        dpg.add_text("", tag=MESSAGE, wrap=0)
        dpg.add_group(tag=BODY)

    def job(self) -> Callable[[], list[dict[str, Any]]]:
        return self.service.list

    def show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = {r["setting_key"]: r for r in rows}
        dpg.delete_item(BODY, children_only=True)
        for title, items in svc.grouped(rows):
            dpg.add_text(title, parent=BODY)
            with dpg.table(parent=BODY, header_row=True, borders_innerH=True, row_background=True,
                           policy=dpg.mvTable_SizingStretchProp):
                dpg.add_table_column(label="Ajuste", init_width_or_weight=3.0)
                dpg.add_table_column(label="Valor", init_width_or_weight=1.2)
                dpg.add_table_column(label="Permitido", init_width_or_weight=1.6)
                dpg.add_table_column(label="", init_width_or_weight=0.8)
                for r in items:
                    key = r["setting_key"]
                    with dpg.table_row():
                        dpg.add_text(r["description"], wrap=0)
                        can_edit = svc.editable(r)
                        dpg.add_input_text(tag=value_tag(key), default_value=str(r["setting_value"]), width=-1,
                                           on_enter=True, callback=lambda s, a, u: self.save(u), user_data=key,
                                           readonly=not can_edit)
                        dpg.add_text(svc.bounds_text(r))
                        dpg.add_button(label="Guardar", tag=f"setting_save_{key}", user_data=key,
                                       enabled=can_edit, callback=lambda s, a, u: self.save(u))
            dpg.add_spacer(height=8, parent=BODY)

    def save(self, key: str) -> None:
        row = self.rows.get(key)
        if row is None or not svc.editable(row):
            return
        try:
            value = svc.parse_value(dpg.get_value(value_tag(key)))
        except ValueError as exc:
            dpg.set_value(MESSAGE, f"«{row['description']}»: {exc}")
            return

        def done(saved: dict[str, Any]) -> None:
            self.rows[key] = saved
            dpg.set_value(value_tag(key), str(saved["setting_value"]))
            text = f"Guardado: «{saved['description']}» = {fmt(saved['setting_value'])}."
            dpg.set_value(MESSAGE, saved_or_unchanged(bool(saved["changed"]), text))

        def failed(exc: Exception) -> None:
            text = user_message(exc)
            if isinstance(exc, gateway.AppError) and exc.error_id == gateway.error_id("setting_out_of_range"):
                text = f"{text} Para este ajuste: {svc.bounds_text(row)}."
            dpg.set_value(MESSAGE, f"«{row['description']}»: {text}")

        dpg.set_value(MESSAGE, "Guardando…")
        self.ctx.run_async(lambda: self.service.save(key, value), done, failed)
