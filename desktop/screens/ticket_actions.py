"""The changes to the open ticket (assign, status, priority, comment, new access code; reopen and
the «orden de servicio» come through ticket_extras), one at a time; and the bulk dialog's hooks."""

from __future__ import annotations

from typing import Any

import dearpygui.dearpygui as dpg

from desktop.context import user_message
from desktop.screens.desk import Desk
from desktop.services import ticket_service
from desktop.services.ticket_service import ActionResult
from desktop.views import ticket_view


class TicketActions:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def run_ticket_action(self, work, on_ok=None) -> None:
        """One change to the open ticket (for modules outside this package, e.g. ticket_extras)."""
        self._act(work, on_ok)

    def _act(self, work, on_ok=None) -> None:
        desk = self.desk
        detail = desk.detail
        view = desk.ticket_view
        if detail is None or view is None or detail.ticket_id != desk.current_ticket_id or desk.acting:
            return
        desk.acting = True
        view.set_busy(True)
        desk.ctx.run_async(lambda: work(detail), lambda result: self._acted(detail.ticket_id, result, on_ok),
                           self._act_error)

    def _acted(self, ticket_id: int, result: ActionResult, on_ok=None) -> None:
        desk = self.desk
        desk.acting = False
        view = desk.ticket_view
        if view is None:
            return
        if ticket_id != desk.current_ticket_id:  # finished after the operator moved on
            if result.ok and on_ok is not None:
                on_ok(ticket_id, False, result)
            return
        view.set_busy(False)
        if result.detail is not None:
            desk.ticket.detail_loaded(result.detail)
        view.set_message(result.message, ok=result.ok)
        if result.ok and on_ok is not None:
            on_ok(ticket_id, True, result)
        if result.ok or result.conflict:
            desk.queue_screen.refresh_queue()

    def _act_error(self, exc: Exception) -> None:
        desk = self.desk
        desk.acting = False
        if desk.ticket_view is not None:
            desk.ticket_view.set_busy(False)
            desk.ticket_view.set_message(user_message(exc), ok=False)

    def assign(self, label: str | None) -> None:
        desk = self.desk
        session = desk.ctx.session
        staff_id = session.staff_id if label is None and session else desk.cats.staff_id_of(label or "")
        if staff_id is None:
            self._say("Elija a la persona de la lista.")
            return
        self._act(lambda d: ticket_service.assign(desk.ctx.call, d, staff_id))

    def unassign(self) -> None:
        self._act(lambda d: ticket_service.assign(self.desk.ctx.call, d, None))

    def change_status(self, status_name: str, note: str) -> None:
        desk = self.desk
        status_id = desk.cats.id_of("status", status_name)
        if status_id is None:
            self._say("Elija el nuevo estado de la lista.")
            return

        def done(ticket_id: int, on_screen: bool, _result: ActionResult) -> None:
            old = desk.drafts.get(ticket_id)
            desk.drafts.save(ticket_id, type(old)(old.body, old.is_public, ""))
            if on_screen and desk.ticket_view is not None:
                dpg.set_value(ticket_view.STATUS_NOTE, "")

        self._act(lambda d: ticket_service.change_status(desk.ctx.call, d, status_id, note), done)

    def change_priority(self, priority_name: str) -> None:
        desk = self.desk
        priority_id = desk.cats.id_of("priority", priority_name)
        if priority_id is None:
            self._say("Elija la prioridad de la lista.")
            return
        self._act(lambda d: ticket_service.change_priority(desk.ctx.call, d, priority_id))

    def add_comment(self, body: str, is_public: bool) -> None:
        desk = self.desk
        extras = desk.extras
        images = extras.images_for_send(desk.current_ticket_id, is_public) if extras and desk.current_ticket_id else []

        def done(ticket_id: int, on_screen: bool, _result: ActionResult) -> None:
            fresh = desk.drafts.sent(ticket_id)  # text gone, kind back to internal note
            if extras is not None:
                extras.sent(ticket_id)
            if on_screen and desk.ticket_view is not None:
                desk.ticket_view.set_draft(fresh)
                desk.ticket_view.scroll_to_end()  # the note just sent is in view

        self._act(lambda d: ticket_service.add_comment(desk.ctx.call, d, body, is_public, images), done)

    def reissue_code(self) -> None:
        """'Nuevo código de acceso' (confirmed in the view): the code is shown once, with a slip."""
        desk = self.desk

        def done(_ticket_id: int, _on_screen: bool, result: ActionResult) -> None:
            if desk.ticket_view is not None and "code" in result.extra:
                desk.ticket_view.show_code(result.extra["code"])

        self._act(lambda d: ticket_service.reissue_access_code(desk.ctx.call, d), done)

    def _say(self, message: str) -> None:
        if self.desk.ticket_view is not None:
            self.desk.ticket_view.set_message(message, ok=False)

    def print_orders(self, ticket_ids: list[int | None]) -> None:
        """«Orden de servicio» for these tickets (the ticket's button, the bulk dialog)."""
        ids = [t for t in ticket_ids if t is not None]
        if ids and self.desk.orders is not None:
            self.desk.orders.open(ids)

    def bulk_done(self, _outcomes: list[Any]) -> None:
        desk = self.desk
        desk.queue_screen.refresh_queue()
        if desk.current_ticket_id is not None:
            desk.ticket.reload_ticket()
