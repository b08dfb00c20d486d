"""Bitácora: the latest administrative actions as Spanish sentences (who did what, when)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.services.audit_service import AuditService
from desktop.admin.views.common import AdminTab, fill_table
from desktop.context import AppContext

TABLE = "audit_table"


class AuditView(AdminTab):
    label = "Bitácora"
    tag = "admin_audit_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.service = AuditService(ctx.call)
        self.rows: list[dict[str, Any]] = []
        super().__init__(ctx, tab_bar)

    def build(self) -> None:
        dpg.add_table(tag=TABLE, header_row=True, row_background=True, borders_innerH=True, scrollY=True,
                      height=-1, policy=dpg.mvTable_SizingFixedFit)

    def job(self) -> Callable[[], list[dict[str, Any]]]:
        return self.service.load

    def show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        fill_table(TABLE, ["Fecha", "Qué pasó"], [[r["occurred_at"], r["sentence"]] for r in rows], wrap_last=True)
        if not rows:
            with dpg.table_row(parent=TABLE):
                dpg.add_text("")
                dpg.add_text("Todavía no hay acciones registradas.")

    def load_audit(self) -> None:
        self.load()
