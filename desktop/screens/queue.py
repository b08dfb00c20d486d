"""The queue: catalogs then the first page, filters, sort, pages, the row's context menu, refresh."""

from __future__ import annotations

import time
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.context import user_message
from desktop.screens.desk import Desk
from desktop.services import health, queue_service
from desktop.services.catalog_service import Catalogs
from desktop.services.queue_service import QueueRequest
from desktop.views import queue_view, ticket_view


class QueueScreen:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.last_refresh = time.monotonic()
        self._page_moved = False  # the next page shown opens at its top

    def catalogs_loaded(self, cats: Catalogs) -> None:
        desk = self.desk
        desk.cats = cats
        if desk.queue_view is None:
            return
        desk.queue_view.set_catalogs(cats)
        self.load_queue(desk.queue.set_filters(desk.queue_view.filters(cats)))

    def load_queue(self, request: QueueRequest | None) -> None:
        desk = self.desk
        if request is None or desk.ctx.session is None:
            return
        desk.queue_loading = True
        self.last_refresh = time.monotonic()
        desk.ctx.run_async(lambda: queue_service.fetch(desk.ctx.call, request),
                           lambda rows: self._queue_loaded(request, rows), self.queue_error)

    def _queue_loaded(self, request: QueueRequest, rows: list[dict[str, Any]]) -> None:
        desk = self.desk
        desk.queue_loading = False
        desk.health.loaded()
        desk.monitor.show_health()
        rows_shown = desk.queue.accept(request, rows)
        if desk.queue_view is not None:
            desk.queue_view.show_rows(rows_shown, desk.queue.selected_index(), desk.queue.range_label(),
                                      desk.queue.can_go_back, desk.queue.state.has_more)
            if self._page_moved:  # another page (or a new filter/sort) starts at its first row
                self._page_moved = False
                dpg.set_y_scroll(queue_view.TABLE, 0.0)

    def queue_error(self, exc: Exception) -> None:
        desk = self.desk
        desk.queue_loading = False
        if health.is_unavailable(exc):
            desk.health.set_online(False)
            desk.monitor.show_health()
        if desk.queue_view is not None:
            desk.queue_view.set_message(user_message(exc))

    def filters_changed(self) -> None:
        desk = self.desk
        if desk.queue_view is not None:
            self._page_moved = True
            self.load_queue(desk.queue.set_filters(desk.queue_view.filters(desk.cats)))

    def sort_by(self, column: str, descending: bool) -> None:
        request = self.desk.queue.sort(column, descending)
        self._page_moved = self._page_moved or request is not None
        self.load_queue(request)

    def next_page(self) -> None:
        request = self.desk.queue.next_page_request()
        self._page_moved = self._page_moved or request is not None
        self.load_queue(request)

    def previous_page(self) -> None:
        request = self.desk.queue.previous_page_request()
        self._page_moved = self._page_moved or request is not None
        self.load_queue(request)

    def status_choices(self, row: queue_service.QueueRow) -> list[str]:
        """The states a row's ticket can move to (for its context menu)."""
        return [r["name"] for r in self.desk.cats.transitions_from(int(row.raw["status_id"]))]

    def row_action(self, ticket_id: int, action: str, status_name: str | None) -> None:
        """Context menu of a queue row: open; assign to me or change status (the ticket opens and the
        same single-ticket action runs, with its confirmation, once its data is on screen)."""
        desk = self.desk
        then = None
        if action == "assign_me":
            then = lambda: desk.actions.assign(None)  # noqa: E731
        elif action == "status" and status_name:
            def then() -> None:
                if desk.ticket_view is not None:
                    dpg.set_value(ticket_view.STATUS, status_name)
                    desk.ticket_view.request_status()
        desk.ticket.then = (ticket_id, then) if then is not None else None
        desk.ticket.open_ticket(ticket_id)

    def refresh_queue(self) -> None:
        self.load_queue(self.desk.queue.refresh_request())

    def refresh_all(self) -> None:
        """F5 and «Actualizar»: announced arrivals -> the first page (the «N nuevos» count starts over);
        else the page again; and the open ticket."""
        desk = self.desk
        desk.arrivals.show_arrivals() if desk.arrived else self.refresh_queue()
        if desk.current_ticket_id is not None:
            desk.ticket.reload_ticket()
