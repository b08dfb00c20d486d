"""The administration tabs built headless (no viewport) against a real database. A tab's
"visible" handler needs rendered frames, so these tests call first_open() the way it does;
tests/desktop/test_admin_gui.py opens the tabs in a real window."""

from __future__ import annotations

import dearpygui.dearpygui as dpg
import pytest

import gateway
from desktop.admin.services import catalog_service
from desktop.admin.views import catalog_view, settings_view, staff_view
from desktop.context import AppContext, Session
from tests.support.admin_data import make_tickets
from tests.support.auth import TEST_ITERATIONS, lower_min_iterations
from tests.support.database import insert_staff_session


def build(ctx):
    from desktop.admin.screens import AdminScreens

    with dpg.window(), dpg.tab_bar() as bar:
        built = AdminScreens(ctx, bar)
    built.staff.service.iterations = TEST_ITERATIONS
    return built


@pytest.fixture
def screens(pg_db, tmp_path, monkeypatch):
    monkeypatch.setenv("ITL_DESK_CONFIG_DIR", str(tmp_path))
    staff_id, token = insert_staff_session(pg_db, "administrador")
    ctx = AppContext(gateway.connect(pg_db.login_urls["itl_desk"], min_size=0, max_size=2))
    ctx.session = Session(token, staff_id, "admin", "Admin", "administrador")
    dpg.create_context()
    try:
        built = build(ctx)
        assert ctx.wait_idle(60)
        yield pg_db, ctx, built
    finally:
        ctx.close()
        ctx.gateway.close()
        dpg.destroy_context()


def test_tabs_load_when_first_opened_and_say_when(screens):
    _, ctx, built = screens
    for tab in built.tabs:  # nothing loaded before the tab is shown
        assert tab.loaded_at is None and dpg.get_value(tab.stamp_tag) == "Se carga al abrir la pestaña."
    calls = []
    for tab in built.tabs:
        original = tab.job
        tab.job = lambda original=original: (calls.append(1), original())[1]
        tab.first_open()
        tab.first_open()  # the handler fires every visible frame: still one load
        assert ctx.wait_idle(60)
        assert dpg.get_value(tab.stamp_tag).startswith("Actualizado a las "), tab.label
    assert len(calls) == len(built.tabs)
    assert built.staff.rows and built.stats.report is not None and built.settings.rows
    assert len(built.stats.campuses) == 2


def test_statistics_tab_fills_tables_and_charts(screens):
    db, ctx, built = screens
    make_tickets(db, 25, seed=8, days=20, year=2013)
    dpg.set_value("stats_from", "2013-03-01")
    dpg.set_value("stats_to", "2013-03-31")
    dpg.set_value("stats_grain", "Día")
    built.stats.load()
    assert ctx.wait_idle(60)
    report = built.stats.report
    assert report is not None and report.summary["received"] == 25
    assert "25 solicitudes" in dpg.get_value("stats_message")
    assert len(dpg.get_item_children("stats_summary", 1)) == 11  # rows
    assert dpg.get_item_configuration("stats_summary")["policy"] == dpg.mvTable_SizingFixedFit  # labels not cut
    series = dpg.get_item_children("stats_trend_y", 1)
    assert len(series) == 2 and len(dpg.get_value(series[0])[0]) == 31
    bars = dpg.get_item_children("stats_plot_category_y", 1)
    assert sum(dpg.get_value(bars[0])[0]) == 25  # horizontal: counts on x
    for plot in ("stats_plot_trend", "stats_plot_category", "stats_plot_campus", "stats_plot_status"):
        assert dpg.get_item_configuration(plot)["no_inputs"], plot  # the wheel scrolls the page


def test_statistics_choices_are_kept_for_the_next_session(screens):
    _, ctx, built = screens
    dpg.set_value("stats_from", "2013-03-01")
    dpg.set_value("stats_to", "2013-03-31")
    dpg.set_value("stats_grain", "Mes")
    dpg.set_value("stats_dimension", "Prioridad")
    built.stats.load()
    assert ctx.wait_idle(60)
    dpg.set_value("stats_from", "1999-01-01")  # typed but not loaded: not remembered
    dpg.destroy_context()  # the app is closed and opened again
    dpg.create_context()
    again = build(ctx)
    assert ctx.wait_idle(60)
    assert again.stats.choices.date_from.isoformat() == "2013-03-01"
    assert (again.stats.choices.grain, again.stats.choices.dimension) == ("month", "priority")


