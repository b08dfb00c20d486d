"""The queue: filters, search, sortable table, Siguiente/Anterior. Widgets and events only;
QueueService keeps the state, the app runs the database calls in a worker thread."""

from __future__ import annotations

from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.services.catalog_service import ALL, Catalogs
from desktop.services.queue_service import COLUMNS, QueueFilters, QueueRow

TABLE = "queue_table"
STATUS = "queue_filter_status"
CAMPUS = "queue_filter_campus"
CATEGORY = "queue_filter_category"
PRIORITY = "queue_filter_priority"
ASSIGNEE = "queue_filter_assignee"
ONLY_MINE = "queue_only_mine"
ONLY_UNASSIGNED = "queue_only_unassigned"
ONLY_OPEN = "queue_only_open"
SEARCH = "queue_search"
PREVIOUS = "queue_previous"
NEXT = "queue_next"
PAGE_LABEL = "queue_page_label"
MESSAGE = "queue_message"

NEW_ROW_COLOR = (60, 110, 40, 160)
SELECTED_COLOR = (40, 70, 130, 200)


class QueueView:
    def __init__(
        self,
        parent: int | str,
        on_filters: Callable[[], None],
        on_sort: Callable[[str, bool], None],
        on_next: Callable[[], None],
        on_previous: Callable[[], None],
        on_refresh: Callable[[], None],
        on_open: Callable[[int], None],
    ) -> None:
        self._on_open = on_open
        self._on_sort = on_sort
        self._column_keys: dict[int, str] = {}
        self.row_tags: dict[int, int | str] = {}  # ticket_id -> selectable
        filt = lambda *_: on_filters()  # noqa: E731
        with dpg.group(parent=parent):
            with dpg.group(horizontal=True):
                for tag, label, width in ((STATUS, "Estado", 130), (CAMPUS, "Campus", 110),
                                          (CATEGORY, "Categoría", 170), (PRIORITY, "Prioridad", 100),
                                          (ASSIGNEE, "Asignado a", 190)):
                    dpg.add_text(label)
                    dpg.add_combo([ALL], tag=tag, default_value=ALL, width=width, callback=filt)
            with dpg.group(horizontal=True):
                dpg.add_checkbox(tag=ONLY_MINE, label="Solo míos", callback=filt)
                dpg.add_checkbox(tag=ONLY_UNASSIGNED, label="Sin asignar", callback=filt)
                dpg.add_checkbox(tag=ONLY_OPEN, label="Solo abiertos", default_value=True, callback=filt)
                dpg.add_input_text(tag=SEARCH, hint="Folio, etiqueta de inventario, nombre o palabras",
                                   width=330, on_enter=True, callback=filt)
                dpg.add_button(label="Buscar", callback=filt)
                dpg.add_button(tag="queue_refresh", label="Actualizar", callback=lambda: on_refresh())
            with dpg.table(tag=TABLE, header_row=True, sortable=True, sort_multi=False, callback=self._sorted,
                           resizable=True, borders_innerH=True, borders_outerH=True, borders_innerV=True,
                           row_background=True, scrollY=True, height=-60, policy=dpg.mvTable_SizingStretchProp):
                for key, label in COLUMNS:
                    column = dpg.add_table_column(label=label, default_sort=key == "folio",
                                                  prefer_sort_descending=True,
                                                  init_width_or_weight=1.6 if key == "folio" else 1.0)
                    self._column_keys[column] = key
            with dpg.group(horizontal=True):
                dpg.add_button(tag=PREVIOUS, label="< Anterior", enabled=False, callback=lambda: on_previous())
                dpg.add_text("Página 1", tag=PAGE_LABEL)
                dpg.add_button(tag=NEXT, label="Siguiente >", enabled=False, callback=lambda: on_next())
                dpg.add_text("", tag=MESSAGE)

    # ---- events ---------------------------------------------------------------
    def _sorted(self, sender, sort_specs) -> None:
        if not sort_specs:
            return
        column, direction = sort_specs[0][0], sort_specs[0][1]
        key = self._column_keys.get(column)
        if key:
            self._on_sort(key, direction < 0)

    def _clicked(self, sender, app_data, user_data: int) -> None:
        self._on_open(user_data)

    # ---- state ----------------------------------------------------------------
    def set_catalogs(self, cats: Catalogs) -> None:
        dpg.configure_item(STATUS, items=cats.names("status"))
        dpg.configure_item(CAMPUS, items=cats.names("campus"))
        dpg.configure_item(CATEGORY, items=cats.names("category"))
        dpg.configure_item(PRIORITY, items=cats.names("priority"))
        dpg.configure_item(ASSIGNEE, items=cats.staff_labels())

    def filters(self, cats: Catalogs) -> QueueFilters:
        def pick(tag: str, catalog: str) -> int | None:
            value = dpg.get_value(tag)
            return None if value in ("", ALL) else cats.id_of(catalog, value)

        assignee = dpg.get_value(ASSIGNEE)
        return QueueFilters(
            status_id=pick(STATUS, "status"),
            campus_id=pick(CAMPUS, "campus"),
            category_id=pick(CATEGORY, "category"),
            priority_id=pick(PRIORITY, "priority"),
            assigned_to=None if assignee in ("", ALL) else cats.staff_id_of(assignee),
            only_mine=bool(dpg.get_value(ONLY_MINE)),
            only_unassigned=bool(dpg.get_value(ONLY_UNASSIGNED)),
            only_open=bool(dpg.get_value(ONLY_OPEN)),
            search=dpg.get_value(SEARCH) or "",
        )

    def show_rows(self, rows: list[QueueRow], selected_index: int | None, page: int, can_back: bool,
                  has_more: bool) -> None:
        dpg.delete_item(TABLE, children_only=True, slot=1)
        self.row_tags = {}
        for n, row in enumerate(rows):
            with dpg.table_row(parent=TABLE):
                label = f"* {row.cells[0]}" if row.highlight else row.cells[0]
                self.row_tags[row.ticket_id] = dpg.add_selectable(
                    label=label, span_columns=True, callback=self._clicked, user_data=row.ticket_id,
                    default_value=n == selected_index)
                for cell in row.cells[1:]:
                    dpg.add_text(cell)
            if row.highlight:
                dpg.highlight_table_row(TABLE, n, NEW_ROW_COLOR)
        dpg.set_value(PAGE_LABEL, f"Página {page}")
        dpg.configure_item(PREVIOUS, enabled=can_back)
        dpg.configure_item(NEXT, enabled=has_more)
        dpg.set_value(MESSAGE, "" if rows else "No hay tickets con estos filtros.")

    def mark_selected(self, ticket_id: int | None) -> None:
        for tid, tag in self.row_tags.items():
            dpg.set_value(tag, tid == ticket_id)

    def set_message(self, message: str) -> None:
        dpg.set_value(MESSAGE, message)

    def row_count(self) -> int:
        return len(dpg.get_item_children(TABLE, slot=1) or [])
