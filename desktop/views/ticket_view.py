"""The open ticket (right pane): conversation timeline, composer, side panel with the actions,
requester, place, equipment, photos and equipment history. Widgets and events only;
desktop/services/ticket_service.py does the work, desktop/services/drafts.py keeps drafts.

A public reply looks different while typed (blue panel, label "La persona solicitante leerá
este texto") and is sent only after a confirmation that shows the exact text. Status changes
are confirmed too, and the status list preselects nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import dearpygui.dearpygui as dpg

from desktop.services.catalog_service import Catalogs
from desktop.services.drafts import Draft
from desktop.services.formatting import local_time
from desktop.services.open_file import open_in_viewer
from desktop.services.ticket_service import AccessCode, ActionLocks, TicketDetail, action_locks, save_slip
from desktop.views import theme
from desktop.widgets.wrapped_text import WrappedTextBox

PANE = "ticket_pane"
WINDOW = PANE  # older name, kept for drivers
HEADER = "ticket_header"
FOLIO = "ticket_folio"
BADGES = "ticket_badges"
PLACEHOLDER = "ticket_placeholder"
BODY = "ticket_body"
MAIN = "ticket_main"
TIMELINE = "ticket_timeline"
SIDE = "ticket_side"
DETAILS = "ticket_details"
PHOTOS = "ticket_photos"
HISTORY = TIMELINE
EQUIPMENT = "ticket_equipment_history"
ASSIGNEE = "ticket_assignee"
ASSIGNEE_WHOLE = "ticket_assignee_whole"
STATUS = "ticket_status"
STATUS_NOTE = "ticket_status_note"
PRIORITY = "ticket_priority"
COMPOSER = "ticket_composer"
COMMENT = "ticket_comment"
COMMENT_KIND = "ticket_comment_kind"
PUBLIC_LABEL = "ticket_public_label"
SEND = "ticket_add_comment"
MESSAGE = "ticket_message"
TEXTURES = "ticket_textures"
CONFIRM = "ticket_confirm"
CONFIRM_TITLE = "ticket_confirm_title"
CONFIRM_TEXT = "ticket_confirm_text"
CONFIRM_OK = "ticket_confirm_ok"
PHOTO_WINDOW = "ticket_photo_window"
REISSUE = "ticket_reissue_code"
CODE_WINDOW = "ticket_code_window"
CODE_VALUE = "ticket_code_value"
LOCK_NOTE = "ticket_lock_note"
ACTIONS_TABLE = "ticket_actions_table"  # «Asignarme» / «Quitar», right under LOCK_NOTE
# What each lock of ActionLocks disables (buttons and the choices that only serve them).
LOCKED_ITEMS = {"assign": ("ticket_assign_me", "ticket_assign", "ticket_unassign", ASSIGNEE),
                "priority": ("ticket_change_priority", PRIORITY),
                "status": ("ticket_change_status", STATUS, STATUS_NOTE)}
ACTION_BUTTONS = ("ticket_assign_me", "ticket_assign", "ticket_unassign", "ticket_change_status",
                  "ticket_change_priority", SEND, REISSUE)
PUBLIC = "Respuesta pública"
INTERNAL = "Nota interna"
PUBLIC_WARNING = "La persona solicitante leerá este texto"
NO_TICKET = "Elija un ticket de la cola (flechas o J/K para moverse, Enter para abrirlo)."
COMPOSER_HEIGHT = 236  # room for three lines of text with the public-reply warning shown
COMPOSER_MAX = 400  # on a tall screen the composer grows (operators write all day), up to about 11 lines
COMPOSER_ROWS = 74  # below the text: the send row and the canned replies / images row (ticket_extras.py)
SIDE_WIDTH = 300
SIDE_WIDTH_NARROW = 290
PHOTO_THUMB = 240


def composer_height(viewport_height: int) -> int:
    """The composer's height: three lines at 768 px high, about a third of the pane on taller screens."""
    return max(COMPOSER_HEIGHT, min(COMPOSER_MAX, int((viewport_height - 300) * 0.4)))


