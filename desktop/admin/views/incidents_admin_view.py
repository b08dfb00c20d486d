"""«Estadísticas de incidentes» (administrators, issue 18): incidents per month, tickets per incident and
time to resolve over the last 12 months, and «Equipos con fallas repetidas» (campus, place, tag,
count, last failure), each with its CSV export like the other statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import dearpygui.dearpygui as dpg

from desktop.admin.services import incident_report_service as svc
from desktop.admin.services import settings_service
from desktop.admin.views.common import AdminTab, fill_table, now_label
from desktop.admin.views.stats_view import EXPORT_DIR
from desktop.context import AppContext

STATS_TABLE = "incident_stats_table"
REPEAT_TABLE = "incident_repeat_table"
MESSAGE = "incident_admin_message"
MONTHS = 12


class IncidentsAdminView(AdminTab):
    label = "Estadísticas de incidentes"  # the feature is «Incidentes» everywhere
    tag = "admin_incidents_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.report: svc.IncidentReport | None = None
        super().__init__(ctx, tab_bar)

    def build(self) -> None:
        with dpg.group(horizontal=True):
            dpg.add_button(label="Exportar CSV", tag="incident_admin_csv", callback=lambda: self.export_csv())
            dpg.add_text("", tag=MESSAGE)
        dpg.add_text("Incidentes por mes (últimos 12 meses, por fecha de inicio)")
        dpg.add_table(tag=STATS_TABLE, header_row=True, row_background=True, borders_innerH=True, height=220,
                      scrollY=True, policy=dpg.mvTable_SizingStretchProp)
        dpg.add_spacer(height=8)
        dpg.add_text("Equipos con fallas repetidas (cuántas solicitudes y en cuántos días: pestaña Ajustes, "
                     f"sección «{settings_service.INCIDENTS_GROUP}»)", wrap=0)
        dpg.add_table(tag=REPEAT_TABLE, header_row=True, row_background=True, borders_innerH=True, height=-1,
                      scrollY=True, policy=dpg.mvTable_SizingStretchProp)

    def job(self) -> Callable[[], svc.IncidentReport]:
        today = date.today()
        start = (today.replace(day=1) - timedelta(days=31 * (MONTHS - 1))).replace(day=1)
        return lambda: svc.load(self.ctx.call, start, today)

    def show(self, report: svc.IncidentReport) -> None:
        self.report = report
        fill_table(STATS_TABLE, svc.STATS_HEADERS, report.stats_rows())
        fill_table(REPEAT_TABLE, svc.REPEAT_HEADERS, report.repeat_rows())

    def export_csv(self, folder: Path = EXPORT_DIR) -> None:
        if self.report is None:
            dpg.set_value(MESSAGE, "Cargue la pestaña antes de exportar.")
            return
        try:
            files = svc.export_csv(self.report, folder)
        except OSError as exc:
            dpg.set_value(MESSAGE, f"No se pudo guardar: {exc.strerror or exc}")
            return
        dpg.set_value(MESSAGE, f"{len(files)} archivo(s) CSV guardados en {folder} ({now_label()}).")