def test_bad_dates_are_explained(screens):
    _, _, built = screens
    dpg.set_value("stats_from", "31/03/2013")
    built.stats.load()
    assert "AAAA-MM-DD" in dpg.get_value(built.stats.stamp_tag)


def test_staff_tab_shows_the_password_in_a_copyable_field(screens):
    db, ctx, built = screens
    lower_min_iterations(db)
    dpg.set_value("staff_new_username", "Laura.Ruiz")
    dpg.set_value("staff_new_name", "Laura Ruiz")
    built.staff.create()
    assert ctx.wait_idle(60)
    note, password = dpg.get_value(staff_view.PASSWORD_NOTE), dpg.get_value(staff_view.PASSWORD_VALUE)
    assert "laura.ruiz" in note and "Contraseña temporal" in note and password not in note
    assert len(password) == 14 and dpg.get_item_configuration(staff_view.PASSWORD_VALUE)["readonly"]
    assert dpg.is_item_shown("staff_password_group") and dpg.does_item_exist(staff_view.PASSWORD_COPY)
    new_id = next(r["staff_id"] for r in built.staff.rows if r["username"] == "laura.ruiz")
    built.staff.select(new_id)
    dpg.set_value("staff_edit_role", "administrador")
    built.staff.action("save")
    assert ctx.wait_idle(60)
    assert next(r for r in built.staff.rows if r["staff_id"] == new_id)["role"] == "administrador"
    built.staff.action("reset")
    assert ctx.wait_idle(60)
    assert dpg.get_value(staff_view.PASSWORD_VALUE) not in ("", password)


def test_each_catalog_has_its_own_labelled_form(screens):
    _, ctx, built = screens
    for spec in catalog_service.CATALOGS.values():
        dpg.set_value("catalog_kind", spec.label)
        built.catalogs.kind_changed()
        assert ctx.wait_idle(60)
        for key in catalog_service.CATALOGS:
            assert dpg.is_item_shown(f"catalog_form_{key}") == (key == spec.key)
        labels = [dpg.get_item_configuration(catalog_view.field_tag(spec.key, f.name))["label"] for f in spec.fields]
        assert all(label and "/" not in label for label in labels), labels
        assert built.catalogs.rows or spec.key == "equipment", spec.label  # a fresh database has no equipment


def test_catalog_tab_imports_a_chosen_file_with_line_errors(screens, tmp_path):
    _, ctx, built = screens
    dpg.set_value("catalog_kind", "Equipos")
    built.catalogs.kind_changed()
    assert ctx.wait_idle(60)
    before = len(built.catalogs.rows)
    assert dpg.get_item_type(catalog_view.FILE_DIALOG).endswith("mvFileDialog")
    path = tmp_path / "inventario.csv"
    path.write_text("inventario,tipo\nITL-V-1,laptop\nITL-V-2,tostadora\n", encoding="utf-8")
    built.catalogs._file_chosen(catalog_view.FILE_DIALOG, {"file_path_name": str(path)})  # what the dialog sends
    assert ctx.wait_idle(60)
    assert dpg.get_item_configuration("catalog_import_problems")["items"][0].startswith("Línea 3, kind")
    assert "No se importó nada" in dpg.get_value("catalog_import_message")
    assert dpg.get_value("catalog_csv_path") == str(path)
    path.write_text("inventario,tipo\nITL-V-1,laptop\nITL-V-2,impresora\n", encoding="utf-8")
    built.catalogs.import_file(path)
    assert ctx.wait_idle(60)
    assert dpg.get_value("catalog_import_message") == "Se importaron 2 equipo(s)."
    assert len(built.catalogs.rows) == before + 2
    built.catalogs.import_file(tmp_path / "no-existe.csv")
    assert "No se pudo leer el archivo no-existe.csv" in dpg.get_value("catalog_import_message")


