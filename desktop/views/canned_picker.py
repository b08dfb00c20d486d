"""The canned-reply picker: a small window over the ticket with a filter box and the list.

By keyboard: type «::» in the composer (or click «Predefinidas (::)»), keep typing to
filter, ↓/↑ to choose, Enter to insert, Esc to close. By mouse: click a reply to see it, double
click or «Insertar» to insert. The text lands in the composer, editable before sending.
"""

from __future__ import annotations

from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.services.canned_service import CannedReply, matching
from desktop.views import theme
from desktop.widgets.wrapped_text import WrappedTextBox, single_line_height

WINDOW = "canned_window"
FILTER = "canned_filter"
LIST = "canned_list"
PREVIEW = "canned_preview"
INSERT = "canned_insert"
MESSAGE = "canned_message"
WIDTH, HEIGHT = 640, 430
AWAY = (-20_000, -20_000)  # where the window waits while closed (see __init__)


class CannedPicker:
    def __init__(self, on_insert: Callable[[CannedReply], None], on_close: Callable[[], None] | None = None) -> None:
        self.on_insert, self.on_close = on_insert, on_close
        self.replies: list[CannedReply] = []
        self.shown: list[CannedReply] = []
        self.index = 0
        self.row_tags: list[int | str] = []
        self._last_filter = ""
        self._open = False
        # Always shown, and off the screen while closed: a window that appears takes the keyboard from the
        # reply box (ImGui ends the active item, even with no_focus_on_appearing), and the letters typed
        # right after «::» would be lost. Moved into view, it appears without taking anything.
        with dpg.window(tag=WINDOW, label="Respuestas predefinidas", show=True, pos=AWAY, modal=False,
                        no_collapse=True, width=WIDTH, height=HEIGHT, no_saved_settings=True,
                        on_close=lambda: self.close(), no_focus_on_appearing=True):
            theme.label("Escriba para filtrar; ↓/↑ para elegir, Enter para insertar, Esc para cerrar.", wrap=0)
            # A WrappedTextBox: letters typed in the reply box right after «::» are forwarded to it (none lost
            # while the keyboard would move here).
            self.filter = WrappedTextBox(FILTER, width=-1, height=single_line_height(), multiline=False,
                                         hint="Buscar por título o texto")
            with dpg.group(horizontal=True):
                dpg.add_child_window(tag=LIST, width=280, height=-40, border=True)
                with dpg.child_window(height=-40, border=True):
                    dpg.add_text("", tag=PREVIEW, wrap=WIDTH - 280 - 64)  # its pane (wrap=0 cut it)
            with dpg.group(horizontal=True):
                dpg.add_button(tag=INSERT, label="Insertar (Enter)", callback=lambda: self.insert())
                dpg.add_button(label="Cerrar (Esc)", callback=lambda: self.close())
                dpg.add_text("", tag=MESSAGE)
        theme.bind(INSERT, theme.PRIMARY_BUTTON)

    # ---- state ----------------------------------------------------------------------
    def is_open(self) -> bool:
        return bool(self._open and dpg.does_item_exist(WINDOW))

    def open(self, replies: list[CannedReply], near: tuple[int, int] | None = None, focus: bool = True) -> None:
        """focus=False: the reply box keeps the keyboard and forwards what is typed to the filter."""
        self.replies = replies
        self.filter.value = ""
        self._last_filter = ""
        vw, vh = _viewport_size()
        x, y = near or ((vw - WIDTH) // 2, (vh - HEIGHT) // 3)
        self._open = True
        dpg.configure_item(WINDOW, show=True, pos=(max(0, min(x, vw - WIDTH)), max(0, min(y, vh - HEIGHT))))
        self.refilter()
        if focus:
            dpg.focus_item(WINDOW)
            self.filter.focus()
        if not replies:
            dpg.set_value(PREVIEW, "Todavía no hay respuestas predefinidas activas. Un administrador las crea en "
                                   "Administración › Respuestas predefinidas.")

    def close(self) -> None:
        self._open = False
        if dpg.does_item_exist(WINDOW):
            dpg.configure_item(WINDOW, show=True, pos=AWAY)
        if self.on_close is not None:
            self.on_close()

    def set_message(self, text: str) -> None:
        dpg.set_value(MESSAGE, text)

    # ---- list -------------------------------------------------------------------------
    def refilter(self) -> None:
        typed = self.filter.value
        self._last_filter = typed
        self.shown = matching(self.replies, typed)
        self.index = 0
        dpg.delete_item(LIST, children_only=True)
        self.row_tags = []
        for n, reply in enumerate(self.shown):
            tag = dpg.add_selectable(label=f"{reply.title} ({reply.kind.lower()})", parent=LIST, user_data=n,
                                     callback=lambda s, a, u: self.choose(u))
            with dpg.item_handler_registry() as handlers:
                dpg.add_item_double_clicked_handler(callback=lambda s, a, u=n: self.insert(u))
            dpg.bind_item_handler_registry(tag, handlers)
            self.row_tags.append(tag)
        if not self.shown and self.replies:
            dpg.add_text("Ninguna coincide.", parent=LIST, color=theme.palette().muted)
        self._show_choice()

    def poll(self) -> None:
        """Once per frame: the list follows the filter; while closed, the window stays off the screen (ImGui
        pulls a window back until a corner shows, unless its position is set again each frame)."""
        if not self.is_open():
            if dpg.does_item_exist(WINDOW):
                dpg.configure_item(WINDOW, pos=AWAY)
        elif self.filter.value != self._last_filter:
            self.refilter()

    def move(self, step: int) -> None:
        if self.shown:
            self.index = max(0, min(len(self.shown) - 1, self.index + step))
            self._show_choice()

    def choose(self, index: int) -> None:
        self.index = index
        self._show_choice()

    def _show_choice(self) -> None:
        for n, tag in enumerate(self.row_tags):
            dpg.set_value(tag, n == self.index)
        if self.shown:
            reply = self.shown[self.index]
            kind = "Respuesta pública" if reply.is_public else "Nota interna"
            dpg.set_value(PREVIEW, f"{reply.title} ({kind})\n\n{theme.displayable(reply.body)}")
            dpg.configure_item(INSERT, enabled=True)
        else:
            dpg.configure_item(INSERT, enabled=False)

    def insert(self, index: int | None = None) -> None:
        if index is not None:
            self.index = index
        if not self.shown:
            return
        reply = self.shown[self.index]
        self.close()
        self.on_insert(reply)

    # ---- keys -------------------------------------------------------------------------
    def handle_key(self, name: str) -> bool:
        """Keys while the picker is open (True: taken here, the app's shortcuts do not run)."""
        if not self.is_open():
            return False
        if name == "escape":
            self.close()
        elif name == "down":
            self.move(1)
        elif name == "up":
            self.move(-1)
        elif name == "enter":
            self.poll()
            self.insert()
        return True


def _viewport_size() -> tuple[int, int]:
    try:
        return dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    except Exception:
        return 1366, 768
