"""The word-wrapping text box's rules without a GUI (desktop/widgets/text_model.py): wrapping at a
pixel width, what the value holds, caret and selection moves by visual line, undo."""

from __future__ import annotations

from desktop.widgets.text_model import Layout, TextModel, typed_text, wrap


def cw(ch: str) -> float:
    """10 px per character (a monospace stand-in for the font's widths)."""
    return 10.0


def lines(text: str, width: float = 100) -> list[str]:
    return [text[ln.start:ln.end] for ln in wrap(text, width, cw)]


def test_words_wrap_at_spaces_and_spaces_hang() -> None:
    assert lines("uno dos tres cuatro cinco") == ["uno dos ", "tres ", "cuatro ", "cinco"]
    # "tres cuatro" is 11 characters: "cuatro" goes down, the space stays on the upper line.
    assert lines("abcdefghi          x") == ["abcdefghi          ", "x"]  # trailing spaces never wrap


def test_a_word_longer_than_the_line_breaks_by_character() -> None:
    assert lines("a " + "x" * 25) == ["a ", "x" * 10, "x" * 10, "x" * 5]
    assert lines("x" * 10) == ["x" * 10]


def test_typed_line_breaks_are_kept_and_wraps_never_reach_the_value() -> None:
    text = "Hola:\n\nla impresora del laboratorio ya imprime.\n"
    got = lines(text)
    assert got == ["Hola:", "", "la ", "impresora ", "del ", "laboratori", "o ya ", "imprime.", ""]
    assert [ln.hard for ln in wrap(text, 100, cw)].count(True) == text.count("\n") + 1
    m = TextModel()
    m.insert(text)
    assert m.text == text  # the value: exactly what was typed, no wrap break in it


def test_no_line_is_wider_than_the_box() -> None:
    text = "Se revisó el equipo en sitio y se cambió el cable de red. " * 20
    for width in (60, 100, 333):
        for ln in wrap(text, width, cw):
            assert len(text[ln.start:ln.end].rstrip(" ")) * 10 <= width or ln.end - ln.start == 1


def test_crlf_pasted_becomes_newline_and_tabs_are_kept() -> None:
    m = TextModel()
    m.insert("uno\r\ndos\rtres\tcuatro")
    assert m.text == "uno\ndos\ntres\tcuatro"
    # A tab is as wide as four spaces and a place where the line may wrap.
    assert lines("ab\tcd", 100) == ["ab\tcd"]
    assert lines("abc\tdefgh", 80) == ["abc\t", "defgh"]
    one_line = TextModel(multiline=False)
    one_line.insert("a\nb")
    assert one_line.text == "a b"


def test_trailing_spaces_stay() -> None:
    m = TextModel()
    m.insert("fin   ")
    assert m.text == "fin   "


def test_typing_replaces_the_selection_and_max_length() -> None:
    m = TextModel("hola mundo")
    m.select_all()
    m.insert("x")
    assert m.text == "x" and m.cursor == 1
    short = TextModel(max_length=5)
    short.insert("abcdefgh")
    assert short.text == "abcde"
    short.left()
    short.insert("z")
    assert short.text == "abcde"


def test_backspace_delete_and_word_deletion() -> None:
    m = TextModel("uno dos tres")
    m.delete(forward=False)
    assert m.text == "uno dos tre"
    m.delete(forward=False, word=True)
    assert m.text == "uno dos "
    m.home(Layout(m.text, 1000, cw))
    m.delete(forward=True, word=True)
    assert m.text == "dos "
    m.delete(forward=True)
    assert m.text == "os "


def test_left_right_word_moves_and_shift_selection() -> None:
    m = TextModel("uno dos tres")
    m.left(word=True)
    assert m.cursor == 8
    m.left(select=True, word=True)
    assert m.selected_text() == "dos "
    m.left()  # collapses to the selection's start
    assert m.cursor == 4 and not m.has_selection()
    m.right(word=True)
    assert m.cursor == 8
    m.right(select=True)
    m.right(select=True)
    assert m.selected_text() == "tr"


def test_up_down_home_end_follow_visual_lines() -> None:
    text = "uno dos tres cuatro cinco"  # "uno dos " / "tres " / "cuatro " / "cinco"
    m = TextModel(text)
    layout = Layout(m.text, 100, cw)
    m.home(layout, document=True)
    m.right()
    m.right()  # after "un"
    m.vertical(layout, 1)
    assert m.cursor == 10  # "tr|es"
    m.vertical(layout, 1)
    assert m.cursor == 15  # "cu|atro"
    m.end(layout)
    assert m.cursor == 20 and layout.line_of(m.cursor, m.at_end) == 2  # stays on "cuatro "
    m.home(layout)
    assert m.cursor == 13
    m.vertical(layout, -1, select=True)
    assert m.selected_text() == "tres "
    m.vertical(layout, 9)
    assert m.cursor == len(text)
    m.vertical(layout, -9)
    assert m.cursor == 0


def test_click_places_the_caret_and_double_click_selects_a_word() -> None:
    m = TextModel("uno dos tres cuatro")
    layout = Layout(m.text, 100, cw)
    m.place(layout, 1, 16)  # second line "tres ", between "tr" and "es"
    assert m.cursor == 10
    m.place(layout, 0, 999, select=True)  # drag to the end of the first line
    assert m.selected_text() == "tr" and m.at_end
    m.select_word(5)
    assert m.selected_text() == "dos"


def test_undo_redo() -> None:
    m = TextModel()
    for ch in "hola mundo":
        m.insert(ch)
    m.delete(forward=False)
    assert m.text == "hola mund"
    m.undo()
    assert m.text == "hola mundo"
    m.undo()
    assert m.text == "hola "
    m.undo()
    assert m.text == ""
    m.redo()
    m.redo()
    assert m.text == "hola mundo"


def test_readonly_refuses_edits_but_moves() -> None:
    m = TextModel("fijo")
    m.readonly = True
    assert not m.insert("x") and not m.delete(False)
    m.left()
    assert m.cursor == 3 and m.text == "fijo"


def test_typed_text_is_the_new_middle() -> None:
    assert typed_text("", "abc") == "abc"
    assert typed_text("abc", "abxc") == "x"
    assert typed_text("hello", "helllo") == "l"
    assert typed_text("abc", "ab") == ""  # removals are not typing
    assert typed_text("ab", "abc\n") == "c\n"


def test_incremental_rewrap_gives_the_same_lines_as_a_full_wrap() -> None:
    """Layout.edited (only the lines around a change are wrapped again) against a full wrap, for many
    random edits of a text with paragraphs, long words and spaces: always the same lines."""
    import random

    from desktop.widgets.text_model import Layout

    def width_of(ch: str) -> float:
        return 7.0 if ch in "mwMW" else 3.0 if ch in "il .," else 5.0

    rng = random.Random(16)
    pieces = ["hola ", "mundo ", "impresora ", "x", "\n", "  ", "supercalifragilisticoespialidoso", "a\tb ", "é "]
    text = "".join(rng.choice(pieces) for _ in range(120))
    layout = Layout(text, 120.0, width_of)
    for _ in range(600):
        at = rng.randint(0, len(text))
        if rng.random() < 0.55 or not text:
            text = text[:at] + rng.choice([*pieces, "q", "w", " "]) + text[at:]
        else:
            text = text[:at] + text[at + rng.randint(1, 12):]
        layout = Layout.edited(layout, text)
        assert layout.lines == Layout(text, 120.0, width_of).lines, (at, text)
