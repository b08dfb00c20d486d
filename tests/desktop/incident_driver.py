"""Incidents in the real desktop window under Xvfb, driven with real mouse clicks and typing (xdotool
at each widget's on-screen position): the suggestion bar -> the proposed group -> «Crear incidente» ->
one reply to all (confirmed) -> a public notice -> «Resolver incidente» (confirmed) -> a linked
ticket shows the reply, the resolution, its incident and «Falla repetida».

    python -m tests.desktop.incident_driver URL USERNAME PASSWORD ARTIFACTS_DIR WIDTH HEIGHT [--rapido]

--rapido: the texts are put in the fields directly (the clicks stay real); typing a character takes a few
frames, and frames are slow at 1920x1080 with software rendering.

Prints a JSON summary on its last line.
"""

from __future__ import annotations

import subprocess
import sys

import dearpygui.dearpygui as dpg

from desktop.views import incidents_view as iv
from desktop.views import login_view, main_window, ticket_view
from tests.desktop.gui_loop import DriverRun, click, corners, is_visible, set_text, text_of

REPLY = "Ya trabajamos en la antena del edificio."
RESOLUTION = "Cambiamos la antena y la red ya funciona."
# Typed with xdotool: the Xvfb keymap has no accented keys, so the typed texts are plain ASCII.
NOTICE = "Sin red en el edificio; ya la atendemos."


