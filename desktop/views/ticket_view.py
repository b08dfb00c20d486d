"""Ticket detail window: fields, photos (textures), history, equipment history and actions.
Widgets and events only; desktop/services/ticket_service.py does the work."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable

import dearpygui.dearpygui as dpg

from desktop.services.catalog_service import Catalogs
from desktop.services.formatting import local_time
from desktop.services.ticket_service import TicketDetail

WINDOW = "ticket_window"
FOLIO = "ticket_folio"
FIELDS = "ticket_fields"
DESCRIPTION = "ticket_description"
PHOTOS = "ticket_photos"
HISTORY = "ticket_history"
EQUIPMENT = "ticket_equipment_history"
ASSIGNEE = "ticket_assignee"
STATUS = "ticket_status"
STATUS_NOTE = "ticket_status_note"
PRIORITY = "ticket_priority"
COMMENT = "ticket_comment"
COMMENT_KIND = "ticket_comment_kind"
MESSAGE = "ticket_message"
TEXTURES = "ticket_textures"
ACTION_BUTTONS = ("ticket_assign_me", "ticket_assign", "ticket_unassign", "ticket_change_status",
                  "ticket_change_priority", "ticket_add_comment")
PUBLIC = "Respuesta pública (la ve el solicitante)"
INTERNAL = "Nota interna"

OK_COLOR = (110, 200, 110)
ERROR_COLOR = (230, 90, 90)
PHOTO_MAX_WIDTH = 300


class TicketView:
    def __init__(
        self,
        on_assign: Callable[[str | None], None],  # staff label, or None for "me"
        on_unassign: Callable[[], None],
        on_status: Callable[[str, str], None],
        on_priority: Callable[[str], None],
        on_comment: Callable[[str, bool], None],
        on_reload: Callable[[], None],
    ) -> None:
        dpg.add_texture_registry(tag=TEXTURES)
        with dpg.window(tag=WINDOW, label="Ticket", width=620, height=760, pos=(650, 30), show=False):
            with dpg.group(horizontal=True):
                dpg.add_text("", tag=FOLIO)
                dpg.add_button(label="Recargar", callback=lambda: on_reload())
            dpg.add_text("", tag=MESSAGE, wrap=580)
            with dpg.collapsing_header(label="Acciones", default_open=True, tag="ticket_header_actions"):
                with dpg.group(horizontal=True):
                    dpg.add_button(tag="ticket_assign_me", label="Asignarme", callback=lambda: on_assign(None))
                    dpg.add_combo([], tag=ASSIGNEE, width=220)
                    dpg.add_button(tag="ticket_assign", label="Asignar",
                                   callback=lambda: on_assign(dpg.get_value(ASSIGNEE)))
                    dpg.add_button(tag="ticket_unassign", label="Quitar asignación", callback=lambda: on_unassign())
                with dpg.group(horizontal=True):
                    dpg.add_combo([], tag=STATUS, width=170)
                    dpg.add_input_text(tag=STATUS_NOTE, hint="Comentario público (opcional)", width=230)
                    dpg.add_button(tag="ticket_change_status", label="Cambiar estado",
                                   callback=lambda: on_status(dpg.get_value(STATUS), dpg.get_value(STATUS_NOTE)))
                with dpg.group(horizontal=True):
                    dpg.add_combo([], tag=PRIORITY, width=170)
                    dpg.add_button(tag="ticket_change_priority", label="Cambiar prioridad",
                                   callback=lambda: on_priority(dpg.get_value(PRIORITY)))
                dpg.add_input_text(tag=COMMENT, multiline=True, width=-1, height=60,
                                   hint="Escriba una nota interna o una respuesta para el solicitante")
                with dpg.group(horizontal=True):
                    dpg.add_radio_button([INTERNAL, PUBLIC], tag=COMMENT_KIND, default_value=INTERNAL,
                                         horizontal=True)
                    dpg.add_button(tag="ticket_add_comment", label="Guardar",
                                   callback=lambda: on_comment(dpg.get_value(COMMENT),
                                                               dpg.get_value(COMMENT_KIND) == PUBLIC))
            with dpg.collapsing_header(label="Datos de la solicitud", default_open=True, tag="ticket_header_fields"):
                with dpg.table(tag=FIELDS, header_row=False, policy=dpg.mvTable_SizingStretchProp,
                               borders_innerH=True):
                    dpg.add_table_column(init_width_or_weight=0.35)
                    dpg.add_table_column(init_width_or_weight=0.65)
                dpg.add_text("Descripción:")
                dpg.add_input_text(tag=DESCRIPTION, multiline=True, readonly=True, width=-1, height=90)
            with dpg.collapsing_header(label="Fotos", default_open=True):
                dpg.add_group(tag=PHOTOS)
            with dpg.collapsing_header(label="Historial", default_open=True):
                dpg.add_group(tag=HISTORY)
            with (
                dpg.collapsing_header(label="Historial del equipo", default_open=True),
                dpg.table(tag=EQUIPMENT, header_row=True, policy=dpg.mvTable_SizingStretchProp, borders_innerH=True),
            ):
                for label in ("Folio", "Fecha", "Estado", "Categoría", "Descripción"):
                    dpg.add_table_column(label=label)

    # ---- state ----------------------------------------------------------------
    def show(self) -> None:
        dpg.configure_item(WINDOW, show=True)
        dpg.focus_item(WINDOW)

    def hide(self) -> None:
        dpg.configure_item(WINDOW, show=False)

    def set_busy(self, busy: bool) -> None:
        for tag in ACTION_BUTTONS:
            dpg.configure_item(tag, enabled=not busy)

    def set_message(self, message: str, ok: bool = True) -> None:
        dpg.set_value(MESSAGE, message)
        dpg.configure_item(MESSAGE, color=OK_COLOR if ok else ERROR_COLOR)

    def clear_comment(self) -> None:
        dpg.set_value(COMMENT, "")
        dpg.set_value(STATUS_NOTE, "")

    def show_detail(self, detail: TicketDetail, cats: Catalogs) -> None:
        t = detail.ticket
        dpg.configure_item(WINDOW, label=f"Ticket {t['folio']}")
        dpg.set_value(FOLIO, f"{t['folio']}  ·  {t['status_name']}  ·  prioridad {t['priority_name']}")
        dpg.delete_item(FIELDS, children_only=True, slot=1)
        for label, value in detail.fields():
            with dpg.table_row(parent=FIELDS):
                dpg.add_text(label)
                dpg.add_text(value or "", wrap=360)
        dpg.set_value(DESCRIPTION, t["description"])

        staff_labels = cats.staff_labels(with_all=False)
        dpg.configure_item(ASSIGNEE, items=staff_labels)
        current = next((cats.staff_label(s) for s in cats.staff if s["staff_id"] == t["assigned_to"]), "")
        dpg.set_value(ASSIGNEE, current)
        transitions = [r["name"] for r in cats.transitions_from(int(t["status_id"]))]
        dpg.configure_item(STATUS, items=transitions)
        dpg.set_value(STATUS, transitions[0] if transitions else "")
        priorities = cats.names("priority", with_all=False, active_only=True)
        dpg.configure_item(PRIORITY, items=priorities)
        dpg.set_value(PRIORITY, t["priority_name"])

        self._show_photos(detail)
        dpg.delete_item(HISTORY, children_only=True)
        for line in detail.history_lines():
            dpg.add_text(line, parent=HISTORY, wrap=580)
        dpg.delete_item(EQUIPMENT, children_only=True, slot=1)
        for h in detail.equipment_history:
            with dpg.table_row(parent=EQUIPMENT):
                dpg.add_text(h["folio"])
                dpg.add_text(local_time(h["created_at"]))
                dpg.add_text(h["status_name"])
                dpg.add_text(h["category_name"])
                dpg.add_text(h["description"], wrap=200)
        if not detail.equipment_history:
            with dpg.table_row(parent=EQUIPMENT):
                dpg.add_text("Sin otros tickets de este equipo.")

    def _show_photos(self, detail: TicketDetail) -> None:
        dpg.delete_item(PHOTOS, children_only=True)
        dpg.delete_item(TEXTURES, children_only=True)
        if not detail.attachments:
            dpg.add_text("La solicitud no trae fotos.", parent=PHOTOS)
        for item in detail.attachments:
            shown = False
            if item.showable and item.content:
                loaded = _load_image(item.content)
                if loaded is not None:
                    width, height, data = loaded
                    texture = dpg.add_static_texture(width, height, data, parent=TEXTURES)
                    scale = min(1.0, PHOTO_MAX_WIDTH / max(width, 1))
                    dpg.add_image(texture, parent=PHOTOS, width=int(width * scale), height=int(height * scale))
                    shown = True
            if not shown:
                dpg.add_text(f"{item.file_name}: vista previa no disponible ({item.content_type}).", parent=PHOTOS)
            dpg.add_text(f"{item.file_name} ({item.byte_size // 1024 or 1} KB)", parent=PHOTOS)


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
