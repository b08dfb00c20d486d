"""Catálogos: the items of one catalog, a form with that catalog's own labelled fields, and the
equipment inventory import from a CSV file chosen in a file dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.services import catalog_service as svc
from desktop.admin.services.csv_import import CSV_TEMPLATE, ImportResult, read_csv_file
from desktop.admin.views.common import AdminTab, fmt, saved_or_unchanged
from desktop.context import AppContext, user_message
from desktop.views import theme

MESSAGE = "catalog_message"
NO_LOCATION = "(Sin ubicación)"
FILE_DIALOG = "catalog_csv_dialog"
IMPORT_MESSAGE = "catalog_import_message"


def field_tag(catalog: str, name: str) -> str:
    return f"catalog_{catalog}_{name}"


class CatalogView(AdminTab):
    label = "Catálogos"
    tag = "admin_catalog_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.service = svc.CatalogService(ctx.call)
        self.rows: list[dict[str, Any]] = []
        self.selected: int | None = None
        self.campuses: list[dict[str, Any]] = []
        self.locations: list[dict[str, Any]] = []
        self.current = next(iter(svc.CATALOGS))
        super().__init__(ctx, tab_bar)

    # ---- widgets -----------------------------------------------------------------------------
    def build(self) -> None:
        labels = [spec.label for spec in svc.CATALOGS.values()]
        with dpg.group(horizontal=True):
            dpg.add_text("Catálogo")
            dpg.add_combo(labels, tag="catalog_kind", default_value=labels[0], width=180,
                          callback=lambda: self.kind_changed())
            dpg.add_button(label="Nuevo", tag="catalog_new", callback=lambda: self.select(None))
            dpg.add_button(label="Guardar", tag="catalog_save", callback=lambda: self.save())
            dpg.add_button(label="Activar/Desactivar", tag="catalog_toggle", callback=lambda: self.toggle())
        dpg.add_text("", tag=MESSAGE, wrap=0)
        dpg.add_text("Los elementos no se borran: se desactivan (las solicitudes anteriores los siguen citando).")
        with dpg.table(tag="catalog_table", header_row=True, row_background=True, borders_innerH=True,
                       scrollY=True, height=280, policy=dpg.mvTable_SizingStretchProp):
            pass
        with dpg.group(horizontal=True):
            with dpg.child_window(width=520, height=-1, tag="catalog_form"):
                dpg.add_text("Nuevo elemento", tag="catalog_form_title")
                for key, spec in svc.CATALOGS.items():
                    with dpg.group(tag=f"catalog_form_{key}", show=key == self.current):
                        for f in spec.fields:
                            self._add_field(key, f)
            with dpg.child_window(width=-1, height=-1):
                dpg.add_text("Importar inventario de equipos (CSV)")
                dpg.add_text("Columnas: " + CSV_TEMPLATE.strip())
                with dpg.group(horizontal=True):
                    dpg.add_button(label="Elegir archivo CSV…", tag="catalog_import",
                                   callback=lambda: dpg.show_item(FILE_DIALOG))
                    dpg.add_input_text(tag="catalog_csv_path", readonly=True, width=-1,
                                       hint="Ningún archivo elegido")
                dpg.add_text("", tag=IMPORT_MESSAGE, wrap=0)
                dpg.add_listbox([], tag="catalog_import_problems", num_items=10, width=-1)
        with dpg.file_dialog(tag=FILE_DIALOG, label="Elegir el archivo CSV del inventario", show=False,
                             modal=True, width=700, height=420, directory_selector=False,
                             default_path=str(Path.home()), callback=self._file_chosen):
            dpg.add_file_extension(".csv", color=(120, 200, 255, 255))
            dpg.add_file_extension(".*")

    @staticmethod
    def _add_field(catalog: str, f: svc.FormField) -> None:
        tag = field_tag(catalog, f.name)
        if f.kind == "text":
            dpg.add_input_text(tag=tag, label=f.label, width=260, hint=f.hint)
        elif f.kind == "int":
            dpg.add_input_int(tag=tag, label=f.label, width=260, min_value=0, min_clamped=True)
        elif f.kind == "bool":
            dpg.add_checkbox(tag=tag, label=f.label)
        elif f.kind == "choice":
            dpg.add_combo([svc.choice_label(c) for c in f.choices], tag=tag, label=f.label, width=260)
        elif f.kind == "campus":
            dpg.add_combo([], tag=tag, label=f.label, width=260)
        elif f.kind == "location":
            dpg.add_combo([NO_LOCATION], tag=tag, label=f.label, width=260, default_value=NO_LOCATION)

    # ---- loading -----------------------------------------------------------------------------
    def kind_changed(self) -> None:
        self.current = svc.catalog_by_label(dpg.get_value("catalog_kind")).key
        for key in svc.CATALOGS:
            dpg.configure_item(f"catalog_form_{key}", show=key == self.current)
        self.selected = None
        self.load()

    def job(self) -> Callable[[], tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]]:
        key = svc.catalog_by_label(dpg.get_value("catalog_kind")).key
        self.current = key
        campuses, locations = self.campuses, self.locations

        def work() -> tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
            c = campuses or self.service.campuses()
            loc = self.service.list("location") if key in ("location", "equipment") or not locations else locations
            rows = loc if key == "location" else self.service.list(key)
            return key, rows, c, loc

        return work

    def load_catalog(self) -> None:
        self.load()

    def show(self, result: tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]) -> None:
        key, rows, campuses, locations = result
        self.campuses, self.locations = campuses, locations
        dpg.configure_item(field_tag("location", "campus_id"), items=[c["name"] for c in campuses])
        dpg.configure_item(field_tag("equipment", "location_id"),
                           items=[NO_LOCATION, *[self.location_label(r) for r in locations]])
        spec = svc.CATALOGS[key]
        self.rows = rows
        table = "catalog_table"
        dpg.delete_item(table, children_only=True)
        for _, header in spec.columns:
            dpg.add_table_column(label=header, parent=table)
        height = theme.framed_line_height()  # the first cell level with the others
        theme.bind(table, "queue_rows")
        for r in rows:
            with dpg.table_row(parent=table):
                first, *rest = spec.columns
                dpg.add_selectable(label=fmt(r[first[0]]), span_columns=True, user_data=r[spec.id_field], height=height,
                                   callback=lambda s, a, u: self.select(u))
                for column, _ in rest:
                    dpg.add_text(fmt(r[column]))

    @staticmethod
    def location_label(row: dict[str, Any]) -> str:
        return f"{row['campus_name']} – {row['name']}"

    # ---- the form ---------------------------------------------------------------------------
    def select(self, item_id: int | None) -> None:
        spec = svc.CATALOGS[self.current]
        self.selected = item_id
        row = next((r for r in self.rows if r[spec.id_field] == item_id), {}) if item_id is not None else {}
        name = row.get("name") or row.get("inventory_tag") or row.get("code") or ""
        dpg.set_value("catalog_form_title", f"Nuevo elemento: {spec.label.lower()}" if item_id is None
                      else f"Editando {spec.singular} «{name}»")
        for f in spec.fields:
            value: Any = row.get(f.name)
            if f.kind == "campus":
                value = next((c["name"] for c in self.campuses if c["campus_id"] == value), "")
            elif f.kind == "location":
                value = next((self.location_label(r) for r in self.locations if r["location_id"] == value),
                             NO_LOCATION)
            elif f.kind == "int":
                value = int(value or 0)
            elif f.kind == "bool":
                value = bool(value)
            elif f.kind == "choice":
                value = svc.choice_label(str(value or ""))
            else:
                value = "" if value is None else str(value)
            dpg.set_value(field_tag(self.current, f.name), value)

    def form_values(self) -> dict[str, Any]:
        spec = svc.CATALOGS[self.current]
        values: dict[str, Any] = {}
        for f in spec.fields:
            value = dpg.get_value(field_tag(self.current, f.name))
            if f.kind == "campus":
                value = next((c["campus_id"] for c in self.campuses if c["name"] == value), None)
            elif f.kind == "location":
                value = next((r["location_id"] for r in self.locations if self.location_label(r) == value), None)
            elif f.kind == "choice":
                value = svc.choice_code(value or "")
            values[f.name] = value
        return values

    def save(self) -> None:
        key, item_id, values = self.current, self.selected, self.form_values()
        spec = svc.CATALOGS[key]
        name = str(values.get("name") or values.get("inventory_tag") or values.get("code") or "").strip()

        def done(saved: tuple[int, bool]) -> None:
            new_id, changed = saved
            if item_id is None:  # a create: said so, and the form is empty again for the next one
                dpg.set_value(MESSAGE, f"Se creó {spec.singular} «{name}».")
                self.select(None)
            else:
                text = f"Se guardaron los cambios en {spec.singular} «{name}»."
                dpg.set_value(MESSAGE, saved_or_unchanged(changed, text))
                self.selected = new_id
            self.load()

        self.run(lambda: self.service.save(key, item_id, values), done, MESSAGE)

    def toggle(self) -> None:
        key, item_id = self.current, self.selected
        row = next((r for r in self.rows if r[svc.CATALOGS[key].id_field] == item_id), None)
        if item_id is None or row is None:
            dpg.set_value(MESSAGE, "Seleccione un elemento de la lista.")
            return
        self.run(lambda: self.service.set_active(key, item_id, not row["is_active"]), lambda _: self.load(), MESSAGE)

    # ---- CSV import --------------------------------------------------------------------------
    def _file_chosen(self, _sender: Any, app_data: dict[str, Any]) -> None:
        path = app_data.get("file_path_name") if isinstance(app_data, dict) else None
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        dpg.set_value("catalog_csv_path", str(path))
        try:
            text = read_csv_file(path)
        except ValueError as exc:
            dpg.set_value(IMPORT_MESSAGE, str(exc))
            return

        def done(result: ImportResult) -> None:
            dpg.configure_item("catalog_import_problems", items=[p.text() for p in result.problems])
            if result.ok:
                dpg.set_value(IMPORT_MESSAGE, f"Se importaron {result.imported} equipo(s).")
                if self.current == "equipment":
                    self.load()
            else:
                dpg.set_value(IMPORT_MESSAGE, f"No se importó nada: {len(result.problems)} problema(s). "
                              "Corrija las líneas indicadas y vuelva a importar.")

        dpg.set_value(IMPORT_MESSAGE, "Importando…")
        self.ctx.run_async(lambda: self.service.import_equipment(text), done,
                           lambda e: dpg.set_value(IMPORT_MESSAGE, user_message(e)))
