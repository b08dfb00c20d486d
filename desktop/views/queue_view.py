"""The queue pane: search, filters, sortable table with badges, page count, multi-select and the
row context menu. Widgets and events only; QueueService keeps the page state, the app runs the
database calls in a worker thread.

Mouse and keys on the rows (each row is one selectable spanning all columns):
- click marks the row (the keyboard cursor) and selects it alone; Ctrl+click adds/removes it,
  Shift+click selects the range from the last clicked row; Space adds/removes the marked row;
  «Seleccionar página» selects every row on the page;
- double click (or Enter) opens the ticket;
- right click (or the Menu key / Shift+F10) opens the context menu: open, assign to me, change status.

For bulk actions (another module builds the dialog): `selected_ticket_ids()` gives the selection in
row order, and the «Acciones con la selección...» button calls `on_bulk_action(ids)`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.services import queue_service
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
FILTERS = ((STATUS, "Estado"), (PRIORITY, "Prioridad"), (CAMPUS, "Campus"), (CATEGORY, "Categoría"),
           (ASSIGNEE, "Asignado a"))
FILTER_ROWS = ("queue_filters_1", "queue_filters_2")
FILTER_MIN_WIDTH = 120
# Share of the filters' line per filter (the longest values: «En espera del solicitante», «Cuenta Office
# (Microsoft 365)», a person's name); on a narrow pane Estado and Categoría share the first line.
FILTER_WEIGHTS = {STATUS: 1.45, PRIORITY: 0.75, CAMPUS: 0.9, CATEGORY: 1.55, ASSIGNEE: 1.35}
FILTER_SECOND_LINE = (PRIORITY, CAMPUS, ASSIGNEE)
FILTERS_ONE_LINE_WIDTH = 1100  # px of pane below which the filters take two lines
SEARCH = "queue_search"
PREVIOUS = "queue_previous"
NEXT = "queue_next"
PAGE_LABEL = "queue_page_label"
MESSAGE = "queue_message"
NOTICE = "queue_new_notice"
TITLE = "queue_title"
TOOLTIPS = "queue_tooltips"
SELECT_PAGE = "queue_select_page"
SELECTION_LABEL = "queue_selection_label"
BULK = "queue_bulk_action"
ROW_HANDLERS = "queue_row_handlers"
CONTEXT = "queue_context_menu"
CONTEXT_OPEN = "queue_context_open"
CONTEXT_ASSIGN = "queue_context_assign_me"
CONTEXT_STATUS = "queue_context_status"
DOUBLE_CLICK_SECONDS = 0.5  # the Windows default
DOUBLE_CLICK_FRAMES = 3
FOOTER_HEIGHT = 44
FOOTER_HEIGHT_NARROW = 82  # the footer in two lines
FOOTER = "queue_footer"
ROW_HEIGHT = 37.0  # one table row with the theme's font and cell padding
# Columns dropped when the queue pane is narrow (their text stays in the row's tooltip): below
# MEDIUM_WIDTH px the first list, below WIDE_WIDTH the second (folio, age, requester, description,
# priority, status, assignee and due stay at 1366 px with no ticket open).
NARROW_HIDDEN = ("age", "place", "category", "assignee", "due")
MEDIUM_HIDDEN = ("place", "category")
MEDIUM_WIDTH = 1000
WIDE_WIDTH = 1500
# Longest text shown in a cell; longer text is cut with "…" and shown whole in a tooltip.
CELL_LIMITS = {"requester": 26, "excerpt": 60, "place": 32, "category": 20, "assignee": 20, "status": 18}
DUE_TIP = "queue_due_header_tip"
DUE_HELP = ("Vence: la hora límite de la primera respuesta mientras nadie ha respondido al ticket; después, la "
            "de su resolución. Se cuenta en horas hábiles del campus según la prioridad; ⚠ marca las vencidas. "
            "El ticket abierto dice cuál de las dos es («Primera respuesta vence» o «Resolución vence»).")
TOOLTIP_WRAP = 420  # px: a readable line in the row's tooltip
# Pixels; the other columns share the rest.
FIXED = {"folio": 178, "age": 104, "priority": 96, "status": 156, "due": 148}  # «⚠ Venció 12/12/25»: 138 px
WEIGHTS = {"requester": 1.5, "excerpt": 2.6, "place": 1.6, "category": 1.1,
           "priority": 0.95, "status": 1.1, "assignee": 1.1, "due": 1.25}


def row_label(row: QueueRow) -> str:
    """The row's selectable: ● and the folio for a ticket I have not opened yet, else the folio."""
    new_mark = theme.symbol("● ", "* ")
    blank = "    " if new_mark == "● " else "  "
    text = cut(row.cells[0], CELL_LIMITS.get("folio", 200))
    return theme.displayable(f"{new_mark}{text}" if row.is_new else f"{blank}{text}")