class TicketView:
    def __init__(
        self,
        on_assign: Callable[[str | None], None],  # staff label, or None for "me"
        on_unassign: Callable[[], None],
        on_status: Callable[[str, str], None],
        on_priority: Callable[[str], None],
        on_comment: Callable[[str, bool], None],
        on_reload: Callable[[], None],
        parent: int | str | None = None,
        on_back: Callable[[], None] | None = None,
        on_reissue: Callable[[], None] | None = None,
    ) -> None:
        self._on_status, self._on_comment, self._on_reissue = on_status, on_comment, on_reissue
        self.code: AccessCode | None = None  # shown once, forgotten when its window closes
        self._slip_dir: Path | None = None  # its printed slip's private folder, removed with it
        self._confirmed: Callable[[], None] | None = None
        self._code_taken = False
        self._confirm_reopens = 0  # times tick put back a confirmation that ImGui closed (see tick)
        self._textures: dict[int, tuple[int | str, int, int, str]] = {}  # attachment -> texture, w, h, name
        self._init_frame_state()
        self.confirm_note: Callable[[int | None, bool], str] | None = None  # e.g. "Con 2 imágenes: ..."
        if not dpg.does_item_exist(TEXTURES):
            dpg.add_texture_registry(tag=TEXTURES)
        self._build_confirm()
        if parent is None:  # stand-alone (tests without the main window)
            parent = dpg.add_window(label="Ticket", width=900, height=700)
        with dpg.child_window(tag=PANE, parent=parent, border=False, width=-1, height=-1):
            self._build_header(on_reload, on_back)
            with dpg.group(tag=BODY, horizontal=True, show=False):
                with dpg.child_window(tag=MAIN, width=-SIDE_WIDTH - 8, height=-1, border=False):
                    dpg.add_child_window(tag=TIMELINE, height=-COMPOSER_HEIGHT - 6, border=True)
                    with dpg.child_window(tag=COMPOSER, height=-1, border=True):
                        dpg.add_radio_button([INTERNAL, PUBLIC], tag=COMMENT_KIND, default_value=INTERNAL,
                                             horizontal=True, callback=lambda: self._kind_changed())
                        theme.label("", "accent", tag=PUBLIC_LABEL, wrap=0, show=False)
                        # Ctrl+Enter (the app's key handler) sends; Enter is a new line; lines wrap.
                        self.comment = WrappedTextBox(COMMENT, width=-1, height=-COMPOSER_ROWS, style="composer_0",
                                                      hint="Nota interna: solo la ve el personal del Centro de "
                                                           "Cómputo")
                        with dpg.group(horizontal=True):
                            dpg.add_button(tag=SEND, label="Guardar nota interna", callback=lambda: self.request_send())
                            theme.label("Ctrl+Enter envía")
                with dpg.child_window(tag=SIDE, width=SIDE_WIDTH, height=-1, border=True):
                    self._build_lock_note()
                    with dpg.table(tag=ACTIONS_TABLE, header_row=False, policy=dpg.mvTable_SizingStretchSame,
                                   pad_outerX=False):
                        dpg.add_table_column()
                        dpg.add_table_column()
                        with dpg.table_row():
                            dpg.add_button(tag="ticket_assign_me", label="Asignarme", width=-1,
                                           callback=lambda: on_assign(None))
                            dpg.add_button(tag="ticket_unassign", label="Quitar", width=-1,
                                           callback=lambda: on_unassign())
                            with dpg.tooltip("ticket_unassign"):
                                dpg.add_text("Quitar la asignación: el ticket queda sin persona asignada")
                    self._build_assign(on_assign)
                    theme.label("Prioridad")
                    with dpg.group(horizontal=True):
                        dpg.add_combo([], tag=PRIORITY, width=-90)
                        dpg.add_button(tag="ticket_change_priority", label="Cambiar", width=-1,
                                       callback=lambda: on_priority(dpg.get_value(PRIORITY)))
                    theme.label("Nuevo estado")
                    dpg.add_combo([], tag=STATUS, width=-1, default_value="")
                    dpg.add_input_text(tag=STATUS_NOTE, hint="Comentario público (opcional)",
                                       width=-1)
                    dpg.add_button(tag="ticket_change_status", label="Cambiar estado...", width=-1,
                                   callback=lambda: self.request_status())
                    dpg.add_button(tag=REISSUE, label="Nuevo código de acceso...", width=-1,
                                   callback=lambda: self.request_reissue())
                    with dpg.tooltip(REISSUE):
                        dpg.add_text("Para la persona solicitante que perdió su código (en persona)")
                    dpg.add_group(tag=DETAILS)
                    self._section("Fotos")
                    dpg.add_group(tag=PHOTOS)
                    self._section("Historial del equipo")
                    dpg.add_group(tag=EQUIPMENT)
        self._kind_changed()

    def _init_frame_state(self) -> None:
        self._status_from = ""
        self.ticket_id: int | None = None
        self.locks = ActionLocks()  # what the database would refuse on this ticket (disabled, with why)
        self.can_reopen: Callable[[dict], bool] | None = None  # set by ticket_extras (admins, cancelled)
        self._code_show_frame = 0  # frame from which the code window may be shown (see tick)
        # (y, until frame): the conversation is kept at y (None: its end) for a few frames (see tick)
        self._scroll_pin: tuple[float | None, int] | None = None
        self._typed: dict[str, str] = {}  # text box -> its text while it had the keyboard (see track_typing)

    # ---- building blocks -------------------------------------------------------
    @staticmethod
    def _build_header(on_reload: Callable[[], None], on_back: Callable[[], None] | None) -> None:
        """Folio, reload and back; the status badges, a message line and the no-ticket placeholder."""
        with dpg.group(tag=HEADER, horizontal=True, show=False):
            title = dpg.add_text("", tag=FOLIO)
            theme.title_font(title)
            dpg.add_button(label="Recargar", callback=lambda: on_reload())
            dpg.add_button(label="Volver a la cola (Esc)", callback=lambda: on_back() if on_back else None)
        dpg.add_group(tag=BADGES, horizontal=True)
        dpg.add_text("", tag=MESSAGE, wrap=0)  # its line always kept: a message never moves what is below
        theme.label(NO_TICKET, tag=PLACEHOLDER, wrap=0)

    def _build_lock_note(self) -> None:
        """«Acciones» and, under it, why some are disabled (a closed ticket): a label, since a disabled
        button shows no tooltip."""
        self._section("Acciones")
        dpg.add_text("", tag=LOCK_NOTE, wrap=0, show=False)

    @staticmethod
    def _section(title: str, parent: int | str | None = None) -> None:
        kw = {"parent": parent} if parent is not None else {}
        dpg.add_spacer(height=4, **kw)
        theme.label(title, "accent", **kw)
        dpg.add_separator(**kw)

    def _build_confirm(self) -> None:
        if dpg.does_item_exist(CONFIRM):
            return
        with dpg.window(tag=CONFIRM, modal=True, show=False, no_collapse=True, no_close=True, width=560,
                        height=360, label="Confirmar", no_saved_settings=True):
            dpg.add_text("", tag=CONFIRM_TITLE, wrap=520)
            with dpg.child_window(height=-48, border=True):
                dpg.add_text("", tag=CONFIRM_TEXT, wrap=0)
            with dpg.group(horizontal=True):
                dpg.add_button(tag=CONFIRM_OK, label="Confirmar", callback=lambda: self.confirm())
                dpg.add_button(tag="ticket_confirm_cancel", label="Cancelar (Esc)", width=150,
                               callback=lambda: self.cancel_confirm())
        theme.bind(CONFIRM_OK, theme.PRIMARY_BUTTON)

    # ---- composer -----------------------------------------------------------------
    def is_public(self) -> bool:
        return dpg.get_value(COMMENT_KIND) == PUBLIC

    def _kind_changed(self) -> None:
        public = self.is_public()
        dpg.set_value(PUBLIC_LABEL, f"{theme.symbol('⚠ ', '')}{PUBLIC_WARNING}" if public else "")
        dpg.configure_item(PUBLIC_LABEL, show=public)
        dpg.configure_item(SEND, label="Enviar respuesta pública..." if public else "Guardar nota interna")
        self.comment.set_hint("Respuesta pública: la persona solicitante la verá en la página de consulta" if public
                              else "Nota interna: solo la ve el personal del Centro de Cómputo")
        self.comment.set_style(f"composer_{int(public)}")
        theme.bind(COMPOSER, f"composer_{int(public)}")
        theme.bind(SEND, theme.DANGER_BUTTON if public else theme.PRIMARY_BUTTON)
        theme.bind(CONFIRM_OK, theme.PRIMARY_BUTTON)

    def _build_assign(self, on_assign: Callable[[str | None], None]) -> None:
        """«Asignar a»: the people, «Asignar», and a name the combo cuts written whole under it."""
        theme.label("Asignar a")
        with dpg.group(horizontal=True):
            dpg.add_combo([], tag=ASSIGNEE, width=-90, callback=lambda: self._show_assignee_whole())
            dpg.add_button(tag="ticket_assign", label="Asignar", width=-1,
                           callback=lambda: on_assign(dpg.get_value(ASSIGNEE)))
        theme.label("", tag=ASSIGNEE_WHOLE, wrap=SIDE_WIDTH - 30, show=False)

    @staticmethod
    def _show_assignee_whole() -> None:
        """The chosen person's whole label under the «Asignar a» combo when the combo cuts it."""
        chosen = dpg.get_value(ASSIGNEE) or ""
        width = dpg.get_item_rect_size(ASSIGNEE)[0] or (SIDE_WIDTH - 110)
        size = dpg.get_text_size(chosen) if chosen else None
        cut = bool(size) and size[0] + 30 > width
        dpg.set_value(ASSIGNEE_WHOLE, chosen if cut else "")
        dpg.configure_item(ASSIGNEE_WHOLE, show=cut)

    def get_draft(self) -> Draft:
        return Draft(self.comment.value, self.is_public(), dpg.get_value(STATUS_NOTE) or "")

    def track_typing(self) -> None:
        """Once per frame: remember what the status note holds while it has the keyboard. Dear ImGui
        reverts a text box to its value from before editing when Esc is pressed in it; Esc here means
        "back to the queue", and what was typed must stay (undo_escape_revert puts it back). The reply
        box (a WrappedTextBox) keeps its own text and is not touched by Esc."""
        for tag in (STATUS_NOTE,):
            if dpg.is_item_active(tag) and not dpg.is_key_down(dpg.mvKey_Escape):
                self._typed[tag] = dpg.get_value(tag) or ""

    def undo_escape_revert(self) -> None:
        for tag, text in self._typed.items():
            if (dpg.get_value(tag) or "") != text:
                dpg.set_value(tag, text)
        self._typed = {}

    def set_draft(self, draft: Draft) -> None:
        self._typed = {}
        self.comment.value = draft.body
        dpg.set_value(STATUS_NOTE, draft.status_note)
        dpg.set_value(COMMENT_KIND, PUBLIC if draft.is_public else INTERNAL)
        self._kind_changed()

    def focus_composer(self) -> None:
        if dpg.is_item_shown(BODY):
            self.comment.focus()

    def request_send(self) -> None:
        """Send button / Ctrl+Enter: an internal note goes at once; a public reply asks first."""
        body = self.comment.value.rstrip()
        if not self.is_public() or not body.strip():
            self._on_comment(body, self.is_public())
            return
        note = self.confirm_note(self.ticket_id, True) if self.confirm_note else ""
        self.ask("Esta respuesta es PÚBLICA. La persona solicitante leerá exactamente este texto:", body + note,
                 "Sí, enviar respuesta pública", lambda: self._on_comment(body, True))

    def request_status(self) -> None:
        new = dpg.get_value(STATUS) or ""
        note = (dpg.get_value(STATUS_NOTE) or "").strip()
        if not new:
            self._on_status("", note)  # the app answers "Elija el nuevo estado de la lista."
            return
        text = f"Estado actual: {self._status_from}\nNuevo estado: {new}"
        if note:
            text += f"\n\nComentario público (la persona solicitante lo leerá):\n{note}"
        self.ask(f"¿Cambiar el estado del ticket a «{new}»?", text, "Sí, cambiar estado",
                 lambda: self._on_status(new, note))

    def request_reissue(self) -> None:
        if self._on_reissue is None:
            return
        folio = dpg.get_value(FOLIO) or ""  # named: the operator checks it is the requester's ticket
        self.ask(f"¿Generar un nuevo código de acceso para el ticket {folio}?" if folio
                 else "¿Generar un nuevo código de acceso para este ticket?",
                 "El código anterior dejará de funcionar en ese momento. El nuevo se muestra una sola vez: "
                 "entrégueselo a la persona solicitante (puede imprimir un comprobante).",
                 "Sí, generar código", self._on_reissue)

    def show_code(self, code: AccessCode) -> None:
        """The new code, once, in its own window: copy it or print a slip; closing forgets it."""
        self.close_code()
        self.code = code
        self._code_taken = False  # Enter closes the window only once the code was copied or printed
        vw, vh = _viewport_size()
        w, h = 540, 290
        # Built hidden and shown two frames later (tick): Dear PyGui never opens a modal window shown in
        # the same frame in which another modal (the confirmation) was hidden; the code was never seen.
        with dpg.window(tag=CODE_WINDOW, label="Nuevo código de acceso", modal=True, width=w, height=h, show=False,
                        pos=((vw - w) // 2, (vh - h) // 3), no_saved_settings=True, no_close=True):
            dpg.add_text(f"Folio: {code.folio}")
            value = dpg.add_input_text(tag=CODE_VALUE, default_value=code.access_code, readonly=True, width=-1)
            theme.title_font(value)
            theme.label("Se muestra solo esta vez: entréguelo ahora. El código anterior ya no funciona.", wrap=0)
            dpg.add_spacer(height=6)
            with dpg.group(horizontal=True):
                dpg.add_button(tag="ticket_code_print", label="Imprimir comprobante",
                               callback=lambda: self.print_slip())
                dpg.add_button(tag="ticket_code_copy", label="Copiar código", callback=lambda: self._copy_code())
                dpg.add_button(tag="ticket_code_close", label="Cerrar", callback=lambda: self.close_code())
            dpg.add_text("", tag="ticket_code_message", wrap=0)
        theme.bind("ticket_code_print", theme.PRIMARY_BUTTON)
        self._code_show_frame = dpg.get_frame_count() + 2

    def scroll_to_end(self) -> None:
        """After a note or reply was sent: the conversation shows its end (once the new card is laid out)."""
        self._scroll_pin = (None, dpg.get_frame_count() + 12)

    def conversation_place(self) -> float | None:
        """Where the reader is in the conversation: None at its end (new cards should stay in view)."""
        y, end = dpg.get_y_scroll(TIMELINE), dpg.get_y_scroll_max(TIMELINE)
        return None if y >= end - 4 else y

    def return_to(self, place: float | None) -> None:
        """After a reload (a refresh, the database back): the conversation where the reader left it."""
        self._scroll_pin = (place, dpg.get_frame_count() + 12)

    def tick(self) -> None:
        """Once per frame: show the code window once the confirmation is gone from the screen; scroll the
        conversation to its end when asked (the new content has its height only after a frame)."""
        if self._scroll_pin is not None:
            # Pinned for a few frames (to its end, or where the reader was before a reload): the new cards
            # (auto-sized) and then the conversation take their final height over more than one frame.
            place, until = self._scroll_pin
            if dpg.get_frame_count() >= until:
                self._scroll_pin = None
            if dpg.is_item_shown(BODY):
                end = dpg.get_y_scroll_max(TIMELINE)
                dpg.set_y_scroll(TIMELINE, end if place is None else min(place, end))
        if self._confirmed is not None and not self.confirming() and self._confirm_reopens < 5:
            # A question asked must stay on screen until answered. ImGui closes every popup opened over
            # one that closes: the row's context menu closed by a key takes down the confirmation its
            # action opened in the following frames (Shift+F10, ↓, Enter: nothing happened).
            self._confirm_reopens += 1
            self._show_confirm()
        if self._code_show_frame and dpg.get_frame_count() >= self._code_show_frame:
            self._code_show_frame = 0
            if dpg.does_item_exist(CODE_WINDOW) and not self.confirming():
                dpg.configure_item(CODE_WINDOW, show=True)
                dpg.focus_item(CODE_WINDOW)
            elif dpg.does_item_exist(CODE_WINDOW):
                self._code_show_frame = dpg.get_frame_count() + 2

    def _copy_code(self) -> None:
        if self.code is not None:
            dpg.set_clipboard_text(self.code.access_code)
            dpg.set_value("ticket_code_message", "Código copiado: péguelo con Ctrl+V. Enter o Esc cierra esta ventana.")
            self._keys_to_code_window()

    def print_slip(self, folder: Path | None = None, open_it: bool = True) -> Path | None:
        """Write the slip (HTML that opens the print dialog) and open it in the browser."""
        if self.code is None:
            return None
        try:
            if folder is None:  # a private folder (owner only), deleted when the code window closes
                self._slip_dir = self._slip_dir or Path(tempfile.mkdtemp(prefix="itl-comprobante-"))
                folder = self._slip_dir
            path = save_slip(self.code, folder)
        except OSError as exc:
            dpg.set_value("ticket_code_message", f"No se pudo guardar el comprobante: {exc.strerror or exc}.")
            return None
        problem = open_in_viewer(path, "el comprobante") if open_it else ""
        dpg.set_value("ticket_code_message", problem or f"Comprobante: {path}")
        self._keys_to_code_window()
        return path

    def _keys_to_code_window(self) -> None:
        """After «Copiar»/«Imprimir» the window (not the button) has the keyboard again: Enter or Esc
        closes it (the app's key handler, `code_key`), a second Enter never presses the button again."""
        self._code_taken = True
        if dpg.does_item_exist(CODE_WINDOW):
            dpg.focus_item(CODE_WINDOW)

    def code_key(self, action: str) -> bool:
        """A key while the code window is shown: Esc closes it, Enter too once the code was copied or
        printed; True while it has the keyboard."""
        if not dpg.does_item_exist(CODE_WINDOW):
            return False
        if action == "back" or (action in ("open", "send") and self._code_taken):
            self.close_code()
        elif action in ("open", "send"):  # a reflexive second Enter after confirming must not lose the code
            dpg.set_value("ticket_code_message", "El código se muestra una sola vez: cópielo o imprímalo antes "
                          "de cerrar (Esc cierra la ventana sin más).")
        return True

    def close_code(self) -> None:
        if dpg.does_item_exist(CODE_WINDOW):
            dpg.delete_item(CODE_WINDOW)
        self.code = None
        if self._slip_dir is not None:  # the code is shown once: its printed slip does not stay on disk
            shutil.rmtree(self._slip_dir, ignore_errors=True)
            self._slip_dir = None

    # ---- confirmation -------------------------------------------------------------
    def ask(self, title: str, text: str, ok_label: str, action: Callable[[], None]) -> None:
        self._confirmed = action
        self._confirm_reopens = 0
        dpg.set_value(CONFIRM_TITLE, title)
        dpg.set_value(CONFIRM_TEXT, theme.displayable(text))
        dpg.configure_item(CONFIRM_OK, label=ok_label)
        self._show_confirm()

    @staticmethod
    def _show_confirm() -> None:
        vw, vh = _viewport_size()
        dpg.configure_item(CONFIRM, show=True, width=560, height=360,
                           pos=(max(0, (vw - 560) // 2), max(0, (vh - 360) // 2)))

    def confirming(self) -> bool:
        return bool(dpg.is_item_shown(CONFIRM))

    def confirm(self) -> None:
        action, self._confirmed = self._confirmed, None
        dpg.configure_item(CONFIRM, show=False)
        if action is not None:
            action()

    def cancel_confirm(self) -> None:
        self._confirmed = None
        dpg.configure_item(CONFIRM, show=False)

    # ---- state ----------------------------------------------------------------
    def show(self) -> None:
        dpg.configure_item(PLACEHOLDER, show=False)
        dpg.configure_item(HEADER, show=True)

    def hide(self) -> None:
        """No ticket open: the pane shows the hint."""
        self.ticket_id = None
        dpg.configure_item(BODY, show=False)
        dpg.configure_item(HEADER, show=False)
        dpg.configure_item(PLACEHOLDER, show=True)
        dpg.set_value(FOLIO, "")
        dpg.delete_item(BADGES, children_only=True)
        self.set_message("")
        self.close_photo()

    def set_width(self, pane_width: int) -> None:
        side = SIDE_WIDTH if pane_width >= 760 else SIDE_WIDTH_NARROW
        dpg.configure_item(SIDE, width=side)
        dpg.configure_item(MAIN, width=-side - 8)
        dpg.configure_item(TIMELINE, height=-composer_height(dpg.get_viewport_client_height()) - 6)

    def set_busy(self, busy: bool) -> None:
        locked = self._locked_items()
        for tag in ACTION_BUTTONS:
            dpg.configure_item(tag, enabled=not busy and tag not in locked)

    def _locked_items(self) -> set[str]:
        return {tag for name, tags in LOCKED_ITEMS.items() if getattr(self.locks, name) for tag in tags}

    def show_locks(self, locks: ActionLocks) -> None:
        """Disable what the database would refuse on this ticket and say why above the actions."""
        self.locks = locks
        locked = self._locked_items()
        for tags in LOCKED_ITEMS.values():
            for tag in tags:
                if tag not in ACTION_BUTTONS:  # buttons follow set_busy (they are also off while loading)
                    dpg.configure_item(tag, enabled=tag not in locked)
        dpg.set_value(LOCK_NOTE, locks.reason)
        dpg.configure_item(LOCK_NOTE, show=bool(locks.reason), color=theme.palette().warn)

    def set_message(self, message: str, ok: bool = True) -> None:
        p = theme.palette()
        dpg.set_value(MESSAGE, message)
        dpg.configure_item(MESSAGE, color=p.ok if ok else p.error)

    def clear_comment(self) -> None:
        self.set_draft(Draft())

    def show_detail(self, detail: TicketDetail, cats: Catalogs) -> None:
        t = detail.ticket
        first_view = self.ticket_id != detail.ticket_id
        self.ticket_id = detail.ticket_id
        self._status_from = t["status_name"]
        dpg.configure_item(PLACEHOLDER, show=False)
        dpg.configure_item(HEADER, show=True)
        dpg.configure_item(BODY, show=True)
        dpg.set_value(FOLIO, t["folio"])
        dpg.delete_item(BADGES, children_only=True)
        dpg.add_text(f"{theme.symbol('● ', '')}{t['status_name']}", parent=BADGES,
                     color=theme.status_color(t.get("status_code")))
        dpg.add_text(f"{theme.symbol('● ', '')}Prioridad {t['priority_name']}", parent=BADGES,
                     color=theme.priority_color(str(t["priority_name"]).lower()))
        dpg.add_text(f"Asignado a: {t['assignee_name'] or 'nadie'}", parent=BADGES, color=theme.palette().muted)

        staff_labels = cats.staff_labels(with_all=False)
        dpg.configure_item(ASSIGNEE, items=staff_labels)
        current = next((cats.staff_label(s) for s in cats.staff if s["staff_id"] == t["assigned_to"]), "")
        dpg.set_value(ASSIGNEE, current)
        self._show_assignee_whole()
        transitions = [r["name"] for r in cats.transitions_from(int(t["status_id"]))]
        dpg.configure_item(STATUS, items=transitions)
        self.show_locks(action_locks(t, transitions, bool(self.can_reopen and self.can_reopen(t))))
        dpg.set_value(STATUS, "")  # preselect nothing: the operator chooses
        priorities = cats.names("priority", with_all=False, active_only=True)
        dpg.configure_item(PRIORITY, items=priorities)
        dpg.set_value(PRIORITY, t["priority_name"])

        self._show_timeline(detail)
        self._show_details(detail)
        self._show_photos(detail)
        self._show_equipment(detail)
        if first_view:  # every ticket opens at its top
            for area in (TIMELINE, SIDE):
                dpg.set_y_scroll(area, 0.0)

    def _show_timeline(self, detail: TicketDetail) -> None:
        dpg.delete_item(TIMELINE, children_only=True)
        p = theme.palette()
        for entry in detail.timeline():
            if entry.is_card:
                with dpg.child_window(parent=TIMELINE, auto_resize_y=True, border=True) as card:
                    title_color = {"respuesta": p.accent, "solicitante": p.ok, "nota": p.warn}.get(
                        entry.kind, p.accent)
                    dpg.add_text(theme.displayable(f"{entry.title}  ·  {entry.when}"), color=title_color, wrap=0)
                    if entry.kind == "respuesta":
                        dpg.add_text("Visible para la persona solicitante", color=p.muted)
                    dpg.add_text(theme.displayable(entry.body), wrap=0)
                    if entry.kind == "creado":
                        dpg.add_group(tag=f"{TIMELINE}_photos", horizontal=True)
                    elif entry.event_id is not None and any(a.event_id == entry.event_id for a in detail.attachments):
                        dpg.add_group(tag=f"{TIMELINE}_photos_{entry.event_id}", horizontal=True)
                if theme.card_theme(entry.kind):
                    dpg.bind_item_theme(card, theme.card_theme(entry.kind))
            else:
                with dpg.group(parent=TIMELINE, horizontal=True):
                    dpg.add_text(theme.symbol("•", "-"), color=p.muted)
                    dpg.add_text(entry.when, color=p.muted)
                    dpg.add_text(theme.displayable(entry.title), color=p.muted, wrap=0)
                if entry.body:
                    dpg.add_text(theme.displayable(f"«{entry.body}»"), parent=TIMELINE, wrap=0, indent=24)

    def _show_details(self, detail: TicketDetail) -> None:
        dpg.delete_item(DETAILS, children_only=True)
        p = theme.palette()
        for title, rows in detail.side_sections():
            self._section(title, parent=DETAILS)
            for label, value in rows:
                dpg.add_text(label, parent=DETAILS, color=p.muted)
                dpg.add_text(theme.displayable(value), parent=DETAILS, wrap=0, indent=10)

    def _show_equipment(self, detail: TicketDetail) -> None:
        dpg.delete_item(EQUIPMENT, children_only=True)
        p = theme.palette()
        if not detail.equipment_history:
            dpg.add_text("Sin otros tickets de este equipo.", parent=EQUIPMENT, color=p.muted, wrap=0)
        for h in detail.equipment_history:
            with dpg.group(parent=EQUIPMENT):
                dpg.add_text(f"{h['folio']} · {local_time(h['created_at'])}", color=p.accent)
                dpg.add_text(f"{h['status_name']} · {h['category_name']}", color=p.muted, wrap=0)
                dpg.add_text(theme.displayable(h["description"]), wrap=0)

    def _show_photos(self, detail: TicketDetail) -> None:
        dpg.delete_item(PHOTOS, children_only=True)
        dpg.delete_item(TEXTURES, children_only=True)
        self._textures = {}
        if not detail.attachments:
            dpg.add_text("La solicitud no trae fotos.", parent=PHOTOS, color=theme.palette().muted)
        for item in detail.attachments:
            shown = False
            if item.showable and item.content:
                loaded = _load_image(item.content)
                if loaded is not None:
                    width, height, data = loaded
                    texture = dpg.add_static_texture(width, height, data, parent=TEXTURES)
                    self._textures[item.attachment_id] = (texture, width, height, item.file_name)
                    scale = min(1.0, PHOTO_THUMB / max(width, 1), PHOTO_THUMB / max(height, 1))
                    inline = f"{TIMELINE}_photos" if item.event_id is None else f"{TIMELINE}_photos_{item.event_id}"
                    for parent in (PHOTOS, inline):
                        if dpg.does_item_exist(parent):
                            button = dpg.add_image_button(
                                texture, parent=parent, width=int(width * scale), height=int(height * scale),
                                user_data=item.attachment_id, callback=lambda s, a, u: self.open_photo(u))
                            with dpg.tooltip(button):
                                dpg.add_text("Clic: ver la foto a tamaño completo")
                    shown = True
            if not shown:
                dpg.add_text(f"{item.file_name}: vista previa no disponible ({item.content_type}).", parent=PHOTOS,
                             wrap=0)
            dpg.add_text(f"{item.file_name} ({item.byte_size // 1024 or 1} KB)", parent=PHOTOS,
                         color=theme.palette().muted)

    # ---- photos -------------------------------------------------------------
    def open_photo(self, attachment_id: int) -> None:
        """The photo at full size in its own window (scrollable when larger than the screen)."""
        found = self._textures.get(attachment_id)
        if found is None:
            return
        texture, width, height, name = found
        self.close_photo()
        vw, vh = _viewport_size()
        w, h = min(width + 40, vw - 40), min(height + 70, vh - 40)
        with dpg.window(tag=PHOTO_WINDOW, label=f"Foto: {name} ({width}×{height})", width=w, height=h,
                        pos=((vw - w) // 2, (vh - h) // 2), horizontal_scrollbar=True, no_saved_settings=True,
                        on_close=lambda: self.close_photo()):
            dpg.add_image(texture, width=width, height=height)
        dpg.focus_item(PHOTO_WINDOW)

    def close_photo(self) -> None:
        if dpg.does_item_exist(PHOTO_WINDOW):
            dpg.delete_item(PHOTO_WINDOW)


def _viewport_size() -> tuple[int, int]:
    """The OS window's client size (a default when built without one, as in headless tests)."""
    try:
        return dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    except Exception:
        return 1366, 768


def _load_image(content: bytes) -> tuple[int, int, object] | None:
    """Decode PNG/JPEG with Dear PyGui's loader (it reads files): a temporary file, then its RGBA buffer
    (passed as is to add_static_texture: iterating the buffer in Python crashes Dear PyGui 2.x)."""
    fd, path = tempfile.mkstemp(suffix=".img")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        result = dpg.load_image(path)
    except Exception:
        result = None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    if result is None:
        return None
    width, height, _channels, data = result
    return int(width), int(height), data
