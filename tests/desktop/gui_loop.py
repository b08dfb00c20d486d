"""The render loop shared by the GUI drivers (run in a subprocess under Xvfb): FrameLoop,
click (the widget's own callback), DriverRun (the app's window, screenshots and the JSON summary
on the last line) and RealInput (xdotool mouse and keys at the widget's on-screen position, and
what a person sees: shown, inside the window, on top, the screenshot region changed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.widgets import wrapped_text

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

    def wait(self, cond: Callable[[], Any], what: str, seconds: float | None = None) -> None:
        deadline = time.monotonic() + (WAIT_SECONDS if seconds is None else seconds)
        while not cond():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no llegó: {what}")
            self.frame()
            time.sleep(0.01)


def text_of(tag: str | int) -> str:
    """What a text box holds: a WrappedTextBox's value, else the item's value."""
    found = wrapped_text.find(tag)
    if found is not None:
        return found.value
    return dpg.get_value(tag) or ""


def is_typing_in(tag: str | int) -> bool:
    """The text box has the keyboard."""
    found = wrapped_text.find(tag)
    if found is not None:
        return found.is_active()
    return bool(dpg.is_item_active(tag))


def corners(tag: str | int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(top-left, bottom-right) of an item on screen (a WrappedTextBox's too: a child window reports only
    its position inside its parent)."""
    found = wrapped_text.find(tag)
    if found is not None:
        x, y, w, h = found.screen_rect()
        return (x, y), (x + w, y + h)
    return tuple(dpg.get_item_rect_min(tag)), tuple(dpg.get_item_rect_max(tag))  # type: ignore[return-value]


def is_visible(tag: str | int) -> bool:
    found = wrapped_text.find(tag)
    return found.is_visible() if found is not None else bool(dpg.is_item_visible(tag))


def set_text(tag: str | int, text: str) -> None:
    """Put text in a box by code (drivers' quick paths)."""
    found = wrapped_text.find(tag)
    if found is not None:
        found.value = text
    else:
        dpg.set_value(tag, text)


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

    def shot(self, name: str) -> Path:
        """Save the current frame as file_name (after `settle` frames) and list it in the summary."""
        self.loop.frame(self.settle)
        path = self.out / self.file_name.format(name=name)
        dpg.output_frame_buffer(file=str(path))
        self.loop.frame(3)
        self.summary["screenshots"].append(str(path))
        return path

    def __enter__(self) -> DriverRun:
        return self

    def __exit__(self, *exc: object) -> None:
        print(json.dumps(self.summary, ensure_ascii=False))
        sys.stdout.flush()
        self.app.close()
        dpg.destroy_context()


