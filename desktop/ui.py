"""The running application: login window <-> main window, render loop, worker results.

DesktopApp wires views (widgets) to services (logic). Every database call goes through
ctx.run_async, so the render loop never waits for the database. The main window is the
primary window: it fills the OS window and follows its size (viewport resize callback).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dearpygui.dearpygui as dpg

import gateway
from desktop.admin.views import catalog_view
from desktop.context import AppContext, Session, user_message
from desktop.services import catalog_service, health, queue_service, ticket_service
from desktop.services.auth_service import AuthService, LoginResult
from desktop.services.catalog_service import Catalogs
from desktop.services.drafts import DraftStore
from desktop.services.queue_service import QueueRequest, QueueService
from desktop.services.shortcuts import action_for
from desktop.services.ticket_service import ActionResult, TicketDetail
from desktop.views import incidents_view, login_view, main_window, queue_view, theme, ticket_view
from desktop.views.bulk_dialog import BulkDialog
from desktop.views.login_view import LoginView
from desktop.views.queue_view import QueueView
from desktop.views.service_order_dialog import ServiceOrderDialog
from desktop.views.ticket_extras import TicketExtras
from desktop.views.ticket_view import TicketView

VIEWPORT_WIDTH = 1366
VIEWPORT_HEIGHT = 768
MIN_WIDTH, MIN_HEIGHT = 1024, 640
AUTO_REFRESH_SECONDS = float(os.environ.get("ITL_DESK_REFRESH_SECONDS", "30"))
PROBE_SECONDS = float(os.environ.get("ITL_DESK_PROBE_SECONDS", "5"))
SESSION_EXPIRED = "Su sesión expiró. Inicie sesión de nuevo: lo que había escrito se conserva."
TITLE = "Centro de Cómputo ITL - Tickets"
# Text fields: while one has the keyboard, letters and arrows are typed, not shortcuts.
TEXT_FIELDS = (queue_view.SEARCH, ticket_view.COMMENT, ticket_view.STATUS_NOTE)
DESK_FEATURE_WINDOWS = ("canned_window", "reopen_window", "ticket_image_file_dialog", "bulk_window", "order_window")
KEYS = {
    dpg.mvKey_F5: "f5", dpg.mvKey_F1: "f1", dpg.mvKey_Escape: "escape", dpg.mvKey_Down: "down",
    dpg.mvKey_Up: "up", dpg.mvKey_J: "j", dpg.mvKey_K: "k", dpg.mvKey_Return: "enter",
    dpg.mvKey_NumPadEnter: "enter", dpg.mvKey_R: "r", dpg.mvKey_F: "f", dpg.mvKey_Next: "pagedown",
    dpg.mvKey_Prior: "pageup", dpg.mvKey_Slash: "/", dpg.mvKey_Spacebar: "space", dpg.mvKey_Menu: "menu",
    dpg.mvKey_F10: "f10",
}


class DesktopApp:
    LAYOUT_AREAS = (main_window.QUEUE_PANE, main_window.TICKET_HOST, ticket_view.TIMELINE, ticket_view.SIDE,
                    ticket_view.COMPOSER, queue_view.TABLE, queue_view.NEXT, queue_view.PAGE_LABEL,
                    "main_logout_button")

    def __init__(self, gw: gateway.Gateway, probe_gw: gateway.Gateway | None = None, where: str = "") -> None:
        self.where = where  # "Se intentó ..." for a database that does not answer
        self.ctx = AppContext(gw)
        self.ctx.on_session_expired = self.session_expired
        self.auth = AuthService(gw)
        self.queue = QueueService()
        self.cats = Catalogs()
        self.detail: TicketDetail | None = None
        self.current_ticket_id: int | None = None  # the ticket whose draft the composer holds
        self.drafts = DraftStore()
        self.queue_view: QueueView | None = None
        self.ticket_view: TicketView | None = None
        self.incidents: incidents_view.IncidentsView | None = None
        self.extras: TicketExtras | None = None  # canned replies, images, orden de servicio, reopen
        self.bulk: BulkDialog | None = None
        self.orders: ServiceOrderDialog | None = None
        self.queue_loading = False
        self.last_refresh = time.monotonic()
        self.arrived = 0
        self._arrival_base: int | None = None  # the watermark before the announced arrivals
        self.acting = False  # one change at a time: a second Ctrl+Enter never sends twice
        self.health = health.Health()
        self._probe_gw = probe_gw
        self._probe_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="itl-probe")
        self._probing = False
        self._last_probe = 0.0
        self._pending_password = ""
        self._pending_session: Session | None = None
        self._then: tuple[int, Any] | None = None  # (ticket_id, action) to run once that ticket is loaded
        self._search_pending = 0.0  # after Ctrl+F, until the search box has the keyboard: keys are text
        self._page_moved = False  # the next page shown opens at its top
        self.login = LoginView(self.submit_login, self.submit_password_change)

    # ---- login ----------------------------------------------------------------
    def submit_login(self, username: str, password: str) -> None:
        self.login.set_busy(True)
        self.login.set_message("")
        self._pending_password = password
        self.ctx.run_async(lambda: self.auth.log_in(username, password), self._logged_in, self._login_failed)

    def _login_failed(self, exc: Exception) -> None:
        self.login.set_busy(False)
        message = user_message(exc)
        if isinstance(exc, gateway.DatabaseUnavailable) and self.where:
            message = f"{message}\n{self.where}"  # which address was tried, and how to point elsewhere
        self.login.set_message(message)

    def _logged_in(self, result: LoginResult) -> None:
        if not result.ok or result.session is None:
            self.login.set_busy(False)
            self.login.set_message(result.message)
            return
        if result.must_change_password:
            self._pending_session = result.session
            self.login.show_password_change(self._pending_password)
            return
        self._pending_password = ""
        self.start_session(result.session)

    def submit_password_change(self, current: str, new: str, confirm: str) -> None:
        session = self._pending_session
        if session is None:
            return
        self.login.set_busy(True)

        def changed(problem: str | None) -> None:
            if problem:
                self.login.set_busy(False)
                self.login.set_message(problem)
                return
            self._pending_session = None
            self.start_session(session)

        self.ctx.run_async(lambda: self.auth.change_password(session, current, new, confirm), changed,
                           self._login_failed)

    def start_session(self, session: Session) -> None:
        previous = self.ctx.session
        self.ctx.session = session
        self.login.hide()
        if previous is not None and previous.staff_id == session.staff_id and dpg.does_item_exist(
                main_window.MAIN_WINDOW):
            dpg.configure_item(main_window.MAIN_WINDOW, show=True)  # resume: typed text is still there
            dpg.set_primary_window(main_window.MAIN_WINDOW, True)
            self.refresh_queue()
            return
        self._destroy_main()
        self.drafts = DraftStore()  # another person's drafts never carry over
        main_window.build_main_window(self.ctx, self._build_tickets_tab, self.log_out, self.toggle_theme,
                                      main_window.toggle_help)
        dpg.set_primary_window(main_window.MAIN_WINDOW, True)
        self.incidents = incidents_view.IncidentsView(self.ctx, main_window.TAB_BAR, self._open_from_incident,
                                                      self._queue_selection)
        self.on_resize()
        self.ctx.run_async(lambda: catalog_service.load_catalogs(self.ctx.call), self._catalogs_loaded,
                           self._queue_error)

    def _build_tickets_tab(self, parent: int | str) -> None:
        self.queue = QueueService()
        queue_pane, ticket_host = main_window.build_split(parent)
        self.queue_view = QueueView(queue_pane, self.filters_changed, self.sort_by, self.next_page,
                                    self.previous_page, self.refresh_all, self.open_ticket,
                                    on_notice=self.show_arrivals, on_context=self.row_action,
                                    status_choices=self.status_choices)
        self.ticket_view = TicketView(self.assign, self.unassign, self.change_status, self.change_priority,
                                      self.add_comment, self.reload_ticket, parent=ticket_host,
                                      on_back=self.back_to_queue, on_reissue=self.reissue_code)
        self._build_desk_features()

    def _build_desk_features(self) -> None:
        """Issue 16's additions, each in its own module: the ticket's extras, the bulk dialog (the
        queue's selection hook) and the «orden de servicio» dialog."""
        self.extras = TicketExtras(self)
        if self.ticket_view is not None:
            self.ticket_view.confirm_note = self.extras.confirm_note
        self.orders = ServiceOrderDialog(self.ctx, open_files=os.environ.get("ITL_DESK_OPEN_FILES", "1") != "0")
        self.bulk = BulkDialog(self.ctx.run_async, self.ctx.call, lambda: [r.raw for r in self.queue.state.rows],
                               lambda: self.cats, self._bulk_done, self.print_orders)
        if self.queue_view is not None and hasattr(self.queue_view, "on_bulk_action"):
            self.queue_view.on_bulk_action = self.bulk.open

    def print_orders(self, ticket_ids: list[int | None]) -> None:
        ids = [t for t in ticket_ids if t is not None]
        if ids and self.orders is not None:
            self.orders.open(ids)

    def _bulk_done(self, _outcomes: list[Any]) -> None:
        self.refresh_queue()
        if self.current_ticket_id is not None:
            self.reload_ticket()

    def _destroy_main(self) -> None:
        # Root items (windows, dialogs, registries) outlive MAIN_WINDOW: each one built by a session goes
        # here, or the next login's build fails on «Alias already exists».
        for tag in (main_window.MAIN_WINDOW, ticket_view.CONFIRM, ticket_view.PHOTO_WINDOW, main_window.HELP,
                    ticket_view.CODE_WINDOW, queue_view.CONTEXT, queue_view.ROW_HANDLERS, catalog_view.FILE_DIALOG,
                    ticket_view.TEXTURES,
                    *DESK_FEATURE_WINDOWS):
            if dpg.does_item_exist(tag):
                dpg.delete_item(tag)
        self.queue_view = None
        self.ticket_view = None
        self.incidents = None
        self.extras = self.bulk = self.orders = None
        self.detail = None
        self.current_ticket_id = None
        self.arrived = 0
        dpg.set_viewport_title(TITLE)  # no «(1) …» left from this session after logging out
        self.acting = False

    def session_expired(self) -> None:
        self._save_draft()
        if self.ticket_view is not None:
            self.ticket_view.close_code()  # a code is shown once, never left on an unattended screen
        if dpg.does_item_exist(main_window.MAIN_WINDOW):
            dpg.set_primary_window(main_window.MAIN_WINDOW, False)
            dpg.configure_item(main_window.MAIN_WINDOW, show=False)
        if self.ctx.session is not None:
            dpg.set_value("login_username", self.ctx.session.username)
        self.login.show(SESSION_EXPIRED, info=True)

    def log_out(self) -> None:
        session = self.ctx.session
        self.ctx.session = None
        self._destroy_main()
        self.drafts = DraftStore()
        self.login.show("Sesión cerrada.", info=True)
        if session is not None:
            self.ctx.run_async(lambda: self.auth.log_out(session))

    # ---- layout and look ------------------------------------------------------------
    def on_resize(self, *_: Any) -> None:
        """Viewport resize callback: the panes share the new width (nothing at fixed positions)."""
        width = dpg.get_viewport_client_width()
        if dpg.does_item_exist(login_view.WINDOW):  # the login window stays centred
            w, h = dpg.get_item_width(login_view.WINDOW) or 420, dpg.get_item_height(login_view.WINDOW) or 330
            dpg.configure_item(login_view.WINDOW, pos=(max(0, (width - w) // 2),
                                                       max(0, (dpg.get_viewport_client_height() - h) // 3)))
        if not dpg.does_item_exist(main_window.QUEUE_PANE):
            return
        ticket_open = self.current_ticket_id is not None
        queue_width, ticket_width = main_window.split(width - 24, ticket_open)
        dpg.configure_item(main_window.QUEUE_PANE, width=queue_width if ticket_open else -1)
        dpg.configure_item(main_window.TICKET_HOST, show=ticket_open)
        if self.queue_view is not None:
            self.queue_view.set_width(queue_width)
        if self.ticket_view is not None and ticket_open:
            self.ticket_view.set_width(ticket_width)

    def toggle_theme(self) -> None:
        theme.setup(dark=not theme.is_dark())
        theme.bind(main_window.BANNER, theme.BANNER_THEME)
        theme.bind(queue_view.NOTICE, theme.NOTICE_THEME)
        if dpg.does_item_exist(incidents_view.BAR):
            theme.bind(incidents_view.BAR, theme.NOTICE_THEME)
        if dpg.does_item_exist(main_window.THEME_BUTTON):
            dpg.configure_item(main_window.THEME_BUTTON, label="Tema claro" if theme.is_dark() else "Tema oscuro")
        if self.ticket_view is not None:
            self.ticket_view.set_draft(self.ticket_view.get_draft())  # re-colour the composer
            if self.detail is not None:
                self.ticket_view.show_detail(self.detail, self.cats)
        self.refresh_queue()

    # ---- queue ----------------------------------------------------------------
    def _catalogs_loaded(self, cats: Catalogs) -> None:
        self.cats = cats
        if self.queue_view is None:
            return
        self.queue_view.set_catalogs(cats)
        self.load_queue(self.queue.set_filters(self.queue_view.filters(cats)))

    def load_queue(self, request: QueueRequest | None) -> None:
        if request is None or self.ctx.session is None:
            return
        self.queue_loading = True
        self.last_refresh = time.monotonic()
        self.ctx.run_async(lambda: queue_service.fetch(self.ctx.call, request),
                           lambda rows: self._queue_loaded(request, rows), self._queue_error)

    def _queue_loaded(self, request: QueueRequest, rows: list[dict[str, Any]]) -> None:
        self.queue_loading = False
        self.health.loaded()
        self._show_health()
        rows_shown = self.queue.accept(request, rows)
        if self.queue_view is not None:
            self.queue_view.show_rows(rows_shown, self.queue.selected_index(), self.queue.range_label(),
                                      self.queue.can_go_back, self.queue.state.has_more)
            if self._page_moved:  # another page (or a new filter/sort) starts at its first row
                self._page_moved = False
                dpg.set_y_scroll(queue_view.TABLE, 0.0)

    def _queue_error(self, exc: Exception) -> None:
        self.queue_loading = False
        if health.is_unavailable(exc):
            self.health.set_online(False)
            self._show_health()
        if self.queue_view is not None:
            self.queue_view.set_message(user_message(exc))

    def filters_changed(self) -> None:
        if self.queue_view is not None:
            self._page_moved = True
            self.load_queue(self.queue.set_filters(self.queue_view.filters(self.cats)))

    def sort_by(self, column: str, descending: bool) -> None:
        request = self.queue.sort(column, descending)
        self._page_moved = self._page_moved or request is not None
        self.load_queue(request)

    def next_page(self) -> None:
        request = self.queue.next_page_request()
        self._page_moved = self._page_moved or request is not None
        self.load_queue(request)

    def previous_page(self) -> None:
        request = self.queue.previous_page_request()
        self._page_moved = self._page_moved or request is not None
        self.load_queue(request)

    def status_choices(self, row: queue_service.QueueRow) -> list[str]:
        """The states a row's ticket can move to (for its context menu)."""
        return [r["name"] for r in self.cats.transitions_from(int(row.raw["status_id"]))]

    def row_action(self, ticket_id: int, action: str, status_name: str | None) -> None:
        """Context menu of a queue row: open; assign to me or change status (the ticket opens and the
        same single-ticket action runs, with its confirmation, once its data is on screen)."""
        then = None
        if action == "assign_me":
            then = lambda: self.assign(None)  # noqa: E731
        elif action == "status" and status_name:
            def then() -> None:
                if self.ticket_view is not None:
                    dpg.set_value(ticket_view.STATUS, status_name)
                    self.ticket_view.request_status()
        self._then = (ticket_id, then) if then is not None else None
        self.open_ticket(ticket_id)

    def refresh_queue(self) -> None:
        self.load_queue(self.queue.refresh_request())

    def refresh_all(self) -> None:
        """F5 and «Actualizar»: announced arrivals -> the first page (the «N nuevos» count starts over);
        else the page again; and the open ticket."""
        self.show_arrivals() if self.arrived else self.refresh_queue()
        if self.current_ticket_id is not None:
            self.reload_ticket()

    def _poll_new(self) -> None:
        if self.ctx.session is None:
            return
        watermark = self.queue.state.announced_id
        self.ctx.run_async(lambda: queue_service.poll_new(self.ctx.call, watermark), self._polled,
                           lambda exc: None)

    def _polled(self, answer: dict[str, Any]) -> None:
        base = self.queue.state.announced_id if self.arrived == 0 else self._arrival_base
        count = self.queue.accept_new(answer)
        if count <= 0:
            return
        self._arrival_base = base
        self.arrived += count
        main_window.set_ticket_counter(self.arrived)
        dpg.set_viewport_title(f"({self.arrived}) {TITLE}")
        if self.queue_view is not None:
            self.queue_view.set_notice(self.arrived)
        self.load_queue(self.queue.count_request())  # the new rows appear; selection and scroll stay
        arrived, request = self.arrived, self.queue.arrivals_request(self.arrived)
        self.ctx.run_async(lambda: queue_service.fetch(self.ctx.call, request),
                           lambda rows: self._arrivals_counted(arrived, rows), lambda exc: None)

    def _arrivals_counted(self, arrived: int, rows: list[dict[str, Any]]) -> None:
        """The notice says how many of the arrivals the current filters show (honest under a filter)."""
        if self.queue_view is not None and self.arrived == arrived:
            self.queue_view.set_notice(arrived, queue_service.arrivals_shown(rows, self._arrival_base))

    def show_arrivals(self) -> None:
        """Click on the notice: the first page again (newest first); the counter starts over."""
        self.arrived = 0
        main_window.set_ticket_counter(0)
        dpg.set_viewport_title(TITLE)
        if self.queue_view is not None:
            self.queue_view.set_notice(0)
            dpg.set_y_scroll(queue_view.TABLE, 0.0)
        self.load_queue(self.queue.first_page_request())

    # ---- ticket ---------------------------------------------------------------
    def _save_draft(self) -> None:
        if self.ticket_view is not None and self.current_ticket_id is not None:
            self.drafts.save(self.current_ticket_id, self.ticket_view.get_draft())

    def open_ticket(self, ticket_id: int) -> None:
        view = self.ticket_view
        if view is None:
            return
        self.queue.select(ticket_id)
        if self.queue_view is not None:
            self.queue_view.mark_selected(ticket_id)
        if ticket_id != self.current_ticket_id:
            self._save_draft()  # the draft stays with its ticket
            opening = self.current_ticket_id is None
            self.current_ticket_id = ticket_id
            if opening:
                self.on_resize()  # the queue makes room for the ticket
            view.set_draft(self.drafts.get(ticket_id))
            view.set_busy(True)  # nothing can be sent until this ticket's data is on screen
        view.set_message("Cargando...")
        view.show()
        self.ctx.run_async(lambda: ticket_service.load_detail(self.ctx.call, ticket_id), self._detail_loaded,
                           self._detail_error)

    def _detail_error(self, exc: Exception) -> None:
        if health.is_unavailable(exc):
            self.health.set_online(False)
            self._show_health()
        if self.ticket_view is not None:
            self.ticket_view.set_message(user_message(exc), ok=False)

    def reload_ticket(self) -> None:
        if self.current_ticket_id is not None:
            self.open_ticket(self.current_ticket_id)

    def back_to_queue(self) -> None:
        """Esc: close the open ticket (its draft is kept) and return the keyboard to the queue."""
        if self.ticket_view is not None:
            self.ticket_view.undo_escape_revert()  # Esc in a text box reverts it: what was typed wins
        self._save_draft()
        self.current_ticket_id = None
        self.detail = None
        if self.ticket_view is not None:
            self.ticket_view.hide()
        self.on_resize()  # the queue takes the whole width again

    def _detail_loaded(self, detail: TicketDetail) -> None:
        if self.ticket_view is None or detail.ticket_id != self.current_ticket_id:
            return  # the operator moved on to another ticket meanwhile
        self.detail = detail
        self.ticket_view.show_detail(detail, self.cats)
        self.ticket_view.set_message("")
        self.ticket_view.set_busy(False)
        if self.extras is not None:
            self.extras.detail_shown(detail)
        incidents_view.show_ticket_side(self.incidents, ticket_view.SIDE, detail.ticket_id)
        then, self._then = self._then, None
        if then is not None and then[0] == detail.ticket_id:
            then[1]()

    def _open_from_incident(self, ticket_id: int) -> None:
        """A folio clicked in the Incidentes tab (or a repeat failure): open it in the Tickets tab."""
        dpg.set_value(main_window.TAB_BAR, main_window.TICKETS_TAB)
        self.refresh_queue()  # grouping, replies and resolving changed these tickets
        self.open_ticket(ticket_id)

    def _queue_selection(self) -> list[int]:
        """The tickets selected in the queue (its multi-select when present), else the open ticket."""
        selected = getattr(self.queue_view, "selected_ticket_ids", None)
        ids = list(selected() if callable(selected) else selected or [])
        if not ids and self.current_ticket_id is not None:
            ids = [self.current_ticket_id]
        return [int(i) for i in ids]

    def run_ticket_action(self, work, on_ok=None) -> None:
        """One change to the open ticket (for modules outside this file, e.g. ticket_extras)."""
        self._act(work, on_ok)

    def _act(self, work, on_ok=None) -> None:
        detail = self.detail
        view = self.ticket_view
        if detail is None or view is None or detail.ticket_id != self.current_ticket_id or self.acting:
            return
        self.acting = True
        view.set_busy(True)
        self.ctx.run_async(lambda: work(detail), lambda result: self._acted(detail.ticket_id, result, on_ok),
                           self._act_error)

    def _acted(self, ticket_id: int, result: ActionResult, on_ok=None) -> None:
        self.acting = False
        view = self.ticket_view
        if view is None:
            return
        if ticket_id != self.current_ticket_id:  # finished after the operator moved on
            if result.ok and on_ok is not None:
                on_ok(ticket_id, False, result)
            return
        view.set_busy(False)
        if result.detail is not None:
            self._detail_loaded(result.detail)
        view.set_message(result.message, ok=result.ok)
        if result.ok and on_ok is not None:
            on_ok(ticket_id, True, result)
        if result.ok or result.conflict:
            self.refresh_queue()

    def _act_error(self, exc: Exception) -> None:
        self.acting = False
        if self.ticket_view is not None:
            self.ticket_view.set_busy(False)
            self.ticket_view.set_message(user_message(exc), ok=False)

    def assign(self, label: str | None) -> None:
        session = self.ctx.session
        staff_id = session.staff_id if label is None and session else self.cats.staff_id_of(label or "")
        if staff_id is None:
            self._say("Elija a la persona de la lista.")
            return
        self._act(lambda d: ticket_service.assign(self.ctx.call, d, staff_id))

    def unassign(self) -> None:
        self._act(lambda d: ticket_service.assign(self.ctx.call, d, None))

    def change_status(self, status_name: str, note: str) -> None:
        status_id = self.cats.id_of("status", status_name)
        if status_id is None:
            self._say("Elija el nuevo estado de la lista.")
            return

        def done(ticket_id: int, on_screen: bool, _result: ActionResult) -> None:
            old = self.drafts.get(ticket_id)
            self.drafts.save(ticket_id, type(old)(old.body, old.is_public, ""))
            if on_screen and self.ticket_view is not None:
                dpg.set_value(ticket_view.STATUS_NOTE, "")

        self._act(lambda d: ticket_service.change_status(self.ctx.call, d, status_id, note), done)

    def change_priority(self, priority_name: str) -> None:
        priority_id = self.cats.id_of("priority", priority_name)
        if priority_id is None:
            self._say("Elija la prioridad de la lista.")
            return
        self._act(lambda d: ticket_service.change_priority(self.ctx.call, d, priority_id))

    def add_comment(self, body: str, is_public: bool) -> None:
        extras = self.extras
        images = extras.images_for_send(self.current_ticket_id, is_public) if extras and self.current_ticket_id else []

        def done(ticket_id: int, on_screen: bool, _result: ActionResult) -> None:
            fresh = self.drafts.sent(ticket_id)  # text gone, kind back to internal note
            if extras is not None:
                extras.sent(ticket_id)
            if on_screen and self.ticket_view is not None:
                self.ticket_view.set_draft(fresh)
                self.ticket_view.scroll_to_end()  # the note just sent is in view

        self._act(lambda d: ticket_service.add_comment(self.ctx.call, d, body, is_public, images), done)

    def reissue_code(self) -> None:
        """'Nuevo código de acceso' (confirmed in the view): the code is shown once, with a slip."""
        def done(_ticket_id: int, _on_screen: bool, result: ActionResult) -> None:
            if self.ticket_view is not None and "code" in result.extra:
                self.ticket_view.show_code(result.extra["code"])

        self._act(lambda d: ticket_service.reissue_access_code(self.ctx.call, d), done)

    def _say(self, message: str) -> None:
        if self.ticket_view is not None:
            self.ticket_view.set_message(message, ok=False)

    # ---- keyboard ---------------------------------------------------------------
    def on_key(self, sender: Any, key: int) -> None:
        name = KEYS.get(key)
        if name is None or self.ctx.session is None or not dpg.does_item_exist(main_window.MAIN_WINDOW):
            return
        if not dpg.is_item_shown(main_window.MAIN_WINDOW):
            return
        ctrl = dpg.is_key_down(dpg.mvKey_LControl) or dpg.is_key_down(dpg.mvKey_RControl)
        shift = dpg.is_key_down(dpg.mvKey_LShift) or dpg.is_key_down(dpg.mvKey_RShift)
        if name == "/" and shift:
            name = "?"
        elif ctrl and name in ("f", "enter"):
            name = f"ctrl+{name}"
        elif name == "f10":
            if not shift:
                return
            name = "menu"  # Shift+F10: the context menu, as in Windows
        self.press(name)

    def press(self, name: str) -> str | None:
        """A key by name ('j', 'f5', 'ctrl+enter'...): the action it runs, given the text focus."""
        if self.extras is not None and self.extras.handle_key(name):
            return None  # the canned-reply picker or the reopen dialog has the keyboard
        if any(d is not None and d.is_open() for d in (self.bulk, self.orders)):
            if name == "escape":
                for d in (self.bulk, self.orders):
                    if d is not None:
                        d.close()
            return None
        typing = any(dpg.does_item_exist(t) and dpg.is_item_active(t) for t in TEXT_FIELDS)
        if time.monotonic() < self._search_pending:  # Ctrl+F pressed: letters meanwhile are text, not shortcuts
            typing = True
        action = action_for(name, typing)
        self.shortcut(action)
        return action

    def shortcut(self, action: str | None) -> None:
        """Run one keyboard action (also what the scripted drivers call)."""
        qv, tv = self.queue_view, self.ticket_view
        if action is None or qv is None or tv is None:
            return
        if dpg.does_item_exist(ticket_view.CODE_WINDOW):
            if action == "back":
                tv.close_code()
            return
        if qv.context_menu_shown():
            if action == "back":
                qv.close_context_menu()
            return
        if tv.confirming():
            if action == "back":
                tv.cancel_confirm()
            elif action in ("open", "send"):
                tv.confirm()
            return
        if main_window.help_shown():
            if action in ("back", "help"):
                main_window.toggle_help()
            return
        if action == "help":
            main_window.toggle_help()
        elif action == "search":
            self._search_pending = time.monotonic() + 2.0  # ends as soon as the box is active (tick)
            dpg.focus_item(queue_view.SEARCH)
        elif action == "refresh":
            self.refresh_all()
        elif action in ("down", "up"):
            qv.move_cursor(1 if action == "down" else -1)
        elif action == "open":
            ticket_id = qv.cursor_ticket()
            if ticket_id is not None:
                self.open_ticket(ticket_id)
        elif action == "reply":
            tv.focus_composer()
        elif action == "send":
            reason = health.send_blocked(self.health, self.detail is not None, self.acting)
            if self.current_ticket_id is None:
                pass  # in the queue: nothing is being written
            elif reason:
                tv.set_message(reason, ok=False)
                main_window.set_banner(self.health.banner())
            else:
                tv.request_send()
        elif action == "back":
            if dpg.does_item_exist(ticket_view.PHOTO_WINDOW):
                tv.close_photo()
            else:
                self.back_to_queue()
        elif action == "select":
            qv.toggle_cursor()
        elif action == "menu":
            ticket_id = qv.cursor_ticket()
            if ticket_id is not None:
                qv.open_context_menu(ticket_id, at=qv.row_rect_point(ticket_id))
        elif action == "next_page":
            self.next_page()
        elif action == "previous_page":
            self.previous_page()

    # ---- database health ---------------------------------------------------------
    def _show_health(self) -> None:
        main_window.set_banner(self.health.banner())

    def _probe(self) -> None:
        gw, session = self._probe_gw, self.ctx.session
        if gw is None or session is None or self._probing:
            return
        self._probing = True
        self._last_probe = time.monotonic()
        username = session.username

        def work() -> None:
            ok = health.probe(gw, username)
            self.ctx.post(lambda: self._probed(ok))

        self._probe_pool.submit(work)

    def _probed(self, ok: bool) -> None:
        self._probing = False
        was_online = self.health.online
        self.health.set_online(ok)
        self._show_health()
        if ok and not was_online:  # back: fresh data replaces the stale page
            self.refresh_queue()
            if self.current_ticket_id is not None:
                self.reload_ticket()

    # ---- loop -----------------------------------------------------------------
    def tick(self) -> None:
        """Once per frame: deliver worker results; auto-refresh the queue; probe the database."""
        self.ctx.pump()
        if self._search_pending and dpg.does_item_exist(queue_view.SEARCH) and dpg.is_item_active(queue_view.SEARCH):
            self._search_pending = 0.0
        if self.ticket_view is not None:
            self.ticket_view.track_typing()
            self.ticket_view.tick()
        if self.extras is not None and self.ticket_view is not None and self.current_ticket_id is not None:
            self.extras.poll()
        if self.queue_view is None or self.ctx.session is None or not dpg.is_item_shown(main_window.MAIN_WINDOW):
            return
        now = time.monotonic()
        if now - self._last_probe > PROBE_SECONDS:
            self._probe()
        if self.incidents is not None and self.health.online:
            self.incidents.tick()
        if not self.queue_loading and self.health.online and now - self.last_refresh > AUTO_REFRESH_SECONDS:
            self.refresh_queue()
            self._poll_new()

    def close(self) -> None:
        self._probe_pool.shutdown(wait=False, cancel_futures=True)
        self.ctx.close()
        if self._probe_gw is not None:
            self._probe_gw.close()


def address_tried(url: str) -> str:
    """Spanish: the server and port this URL points at (the embedded one: where its port came from)."""
    from urllib.parse import urlsplit

    from gateway import embedded

    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return ""
    if url.startswith("postgres") and host in ("127.0.0.1", "localhost") and port == embedded.running_port():
        return embedded.where_tried()
    return f"Se intentó el servidor {host}:{port or 'predeterminado'}; para usar otro: python -m desktop --conexion."


def use_builtin_compose() -> None:
    """Linux/X11: dead keys (´ then e = é) through X's built-in compose. GLFW (Dear PyGui's window
    library) reads text through the X input method named by XMODIFIERS; when that names an input
    method that does not answer (IBus or Fcitx not running, or set up for GTK/Qt only), ´ then e
    gives «´e». '@im=none' uses the compose tables of the locale, which handle every Spanish
    accent; ITL_DESK_XIM=sistema keeps the system's input method. Must run before the window exists."""
    if sys.platform.startswith("linux") and os.environ.get("ITL_DESK_XIM") != "sistema":
        os.environ["XMODIFIERS"] = "@im=none"


def setup_font() -> None:
    """Fonts and the light theme (also used by the connection screen before the app exists)."""
    theme.setup_fonts()
    theme.setup(dark=os.environ.get("ITL_DESK_THEME") == "oscuro")


def create(url: str, dark: bool = False, reuse: bool = False) -> DesktopApp:
    """Context, viewport and the app (the caller shows the viewport and runs frames). reuse: the
    connection screen's context and window go on (its window is emptied): on Linux a destroyed
    context leaves its OS window behind and a second viewport could close at once (DearPyGui #2173)."""
    if reuse:
        for tag in dpg.get_windows():
            dpg.delete_item(tag)
        theme.setup(dark=dark or os.environ.get("ITL_DESK_THEME") == "oscuro")
        dpg.set_viewport_title(TITLE)
        dpg.configure_viewport(0, min_width=MIN_WIDTH, min_height=MIN_HEIGHT, width=VIEWPORT_WIDTH,
                               height=VIEWPORT_HEIGHT)
    else:
        use_builtin_compose()
        dpg.create_context()
        theme.setup_fonts()
        theme.setup(dark=dark or os.environ.get("ITL_DESK_THEME") == "oscuro")
        dpg.create_viewport(title=TITLE, width=VIEWPORT_WIDTH, height=VIEWPORT_HEIGHT, min_width=MIN_WIDTH,
                            min_height=MIN_HEIGHT, x_pos=0, y_pos=0)
        dpg.setup_dearpygui()
    theme.apply_clear_color()
    pool: dict[str, int] = {"min_size": 0, "max_size": 3} if url.startswith("postgres") else {"max_size": 3}
    app = DesktopApp(gateway.connect(url, **pool), health.probe_gateway(url), where=address_tried(url))
    dpg.set_viewport_resize_callback(app.on_resize)
    app.on_resize()
    with dpg.handler_registry():
        dpg.add_key_press_handler(callback=app.on_key)
    return app


def run(url: str, reuse: bool = False) -> int:
    """reuse: the connection screen's context and window are still open (desktop.app)."""
    app = create(url, reuse=reuse)
    if reuse:
        dpg.maximize_viewport()
    else:
        dpg.show_viewport(maximized=True)  # fills the screen (the window manager maximizes it)
    try:
        while dpg.is_dearpygui_running():
            app.tick()
            dpg.render_dearpygui_frame()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
        dpg.destroy_context()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(sys.argv[1]))