def _runs(action: Callable[[], None]) -> Callable[[], None]:
    """A widget callback that runs `action` (one per context-menu entry)."""
    return lambda: action()


def _combo_need(tag: str) -> int:
    """Width a filter combo needs to show its longest choice whole: text, arrow button, frame padding."""
    items = dpg.get_item_configuration(tag).get("items") or [ALL]
    sizes = [dpg.get_text_size(str(v)) for v in items]
    text = max((size[0] for size in sizes if size), default=0.0)
    arrow = max((size[1] for size in sizes if size), default=18.0) + 10  # the square arrow button
    return max(FILTER_MIN_WIDTH, int(text + arrow + 18))


def _share(room: int, needs: dict[str, int]) -> dict[str, int]:
    """Widths for one line of filters `room` px wide: each at least what it needs when all fit (the rest
    shared by FILTER_WEIGHTS); else the catalog filters keep what they need and the people filter (names
    can be longer than any line) takes what is left (its tooltip shows the chosen name whole)."""
    weights = {t: FILTER_WEIGHTS[t] for t in needs}
    if sum(needs.values()) <= room:
        extra = room - sum(needs.values())
        total = sum(weights.values())
        return {t: needs[t] + int(extra * weights[t] / total) for t in needs}
    unit = room / sum(weights.values())
    widths = {t: max(FILTER_MIN_WIDTH, int(unit * weights[t])) for t in needs}
    if ASSIGNEE in needs:
        fixed = {t: max(widths[t], min(needs[t], widths[t] * 2)) for t in needs if t != ASSIGNEE}
        fixed[ASSIGNEE] = max(FILTER_MIN_WIDTH, room - sum(fixed.values()))
        return fixed
    return widths


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
        on_context: Callable[[int, str, str | None], None] | None = None,
        status_choices: Callable[[QueueRow], list[str]] | None = None,
        on_bulk_action: Callable[[list[int]], None] | None = None,
    ) -> None:
        self._on_open = on_open
        self._on_sort = on_sort
        self._on_context = on_context  # (ticket_id, 'open' | 'assign_me' | 'status', status name)
        self._status_choices = status_choices
        self.on_bulk_action = on_bulk_action  # set by the bulk-actions module; None hides the button
        self.selected: set[int] = set()  # ticket ids chosen for a bulk action (this page)
        self._anchor: int | None = None  # row index where a Shift+click range starts
        self._last_click: tuple[int, float, int] = (0, 0.0, 0)  # ticket_id, time, frame of the last click
        self._column_keys: dict[int, str] = {}
        self._columns: dict[str, int | str] = {}
        self.row_tags: dict[int, int | str] = {}  # ticket_id -> selectable
        self.cell_tags: dict[int, dict[str, int | str]] = {}  # ticket_id -> column key -> its text item
        self.tooltip_tags: dict[int, int | str] = {}  # ticket_id -> the row's tooltip
        self.rows: list[QueueRow] = []
        self.cursor: int | None = None  # index of the keyboard cursor (the marked row)
        self.narrow = False
        self._hidden: tuple[str, ...] = ()
        self._filters_width = 0
        self._scroll_cursor_at = 0  # frame at which the marked row is brought back into view (see set_width)
        self._menu: list[tuple[str, Callable[[], None]]] = []  # the context menu's entries: tag, what it runs
        self._menu_index = 0
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
            self._build_filters(filt)
            with dpg.group(horizontal=True):
                dpg.add_checkbox(tag=ONLY_MINE, label="Solo míos", callback=filt)
                dpg.add_checkbox(tag=ONLY_UNASSIGNED, label="Sin asignar", callback=filt)
                dpg.add_checkbox(tag=ONLY_OPEN, label="Solo abiertos", default_value=True, callback=filt)
                dpg.add_checkbox(tag=ONLY_OVERDUE, label="Vencidas", callback=filt)
            with dpg.item_handler_registry(tag=ROW_HANDLERS):
                dpg.add_item_clicked_handler(button=dpg.mvMouseButton_Right, callback=self._right_clicked)
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
            theme.bind(TABLE, "queue_rows")
            self._build_footer(on_previous, on_next)

    def _build_footer(self, on_previous: Callable[[], None], on_next: Callable[[], None]) -> None:
        """Paging, then the selection. Side by side on a wide pane; one over the other on a narrow one (a
        ticket open), where side by side «Acciones…» was cut at the pane's edge (set_width)."""
        with dpg.group(tag=FOOTER, horizontal=True):
            with dpg.group(horizontal=True):
                dpg.add_button(tag=PREVIOUS, label="< Anterior", enabled=False, callback=lambda: on_previous())
                dpg.add_text("", tag=PAGE_LABEL)
                dpg.add_button(tag=NEXT, label="Siguiente >", enabled=False, callback=lambda: on_next())
                dpg.add_spacer(width=12)
            with dpg.group(horizontal=True):
                dpg.add_button(tag=SELECT_PAGE, label="Seleccionar página", callback=lambda: self.select_page())
                dpg.add_text("", tag=SELECTION_LABEL)
                dpg.add_button(tag=BULK, label="Acciones con la selección...", show=False,
                               callback=lambda: self._bulk())
                dpg.add_text("", tag=MESSAGE, wrap=0)

    @staticmethod
    def _build_due_tip() -> None:
        """The «Vence» header's help: Dear PyGui draws no tooltip for a table column, so a small window
        follows the pointer while it rests on that header (poll_header, once per frame)."""
        if dpg.does_item_exist(DUE_TIP):
            return
        with dpg.window(tag=DUE_TIP, show=False, no_title_bar=True, autosize=True, no_move=True, no_resize=True,
                        no_collapse=True, no_saved_settings=True, no_focus_on_appearing=True):
            dpg.add_text(DUE_HELP, tag=f"{DUE_TIP}_text", wrap=TOOLTIP_WRAP)

    def poll_header(self) -> None:
        """Once per frame: the marked row back in view after a width change; the «Vence» help while the
        pointer is on that column's header."""
        if self._scroll_cursor_at and dpg.get_frame_count() >= self._scroll_cursor_at:
            self._scroll_cursor_at = 0
            if self.cursor is not None and self.rows:
                self._scroll_to(min(self.cursor, len(self.rows) - 1))
        column = self._columns.get("due")
        if column is None:
            return
        self._build_due_tip()  # a root window: the app deletes it with the session's other root items
        mx, my = dpg.get_mouse_pos(local=False)
        top = dpg.get_item_rect_max(ONLY_OPEN)[1] + 2 if dpg.is_item_visible(ONLY_OPEN) else -1
        on_header = (top >= 0 and top <= my <= top + ROW_HEIGHT and bool(dpg.get_item_state(column).get("hovered"))
                     and not self.context_menu_shown())
        if on_header:  # below-right of the pointer, kept inside the window (the column is the last one)
            x = min(int(mx) + 14, dpg.get_viewport_client_width() - TOOLTIP_WRAP - 48)
            dpg.configure_item(DUE_TIP, show=True, pos=(max(0, x), int(my) + 18))
        elif dpg.is_item_shown(DUE_TIP):
            dpg.configure_item(DUE_TIP, show=False)

    @staticmethod
    def _build_filters(filt: Callable[..., None]) -> None:
        """Each filter is its label over its combo; on a wide pane they share one line, on a narrow one
        (a ticket open at 1366 px) they take two (set_width), so «En espera del solicitante» fits."""
        for row in FILTER_ROWS:
            dpg.add_group(tag=row, horizontal=True, horizontal_spacing=8)
        for tag, label in FILTERS:
            with dpg.group(tag=f"{tag}_box", parent=FILTER_ROWS[0]):
                theme.label(label)
                dpg.add_combo([ALL], tag=tag, default_value=ALL, width=FILTER_MIN_WIDTH, callback=filt)
            with dpg.tooltip(tag):  # the whole value, whatever the width
                dpg.add_text("", tag=f"{tag}_tip")
        dpg.configure_item(FILTER_ROWS[1], show=False)

    # ---- events ---------------------------------------------------------------
    def _sorted(self, sender, sort_specs) -> None:
        if not sort_specs:
            return
        column, direction = sort_specs[0][0], sort_specs[0][1]
        key = self._column_keys.get(column)
        if key:
            self._on_sort(key, direction < 0)

    def _clicked(self, sender, app_data, user_data: int) -> None:
        """Click: mark the row; Ctrl adds/removes it, Shift selects the range (opening is a double click)."""
        index = self._index_of(user_data)
        if index is None:
            return
        tip = self.tooltip_tags.pop(user_data, None)
        if tip is not None and dpg.does_item_exist(tip):  # acted on: its preview must not cover the ticket
            dpg.configure_item(tip, show=False)
        if self._is_double_click(user_data):
            self._on_open(user_data)
            return
        ctrl = dpg.is_key_down(dpg.mvKey_LControl) or dpg.is_key_down(dpg.mvKey_RControl)
        shift = dpg.is_key_down(dpg.mvKey_LShift) or dpg.is_key_down(dpg.mvKey_RShift)
        if shift and self._anchor is not None:
            low, high = sorted((self._anchor, index))
            self.selected = {r.ticket_id for r in self.rows[low:high + 1]}
        elif ctrl:
            self.selected ^= {user_data}
            self._anchor = index
        else:
            self.selected = {user_data}
            self._anchor = index
        self.cursor = index
        self._show_selection()

    def _is_double_click(self, ticket_id: int) -> bool:
        """A second click on the same row within DOUBLE_CLICK_SECONDS is a double click. Also within
        DOUBLE_CLICK_FRAMES frames: on a slow, busy PC both clicks reach the app in consecutive frames
        even when those frames are far apart (Dear ImGui's own double click is timed by frames)."""
        now, frame = time.monotonic(), dpg.get_frame_count()
        last_id, last_time, last_frame = self._last_click
        double = last_id == ticket_id and (now - last_time <= DOUBLE_CLICK_SECONDS
                                           or frame - last_frame <= DOUBLE_CLICK_FRAMES)
        self._last_click = (0, 0.0, 0) if double else (ticket_id, now, frame)
        return double

    def _right_clicked(self, sender, app_data) -> None:
        ticket_id = self._ticket_of_item(app_data)
        if ticket_id is not None:
            self.open_context_menu(ticket_id)

    def _ticket_of_item(self, app_data) -> int | None:
        item = app_data[1] if isinstance(app_data, (list, tuple)) and len(app_data) > 1 else app_data
        try:
            user_data = dpg.get_item_user_data(item)
        except Exception:
            return None
        return user_data if isinstance(user_data, int) else None

    def _index_of(self, ticket_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.ticket_id == ticket_id), None)

    def _bulk(self) -> None:
        ids = self.selected_ticket_ids()
        if ids and self.on_bulk_action is not None:
            self.on_bulk_action(ids)

    # ---- selection (bulk actions) ------------------------------------------------------
    def selected_ticket_ids(self) -> list[int]:
        """The tickets selected for a bulk action, in the order of the rows on screen."""
        return [r.ticket_id for r in self.rows if r.ticket_id in self.selected]

    def select_page(self) -> None:
        """«Seleccionar página»: every row of the page (again: nothing)."""
        every = {r.ticket_id for r in self.rows}
        self.selected = set() if every and self.selected == every else every
        self._show_selection()

    def toggle_cursor(self) -> None:
        """Space: add the marked row to the selection, or take it out."""
        ticket_id = self.cursor_ticket()
        if ticket_id is not None:
            self.selected ^= {ticket_id}
            self._anchor = self.cursor
            self._show_selection()

    def clear_selection(self) -> None:
        self.selected = set()
        self._show_selection()

    def _show_selection(self) -> None:
        """Selectables show the selection; the label and the bulk button say how many."""
        for tid, tag in self.row_tags.items():
            dpg.set_value(tag, tid in self.selected)
        count = len(self.selected)
        every = bool(self.rows) and count == len(self.rows)
        dpg.set_value(SELECTION_LABEL, "" if count == 0 else ("1 seleccionado" if count == 1
                                                              else f"{count} seleccionados"))
        dpg.configure_item(SELECT_PAGE, label="Quitar selección" if every else "Seleccionar página")
        dpg.configure_item(BULK, show=self.on_bulk_action is not None, enabled=count > 0)
        self._paint()

    # ---- context menu ---------------------------------------------------------------------
    def open_context_menu(self, ticket_id: int, at: tuple[float, float] | None = None) -> None:
        """Right click / Menu key on a row: open, assign to me, change status (the row's transitions)."""
        index = self._index_of(ticket_id)
        if index is None or self._on_context is None:
            return
        if ticket_id not in self.selected:
            self.selected = {ticket_id}
            self._anchor = index
        self.cursor = index
        self._show_selection()
        self.close_context_menu()
        row = self.rows[index]
        choices = self._status_choices(row) if self._status_choices else []
        pos = list(at) if at is not None else list(dpg.get_mouse_pos(local=False))
        act = self._on_context
        entries: list[tuple[str, Callable[[], None]]] = [
            (CONTEXT_OPEN, lambda: act(ticket_id, "open", None)),
            (CONTEXT_ASSIGN, lambda: act(ticket_id, "assign_me", None)),
            *((f"{CONTEXT_STATUS}_{n}", lambda name=name: act(ticket_id, "status", name))
              for n, name in enumerate(choices)),
        ]
        self._menu = [(tag, lambda run=run: self._context_do(run)) for tag, run in entries]
        with dpg.window(tag=CONTEXT, popup=True, no_title_bar=True, autosize=True, no_saved_settings=True,
                        pos=pos, min_size=(260, 40)):
            dpg.add_text(row.cells[0], color=theme.palette().muted)
            dpg.add_separator()
            # Selectables (not menu items): same look, and they report where they are drawn. The keys
            # work too: ↓/↑ move the highlight (the first entry starts highlighted), Enter runs it.
            labels = ["Abrir (doble clic / Enter)", "Asignarme", *(f"   {name}..." for name in choices)]
            for n, ((tag, run), label) in enumerate(zip(self._menu, labels, strict=True)):
                if n == 2:
                    dpg.add_separator()
                    theme.label("Cambiar estado a:", tag=CONTEXT_STATUS)
                dpg.add_selectable(tag=tag, label=label, default_value=n == 0, callback=_runs(run),
                                   user_data=choices[n - 2] if n >= 2 else None)  # a status: its name
            if not choices:
                dpg.add_separator()
                theme.label("Sin cambios de estado posibles", tag=CONTEXT_STATUS)
        self._menu_index = 0

    def menu_key(self, action: str) -> None:
        """A key while the context menu is shown: ↓/↑ (or J/K) move, Enter runs, Esc closes."""
        if action == "back":
            self.close_context_menu()
        elif action in ("down", "up") and self._menu:
            self._menu_index = (self._menu_index + (1 if action == "down" else -1)) % len(self._menu)
            for n, (tag, _) in enumerate(self._menu):
                dpg.set_value(tag, n == self._menu_index)
        elif action == "open" and self._menu:
            self._menu[self._menu_index][1]()

    def _context_do(self, action: Callable[[], None]) -> None:
        self.close_context_menu()
        action()

    def context_menu_shown(self) -> bool:
        return bool(dpg.does_item_exist(CONTEXT) and dpg.is_item_shown(CONTEXT))

    def close_context_menu(self) -> None:
        if dpg.does_item_exist(CONTEXT):
            dpg.delete_item(CONTEXT)

    def row_rect_point(self, ticket_id: int) -> tuple[float, float] | None:
        """Screen point just right of the row's folio (where the Menu key opens the context menu)."""
        tag = self.row_tags.get(ticket_id)
        if tag is None:
            return None
        x, y = dpg.get_item_rect_min(tag)
        w, h = dpg.get_item_rect_size(tag)
        return x + min(w, 160), y + h

    # ---- layout ---------------------------------------------------------------
    def set_width(self, width: int) -> None:
        """Show the columns that fit in a pane `width` pixels wide (the others stay in the tooltips)."""
        self._lay_out_filters(width)
        # Opening a ticket narrows the queue and its filters take two lines: the opened (marked) row
        # could end below the visible part. Once the new layout is drawn, it is scrolled back into view.
        self._scroll_cursor_at = dpg.get_frame_count() + 3
        hidden = NARROW_HIDDEN if width < MEDIUM_WIDTH else MEDIUM_HIDDEN if width < WIDE_WIDTH else ()
        self.narrow = width < MEDIUM_WIDTH
        # Narrow (a ticket open): the footer in two lines, the button's short label («Acciones con la s…» was cut).
        dpg.configure_item(BULK, label="Acciones..." if self.narrow else "Acciones con la selección...")
        dpg.configure_item(FOOTER, horizontal=not self.narrow)
        dpg.configure_item(TABLE, height=-(FOOTER_HEIGHT_NARROW if self.narrow else FOOTER_HEIGHT))
        if hidden == self._hidden:
            return
        self._hidden = hidden
        for key in self._columns:
            if key in NARROW_HIDDEN:
                dpg.configure_item(self._columns[key], enabled=key not in hidden)

    def _lay_out_filters(self, width: int) -> None:
        """One line of filters on a wide pane, two on a narrow one; each combo as wide as its share."""
        if width == self._filters_width:
            return
        self._filters_width = width
        one_line = width >= FILTERS_ONE_LINE_WIDTH
        lines = [[t for t, _ in FILTERS]] if one_line else [
            [t for t, _ in FILTERS if t not in FILTER_SECOND_LINE], list(FILTER_SECOND_LINE)]
        usable = width - 24  # the pane's padding and scrollbar
        for n, line in enumerate(lines):
            widths = _share(usable - 8 * (len(line) - 1), {t: _combo_need(t) for t in line})
            for tag in line:
                dpg.move_item(f"{tag}_box", parent=FILTER_ROWS[n])
                dpg.configure_item(tag, width=widths[tag])
        dpg.configure_item(FILTER_ROWS[1], show=not one_line)

    def relayout_filters(self) -> None:
        """Again at the same width (the choices changed: a longer name may need more room)."""
        width, self._filters_width = self._filters_width, 0
        if width:
            self._lay_out_filters(width)

    def set_narrow(self, narrow: bool) -> None:
        self.set_width(MEDIUM_WIDTH - 1 if narrow else WIDE_WIDTH)

    # ---- state ----------------------------------------------------------------
    def set_catalogs(self, cats: Catalogs) -> None:
        dpg.configure_item(STATUS, items=cats.names("status"))
        dpg.configure_item(CAMPUS, items=cats.names("campus"))
        dpg.configure_item(CATEGORY, items=cats.names("category"))
        dpg.configure_item(PRIORITY, items=cats.names("priority"))
        dpg.configure_item(ASSIGNEE, items=cats.staff_labels())
        self.relayout_filters()  # each combo as wide as its longest choice where the line allows

    def filters(self, cats: Catalogs) -> QueueFilters:
        def pick(tag: str, catalog: str) -> int | None:
            value = dpg.get_value(tag)
            return None if value in ("", ALL) else cats.id_of(catalog, value)

        for tag, label in FILTERS:  # the whole chosen value, also when the combo cuts it
            dpg.set_value(f"{tag}_tip", f"{label}: {dpg.get_value(tag)}")
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
        self.close_context_menu()
        same_page = {r.ticket_id for r in rows}
        self.selected &= same_page  # a refresh keeps what is still on the page; another page starts empty
        if self._anchor is not None and self._anchor >= len(rows):
            self._anchor = None
        self.row_tags = {}
        self.cell_tags = {}
        self.tooltip_tags = {}
        self.rows = rows
        p = theme.palette()
        # The folio's selectable: a framed line's height (text + FramePadding.y above and below), its label
        # centred in it (theme «queue_rows»): level with the row's other cells, highlighted to the row's bottom.
        row_height = theme.framed_line_height()
        for row in rows:
            with dpg.table_row(parent=TABLE):
                for (key, _), full in zip(COLUMNS, row.cells, strict=True):
                    if key == "assignee" and row.raw.get("assigned_to"):
                        full = queue_service.short_name(full)  # whole in its column; the tooltip has it all
                    text = cut(full, CELL_LIMITS.get(key, 200))
                    if key == "folio":
                        # The row's one selectable: its label is the folio and its hit box spans every
                        # column (a click on the folio, the description or the row's edge reaches it).
                        item = dpg.add_selectable(label=row_label(row), span_columns=True, height=row_height,
                                                  callback=self._clicked, user_data=row.ticket_id,
                                                  default_value=row.ticket_id in self.selected)
                        dpg.bind_item_handler_registry(item, ROW_HANDLERS)
                        self.row_tags[row.ticket_id] = item
                        self.tooltip_tags[row.ticket_id] = self._tooltip(item, row)
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
                    self.cell_tags.setdefault(row.ticket_id, {})[key] = item
        self.cursor = selected_index  # the open ticket's row, or nothing marked (J/Down starts at the top)
        self._show_selection()
        dpg.set_value(PAGE_LABEL, page_label)
        dpg.configure_item(PREVIOUS, enabled=can_back)
        dpg.configure_item(NEXT, enabled=has_more)
        dpg.set_value(MESSAGE, "")  # an empty page says so in PAGE_LABEL (QueueService.range_label)

    @staticmethod
    def _tooltip(item: int | str, row: QueueRow) -> int | str:
        """A compact card after the pointer rests on the row a moment: folio and requester, the
        description wrapped at a readable width, and one muted line with the status and the columns a
        narrow pane hides. It goes away when the mouse moves on or clicks."""
        p = theme.palette()
        cells = dict(zip((k for k, _ in COLUMNS), row.cells, strict=True))
        with dpg.tooltip(item, delay=1.5, hide_on_activity=True) as tip:  # not over the ticket at every pause
            dpg.add_text(theme.displayable(f"{cells['folio']} · {cells['requester']}"), color=p.accent,
                         wrap=TOOLTIP_WRAP)
            dpg.add_text(theme.displayable(cells["excerpt"]), wrap=TOOLTIP_WRAP)
            rest = [f"{label}: {cells[key]}" for key, label in COLUMNS
                    if cells[key] not in ("", "-") and (key in NARROW_HIDDEN or key == "status")]
            if rest:
                dpg.add_text(theme.displayable(" · ".join(rest)), color=p.muted, wrap=TOOLTIP_WRAP)
            if row.is_overdue:
                dpg.add_text("Vencida: pasó el tiempo objetivo de su prioridad.", color=p.error)
            if row.requester_answered:
                dpg.add_text("La persona solicitante respondió.", color=p.accent)
        return tip

    def mark_seen(self, ticket_id: int) -> None:
        """An opened ticket is no longer new for me (staff.mark_ticket_seen runs as it loads): its ● goes
        now, not at the next refresh."""
        index = self._index_of(ticket_id)
        if index is None or not self.rows[index].is_new:
            return
        row = self.rows[index]
        row.is_new = row.highlight = False
        dpg.configure_item(self.row_tags[ticket_id], label=row_label(row))
        self._paint()

    def mark_selected(self, ticket_id: int | None) -> None:
        """The open ticket's row becomes the marked row (the selection keeps its other rows) and loses
        its ● (the ticket is being opened)."""
        if ticket_id is not None:
            self.mark_seen(ticket_id)
        for n, tid in enumerate(self.row_tags):
            if tid == ticket_id:
                self.cursor = n
                if len(self.selected) <= 1:
                    self.selected = {ticket_id}
        self._show_selection()

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
        if len(self.selected) <= 1:  # a single selection follows the cursor; a multi-selection stays
            self.selected = {ticket_id}
            self._anchor = self.cursor
        self._show_selection()
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
        footer = FOOTER_HEIGHT_NARROW if self.narrow else FOOTER_HEIGHT
        visible = max(ROW_HEIGHT, pane_height - top_offset - footer - ROW_HEIGHT * 1.5)
        top = dpg.get_y_scroll(TABLE)
        y = index * ROW_HEIGHT
        if y < top:
            dpg.set_y_scroll(TABLE, y)
        elif y + ROW_HEIGHT > top + visible:
            dpg.set_y_scroll(TABLE, y + ROW_HEIGHT - visible)

    def set_notice(self, arrived: int, shown: int | None = None) -> None:
        """Non-modal notice of tickets that arrived (the queue keeps its selection and scroll)."""
        if arrived <= 0:
            dpg.configure_item(NOTICE, show=False)
            return
        text = queue_service.arrival_notice(arrived, shown)
        dpg.configure_item(NOTICE, label=f"{theme.symbol('● ', '')}{text}", show=True)

    def set_message(self, message: str) -> None:
        dpg.set_value(MESSAGE, message)

    def row_count(self) -> int:
        return len(dpg.get_item_children(TABLE, slot=1) or [])
