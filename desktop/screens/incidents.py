"""The «Incidentes» tab's links to the Tickets tab: a folio clicked there opens here; «add the
queue's selection» takes the queue's selected tickets (else the open one)."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from desktop.screens.desk import Desk
from desktop.views import main_window


class IncidentLinks:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def open_from_incident(self, ticket_id: int) -> None:
        """A folio clicked in the Incidentes tab (or a repeat failure): open it in the Tickets tab."""
        dpg.set_value(main_window.TAB_BAR, main_window.TICKETS_TAB)
        self.desk.queue_screen.refresh_queue()  # grouping, replies and resolving changed these tickets
        self.desk.ticket.open_ticket(ticket_id)

    def queue_selection(self) -> list[int]:
        """The tickets selected in the queue (its multi-select when present), else the open ticket."""
        desk = self.desk
        selected = getattr(desk.queue_view, "selected_ticket_ids", None)
        ids = list(selected() if callable(selected) else selected or [])
        if not ids and desk.current_ticket_id is not None:
            ids = [desk.current_ticket_id]
        return [int(i) for i in ids]
