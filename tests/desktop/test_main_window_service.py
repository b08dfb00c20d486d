"""The main window's extension point for desktop/admin (no display needed: Dear PyGui builds
items headless, only showing the viewport needs a screen)."""

from __future__ import annotations

import importlib.machinery
import sys
import types

import dearpygui.dearpygui as dpg
import pytest

from desktop.context import AppContext, Session
from desktop.views import main_window


class _NoGateway:
    def call(self, procedure: str, **params):  # never reached: building widgets does not call
        raise AssertionError(procedure)


@pytest.fixture
def fake_admin(monkeypatch):
    calls: list[tuple[object, AppContext]] = []
    module = types.ModuleType("desktop.admin")
    module.__spec__ = importlib.machinery.ModuleSpec("desktop.admin", loader=None)

    def add_tabs(tab_bar, ctx):
        calls.append((tab_bar, ctx))
        with dpg.tab(label="Administración", parent=tab_bar, tag="fake_admin_tab"):
            dpg.add_text("admin")

    module.add_tabs = add_tabs
    monkeypatch.setitem(sys.modules, "desktop.admin", module)
    return calls


@pytest.fixture
def gui_context():
    dpg.create_context()
    yield
    dpg.destroy_context()


@pytest.mark.parametrize(("role", "expected"), [("administrador", True), ("operador", False)])
def test_admin_tabs_only_for_administrators(gui_context, fake_admin, role, expected) -> None:
    ctx = AppContext(_NoGateway())  # type: ignore[arg-type]
    ctx.session = Session(b"t" * 32, 1, "ana", "Ana Pérez", role)
    built: list[object] = []
    main_window.build_main_window(ctx, lambda parent: built.append(parent), lambda: None)
    assert built == [main_window.TICKETS_TAB]
    assert dpg.does_item_exist("fake_admin_tab") is expected
    assert [tab_bar for tab_bar, _ in fake_admin] == ([main_window.TAB_BAR] if expected else [])
    assert dpg.get_value("main_user_label") == f"Ana Pérez ({role})"
    ctx.close()
