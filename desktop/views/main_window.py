"""Main window: the primary window that fills the OS window. A top bar, the stale-data banner,
and a tab bar with the ticket work tab; administrators get desktop.admin's tabs.

The ticket work tab is a master-detail split: the queue pane on the left and the open ticket
on the right (`split(width)` sizes them when the OS window changes size).

Extension point for desktop/admin/ (owned by the admin slice): when the session's role
is 'administrador' and the module `desktop.admin` exists, `desktop.admin.add_tabs(tab_bar, ctx)`
is called once with the tag of the main tab bar; it adds its own `dpg.tab(parent=tab_bar)` items.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.context import AppContext
from desktop.services.shortcuts import SHORTCUTS
from desktop.views import theme

MAIN_WINDOW = "main_window"
TAB_BAR = "main_tab_bar"
TICKETS_TAB = "tickets_tab"
QUEUE_PANE = "queue_pane"
TICKET_HOST = "ticket_host"
BANNER = "stale_banner"
BANNER_TEXT = "stale_banner_text"
BANNER_HEIGHT = 34
CONNECTED = "Base de datos: conectada."
HELP = "shortcuts_overlay"
THEME_BUTTON = "main_theme_button"
TICKETS_LABEL = "Tickets"
MIN_TICKET_WIDTH = 560


def add_admin_tabs(tab_bar: int | str, ctx: AppContext) -> bool:
    """Call desktop.admin.add_tabs for administrators when that module exists."""
    if ctx.session is None or not ctx.session.is_admin:
        return False
    if importlib.util.find_spec("desktop.admin") is None:
        return False
    admin = importlib.import_module("desktop.admin")
    add_tabs = getattr(admin, "add_tabs", None)
    if add_tabs is None:
        return False
    add_tabs(tab_bar, ctx)
    return True


def build_main_window(
    ctx: AppContext,
    build_tickets_tab: Callable[[int | str], None],
    on_log_out: Callable[[], None],
    on_toggle_theme: Callable[[], None] | None = None,
    on_help: Callable[[], None] | None = None,
) -> int | str:
    """The main window; build_tickets_tab(parent) fills the ticket work tab."""
    session = ctx.session
    assert session is not None
    with dpg.window(tag=MAIN_WINDOW, label="Centro de Cómputo ITL", no_close=True, no_title_bar=True,
                    no_move=True, no_resize=True, no_collapse=True, no_scrollbar=True) as window:
        with dpg.group(horizontal=True):
            title = theme.label("Centro de Cómputo ITL · Mesa de ayuda", "accent")
            theme.title_font(title)
            dpg.add_spacer(width=16)
            dpg.add_text(f"{session.full_name} ({session.role})", tag="main_user_label")
            dpg.add_button(tag=THEME_BUTTON, label="Tema oscuro" if not theme.is_dark() else "Tema claro",
                           callback=lambda: on_toggle_theme() if on_toggle_theme else None)
            dpg.add_button(label="Atajos (F1)", callback=lambda: on_help() if on_help else None)
            dpg.add_button(label="Cerrar sesión", tag="main_logout_button", callback=lambda: on_log_out())
        # Its place is always there (a quiet «conectada» line while all is well): the outage message
        # appears and clears without moving anything below it, so a click lands where it was aimed.
        with dpg.child_window(tag=BANNER, height=BANNER_HEIGHT, border=True, no_scrollbar=True):
            dpg.add_text(CONNECTED, tag=BANNER_TEXT)
        theme.bind(BANNER, theme.BANNER_QUIET_THEME)
        with dpg.tab_bar(tag=TAB_BAR):
            with dpg.tab(label=TICKETS_LABEL, tag=TICKETS_TAB):
                build_tickets_tab(TICKETS_TAB)
            add_admin_tabs(TAB_BAR, ctx)
    return window


def poll_tabs() -> None:
    """Once per frame: a click on a tab's label selects it at once. Dear ImGui's tabs allow overlap, and such
    an item takes a click only if the pointer was over it the frame before: on a busy PC the pointer reaches
    the tab and clicks within one frame, and the first click did nothing (a second one was needed)."""
    if not dpg.does_item_exist(TAB_BAR) or not dpg.is_mouse_button_clicked(dpg.mvMouseButton_Left):
        return
    if not dpg.is_item_shown(MAIN_WINDOW) or not dpg.is_item_hovered(MAIN_WINDOW):
        return  # another window (a dialog, a menu) is under the pointer
    mx, my = dpg.get_mouse_pos(local=False)
    for tab in dpg.get_item_children(TAB_BAR, 1) or []:
        if not dpg.is_item_shown(tab):
            continue
        x, y = dpg.get_item_rect_min(tab)
        w, h = dpg.get_item_rect_size(tab)
        if w > 0 and x <= mx < x + w and y <= my < y + h:
            if dpg.get_value(TAB_BAR) not in (tab, dpg.get_item_alias(tab)):
                dpg.set_value(TAB_BAR, tab)
            return


def build_split(parent: int | str) -> tuple[str, str]:
    """The queue pane and the host of the ticket pane, side by side, filling the tab."""
    with dpg.group(horizontal=True, parent=parent):
        dpg.add_child_window(tag=QUEUE_PANE, width=700, height=-1, border=True)
        dpg.add_child_window(tag=TICKET_HOST, width=-1, height=-1, border=True)
    return QUEUE_PANE, TICKET_HOST


def split(width: int, ticket_open: bool = True) -> tuple[int, int]:
    """(queue width, ticket width) for a client area `width` pixels wide. With no ticket open the
    queue takes the whole width; with one open, the conversation gets the larger share on wide
    screens (at 1920 about 1040 px for the ticket, 720 of them for the conversation)."""
    if not ticket_open:
        return width, 0
    queue = int(width * (0.45 if width >= 1700 else 0.5))
    queue = min(queue, width - MIN_TICKET_WIDTH - 30)
    return max(queue, 420), width - max(queue, 420) - 30


def set_banner(text: str) -> None:
    if not dpg.does_item_exist(BANNER):
        return
    dpg.set_value(BANNER_TEXT, text or CONNECTED)
    theme.bind(BANNER, theme.BANNER_THEME if text else theme.BANNER_QUIET_THEME)


def banner_text() -> str:
    """The outage message shown, '' while connected."""
    if not dpg.does_item_exist(BANNER_TEXT):
        return ""
    text = dpg.get_value(BANNER_TEXT)
    return "" if text == CONNECTED else text


def set_ticket_counter(arrived: int) -> None:
    if dpg.does_item_exist(TICKETS_TAB):
        count = f"{arrived} nuevo" if arrived == 1 else f"{arrived} nuevos"
        dpg.configure_item(TICKETS_TAB, label=f"{TICKETS_LABEL} ({count})" if arrived else TICKETS_LABEL)


def toggle_help() -> None:
    """The F1 / ? overlay: every shortcut (the same list as docs/readme/desktop.md)."""
    if dpg.does_item_exist(HELP):
        dpg.delete_item(HELP)
        return
    vw, vh = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    w, h = min(820, vw - 40), min(700, vh - 60)  # 1366×768: every row in view, the keys column uncut
    with dpg.window(tag=HELP, label="Atajos de teclado", modal=True, width=w, height=h, no_saved_settings=True,
                    pos=(max(0, (vw - w) // 2), max(0, (vh - h) // 2)), on_close=lambda: dpg.delete_item(HELP)):
        with dpg.table(header_row=True, policy=dpg.mvTable_SizingStretchProp, borders_innerH=True,
                       row_background=True):
            dpg.add_table_column(label="Tecla", init_width_or_weight=0.3)
            dpg.add_table_column(label="Qué hace", init_width_or_weight=0.7)
            for s in SHORTCUTS:
                with dpg.table_row():
                    theme.label(s.keys, "accent", wrap=0)  # wraps inside its column, never cut
                    dpg.add_text(s.description, wrap=0)
        dpg.add_spacer(height=6)
        dpg.add_button(label="Cerrar (Esc)", callback=lambda: dpg.delete_item(HELP))


def help_shown() -> bool:
    return bool(dpg.does_item_exist(HELP))
