"""The render loop shared by the GUI drivers (run in a subprocess under Xvfb): FrameLoop,
click, and DriverRun (the app's window, screenshots and the JSON summary on the last line)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
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


class DriverRun:
    """One scripted run of the real app: the window (optionally of a given size), its frame loop,
    screenshots into the artifacts folder and a summary printed as JSON when the run ends.

        with DriverRun(url, artifacts, size=(1366, 768)) as run:
            ...  # run.app, run.loop, run.summary, run.shot("queue")
    """

    def __init__(self, url: str, artifacts: str, size: tuple[int, int] | None = None, settle: int = 6,
                 file_name: str = "desktop_{name}.png") -> None:
        from desktop import ui

        self.out = Path(artifacts)
        self.out.mkdir(parents=True, exist_ok=True)
        self.app = ui.create(url)
        if size is not None:
            dpg.set_viewport_width(size[0])
            dpg.set_viewport_height(size[1])
        dpg.show_viewport()
        self.loop = FrameLoop(self.app)
        self.summary: dict[str, Any] = {"screenshots": []}
        self.settle = settle
        self.file_name = file_name

    def shot(self, name: str) -> None:
        """Save the current frame as file_name (after `settle` frames) and list it in the summary."""
        self.loop.frame(self.settle)
        path = self.out / self.file_name.format(name=name)
        dpg.output_frame_buffer(file=str(path))
        self.loop.frame(3)
        self.summary["screenshots"].append(str(path))

    def __enter__(self) -> DriverRun:
        return self

    def __exit__(self, *exc: object) -> None:
        print(json.dumps(self.summary, ensure_ascii=False))
        sys.stdout.flush()
        self.app.close()
        dpg.destroy_context()