def main() -> int:
    url, username, password, artifacts, width, height = sys.argv[1:7]
    quick = "--rapido" in sys.argv[7:]
    size = (int(width), int(height))
    run = DriverRun(url, artifacts, size=size, file_name="desktop_{name}_" + f"{width}x{height}.png")
    app, loop, s, shot = run.app, run.loop, run.summary, run.shot

    def xdo(*args: str) -> None:
        subprocess.run(["xdotool", *args], check=True, timeout=30)

    def reveal(tag: str, area: str = iv.DETAIL) -> None:
        """Scroll the panel (programmatically) until the widget is wholly on screen."""
        for _ in range(60):
            loop.frame(2)
            # the panel's visible band: below the tab's top row, above the window's bottom edge
            top = dpg.get_item_rect_max(iv.STAMP)[1] + 12
            bottom = dpg.get_viewport_client_height() - 12
            (_, y0), (_, y1) = corners(tag)
            if is_visible(tag) and top <= y0 and y1 <= bottom:
                return
            step = (y1 - bottom + 20) if y1 > bottom else (y0 - top - 20)
            dpg.set_y_scroll(area, max(0.0, min(dpg.get_y_scroll(area) + step, dpg.get_y_scroll_max(area))))
        raise TimeoutError(f"no se pudo mostrar {tag}")

    def real_click(tag: str, area: str | None = iv.DETAIL) -> None:
        """Move the real pointer to the widget's centre and press the left button."""
        if area is not None:
            reveal(tag, area)
        loop.frame(3)
        (x0, y0), (x1, y1) = corners(tag)
        xdo("mousemove", "--sync", str(int((x0 + x1) / 2)), str(int((y0 + y1) / 2)))
        loop.frame(4)
        xdo("mousedown", "1")
        loop.frame(4)
        xdo("mouseup", "1")
        loop.frame(6)

    def type_into(tag: str, text: str) -> None:
        if quick:  # not clicked: an active text field would write its own (empty) buffer back
            reveal(tag)
            set_text(tag, text)
            return
        real_click(tag)
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True, timeout=60)
        loop.frame(4 * len(text) + 10)  # Dear ImGui takes queued key events a few per frame

    def message() -> str:
        return dpg.get_value(iv.MSG) if dpg.does_item_exist(iv.MSG) else ""

    with run:
        loop.frame(5)
        dpg.set_value(login_view.USERNAME, username)
        dpg.set_value(login_view.PASSWORD, password)
        click(login_view.SUBMIT)
        loop.wait(lambda: app.incidents is not None and dpg.is_item_shown(iv.BAR), "aviso de grupo propuesto")
        window = subprocess.run(["xdotool", "search", "--name", "Centro de C"], capture_output=True, text=True,
                                timeout=30).stdout.split()
        if window:
            xdo("windowmove", "--sync", window[0], "0", "0")
            xdo("windowfocus", "--sync", window[0])
        loop.frame(5)
        view = app.incidents
        s["bar_text"] = dpg.get_value(iv.BAR_TEXT)
        shot("incident_suggestion")

        real_click(iv.BAR_OPEN, area=None)
        loop.wait(lambda: view.proposal is not None and dpg.does_item_exist(iv.CREATE), "grupo propuesto")
        s["tab_is_incidents"] = dpg.get_value(main_window.TAB_BAR) in (iv.TAB, dpg.get_alias_id(iv.TAB))
        s["proposed"] = view.proposal.ticket_ids
        shot("incident_group")

        real_click(iv.CREATE)
        loop.wait(lambda: view.current is not None and dpg.does_item_exist(iv.REPLY_SEND), "incidente creado")
        s["created_message"] = message()
        s["linked"] = sorted(int(t["ticket_id"]) for t in view.current.tickets)

        type_into(iv.REPLY, REPLY)
        s["reply_typed"] = text_of(iv.REPLY)
        real_click(iv.REPLY_SEND)
        loop.wait(lambda: dpg.is_item_shown(iv.CONFIRM), "confirmación de la respuesta")
        s["reply_confirm"] = dpg.get_value(iv.CONFIRM_TEXT)
        real_click(iv.CONFIRM_OK)
        loop.wait(lambda: message().startswith("Respuesta enviada"), "respuesta enviada")
        s["reply_message"] = message()

        type_into(iv.NOTICE_BODY, NOTICE)
        real_click(iv.PUBLISH)
        loop.wait(lambda: message().startswith("Aviso publicado"), "aviso publicado")
        s["notice_showing"] = bool(view.current.incident["notice_showing"])

        def list_status() -> list[int]:
            return [(dpg.get_item_children(row, 1) or [None])[-1] for row in dpg.get_item_children(iv.TABLE, 1) or []]

        loop.wait(lambda: any("aviso" in (dpg.get_value(t) or "") for t in list_status()), "lista con el aviso")
        loop.frame(6)
        right = dpg.get_item_rect_min(iv.MSG)[0] - 8  # the list ends where the detail panel begins
        # The list's «Estado» column shows its whole text («abierto · aviso») inside the list.
        s["list_status"] = [[dpg.get_value(t), dpg.get_item_rect_max(t)[0] <= right,
                             dpg.get_item_rect_size(t)[0] >= dpg.get_text_size(dpg.get_value(t))[0] - 1]
                            for t in list_status()]
        shot("incident_detail")

        type_into(iv.RESOLVE_BODY, RESOLUTION)
        real_click(iv.RESOLVE)
        loop.wait(lambda: dpg.is_item_shown(iv.CONFIRM), "confirmación de la resolución")
        real_click(iv.CONFIRM_OK)
        loop.wait(lambda: view.current is not None and not view.current.is_open
                  and dpg.does_item_exist(iv.RESULT) and dpg.get_value(iv.RESULT), "incidente resuelto")
        s["resolved_message"] = message()
        s["result_lines"] = dpg.get_value(iv.RESULT).splitlines()
        shot("incident_resolved")

        target = s["linked"][0]
        real_click(f"incident_ticket_{target}")
        loop.wait(lambda: app.detail is not None and app.detail.ticket_id == target, "ticket del incidente")
        loop.wait(lambda: dpg.does_item_exist(iv.SIDE_GROUP) and len(dpg.get_item_children(iv.SIDE_GROUP, 1)) > 2,
                  "información del incidente en el ticket")
        s["ticket_events"] = [[e["event_type"], e.get("body")] for e in app.detail.events]
        s["ticket_status"] = app.detail.ticket["status_name"]
        s["side_texts"] = [dpg.get_value(c) for c in dpg.get_item_children(iv.SIDE_GROUP, 1)
                           if dpg.get_item_type(c) == "mvAppItemType::mvText"]
        dpg.set_y_scroll(ticket_view.SIDE, dpg.get_y_scroll_max(ticket_view.SIDE))
        shot("incident_ticket")
    return 0


if __name__ == "__main__":
    sys.exit(main())
