"""Administration screens (administrators only): statistics, staff accounts, catalogs, audit log,
settings. services/ decide and call the gateway (one module per screen); views/ build the
widgets (one module per tab); screens.AdminScreens puts the tabs in the main tab bar.

desktop.views.main_window calls `add_tabs(tab_bar, ctx)` once for an administrator's session.
The database refuses every procedure used here to an operator session anyway (error 2002).
"""

from __future__ import annotations

from desktop.context import AppContext


def add_tabs(tab_bar: int | str, ctx: AppContext) -> None:
    from desktop.admin.screens import AdminScreens

    screens = AdminScreens(ctx, tab_bar)
    ctx.admin_screens = screens  # type: ignore[attr-defined]  # kept alive; used by scripted drivers
