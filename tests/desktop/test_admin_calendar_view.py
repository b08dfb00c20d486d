"""The Horario tab built headless against a real database: the seeded schedule and rest days,
a new schedule version, bad input explained in Spanish, a vacation period and a day taken back,
each in the Bitácora. tests/desktop/test_admin_gui.py shows the tab in a real window."""

from __future__ import annotations

import dearpygui.dearpygui as dpg

from desktop.admin.views import calendar_view
from tests.desktop.test_admin_views import screens  # noqa: F401 (fixture)


def cells(table: str) -> list[list[str]]:
    return [[dpg.get_value(c) for c in dpg.get_item_children(row, 1)] for row in dpg.get_item_children(table, 1)]


def test_calendar_tab_shows_edits_and_explains(screens) -> None:  # noqa: F811
    _, ctx, built = screens
    tab = built.calendar
    dpg.set_value("calendar_year", 2026)
    tab.first_open()
    assert ctx.wait_idle(60)
    assert dpg.get_value("calendar_campus") == "Campus I"
    assert cells("calendar_versions") == [["2000-01-01", *["07:00-21:00"] * 5, "cerrado", "cerrado", "Sí"]]
    days = cells("calendar_days")
    assert len(days) == 7 and ["2026-09-16", "Campus I", "Día de la Independencia", "Sí"] in days
    assert dpg.get_value(calendar_view.day_tag("monday")) == "07:00-21:00"  # the form starts from today's

    dpg.set_value("calendar_valid_from", "2031-06-02")
    dpg.set_value(calendar_view.day_tag("saturday"), "09:00-13:00")
    dpg.set_value(calendar_view.day_tag("friday"), "7 a 9")
    tab.save_hours()
    assert ctx.wait_idle(60)
    assert "HH:MM-HH:MM" in dpg.get_value(calendar_view.MESSAGE)  # the database's message
    dpg.set_value(calendar_view.day_tag("friday"), "07:00-19:00")
    tab.save_hours()
    assert ctx.wait_idle(60)
    assert dpg.get_value(calendar_view.MESSAGE) == "Horario guardado: rige desde el 2031-06-02."
    assert cells("calendar_versions")[0] == ["2031-06-02", *["07:00-21:00"] * 4, "07:00-19:00", "09:00-13:00",
                                             "cerrado", "No"]

    dpg.set_value("calendar_valid_from", "2 de junio")
    tab.save_hours()
    assert "AAAA-MM-DD" in dpg.get_value(calendar_view.MESSAGE)

    dpg.set_value("calendar_from", "2031-04-07")
    dpg.set_value("calendar_to", "2031-04-11")
    dpg.set_value("calendar_reason", "Semana Santa")
    tab.add_days()
    assert ctx.wait_idle(60)
    assert dpg.get_value(calendar_view.MESSAGE) == "10 día(s) inhábil(es) registrados en ambos campus."
    dpg.set_value("calendar_year", 2031)
    dpg.set_value("calendar_day", "2031-04-07")
    tab.set_day(False)
    assert ctx.wait_idle(60)
    assert dpg.get_value(calendar_view.MESSAGE) == "El 2031-04-07 ya no es inhábil: se trabaja."
    assert cells("calendar_days")[0] == ["2031-04-07", "Campus I", "Semana Santa", "No"]

    built.audit.load()
    assert ctx.wait_idle(60)
    sentences = [r["sentence"].split(" ", 1)[1] for r in built.audit.rows]  # after the username
    assert sentences[:3] == ["quitó el día inhábil C1 2031-04-07.",
                             "registró días inhábiles: todos 2031-04-07 a 2031-04-11 (Semana Santa).",
                             "guardó el horario de C1 desde 2031-06-02 (07:00-21:00, 07:00-21:00, 07:00-21:00, "
                             "07:00-21:00, 07:00-19:00, 09:00-13:00, cerrado)."]
