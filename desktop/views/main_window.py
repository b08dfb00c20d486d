"""Main window: a tab bar with the ticket work tab; administrators get desktop.admin's tabs.

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

MAIN_WINDOW = "main_window"
TAB_BAR = "main_tab_bar"
TICKETS_TAB = "tickets_tab"


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
) -> int | str:
    """The main window; build_tickets_tab(parent) fills the ticket work tab."""
    session = ctx.session
    assert session is not None
    with dpg.window(tag=MAIN_WINDOW, label="Centro de Cómputo ITL", no_close=True) as window:
        with dpg.group(horizontal=True):
            dpg.add_text(f"{session.full_name} ({session.role})", tag="main_user_label")
            dpg.add_button(label="Cerrar sesión", tag="main_logout_button", callback=lambda: on_log_out())
        with dpg.tab_bar(tag=TAB_BAR):
            with dpg.tab(label="Tickets", tag=TICKETS_TAB):
                build_tickets_tab(TICKETS_TAB)
            add_admin_tabs(TAB_BAR, ctx)
    return window
