"""Bulk actions on the queue's selection: assign, change priority, or change status with one
public comment, then the result of each ticket («Hecho» / «Rechazado: motivo»). Each ticket goes
through the same procedure as a single change (desktop/services/bulk_service.py). Also prints
the «orden de servicio» of every selected ticket.

The queue view calls `open(ticket_ids)` with its selection (its `on_bulk_action` hook)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.services import bulk_service
from desktop.services.bulk_service import BulkOutcome, BulkTicket
from desktop.services.catalog_service import Catalogs
from desktop.views import theme
from desktop.widgets.wrapped_text import WrappedTextBox

WINDOW = "bulk_window"
TITLE = "bulk_title"
ACTION = "bulk_action"
CHOICES_LIST = "bulk_choices"  # the people, priorities or statuses to choose from (one click)
CHOSEN = "bulk_chosen"
COMMENT = "bulk_comment"
COMMENT_GROUP = "bulk_comment_group"
APPLY = "bulk_apply"
ORDERS = "bulk_orders"
MESSAGE = "bulk_message"
RESULTS = "bulk_results"
CONFIRM = "bulk_confirm"  # a public comment going to many requesters is confirmed first
CONFIRM_TEXT = "bulk_confirm_text"
CONFIRM_OK = "bulk_confirm_ok"
CONFIRM_CANCEL = "bulk_confirm_cancel"
CHOICES = {"Asignar a": "asignar", "Cambiar prioridad": "prioridad", "Cambiar estado": "estado"}
WIDTH, HEIGHT = 720, 540  # at least; the dialog grows with the window (open)
MAX_WIDTH, MAX_HEIGHT = 1100, 900
FOLIO_WIDTH, STATUS_WIDTH = 190, 190


class BulkDialog:
    def __init__(self, run_async: Callable[..., None], call: Callable[..., list[dict[str, Any]]],
                 rows: Callable[[], list[dict[str, Any]]], cats: Callable[[], Catalogs],
                 on_done: Callable[[list[BulkOutcome]], None], on_orders: Callable[[list[int]], None],
                 me: Callable[[], int | None] = lambda: None) -> None:
        self.run_async = run_async
        self.me = me  # the operator's staff id: first in «Asignar a»
        self.call = call
        self.rows = rows  # the queue rows on screen (their row_version is what the operator saw)
        self.cats = cats
        self.on_done = on_done
        self.on_orders = on_orders
        self.tickets: list[BulkTicket] = []
        self.outcomes: list[BulkOutcome] = []
        self.busy = False
        self.result_tags: dict[int, int | str] = {}
        self.choice_tags: dict[str, int | str] = {}  # label -> selectable
        self.chosen: str = ""
        self.width = WIDTH
        with dpg.window(tag=WINDOW, label="Acciones con la selección", show=False, no_collapse=True,
                        width=WIDTH, height=HEIGHT, no_saved_settings=True, on_close=lambda: self.close()):
            dpg.add_text("", tag=TITLE, wrap=0)
            dpg.add_radio_button(list(CHOICES), tag=ACTION, default_value="Asignar a", horizontal=True,
                                 callback=lambda: self._action_changed())
            dpg.add_child_window(tag=CHOICES_LIST, height=130, border=True)
            dpg.add_text("", tag=CHOSEN)
            with dpg.group(tag=COMMENT_GROUP, show=False):
                theme.label("Comentario público (lo verá la persona solicitante)")
                self.comment = WrappedTextBox(COMMENT, width=-1, height=60,
                                              hint="Opcional: el mismo comentario para todos los tickets")
            with dpg.group(horizontal=True):
                dpg.add_button(tag=APPLY, label="Aplicar", callback=lambda: self.apply())
                dpg.add_button(tag=ORDERS, label="Órdenes de servicio (PDF)",
                               callback=lambda: self.on_orders([t.ticket_id for t in self.tickets]))
                dpg.add_button(label="Cerrar", callback=lambda: self.close())
            dpg.add_text("", tag=MESSAGE, wrap=0)
            # The rest of the window: one row per ticket, scrollable; the reason wraps inside its column.
            with dpg.table(tag=RESULTS, header_row=True, borders_innerH=True, row_background=True,
                           policy=dpg.mvTable_SizingFixedFit, scrollY=True, height=-1, freeze_rows=1):
                dpg.add_table_column(label="Folio", width_fixed=True, init_width_or_weight=FOLIO_WIDTH)
                dpg.add_table_column(label="Estado anterior", width_fixed=True, init_width_or_weight=STATUS_WIDTH)
                dpg.add_table_column(label="Resultado", width_stretch=True)
        with dpg.window(tag=CONFIRM, label="Confirmar comentario público", modal=True, show=False, no_collapse=True,
                        width=620, height=360, no_saved_settings=True, no_close=True):
            dpg.add_text("", tag=f"{CONFIRM}_title", wrap=580)
            with dpg.child_window(height=-44, border=True):
                dpg.add_text("", tag=CONFIRM_TEXT, wrap=560)
            with dpg.group(horizontal=True):
                dpg.add_button(tag=CONFIRM_OK, label="Sí, cambiar y enviar", callback=lambda: self.confirm())
                dpg.add_button(tag=CONFIRM_CANCEL, label="Cancelar (Esc)", callback=lambda: self.cancel_confirm())
        theme.bind(APPLY, theme.PRIMARY_BUTTON)
        theme.bind(CONFIRM_OK, theme.DANGER_BUTTON)
        self._pending: tuple[str, int | None, str] | None = None

    # ---- confirmation of a public comment ------------------------------------------------------
    def confirming(self) -> bool:
        return bool(dpg.does_item_exist(CONFIRM) and dpg.is_item_shown(CONFIRM))

    def _ask(self, choice: tuple[str, int | None, str]) -> None:
        """How many tickets and the exact text, before a public comment goes to every requester."""
        self._pending = choice
        count = len(self.tickets)
        dpg.set_value(f"{CONFIRM}_title", f"Se cambiará el estado de {count} ticket(s) a «{self.chosen}» y cada "
                                          f"persona solicitante ({count}) leerá este comentario público:")
        dpg.set_value(CONFIRM_TEXT, theme.displayable(choice[2]))
        dpg.configure_item(CONFIRM_OK, label=f"Sí, cambiar y enviar a {count}")
        vw, vh = _viewport_size()
        w, h = min(720, vw - 80), min(420, vh - 80)
        dpg.configure_item(CONFIRM, show=True, width=w, height=h, pos=(max(0, (vw - w) // 2), max(0, (vh - h) // 2)))
        dpg.configure_item(f"{CONFIRM}_title", wrap=w - 40)
        dpg.configure_item(CONFIRM_TEXT, wrap=w - 60)
        dpg.focus_item(CONFIRM)

    def confirm(self) -> None:
        choice, self._pending = self._pending, None
        dpg.configure_item(CONFIRM, show=False)
        if choice is not None:
            self._run(*choice)

    def cancel_confirm(self) -> None:
        """Esc or «Cancelar»: nothing is sent; the comment stays in its box to be edited."""
        self._pending = None
        dpg.configure_item(CONFIRM, show=False)
        self.set_message("No se cambió nada: el comentario sigue en su cuadro.")

    def handle_key(self, name: str) -> bool:
        """Keys while the confirmation is shown: Esc cancels it (the comment stays in its box), Enter
        confirms. True: the key was the confirmation's."""
        if not self.confirming():
            return False
        if name == "escape":
            self.cancel_confirm()
        elif name == "enter":
            self.confirm()
        return True

    # ---- open / close --------------------------------------------------------------
    def is_open(self) -> bool:
        return bool(dpg.does_item_exist(WINDOW) and dpg.is_item_shown(WINDOW))

    def open(self, ticket_ids: list[int]) -> None:
        self.tickets = bulk_service.tickets_from_rows(self.rows(), ticket_ids)
        self.outcomes = []
        if not self.tickets:
            return
        self.comment.value = ""
        dpg.set_value(ACTION, "Asignar a")
        count = len(self.tickets)
        folios = ", ".join(t.folio for t in self.tickets[:12]) + ("…" if count > 12 else "")
        dpg.set_value(TITLE, f"{count} ticket(s) seleccionado(s): {folios}")
        dpg.configure_item(APPLY, label=f"Aplicar a {count} ticket(s)", enabled=True)
        self._action_changed()
        self._show_results([])
        self.set_message("Cada ticket pasa por las mismas reglas que un cambio individual; si alguno no se "
                         "puede cambiar, aquí se dice por qué y los demás se cambian igual.")
        vw, vh = _viewport_size()
        # As large as the window allows (at 1366×768 the results get most of the height), centred.
        self.width = max(WIDTH, min(MAX_WIDTH, vw - 80))
        height = max(HEIGHT, min(MAX_HEIGHT, vh - 40))
        dpg.configure_item(CHOICES_LIST, height=max(130, min(300, height // 3)))  # more people in view
        dpg.configure_item(WINDOW, show=True, width=self.width, height=height,
                           pos=(max(0, (vw - self.width) // 2), max(0, (vh - height) // 2)))
        dpg.focus_item(WINDOW)

    def close(self) -> None:
        self._pending = None
        for tag in (CONFIRM, WINDOW):
            if dpg.does_item_exist(tag):
                dpg.configure_item(tag, show=False)

    def set_message(self, text: str, ok: bool = True) -> None:
        p = theme.palette()
        dpg.set_value(MESSAGE, text)
        dpg.configure_item(MESSAGE, color=p.text if ok else p.error)

    def _labels(self, action: str) -> list[str]:
        cats = self.cats()
        if action == "asignar":  # the operator first (the usual choice), then everyone as in the catalog
            mine = [cats.staff_label(r) for r in cats.staff if int(r["staff_id"]) == self.me()]
            return mine + [label for label in cats.staff_labels(with_all=False) if label not in mine]
        if action == "prioridad":
            return cats.names("priority", with_all=False, active_only=True)
        return cats.names("status", with_all=False)

    def _action_changed(self) -> None:
        action = CHOICES[dpg.get_value(ACTION)]
        dpg.configure_item(COMMENT_GROUP, show=action == "estado")
        dpg.delete_item(CHOICES_LIST, children_only=True)
        self.choice_tags = {}
        for label in self._labels(action):
            self.choice_tags[label] = dpg.add_selectable(label=label, parent=CHOICES_LIST, user_data=label,
                                                         callback=lambda s, a, u: self.choose(u))
        self.choose("")

    def choose(self, label: str) -> None:
        self.chosen = label
        for name, tag in self.choice_tags.items():
            dpg.set_value(tag, name == label)
        dpg.set_value(CHOSEN, f"Elegido: {label}" if label else "Elija de la lista.")

    # ---- apply ----------------------------------------------------------------------
    def choice(self) -> tuple[str, int | None, str]:
        """(action, value id, comment) from the widgets; ValueError with a Spanish message."""
        action = CHOICES[dpg.get_value(ACTION)]
        cats = self.cats()
        if action == "asignar":
            value = cats.staff_id_of(self.chosen)
            missing = "Elija a la persona de la lista."
        elif action == "prioridad":
            value = cats.id_of("priority", self.chosen)
            missing = "Elija la prioridad de la lista."
        else:
            value = cats.id_of("status", self.chosen)
            missing = "Elija el nuevo estado de la lista."
        if value is None:
            raise ValueError(missing)
        return action, value, self.comment.value if action == "estado" else ""

    def apply(self) -> None:
        if self.busy or not self.tickets:
            return
        try:
            action, value, comment = self.choice()
        except ValueError as exc:
            self.set_message(str(exc), ok=False)
            return
        if action == "estado" and comment.strip():
            self._ask((action, value, comment))  # public text to many requesters: confirmed first
            return
        self._run(action, value, comment)

    def _run(self, action: str, value: int | None, comment: str) -> None:
        if self.busy or not self.tickets:
            return
        self.busy = True
        dpg.configure_item(APPLY, enabled=False)
        self.set_message(f"Aplicando a {len(self.tickets)} ticket(s)…")
        tickets = list(self.tickets)
        self.run_async(lambda: bulk_service.run_bulk(self.call, tickets, action, value, comment), self._applied,
                       self._failed)

    def _applied(self, outcomes: list[BulkOutcome]) -> None:
        self.busy = False
        self.outcomes = outcomes
        self._show_results(outcomes)
        refused = any(not o.ok and not o.unchanged for o in outcomes)
        self.set_message(bulk_service.summary(outcomes), ok=not refused)
        self.on_done(outcomes)

    def _failed(self, exc: Exception) -> None:
        from desktop.context import user_message

        self.busy = False
        dpg.configure_item(APPLY, enabled=True)
        self.set_message(user_message(exc), ok=False)

    def _show_results(self, outcomes: list[BulkOutcome]) -> None:
        for child in dpg.get_item_children(RESULTS, 1) or []:
            dpg.delete_item(child)
        self.result_tags = {}
        p = theme.palette()
        status = {int(r["ticket_id"]): str(r.get("status_name") or "") for r in self.rows()}
        wrap = self.width - FOLIO_WIDTH - STATUS_WIDTH - 70  # the Resultado column (wrap=0 would overflow it)
        for o in outcomes:
            with dpg.table_row(parent=RESULTS):
                dpg.add_text(o.folio)
                dpg.add_text(status.get(o.ticket_id, ""), wrap=STATUS_WIDTH - 10)
                # The database's own sentence for this ticket (errors.tsv), never a generic one.
                if o.ok:
                    text, color = "Hecho", p.ok
                elif o.unchanged:  # already so: nothing to fix, not an alarm
                    text, color = f"Sin cambios: {o.message}", p.muted
                else:
                    text, color = f"Rechazado: {o.message}", p.error
                self.result_tags[o.ticket_id] = dpg.add_text(text, wrap=wrap, color=color)


def _viewport_size() -> tuple[int, int]:
    try:
        return dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    except Exception:
        return 1366, 768
