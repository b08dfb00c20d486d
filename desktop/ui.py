"""The running application: login window <-> main window, render loop, worker results.

DesktopApp wires views (widgets) to services (logic). Every database call goes through
ctx.run_async, so the render loop never waits for the database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

import gateway
from desktop.context import AppContext, Session, user_message
from desktop.services import catalog_service, queue_service, ticket_service
from desktop.services.auth_service import AuthService, LoginResult
from desktop.services.catalog_service import Catalogs
from desktop.services.queue_service import QueueRequest, QueueService
from desktop.services.ticket_service import ActionResult, TicketDetail
from desktop.views import main_window
from desktop.views.login_view import LoginView
from desktop.views.queue_view import QueueView
from desktop.views.ticket_view import TicketView

VIEWPORT_WIDTH = 1280
VIEWPORT_HEIGHT = 800
AUTO_REFRESH_SECONDS = float(os.environ.get("ITL_DESK_REFRESH_SECONDS", "30"))
SESSION_EXPIRED = "Su sesión expiró. Inicie sesión de nuevo: lo que había escrito se conserva."
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/segoeui.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
)


class DesktopApp:
    def __init__(self, gw: gateway.Gateway) -> None:
        self.ctx = AppContext(gw)
        self.ctx.on_session_expired = self.session_expired
        self.auth = AuthService(gw)
        self.queue = QueueService()
        self.cats = Catalogs()
        self.detail: TicketDetail | None = None
        self.queue_view: QueueView | None = None
        self.queue_loading = False
        self.last_refresh = time.monotonic()
        self._pending_password = ""
        self._pending_session: Session | None = None
        self.login = LoginView(self.submit_login, self.submit_password_change)
        self.ticket_view = TicketView(self.assign, self.unassign, self.change_status, self.change_priority,
                                      self.add_comment, self.reload_ticket)

    # ---- login ----------------------------------------------------------------
    def submit_login(self, username: str, password: str) -> None:
        self.login.set_busy(True)
        self.login.set_message("")
        self._pending_password = password
        self.ctx.run_async(lambda: self.auth.log_in(username, password), self._logged_in, self._login_failed)

    def _login_failed(self, exc: Exception) -> None:
        self.login.set_busy(False)
        self.login.set_message(user_message(exc))

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
            if self.detail is not None:
                self.ticket_view.show()
            self.refresh_queue()
            return
        self._destroy_main()
        main_window.build_main_window(self.ctx, self._build_tickets_tab, self.log_out)
        dpg.configure_item(main_window.MAIN_WINDOW, pos=(0, 0), width=VIEWPORT_WIDTH, height=VIEWPORT_HEIGHT,
                           no_move=True, no_title_bar=True, no_resize=True)
        self.ctx.run_async(lambda: catalog_service.load_catalogs(self.ctx.call), self._catalogs_loaded,
                           self._queue_error)

    def _build_tickets_tab(self, parent: int | str) -> None:
        self.queue = QueueService()
        self.queue_view = QueueView(parent, self.filters_changed, self.sort_by, self.next_page, self.previous_page,
                                    self.refresh_queue, self.open_ticket)

    def _destroy_main(self) -> None:
        if dpg.does_item_exist(main_window.MAIN_WINDOW):
            dpg.delete_item(main_window.MAIN_WINDOW)
        self.queue_view = None
        self.detail = None
        self.ticket_view.hide()

    def session_expired(self) -> None:
        if dpg.does_item_exist(main_window.MAIN_WINDOW):
            dpg.configure_item(main_window.MAIN_WINDOW, show=False)
        self.ticket_view.hide()
        if self.ctx.session is not None:
            dpg.set_value("login_username", self.ctx.session.username)
        self.login.show(SESSION_EXPIRED, info=True)

    def log_out(self) -> None:
        session = self.ctx.session
        self.ctx.session = None
        self._destroy_main()
        self.login.show("Sesión cerrada.", info=True)
        if session is not None:
            self.ctx.run_async(lambda: self.auth.log_out(session))

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
        rows_shown = self.queue.accept(request, rows)
        if self.queue_view is not None:
            self.queue_view.show_rows(rows_shown, self.queue.selected_index(), self.queue.page_number,
                                      self.queue.can_go_back, self.queue.state.has_more)

    def _queue_error(self, exc: Exception) -> None:
        self.queue_loading = False
        if self.queue_view is not None:
            self.queue_view.set_message(user_message(exc))

    def filters_changed(self) -> None:
        if self.queue_view is not None:
            self.load_queue(self.queue.set_filters(self.queue_view.filters(self.cats)))

    def sort_by(self, column: str, descending: bool) -> None:
        self.load_queue(self.queue.sort(column, descending))

    def next_page(self) -> None:
        self.load_queue(self.queue.next_page_request())

    def previous_page(self) -> None:
        self.load_queue(self.queue.previous_page_request())

    def refresh_queue(self) -> None:
        self.load_queue(self.queue.refresh_request())

    # ---- ticket ---------------------------------------------------------------
    def open_ticket(self, ticket_id: int) -> None:
        self.queue.select(ticket_id)
        if self.queue_view is not None:
            self.queue_view.mark_selected(ticket_id)
        self.ticket_view.set_message("Cargando...")
        self.ticket_view.show()
        self.ctx.run_async(lambda: ticket_service.load_detail(self.ctx.call, ticket_id), self._detail_loaded,
                           lambda exc: self.ticket_view.set_message(user_message(exc), ok=False))

    def reload_ticket(self) -> None:
        if self.detail is not None:
            self.open_ticket(self.detail.ticket_id)

    def _detail_loaded(self, detail: TicketDetail) -> None:
        self.detail = detail
        self.ticket_view.show_detail(detail, self.cats)
        self.ticket_view.set_message("")

    def _act(self, work) -> None:
        detail = self.detail
        if detail is None:
            return
        self.ticket_view.set_busy(True)
        self.ctx.run_async(lambda: work(detail), self._acted, self._act_error)

    def _acted(self, result: ActionResult) -> None:
        self.ticket_view.set_busy(False)
        if result.detail is not None:
            self._detail_loaded(result.detail)
        self.ticket_view.set_message(result.message, ok=result.ok)
        if result.ok:
            self.ticket_view.clear_comment()
        if result.ok or result.conflict:
            self.refresh_queue()

    def _act_error(self, exc: Exception) -> None:
        self.ticket_view.set_busy(False)
        self.ticket_view.set_message(user_message(exc), ok=False)

    def assign(self, label: str | None) -> None:
        session = self.ctx.session
        staff_id = session.staff_id if label is None and session else self.cats.staff_id_of(label or "")
        if staff_id is None:
            self.ticket_view.set_message("Elija a la persona de la lista.", ok=False)
            return
        self._act(lambda d: ticket_service.assign(self.ctx.call, d, staff_id))

    def unassign(self) -> None:
        self._act(lambda d: ticket_service.assign(self.ctx.call, d, None))

    def change_status(self, status_name: str, note: str) -> None:
        status_id = self.cats.id_of("status", status_name)
        if status_id is None:
            self.ticket_view.set_message("Elija el nuevo estado de la lista.", ok=False)
            return
        self._act(lambda d: ticket_service.change_status(self.ctx.call, d, status_id, note))

    def change_priority(self, priority_name: str) -> None:
        priority_id = self.cats.id_of("priority", priority_name)
        if priority_id is None:
            self.ticket_view.set_message("Elija la prioridad de la lista.", ok=False)
            return
        self._act(lambda d: ticket_service.change_priority(self.ctx.call, d, priority_id))

    def add_comment(self, body: str, is_public: bool) -> None:
        self._act(lambda d: ticket_service.add_comment(self.ctx.call, d, body, is_public))

    # ---- loop -----------------------------------------------------------------
    def tick(self) -> None:
        """Once per frame: deliver worker results; auto-refresh the queue."""
        self.ctx.pump()
        if (self.queue_view is not None and self.ctx.session is not None and not self.queue_loading
                and dpg.is_item_shown(main_window.MAIN_WINDOW)
                and time.monotonic() - self.last_refresh > AUTO_REFRESH_SECONDS):
            self.refresh_queue()

    def close(self) -> None:
        self.ctx.close()


def setup_font() -> None:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            with dpg.font_registry():
                font = dpg.add_font(candidate, 16)  # Dear PyGui 2 loads the glyphs the text needs
            dpg.bind_font(font)
            return


def create(url: str) -> DesktopApp:
    """Context, viewport and the app (the caller shows the viewport and runs frames)."""
    dpg.create_context()
    setup_font()
    dpg.create_viewport(title="Centro de Cómputo ITL - Tickets", width=VIEWPORT_WIDTH, height=VIEWPORT_HEIGHT)
    dpg.setup_dearpygui()
    pool: dict[str, int] = {"min_size": 0, "max_size": 3} if url.startswith("postgres") else {"max_size": 3}
    return DesktopApp(gateway.connect(url, **pool))


def run(url: str) -> int:
    app = create(url)
    dpg.show_viewport()
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
