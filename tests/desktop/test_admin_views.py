"""The administration tabs built headless (no viewport) against a real database."""

from __future__ import annotations

import dearpygui.dearpygui as dpg
import pytest

import gateway
from database.tests.admin_data import make_tickets
from desktop.context import AppContext, Session
from tests.support.auth import TEST_ITERATIONS, lower_min_iterations
from tests.support.database import insert_staff_session


@pytest.fixture
def screens(pg_db):
    from desktop.admin.views import AdminScreens

    staff_id, token = insert_staff_session(pg_db, "administrador")
    ctx = AppContext(gateway.connect(pg_db.login_urls["itl_desk"], min_size=0, max_size=2))
    ctx.session = Session(token, staff_id, "admin", "Admin", "administrador")
    dpg.create_context()
    try:
        with dpg.window(), dpg.tab_bar() as bar:
            built = AdminScreens(ctx, bar)
        built.staff_service.iterations = TEST_ITERATIONS
        assert ctx.wait_idle(60)
        yield pg_db, ctx, built
    finally:
        ctx.close()
        ctx.gateway.close()
        dpg.destroy_context()


def test_statistics_tab_fills_tables_and_charts(screens):
    db, ctx, built = screens
    make_tickets(db, 25, seed=8, days=20, year=2013)
    dpg.set_value("stats_from", "2013-03-01")
    dpg.set_value("stats_to", "2013-03-31")
    dpg.set_value("stats_grain", "Día")
    built.load_stats()
    assert ctx.wait_idle(60)
    assert built.report is not None and built.report.summary["received"] == 25
    assert "25 solicitudes" in dpg.get_value("stats_message")
    assert len(dpg.get_item_children("stats_summary", 1)) == 11  # rows
    series = dpg.get_item_children("stats_trend_y", 1)
    assert len(series) == 2 and len(dpg.get_value(series[0])[0]) == 31
    bars = dpg.get_item_children("stats_plot_category_y", 1)
    assert sum(dpg.get_value(bars[0])[0]) == 25  # horizontal: counts on x


def test_bad_dates_are_explained(screens):
    _, _, built = screens
    dpg.set_value("stats_from", "31/03/2013")
    built.load_stats()
    assert "AAAA-MM-DD" in dpg.get_value("stats_message")


def test_staff_tab_creates_an_account_and_shows_the_password_once(screens):
    db, ctx, built = screens
    lower_min_iterations(db)
    dpg.set_value("staff_new_username", "Laura.Ruiz")
    dpg.set_value("staff_new_name", "Laura Ruiz")
    built.create_staff()
    assert ctx.wait_idle(60)
    shown = dpg.get_value("staff_password_shown")
    assert "laura.ruiz" in shown and "Contraseña temporal" in shown
    assert any(r["username"] == "laura.ruiz" for r in built.staff_rows)
    new_id = next(r["staff_id"] for r in built.staff_rows if r["username"] == "laura.ruiz")
    built.select_staff(new_id)
    dpg.set_value("staff_edit_role", "administrador")
    built._staff_action("save")
    assert ctx.wait_idle(60)
    assert next(r for r in built.staff_rows if r["staff_id"] == new_id)["role"] == "administrador"


def test_catalog_tab_lists_and_imports_with_line_errors(screens, tmp_path):
    _, ctx, built = screens
    dpg.set_value("catalog_kind", "Equipos")
    built.load_catalog()
    assert ctx.wait_idle(60)
    before = len(built.catalog_rows)
    path = tmp_path / "inventario.csv"
    path.write_text("inventario,tipo\nITL-V-1,laptop\nITL-V-2,tostadora\n", encoding="utf-8")
    dpg.set_value("catalog_csv_path", str(path))
    built.import_csv()
    assert ctx.wait_idle(60)
    assert dpg.get_item_configuration("catalog_import_problems")["items"][0].startswith("Línea 3, kind")
    assert "No se importó nada" in dpg.get_value("catalog_import_message")
    path.write_text("inventario,tipo\nITL-V-1,laptop\nITL-V-2,impresora\n", encoding="utf-8")
    built.import_csv()
    assert ctx.wait_idle(60)
    assert dpg.get_value("catalog_import_message") == "Se importaron 2 equipo(s)."
    built.load_catalog()
    assert ctx.wait_idle(60)
    assert len(built.catalog_rows) == before + 2


def test_audit_tab_lists_actions(screens):
    _, ctx, built = screens
    built.catalog_service.save("department", None, {"name": "Depto auditado", "is_academic": False,
                                                    "sort_order": 1})
    built.load_audit()
    assert ctx.wait_idle(60)
    rows = dpg.get_item_children("audit_table", 1)
    assert len(rows) == 1
    cells = [dpg.get_value(c) for c in dpg.get_item_children(rows[0], 1)]
    assert cells[2:4] == ["guardar_departamento", "Depto auditado"]


def test_equipment_form_picks_its_location_from_a_list(screens):
    _, ctx, built = screens
    dpg.set_value("catalog_kind", "Equipos")
    built.load_catalog()
    assert ctx.wait_idle(60)
    labels = dpg.get_item_configuration("catalog_location")["items"]
    target = next(label for label in labels if label.endswith("Centro de Cómputo"))
    built.select_item(None)
    dpg.set_value("catalog_code", "itl-form-1")
    dpg.set_value("catalog_type", "impresora")
    dpg.set_value("catalog_location", target)
    built.save_item()
    assert ctx.wait_idle(60)
    row = next(r for r in built.catalog_rows if r["inventory_tag"] == "ITL-FORM-1")
    assert row["location_name"] == "Centro de Cómputo" and row["kind"] == "impresora"
    built.select_item(row["equipment_id"])
    assert dpg.get_value("catalog_location") == target
