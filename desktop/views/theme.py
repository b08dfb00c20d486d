"""The look: institutional palette (navy #1b396a, as the web form), fonts, badges, light/dark.

Light is the default; `apply(dark=True)` switches. Views bind the named component themes
(`card_theme(kind)`, `composer_theme(public)`, `named("banner")`...) after `setup()` created them.
Each mode has its own set of themes (created once, never deleted: Dear PyGui keeps the alias of
a deleted item for a while), so switching binds the other set.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import dearpygui.dearpygui as dpg

# Web form palette (webform/static/style.css).
NAVY = (27, 57, 106)
NAVY_DARK = (18, 40, 73)
NAVY_LIGHT = (232, 238, 247)
GREY = (74, 74, 74)
BORDER = (138, 148, 166)
BACKGROUND = (244, 246, 249)
ERROR = (176, 0, 32)
OK = (29, 107, 54)
AMBER = (154, 92, 0)

FONT_SIZE = 17
TITLE_SIZE = 22


@dataclass(frozen=True)
class Palette:
    bg: tuple[int, int, int]
    panel: tuple[int, int, int]
    text: tuple[int, int, int]
    muted: tuple[int, int, int]
    accent: tuple[int, int, int]
    accent_hover: tuple[int, int, int]
    frame: tuple[int, int, int]
    border: tuple[int, int, int]
    row_alt: tuple[int, int, int]
    header: tuple[int, int, int]
    selected: tuple[int, int, int, int]
    selected_row: tuple[int, int, int, int]
    new_row: tuple[int, int, int, int]
    ok: tuple[int, int, int]
    error: tuple[int, int, int]
    warn: tuple[int, int, int]
    # conversation cards
    note_bg: tuple[int, int, int]
    public_bg: tuple[int, int, int]
    requester_bg: tuple[int, int, int]
    banner_bg: tuple[int, int, int]
    banner_text: tuple[int, int, int]


LIGHT = Palette(
    bg=BACKGROUND, panel=(255, 255, 255), text=(26, 26, 26), muted=(95, 102, 115), accent=NAVY,
    accent_hover=(44, 82, 145), frame=(255, 255, 255), border=(196, 203, 214), row_alt=(247, 249, 252),
    header=NAVY_LIGHT, selected=(27, 57, 106, 70),
    selected_row=(174, 198, 237, 255), new_row=(238, 244, 255, 255), ok=OK, error=ERROR, warn=AMBER,
    note_bg=(255, 248, 222), public_bg=(226, 236, 252), requester_bg=(226, 245, 231),
    banner_bg=(253, 236, 238), banner_text=ERROR,
)
DARK = Palette(
    bg=(22, 26, 33), panel=(30, 35, 44), text=(228, 231, 236), muted=(160, 168, 180), accent=(70, 110, 180),
    accent_hover=(90, 132, 205), frame=(40, 46, 58), border=(62, 70, 84), row_alt=(34, 39, 49),
    header=(38, 50, 74), selected=(70, 110, 180, 110), selected_row=(52, 78, 128, 255),
    new_row=(34, 56, 92, 255), ok=(110, 200, 130),
    error=(240, 110, 110), warn=(235, 180, 80), note_bg=(58, 52, 30), public_bg=(30, 48, 80),
    requester_bg=(30, 60, 40), banner_bg=(90, 28, 34), banner_text=(255, 210, 210),
)

# Badge colours (text on the panel): status by code, priority by code.
STATUS_COLORS = {
    "nuevo": (27, 100, 200), "asignado": (90, 70, 170), "en_proceso": (0, 120, 140),
    "en_espera": (160, 100, 0), "resuelto": (29, 120, 54), "cerrado": (100, 100, 100),
    "cancelado": (120, 120, 120),
}
PRIORITY_COLORS = {"urgente": (190, 20, 40), "alta": (205, 90, 0), "media": (30, 90, 170), "baja": (100, 110, 120)}
DOT = "●"

_state: dict[str, object] = {"dark": False}
FONT_TAG = "font_body"
TITLE_FONT = "font_title"
GLOBAL_THEME = "global"
BANNER_THEME = "banner"
BANNER_QUIET_THEME = "banner_quiet"  # the banner's place while connected: no frame, muted text
NOTICE_THEME = "notice"
PRIMARY_BUTTON = "primary_button"
DANGER_BUTTON = "danger_button"
FOCUSED_BUTTON = "focused_button"  # a button that has the keyboard (Tab reached it): Space/Enter press it


def palette() -> Palette:
    return DARK if _state["dark"] else LIGHT


def is_dark() -> bool:
    return bool(_state["dark"])


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian: fonts-dejavu-core (tools/install.sh)


def font_path() -> Path | None:
    """DejaVu Sans (Spanish plus the common symbols: ● ▲ ✓ ⚠ …) where the install step put it,
    else Noto Sans from the fontpkg-noto-sans wheel (requirements.txt; Spanish, fewer symbols)."""
    candidates: list[Path] = [DEJAVU]
    try:
        import fontpkg_noto_sans

        candidates += sorted((Path(fontpkg_noto_sans.ROOT) / "files").glob("NotoSans[[]*.ttf"))
    except ImportError:  # pragma: no cover - only when installed without requirements.txt
        pass
    return next((p for p in candidates if p.exists()), None)


def setup_fonts() -> None:
    path = font_path()
    if path is None:
        return
    _state["symbols"] = path.name.startswith("DejaVu")
    with dpg.font_registry():
        dpg.add_font(str(path), FONT_SIZE, tag=FONT_TAG)  # Dear PyGui 2 loads the glyphs the text needs
        dpg.add_font(str(path), TITLE_SIZE, tag=TITLE_FONT)
    dpg.bind_font(FONT_TAG)


def symbol(rich: str, plain: str) -> str:
    """A symbol when the loaded font has it, else its plain-text stand-in."""
    return rich if _state.get("symbols") else plain


def displayable(text: str) -> str:
    """Characters beyond the font's plane (emoji) would show as "��": one replacement mark instead."""
    if all(ord(c) <= 0xFFFF for c in text):
        return text
    mark = symbol("□", "?")
    return "".join(c if ord(c) <= 0xFFFF else mark for c in text).replace("\ufe0f", "")


