"""The open ticket: opened from the queue (its draft with it), loaded, reloaded, closed with Esc."""

from __future__ import annotations

from collections.abc import Callable

from desktop.context import user_message
from desktop.screens.desk import Desk
from desktop.services import health, ticket_service
from desktop.services.ticket_service import TicketDetail
from desktop.views import incidents_view, ticket_view


class TicketScreen:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.then: tuple[int, Callable[[], None]] | None = None  # (ticket_id, action) to run once it is loaded
        self.place: tuple[int, float | None] | None = None  # (ticket_id, conversation place) for a reload

    def save_draft(self) -> None:
        desk = self.desk
        if desk.ticket_view is not None and desk.current_ticket_id is not None:
            desk.drafts.save(desk.current_ticket_id, desk.ticket_view.get_draft())

    def open_ticket(self, ticket_id: int) -> None:
        desk = self.desk
        view = desk.ticket_view
        if view is None:
            return
        desk.queue.select(ticket_id)
        if desk.queue_view is not None:
            desk.queue_view.mark_selected(ticket_id)
        if ticket_id != desk.current_ticket_id:
            self.save_draft()  # the draft stays with its ticket
            opening = desk.current_ticket_id is None
            desk.current_ticket_id = ticket_id
            if opening:
                desk.window.on_resize()  # the queue makes room for the ticket
            view.set_draft(desk.drafts.get(ticket_id))
            view.set_busy(True)  # nothing can be sent until this ticket's data is on screen
        view.set_message("Cargando...")
        view.show()
        desk.ctx.run_async(lambda: ticket_service.load_detail(desk.ctx.call, ticket_id), self.detail_loaded,
                           self._detail_error)

    def _detail_error(self, exc: Exception) -> None:
        desk = self.desk
        if health.is_unavailable(exc):
            desk.health.set_online(False)
            desk.monitor.show_health()
        if desk.ticket_view is not None:
            desk.ticket_view.set_message(user_message(exc), ok=False)

    def reload_ticket(self) -> None:
        """The open ticket again (refresh, the database back): the conversation stays where it was read."""
        desk = self.desk
        if desk.current_ticket_id is not None:
            if desk.ticket_view is not None and desk.detail is not None:
                self.place = (desk.current_ticket_id, desk.ticket_view.conversation_place())
            self.open_ticket(desk.current_ticket_id)

    def back_to_queue(self) -> None:
        """Esc: close the open ticket (its draft is kept) and return the keyboard to the queue."""
        desk = self.desk
        if desk.ticket_view is not None:
            desk.ticket_view.undo_escape_revert()  # Esc in a text box reverts it: what was typed wins
        self.save_draft()
        desk.current_ticket_id = None
        desk.detail = None
        if desk.ticket_view is not None:
            desk.ticket_view.hide()
        desk.window.on_resize()  # the queue takes the whole width again

    def detail_loaded(self, detail: TicketDetail) -> None:
        desk = self.desk
        if desk.ticket_view is None or detail.ticket_id != desk.current_ticket_id:
            return  # the operator moved on to another ticket meanwhile
        desk.detail = detail
        desk.ticket_view.show_detail(detail, desk.cats)
        desk.ticket_view.set_message("")
        desk.ticket_view.set_busy(False)
        if desk.extras is not None:
            desk.extras.detail_shown(detail)
        incidents_view.show_ticket_side(desk.incidents, ticket_view.SIDE, detail.ticket_id)
        place, self.place = self.place, None
        if place is not None and place[0] == detail.ticket_id:
            desk.ticket_view.return_to(place[1])
        then, self.then = self.then, None
        if then is not None and then[0] == detail.ticket_id:
            then[1]()
