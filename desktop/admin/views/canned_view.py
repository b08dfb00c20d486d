"""Respuestas predefinidas (administrators): the list with how often each one was inserted, and
an editor (title, text with placeholders, public or internal, active). The database validates
(title, length, known placeholders only), refuses operators and writes the Bitácora."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.views.common import AdminTab, fmt, saved_or_unchanged
from desktop.context import AppContext
from desktop.services import canned_service
from desktop.services.canned_service import CannedReply
from desktop.views import theme
from desktop.widgets.wrapped_text import WrappedTextBox

TABLE = "canned_admin_table"
TITLE = "canned_admin_title"
BODY = "canned_admin_body"
PUBLIC = "canned_admin_public"
ACTIVE = "canned_admin_active"
SAVE = "canned_admin_save"
NEW = "canned_admin_new"
MESSAGE = "canned_admin_message"
EDITING = "canned_admin_editing"
KINDS = ("Respuesta pública", "Nota interna")


class CannedView(AdminTab):
    label = "Respuestas predefinidas"
    tag = "admin_canned_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.replies: list[CannedReply] = []
        self.editing: int | None = None
        super().__init__(ctx, tab_bar)

    def build(self) -> None:
        dpg.add_text("Textos que el personal inserta en notas y respuestas (botón «Predefinidas (::)» o "
                     "«::» en el cuadro de texto). " + canned_service.PLACEHOLDER_HELP, wrap=0)
        with dpg.group(horizontal=True):
            with dpg.child_window(width=-460, height=-1, border=False):
                dpg.add_table(tag=TABLE, header_row=True, row_background=True, borders_innerH=True, scrollY=True,
                              height=-1, policy=dpg.mvTable_SizingStretchProp)
            with dpg.child_window(width=-1, height=-1, border=True):
                dpg.add_text("Nueva respuesta", tag=EDITING)
                dpg.add_input_text(tag=TITLE, width=-1, hint="Título (lo que se busca al insertarla)")
                self.body = WrappedTextBox(BODY, width=-1, height=-150,
                                           hint="Texto. Ejemplo: Hola {nombre}: su solicitud {folio} quedó resuelta.")
                dpg.add_radio_button(KINDS, tag=PUBLIC, default_value=KINDS[0], horizontal=True)
                dpg.add_checkbox(tag=ACTIVE, label="Activa (se ofrece al personal)", default_value=True)
                with dpg.group(horizontal=True):
                    dpg.add_button(tag=SAVE, label="Guardar", callback=lambda: self.save())
                    dpg.add_button(tag=NEW, label="Nueva", callback=lambda: self.edit(None))
                dpg.add_text("", tag=MESSAGE, wrap=0)

    def job(self) -> Callable[[], list[CannedReply]]:
        return lambda: canned_service.list_all(self.ctx.call)

    def show(self, replies: list[CannedReply]) -> None:
        self.replies = replies
        dpg.delete_item(TABLE, children_only=True)
        for header, weight in (("Título", 3.0), ("Tipo", 1.0), ("Activa", 0.7), ("Usos", 0.7), ("Último uso", 1.6)):
            dpg.add_table_column(label=header, parent=TABLE, init_width_or_weight=weight)
        height = theme.framed_line_height()  # the first cell level with the others
        theme.bind(TABLE, "queue_rows")
        for reply in replies:
            with dpg.table_row(parent=TABLE):
                dpg.add_selectable(label=reply.title, span_columns=True, user_data=reply.reply_id, height=height,
                                   tag=f"canned_admin_row_{reply.reply_id}", callback=lambda s, a, u: self.edit(u))
                dpg.add_text(reply.kind)
                dpg.add_text(fmt(reply.is_active))
                dpg.add_text(fmt(reply.use_count))
                dpg.add_text(fmt(reply.last_used_at))
        if not replies:
            with dpg.table_row(parent=TABLE):
                dpg.add_text("Todavía no hay respuestas predefinidas: escriba la primera a la derecha.")

    def edit(self, reply_id: int | None) -> None:
        reply = next((r for r in self.replies if r.reply_id == reply_id), None)
        self.editing = reply.reply_id if reply else None
        dpg.set_value(EDITING, f"Editar «{reply.title}»" if reply else "Nueva respuesta")
        dpg.set_value(TITLE, reply.title if reply else "")
        self.body.value = reply.body if reply else ""
        dpg.set_value(PUBLIC, KINDS[0] if reply is None or reply.is_public else KINDS[1])
        dpg.set_value(ACTIVE, reply.is_active if reply else True)
        dpg.set_value(MESSAGE, "")

    def save(self) -> None:
        values: dict[str, Any] = {
            "reply_id": self.editing, "title": dpg.get_value(TITLE) or "", "body": self.body.value,
            "is_public": dpg.get_value(PUBLIC) == KINDS[0], "is_active": bool(dpg.get_value(ACTIVE)),
        }

        def done(saved: tuple[int, bool]) -> None:
            self.editing, changed = saved
            dpg.set_value(MESSAGE, saved_or_unchanged(changed, f"Guardada: «{values['title'].strip()}»."))
            dpg.set_value(EDITING, f"Editar «{values['title'].strip()}»")
            self.load()

        dpg.set_value(MESSAGE, "Guardando…")
        self.run(lambda: canned_service.save(self.ctx.call, **values), done, MESSAGE)