def title_font(item: int | str) -> None:
    if dpg.does_item_exist(TITLE_FONT):
        dpg.bind_item_font(item, TITLE_FONT)


def _color(target: int, value: tuple[int, ...]) -> None:
    dpg.add_theme_color(target, value, category=dpg.mvThemeCat_Core)


def _style(target: int, *value: float) -> None:
    dpg.add_theme_style(target, *value, category=dpg.mvThemeCat_Core)


def named(name: str) -> str:
    """The tag of the theme `name` of the current mode ('' when not created: headless tests)."""
    tag = f"theme_{name}_{'dark' if is_dark() else 'light'}"
    return tag if dpg.does_item_exist(tag) else ""


_bound: dict[int | str, str] = {}  # item -> theme name, re-bound when the mode changes


def bind(item: int | str, name: str) -> None:
    _bound[item] = name
    if named(name) and dpg.does_item_exist(item):
        dpg.bind_item_theme(item, named(name))


def _rebind() -> None:
    for item, name in list(_bound.items()):
        if dpg.does_item_exist(item):
            dpg.bind_item_theme(item, named(name))
        else:
            del _bound[item]


def framed_line_height() -> int:
    """A framed line's height (text plus FramePadding.y above and below): a table row's selectable this
    high, with the «queue_rows» theme on its table, sits level with the row's other cells."""
    size = dpg.get_text_size("Ág")
    return int(size[1] if size else FONT_SIZE) + 2 * 5


def label(text: str, role: str = "muted", **kw: object) -> int | str:
    """A text in the palette's muted or accent colour that follows the light/dark switch."""
    item = dpg.add_text(text, **kw)  # type: ignore[arg-type]
    bind(item, f"text_{role}")
    return item


def setup(dark: bool = False) -> None:
    """Use the chosen mode: create its themes the first time, bind its global theme."""
    _state["dark"] = dark
    mode = "dark" if dark else "light"
    if not dpg.does_item_exist(f"theme_{GLOBAL_THEME}_{mode}"):
        _create(mode)
    dpg.bind_theme(f"theme_{GLOBAL_THEME}_{mode}")
    _rebind()
    with contextlib.suppress(Exception):  # no viewport yet: create() calls apply_clear_color later
        apply_clear_color()


