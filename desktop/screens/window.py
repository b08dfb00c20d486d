"""The window's look: the panes share its width as it is resized; light or dark theme."""

from __future__ import annotations

from typing import Any

import dearpygui.dearpygui as dpg

from desktop.screens.desk import Desk
from desktop.views import incidents_view, login_view, main_window, queue_view, theme

TITLE = "Centro de Cómputo ITL - Tickets"


class Window:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def on_resize(self, *_: Any) -> None:
        """Viewport resize callback: the panes share the new width (nothing at fixed positions)."""
        desk = self.desk
        width = dpg.get_viewport_client_width()
        if dpg.does_item_exist(login_view.WINDOW):  # the login window stays centred
            desk.login.view.center()
        if not dpg.does_item_exist(main_window.QUEUE_PANE):
            return
        ticket_open = desk.current_ticket_id is not None
        queue_width, ticket_width = main_window.split(width - 24, ticket_open)
        dpg.configure_item(main_window.QUEUE_PANE, width=queue_width if ticket_open else -1)
        dpg.configure_item(main_window.TICKET_HOST, show=ticket_open)
        if desk.queue_view is not None:
            desk.queue_view.set_width(queue_width)
        if desk.ticket_view is not None and ticket_open:
            desk.ticket_view.set_width(ticket_width)

    def toggle_theme(self) -> None:
        desk = self.desk
        theme.setup(dark=not theme.is_dark())
        main_window.set_banner(main_window.banner_text())  # re-coloured in the new mode
        theme.bind(queue_view.NOTICE, theme.NOTICE_THEME)
        if dpg.does_item_exist(incidents_view.BAR):
            theme.bind(incidents_view.BAR, theme.NOTICE_THEME)
        if dpg.does_item_exist(main_window.THEME_BUTTON):
            dpg.configure_item(main_window.THEME_BUTTON, label="Tema claro" if theme.is_dark() else "Tema oscuro")
        if desk.ticket_view is not None:
            desk.ticket_view.set_draft(desk.ticket_view.get_draft())  # re-colour the composer
            if desk.detail is not None:
                desk.ticket_view.show_detail(desk.detail, desk.cats)
        desk.queue_screen.refresh_queue()
