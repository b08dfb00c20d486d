"""A session's main window: built at login (or resumed after an expired session), torn down at
logout; the session's views are kept on the desk while it lasts."""

from __future__ import annotations

import os
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.views import catalog_view, staff_view
from desktop.context import Session
from desktop.screens.desk import Desk
from desktop.screens.window import TITLE
from desktop.services import catalog_service
from desktop.services.auth_service import AuthService
from desktop.services.drafts import DraftStore
from desktop.services.queue_service import QueueService
from desktop.views import incidents_view, main_window, queue_view, ticket_view
from desktop.views.bulk_dialog import BulkDialog
from desktop.views.queue_view import QueueView
from desktop.views.service_order_dialog import ServiceOrderDialog
from desktop.views.ticket_extras import TicketExtras
from desktop.views.ticket_view import TicketView

SESSION_EXPIRED = "Su sesión expiró. Inicie sesión de nuevo: lo que había escrito se conserva."
DESK_FEATURE_WINDOWS = ("canned_window", "reopen_window", "ticket_image_file_dialog", "bulk_window", "bulk_confirm",
                        "order_window")


class SessionScreen:
    def __init__(self, desk: Desk, auth: AuthService, extras_host: Any) -> None:
        """extras_host: what TicketExtras reads (ctx, ticket_view, current_ticket_id, print_orders,
        run_ticket_action): the application object."""
        self.desk = desk
        self.auth = auth
        self.extras_host = extras_host

    def start_session(self, session: Session) -> None:
        desk = self.desk
        previous = desk.ctx.session
        desk.ctx.session = session
        desk.login.view.hide()
        if previous is not None and previous.staff_id == session.staff_id and dpg.does_item_exist(
                main_window.MAIN_WINDOW):
            dpg.configure_item(main_window.MAIN_WINDOW, show=True)  # resume: typed text is still there
            dpg.set_primary_window(main_window.MAIN_WINDOW, True)
            desk.queue_screen.refresh_queue()
            return
        self._destroy_main()
        desk.drafts = DraftStore()  # another person's drafts never carry over
        main_window.build_main_window(desk.ctx, self._build_tickets_tab, self.log_out, desk.window.toggle_theme,
                                      main_window.toggle_help)
        dpg.set_primary_window(main_window.MAIN_WINDOW, True)
        links = desk.incident_links
        desk.incidents = incidents_view.IncidentsView(desk.ctx, main_window.TAB_BAR, links.open_from_incident,
                                                      links.queue_selection)
        desk.window.on_resize()
        desk.ctx.run_async(lambda: catalog_service.load_catalogs(desk.ctx.call), desk.queue_screen.catalogs_loaded,
                           desk.queue_screen.queue_error)

    def _build_tickets_tab(self, parent: int | str) -> None:
        desk = self.desk
        queue, ticket, actions = desk.queue_screen, desk.ticket, desk.actions
        desk.queue = QueueService()
        queue_pane, ticket_host = main_window.build_split(parent)
        desk.queue_view = QueueView(queue_pane, queue.filters_changed, queue.sort_by, queue.next_page,
                                    queue.previous_page, queue.refresh_all, ticket.open_ticket,
                                    on_notice=desk.arrivals.show_arrivals, on_context=queue.row_action,
                                    status_choices=queue.status_choices)
        desk.ticket_view = TicketView(actions.assign, actions.unassign, actions.change_status,
                                      actions.change_priority, actions.add_comment, ticket.reload_ticket,
                                      parent=ticket_host, on_back=ticket.back_to_queue,
                                      on_reissue=actions.reissue_code)
        self._build_desk_features()

    def _build_desk_features(self) -> None:
        """Issue 16's additions, each in its own module: the ticket's extras, the bulk dialog (the
        queue's selection hook) and the «orden de servicio» dialog."""
        desk = self.desk
        desk.extras = TicketExtras(self.extras_host)
        if desk.ticket_view is not None:
            desk.ticket_view.confirm_note = desk.extras.confirm_note
        desk.orders = ServiceOrderDialog(desk.ctx, open_files=os.environ.get("ITL_DESK_OPEN_FILES", "1") != "0")
        desk.bulk = BulkDialog(desk.ctx.run_async, desk.ctx.call, lambda: [r.raw for r in desk.queue.state.rows],
                               lambda: desk.cats, desk.actions.bulk_done, desk.actions.print_orders,
                               lambda: desk.ctx.session.staff_id if desk.ctx.session else None)
        if desk.queue_view is not None and hasattr(desk.queue_view, "on_bulk_action"):
            desk.queue_view.on_bulk_action = desk.bulk.open

    def _destroy_main(self) -> None:
        # Root items (windows, dialogs, registries) outlive MAIN_WINDOW: each one built by a session goes
        # here, or the next login's build fails on «Alias already exists».
        for tag in (main_window.MAIN_WINDOW, ticket_view.CONFIRM, ticket_view.PHOTO_WINDOW, main_window.HELP,
                    ticket_view.CODE_WINDOW, queue_view.CONTEXT, queue_view.ROW_HANDLERS, queue_view.DUE_TIP,
                    catalog_view.FILE_DIALOG, staff_view.RESET_CONFIRM,
                    ticket_view.TEXTURES,
                    *DESK_FEATURE_WINDOWS):
            if dpg.does_item_exist(tag):
                dpg.delete_item(tag)
        desk = self.desk
        desk.queue_view = None
        desk.ticket_view = None
        desk.incidents = None
        desk.extras = desk.bulk = desk.orders = None
        desk.detail = None
        desk.current_ticket_id = None
        desk.arrived = 0
        dpg.set_viewport_title(TITLE)  # no «(1) …» left from this session after logging out
        desk.acting = False

    def session_expired(self) -> None:
        desk = self.desk
        desk.ticket.save_draft()
        if desk.ticket_view is not None:
            desk.ticket_view.close_code()  # a code is shown once, never left on an unattended screen
        if dpg.does_item_exist(main_window.MAIN_WINDOW):
            dpg.set_primary_window(main_window.MAIN_WINDOW, False)
            dpg.configure_item(main_window.MAIN_WINDOW, show=False)
        if desk.ctx.session is not None:
            dpg.set_value("login_username", desk.ctx.session.username)
        desk.login.view.show(SESSION_EXPIRED, info=True)

    def log_out(self) -> None:
        desk = self.desk
        session = desk.ctx.session
        desk.ctx.session = None
        self._destroy_main()
        desk.drafts = DraftStore()
        desk.login.view.show("Sesión cerrada.", info=True)
        if session is not None:
            desk.ctx.run_async(lambda: self.auth.log_out(session))