def apply_clear_color() -> None:
    """After the viewport exists: its background in the page colour."""
    dpg.set_viewport_clear_color([*palette().bg, 255])


def _disabled_look(theme_tag: str, p: Palette) -> None:
    """Disabled controls look disabled (greyed text, flat background): a closed ticket's actions."""
    for kind in (dpg.mvButton, dpg.mvCombo, dpg.mvInputText, dpg.mvCheckbox, dpg.mvRadioButton):
        with dpg.theme_component(kind, enabled_state=False, parent=theme_tag):
            _color(dpg.mvThemeCol_Text, p.muted)
            _color(dpg.mvThemeCol_Button, p.bg)
            _color(dpg.mvThemeCol_ButtonHovered, p.bg)
            _color(dpg.mvThemeCol_ButtonActive, p.bg)
            _color(dpg.mvThemeCol_FrameBg, p.bg)
            _color(dpg.mvThemeCol_FrameBgHovered, p.bg)
            _color(dpg.mvThemeCol_Border, p.border)
            # Outlined and unfilled: a disabled button never reads as a pressable one, in either mode.
            _style(dpg.mvStyleVar_FrameBorderSize, 1)


def _global_look(p: Palette) -> None:
    """The global theme's colours and spacing (inside its mvAll component)."""
    _color(dpg.mvThemeCol_WindowBg, p.bg)
    _color(dpg.mvThemeCol_ChildBg, p.panel)
    _color(dpg.mvThemeCol_PopupBg, p.panel)
    _color(dpg.mvThemeCol_Text, p.text)
    _color(dpg.mvThemeCol_TextDisabled, p.muted)
    _color(dpg.mvThemeCol_Border, p.border)
    _color(dpg.mvThemeCol_FrameBg, p.frame)
    _color(dpg.mvThemeCol_FrameBgHovered, p.header)
    _color(dpg.mvThemeCol_FrameBgActive, p.header)
    _color(dpg.mvThemeCol_TitleBg, p.header)
    _color(dpg.mvThemeCol_TitleBgActive, p.header)
    _color(dpg.mvThemeCol_TitleBgCollapsed, p.header)
    _color(dpg.mvThemeCol_Button, p.header)
    _color(dpg.mvThemeCol_ButtonHovered, (*p.accent_hover, 90))
    _color(dpg.mvThemeCol_ButtonActive, (*p.accent, 140))
    _color(dpg.mvThemeCol_Header, p.selected)
    _color(dpg.mvThemeCol_HeaderHovered, (*p.accent_hover, 26))  # lighter than a marked row: never mistaken for it
    _color(dpg.mvThemeCol_HeaderActive, p.selected)
    _color(dpg.mvThemeCol_Tab, p.bg)
    _color(dpg.mvThemeCol_TabHovered, p.header)
    _color(dpg.mvThemeCol_TabActive, p.header)
    _color(dpg.mvThemeCol_TabSelectedOverline, p.accent)
    _color(dpg.mvThemeCol_TableHeaderBg, p.header)
    _color(dpg.mvThemeCol_TableRowBg, p.panel)
    _color(dpg.mvThemeCol_TableRowBgAlt, p.row_alt)
    _color(dpg.mvThemeCol_TableBorderLight, p.border)
    _color(dpg.mvThemeCol_TableBorderStrong, p.border)
    _color(dpg.mvThemeCol_CheckMark, p.accent)
    _color(dpg.mvThemeCol_SliderGrab, p.accent)
    _color(dpg.mvThemeCol_ScrollbarBg, p.bg)
    _color(dpg.mvThemeCol_Separator, p.border)
    _color(dpg.mvThemeCol_ModalWindowDimBg, (0, 0, 0, 90))
    _style(dpg.mvStyleVar_WindowPadding, 12, 10)
    _style(dpg.mvStyleVar_FramePadding, 8, 5)
    _style(dpg.mvStyleVar_ItemSpacing, 8, 7)
    _style(dpg.mvStyleVar_CellPadding, 6, 5)
    _style(dpg.mvStyleVar_FrameRounding, 4)
    _style(dpg.mvStyleVar_ChildRounding, 6)
    _style(dpg.mvStyleVar_WindowRounding, 6)
    _style(dpg.mvStyleVar_TabRounding, 4)
    _style(dpg.mvStyleVar_ScrollbarSize, 14)
    _style(dpg.mvStyleVar_ChildBorderSize, 1)
    _style(dpg.mvStyleVar_FrameBorderSize, 1)
    _style(dpg.mvStyleVar_WindowBorderSize, 1)


