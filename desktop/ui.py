"""The running application: login window <-> main window, render loop, worker results.

DesktopApp is the composition root: it builds the screens (desktop/screens, one controller per
screen or concern), gives them one shared Desk, and runs once per frame. Every database call goes
through ctx.run_async, so the render loop never waits for the database. The main window is the
primary window: it fills the OS window and follows its size (viewport resize callback).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import dearpygui.dearpygui as dpg

import gateway
from desktop.context import AppContext, Session
from desktop.screens.arrivals import Arrivals
from desktop.screens.desk import Desk
from desktop.screens.incidents import IncidentLinks
from desktop.screens.keys import KeyHandler
from desktop.screens.login import LoginScreen
from desktop.screens.monitor import Monitor
from desktop.screens.queue import QueueScreen
from desktop.screens.session import SessionScreen
from desktop.screens.ticket import TicketScreen
from desktop.screens.ticket_actions import TicketActions
from desktop.screens.window import TITLE, Window
from desktop.services import health
from desktop.services.auth_service import AuthService
from desktop.services.screen import screen_size
from desktop.services.shortcuts import action_for  # noqa: F401  (ui.action_for: used by scripted drivers)
from desktop.views import main_window, queue_view, theme, ticket_view
from desktop.widgets import wrapped_text

VIEWPORT_WIDTH = 1366
VIEWPORT_HEIGHT = 768
MIN_WIDTH, MIN_HEIGHT = 1024, 640


class DesktopApp:
    LAYOUT_AREAS = (main_window.QUEUE_PANE, main_window.TICKET_HOST, ticket_view.TIMELINE, ticket_view.SIDE,
                    ticket_view.COMPOSER, queue_view.TABLE, queue_view.NEXT, queue_view.PAGE_LABEL,
                    "main_logout_button")

    def __init__(self, gw: gateway.Gateway, probe_gw: gateway.Gateway | None = None, where: str = "") -> None:
        self.ctx = AppContext(gw)
        desk = self.desk = Desk(self.ctx)
        auth = AuthService(gw)
        self.session_screen = desk.session = SessionScreen(desk, auth, extras_host=self)
        self.ctx.on_session_expired = self.session_screen.session_expired
        self.window = desk.window = Window(desk)
        self.queue_screen = desk.queue_screen = QueueScreen(desk)
        self.arrivals = desk.arrivals = Arrivals(desk)
        self.ticket = desk.ticket = TicketScreen(desk)
        self.actions = desk.actions = TicketActions(desk)
        self.incident_links = desk.incident_links = IncidentLinks(desk)
        self.monitor = desk.monitor = Monitor(desk, probe_gw)
        self.keys = KeyHandler(desk)
        self.login_screen = desk.login = LoginScreen(desk, auth, where)  # builds the login window

    # ---- what the views, ticket_extras and the scripted drivers use ----------------------
    queue = property(lambda self: self.desk.queue)
    cats = property(lambda self: self.desk.cats)
    drafts = property(lambda self: self.desk.drafts)
    health = property(lambda self: self.desk.health)
    queue_view = property(lambda self: self.desk.queue_view)
    ticket_view = property(lambda self: self.desk.ticket_view)
    incidents = property(lambda self: self.desk.incidents)
    extras = property(lambda self: self.desk.extras)
    bulk = property(lambda self: self.desk.bulk)
    orders = property(lambda self: self.desk.orders)
    detail = property(lambda self: self.desk.detail)
    current_ticket_id = property(lambda self: self.desk.current_ticket_id)
    queue_loading = property(lambda self: self.desk.queue_loading)
    arrived = property(lambda self: self.desk.arrived)
    acting = property(lambda self: self.desk.acting)
    login = property(lambda self: self.login_screen.view)

    def start_session(self, session: Session) -> None:
        self.session_screen.start_session(session)

    def log_out(self) -> None:
        self.session_screen.log_out()

    def on_resize(self, *_: Any) -> None:
        self.window.on_resize()

    def toggle_theme(self) -> None:
        self.window.toggle_theme()

    def open_ticket(self, ticket_id: int) -> None:
        self.ticket.open_ticket(ticket_id)

    def run_ticket_action(self, work, on_ok=None) -> None:
        self.actions.run_ticket_action(work, on_ok)

    def print_orders(self, ticket_ids: list[int | None]) -> None:
        self.actions.print_orders(ticket_ids)

    def on_key(self, sender: Any, key: int) -> None:
        self.keys.on_key(sender, key)

    def press(self, name: str) -> str | None:
        return self.keys.press(name)

    def shortcut(self, action: str | None) -> None:
        self.keys.shortcut(action)

    def _poll_new(self) -> None:
        self.arrivals.poll_new()

    # ---- loop -----------------------------------------------------------------
    def tick(self) -> None:
        """Once per frame: deliver worker results; auto-refresh the queue; probe the database."""
        desk = self.desk
        self.ctx.pump()
        self.login_screen.view.tick()  # centred, and the keyboard in its field
        wrapped_text.tick_all()  # the word-wrapping text boxes read their keys and draw
        self.keys.tick()
        if desk.ticket_view is not None:
            desk.ticket_view.track_typing()
            desk.ticket_view.tick()
        if desk.extras is not None and desk.ticket_view is not None:
            desk.extras.poll()
        if desk.queue_view is None or self.ctx.session is None or not dpg.is_item_shown(main_window.MAIN_WINDOW):
            return
        desk.queue_view.poll_header()  # the «Vence» header's help follows the pointer
        main_window.poll_tabs()  # one click on a tab selects it
        self.monitor.tick()

    def close(self) -> None:
        self.monitor.stop()
        self.ctx.close()
        self.monitor.close()


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
        for tag in dpg.get_windows():  # root items: windows, registries, themes
            # The fonts stay: without them the app falls back to ImGui's own font, which has no
            # «●», «→» or «…» (drawn as «?») and is wider than the one text boxes wrap for.
            if dpg.get_item_info(tag)["type"] != "mvAppItemType::mvFontRegistry":
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
    app.monitor.renew_probe = lambda: health.probe_gateway(url)
    dpg.set_viewport_resize_callback(app.on_resize)
    app.on_resize()
    with dpg.handler_registry():
        dpg.add_key_press_handler(callback=app.on_key)
        dpg.add_mouse_wheel_handler(callback=wrapped_text.on_wheel)  # the text boxes scroll their text
    return app


def fill_screen() -> None:
    """The viewport at the screen's top left with the screen's size (see desktop.services.screen),
    then maximized: with a window manager that is its work area, without one the whole screen."""
    size = screen_size()
    if size is not None:
        dpg.configure_viewport(0, x_pos=0, y_pos=0, width=size[0], height=size[1])
    dpg.maximize_viewport()


def run(url: str, reuse: bool = False) -> int:
    """reuse: the connection screen's context and window are still open (desktop.app)."""
    app = create(url, reuse=reuse)
    if not reuse:
        dpg.show_viewport(maximized=True)  # the window manager maximizes it
    fill_screen()
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
