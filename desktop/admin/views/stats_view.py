"""Estadísticas: summary, charts and tables of a date range; CSV and PNG exports. The choices
(range, campus, grouping, breakdown) are kept between loads and sessions (StatsChoices)."""

from __future__ import annotations

import array
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.services import stats_service as svc
from desktop.admin.views.common import AdminTab, fill_table, now_label
from desktop.context import AppContext, user_message

EXPORT_DIR = Path.home() / "ITL-exportaciones"
ALL_CAMPUSES = "(Todos)"
CHARTS = {"category": "stats_plot_category", "campus": "stats_plot_campus", "status": "stats_plot_status"}
# Horizontal bars for the charts whose names are long ("En proceso", "Esperando usuario"): side by
# side under vertical bars they overlapped.
HORIZONTAL = (CHARTS["category"], CHARTS["status"])
TREND_PLOT = "stats_plot_trend"
MESSAGE = "stats_message"


class StatsView(AdminTab):
    label = "Estadísticas"
    tag = "admin_stats_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.service = svc.StatsService(ctx.call)
        self.report: svc.StatsReport | None = None
        self.campuses: list[dict[str, Any]] = []
        self.choices = svc.StatsChoices.restore()
        super().__init__(ctx, tab_bar)

    def build(self) -> None:
        c = self.choices
        with dpg.group(horizontal=True):
            dpg.add_text("Desde")
            dpg.add_input_text(tag="stats_from", default_value=c.date_from.isoformat(), width=100)
            dpg.add_text("Hasta")
            dpg.add_input_text(tag="stats_to", default_value=c.date_to.isoformat(), width=100)
            dpg.add_text("Campus")
            dpg.add_combo([ALL_CAMPUSES], tag="stats_campus", default_value=c.campus or ALL_CAMPUSES, width=140)
            dpg.add_text("Agrupar por")
            dpg.add_combo(list(svc.GRAINS.values()), tag="stats_grain", default_value=svc.GRAINS[c.grain],
                          width=120)  # «Semana» whole, with the arrow
            dpg.add_button(label="Exportar CSV", tag="stats_export_csv", callback=lambda: self.export_csv())
            dpg.add_button(label="Exportar gráficas PNG", tag="stats_export_png", callback=lambda: self.export_png())
        dpg.add_text("", tag=MESSAGE, wrap=0)
        with dpg.group(horizontal=True):
            # Fixed-fit columns: each label gets the width it needs (no cut "Primera respuesta, perc...").
            with dpg.child_window(width=470, height=300, horizontal_scrollbar=True):
                dpg.add_text("Resumen")
                dpg.add_table(tag="stats_summary", header_row=False, borders_innerH=True, row_background=True,
                              policy=dpg.mvTable_SizingFixedFit)
            # no_inputs: the charts are read, not explored; the mouse wheel scrolls the page.
            with dpg.plot(label="Recibidas y resueltas", tag=TREND_PLOT, height=300, width=-1, no_inputs=True):
                dpg.add_plot_legend()
                dpg.add_plot_axis(dpg.mvXAxis, tag="stats_trend_x")
                dpg.add_plot_axis(dpg.mvYAxis, label="Solicitudes", tag="stats_trend_y")
        with dpg.group(horizontal=True):
            for dim, tag in CHARTS.items():
                with dpg.plot(label=f"Por {svc.DIMENSIONS[dim].lower()}", tag=tag, height=280,
                              width={"category": 480, "status": 400}.get(dim, 300), no_inputs=True):
                    dpg.add_plot_axis(dpg.mvXAxis, tag=f"{tag}_x", no_gridlines=True)
                    dpg.add_plot_axis(dpg.mvYAxis, tag=f"{tag}_y")
        with dpg.group(horizontal=True):
            dpg.add_text("Desglose por")
            dpg.add_combo(list(svc.DIMENSIONS.values()), tag="stats_dimension",
                          default_value=svc.DIMENSIONS[self.choices.dimension], width=180,
                          callback=lambda: self._dimension_changed())
        with dpg.group(horizontal=True):
            with dpg.child_window(width=420, height=220):
                # Columns as wide as their text: «Cuenta Office (Microsoft 365)» whole.
                dpg.add_table(tag="stats_breakdown", header_row=True, row_background=True, borders_innerH=True,
                              policy=dpg.mvTable_SizingFixedFit)
            # Columns as wide as their text (inventory tag, kind, location): scrolled sideways, never cut.
            with dpg.child_window(width=560, height=220, horizontal_scrollbar=True):
                dpg.add_text("Equipos con más solicitudes")
                dpg.add_table(tag="stats_top_equipment", header_row=True, row_background=True, borders_innerH=True,
                              policy=dpg.mvTable_SizingFixedFit)
            with dpg.child_window(width=-1, height=220):
                dpg.add_text("Pendientes hoy por campus y estado")
                dpg.add_table(tag="stats_backlog", header_row=True, row_background=True, borders_innerH=True)
        with dpg.child_window(width=-1, height=200):
            dpg.add_text("Satisfacción de los solicitantes (calificación de 1 a 5)")
            dpg.add_text("", tag="stats_satisfaction_note", wrap=0)
            dpg.add_table(tag="stats_satisfaction", header_row=True, row_background=True, borders_innerH=True,
                          policy=dpg.mvTable_SizingFixedFit)

    # ---- choices --------------------------------------------------------------------------
    def read_choices(self) -> svc.StatsChoices:
        try:
            start = date.fromisoformat(dpg.get_value("stats_from").strip())
            end = date.fromisoformat(dpg.get_value("stats_to").strip())
        except ValueError as exc:
            raise ValueError("Escriba las fechas como AAAA-MM-DD (por ejemplo 2026-03-31).") from exc
        campus = dpg.get_value("stats_campus")
        grain = next((k for k, v in svc.GRAINS.items() if v == dpg.get_value("stats_grain")), "week")
        dimension = next((k for k, v in svc.DIMENSIONS.items() if v == dpg.get_value("stats_dimension")),
                         "requester_type")
        return svc.StatsChoices(start, end, "" if campus == ALL_CAMPUSES else campus, grain, dimension)

    def _dimension_changed(self) -> None:
        try:
            self.choices = self.read_choices()
            self.choices.remember()
        except ValueError:
            pass
        self._show_breakdown()

    # ---- loading --------------------------------------------------------------------------
    def job(self) -> Callable[[], tuple[list[dict[str, Any]], svc.StatsReport]]:
        choices = self.read_choices()  # ValueError: shown instead of loading
        self.choices = choices
        choices.remember()
        known = self.campuses

        def work() -> tuple[list[dict[str, Any]], svc.StatsReport]:
            campuses = known or self.service.call("staff.list_campuses")
            campus_id = next((r["campus_id"] for r in campuses if r["name"] == choices.campus), None)
            request = svc.StatsRequest(choices.date_from, choices.date_to, campus_id, choices.grain)
            return campuses, self.service.load(request)

        dpg.set_value(MESSAGE, "")
        return work

    def load_stats(self) -> None:
        self.load()

    def show(self, result: tuple[list[dict[str, Any]], svc.StatsReport]) -> None:
        campuses, report = result
        if not self.campuses:
            self.campuses = campuses
            dpg.configure_item("stats_campus", items=[ALL_CAMPUSES, *[r["name"] for r in campuses]])
        self.report = report
        tables = report.tables()
        fill_table("stats_summary", *tables["resumen"])
        fill_table("stats_top_equipment", ["Inventario", "Tipo", "Ubicación", "Solicitudes"],
                   [[r["inventory_tag"], r["kind"], r["location_name"], r["ticket_count"]]
                    for r in report.top_equipment])
        fill_table("stats_backlog", *tables["pendientes_por_campus_y_estado"])
        if report.satisfaction is None:
            fill_table("stats_satisfaction", [], [])
            dpg.set_value("stats_satisfaction_note", "Esta base de datos todavía no registra calificaciones.")
        else:
            _, rows = tables["satisfaccion_por_operador"]
            fill_table("stats_satisfaction", ["Operador", "Respuestas", "Promedio", "1", "2", "3", "4", "5"], rows)
            total = report.satisfaction["total"]
            count = total[0]["rating_count"] if total else 0
            dpg.set_value("stats_satisfaction_note", "Sin calificaciones en el periodo." if not count else "")
        self._show_breakdown()
        for dim, tag in CHARTS.items():
            self._bar_chart(tag, report.breakdowns[dim])
        self._trend_chart(report.trend)
        dpg.set_value(MESSAGE, f"{report.summary['received']:,} solicitudes recibidas en el periodo.")

    def _show_breakdown(self) -> None:
        if self.report is None:
            return
        dim = next(k for k, v in svc.DIMENSIONS.items() if v == dpg.get_value("stats_dimension"))
        fill_table("stats_breakdown", *self.report.tables()[svc.breakdown_name(dim)])

    @staticmethod
    def _bar_chart(tag: str, rows: list[dict[str, Any]]) -> None:
        """Bars, largest first; category and status are horizontal so their long names stay readable."""
        x_axis, y_axis = f"{tag}_x", f"{tag}_y"
        horizontal = tag in HORIZONTAL
        dpg.delete_item(y_axis, children_only=True)
        rows = rows[:12]
        if horizontal:
            rows = list(reversed(rows))
        positions = [float(i) for i in range(len(rows))]
        counts = [float(r["ticket_count"]) for r in rows]
        dpg.add_bar_series(counts if horizontal else positions, positions if horizontal else counts,
                           parent=y_axis, weight=0.7, horizontal=horizontal)
        # Whole names on the horizontal charts («Cuenta Office (Microsoft 365)»: the bars give way to them).
        labels = tuple((_short(str(r["item_name"]), 34 if horizontal else 14), float(i)) for i, r in enumerate(rows))
        if labels:
            dpg.set_axis_ticks(y_axis if horizontal else x_axis, labels)
        dpg.fit_axis_data(y_axis if horizontal else x_axis)
        _count_axis(x_axis if horizontal else y_axis, counts)

    @staticmethod
    def _trend_chart(rows: list[dict[str, Any]]) -> None:
        dpg.delete_item("stats_trend_y", children_only=True)
        xs = [float(i) for i in range(len(rows))]
        dpg.add_line_series(xs, [float(r["received"]) for r in rows], label="Recibidas", parent="stats_trend_y")
        dpg.add_line_series(xs, [float(r["resolved"]) for r in rows], label="Resueltas", parent="stats_trend_y")
        step = max(1, (len(rows) + 6) // 7)
        ticks = tuple((r["period_start"].strftime("%d/%m/%y"), float(i)) for i, r in enumerate(rows) if i % step == 0)
        if ticks:
            dpg.set_axis_ticks("stats_trend_x", ticks)
        dpg.fit_axis_data("stats_trend_x")
        _count_axis("stats_trend_y", [float(r[k]) for r in rows for k in ("received", "resolved")])

    # ---- exports --------------------------------------------------------------------------
    def export_csv(self, folder: Path = EXPORT_DIR) -> None:
        if self.report is None:
            dpg.set_value(MESSAGE, "Primero cargue las estadísticas.")
            return
        try:
            files = svc.export_csv(self.report, folder)
        except OSError as exc:
            dpg.set_value(MESSAGE, f"No se pudieron guardar los archivos en {folder}: {exc.strerror or exc}.")
            return
        dpg.set_value(MESSAGE, f"{len(files)} archivo(s) CSV guardados en {folder} ({now_label()}).")

    def export_png(self, folder: Path = EXPORT_DIR) -> None:
        """Each chart cut out of the next rendered frame (what the user sees), saved by Dear PyGui."""
        if self.report is None:
            dpg.set_value(MESSAGE, "Primero cargue las estadísticas.")
            return
        plots = {"tendencia": TREND_PLOT, **{svc.breakdown_name(dim): tag for dim, tag in CHARTS.items()}}
        rects = {name: (dpg.get_item_rect_min(tag), dpg.get_item_rect_size(tag)) for name, tag in plots.items()}

        def captured(_sender: Any, frame: Any) -> None:
            width, height = frame.get_width(), frame.get_height()
            # Copy the pixels here, in the callback: the buffer belongs to the renderer, and a worker
            # thread still holding it when the renderer frees it aborts the process (GIL error).
            view = memoryview(frame)
            pixels = array.array(view.format if view.format in ("f", "d") else "f")
            pixels.frombytes(view.tobytes())
            view.release()
            self.ctx.run_async(lambda: svc.crop_frame(pixels, width, height, rects),
                               lambda images: self._save_images(folder, images, list(plots)),
                               lambda e: dpg.set_value(MESSAGE, user_message(e)))

        dpg.set_value(MESSAGE, "Guardando gráficas…")
        dpg.output_frame_buffer(callback=captured)  # the renderer calls back after a coming frame

    @staticmethod
    def _save_images(folder: Path, images: dict[str, tuple[int, int, list[int]]], wanted: list[str]) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, (width, height, data) in images.items():
                dpg.save_image(str(folder / f"grafica_{name}.png"), width, height, data, components=4)
        except (OSError, SystemError) as exc:
            dpg.set_value(MESSAGE, f"No se pudieron guardar las gráficas en {folder}: {exc}.")
            return
        missing = [name.replace("_", " ") for name in wanted if name not in images]
        note = (f" No se guardaron, por estar fuera de la vista: {', '.join(missing)} (desplace la página hasta "
                "verlas y exporte de nuevo).") if missing else ""
        dpg.set_value(MESSAGE, f"{len(images)} gráfica(s) PNG guardadas en {folder}.{note}")


def _count_axis(axis: str, counts: list[float]) -> None:
    """An axis of counts: whole-number ticks (stats_service.count_ticks) and limits from 0 to the last."""
    ticks = svc.count_ticks(max(counts, default=0))
    dpg.set_axis_ticks(axis, tuple((f"{t:,}", float(t)) for t in ticks))
    dpg.set_axis_limits(axis, 0.0, float(ticks[-1]) * 1.04)


def _short(text: str, limit: int) -> str:
    """At most `limit` characters; a longer name ends in «…» (the table below has it whole)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

