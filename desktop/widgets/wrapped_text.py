"""A text box whose lines wrap at its width (Dear PyGui 2.3's multi-line input never wraps and does
not expose ImGui's word-wrap flag). The value holds exactly what was typed, with the person's own
line breaks; a wrap is only how it is drawn.

How it works: a tiny, invisible multi-line input (a "key sink") is kept active and receives what
the keyboard types through GLFW/ImGui (letters, accents composed by the system, Enter, Ctrl+V). Each
frame its value is compared with the last reading and the new middle is inserted at THIS box's
caret (text_model.typed_text); that middle is exact while the sink's own caret is at its end. An
active Dear PyGui input ignores set_value, so there are two sinks: when a key moved the active sink's
caret (arrows, Home/End, pages, Ctrl+A: ImGui applies them to the sink too), the keyboard moves to the
other, empty sink, and the first is emptied once inactive (an empty sink has nothing for those keys to
act on). The move takes a frame, in which ImGui drops typed characters, so it is done only then and
never while typing (a person does not type within a frame of an arrow key). Arrows, Home/End,
PgUp/PgDn, Backspace/Delete (Ctrl: by word), Shift+moves, Ctrl+A/C/X/Z/Y and the mouse are read
each frame and applied to the model (desktop/widgets/text_model.py, with its own tests); only the
visible visual lines are drawn (draw_text in a drawlist, the app's font, widths per character).

    box = WrappedTextBox("ticket_comment", width=-1, height=-74, hint="Nota interna…")
    box.value = "Hola"; box.insert_at_cursor("texto"); box.focus(); box.is_active()

`tick_all()` must run once per frame (the app's tick does it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.views import theme
from desktop.widgets.text_model import Layout, TextModel, char_advance, line_width, typed_text

PAD_X, PAD_Y = 8, 5  # as the app's FramePadding (theme.py), so it lines up with the other inputs
SCROLLBAR = 14
# Dear PyGui 2.3.1's mvKey_Prior / mvKey_Next are GLFW's codes (266, 267), not ImGui keys: asked with them,
# ImGui reads a stale legacy slot and says "pressed" at random. ImGuiKey_PageUp / ImGuiKey_PageDown:
PAGE_UP, PAGE_DOWN = 517, 518
BLINK_ON, BLINK_PERIOD = 0.8, 1.2  # ImGui's caret blink
_boxes: dict[int | str, WrappedTextBox] = {}
_widths: dict[str, float] = {}


def box(tag: int | str) -> WrappedTextBox:
    """The box built with this tag."""
    return _boxes[tag]


def find(tag: int | str) -> WrappedTextBox | None:
    """The box built with this tag, or None when the tag is some other item."""
    found = _boxes.get(tag)
    return found if found is not None and dpg.does_item_exist(tag) else None


def tick_all() -> None:
    """Once per frame, for every box alive."""
    for tag, item in list(_boxes.items()):
        if not dpg.does_item_exist(tag) or item.tag != tag:
            _boxes.pop(tag, None)
            continue
        item.tick()


def on_wheel(_sender: Any = None, delta: Any = 0) -> None:
    """The app's mouse-wheel handler: the box under the pointer scrolls its text."""
    for item in list(_boxes.values()):
        if dpg.does_item_exist(item.tag) and dpg.is_item_shown(item.tag) and item.hovered():
            item.wheel(float(delta or 0))
            return


def any_active() -> bool:
    return any(b.is_active() for b in _boxes.values() if dpg.does_item_exist(b.tag))


def char_width(ch: str) -> float:
    """The drawn width of one character in the app's font (cached; ImGui has no kerning)."""
    w = _widths.get(ch)
    if w is None:
        shown = theme.displayable(ch)
        size = None
        try:
            font = theme.FONT_TAG if dpg.does_item_exist(theme.FONT_TAG) else 0
            size = dpg.get_text_size(shown * 16, font=font)  # ImGui rounds a width up to a whole pixel:
        except Exception:                                     # measured 16 times, the rounding is 1/16 px
            size = None
        if not size or size[0] <= 0:
            return theme.FONT_SIZE * 0.55  # fonts not loaded yet (first frame): not cached
        w = _widths[ch] = float(size[0]) / 16
    return w


