"""Administration tabs: widgets and events only. The services hold the logic; every database
call runs through ctx.run_async so the window never waits for the database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin import services as svc
from desktop.context import AppContext, user_message
from desktop.services.formatting import LOCAL, local_time

EXPORT_DIR = Path.home() / "ITL-exportaciones"
ALL_CAMPUSES = "(Todos)"
NO_LOCATION = "(Sin ubicación)"
CHARTS = {"category": "stats_plot_category", "campus": "stats_plot_campus", "status": "stats_plot_status"}
TREND_PLOT = "stats_plot_trend"


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if hasattr(value, "tzinfo"):
        return local_time(value)
    return str(value)


def _fill_table(table: int | str, headers: list[str], rows: list[list[Any]]) -> None:
    dpg.delete_item(table, children_only=True)
    for header in headers:
        dpg.add_table_column(label=header, parent=table)
    for row in rows:
        with dpg.table_row(parent=table):
            for value in row:
                dpg.add_text(_fmt(value))


class AdminScreens:
    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.ctx = ctx
        self.stats_service = svc.StatsService(ctx.call)
        self.staff_service = svc.StaffService(ctx.call)
        self.catalog_service = svc.CatalogService(ctx.call)
        self.report: svc.StatsReport | None = None
        self.campuses: list[dict[str, Any]] = []
        self.staff_rows: list[dict[str, Any]] = []
        self.selected_staff: int | None = None
        self.catalog_rows: list[dict[str, Any]] = []
        self.selected_item: int | None = None
        self.locations: list[dict[str, Any]] = []
        with dpg.tab(label="Estadísticas", parent=tab_bar, tag="admin_stats_tab"):
            self._build_stats()
        with dpg.tab(label="Personal", parent=tab_bar, tag="admin_staff_tab"):
            self._build_staff()
        with dpg.tab(label="Catálogos", parent=tab_bar, tag="admin_catalog_tab"):
            self._build_catalogs()
        with dpg.tab(label="Bitácora", parent=tab_bar, tag="admin_audit_tab"):
            self._build_audit()
        self.ctx.run_async(self.catalog_service.campuses, self._campuses_loaded, self._stats_error)

    # ---- statistics -------------------------------------------------------------------
    def _build_stats(self) -> None:
        today = date.today()
        with dpg.group(horizontal=True):
            dpg.add_text("Desde")
            dpg.add_input_text(tag="stats_from", default_value=(today - timedelta(days=89)).isoformat(), width=100)
            dpg.add_text("Hasta")
            dpg.add_input_text(tag="stats_to", default_value=today.isoformat(), width=100)
            dpg.add_text("Campus")
            dpg.add_combo([ALL_CAMPUSES], tag="stats_campus", default_value=ALL_CAMPUSES, width=120)
            dpg.add_text("Agrupar por")
            dpg.add_combo(list(svc.GRAINS.values()), tag="stats_grain", default_value="Semana", width=90)
            dpg.add_button(label="Actualizar", tag="stats_refresh", callback=lambda: self.load_stats())
            dpg.add_button(label="Exportar CSV", tag="stats_export_csv", callback=lambda: self.export_csv())
            dpg.add_button(label="Exportar gráficas PNG", tag="stats_export_png", callback=lambda: self.export_png())
        dpg.add_text("", tag="stats_message", wrap=1200)
        with dpg.group(horizontal=True):
            with dpg.child_window(width=440, height=300):
                dpg.add_text("Resumen")
                dpg.add_table(tag="stats_summary", header_row=False, borders_innerH=True, row_background=True)
            with dpg.plot(label="Recibidas y resueltas", tag=TREND_PLOT, height=300, width=-1):
                dpg.add_plot_legend()
                dpg.add_plot_axis(dpg.mvXAxis, tag="stats_trend_x")
                dpg.add_plot_axis(dpg.mvYAxis, label="Solicitudes", tag="stats_trend_y")
        with dpg.group(horizontal=True):
            for dim, tag in CHARTS.items():
                with dpg.plot(label=f"Por {svc.DIMENSIONS[dim].lower()}", tag=tag, height=280,
                              width=520 if dim == "category" else 330):
                    dpg.add_plot_axis(dpg.mvXAxis, tag=f"{tag}_x", no_gridlines=True)
                    dpg.add_plot_axis(dpg.mvYAxis, tag=f"{tag}_y")
        with dpg.group(horizontal=True):
            dpg.add_text("Desglose por")
            dpg.add_combo(list(svc.DIMENSIONS.values()), tag="stats_dimension", default_value="Tipo de solicitante",
                          width=180, callback=lambda: self._show_breakdown())
        with dpg.group(horizontal=True):
            with dpg.child_window(width=420, height=220):
                dpg.add_table(tag="stats_breakdown", header_row=True, row_background=True, borders_innerH=True)
            with dpg.child_window(width=520, height=220):
                dpg.add_text("Equipos con más solicitudes")
                dpg.add_table(tag="stats_top_equipment", header_row=True, row_background=True, borders_innerH=True)
            with dpg.child_window(width=-1, height=220):
                dpg.add_text("Pendientes hoy por campus y estado")
                dpg.add_table(tag="stats_backlog", header_row=True, row_background=True, borders_innerH=True)

    def _campuses_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.campuses = rows
        names = [ALL_CAMPUSES, *[r["name"] for r in rows]]
        dpg.configure_item("stats_campus", items=names)
        dpg.configure_item("catalog_campus", items=[r["name"] for r in rows])

    def stats_request(self) -> svc.StatsRequest:
        try:
            start = date.fromisoformat(dpg.get_value("stats_from").strip())
            end = date.fromisoformat(dpg.get_value("stats_to").strip())
        except ValueError as exc:
            raise ValueError("Escriba las fechas como AAAA-MM-DD (por ejemplo 2026-03-31).") from exc
        campus = dpg.get_value("stats_campus")
        campus_id = next((r["campus_id"] for r in self.campuses if r["name"] == campus), None)
        grain = next(k for k, v in svc.GRAINS.items() if v == dpg.get_value("stats_grain"))
        return svc.StatsRequest(start, end, campus_id, grain)

    def load_stats(self) -> None:
        try:
            request = self.stats_request()
        except ValueError as exc:
            dpg.set_value("stats_message", str(exc))
            return
        dpg.set_value("stats_message", "Cargando estadísticas…")
        self.ctx.run_async(lambda: self.stats_service.load(request), self._stats_loaded, self._stats_error)

    def _stats_error(self, exc: Exception) -> None:
        dpg.set_value("stats_message", user_message(exc))

    def _stats_loaded(self, report: svc.StatsReport) -> None:
        self.report = report
        tables = report.tables()
        _fill_table("stats_summary", *tables["resumen"])
        _fill_table("stats_top_equipment", ["Inventario", "Tipo", "Ubicación", "Solicitudes"],
                    [[r["inventory_tag"], r["kind"], r["location_name"], r["ticket_count"]]
                     for r in report.top_equipment])
        _fill_table("stats_backlog", *tables["pendientes_por_campus_y_estado"])
        self._show_breakdown()
        for dim, tag in CHARTS.items():
            self._bar_chart(tag, report.breakdowns[dim])
        self._trend_chart(report.trend)
        now = local_time(__import__("datetime").datetime.now(LOCAL))
        dpg.set_value("stats_message", f"Actualizado {now}: {report.summary['received']:,} solicitudes recibidas.")

    def _show_breakdown(self) -> None:
        if self.report is None:
            return
        dim = next(k for k, v in svc.DIMENSIONS.items() if v == dpg.get_value("stats_dimension"))
        _fill_table("stats_breakdown", *self.report.tables()[f"por_{dim}"])

    @staticmethod
    def _bar_chart(tag: str, rows: list[dict[str, Any]]) -> None:
        """Bars, largest first; the category chart is horizontal so its long names stay readable."""
        x_axis, y_axis = f"{tag}_x", f"{tag}_y"
        horizontal = tag == CHARTS["category"]
        dpg.delete_item(y_axis, children_only=True)
        rows = rows[:12]
        if horizontal:
            rows = list(reversed(rows))
        positions = [float(i) for i in range(len(rows))]
        counts = [float(r["ticket_count"]) for r in rows]
        dpg.add_bar_series(counts if horizontal else positions, positions if horizontal else counts,
                           parent=y_axis, weight=0.7, horizontal=horizontal)
        labels = tuple((str(r["item_name"])[:24 if horizontal else 14], float(i)) for i, r in enumerate(rows))
        if labels:
            dpg.set_axis_ticks(y_axis if horizontal else x_axis, labels)
        dpg.fit_axis_data(x_axis)
        dpg.fit_axis_data(y_axis)

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
        dpg.fit_axis_data("stats_trend_y")

    def export_csv(self) -> None:
        if self.report is None:
            dpg.set_value("stats_message", "Primero actualice las estadísticas.")
            return
        files = svc.export_csv(self.report, EXPORT_DIR)
        dpg.set_value("stats_message", f"{len(files)} archivo(s) CSV guardados en {EXPORT_DIR}.")

    def export_png(self, folder: Path = EXPORT_DIR) -> None:
        """Each chart cut out of the rendered frame (what the user sees) and written as PNG."""
        if self.report is None:
            dpg.set_value("stats_message", "Primero actualice las estadísticas.")
            return
        folder.mkdir(parents=True, exist_ok=True)
        plots = {"tendencia": TREND_PLOT, **{f"por_{dim}": tag for dim, tag in CHARTS.items()}}
        rects = {name: (dpg.get_item_rect_min(tag), dpg.get_item_rect_size(tag)) for name, tag in plots.items()}

        def frame_ready(_sender: object, buffer: object) -> None:
            # Dear PyGui hands over the frame; each chart's rectangle is saved with its own writer.
            width, height = buffer.get_width(), buffer.get_height()  # type: ignore[attr-defined]
            frame = memoryview(buffer)  # type: ignore[arg-type]
            written = 0
            for name, ((x, y), (w, h)) in rects.items():
                pixels = svc.crop_frame(frame, width, height, x, y, w, h)
                if pixels is not None:
                    dpg.save_image(str(folder / f"grafica_{name}.png"), int(w), int(h), pixels)
                    written += 1
            dpg.set_value("stats_message", f"{written} gráfica(s) PNG guardadas en {folder}.")

        dpg.output_frame_buffer(callback=frame_ready)  # delivered on a coming frame

    # ---- staff accounts ------------------------------------------------------------------
    def _build_staff(self) -> None:
        with dpg.group(horizontal=True):
            dpg.add_button(label="Actualizar", tag="staff_refresh", callback=lambda: self.load_staff())
            dpg.add_text("", tag="staff_message", wrap=1000)
        with dpg.table(tag="staff_table", header_row=True, row_background=True, borders_innerH=True,
                       scrollY=True, height=300, policy=dpg.mvTable_SizingStretchProp):
            pass
        with dpg.group(horizontal=True):
            with dpg.child_window(width=420, height=-1):
                dpg.add_text("Nueva cuenta")
                dpg.add_input_text(tag="staff_new_username", label="Usuario", width=220)
                dpg.add_input_text(tag="staff_new_name", label="Nombre completo", width=220)
                dpg.add_combo(list(svc.ROLES), tag="staff_new_role", label="Rol", default_value="operador",
                              width=220)
                dpg.add_button(label="Crear cuenta", tag="staff_create", callback=lambda: self.create_staff())
                dpg.add_text("", tag="staff_password_shown", color=(255, 220, 120), wrap=380)
            with dpg.child_window(width=-1, height=-1):
                dpg.add_text("Cuenta seleccionada: ninguna", tag="staff_selected")
                dpg.add_input_text(tag="staff_edit_name", label="Nombre completo", width=260)
                dpg.add_combo(list(svc.ROLES), tag="staff_edit_role", label="Rol", width=260)
                with dpg.group(horizontal=True):
                    dpg.add_button(label="Guardar", tag="staff_save", callback=lambda: self._staff_action("save"))
                    dpg.add_button(label="Activar/Desactivar", tag="staff_toggle",
                                   callback=lambda: self._staff_action("toggle"))
                    dpg.add_button(label="Desbloquear", tag="staff_unlock",
                                   callback=lambda: self._staff_action("unlock"))
                    dpg.add_button(label="Restablecer contraseña", tag="staff_reset",
                                   callback=lambda: self._staff_action("reset"))
                dpg.add_text("Intentos de inicio de sesión recientes")
                dpg.add_table(tag="staff_attempts", header_row=True, row_background=True, scrollY=True, height=-1)

    def load_staff(self) -> None:
        self.ctx.run_async(self.staff_service.list_staff, self._staff_loaded, self._staff_error)

    def _staff_error(self, exc: Exception) -> None:
        dpg.set_value("staff_message", user_message(exc))

    def _staff_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.staff_rows = rows
        table = "staff_table"
        dpg.delete_item(table, children_only=True)
        for header in ("Usuario", "Nombre", "Rol", "Activa", "Bloqueada", "Debe cambiar clave",
                       "Último acceso", "Fallos (7 días)"):
            dpg.add_table_column(label=header, parent=table)
        for r in rows:
            with dpg.table_row(parent=table):
                dpg.add_selectable(label=r["username"], span_columns=True, user_data=r["staff_id"],
                                   callback=lambda s, a, u: self.select_staff(u))
                for value in (r["full_name"], r["role"], r["is_active"], r["is_locked"], r["must_change_password"],
                              r["last_login_at"], r["recent_failed_attempts"]):
                    dpg.add_text(_fmt(value))

    def select_staff(self, staff_id: int) -> None:
        row = next((r for r in self.staff_rows if r["staff_id"] == staff_id), None)
        if row is None:
            return
        self.selected_staff = staff_id
        state = "activa" if row["is_active"] else "inactiva"
        dpg.set_value("staff_selected", f"Cuenta seleccionada: {row['username']} ({state})")
        dpg.set_value("staff_edit_name", row["full_name"])
        dpg.set_value("staff_edit_role", row["role"])
        self.ctx.run_async(lambda: self.staff_service.login_attempts(staff_id), self._attempts_loaded,
                           self._staff_error)

    def _attempts_loaded(self, rows: list[dict[str, Any]]) -> None:
        _fill_table("staff_attempts", ["Fecha", "Resultado", "Detalle", "Equipo"],
                    [[r["attempted_at"], "correcto" if r["succeeded"] else "fallido", r["outcome"], r["client_info"]]
                     for r in rows])

    def create_staff(self) -> None:
        username = dpg.get_value("staff_new_username")
        name, role = dpg.get_value("staff_new_name"), dpg.get_value("staff_new_role")

        def done(result: tuple[int, str]) -> None:
            dpg.set_value("staff_password_shown", f"Cuenta «{username.strip().lower()}» creada. Contraseña temporal "
                          f"(se muestra una sola vez; debe cambiarse al entrar): {result[1]}")
            dpg.set_value("staff_new_username", "")
            dpg.set_value("staff_new_name", "")
            self.load_staff()

        dpg.set_value("staff_password_shown", "Creando cuenta…")
        self.ctx.run_async(lambda: self.staff_service.create(username, name, role), done,
                           lambda e: dpg.set_value("staff_password_shown", user_message(e)))

    def _staff_action(self, action: str) -> None:
        staff_id = self.selected_staff
        row = next((r for r in self.staff_rows if r["staff_id"] == staff_id), None)
        if staff_id is None or row is None:
            dpg.set_value("staff_message", "Seleccione una cuenta de la lista.")
            return
        service = self.staff_service
        name, role = dpg.get_value("staff_edit_name"), dpg.get_value("staff_edit_role")
        work = {
            "save": lambda: service.update(staff_id, name, role),
            "toggle": lambda: service.set_active(staff_id, not row["is_active"]),
            "unlock": lambda: service.unlock(staff_id),
            "reset": lambda: service.reset_password(staff_id),
        }[action]

        def done(result: Any) -> None:
            if action == "reset":
                dpg.set_value("staff_password_shown", f"Nueva contraseña temporal de «{row['username']}» (se muestra "
                              f"una sola vez; debe cambiarse al entrar): {result}")
            dpg.set_value("staff_message", "Cambios guardados.")
            self.load_staff()

        self.ctx.run_async(work, done, self._staff_error)

    # ---- catalogs ----------------------------------------------------------------------
    def _build_catalogs(self) -> None:
        labels = [spec.label for spec in svc.CATALOGS.values()]
        with dpg.group(horizontal=True):
            dpg.add_text("Catálogo")
            dpg.add_combo(labels, tag="catalog_kind", default_value=labels[0], width=180,
                          callback=lambda: self.load_catalog())
            dpg.add_button(label="Actualizar", tag="catalog_refresh", callback=lambda: self.load_catalog())
            dpg.add_button(label="Nuevo", tag="catalog_new", callback=lambda: self.select_item(None))
            dpg.add_button(label="Guardar", tag="catalog_save", callback=lambda: self.save_item())
            dpg.add_button(label="Activar/Desactivar", tag="catalog_toggle", callback=lambda: self.toggle_item())
            dpg.add_text("", tag="catalog_message", wrap=700)
        dpg.add_text("Los elementos no se borran: se desactivan (las solicitudes anteriores los siguen citando).")
        with dpg.table(tag="catalog_table", header_row=True, row_background=True, borders_innerH=True,
                       scrollY=True, height=280, policy=dpg.mvTable_SizingStretchProp):
            pass
        with dpg.group(horizontal=True):
            with dpg.child_window(width=460, height=-1, tag="catalog_form"):
                dpg.add_text("Nuevo elemento", tag="catalog_form_title")
                dpg.add_input_text(tag="catalog_name", label="Nombre", width=260)
                dpg.add_input_text(tag="catalog_code", label="Código / inventario", width=260)
                dpg.add_combo([], tag="catalog_campus", label="Campus", width=260)
                dpg.add_combo([], tag="catalog_type", label="Tipo", width=260)
                dpg.add_input_text(tag="catalog_text1", label="Edificio / marca", width=260)
                dpg.add_input_text(tag="catalog_text2", label="Modelo / serie", width=260)
                dpg.add_input_int(tag="catalog_number1", label="Orden / horas / rango", width=260)
                dpg.add_input_int(tag="catalog_number2", label="Respuesta (h)", width=260)
                dpg.add_input_int(tag="catalog_number3", label="Solución (h)", width=260)
                dpg.add_checkbox(tag="catalog_flag", label="Académico / pide equipo / por omisión")
                dpg.add_combo([NO_LOCATION], tag="catalog_location", label="Ubicación (equipos)", width=260,
                              default_value=NO_LOCATION)
            with dpg.child_window(width=-1, height=-1):
                dpg.add_text("Importar inventario de equipos (CSV)")
                dpg.add_text("Columnas: " + svc.CSV_TEMPLATE.strip())
                with dpg.group(horizontal=True):
                    dpg.add_input_text(tag="catalog_csv_path", hint="Ruta del archivo .csv", width=380)
                    dpg.add_button(label="Importar", tag="catalog_import", callback=lambda: self.import_csv())
                dpg.add_text("", tag="catalog_import_message", wrap=600)
                dpg.add_listbox([], tag="catalog_import_problems", num_items=10, width=-1)

    def catalog_key(self) -> str:
        label = dpg.get_value("catalog_kind")
        return next(k for k, spec in svc.CATALOGS.items() if spec.label == label)

    def load_catalog(self) -> None:
        key = self.catalog_key()

        def work() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            locations = self.catalog_service.list("location") if key == "equipment" else self.locations
            return self.catalog_service.list(key), locations

        def done(result: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
            self.locations = result[1]
            dpg.configure_item("catalog_location", items=[NO_LOCATION, *[self.location_label(r)
                                                                         for r in self.locations]])
            self._catalog_loaded(key, result[0])

        self.ctx.run_async(work, done, lambda e: dpg.set_value("catalog_message", user_message(e)))

    @staticmethod
    def location_label(row: dict[str, Any]) -> str:
        return f"{row['campus_name']} – {row['name']}"

    def _catalog_loaded(self, key: str, rows: list[dict[str, Any]]) -> None:
        spec = svc.CATALOGS[key]
        self.catalog_rows = rows
        kinds = {"location": svc.LOCATION_KINDS, "equipment": svc.EQUIPMENT_KINDS,
                 "problem_category": svc.CATEGORY_KINDS}.get(key, ())
        dpg.configure_item("catalog_type", items=list(kinds))
        table = "catalog_table"
        dpg.delete_item(table, children_only=True)
        for _, header in spec.columns:
            dpg.add_table_column(label=header, parent=table)
        for r in rows:
            with dpg.table_row(parent=table):
                first, *rest = spec.columns
                dpg.add_selectable(label=_fmt(r[first[0]]), span_columns=True, user_data=r[spec.id_field],
                                   callback=lambda s, a, u: self.select_item(u))
                for column, _ in rest:
                    dpg.add_text(_fmt(r[column]))

    def select_item(self, item_id: int | None) -> None:
        self.selected_item = item_id
        row = next((r for r in self.catalog_rows if r[svc.CATALOGS[self.catalog_key()].id_field] == item_id), {})
        dpg.set_value("catalog_form_title", "Nuevo elemento" if item_id is None else f"Editando el elemento {item_id}")
        key = self.catalog_key()
        campus = next((c["name"] for c in self.campuses if c["campus_id"] == row.get("campus_id")), "")
        values = {
            "catalog_name": row.get("name") or row.get("model") or "",
            "catalog_code": row.get("code") or row.get("inventory_tag") or "",
            "catalog_campus": campus,
            "catalog_type": row.get("kind") or "",
            "catalog_text1": row.get("building") or row.get("brand") or "",
            "catalog_text2": row.get("serial_number") or "",
            "catalog_number1": row.get("sort_order") if key in ("location", "department")
            else row.get("target_hours") if key == "problem_category" else row.get("rank") or 0,
            "catalog_number2": row.get("response_target_hours") or 0,
            "catalog_number3": row.get("resolution_target_hours") or 0,
            "catalog_flag": bool(row.get("is_academic") or row.get("needs_equipment") or row.get("is_default")),
            "catalog_location": next((self.location_label(r) for r in self.locations
                                      if r["location_id"] == row.get("location_id")), NO_LOCATION),
        }
        for tag, value in values.items():
            dpg.set_value(tag, value if value is not None else 0)

    def form_values(self) -> dict[str, Any]:
        key = self.catalog_key()
        campus_id = next((c["campus_id"] for c in self.campuses if c["name"] == dpg.get_value("catalog_campus")), None)
        n1, flag = dpg.get_value("catalog_number1"), dpg.get_value("catalog_flag")
        location = dpg.get_value("catalog_location")
        location_id = next((r["location_id"] for r in self.locations if self.location_label(r) == location), None)
        return {
            "campus_id": campus_id, "name": dpg.get_value("catalog_name"), "kind": dpg.get_value("catalog_type"),
            "building": dpg.get_value("catalog_text1"), "sort_order": n1 if key != "problem_category" else 0,
            "is_academic": flag, "needs_equipment": flag, "is_default": flag, "target_hours": n1,
            "inventory_tag": dpg.get_value("catalog_code"), "code": dpg.get_value("catalog_code"),
            "brand": dpg.get_value("catalog_text1"), "model": dpg.get_value("catalog_name"),
            "serial_number": dpg.get_value("catalog_text2"), "location_id": location_id, "rank": n1,
            "response_target_hours": dpg.get_value("catalog_number2"),
            "resolution_target_hours": dpg.get_value("catalog_number3"),
        }

    def save_item(self) -> None:
        key, item_id, values = self.catalog_key(), self.selected_item, self.form_values()

        def done(new_id: int) -> None:
            dpg.set_value("catalog_message", f"Guardado (id {new_id}).")
            self.selected_item = new_id
            self.load_catalog()

        self.ctx.run_async(lambda: self.catalog_service.save(key, item_id, values), done,
                           lambda e: dpg.set_value("catalog_message", user_message(e)))

    def toggle_item(self) -> None:
        key, item_id = self.catalog_key(), self.selected_item
        row = next((r for r in self.catalog_rows if r[svc.CATALOGS[key].id_field] == item_id), None)
        if item_id is None or row is None:
            dpg.set_value("catalog_message", "Seleccione un elemento de la lista.")
            return
        self.ctx.run_async(lambda: self.catalog_service.set_active(key, item_id, not row["is_active"]),
                           lambda _: self.load_catalog(),
                           lambda e: dpg.set_value("catalog_message", user_message(e)))

    def import_csv(self) -> None:
        path = Path(dpg.get_value("catalog_csv_path").strip().strip('"'))
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            dpg.set_value("catalog_import_message", "No se pudo leer el archivo: revise la ruta y que esté en UTF-8.")
            return

        def done(result: svc.ImportResult) -> None:
            dpg.configure_item("catalog_import_problems", items=[p.text() for p in result.problems])
            if result.ok:
                dpg.set_value("catalog_import_message", f"Se importaron {result.imported} equipo(s).")
            else:
                dpg.set_value("catalog_import_message", f"No se importó nada: {len(result.problems)} problema(s). "
                              "Corrija las líneas indicadas y vuelva a importar.")

        dpg.set_value("catalog_import_message", "Importando…")
        self.ctx.run_async(lambda: self.catalog_service.import_equipment(text), done,
                           lambda e: dpg.set_value("catalog_import_message", user_message(e)))

    # ---- audit log -----------------------------------------------------------------------
    def _build_audit(self) -> None:
        with dpg.group(horizontal=True):
            dpg.add_button(label="Actualizar", tag="audit_refresh", callback=lambda: self.load_audit())
            dpg.add_text("", tag="audit_message")
        dpg.add_table(tag="audit_table", header_row=True, row_background=True, borders_innerH=True, scrollY=True,
                      height=-1, policy=dpg.mvTable_SizingStretchProp)

    def load_audit(self) -> None:
        self.ctx.run_async(self.staff_service.audit, self._audit_loaded,
                           lambda e: dpg.set_value("audit_message", user_message(e)))

    def _audit_loaded(self, rows: list[dict[str, Any]]) -> None:
        _fill_table("audit_table", ["Fecha", "Quién", "Acción", "Sobre", "Detalle"],
                    [[r["occurred_at"], r["username"], r["action"], r["target"], r["details"]] for r in rows])