class RealInput:
    """Real mouse and keyboard on the app's X window (xdotool), and checks of what a person sees.

    Coordinates come from the widget's own rectangle (dpg item rect, viewport client coordinates),
    so a click lands where the widget is drawn; `seen(tag)` says whether a person can see it:
    shown, inside the window, and the topmost thing under its centre (ImGui reports an item as
    hovered only when no other window covers that point).
    """

    def __init__(self, run: DriverRun) -> None:
        self.run = run
        self.loop = run.loop
        self.loop.frame(3)
        found = subprocess.run(["xdotool", "search", "--name", "Centro de C"], capture_output=True, text=True,
                               timeout=60).stdout.split()
        if not found:
            raise RuntimeError("xdotool no encontró la ventana de la aplicación")
        self.window = found[0]
        self._xdo("windowfocus", "--sync", self.window)
        self.loop.frame(3)

    # ---- raw input -------------------------------------------------------------
    @staticmethod
    def _xdo(*args: str) -> None:
        subprocess.run(["xdotool", *args], check=True, timeout=60)

    def move(self, x: float, y: float) -> None:
        self._xdo("mousemove", "--window", self.window, str(int(x)), str(int(y)))
        self.loop.frame(4)

    def key(self, *combos: str) -> None:
        for combo in combos:
            self._xdo("key", "--delay", "30", combo)
            self.loop.frame(6)

    def keys_while_rendering(self, *keys: str) -> None:
        """Keys that xdotool must map to a spare keycode (dead_acute on a US keymap): frames keep being
        rendered while it runs, so the app reads each key before xdotool restores the keymap."""
        proc = subprocess.Popen(["xdotool", "key", "--delay", "400", *keys])
        deadline = time.monotonic() + WAIT_SECONDS
        while proc.poll() is None and time.monotonic() < deadline:
            self.loop.frame()
        proc.wait(timeout=30)
        self.loop.frame(6)

    def type(self, text: str, into: str | int | None = None) -> None:
        """Type real keys; with `into`, wait until the field holds the text (ImGui takes a few per frame)."""
        self._xdo("type", "--delay", "15", text)
        if into is None:
            self.loop.frame(3 * len(text) + 10)
        else:
            try:
                self.loop.wait(lambda: text in text_of(into), f"texto escrito en {into}")
            except TimeoutError as exc:
                raise TimeoutError(f"{exc}: tiene {text_of(into)!r}, activo {is_typing_in(into)}, "
                                   f"rect {self.rect(into)}") from None

    def fill_login(self, username: str, password: str) -> None:
        """Click into the login window's two fields and type them (the caller submits its own way)."""
        from desktop.views import login_view

        for field, text in ((login_view.USERNAME, username), (login_view.PASSWORD, password)):
            self.click(field)
            self.type(text, into=field)

    # ---- where widgets are -------------------------------------------------------
    @staticmethod
    def rect(tag: str | int) -> tuple[float, float, float, float]:
        """(x, y, w, h) of the item in viewport client coordinates."""
        found = wrapped_text.find(tag)
        if found is not None:
            return found.screen_rect()
        state = dpg.get_item_state(tag)
        x, y = state.get("rect_min") or state.get("pos") or (0, 0)
        w, h = state.get("rect_size") or (0, 0)
        if "rect_min" not in state and dpg.get_item_type(tag).endswith("mvChildWindow"):
            parent = dpg.get_item_parent(tag)  # child windows report their position inside the parent
            while parent and not dpg.get_item_type(parent).endswith("mvWindowAppItem"):
                parent = dpg.get_item_parent(parent)
            if parent:
                px, py = dpg.get_item_pos(parent)
                x, y = x + px, y + py
        return float(x), float(y), float(w), float(h)

    def point(self, tag: str | int, fx: float = 0.5, fy: float = 0.5) -> tuple[float, float]:
        x, y, w, h = self.rect(tag)
        return x + w * fx, y + h * fy

    def click(self, tag: str | int, button: int = 1, double: bool = False, modifiers: tuple[str, ...] = (),
              fx: float = 0.5, fy: float = 0.5, at: tuple[float, float] | None = None) -> None:
        """Move the pointer onto the item (at fractions fx, fy of its rectangle, or at `at`) and click."""
        x, y = at if at is not None else self.point(tag, fx, fy)
        self.move(x, y)
        for mod in modifiers:
            self._xdo("keydown", mod)
            self.loop.frame(3)
        for n in range(2 if double else 1):
            # One frame between the events of a double click: as a person's double click reaches a busy app.
            self._xdo("mousedown", str(button))
            self.loop.frame(2 if double else 3)
            self._xdo("mouseup", str(button))
            if double and n == 0:
                self.loop.frame(1)
        self.loop.frame(6)
        for mod in reversed(modifiers):
            self._xdo("keyup", mod)
            self.loop.frame(3)

    def click_now(self, tag: str | int | None = None, button: int = 1, then_type: str = "",
                  at: tuple[float, float] | None = None, fx: float = 0.5, fy: float = 0.5) -> None:
        """Move, click (and type) in ONE xdotool command, with no frame rendered in between: what reaches a
        busy app when a person clicks right where the pointer lands and types at once."""
        x, y = at if at is not None else self.point(tag, fx, fy)  # type: ignore[arg-type]
        args = ["mousemove", "--window", self.window, str(int(x)), str(int(y)), "click", str(button)]
        if then_type:
            args += ["type", "--delay", "15", then_type]
        self._xdo(*args)
        self.loop.frame(6)

    # ---- what a person sees ------------------------------------------------------
    def inside_viewport(self, tag: str | int) -> bool:
        x, y, w, h = self.rect(tag)
        vw, vh = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
        return w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= vw and y + h <= vh

    def on_top(self, tag: str | int) -> bool:
        """The pointer on the item's centre hovers it: nothing else is drawn over that point."""
        self.move(*self.point(tag))
        found = wrapped_text.find(tag)
        if found is not None:
            return found.hovered()
        item: Any = tag
        while item and "hovered" not in dpg.get_item_state(item):  # menu items: their window says
            item = dpg.get_item_parent(item)
        return bool(item and dpg.get_item_state(item)["hovered"])

    def seen(self, tag: str | int) -> dict[str, Any]:
        """What a person would see of the item: shown, inside the window, on top, with its rectangle."""
        exists = dpg.does_item_exist(tag)
        shown = bool(exists and dpg.is_item_shown(tag) and dpg.get_item_state(tag).get("visible", True))
        return {"shown": shown, "inside": bool(shown and self.inside_viewport(tag)),
                "on_top": bool(shown and self.on_top(tag)), "rect": list(self.rect(tag)) if exists else None}

    def snapshot(self, name: str) -> Path:
        """A screenshot (artifacts folder, listed in the summary), for region comparisons."""
        self.run.shot(name)
        return Path(self.run.summary["screenshots"][-1])

    @staticmethod
    def region_changed(before: Path, after: Path, rect: tuple[float, float, float, float] | list[float]) -> float:
        """Share of pixels (0..1) that differ inside `rect` between two screenshots."""
        from PIL import Image, ImageChops

        x, y, w, h = (int(v) for v in rect)
        box = (max(0, x), max(0, y), x + max(1, w), y + max(1, h))
        a = Image.open(before).convert("RGB").crop(box)
        b = Image.open(after).convert("RGB").crop(box)
        diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
        return sum(1 for v in diff.getdata() if v) / max(1, diff.width * diff.height)
