"""The render loop shared by the GUI drivers (run in a subprocess under Xvfb)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

WAIT_SECONDS = 120.0  # upper bound for slow shared machines; not an assertion on speed


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
