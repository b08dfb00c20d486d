"""Logging out and in again in the same window (another person, another role) builds the main
window anew: every root item a session made (dialogs, popups, handler registries) goes with it,
or the second build dies on «Alias already exists» and the app closes (seen by a new operator)."""

from __future__ import annotations

import time

import dearpygui.dearpygui as dpg
import pytest

from desktop.context import Session
from desktop.ui import DesktopApp
from desktop.views import main_window
from tests.desktop.test_gui_smoke import xvfb  # noqa: F401  (Desk's Xvfb fixture)
from tests.support.database import insert_staff_session
from tests.support.tickets import pg_module_db  # noqa: F401 (fixture)


@pytest.fixture
def gui(xvfb, monkeypatch):  # noqa: F811
    """A context and a viewport (set up, never shown) on the test's own Xvfb screen."""
    monkeypatch.setenv("DISPLAY", xvfb)
    monkeypatch.setenv("LIBGL_ALWAYS_SOFTWARE", "1")
    dpg.create_context()
    dpg.create_viewport(title="prueba", width=1366, height=768)
    dpg.setup_dearpygui()
    yield
    dpg.destroy_context()


def _settle(app: DesktopApp, bound_s: float = 60.0) -> None:
    """Run the session's background loads to the end (bounded; outcomes are asserted, not time)."""
    stop = time.monotonic() + bound_s
    while time.monotonic() < stop:
        app.ctx.pump()
        if not app.ctx.busy:
            return
        time.sleep(0.02)


def test_log_out_and_in_again_leaves_no_item_behind(gui, pg_module_db) -> None:  # noqa: F811
    db = pg_module_db
    app = DesktopApp(db.desk)
    before = set(dpg.get_aliases())
    for round_, role in enumerate(("administrador", "operador", "administrador")):
        staff_id, token = insert_staff_session(db, role)
        app.start_session(Session(token, staff_id, f"prueba.relogin{round_}", "Prueba Relogin", role))
        _settle(app)
        assert dpg.does_item_exist(main_window.MAIN_WINDOW) and app.queue_view is not None
        app.log_out()
        _settle(app)
        assert not dpg.does_item_exist(main_window.MAIN_WINDOW)
        assert set(dpg.get_aliases()) - before == set(), f"ronda {round_} ({role})"