def _line_height() -> float:
    h = 0.0
    try:
        font = theme.FONT_TAG if dpg.does_item_exist(theme.FONT_TAG) else 0
        size = dpg.get_text_size("Ág", font=font)
        h = float(size[1]) if size else 0.0
    except Exception:
        h = 0.0
    return h if h > 0 else theme.FONT_SIZE + 2.0


def single_line_height() -> int:
    """The height of a one-line box, as the app's one-line inputs."""
    return int(_line_height() + 2 * PAD_Y + 2)


class WrappedTextBox:
    def __init__(self, tag: int | str, parent: int | str | None = None, width: int = -1, height: int = -1,
                 hint: str = "", on_change: Callable[[str], None] | None = None, multiline: bool = True,
                 max_length: int | None = None, readonly: bool = False, enabled: bool = True,
                 style: str = "plain", default_value: str = "", before: int | str = 0, show: bool = True) -> None:
        self.tag, self.hint, self.on_change, self.multiline = tag, hint, on_change, multiline
        self.enabled = enabled
        self.model = TextModel(default_value, multiline=multiline, max_length=max_length)
        self.model.readonly = readonly
        self.forward_to: WrappedTextBox | None = None  # while set, typing goes to that box (canned picker)
        self._forward_until = 0  # after forward(None): a few frames more (an Enter that closed the picker)
        self.trigger, self.on_trigger = "", None  # typing `trigger` (e.g. "::") calls on_trigger()
        self._borrowed = False  # another box forwards its typing here: show the caret
        self._bases = ["", ""]  # each sink's value at the last reading
        self._swap_until = 0  # frame until which a move of the keyboard to the other sink is awaited
        self._focus_retry_until = 0  # focus(retry=True): until this frame, focus again while not active
        self._focus_until = 0  # frame until which a requested focus counts as focus
        self._dragging = False
        self._layout: Layout | None = None
        self._layout_key: tuple[str, float] | None = None
        self._drawn_key: tuple[Any, ...] | None = None
        self._caret_item: int | str | None = None
        self._caret_on = False
        self._last_activity = time.monotonic()
        self._want_scroll: float | None = None
        self._scroll_tries = 0
        self._scroll_to_caret_later = False
        self._fits: bool | None = None
        self._focus_drawn = False
        self._style = style
        self._line_h = _line_height()
        kw: dict[str, Any] = {"before": before} if before else {}
        if parent is not None:
            kw["parent"] = parent
        # The frame (tag) holds the sinks, which never move, and over them the scrolling text area: a sink
        # moved or scrolled while active drops what is typed in that frame.
        # The first sink lies over the whole text area (drawn last, so it is on top, and see-through): a click
        # in the box lands on it and ImGui gives it the keyboard in that very frame, so a key typed right after
        # the click is not lost (focus_item takes two frames). The mouse (caret, drag, double click) is read
        # by tick as before; the wheel scrolls the text through on_wheel.
        with dpg.child_window(tag=tag, width=width, height=height, border=True, show=show, no_scrollbar=True,
                              no_scroll_with_mouse=True, **kw):
            with dpg.child_window(border=False, pos=(1, 1), width=-1, height=-1, no_scrollbar=not multiline,
                                  no_scroll_with_mouse=not multiline) as self.scroller:
                self.canvas = dpg.add_drawlist(width=10, height=10)
            self.sinks = [dpg.add_input_text(multiline=True, width=4, height=4, pos=(1, 1), no_undo_redo=True,
                                             tab_input=False) for _ in range(2)]
        self._sink_size = (4, 4)
        for sink in self.sinks:
            theme.bind(sink, "textbox_sink")  # invisible
        theme.bind(self.scroller, "textbox_area")  # see-through: the frame's colours show
        self.set_style(style)
        _boxes[tag] = self

    # ---- API -------------------------------------------------------------------------------
    @property
    def value(self) -> str:
        return self.model.text

    @value.setter
    def value(self, text: str) -> None:
        self.model.set_text(text or "")
        self._changed(scroll=True, notify=False)

    def insert_at_cursor(self, text: str) -> None:
        """Text at the caret (replacing the selection), e.g. a canned reply."""
        readonly, self.model.readonly = self.model.readonly, False
        try:
            changed = self.model.insert(text)
        finally:
            self.model.readonly = readonly
        if changed:
            self._changed(scroll=True)

    def clear(self) -> None:
        self.value = ""

    def forward(self, to: WrappedTextBox | None) -> None:
        """While set, what is typed in this box goes to `to` (the canned-reply picker's filter), so letters
        typed before that box has the keyboard are not lost; None: back to this box."""
        if to is None and self.forward_to is not None:
            self._forward_until = dpg.get_frame_count() + 3
            return
        if self.forward_to is not None and self.forward_to is not to:
            self.forward_to._borrowed = False
            self.forward_to._drawn_key = None
        self.forward_to = to

    def set_trigger(self, trigger: str, on_trigger: Callable[[], None]) -> None:
        """Typing `trigger` calls on_trigger() at once, and what is typed after it in the same frame goes
        wherever on_trigger sent the typing (forward())."""
        self.trigger, self.on_trigger = trigger, on_trigger

    def remove_before_cursor(self, text: str) -> bool:
        """Delete `text` when it is just before the caret (the «::» that opened the canned-reply picker)."""
        m = self.model
        if not text or m.has_selection() or not m.text[: m.cursor].endswith(text):
            return False
        m.text = m.text[: m.cursor - len(text)] + m.text[m.cursor:]
        m.cursor = m.anchor = m.cursor - len(text)
        self._changed(scroll=True, notify=False)
        return True

    def focus(self, retry: bool = False) -> None:
        """Give this box the keyboard (a click in it does the same). retry: ask again every few frames until
        it has it (a window just shown, a modal one above all: Dear PyGui ignores focus_item until it is drawn)."""
        if retry:
            self._focus_retry_until = dpg.get_frame_count() + 90
        if not self.enabled or not dpg.is_item_shown(self.tag):
            return
        target = next((s for s in self.sinks if dpg.is_item_active(s)), None)
        if target is None:
            empty = [s for n, s in enumerate(self.sinks) if not self._bases[n]]
            target = empty[0] if empty else self.sinks[0]
            dpg.focus_item(target)
        self._focus_until = dpg.get_frame_count() + 12
        self._last_activity = time.monotonic()
        self._drawn_key = None

    def is_active(self) -> bool:
        """The box has the keyboard (or was just given it and takes it within a few frames)."""
        if not dpg.does_item_exist(self.tag):
            return False
        return any(dpg.is_item_active(s) for s in self.sinks) or dpg.get_frame_count() <= self._focus_until

    def set_hint(self, hint: str) -> None:
        if hint != self.hint:
            self.hint = hint
            self._drawn_key = None

    def set_readonly(self, readonly: bool) -> None:
        self.model.readonly = readonly

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._drawn_key = None

    def set_style(self, style: str) -> None:
        """The frame's colours: 'plain' (as the app's inputs) or 'composer_0' / 'composer_1' (note / reply)."""
        self._style = style
        theme.bind(self.tag, f"textbox_{style}{'_focus' if self._focus_drawn else ''}")
        self._drawn_key = None

    def visual_lines(self) -> list[str]:
        """The lines as drawn (for tests and screenshots' checks)."""
        layout = self._layout or Layout(self.model.text, 10_000, char_width)
        return [self.model.text[ln.start:ln.end] for ln in layout.lines]

    def wrap_width(self) -> float:
        return self._layout.width if self._layout else 0.0

    def line_pixel_widths(self) -> list[float]:
        """Each drawn line's width without its hanging spaces (none may exceed wrap_width())."""
        return [line_width(t.rstrip(" \t"), char_width) for t in self.visual_lines()]

    # ---- frame -----------------------------------------------------------------------------
    def tick(self) -> None:
        if not dpg.is_item_shown(self.tag):
            return
        frame = dpg.get_frame_count()
        active = [bool(dpg.is_item_active(s)) for s in self.sinks]
        typed = self._read_sinks(active)
        for n, sink in enumerate(self.sinks):  # an inactive sink is emptied (an active one ignores set_value)
            if not active[n] and self._bases[n]:
                dpg.set_value(sink, "")
                self._bases[n] = ""
        if any(active):
            self._focus_until = self._focus_retry_until = 0
        elif frame <= self._focus_retry_until and frame % 4 == 0:
            self.focus()  # not taken yet (a modal window that was just shown): ask again
        if self.forward_to is not None and self._forward_until and frame > self._forward_until:
            self.forward_to._borrowed = False
            self.forward_to._drawn_key = None
            self.forward_to, self._forward_until = None, 0
        focused = any(active) or frame <= self._focus_until
        target = self.forward_to if (self.forward_to is not None and focused) else self
        if self.forward_to is not None:
            self.forward_to._borrowed = focused
        moved = self._keys(target) if any(active) else False
        if typed:
            self._typed(typed)
        if moved and frame > self._swap_until:
            live = active.index(True)
            if self._bases[live]:  # the sink's own caret moved: the keyboard goes to the other, empty sink
                dpg.focus_item(self.sinks[1 - live])
                self._swap_until = frame + 3
        self._mouse(focused)
        self._render(focused or self._borrowed)
        self._size_catcher()

    def _size_catcher(self) -> None:
        """The first sink covers the text area (not the scrollbar) while the box takes clicks."""
        w, h = dpg.get_item_rect_size(self.tag)
        size = (max(4, int(w) - 2 - (SCROLLBAR if self.multiline else 0)), max(4, int(h) - 2)) if self.enabled \
            else (4, 4)
        if size != self._sink_size:
            self._sink_size = size
            dpg.configure_item(self.sinks[0], width=size[0], height=size[1])

    def wheel(self, delta: float) -> None:
        """The mouse wheel over the box scrolls its text (the sink on top would pass it to the panel)."""
        if not self.multiline:
            return
        top = float(dpg.get_y_scroll(self.scroller))
        bottom = float(dpg.get_y_scroll_max(self.scroller))
        target = max(0.0, min(bottom, top - delta * 3 * self._line_h))
        if target != top:
            self._want_scroll, self._scroll_tries = target, 6
            self._drawn_key = None

    def _read_sinks(self, active: list[bool]) -> str:
        typed = ""
        order = sorted(range(2), key=lambda n: active[n])  # the one that just lost the keyboard first
        for n in order:
            value = dpg.get_value(self.sinks[n]) or ""
            if value != self._bases[n]:
                typed += typed_text(self._bases[n], value)
                self._bases[n] = value
        return typed

    def _typed(self, text: str) -> None:
        if self.forward_to is not None:
            self.forward_to._typed(text)
            return
        if self.trigger and self.on_trigger is not None and not self.model.readonly:
            m = self.model
            start = m.selection()[0]  # typing replaces the selection
            seen = m.text[max(0, start - len(self.trigger) + 1): start] + text
            at = seen.find(self.trigger)
            if at >= 0:
                cut = at + len(self.trigger) - (len(seen) - len(text))  # the trigger's end, inside `text`
                self._insert_typed(text[:cut])
                self.on_trigger()
                if text[cut:]:
                    self._typed(text[cut:])
                return
        self._insert_typed(text)

    def _insert_typed(self, text: str) -> None:
        if not self.multiline:
            text = text.strip("\n")  # Enter in a one-line box is not text (a pasted line break is a space)
        if text and self.model.insert(text):
            self._changed(scroll=True)

    def _changed(self, scroll: bool, notify: bool = True) -> None:
        self._last_activity = time.monotonic()
        self._drawn_key = None
        if scroll:
            self._scroll_to_caret_later = True
        if notify and self.on_change is not None:
            self.on_change(self.model.text)

    # ---- keys ------------------------------------------------------------------------------
    def _keys(self, target: WrappedTextBox) -> bool:
        """Editing keys, applied to `target`'s model. True when a key also moved the sink's own caret or
        selected in it (arrows, Home/End, pages, Ctrl+A)."""
        m = target.model
        ctrl = dpg.is_key_down(dpg.mvKey_LControl) or dpg.is_key_down(dpg.mvKey_RControl)
        alt = dpg.is_key_down(dpg.mvKey_LAlt) or dpg.is_key_down(dpg.mvKey_RAlt)
        shift = dpg.is_key_down(dpg.mvKey_LShift) or dpg.is_key_down(dpg.mvKey_RShift)
        layout = target._current_layout()
        text_before, caret_before = m.text, (m.cursor, m.anchor, m.at_end)
        pressed = dpg.is_key_pressed
        if pressed(dpg.mvKey_Left):
            m.left(shift, ctrl)
        if pressed(dpg.mvKey_Right):
            m.right(shift, ctrl)
        if target.multiline and pressed(dpg.mvKey_Up):
            m.vertical(layout, -1, shift)
        if target.multiline and pressed(dpg.mvKey_Down):
            m.vertical(layout, 1, shift)
        if target.multiline and (pressed(PAGE_UP) or pressed(PAGE_DOWN)):
            page = max(1, int(target._visible_height() // target._line_h) - 1)
            m.vertical(layout, -page if pressed(PAGE_UP) else page, shift)
        if pressed(dpg.mvKey_Home):
            m.home(layout, shift, document=ctrl)
        if pressed(dpg.mvKey_End):
            m.end(layout, shift, document=ctrl)
        if pressed(dpg.mvKey_Back):
            m.delete(forward=False, word=ctrl)
        if pressed(dpg.mvKey_Delete):
            m.delete(forward=True, word=ctrl)
        if ctrl and not alt:  # AltGr (Ctrl+Alt on Windows) types characters, never shortcuts
            if pressed(dpg.mvKey_A):
                m.select_all()
            if (pressed(dpg.mvKey_C) or pressed(dpg.mvKey_X)) and m.has_selection():
                dpg.set_clipboard_text(m.selected_text())  # after the sink's own copy: this selection wins
                if pressed(dpg.mvKey_X):
                    m.delete(forward=False)
            if pressed(dpg.mvKey_Z):
                m.redo() if shift else m.undo()
            if pressed(dpg.mvKey_Y):
                m.redo()
        if m.text != text_before:
            target._changed(scroll=True)
        elif (m.cursor, m.anchor, m.at_end) != caret_before:
            target._last_activity = time.monotonic()
            target._drawn_key = None
            target._scroll_to_caret_later = True
        moves = (dpg.mvKey_Left, dpg.mvKey_Right, dpg.mvKey_Up, dpg.mvKey_Down, dpg.mvKey_Home, dpg.mvKey_End,
                 PAGE_UP, PAGE_DOWN)
        return any(pressed(k) for k in moves) or (ctrl and pressed(dpg.mvKey_A))

    # ---- mouse -----------------------------------------------------------------------------
    def _mouse(self, focused: bool) -> None:
        left = dpg.mvMouseButton_Left
        if not self.enabled:
            return
        if self._dragging:
            if not dpg.is_mouse_button_down(left):
                self._dragging = False
                return
            self._place_at_mouse(select=True)
            return
        if not dpg.is_mouse_button_clicked(left) or not self._hovered_text():
            return
        shift = dpg.is_key_down(dpg.mvKey_LShift) or dpg.is_key_down(dpg.mvKey_RShift)
        self.focus()
        if dpg.is_mouse_button_double_clicked(left):
            pos = self._place_at_mouse(select=False)
            self.model.select_word(pos)
            self._drawn_key = None
            return
        self._place_at_mouse(select=shift)
        self._dragging = True

    def _hovered_text(self) -> bool:
        """The pointer is over this box's text area (not its scrollbar) and no other window covers it."""
        if not self.hovered():
            return False
        x, y = dpg.get_mouse_pos(local=False)
        bx, by, bw, bh = self.screen_rect()
        inner = bw - (SCROLLBAR if self.multiline else 0)
        return bx <= x < bx + inner and by <= y < by + bh

    def hovered(self) -> bool:
        """The pointer is over the box and nothing else is drawn over that point."""
        return bool(dpg.is_item_hovered(self.scroller) or dpg.is_item_hovered(self.canvas)
                    or (self._sink_size != (4, 4) and dpg.is_item_hovered(self.sinks[0])))

    def is_visible(self) -> bool:
        """Drawn this frame (not scrolled out of its panel, its window shown)."""
        return bool(dpg.is_item_visible(self.canvas))

    def screen_rect(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) of the box in viewport coordinates (a child window reports only its position
        inside its parent; the drawlist inside it knows where it is on screen)."""
        cx, cy = dpg.get_item_state(self.canvas).get("rect_min") or (0, 0)
        scroll = float(dpg.get_y_scroll(self.scroller)) if self.multiline else 0.0
        w, h = dpg.get_item_rect_size(self.tag)
        return float(cx) - 1, float(cy) + scroll - 1, float(w), float(h)

    def _place_at_mouse(self, select: bool) -> int:
        layout = self._current_layout()
        x, y = dpg.get_mouse_pos(local=False)
        cx, cy = dpg.get_item_rect_min(self.canvas)
        line_no = int((y - cy - PAD_Y) // self._line_h)
        line_no = max(0, min(len(layout.lines) - 1, line_no))
        self.model.place(layout, line_no, x - cx - PAD_X, select)
        self._last_activity = time.monotonic()
        self._drawn_key = None
        self._scroll_to_caret_later = True
        return self.model.cursor

    # ---- layout and drawing ----------------------------------------------------------------
    def _visible_height(self) -> float:
        h = dpg.get_item_rect_size(self.tag)[1] if dpg.does_item_exist(self.tag) else 0
        return max(float(h) - 2, self._line_h + 2 * PAD_Y)

    def _text_width(self) -> float:
        w = dpg.get_item_rect_size(self.tag)[0] if dpg.does_item_exist(self.tag) else 0
        inner = float(w) - 2 - (SCROLLBAR if self.multiline else 0)
        return max(inner, 4 * PAD_X)

    def _current_layout(self) -> Layout:
        width = max(10.0, self._text_width() - 2 * PAD_X - 2)  # 2 px for the caret at a line's end
        key = (self.model.text, width)
        if self._layout is None or self._layout_key != key:
            if self._layout is not None and self._layout.width == width:  # an edit: only its paragraph's lines
                self._layout = Layout.edited(self._layout, self.model.text)
            else:
                self._layout = Layout(self.model.text, width, char_width)
            self._layout_key = key
        return self._layout

    def _render(self, focused: bool) -> None:
        layout = self._current_layout()
        line_h = self._line_h
        visible_h = self._visible_height()
        content_h = max(visible_h, 2 * PAD_Y + len(layout.lines) * line_h)
        canvas_w = int(self._text_width())
        fits = 2 * PAD_Y + len(layout.lines) * line_h <= visible_h
        canvas_h = int(visible_h - 4 if fits else content_h)  # nothing to scroll: no scrollbar at all
        if (dpg.get_item_width(self.canvas), dpg.get_item_height(self.canvas)) != (canvas_w, canvas_h):
            dpg.configure_item(self.canvas, width=canvas_w, height=canvas_h)
        if self.multiline and fits != self._fits:
            self._fits = fits
            dpg.configure_item(self.scroller, no_scrollbar=fits)
        if focused != self._focus_drawn:
            self._focus_drawn = focused
            theme.bind(self.tag, f"textbox_{self._style}{'_focus' if focused else ''}")
        scroll = float(dpg.get_y_scroll(self.scroller)) if self.multiline else 0.0
        if self._scroll_to_caret_later:
            self._scroll_to_caret_later = False
            line = layout.line_of(self.model.cursor, self.model.at_end)
            top = PAD_Y + line * line_h
            target = scroll
            if top < scroll:
                target = max(0.0, top - PAD_Y)
            elif top + line_h > scroll + visible_h:
                target = top + line_h + PAD_Y - visible_h
            if target != scroll and self.multiline:
                self._want_scroll, self._scroll_tries = target, 6
        if self._want_scroll is not None:
            if abs(scroll - self._want_scroll) < 1 or self._scroll_tries <= 0:
                self._want_scroll = None
            else:
                dpg.set_y_scroll(self.scroller, self._want_scroll)
                self._scroll_tries -= 1
        view_top = scroll if self._want_scroll is None else min(scroll, self._want_scroll)
        view_bottom = max(scroll, self._want_scroll or 0.0) + visible_h
        palette = theme.palette()
        key = (self.model.text, self.model.cursor, self.model.anchor, self.model.at_end, layout.width, int(view_top),
               int(view_bottom), focused, self.enabled, self.hint, palette)
        if key != self._drawn_key:
            self._drawn_key = key
            self._draw(layout, view_top, view_bottom, focused, palette)
        self._blink(focused)

    def _draw(self, layout: Layout, top: float, bottom: float, focused: bool, p: theme.Palette) -> None:
        dpg.delete_item(self.canvas, children_only=True)
        self._caret_item = None
        line_h, text = self._line_h, self.model.text
        size = float(theme.FONT_SIZE)
        color = (*p.text, 255) if self.enabled else (*p.muted, 255)
        if not text and self.hint:
            dpg.draw_text((PAD_X, PAD_Y), self.hint, size=size, color=(*p.muted, 255), parent=self.canvas)
        first = max(0, int((top - PAD_Y) // line_h))
        last = min(len(layout.lines) - 1, int((bottom - PAD_Y) // line_h) + 1)
        a, b = self.model.selection()
        for n in range(first, last + 1):
            line = layout.lines[n]
            y = PAD_Y + n * line_h
            if a != b and a <= line.end and b >= line.start and not (b == line.start and n > 0):
                x0 = line_width(text[line.start:max(a, line.start)], char_width)
                x1 = line_width(text[line.start:min(b, line.end)], char_width)
                if b > line.end and line.hard:
                    x1 += char_width(" ")  # the selected line break
                if x1 > x0:
                    dpg.draw_rectangle((PAD_X + x0, y), (PAD_X + x1, y + line_h), fill=p.selected,
                                       color=(0, 0, 0, 0), parent=self.canvas)
            shown = theme.displayable(text[line.start:line.end]).replace("\t", " " * 4)
            if shown.strip():
                dpg.draw_text((PAD_X, y), shown, size=size, color=color, parent=self.canvas)
        if focused:
            line_no = layout.line_of(self.model.cursor, self.model.at_end)
            x = PAD_X + min(layout.x_of(self.model.cursor, self.model.at_end), layout.width + 1)
            y = PAD_Y + line_no * line_h
            self._caret_item = dpg.draw_line((x, y), (x, y + line_h), color=(*p.text, 255), thickness=1,
                                             parent=self.canvas)
            self._caret_on = True

    def _blink(self, focused: bool) -> None:
        if self._caret_item is None or not focused:
            return
        on = (time.monotonic() - self._last_activity) % BLINK_PERIOD <= BLINK_ON
        if on != self._caret_on:
            self._caret_on = on
            dpg.configure_item(self._caret_item, show=on)


__all__ = ["WrappedTextBox", "any_active", "box", "char_advance", "char_width", "find", "on_wheel", "tick_all"]
