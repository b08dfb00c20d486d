"""Scripted driver: the stale-data banner when the database stops, and its clearing when it
is back. The driver stops and starts the (test's own) embedded server itself.

    python -m tests.desktop.banner_driver URL USERNAME PASSWORD ARTIFACTS_DIR STATE_DIR PORT [WIDTH HEIGHT]

Prints a JSON summary on its last line; the seconds until the banner appears and clears are
figures, not assertions (the test machine is shared).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import dearpygui.dearpygui as dpg

from desktop import ui
from desktop.views import login_view, main_window, queue_view
from tests.desktop.gui_loop import DriverRun, RealInput, click
from tools.embedded_db import EmbeddedDb


def main() -> int:
    url, username, password, artifacts, state, port = sys.argv[1:7]
    w, h = (int(sys.argv[7]), int(sys.argv[8])) if len(sys.argv) > 8 else (1366, 768)
    server = EmbeddedDb(Path(state), int(port))
    # 1366x768 keeps the old names (desktop_stale_banner.png); other sizes add theirs.
    name = "desktop_{name}.png" if (w, h) == (1366, 768) else f"desktop_{{name}}_{w}x{h}.png"
    run = DriverRun(url, artifacts, size=(w, h), file_name=name)
    app, loop, s, shot = run.app, run.loop, run.summary, run.shot

    def banner() -> tuple[bool, str]:
        """Whether an outage message is shown, and its text ('' while connected)."""
        text = main_window.banner_text()
        return bool(text), text

    def places() -> dict[str, list[float]]:
        """Where the controls under the banner are: none may move when it appears or clears."""
        return {str(tag): [round(v) for v in RealInput.rect(tag)[:2]]
                for tag in (queue_view.SEARCH, queue_view.TABLE, main_window.TAB_BAR, queue_view.NEXT)}

    with run:
        loop.frame(5)
        dpg.set_value(login_view.USERNAME, username)
        dpg.set_value(login_view.PASSWORD, password)
        click(login_view.SUBMIT)
        loop.wait(lambda: app.queue_view is not None and app.queue_view.row_count() > 0, "filas de la cola")
        loop.frame(5)
        s["rows_before"] = app.queue_view.row_count()
        s["banner_before"] = banner()
        s["places_before"] = places()
        real = RealInput(run)
        s["data_time"] = app.health.data_time.astimezone(ui.health.LOCAL).strftime("%H:%M")

        server.stop()
        stopped = time.monotonic()
        loop.wait(lambda: banner()[0], "aviso de base de datos sin conexión")
        s["seconds_to_banner"] = round(time.monotonic() - stopped, 1)
        s["banner_down"] = banner()
        s["rows_while_down"] = app.queue_view.row_count()  # the old page stays, marked by the banner
        loop.frame(4)
        s["places_down"] = places()
        real.click(queue_view.SEARCH)  # a real click aimed where the search box was before the outage
        real.type("impresora", into=queue_view.SEARCH)
        s["search_while_down"] = dpg.get_value(queue_view.SEARCH)
        s["banner_seen"] = real.seen(main_window.BANNER_TEXT)
        shot("stale_banner")

        server.start()
        started = time.monotonic()
        loop.wait(lambda: not banner()[0], "el aviso desaparece")
        s["seconds_to_clear"] = round(time.monotonic() - started, 1)
        loop.wait(lambda: not app.queue_loading, "cola recargada")
        s["banner_after"] = banner()
        s["rows_after"] = app.queue_view.row_count()
        loop.frame(4)
        s["places_after"] = places()
        shot("banner_cleared")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
