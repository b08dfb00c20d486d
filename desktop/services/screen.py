"""The size of the screen the app opens on. A window manager maximizes the window (Windows always
has one); under plain X11 without one (a kiosk PC, Xvfb) maximizing does nothing and the window
would stay at its first size, so the app sizes itself to the screen."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys


def screen_size() -> tuple[int, int] | None:
    """(width, height) of the X11 screen in pixels; None elsewhere or when it cannot be read."""
    if sys.platform == "win32" or not os.environ.get("DISPLAY"):
        return None
    try:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
        x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        display = x11.XOpenDisplay(None)
        if not display:
            return None
        try:
            number = x11.XDefaultScreen(display)
            size = (int(x11.XDisplayWidth(display, number)), int(x11.XDisplayHeight(display, number)))
        finally:
            x11.XCloseDisplay(display)
    except (OSError, AttributeError):  # no libX11 (Wayland-only system): the window manager maximizes
        return None
    return size if min(size) > 0 else None
