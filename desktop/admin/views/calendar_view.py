"""Horario: the weekly schedule of a campus (its versions, and a form for a new one from a date
on) and the non-working days of a year (add a period, take a day back or restore it). Due dates,
«Vencidas» and the statistics' times count these working hours. Changes count from tomorrow;
the database validates, audits (Bitácora) and recomputes the due dates of open tickets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import dearpygui.dearpygui as dpg

from desktop.admin.services import calendar_service as svc
from desktop.admin.views.common import AdminTab, fill_table, saved_or_unchanged
from desktop.context import AppContext

MESSAGE = "calendar_message"
BOTH = "Ambos campus"


def day_tag(key: str) -> str:
    return f"calendar_hours_{key}"


class CalendarView(AdminTab):
    label = "Horario"
    tag = "admin_calendar_tab"

    def __init__(self, ctx: AppContext, tab_bar: int | str) -> None:
        self.service = svc.CalendarService(ctx.call)
        self.campuses: list[dict[str, Any]] = []
        self.versions: list[dict[str, Any]] = []
        self.days: list[dict[str, Any]] = []
        super().__init__(ctx, tab_bar)

    # ---- widgets -----------------------------------------------------------------------------
    def build(self) -> None:
        dpg.add_text("Las fechas límite, «Vencidas» y los tiempos de las estadísticas cuentan solo las horas de "
                     "atención de este horario, sin los días inhábiles. Los cambios cuentan a partir de mañana; "
                     "lo ya medido no cambia. Todo queda en la Bitácora.", wrap=0)
        dpg.add_text("", tag=MESSAGE, wrap=0)
        with dpg.group(horizontal=True):
            dpg.add_text("Campus")
            dpg.add_combo([], tag="calendar_campus", width=160, callback=lambda: self.load())
            dpg.add_text("Año de los días inhábiles")
            dpg.add_input_int(tag="calendar_year", default_value=date.today().year, width=110, step=1,
                              callback=lambda: self.load(), on_enter=True)
        dpg.add_text("Horario semanal (cada versión rige desde su fecha hasta la siguiente)")
        with dpg.table(tag="calendar_versions", header_row=True, row_background=True, borders_innerH=True,
                       scrollY=True, height=100, policy=dpg.mvTable_SizingStretchProp):
            pass
        with dpg.group(horizontal=True):
            dpg.add_text("Nuevo horario a partir del")
            dpg.add_input_text(tag="calendar_valid_from", hint="AAAA-MM-DD", width=110)
            dpg.add_button(label="Guardar horario", tag="calendar_save_hours", callback=lambda: self.save_hours())
            dpg.add_button(label="Quitar el horario de esa fecha", tag="calendar_delete_hours",
                           callback=lambda: self.delete_hours())
        with dpg.group(horizontal=True):
            for key, name in svc.WEEKDAYS:
                with dpg.group():
                    dpg.add_text(name)
                    dpg.add_input_text(tag=day_tag(key), hint="cerrado", width=100)
        dpg.add_text("Formato HH:MM-HH:MM (24 horas); deje vacío el día que no se atiende.")
        dpg.add_spacer(height=6)
        dpg.add_text("Días inhábiles del año")
        with dpg.group(horizontal=True):
            dpg.add_text("Del")
            dpg.add_input_text(tag="calendar_from", hint="AAAA-MM-DD", width=110)
            dpg.add_text("al")
            dpg.add_input_text(tag="calendar_to", hint="AAAA-MM-DD", width=110)
            dpg.add_text("Motivo")
            dpg.add_input_text(tag="calendar_reason", hint="Vacaciones de verano", width=220)
            dpg.add_button(label="Agregar días inhábiles", tag="calendar_add_days", callback=lambda: self.add_days())
        with dpg.group(horizontal=True):
            dpg.add_text("Día")
            dpg.add_input_text(tag="calendar_day", hint="AAAA-MM-DD", width=110)
            dpg.add_button(label="Quitar día inhábil", tag="calendar_day_off",
                           callback=lambda: self.set_day(False))
            dpg.add_button(label="Restaurar día inhábil", tag="calendar_day_on",
                           callback=lambda: self.set_day(True))
        with dpg.table(tag="calendar_days", header_row=True, row_background=True, borders_innerH=True,
                       scrollY=True, height=150, policy=dpg.mvTable_SizingStretchProp):
            pass

    # ---- loading -----------------------------------------------------------------------------
    def campus_id(self) -> int | None:
        name = dpg.get_value("calendar_campus")
        return next((c["campus_id"] for c in self.campuses if c["name"] == name), None)

    def job(self) -> Callable[[], Any]:
        campus_id, year = self.campus_id(), int(dpg.get_value("calendar_year"))

        def work() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
            campuses = self.service.campuses()
            cid = campus_id or (campuses[0]["campus_id"] if campuses else None)
            return campuses, self.service.schedules(cid), self.service.days(cid, year)

        return work

    def show(self, result: Any) -> None:
        campuses, versions, days = result
        first_time = not self.campuses
        self.campuses, self.versions, self.days = campuses, versions, days
        names = [c["name"] for c in campuses]
        dpg.configure_item("calendar_campus", items=names)
        if first_time and names:
            dpg.set_value("calendar_campus", names[0])
        fill_table("calendar_versions", ["Desde", *[n for _, n in svc.WEEKDAYS], "Rige hoy"],
                   [[v["valid_from"].isoformat(), *[svc.hours_cell(v[k]) for k, _ in svc.WEEKDAYS], v["in_force"]]
                    for v in versions])
        fill_table("calendar_days", ["Fecha", "Campus", "Motivo", "Inhábil"],
                   [[d["off_day"].isoformat(), d["campus_name"], d["name"], d["is_active"]] for d in days],
                   wrap_last=False)
        current = svc.in_force(versions)
        if current and not dpg.get_value("calendar_valid_from"):
            for key, _ in svc.WEEKDAYS:
                dpg.set_value(day_tag(key), current[key])
            dpg.set_value("calendar_valid_from", (date.today() + timedelta(days=1)).isoformat())

    # ---- actions -----------------------------------------------------------------------------
    def _campus_or_say(self) -> int | None:
        campus_id = self.campus_id()
        if campus_id is None:
            dpg.set_value(MESSAGE, "Elija un campus de la lista.")
        return campus_id

    def save_hours(self) -> None:
        campus_id = self._campus_or_say()
        if campus_id is None:
            return
        try:
            valid_from = svc.parse_day(dpg.get_value("calendar_valid_from"), "A partir del")
        except ValueError as exc:
            dpg.set_value(MESSAGE, str(exc))
            return
        hours = {key: dpg.get_value(day_tag(key)) for key, _ in svc.WEEKDAYS}
        dpg.set_value(MESSAGE, "Guardando…")
        self.run(lambda: self.service.save_schedule(campus_id, valid_from, hours),
                 lambda row: self._done(saved_or_unchanged(
                     row["changed"], f"Horario guardado: rige desde el {valid_from.isoformat()}.")), MESSAGE)

    def delete_hours(self) -> None:
        campus_id = self._campus_or_say()
        if campus_id is None:
            return
        try:
            valid_from = svc.parse_day(dpg.get_value("calendar_valid_from"), "A partir del")
        except ValueError as exc:
            dpg.set_value(MESSAGE, str(exc))
            return
        self.run(lambda: self.service.delete_schedule(campus_id, valid_from),
                 lambda _: self._done(f"Se quitó el horario que empezaba el {valid_from.isoformat()}."), MESSAGE)

    def add_days(self) -> None:
        try:
            first = svc.parse_day(dpg.get_value("calendar_from"), "Del")
            last = svc.parse_day(dpg.get_value("calendar_to") or dpg.get_value("calendar_from"), "Al")
        except ValueError as exc:
            dpg.set_value(MESSAGE, str(exc))
            return
        reason = dpg.get_value("calendar_reason")
        self.run(lambda: self.service.add_days(None, first, last, reason),
                 lambda row: self._done(saved_or_unchanged(
                     row["changed"], f"{row['day_count']} día(s) inhábil(es) registrados en ambos campus.")),
                 MESSAGE)

    def set_day(self, active: bool) -> None:
        campus_id = self._campus_or_say()
        if campus_id is None:
            return
        try:
            day = svc.parse_day(dpg.get_value("calendar_day"), "Día")
        except ValueError as exc:
            dpg.set_value(MESSAGE, str(exc))
            return
        said = "vuelve a ser inhábil" if active else "ya no es inhábil: se trabaja"
        self.run(lambda: self.service.set_day_active(campus_id, day, active),
                 lambda row: self._done(saved_or_unchanged(row["changed"], f"El {day.isoformat()} {said}.")), MESSAGE)

    def _done(self, text: str) -> None:
        dpg.set_value(MESSAGE, text)
        self.load()
