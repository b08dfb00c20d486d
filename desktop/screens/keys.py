"""The keyboard: a key press becomes a name ('j', 'f5', 'ctrl+enter'), the name an action given the
text focus (services.shortcuts), the action runs on the screen that has the keyboard."""

from __future__ import annotations

import time
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.screens.desk import Desk
from desktop.services import health
from desktop.services.shortcuts import action_for
from desktop.views import main_window, queue_view, ticket_view
from desktop.views.queue_view import QueueView
from desktop.views.ticket_view import TicketView
from desktop.widgets import wrapped_text

# Text fields: while one has the keyboard, letters and arrows are typed, not shortcuts (so do they while a
# word-wrapping box has it: the reply box and every other WrappedTextBox).
TEXT_FIELDS = (queue_view.SEARCH, ticket_view.STATUS_NOTE)
# PgDn/PgUp: ImGui's key codes (wrapped_text.PAGE_*): Dear PyGui 2.3.1's mvKey_Next/mvKey_Prior are
# GLFW's codes and never match a key press.
KEYS = {
    dpg.mvKey_F5: "f5", dpg.mvKey_F1: "f1", dpg.mvKey_Escape: "escape", dpg.mvKey_Down: "down",
    dpg.mvKey_Up: "up", dpg.mvKey_J: "j", dpg.mvKey_K: "k", dpg.mvKey_Return: "enter",
    dpg.mvKey_NumPadEnter: "enter", dpg.mvKey_R: "r", dpg.mvKey_F: "f", wrapped_text.PAGE_DOWN: "pagedown",
    wrapped_text.PAGE_UP: "pageup", dpg.mvKey_Slash: "/", dpg.mvKey_Spacebar: "space", dpg.mvKey_Menu: "menu",
    dpg.mvKey_F10: "f10",
}


class KeyHandler:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self._search_pending = 0.0  # after Ctrl+F, until the search box has the keyboard: keys are text
        self._field_was_active = False  # a text field had the keyboard in the last frame

    @staticmethod
    def _field_active() -> bool:
        return any(dpg.does_item_exist(t) and dpg.is_item_active(t) for t in TEXT_FIELDS)

    def tick(self) -> None:
        """Each frame: whether a text field has the keyboard (Enter in the search box searches, it does
        not open the marked ticket); the search box has the keyboard, so Ctrl+F's grace period ends."""
        self._field_was_active = self._field_active()
        if self._search_pending and dpg.does_item_exist(queue_view.SEARCH) and dpg.is_item_active(queue_view.SEARCH):
            self._search_pending = 0.0

    def on_key(self, sender: Any, key: int) -> None:
        name = KEYS.get(key)
        if name is None or self.desk.ctx.session is None or not dpg.does_item_exist(main_window.MAIN_WINDOW):
            return
        if not dpg.is_item_shown(main_window.MAIN_WINDOW):
            return
        ctrl = dpg.is_key_down(dpg.mvKey_LControl) or dpg.is_key_down(dpg.mvKey_RControl)
        shift = dpg.is_key_down(dpg.mvKey_LShift) or dpg.is_key_down(dpg.mvKey_RShift)
        if name == "/" and shift:
            name = "?"
        elif ctrl and name in ("f", "enter"):
            name = f"ctrl+{name}"
        elif name == "f10":
            if not shift:
                return
            name = "menu"  # Shift+F10: the context menu, as in Windows
        self.press(name)

    def press(self, name: str) -> str | None:
        """A key by name ('j', 'f5', 'ctrl+enter'...): the action it runs, given the text focus."""
        desk = self.desk
        if desk.extras is not None and desk.extras.handle_key(name):
            return None  # the canned-reply picker or the reopen dialog has the keyboard
        if desk.bulk is not None and desk.bulk.confirming():
            desk.bulk.handle_key(name)  # Esc cancels the confirmation (the comment stays), Enter confirms
            return None
        if any(d is not None and d.is_open() for d in (desk.bulk, desk.orders)):
            top = next(d for d in (desk.orders, desk.bulk) if d is not None and d.is_open())
            if name == "escape":  # only the topmost: the service order opens over the bulk dialog
                top.close()
            elif name == "enter" and top is desk.orders and desk.orders.path is None:
                desk.orders.generate()  # its highlighted button, «Generar PDF»
            return None
        typing = self._field_active() or wrapped_text.any_active()
        if name == "enter" and self._field_was_active:
            typing = True  # Enter ends a text field's edit (the search runs) before this handler sees it
        if time.monotonic() < self._search_pending:  # Ctrl+F pressed: letters meanwhile are text, not shortcuts
            typing = True
        action = action_for(name, typing)
        self.shortcut(action)
        return action

    def shortcut(self, action: str | None) -> None:
        """Run one keyboard action (also what the scripted drivers call)."""
        qv, tv = self.desk.queue_view, self.desk.ticket_view
        if action is None or qv is None or tv is None:
            return
        if tv.code_key(action):  # the code window has the keyboard: Enter or Esc closes it
            return
        if qv.context_menu_shown():  # ↓/↑ move, Enter runs the highlighted entry, Esc closes
            qv.menu_key(action)
            return
        if tv.confirming():
            if action == "back":
                tv.cancel_confirm()
            elif action in ("open", "send"):
                tv.confirm()
            return
        if main_window.help_shown():
            if action in ("back", "help"):
                main_window.toggle_help()
            return
        self._run(action, qv, tv)

    def _run(self, action: str, qv: QueueView, tv: TicketView) -> None:
        """An action with no dialog, menu or help in the way."""
        desk = self.desk
        if action == "help":
            main_window.toggle_help()
        elif action == "search":
            self._search_pending = time.monotonic() + 2.0  # ends as soon as the box is active (tick)
            dpg.focus_item(queue_view.SEARCH)
        elif action == "refresh":
            desk.queue_screen.refresh_all()
        elif action in ("down", "up"):
            qv.move_cursor(1 if action == "down" else -1)
        elif action == "open":
            ticket_id = qv.cursor_ticket()
            if ticket_id is not None:
                desk.ticket.open_ticket(ticket_id)
        elif action == "reply":
            tv.focus_composer()
        elif action == "send":
            reason = health.send_blocked(desk.health, desk.detail is not None, desk.acting)
            if desk.current_ticket_id is None:
                pass  # in the queue: nothing is being written
            elif reason:
                tv.set_message(reason, ok=False)
                main_window.set_banner(desk.health.banner())
            else:
                tv.request_send()
        elif action == "back":
            if dpg.does_item_exist(ticket_view.PHOTO_WINDOW):
                tv.close_photo()
            else:
                desk.ticket.back_to_queue()
        elif action == "select":
            qv.toggle_cursor()
        elif action == "menu":
            ticket_id = qv.cursor_ticket()
            if ticket_id is not None:
                qv.open_context_menu(ticket_id, at=qv.row_rect_point(ticket_id))
        elif action == "next_page":
            desk.queue_screen.next_page()
        elif action == "previous_page":
            desk.queue_screen.previous_page()
