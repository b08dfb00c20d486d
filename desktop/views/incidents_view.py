"""The «Incidentes» tab (issue 18) and its two small pieces elsewhere in the main window:

- a suggestion bar above the tabs, «5 reportes parecidos en Campus II · Aulas en 20 min — ¿agrupar?»,
  whose button opens the proposed group in this tab (the database proposes; polled every minute);
- the incident list and one incident: its tickets (add the queue's selection, remove one), one
  public reply to all, the public notice for the web form, and resolving (one line per ticket);
- the ticket's side information: its incident and «Falla repetida» with links to the other tickets.

desktop/screens wires it: session.py builds it, monitor.py calls `tick()` every frame and ticket.py
`show_ticket_side(...)` when a ticket opens. Blocking calls go through ctx.run_async; the rules are
in the staff.* procedures.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.context import AppContext, user_message
from desktop.services.formatting import local_time, short_time
from desktop.services.incident_service import (
    NOTICE_HOURS,
    IncidentDetail,
    IncidentService,
    Suggestion,
    TicketSide,
    outcome_lines,
    repeat_text,
    reports_text,
)
from desktop.views import main_window, theme
from desktop.widgets.wrapped_text import WrappedTextBox

POLL_SECONDS = float(os.environ.get("ITL_DESK_SUGGEST_SECONDS", "60"))
TAB = "incidents_tab"
BAR = "incident_suggest_bar"
BAR_TEXT = "incident_suggest_text"
BAR_OPEN = "incident_suggest_open"
STAMP = "incident_stamp"
LIST = "incident_list"
LIST_WIDTH = 500
TITLE_WRAP = 230  # px: the «Incidente» column of the list (the others fit their text)
TABLE = "incident_table"
DETAIL = "incident_detail"
MSG = "incident_message"
TITLE = "incident_title_input"
CREATE = "incident_create"
ADD_SELECTED = "incident_add_selected"
REPLY = "incident_reply_input"
REPLY_SEND = "incident_reply_send"
NOTICE_BODY = "incident_notice_body"
NOTICE_HOURS_INPUT = "incident_notice_hours"
PUBLISH = "incident_publish"
WITHDRAW = "incident_withdraw"
RESOLVE_BODY = "incident_resolve_input"
RESOLVE = "incident_resolve"
CONFIRM = "incident_confirm"
CONFIRM_TEXT = "incident_confirm_text"
CONFIRM_OK = "incident_confirm_ok"
CONFIRM_CANCEL = "incident_confirm_cancel"
RESULT = "incident_result"
SIDE_GROUP = "incident_ticket_side"


def explain(exc: Exception) -> str:
    """The service's own Spanish ValueError texts, else the registry's message."""
    return str(exc) if isinstance(exc, ValueError) else user_message(exc)


def pick_tag(ticket_id: int) -> str:
    return f"incident_pick_{ticket_id}"


class IncidentsView:
    def __init__(self, ctx: AppContext, tab_bar: int | str, open_ticket: Callable[[int], None],
                 selection: Callable[[], list[int]]) -> None:
        self.ctx = ctx
        self.service = IncidentService(ctx.call)
        self.tab_bar = tab_bar
        self.open_ticket = open_ticket
        self.selection = selection
        self.suggestions: list[Suggestion] = []
        self.proposal: Suggestion | None = None
        self.current: IncidentDetail | None = None
        self.pending: tuple[str, str] | None = None  # (action, text) awaiting «Confirmar»
        self.rows: list[dict[str, Any]] = []
        self.polling = False
        self.last_poll = 0.0
        self.busy = False
        self._build()

    # ---- widgets ------------------------------------------------------------------------
    def _build(self) -> None:
        with dpg.child_window(tag=BAR, parent=main_window.MAIN_WINDOW, before=self.tab_bar, height=40, show=False,
                              border=True, no_scrollbar=True), dpg.group(horizontal=True):
            dpg.add_text("", tag=BAR_TEXT)
            dpg.add_button(label="Ver grupo propuesto", tag=BAR_OPEN, callback=lambda: self.open_proposal(0))
        theme.bind(BAR, theme.NOTICE_THEME)
        with dpg.tab(label="Incidentes", parent=self.tab_bar, tag=TAB):
            with dpg.group(horizontal=True):
                dpg.add_button(label="Actualizar", callback=lambda: self.refresh())
                dpg.add_button(label="Agrupar los seleccionados en la cola", tag="incident_group_selected",
                               callback=lambda: self.propose_selection())
                dpg.add_text("", tag=STAMP)
            with dpg.group(horizontal=True):
                with dpg.child_window(tag=LIST, width=LIST_WIDTH, height=-1, border=True):
                    # Number, reports and status as wide as their text (never cut); the title takes the rest.
                    dpg.add_table(tag=TABLE, header_row=True, row_background=True, borders_innerH=True,
                                  policy=dpg.mvTable_SizingFixedFit, scrollY=True, height=-1)
                dpg.add_child_window(tag=DETAIL, width=-1, height=-1, border=True)
        self._placeholder("Elija un incidente de la lista, o abra un grupo propuesto.")

    def _placeholder(self, text: str) -> None:
        dpg.delete_item(DETAIL, children_only=True)
        theme.label(text, parent=DETAIL, wrap=0)

    # ---- polling and the list -------------------------------------------------------------
    def tick(self) -> None:
        if not self.polling and time.monotonic() - self.last_poll > POLL_SECONDS:
            self.refresh()

    def refresh(self) -> None:
        if self.polling:
            return
        self.polling = True
        self.last_poll = time.monotonic()
        dpg.set_value(STAMP, "Cargando…")

        def work() -> tuple[list[Suggestion], list[dict[str, Any]]]:
            return self.service.suggestions(), self.service.incidents()

        self.ctx.run_async(work, self._refreshed, self._refresh_failed)

    def _refresh_failed(self, exc: Exception) -> None:
        self.polling = False
        dpg.set_value(STAMP, user_message(exc))

    def _refreshed(self, result: tuple[list[Suggestion], list[dict[str, Any]]]) -> None:
        self.polling = False
        self.suggestions, self.rows = result
        dpg.set_value(STAMP, f"{len(self.rows)} incidente(s); {len(self.suggestions)} grupo(s) propuesto(s).")
        if self.suggestions:
            dpg.set_value(BAR_TEXT, self.suggestions[0].text())
        dpg.configure_item(BAR, show=bool(self.suggestions))
        dpg.delete_item(TABLE, children_only=True)
        for header in ("N.º", "Incidente", "Reportes", "Estado"):  # «#» alone: Dear PyGui hides it (##)
            dpg.add_table_column(label=header, parent=TABLE, width_stretch=header == "Incidente")
        for r in self.rows:
            with dpg.table_row(parent=TABLE):
                dpg.add_selectable(label=str(r["incident_id"]), span_columns=True,
                                   tag=f"incident_row_{r['incident_id']}", user_data=r["incident_id"],
                                   callback=lambda s, a, u: self.open_incident(u))
                dpg.add_text(f"{r['title']} · {r['place_name']}", wrap=TITLE_WRAP)  # wrap=0 overflows a cell
                dpg.add_text(str(r["ticket_count"]))
                dpg.add_text(r["status"] + (" · aviso" if r["notice_showing"] else ""))

    # ---- a proposed group -------------------------------------------------------------------
    def show_tab(self) -> None:
        dpg.set_value(self.tab_bar, TAB)

    def open_proposal(self, index: int) -> None:
        if index >= len(self.suggestions):
            return
        self.show_tab()
        self.propose(self.suggestions[index])

    def propose_selection(self) -> None:
        """The queue's selected tickets as a group to create (the place and category come from the
        first one the database proposes with them, else the operator's first ticket's group)."""
        ids = self.selection()
        if not ids:
            self._placeholder("Seleccione tickets en la cola (o abra uno) y vuelva a intentarlo.")
            return
        match = next((s for s in self.suggestions if set(ids) & set(s.ticket_ids)), None)
        if self.current is not None and self.current.is_open:
            self._act(lambda: self.service.add(self.current.incident["incident_id"], ids),
                      lambda _: self.open_incident(self.current.incident["incident_id"],
                                                   f"{len(ids)} ticket(s) agregados."))
            return
        if match is None:  # the operator's own group: place and category of its first ticket
            self.show_tab()
            self.ctx.run_async(lambda: self.service.selection_group(ids), self.propose,
                               lambda e: self._placeholder(explain(e)))
            return
        chosen = Suggestion(match.campus_id, match.campus_name, match.building, match.category_id,
                            match.category_name, match.span_minutes, match.incident_id,
                            [t for t in match.tickets if t["ticket_id"] in ids])
        self.propose(chosen)

    def propose(self, s: Suggestion) -> None:
        self.proposal, self.current, self.pending = s, None, None
        dpg.delete_item(DETAIL, children_only=True)
        with dpg.group(parent=DETAIL):
            theme.label("Grupo propuesto" if s.location_id is None else "Grupo de los tickets seleccionados",
                        "accent")
            dpg.add_text(s.text() if s.location_id is None else f"{s.size} ticket(s) en {s.campus_name} · "
                         f"{s.building} · {s.category_name}", wrap=0)
            dpg.add_text("", tag=MSG, wrap=0, color=(255, 200, 90))
            dpg.add_text("Título del incidente")
            dpg.add_input_text(tag=TITLE, default_value=s.title(), width=-1)
            dpg.add_text("Tickets del grupo (quite la marca de los que no son de esta falla):")
            for t in s.tickets:  # the folio and time by the box; place and description below it, wrapped (never cut)
                dpg.add_checkbox(tag=pick_tag(int(t["ticket_id"])), default_value=True,
                                 label=f"{t['folio']} · {short_time(t['created_at'])}")
                dpg.add_text(theme.displayable(f"{t['location_name']} — {str(t['description'])[:200]}"), wrap=0,
                             indent=34)
            dpg.add_spacer(height=6)
            if s.incident_id:
                dpg.add_button(label=f"Agregar al incidente #{s.incident_id}", tag=CREATE,
                               callback=lambda: self.create(s))
            else:
                dpg.add_button(label="Crear incidente", tag=CREATE, callback=lambda: self.create(s))

    def create(self, s: Suggestion) -> None:
        ids = [i for i in s.ticket_ids if dpg.get_value(pick_tag(i))]
        title = dpg.get_value(TITLE)
        if s.incident_id:
            incident_id = int(s.incident_id)
            self._act(lambda: self.service.add(incident_id, ids),
                      lambda _: self.open_incident(incident_id, f"{len(ids)} ticket(s) agregados."))
            return
        building = None if s.location_id else s.building
        self._act(lambda: self.service.create(title, s.campus_id, building, s.category_id, ids, s.location_id),
                  lambda incident_id: self.open_incident(incident_id, "Incidente creado."))

    # ---- one incident -----------------------------------------------------------------------
    def open_incident(self, incident_id: int, message: str = "") -> None:
        self.show_tab()
        self.ctx.run_async(lambda: self.service.detail(incident_id), lambda d: self._show(d, message),
                           lambda e: self._say(explain(e)))
        self.refresh()

    def _show(self, d: IncidentDetail, message: str) -> None:
        self.current, self.proposal, self.pending = d, None, None
        i = d.incident
        p = theme.palette()
        dpg.delete_item(DETAIL, children_only=True)
        with dpg.group(parent=DETAIL):
            theme.label(f"Incidente #{i['incident_id']}: {i['title']}", "accent", wrap=0)
            dpg.add_text(f"{i['campus_name']} · {i['place_name']} · {i['category_name']} · "
                         f"desde {local_time(i['started_at'])} · {i['status']}", wrap=0)
            dpg.add_text(f"{reports_text(len(d.tickets))}. Abierto por {i['opened_by_name']}.", color=p.muted)
            dpg.add_text(message, tag=MSG, wrap=0, color=p.ok)
            with dpg.table(header_row=True, row_background=True, borders_innerH=True,
                           policy=dpg.mvTable_SizingFixedFit):  # folio, status, date: as wide as their text
                for header in ("Folio", "Estado", "Recibido", "Lugar", ""):
                    dpg.add_table_column(label=header, width_stretch=header == "Lugar")
                for t in d.tickets:
                    with dpg.table_row():
                        dpg.add_selectable(label=t["folio"], callback=lambda s, a, u: self.open_ticket(u),
                                           user_data=int(t["ticket_id"]), tag=f"incident_ticket_{t['ticket_id']}")
                        dpg.add_text(t["status_name"])
                        dpg.add_text(short_time(t["created_at"]))
                        dpg.add_text(t["location_name"] or "")
                        if d.is_open:
                            dpg.add_button(label="Quitar", tag=f"incident_remove_{t['ticket_id']}",
                                           callback=lambda s, a, u: self.remove(u), user_data=int(t["ticket_id"]))
                        else:
                            dpg.add_text("")
            if not d.is_open:
                dpg.add_spacer(height=6)
                theme.label(f"Resuelto el {local_time(i['resolved_at'])}", "accent")
                dpg.add_text(i["resolution"] or "", wrap=0)
                dpg.add_text("", tag=RESULT, wrap=0)
                return
            dpg.add_button(label="Agregar los tickets seleccionados en la cola", tag=ADD_SELECTED,
                           callback=lambda: self.propose_selection())
            self._actions(d)

    def _actions(self, d: IncidentDetail) -> None:
        i = d.incident
        dpg.add_spacer(height=6)
        theme.label("Respuesta pública a todos los reportes", "accent")
        self.reply_box = WrappedTextBox(REPLY, width=-1, height=64, hint="La ve cada persona solicitante en su "
                                        "historial y en la página de consulta")
        dpg.add_button(label="Responder a todos", tag=REPLY_SEND, callback=lambda: self.ask("reply"))
        with dpg.group(tag=CONFIRM, show=False):
            dpg.add_text("", tag=CONFIRM_TEXT, wrap=0, color=theme.palette().warn)
            with dpg.group(horizontal=True):
                dpg.add_button(label="Confirmar", tag=CONFIRM_OK, callback=lambda: self.confirm())
                dpg.add_button(label="Cancelar", tag=CONFIRM_CANCEL, callback=lambda: self.cancel())
        dpg.add_spacer(height=6)
        theme.label("Aviso en el formulario web", "accent")
        state = (f"Se muestra hasta {local_time(i['notice_valid_until'])}" if i["notice_showing"]
                 else "Sin aviso visible.")
        dpg.add_text(state, wrap=0)
        dpg.add_input_text(tag=NOTICE_BODY, width=-1, default_value=i["notice_body"] or "",
                           hint="Ejemplo: sin Internet en el edificio; ya trabajamos en el enlace.")
        with dpg.group(horizontal=True):
            dpg.add_text("Horas de vigencia")
            dpg.add_input_int(tag=NOTICE_HOURS_INPUT, default_value=NOTICE_HOURS, width=110, min_value=1,
                              max_value=720, min_clamped=True, max_clamped=True)
            dpg.add_button(label="Publicar aviso", tag=PUBLISH, callback=lambda: self.publish())
            dpg.add_button(label="Retirar aviso", tag=WITHDRAW, callback=lambda: self.withdraw(),
                           enabled=bool(i["notice_showing"]))
        dpg.add_spacer(height=6)
        theme.label("Resolver el incidente", "accent")
        self.resolve_box = WrappedTextBox(RESOLVE_BODY, width=-1, height=56, hint="Mensaje público: qué se hizo. "
                                          "Cada ticket pasa a «Resuelto» con este mensaje.")
        dpg.add_button(label="Resolver incidente", tag=RESOLVE, callback=lambda: self.ask("resolve"))
        dpg.add_text("", tag=RESULT, wrap=0)

    # ---- actions ------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        if dpg.does_item_exist(MSG):
            dpg.set_value(MSG, text)
        else:
            self._placeholder(text)

    def _act(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self.busy:
            return
        self.busy = True
        self._say("Enviando…")

        def ok(result: Any) -> None:
            self.busy = False
            done(result)

        def failed(exc: Exception) -> None:
            self.busy = False
            self._say(user_message(exc))

        self.ctx.run_async(work, ok, failed)

    def ask(self, action: str) -> None:
        """A public text to many people: shown once more, sent only on «Confirmar»."""
        d = self.current
        if d is None:
            return
        text = (self.reply_box if action == "reply" else self.resolve_box).value.strip()
        if not text:
            self._say("Escriba el mensaje antes de enviarlo.")
            return
        what = "Se enviará a" if action == "reply" else "Se resolverán los tickets de"
        self.pending = (action, text)
        dpg.set_value(CONFIRM_TEXT, f"{what} {len(d.tickets)} solicitud(es), públicamente: «{text}»")
        dpg.configure_item(CONFIRM, show=True)

    def cancel(self) -> None:
        self.pending = None
        dpg.configure_item(CONFIRM, show=False)

    def confirm(self) -> None:
        d, pending = self.current, self.pending
        if d is None or pending is None:
            return
        incident_id = int(d.incident["incident_id"])
        action, text = pending
        self.pending = None
        if action == "reply":
            self._act(lambda: self.service.reply(incident_id, text),
                      lambda n: self.open_incident(incident_id, f"Respuesta enviada a {n} ticket(s)."))
        else:
            self._act(lambda: self.service.resolve(incident_id, text), lambda rows: self._resolved(incident_id, rows))

    def _resolved(self, incident_id: int, rows: list[dict[str, Any]]) -> None:
        lines = outcome_lines(rows)
        stuck = sum(1 for r in rows if r["outcome"] == "no_movido")

        def shown(d: IncidentDetail) -> None:
            self._show(d, "Incidente resuelto." + (f" {stuck} ticket(s) no se pudieron mover." if stuck else ""))
            dpg.set_value(RESULT, "\n".join(lines))

        self.ctx.run_async(lambda: self.service.detail(incident_id), shown, lambda e: self._say(user_message(e)))
        self.refresh()

    def remove(self, ticket_id: int) -> None:
        d = self.current
        if d is None:
            return
        incident_id = int(d.incident["incident_id"])
        self._act(lambda: self.service.remove(incident_id, ticket_id),
                  lambda _: self.open_incident(incident_id, "Ticket quitado del incidente."))

    def publish(self) -> None:
        d = self.current
        if d is None:
            return
        body, hours = dpg.get_value(NOTICE_BODY), int(dpg.get_value(NOTICE_HOURS_INPUT) or NOTICE_HOURS)
        incident_id = int(d.incident["incident_id"])
        self._act(lambda: self.service.publish(d, body, hours),
                  lambda _: self.open_incident(incident_id, "Aviso publicado en el formulario web."))

    def withdraw(self) -> None:
        d = self.current
        if d is None:
            return
        incident_id = int(d.incident["incident_id"])
        self._act(lambda: self.service.withdraw(incident_id),
                  lambda _: self.open_incident(incident_id, "Aviso retirado."))


def show_ticket_side(view: IncidentsView | None, side: int | str, ticket_id: int) -> None:
    """The ticket's incident and «falla repetida», appended to the ticket's side panel."""
    if view is None or not dpg.does_item_exist(side):
        return
    if dpg.does_item_exist(SIDE_GROUP):
        dpg.delete_item(SIDE_GROUP)
    dpg.add_group(tag=SIDE_GROUP, parent=side)

    def shown(info: TicketSide) -> None:
        if not dpg.does_item_exist(SIDE_GROUP):
            return
        p = theme.palette()
        i = info.info
        if i["incident_id"] is None and not info.failures:
            return
        dpg.add_spacer(height=4, parent=SIDE_GROUP)
        theme.label("Incidente y equipo", "accent", parent=SIDE_GROUP)
        dpg.add_separator(parent=SIDE_GROUP)
        if i["incident_id"] is not None:
            dpg.add_text(f"Parte del incidente #{i['incident_id']} ({i['incident_status']}): {i['incident_title']}. "
                         f"{reports_text(int(i['incident_ticket_count']))}.", wrap=0, parent=SIDE_GROUP)
            dpg.add_button(label="Ver incidente", tag="incident_side_open", parent=SIDE_GROUP,
                           callback=lambda: view.open_incident(int(i["incident_id"])))
        if info.failures:
            dpg.add_text(repeat_text(int(i["failure_count"]), i["window_days"]) + f" ({i['equipment_tag']}):",
                         wrap=0, parent=SIDE_GROUP, color=p.warn)
            for f in info.failures:
                if int(f["ticket_id"]) == ticket_id:
                    dpg.add_text(f"{f['folio']} (este) · {short_time(f['created_at'])}", parent=SIDE_GROUP)
                    continue
                dpg.add_selectable(label=f"{f['folio']} · {short_time(f['created_at'])} · {f['status_name']}",
                                   parent=SIDE_GROUP, callback=lambda s, a, u: view.open_ticket(u),
                                   user_data=int(f["ticket_id"]))

    view.ctx.run_async(lambda: view.service.ticket_side(ticket_id), shown, lambda e: None)
