"""The text of a word-wrapping text box, without any GUI: the value, the caret and the selection,
the wrapping into visual lines at a pixel width, moves by character, word and visual line, and
undo/redo. desktop/widgets/wrapped_text.py draws it and feeds it keys; tests drive it directly.

Rules (tests/desktop/test_text_model.py):
- lines wrap after the last space (or tab) that fits; a word longer than the line breaks by
  character; spaces never start a wrap (they hang past the edge, as in every editor);
- the value holds exactly what was typed: the "\n" the person typed and nothing else (a wrap is
  only a way of drawing it); trailing spaces stay; CRLF or CR pasted becomes "\n";
- a tab is kept and drawn as wide as four spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

CharWidth = Callable[[str], float]  # the drawn width of one character, in pixels
TAB_SPACES = 4
_WORD = re.compile(r"\w", re.UNICODE)


def normalize(text: str, multiline: bool = True) -> str:
    """Line breaks as "\n" (pasted CRLF / CR); a one-line box joins lines with a space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if multiline else text.replace("\n", " ")


def char_advance(ch: str, char_width: CharWidth) -> float:
    return TAB_SPACES * char_width(" ") if ch == "\t" else char_width(ch)


@dataclass(frozen=True)
class Line:
    """One visual line: text[start:end] (never holds the "\n"); `hard` when a typed "\n" or the end of
    the text closes it, not a wrap."""

    start: int
    end: int
    hard: bool


def wrap(text: str, width: float, char_width: CharWidth) -> list[Line]:
    """The visual lines of `text` drawn `width` pixels wide (always at least one line)."""
    lines: list[Line] = []
    start = 0
    for segment in text.split("\n"):
        lines.extend(_wrap_segment(text, start, start + len(segment), width, char_width))
        start += len(segment) + 1
    return lines


def _wrap_segment(text: str, start: int, end: int, width: float, char_width: CharWidth) -> Iterator[Line]:
    """The visual lines of text[start:end] (no "\n" inside), one at a time (Layout.edited stops early)."""
    line_start, x, brk = start, 0.0, -1  # brk: where the line may end (after a run of spaces)
    i = start
    while i < end:
        ch = text[i]
        w = char_advance(ch, char_width)
        if ch in " \t":
            x += w  # spaces hang: they never push a word to the next line by themselves
            brk = i + 1
            i += 1
            continue
        if x + w > width and i > line_start:
            cut = brk if brk > line_start else i  # after the last space, else break the word
            yield Line(line_start, cut, False)
            line_start, brk = cut, -1
            x = sum(char_advance(c, char_width) for c in text[cut:i])
            continue  # re-measure this character on the new line
        x += w
        i += 1
    yield Line(line_start, end, True)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common beginning (slices compared in C, halving: fast on long texts)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common end, at most `limit` characters."""
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:len(a) - lo] == b[len(b) - mid:len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _wrap_from(text: str, start: int, width: float, char_width: CharWidth) -> Iterator[Line]:
    """The visual lines from `start` (a line start) to the end of the text, one paragraph at a time."""
    while True:
        end = text.find("\n", start)
        last = end < 0
        yield from _wrap_segment(text, start, len(text) if last else end, width, char_width)
        if last:
            return
        start = end + 1


def line_width(text: str, char_width: CharWidth) -> float:
    return sum(char_advance(c, char_width) for c in text)


class Layout:
    """Visual lines of one text at one width, and the maps between positions and (line, x)."""

    def __init__(self, text: str, width: float, char_width: CharWidth, lines: list[Line] | None = None) -> None:
        self.text, self.width, self.char_width = text, width, char_width
        self.lines = wrap(text, width, char_width) if lines is None else lines

    @classmethod
    def edited(cls, old: Layout, text: str) -> Layout:
        """The layout of `text`, an edit of old.text at the same width: only the lines around the change are
        wrapped again (from the line before the changed word, until a new line starts where an old one did
        after the change: from there on the old lines are kept, shifted). Same lines as Layout(text, ...)."""
        if text == old.text:
            return cls(text, old.width, old.char_width, old.lines)
        p = _common_prefix(old.text, text)
        s = _common_suffix(old.text, text, min(len(old.text), len(text)) - p)
        delta = len(text) - len(old.text)
        changed_end = len(text) - s  # in the new text; old text from changed_end - delta is the same
        # A line's break depends on the word after it: start one line before the line of the changed word.
        word = max(text.rfind(" ", 0, p), text.rfind("\t", 0, p), text.rfind("\n", 0, p)) + 1
        first = max(0, old.line_of(word) - 1)
        starts = {line.start: n for n, line in enumerate(old.lines)}
        lines = old.lines[:first]
        for line in _wrap_from(text, old.lines[first].start if old.lines else 0, old.width, old.char_width):
            n = starts.get(line.start - delta) if line.start >= changed_end else None
            if n is not None:
                lines.extend(old.lines[n:] if delta == 0 else
                             [Line(ln.start + delta, ln.end + delta, ln.hard) for ln in old.lines[n:]])
                break
            lines.append(line)
        return cls(text, old.width, old.char_width, lines)

    def line_of(self, pos: int, at_end: bool = False) -> int:
        """The visual line holding `pos`. A position where a wrap happens is the start of the next line,
        unless `at_end` (the caret was put at the end of the upper line, e.g. by End)."""
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:  # last line whose start <= pos
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        if at_end and lo > 0 and self.lines[lo].start == pos and not self.lines[lo - 1].hard:
            return lo - 1
        return lo

    def x_of(self, pos: int, at_end: bool = False) -> float:
        line = self.lines[self.line_of(pos, at_end)]
        return line_width(self.text[line.start:pos], self.char_width)

    def pos_at(self, line_no: int, x: float) -> tuple[int, bool]:
        """The position nearest to x on a visual line, and whether it is that line's wrapped end."""
        line_no = max(0, min(len(self.lines) - 1, line_no))
        line = self.lines[line_no]
        acc = 0.0
        for i in range(line.start, line.end):
            w = char_advance(self.text[i], self.char_width)
            if x < acc + w / 2:
                return i, False
            acc += w
        if line.hard:
            return line.end, False
        # A wrapped line: its end is the start of the next line; keep the caret on this one.
        return line.end, True