def test_equipment_form_picks_its_location_from_a_list(screens):
    _, ctx, built = screens
    dpg.set_value("catalog_kind", "Equipos")
    built.catalogs.kind_changed()
    assert ctx.wait_idle(60)
    location_field = catalog_view.field_tag("equipment", "location_id")
    labels = dpg.get_item_configuration(location_field)["items"]
    target = next(label for label in labels if label.endswith("Centro de Cómputo"))
    built.catalogs.select(None)
    dpg.set_value(catalog_view.field_tag("equipment", "inventory_tag"), "itl-form-1")
    dpg.set_value(catalog_view.field_tag("equipment", "kind"), "impresora")
    dpg.set_value(location_field, target)
    built.catalogs.save()
    assert ctx.wait_idle(60)
    # A create says so and empties the form for the next one (it does not stay as «Nuevo» holding the values).
    assert dpg.get_value(catalog_view.MESSAGE) == "Se creó el equipo «itl-form-1»."
    assert dpg.get_value(catalog_view.field_tag("equipment", "inventory_tag")) == ""
    assert dpg.get_value("catalog_form_title").startswith("Nuevo elemento") and built.catalogs.selected is None
    row = next(r for r in built.catalogs.rows if r["inventory_tag"] == "ITL-FORM-1")
    assert row["location_name"] == "Centro de Cómputo" and row["kind"] == "impresora"
    built.catalogs.select(None)
    built.catalogs.select(row["equipment_id"])
    assert dpg.get_value(location_field) == target
    assert dpg.get_value(catalog_view.field_tag("equipment", "inventory_tag")) == "ITL-FORM-1"
    built.catalogs.save()  # the same values again: the database changes nothing and says so
    assert ctx.wait_idle(60)
    assert dpg.get_value(catalog_view.MESSAGE).startswith("Sin cambios")
    dpg.set_value(catalog_view.field_tag("equipment", "kind"), "proyector")
    built.catalogs.save()
    assert ctx.wait_idle(60)
    assert dpg.get_value(catalog_view.MESSAGE) == "Se guardaron los cambios en el equipo «ITL-FORM-1»."


def test_audit_tab_shows_sentences(screens):
    _, ctx, built = screens
    built.catalogs.service.save("department", None, {"name": "Depto auditado", "is_academic": False,
                                                     "sort_order": 1})
    built.audit.load()
    assert ctx.wait_idle(60)
    rows = dpg.get_item_children("audit_table", 1)
    assert len(rows) == 1
    cells = [dpg.get_value(c) for c in dpg.get_item_children(rows[0], 1)]
    assert cells[1] == "admin creó el departamento «Depto auditado»." or cells[1].endswith(
        "creó el departamento «Depto auditado».")


def test_settings_tab_saves_within_bounds_and_explains_the_range(screens):
    db, ctx, built = screens
    db.sql("INSERT INTO app.setting (setting_key, setting_value, description) "
           "VALUES ('sin_rango_de_prueba', 1, 'Ajuste sin rango declarado')")
    built.settings.load()
    assert ctx.wait_idle(60)
    assert not dpg.is_item_enabled("setting_save_sin_rango_de_prueba")  # no declared range: read-only
    assert dpg.get_item_configuration(settings_view.value_tag("sin_rango_de_prueba"))["readonly"]
    key = "login_max_failures"
    field = settings_view.value_tag(key)
    assert dpg.get_value(field) == "5"
    dpg.set_value(field, "99")
    built.settings.save(key)
    assert ctx.wait_idle(60)
    message = dpg.get_value(settings_view.MESSAGE)
    assert "fuera del rango" in message and "entre 3 y 20" in message
    dpg.set_value(field, "siete")
    built.settings.save(key)
    assert "número entero" in dpg.get_value(settings_view.MESSAGE)
    dpg.set_value(field, "7")
    built.settings.save(key)
    assert ctx.wait_idle(60)
    assert dpg.get_value(settings_view.MESSAGE).startswith("Guardado:")
    stored = db.sql("SELECT setting_value FROM app.setting WHERE setting_key = %s", params=(key,))
    assert stored[0][0] == 7
    built.settings.save(key)  # the same value again: nothing saved, nothing audited
    assert ctx.wait_idle(60)
    assert dpg.get_value(settings_view.MESSAGE).startswith("Sin cambios")
    built.audit.load()
    assert ctx.wait_idle(60)
    assert "de 5 a 7" in built.audit.rows[0]["sentence"] and len(built.audit.rows) == 1
