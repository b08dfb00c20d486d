"""What the open ticket gains for issue 16, kept out of ticket_view.py (small hooks there):

- composer row: «Predefinidas (::)» (also typing «::» in the text) and «Adjuntar
  imagen…» (public replies only: switching to «Nota interna» drops the images, so an image can
  never go out with a note by accident), with the images waiting to be sent;
- «Orden de servicio…» in the ticket's header;
- «Reabrir ticket cancelado…» in the side panel, for administrators, with a required reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.services import canned_service, reply_images, ticket_service
from desktop.services.canned_service import CannedReply
from desktop.services.reply_images import ImageProblem, PendingImages, ReplyImage
from desktop.services.ticket_service import TicketDetail
from desktop.views import theme, ticket_view
from desktop.views.canned_picker import HEIGHT as PICKER_HEIGHT
from desktop.views.canned_picker import CannedPicker
from desktop.widgets.wrapped_text import WrappedTextBox

ROW = "ticket_extras_row"
CANNED = "ticket_canned"
ATTACH = "ticket_attach"
IMAGES = "ticket_images"
CLEAR_IMAGES = "ticket_images_clear"
FILE_DIALOG = "ticket_image_file_dialog"
ORDER = "ticket_service_order"
REOPEN = "ticket_reopen_cancelled"
REOPEN_WINDOW = "reopen_window"
REOPEN_REASON = "reopen_reason"
REOPEN_OK = "reopen_ok"
REOPEN_MESSAGE = "reopen_message"
TRIGGER = "::"


class TicketExtras:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.pending = PendingImages()
        self._trigger_typed = False  # the picker was opened by «::» typed in the reply box
        self.picker = CannedPicker(self.insert, on_close=self._picker_closed)
        view = ticket_view
        app.ticket_view.comment.set_trigger(TRIGGER, lambda: self.open_picker(typed=True))
        with dpg.group(tag=ROW, horizontal=True, parent=view.COMPOSER):
            dpg.add_button(tag=CANNED, label="Predefinidas (::)", callback=lambda: self.open_picker())
            with dpg.tooltip(CANNED):
                dpg.add_text("Insertar una respuesta predefinida (también escribiendo «::» en el texto)")
            dpg.add_button(tag=ATTACH, label="Imagen…", callback=lambda: self.pick_file())
            with dpg.tooltip(ATTACH):
                dpg.add_text("Solo en respuestas públicas: una captura de la solución o una imagen con los pasos")
            dpg.add_text("", tag=IMAGES)
            dpg.add_button(tag=CLEAR_IMAGES, label="Quitar", show=False, callback=lambda: self.clear_images())
        dpg.add_button(tag=ORDER, label="Orden de servicio…", parent=view.HEADER,
                       callback=lambda: self.app.print_orders([self.app.current_ticket_id]))
        # Right under the note that names it (a cancelled ticket: «solo se puede reabrir…»).
        dpg.add_button(tag=REOPEN, label="Reabrir ticket cancelado…", parent=view.SIDE, before=view.ACTIONS_TABLE,
                       width=-1, show=False, callback=lambda: self.ask_reopen())
        with dpg.tooltip(REOPEN):
            dpg.add_text("Solo administradores: deshace una cancelación, con un motivo que queda registrado")
        with dpg.file_dialog(tag=FILE_DIALOG, show=False, modal=True, width=700, height=420, file_count=3,
                             directory_selector=False, callback=lambda s, a: self._files_chosen(a),
                             label="Elija una o varias imágenes (PNG, JPEG o WebP)"):
            dpg.add_file_extension("Imágenes (*.png *.jpg *.jpeg *.webp){.png,.jpg,.jpeg,.webp}")
            for ext in reply_images.FILE_TYPES:
                dpg.add_file_extension(ext)
        self._build_reopen()
        # The composer kind: after the view's own handling, images follow the rule above.
        own = dpg.get_item_callback(view.COMMENT_KIND)  # the view's: colours and labels
        dpg.set_item_callback(view.COMMENT_KIND, lambda: (own() if own else None, self.kind_changed()))
        self.kind_changed()
        if app.ticket_view is not None:  # the view disables what only «Reabrir» can undo, and says so
            app.ticket_view.can_reopen = self.can_reopen

    # ---- per ticket ---------------------------------------------------------------------
    def ticket_id(self) -> int | None:
        return self.app.current_ticket_id

    def detail_shown(self, detail: TicketDetail) -> None:
        """After the ticket's data is on screen: the admin-only reopen button and the images row."""
        dpg.configure_item(REOPEN, show=self.can_reopen(detail.ticket))
        self._show_images()

    def can_reopen(self, ticket: dict) -> bool:
        """An administrator on a cancelled ticket (staff.reopen_cancelled_ticket is admin only)."""
        session = self.app.ctx.session
        return bool(ticket.get("status_code") == "cancelado" and session is not None and session.is_admin)

    def poll(self) -> None:
        """Once per frame: the picker's list follows its filter («::» typed in the composer opens the
        picker at once: WrappedTextBox.set_trigger, as Zammad's text modules)."""
        self.picker.poll()

    def handle_key(self, name: str) -> bool:
        """Keys for the windows of this module (True: taken; the app's shortcuts do not run)."""
        if self.picker.handle_key(name):
            if name == "escape":  # Esc also ended the reply box's typing: it gets the keyboard back
                self.app.ticket_view.comment.focus()
            return True
        if dpg.does_item_exist(REOPEN_WINDOW) and dpg.is_item_shown(REOPEN_WINDOW):
            if name == "escape":
                self.close_reopen()
            return True
        return False

    # ---- canned replies ---------------------------------------------------------------------
    def open_picker(self, typed: bool = False) -> None:
        """typed: «::» was typed in the reply box, which keeps the keyboard and forwards the letters typed
        next to the picker's filter (moving the keyboard to another box loses what is typed meanwhile)."""
        if self.ticket_id() is None:
            return
        comment = self.app.ticket_view.comment
        x, y, _w, _h = comment.screen_rect()  # the picker opens above the text box
        self.picker.open([], near=(int(x), int(max(0, y - PICKER_HEIGHT))), focus=not typed)
        self._trigger_typed = typed  # the «::» typed in the box goes when the picker closes (Esc too)
        if typed:
            comment.forward(self.picker.filter)
        self.picker.set_message("Cargando…")
        self.app.ctx.run_async(lambda: canned_service.list_active(self.app.ctx.call), self._replies_loaded,
                               lambda exc: self.picker.set_message(_message(exc)))

    def _replies_loaded(self, replies: list[CannedReply]) -> None:
        self.picker.replies = replies
        self.picker.set_message("")
        self.picker.refilter()  # with what was typed in the filter meanwhile

    def _picker_closed(self) -> None:
        """Esc, «Cerrar» or a reply chosen: the «::» that opened the picker leaves the text (only when it is
        right before the caret, as typed; nothing else is touched)."""
        typed, self._trigger_typed = self._trigger_typed, False
        if self.app.ticket_view is not None:
            comment = self.app.ticket_view.comment
            comment.forward(None)
            if typed:
                comment.remove_before_cursor(TRIGGER)

    def insert(self, reply: CannedReply) -> None:
        ticket_id = self.ticket_id()
        if ticket_id is None:
            return
        self.app.ctx.run_async(lambda: canned_service.use(self.app.ctx.call, reply.reply_id, ticket_id),
                               lambda filled: self._inserted(ticket_id, filled),
                               lambda exc: self.app.ticket_view.set_message(_message(exc), ok=False))

    def _inserted(self, ticket_id: int, filled: canned_service.Inserted) -> None:
        view = self.app.ticket_view
        if view is None or ticket_id != self.ticket_id():
            return
        comment = view.comment
        comment.remove_before_cursor(TRIGGER)
        empty = not comment.value.strip()
        if empty:
            comment.value = filled.body
        else:  # at the caret, as its own paragraph
            comment.insert_at_cursor(canned_service.separator(comment.value[: comment.model.cursor]) + filled.body)
        if empty and filled.is_public != view.is_public():
            dpg.set_value(ticket_view.COMMENT_KIND, ticket_view.PUBLIC if filled.is_public else ticket_view.INTERNAL)
            view._kind_changed()
            self.kind_changed()
        kind = "respuesta pública" if view.is_public() else "nota interna"
        view.set_message(f"Se insertó «{filled.title}» como {kind}: revise y edite el texto antes de enviarlo.")
        comment.focus()

    # ---- images on public replies ---------------------------------------------------------
    def kind_changed(self) -> None:
        public = dpg.get_value(ticket_view.COMMENT_KIND) == ticket_view.PUBLIC
        dpg.configure_item(ATTACH, enabled=public)
        ticket_id = self.ticket_id()
        if not public and ticket_id is not None and self.pending.get(ticket_id):
            self.pending.clear(ticket_id)
            if self.app.ticket_view is not None:
                self.app.ticket_view.set_message("Se quitaron las imágenes: solo se envían con una respuesta pública.")
        self._show_images()

    def pick_file(self) -> None:
        if self.ticket_id() is not None and dpg.get_value(ticket_view.COMMENT_KIND) == ticket_view.PUBLIC:
            dpg.show_item(FILE_DIALOG)

    def _files_chosen(self, app_data: dict[str, Any]) -> None:
        paths = [Path(p) for p in (app_data.get("selections") or {}).values()]
        self.add_files(paths)

    def add_files(self, paths: list[Path]) -> None:
        """Read and re-encode the files in a worker; each refusal is said, the others are kept."""
        ticket_id = self.ticket_id()
        if ticket_id is None or not paths:
            return

        def work() -> tuple[list[ReplyImage], list[str]]:
            ok, problems = [], []
            for path in paths:
                try:
                    ok.append(reply_images.read_image(path))
                except ImageProblem as exc:
                    problems.append(str(exc))
            return ok, problems

        self.app.ctx.run_async(work, lambda result: self._images_read(ticket_id, *result))

    def _images_read(self, ticket_id: int, images: list[ReplyImage], problems: list[str]) -> None:
        for image in images:
            try:
                self.pending.add(ticket_id, image)
            except ImageProblem as exc:
                problems.append(str(exc))
                break
        if self.app.ticket_view is not None and ticket_id == self.ticket_id():
            self.app.ticket_view.set_message(" ".join(problems) if problems else "Imagen lista para enviarse con "
                                             "la respuesta pública.", ok=not problems)
        self._show_images()

    def images_for_send(self, ticket_id: int, is_public: bool) -> list[ReplyImage]:
        return self.pending.get(ticket_id) if is_public else []

    def sent(self, ticket_id: int) -> None:
        self.pending.clear(ticket_id)
        self._show_images()

    def clear_images(self) -> None:
        ticket_id = self.ticket_id()
        if ticket_id is not None:
            self.pending.clear(ticket_id)
        self._show_images()

    def _show_images(self) -> None:
        items = self.pending.get(self.ticket_id())
        names = ", ".join(i.name for i in items)
        label = f"{theme.symbol('📎 ', '')}{len(items)} imagen(es): {names}" if items else ""
        dpg.set_value(IMAGES, label)
        dpg.configure_item(CLEAR_IMAGES, show=bool(items))

    def confirm_note(self, ticket_id: int | None, is_public: bool) -> str:
        """A line for the public-reply confirmation when images go with it."""
        items = self.pending.get(ticket_id) if is_public else []
        return f"\n\nCon {len(items)} imagen(es): {', '.join(i.name for i in items)}" if items else ""

    # ---- reopen a cancelled ticket (administrators) -------------------------------------------
    def _build_reopen(self) -> None:
        with dpg.window(tag=REOPEN_WINDOW, label="Reabrir ticket cancelado", modal=True, show=False, width=560,
                        height=320, no_saved_settings=True, no_close=True):
            dpg.add_text("El ticket vuelve a «Nuevo» (o a «Asignado» si tiene persona asignada). El motivo es "
                         "obligatorio, queda en el historial (la persona solicitante lo verá) y en la Bitácora.",
                         wrap=520)
            # A WrappedTextBox (the reason wraps at the box's width). In a modal window Dear PyGui ignores
            # focus_item until the window is on screen: the box asks again each frame until it has the keyboard
            # (WrappedTextBox.focus), and a click lands straight on its key sink.
            self.reason = WrappedTextBox(REOPEN_REASON, width=-1, height=110, max_length=1000,
                                         hint="Motivo (por ejemplo: se canceló por error; el equipo sigue fallando)",
                                         on_change=lambda _t: dpg.set_value(REOPEN_MESSAGE, ""))  # clears a refusal
            with dpg.group(horizontal=True):
                dpg.add_button(tag=REOPEN_OK, label="Reabrir ticket", callback=lambda: self.reopen())
                dpg.add_button(label="Cancelar (Esc)", callback=lambda: self.close_reopen())
            dpg.add_text("", tag=REOPEN_MESSAGE, wrap=520)
        theme.bind(REOPEN_OK, theme.PRIMARY_BUTTON)

    def ask_reopen(self) -> None:
        self.reason.value = ""
        dpg.set_value(REOPEN_MESSAGE, "")
        vw, vh = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
        dpg.configure_item(REOPEN_WINDOW, show=True, pos=(max(0, (vw - 560) // 2), max(0, (vh - 320) // 3)))
        self.reason.focus(retry=True)

    def close_reopen(self) -> None:
        dpg.configure_item(REOPEN_WINDOW, show=False)

    def reopen(self) -> None:
        reason = self.reason.value
        if len(reason.strip()) < 5:
            dpg.set_value(REOPEN_MESSAGE, _registry("reopen_reason_required"))
            return
        self.close_reopen()
        self.app.run_ticket_action(lambda d: ticket_service.reopen_cancelled(self.app.ctx.call, d, reason))


def _registry(key: str) -> str:
    import gateway

    return gateway.message(gateway.error_id(key))


def _message(exc: Exception) -> str:
    from desktop.context import user_message

    return user_message(exc)