def _create(mode: str) -> None:
    _create_global(mode)
    _create_accents(mode)
    _create_text_boxes(mode)


def _tag(name: str, mode: str) -> str:
    return f"theme_{name}_{mode}"


def _create_global(mode: str) -> None:
    """The whole app's colours and spacing."""
    p = palette()

    def tag(name: str) -> str:
        return _tag(name, mode)

    with dpg.theme(tag=tag(GLOBAL_THEME)), dpg.theme_component(dpg.mvAll):
        _global_look(p)
    _disabled_look(tag(GLOBAL_THEME), p)



def _create_accents(mode: str) -> None:
    """Muted/accent text, banner, notice, primary and danger buttons, timeline cards, composer."""
    p = palette()

    def tag(name: str) -> str:
        return _tag(name, mode)

    for role, color in (("muted", p.muted), ("accent", p.accent if mode == "light" else (140, 180, 240))):
        with dpg.theme(tag=tag(f"text_{role}")), dpg.theme_component(dpg.mvAll):
            _color(dpg.mvThemeCol_Text, color)
    # Table rows (the queue, the admin lists): the row's selectable as high as a framed line, its label
    # centred, so it sits on the same line as the other cells (ImGui lowers the row's texts by FramePadding.y).
    with dpg.theme(tag=tag("queue_rows")), dpg.theme_component(dpg.mvSelectable):
        _style(dpg.mvStyleVar_SelectableTextAlign, 0, 0.5)
    with dpg.theme(tag=tag(BANNER_THEME)), dpg.theme_component(dpg.mvAll):
        _color(dpg.mvThemeCol_ChildBg, p.banner_bg)
        _color(dpg.mvThemeCol_Border, p.error)
        _color(dpg.mvThemeCol_Text, p.banner_text)
        _style(dpg.mvStyleVar_WindowPadding, 8, 6)  # one line, centred in its fixed height
    with dpg.theme(tag=tag(BANNER_QUIET_THEME)), dpg.theme_component(dpg.mvAll):
        _color(dpg.mvThemeCol_ChildBg, p.bg)
        _color(dpg.mvThemeCol_Border, (0, 0, 0, 0))
        _color(dpg.mvThemeCol_Text, p.muted)
        _style(dpg.mvStyleVar_WindowPadding, 8, 6)
    with dpg.theme(tag=tag(NOTICE_THEME)), dpg.theme_component(dpg.mvAll):
        _color(dpg.mvThemeCol_Button, p.new_row)
        _color(dpg.mvThemeCol_Text, p.accent if mode == "light" else p.text)
    _disabled_look(tag(NOTICE_THEME), p)  # its mvAll colours would make a disabled button look pressable
    for name, color, hover in ((PRIMARY_BUTTON, p.accent, p.accent_hover), (DANGER_BUTTON, p.warn, p.warn)):
        with dpg.theme(tag=tag(name)), dpg.theme_component(dpg.mvButton):
            _color(dpg.mvThemeCol_Button, color)
            _color(dpg.mvThemeCol_ButtonHovered, hover)
            _color(dpg.mvThemeCol_ButtonActive, hover)
            _color(dpg.mvThemeCol_Text, (255, 255, 255))
        _disabled_look(tag(name), p)  # an item's own theme replaces the global one: disabled too
    with dpg.theme(tag=tag(FOCUSED_BUTTON)), dpg.theme_component(dpg.mvButton):
        _color(dpg.mvThemeCol_Button, p.accent_hover)
        _color(dpg.mvThemeCol_Text, (255, 255, 255))
        _color(dpg.mvThemeCol_Border, p.text)
        _style(dpg.mvStyleVar_FrameBorderSize, 2)
    _disabled_look(tag(FOCUSED_BUTTON), p)
    for kind, bg in (("nota", p.note_bg), ("respuesta", p.public_bg), ("solicitante", p.requester_bg),
                     ("creado", p.panel)):
        with dpg.theme(tag=tag(f"card_{kind}")), dpg.theme_component(dpg.mvAll):
            _color(dpg.mvThemeCol_ChildBg, bg)
    for public in (False, True):
        with dpg.theme(tag=tag(f"composer_{int(public)}")), dpg.theme_component(dpg.mvAll):
            _color(dpg.mvThemeCol_FrameBg, p.public_bg if public else p.note_bg)
            _color(dpg.mvThemeCol_ChildBg, p.public_bg if public else p.note_bg)
            _color(dpg.mvThemeCol_Border, p.accent if public else p.warn)
            _style(dpg.mvStyleVar_ChildBorderSize, 2)