@dataclass
class Snapshot:
    text: str
    cursor: int
    anchor: int


class TextModel:
    """Value, caret (`cursor`), selection (from `anchor` to `cursor`) and undo history."""

    def __init__(self, text: str = "", multiline: bool = True, max_length: int | None = None) -> None:
        self.multiline, self.max_length = multiline, max_length
        self.text = ""
        self.cursor = self.anchor = 0
        self.at_end = False  # the caret sits at the end of a wrapped line (see Layout.line_of)
        self.goal_x: float | None = None  # kept by Up/Down across short lines
        self.readonly = False
        self._undo: list[Snapshot] = []
        self._redo: list[Snapshot] = []
        self._typing = False  # consecutive typed characters are undone together
        self.set_text(text)

    # ---- value -----------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Replace everything (not an edit: the undo history starts again); caret at the end."""
        text = normalize(text, self.multiline)
        if self.max_length is not None:
            text = text[: self.max_length]
        self.text = text
        self.cursor = self.anchor = len(text)
        self._reset_motion()
        self._undo.clear()
        self._redo.clear()
        self._typing = False

    def selection(self) -> tuple[int, int]:
        return min(self.cursor, self.anchor), max(self.cursor, self.anchor)

    def has_selection(self) -> bool:
        return self.cursor != self.anchor

    def selected_text(self) -> str:
        a, b = self.selection()
        return self.text[a:b]

    # ---- edits -------------------------------------------------------------------------
    def _snapshot(self, typing: bool = False) -> None:
        if typing and self._typing:
            return
        self._undo.append(Snapshot(self.text, self.cursor, self.anchor))
        del self._undo[:-200]
        self._redo.clear()
        self._typing = typing

    def _replace(self, a: int, b: int, new: str) -> None:
        self.text = self.text[:a] + new + self.text[b:]
        self.cursor = self.anchor = a + len(new)
        self._reset_motion()

    def insert(self, text: str) -> bool:
        """Typed or pasted text at the caret, replacing the selection. False when nothing changed."""
        if self.readonly:
            return False
        text = normalize(text, self.multiline)
        a, b = self.selection()
        if self.max_length is not None:
            text = text[: max(0, self.max_length - (len(self.text) - (b - a)))]
        if not text and a == b:
            return False
        single = len(text) == 1 and a == b
        self._snapshot(typing=single)
        self._replace(a, b, text)
        if single and text in " \t\n":
            self._typing = False  # a word ends: the next word is its own undo step
        return True

    def delete(self, forward: bool, word: bool = False) -> bool:
        """Backspace / Delete (Ctrl: to the word's edge); with a selection, deletes the selection."""
        if self.readonly:
            return False
        a, b = self.selection()
        if a == b:
            if forward:
                b = self._word_right(a) if word else min(len(self.text), a + 1)
            else:
                a = self._word_left(b) if word else max(0, b - 1)
        if a == b:
            return False
        self._snapshot()
        self._replace(a, b, "")
        return True

    def undo(self) -> bool:
        return self._swap(self._undo, self._redo)

    def redo(self) -> bool:
        return self._swap(self._redo, self._undo)

    def _swap(self, source: list[Snapshot], target: list[Snapshot]) -> bool:
        if self.readonly or not source:
            return False
        target.append(Snapshot(self.text, self.cursor, self.anchor))
        snap = source.pop()
        self.text, self.cursor, self.anchor = snap.text, snap.cursor, snap.anchor
        self._typing = False
        self._reset_motion()
        return True

    # ---- moves -------------------------------------------------------------------------
    def _reset_motion(self) -> None:
        self.at_end = False
        self.goal_x = None

    def _move(self, pos: int, select: bool, at_end: bool = False, keep_goal: bool = False) -> None:
        goal = self.goal_x
        self.cursor = max(0, min(len(self.text), pos))
        if not select:
            self.anchor = self.cursor
        self._reset_motion()
        self.at_end = at_end
        if keep_goal:
            self.goal_x = goal
        self._typing = False

    def left(self, select: bool = False, word: bool = False) -> None:
        if self.has_selection() and not select:
            self._move(self.selection()[0], False)
        else:
            self._move(self._word_left(self.cursor) if word else self.cursor - 1, select)

    def right(self, select: bool = False, word: bool = False) -> None:
        if self.has_selection() and not select:
            self._move(self.selection()[1], False)
        else:
            self._move(self._word_right(self.cursor) if word else self.cursor + 1, select)

    def vertical(self, layout: Layout, lines: int, select: bool = False) -> None:
        """Up/Down (±1) or PgUp/PgDn (±page) by visual line, keeping the horizontal position."""
        current = layout.line_of(self.cursor, self.at_end)
        goal = self.goal_x if self.goal_x is not None else layout.x_of(self.cursor, self.at_end)
        target = current + lines
        if target < 0:
            self._move(0, select)
        elif target >= len(layout.lines):
            self._move(len(self.text), select)
        else:
            pos, at_end = layout.pos_at(target, goal)
            self._move(pos, select, at_end)
            self.goal_x = goal
            return
        self.goal_x = goal

    def home(self, layout: Layout, select: bool = False, document: bool = False) -> None:
        if document:
            self._move(0, select)
        else:
            self._move(layout.lines[layout.line_of(self.cursor, self.at_end)].start, select)

    def end(self, layout: Layout, select: bool = False, document: bool = False) -> None:
        if document:
            self._move(len(self.text), select)
            return
        line = layout.lines[layout.line_of(self.cursor, self.at_end)]
        self._move(line.end, select, at_end=not line.hard)

    def select_all(self) -> None:
        self.anchor, self.cursor = 0, len(self.text)
        self._reset_motion()
        self._typing = False

    def place(self, layout: Layout, line_no: int, x: float, select: bool = False) -> None:
        """A mouse click (or drag, with select) on a visual line at x."""
        pos, at_end = layout.pos_at(line_no, x)
        self._move(pos, select, at_end)

    def select_word(self, pos: int) -> None:
        """Double click: the word (or the run of spaces / the single sign) under the pointer."""
        text = self.text
        if not text:
            return
        pos = max(0, min(len(text) - 1, pos))
        kind = _kind(text[pos])
        a = b = pos
        while a > 0 and _kind(text[a - 1]) == kind and text[a - 1] != "\n":
            a -= 1
        while b < len(text) and _kind(text[b]) == kind and text[b] != "\n":
            b += 1
        if kind == "sign":
            a, b = pos, pos + 1
        self.anchor, self.cursor = a, b
        self._reset_motion()
        self._typing = False

    # ---- words ---------------------------------------------------------------------------
    def _word_left(self, pos: int) -> int:
        """Start of the word before pos (Ctrl+Left, Ctrl+Backspace)."""
        text = self.text
        while pos > 0 and not _is_word(text[pos - 1]):
            pos -= 1
        while pos > 0 and _is_word(text[pos - 1]):
            pos -= 1
        return pos

    def _word_right(self, pos: int) -> int:
        """Start of the next word (Ctrl+Right, Ctrl+Delete), as in Windows."""
        text, n = self.text, len(self.text)
        while pos < n and _is_word(text[pos]):
            pos += 1
        while pos < n and not _is_word(text[pos]):
            pos += 1
        return pos


def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch))


def _kind(ch: str) -> str:
    return "word" if _is_word(ch) else "space" if ch in " \t" else "sign"


def typed_text(before: str, after: str) -> str:
    """What was inserted into a text box between two readings of its value: the new middle once the
    common beginning and end are set aside (whatever the box's own caret did; removals are ignored)."""
    if before == after:
        return ""
    n = min(len(before), len(after))
    p = 0
    while p < n and before[p] == after[p]:
        p += 1
    s = 0
    while s < n - p and before[-1 - s] == after[-1 - s]:
        s += 1
    return after[p: len(after) - s]
