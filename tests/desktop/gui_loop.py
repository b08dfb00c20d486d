"""The render loop shared by the GUI drivers (run in a subprocess under Xvfb)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

# Upper bound for slow shared machines; not an assertion on speed.
WAIT_SECONDS = float(os.environ.get("ITL_GUI_WAIT_SECONDS", "120"))


class FrameLoop:
    """Steps the real app frame by frame, so results of worker threads reach the widgets."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def frame(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.tick()
            dpg.render_dearpygui_frame()

    def wait(self, cond: Callable[[], Any], what: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not cond():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no llegó: {what}")
            self.frame()
            time.sleep(0.01)


def click(tag: str | int, app_data: Any = None) -> None:
    """Invoke an item's callback the way Dear PyGui does (it passes as many args as accepted)."""
    import inspect

    callback = dpg.get_item_callback(tag)
    args = (tag, app_data, dpg.get_item_user_data(tag))
    try:
        params = inspect.signature(callback).parameters.values()
    except (TypeError, ValueError):
        params = []
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        count = 3
    else:
        count = sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    callback(*args[:count])