def _create_text_boxes(mode: str) -> None:
    p = palette()

    def tag(name: str) -> str:
        return _tag(name, mode)

    # The word-wrapping text box (desktop/widgets/wrapped_text.py): a frame like the app's inputs.
    # Focused: the border in the accent colour (ImGui's own inputs show focus by their background).
    for variant, bg, border in (("plain", p.frame, p.border), ("composer_0", p.note_bg, p.warn),
                                ("composer_1", p.public_bg, p.accent)):
        for focus, edge in (("", border), ("_focus", p.accent if variant != "composer_1" else p.text)):
            with dpg.theme(tag=tag(f"textbox_{variant}{focus}")), dpg.theme_component(dpg.mvAll):
                _color(dpg.mvThemeCol_ChildBg, bg)
                _color(dpg.mvThemeCol_Border, edge)
                _style(dpg.mvStyleVar_WindowPadding, 0, 0)
                _style(dpg.mvStyleVar_ChildRounding, 4)
                _style(dpg.mvStyleVar_ChildBorderSize, 1)
                _style(dpg.mvStyleVar_ScrollbarSize, 14)
    with dpg.theme(tag=tag("textbox_sink")), dpg.theme_component(dpg.mvAll):  # the box's hidden key sinks
        for col in (dpg.mvThemeCol_Text, dpg.mvThemeCol_FrameBg, dpg.mvThemeCol_FrameBgHovered,
                    dpg.mvThemeCol_FrameBgActive, dpg.mvThemeCol_Border, dpg.mvThemeCol_TextSelectedBg,
                    dpg.mvThemeCol_ChildBg, dpg.mvThemeCol_ScrollbarBg, dpg.mvThemeCol_ScrollbarGrab,
                    dpg.mvThemeCol_ScrollbarGrabHovered, dpg.mvThemeCol_ScrollbarGrabActive,
                    dpg.mvThemeCol_InputTextCursor, dpg.mvThemeCol_NavCursor, dpg.mvThemeCol_TextDisabled):
            _color(col, (0, 0, 0, 0))
        _style(dpg.mvStyleVar_FrameBorderSize, 0)
    with dpg.theme(tag=tag("textbox_area")), dpg.theme_component(dpg.mvAll):  # the box's scrolling text area
        _color(dpg.mvThemeCol_ChildBg, (0, 0, 0, 0))
        _color(dpg.mvThemeCol_ScrollbarBg, (0, 0, 0, 0))
        _style(dpg.mvStyleVar_ChildBorderSize, 0)
        _style(dpg.mvStyleVar_WindowPadding, 0, 0)


def card_theme(kind: str) -> str:
    kind = "solicitante" if kind == "reabierto" else kind
    return named(f"card_{kind}") if kind in ("nota", "respuesta", "solicitante", "creado") else ""


def composer_theme(public: bool) -> str:
    return named(f"composer_{int(public)}")


def status_color(code: str | None) -> tuple[int, int, int]:
    color = STATUS_COLORS.get(code or "", palette().muted)
    return _lift(color)


def priority_color(code: str | None) -> tuple[int, int, int]:
    return _lift(PRIORITY_COLORS.get(code or "", palette().muted))


def _lift(color: tuple[int, int, int]) -> tuple[int, int, int]:
    """Badge colours are chosen for white panels; on dark panels they are lightened."""
    if not is_dark():
        return color
    return tuple(min(255, c + 90) for c in color)  # type: ignore[return-value]
