"""Tickets that arrived since the page was loaded: polled with the auto-refresh, counted in the
notice («N nuevos», honest under a filter), the tab and the window title; a click shows them."""

from __future__ import annotations

from typing import Any

import dearpygui.dearpygui as dpg

from desktop.screens.desk import Desk
from desktop.screens.window import TITLE
from desktop.services import queue_service
from desktop.views import main_window, queue_view


class Arrivals:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self._arrival_base: int | None = None  # the watermark before the announced arrivals

    def poll_new(self) -> None:
        desk = self.desk
        if desk.ctx.session is None:
            return
        watermark = desk.queue.state.announced_id
        desk.ctx.run_async(lambda: queue_service.poll_new(desk.ctx.call, watermark), self._polled,
                           lambda exc: None)

    def _polled(self, answer: dict[str, Any]) -> None:
        desk = self.desk
        base = desk.queue.state.announced_id if desk.arrived == 0 else self._arrival_base
        count = desk.queue.accept_new(answer)
        if count <= 0:
            return
        self._arrival_base = base
        desk.arrived += count
        main_window.set_ticket_counter(desk.arrived)
        dpg.set_viewport_title(f"({desk.arrived}) {TITLE}")
        if desk.queue_view is not None:
            desk.queue_view.set_notice(desk.arrived)
        desk.queue_screen.load_queue(desk.queue.count_request())  # the new rows appear; selection and scroll stay
        arrived, request = desk.arrived, desk.queue.arrivals_request(desk.arrived)
        desk.ctx.run_async(lambda: queue_service.fetch(desk.ctx.call, request),
                           lambda rows: self._arrivals_counted(arrived, rows), lambda exc: None)

    def _arrivals_counted(self, arrived: int, rows: list[dict[str, Any]]) -> None:
        """The notice says how many of the arrivals the current filters show (honest under a filter)."""
        desk = self.desk
        if desk.queue_view is not None and desk.arrived == arrived:
            desk.queue_view.set_notice(arrived, queue_service.arrivals_shown(rows, self._arrival_base))

    def show_arrivals(self) -> None:
        """Click on the notice: the first page again (newest first); the counter starts over."""
        desk = self.desk
        desk.arrived = 0
        main_window.set_ticket_counter(0)
        dpg.set_viewport_title(TITLE)
        if desk.queue_view is not None:
            desk.queue_view.set_notice(0)
            dpg.set_y_scroll(queue_view.TABLE, 0.0)
        desk.queue_screen.load_queue(desk.queue.first_page_request())
