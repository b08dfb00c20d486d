"""The queue pane: search, filters, sortable table with badges, page count. Widgets and events
only; QueueService keeps the state, the app runs the database calls in a worker thread."""

from __future__ import annotations

from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.services.catalog_service import ALL, Catalogs
from desktop.services.queue_service import COLUMNS, UNSORTABLE, QueueFilters, QueueRow
from desktop.views import theme

TABLE = "queue_table"
STATUS = "queue_filter_status"
CAMPUS = "queue_filter_campus"
CATEGORY = "queue_filter_category"
PRIORITY = "queue_filter_priority"
ASSIGNEE = "queue_filter_assignee"
ONLY_MINE = "queue_only_mine"
ONLY_UNASSIGNED = "queue_only_unassigned"
ONLY_OPEN = "queue_only_open"
ONLY_OVERDUE = "queue_only_overdue"
SEARCH = "queue_search"
PREVIOUS = "queue_previous"
NEXT = "queue_next"
PAGE_LABEL = "queue_page_label"
MESSAGE = "queue_message"
NOTICE = "queue_new_notice"
TITLE = "queue_title"
TOOLTIPS = "queue_tooltips"
FOOTER_HEIGHT = 44
ROW_HEIGHT = 37.0  # one table row with the theme's font and cell padding
# Columns dropped first when the queue pane is narrow (their text stays in the row's tooltip).
NARROW_HIDDEN = ("age", "place", "category", "assignee", "due")
# Longest text shown in a cell; longer text is cut with "…" and shown whole in a tooltip.
CELL_LIMITS = {"requester": 26, "excerpt": 60, "place": 32, "category": 20, "assignee": 20, "status": 18}
FIXED = {"folio": 178, "age": 72, "priority": 92, "status": 118, "due": 132}  # pixels; the other columns share the rest
WEIGHTS = {"requester": 1.5, "excerpt": 2.6, "place": 1.6, "category": 1.1,
           "priority": 0.95, "status": 1.1, "assignee": 1.1, "due": 1.25}


