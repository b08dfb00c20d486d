"""Scripted driver for the layout screenshots: the real app at one window size (under Xvfb).

    python -m tests.desktop.layout_driver URL USERNAME PASSWORD ARTIFACTS_DIR WIDTH HEIGHT PREFIX

Logs in, waits for the queue, opens the newest ticket and saves `PREFIX_queue_WxH.png` and
`PREFIX_ticket_WxH.png`; prints a JSON summary of what is on screen on its last line.
"""

from __future__ import annotations

import sys
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.views import login_view, main_window, ticket_view
from tests.desktop.gui_loop import DriverRun, click


def main() -> int:
    url, username, password, artifacts, width, height, prefix = sys.argv[1:8]
    w, h = int(width), int(height)
    run = DriverRun(url, artifacts, size=(w, h), file_name=f"{prefix}_{{name}}_{w}x{h}.png")
    app, loop, summary, shot = run.app, run.loop, run.summary, run.shot

    with run:
        loop.frame(5)
        dpg.set_value(login_view.USERNAME, username)
        dpg.set_value(login_view.PASSWORD, password)
        click(login_view.SUBMIT)
        loop.wait(lambda: dpg.does_item_exist(main_window.MAIN_WINDOW), "ventana principal")
        loop.wait(lambda: app.queue_view is not None and app.queue_view.row_count() > 0, "filas de la cola")
        summary["viewport"] = [dpg.get_viewport_client_width(), dpg.get_viewport_client_height()]
        shot("queue")
        first_id = app.queue.state.rows[0].ticket_id
        app.open_ticket(first_id)
        loop.wait(lambda: app.detail is not None and app.detail.ticket_id == first_id, "detalle del ticket")
        shot("ticket")
        summary["top_scroll"] = [dpg.get_y_scroll(ticket_view.TIMELINE), dpg.get_y_scroll(ticket_view.SIDE)]
        summary.update(layout_report(app))
    return 0


def layout_report(app: Any) -> dict[str, Any]:
    """Rectangles of the main areas, to check that they fill the window and nothing is cut off."""
    report: dict[str, Any] = {}
    for name in getattr(app, "LAYOUT_AREAS", ()):
        if dpg.does_item_exist(name) and dpg.is_item_shown(name):
            state = dpg.get_item_state(name)
            if "rect_min" in state and "rect_size" in state:
                (x, y), (w, h) = state["rect_min"], state["rect_size"]
            elif "pos" in state and "rect_size" in state:  # child windows report their position only
                (x, y), (w, h) = state["pos"], state["rect_size"]
            else:
                report.setdefault("_keys", {})[str(name)] = sorted(state)
                continue
            report[name] = [int(x), int(y), int(w), int(h)]
    return {"areas": report}


if __name__ == "__main__":
    raise SystemExit(main())