def cut(text: str, limit: int) -> str:
    """One line, at most `limit` characters ("…" marks the cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        on_notice: Callable[[], None] | None = None,
    ) -> None:
        self._on_open = on_open
        self._on_sort = on_sort
        self._column_keys: dict[int, str] = {}
        self._columns: dict[str, int | str] = {}
        self.row_tags: dict[int, int | str] = {}  # ticket_id -> selectable
        self.rows: list[QueueRow] = []
        self.cursor: int | None = None  # index of the keyboard cursor (the marked row)
        self.narrow = False
        filt = lambda *_: on_filters()  # noqa: E731
        with dpg.group(parent=parent):
            with dpg.group(horizontal=True):
                title = dpg.add_text("Cola de tickets", tag=TITLE)
                theme.title_font(title)
                dpg.add_button(tag=NOTICE, label="", show=False,
                               callback=lambda: on_notice() if on_notice else None)
                theme.bind(NOTICE, theme.NOTICE_THEME)
            with dpg.group(horizontal=True):
                dpg.add_input_text(tag=SEARCH, hint="Buscar (Ctrl+F): folio, etiqueta, nombre o palabras",
                                   width=-190, on_enter=True, callback=filt)
                dpg.add_button(label="Buscar", callback=filt, width=80)
                dpg.add_button(tag="queue_refresh", label="Actualizar", width=-1, callback=lambda: on_refresh())
            with dpg.table(header_row=False, policy=dpg.mvTable_SizingStretchSame, borders_innerV=False,
                           pad_outerX=False):
                for _ in range(5):
                    dpg.add_table_column()
                with dpg.table_row():
                    for label in ("Estado", "Prioridad", "Campus", "Categoría", "Asignado a"):
                        theme.label(label)
                with dpg.table_row():
                    for tag in (STATUS, PRIORITY, CAMPUS, CATEGORY, ASSIGNEE):
                        dpg.add_combo([ALL], tag=tag, default_value=ALL, width=-1, callback=filt)
            with dpg.group(horizontal=True):
                dpg.add_checkbox(tag=ONLY_MINE, label="Solo míos", callback=filt)
                dpg.add_checkbox(tag=ONLY_UNASSIGNED, label="Sin asignar", callback=filt)
                dpg.add_checkbox(tag=ONLY_OPEN, label="Solo abiertos", default_value=True, callback=filt)
                dpg.add_checkbox(tag=ONLY_OVERDUE, label="Vencidas", callback=filt)
            with dpg.table(tag=TABLE, header_row=True, sortable=True, sort_multi=False, callback=self._sorted,
                           resizable=True, borders_innerH=True, borders_outerH=True, borders_outerV=True,
                           row_background=True, scrollY=True, height=-FOOTER_HEIGHT, freeze_rows=1,
                           policy=dpg.mvTable_SizingStretchProp):
                for key, label in COLUMNS:
                    column = dpg.add_table_column(label=label, default_sort=key == "folio",
                                                  prefer_sort_descending=True, no_sort=key in UNSORTABLE,
                                                  width_fixed=key in FIXED,
                                                  init_width_or_weight=FIXED.get(key) or WEIGHTS.get(key, 1.0))
                    self._column_keys[column] = key
                    self._columns[key] = column
            with dpg.group(horizontal=True):
                dpg.add_button(tag=PREVIOUS, label="< Anterior", enabled=False, callback=lambda: on_previous())
                dpg.add_text("", tag=PAGE_LABEL)
                dpg.add_button(tag=NEXT, label="Siguiente >", enabled=False, callback=lambda: on_next())
                dpg.add_text("", tag=MESSAGE, wrap=0)

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

    # ---- layout ---------------------------------------------------------------
    def set_narrow(self, narrow: bool) -> None:
        """A narrow pane drops the columns listed in NARROW_HIDDEN (their text stays in the tooltips)."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for key in NARROW_HIDDEN:
            dpg.configure_item(self._columns[key], enabled=not narrow)

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
            only_overdue=bool(dpg.get_value(ONLY_OVERDUE)),
        )

    def show_rows(self, rows: list[QueueRow], selected_index: int | None, page_label: str, can_back: bool,
                  has_more: bool) -> None:
        """Rebuild the rows; the table keeps its scroll position (the items are replaced in place)."""
        dpg.delete_item(TABLE, children_only=True, slot=1)
        self.row_tags = {}
        self.rows = rows
        p = theme.palette()
        new_mark = theme.symbol("● ", "* ")
        for n, row in enumerate(rows):
            with dpg.table_row(parent=TABLE):
                for (key, _), full in zip(COLUMNS, row.cells, strict=True):
                    text = cut(full, CELL_LIMITS.get(key, 200))
                    if key == "folio":
                        # An empty selectable spans the row (click, selection); the folio is plain text
                        # beside it, so it sits on the same line as the other cells.
                        with dpg.group(horizontal=True, horizontal_spacing=0):
                            item = dpg.add_selectable(label="", span_columns=True, width=1, callback=self._clicked,
                                                      user_data=row.ticket_id, default_value=n == selected_index)
                            if row.is_new:
                                dpg.add_text(new_mark, color=p.accent)
                            dpg.add_text(theme.displayable(text) if row.is_new else f"    {text}")
                        self.row_tags[row.ticket_id] = item
                        self._tooltip(item, row)
                        continue
                    color = None
                    if key == "status":
                        color = theme.status_color(row.raw.get("status_code"))
                        text = f"{theme.symbol('● ', '')}{text}"
                        if row.requester_answered:
                            text += theme.symbol("  ↩", "  (respondió)")
                    elif key == "priority":
                        color = theme.priority_color(str(row.raw.get("priority_name") or "").lower())
                        text = f"{theme.symbol('● ', '')}{text}"
                    elif key == "due" and row.is_overdue:
                        color = p.error
                        text = f"{theme.symbol('⚠ ', '! ')}{text}"
                    elif key == "assignee" and not row.raw.get("assigned_to"):
                        color = p.muted
                    item = dpg.add_text(theme.displayable(text), **({"color": color} if color else {}))
                    if full and key in CELL_LIMITS:  # the column may clip it: the whole text on hover
                        with dpg.tooltip(item):
                            dpg.add_text(theme.displayable(full), wrap=420)
        self.cursor = selected_index  # the open ticket's row, or nothing marked (J/Down starts at the top)
        self._paint()
        dpg.set_value(PAGE_LABEL, page_label)
        dpg.configure_item(PREVIOUS, enabled=can_back)
        dpg.configure_item(NEXT, enabled=has_more)
        dpg.set_value(MESSAGE, "" if rows else "No hay tickets con estos filtros.")

    @staticmethod
    def _tooltip(item: int | str, row: QueueRow) -> None:
        """The whole row in words (cut cells and the columns a narrow pane hides)."""
        with dpg.tooltip(item):
            for (_, label), text in zip(COLUMNS, row.cells, strict=True):
                if text:
                    dpg.add_text(theme.displayable(f"{label}: {text}"), wrap=460)
            if row.is_overdue:
                dpg.add_text("Vencida: pasó el tiempo objetivo de su prioridad.", color=theme.palette().error)
            if row.requester_answered:
                dpg.add_text("La persona solicitante respondió.", color=theme.palette().accent)

    def mark_selected(self, ticket_id: int | None) -> None:
        for n, (tid, tag) in enumerate(self.row_tags.items()):
            dpg.set_value(tag, tid == ticket_id)
            if tid == ticket_id:
                self.cursor = n
        self._paint()

    def _paint(self) -> None:
        """Row backgrounds: the marked row in the selection colour, new rows tinted, the rest plain."""
        p = theme.palette()
        for n, row in enumerate(self.rows):
            if n == self.cursor:
                dpg.highlight_table_row(TABLE, n, p.selected_row)
            elif row.highlight:
                dpg.highlight_table_row(TABLE, n, p.new_row)
            else:
                dpg.unhighlight_table_row(TABLE, n)

    def move_cursor(self, step: int) -> int | None:
        """Keyboard: move the marked row (J/K, arrows); returns its ticket id. Scrolls it into view."""
        if not self.rows:
            return None
        if self.cursor is None:
            self.cursor = 0 if step > 0 else len(self.rows) - 1
        else:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))
        ticket_id = self.rows[self.cursor].ticket_id
        for tid, tag in self.row_tags.items():
            dpg.set_value(tag, tid == ticket_id)
        self._paint()
        self._scroll_to(self.cursor)
        return ticket_id

    def cursor_ticket(self) -> int | None:
        if self.cursor is None or not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)].ticket_id

    def _scroll_to(self, index: int) -> None:
        """Keep the marked row inside the table's visible part (rows are ROW_HEIGHT tall)."""
        state = dpg.get_item_state(TABLE)
        parent = dpg.get_item_state(dpg.get_item_parent(dpg.get_item_parent(TABLE)) or TABLE)
        pane_height = (parent.get("rect_size") or (0, 600))[1]
        top_offset = (state.get("pos") or (0, 200))[1]
        visible = max(ROW_HEIGHT, pane_height - top_offset - FOOTER_HEIGHT - ROW_HEIGHT * 1.5)
        top = dpg.get_y_scroll(TABLE)
        y = index * ROW_HEIGHT
        if y < top:
            dpg.set_y_scroll(TABLE, y)
        elif y + ROW_HEIGHT > top + visible:
            dpg.set_y_scroll(TABLE, y + ROW_HEIGHT - visible)

    def set_notice(self, arrived: int) -> None:
        """Non-modal notice of tickets that arrived (the queue keeps its selection and scroll)."""
        if arrived <= 0:
            dpg.configure_item(NOTICE, show=False)
            return
        text = "1 ticket nuevo" if arrived == 1 else f"{arrived} tickets nuevos"
        dpg.configure_item(NOTICE, label=f"{theme.symbol('● ', '')}{text} (clic para verlos)", show=True)

    def set_message(self, message: str) -> None:
        dpg.set_value(MESSAGE, message)

    def row_count(self) -> int:
        return len(dpg.get_item_children(TABLE, slot=1) or [])
