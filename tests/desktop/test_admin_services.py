"""Administration services without a display, against a real database."""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import partial

import pytest

import gateway
from database.tests.admin_data import make_tickets
from desktop.admin import services as s
from tests.support.auth import TEST_ITERATIONS, login, lower_min_iterations
from tests.support.database import insert_staff_session


def caller(db, token):
    return partial(db.desk.call, token=token)


def test_temporary_passwords_are_random_and_mixed():
    seen = {s.temporary_password() for _ in range(50)}
    assert len(seen) == 50
    assert all(len(p) == 14 and any(c.isdigit() for c in p) and any(c.isupper() for c in p) for p in seen)
    assert not any(c in p for p in seen for c in "0O1lI")


def test_created_account_logs_in_with_the_shown_password_and_must_change_it(pg_db):
    lower_min_iterations(pg_db)
    _, token = insert_staff_session(pg_db, "administrador")
    staff = s.StaffService(caller(pg_db, token), iterations=TEST_ITERATIONS)
    staff_id, password = staff.create("nuevo.admin", "Nueva Administradora", "administrador")
    row = next(r for r in staff.list_staff() if r["staff_id"] == staff_id)
    assert row["must_change_password"] and row["role"] == "administrador"
    with pytest.raises(gateway.AppError) as err:  # a temporary password opens no regular session
        pg_db.desk.call("staff.list_staff", token=login(pg_db, "nuevo.admin", password))
    assert err.value.key == "password_change_required"
    new_password = staff.reset_password(staff_id)
    assert new_password != password
    login(pg_db, "nuevo.admin", new_password)
    assert [a["action"] for a in staff.audit()][:2] == ["restablecer_contrasena", "crear_cuenta"]


CSV_OK = (
    "\ufeffinventario;serie;marca;modelo;tipo;campus;ubicacion\n"
    "ITL-CSV-001;SN1;Dell;OptiPlex;computadora;C1;Centro de Cómputo\n"
    "\n"
    "ITL-CSV-002;;HP;LaserJet;impresora;;\n"
)


def test_parse_csv_keeps_line_numbers_and_checks_shape():
    parsed = s.parse_equipment_csv(CSV_OK)
    assert not parsed.problems
    assert [(r["line"], r["inventory_tag"], r["kind"]) for r in parsed.rows] == [
        (2, "ITL-CSV-001", "computadora"), (4, "ITL-CSV-002", "impresora")]
    bad = s.parse_equipment_csv("inventario,color\nA,rojo\n")
    assert bad.problems and bad.problems[0].line_number == 1 and "color" in bad.problems[0].message
    short = s.parse_equipment_csv("inventario,tipo\nA,laptop\nB\n")
    assert [(p.line_number, "columnas" in p.message) for p in short.problems] == [(3, True)]
    assert s.parse_equipment_csv("").problems[0].message == "El archivo está vacío."


def test_import_reports_database_errors_per_line_and_imports_nothing(pg_db):
    _, token = insert_staff_session(pg_db, "administrador")
    cats = s.CatalogService(caller(pg_db, token))
    before = len(cats.list("equipment"))
    result = cats.import_equipment(CSV_OK + "ITL-CSV-001;X;Y;Z;tostadora;C1;Nada\n")
    assert not result.ok and result.imported == 0
    assert {(p.line_number, p.field_name) for p in result.problems} == {
        (5, "inventory_tag"), (5, "kind"), (5, "location_name")}
    assert all(p.text().startswith("Línea 5") for p in result.problems)
    assert len(cats.list("equipment")) == before
    result = cats.import_equipment(CSV_OK)
    assert result.ok and result.imported == 2
    assert len(cats.list("equipment")) == before + 2


def test_catalog_save_and_deactivate_through_the_service(pg_db):
    _, token = insert_staff_session(pg_db, "administrador")
    cats = s.CatalogService(caller(pg_db, token))
    campus_id = cats.campuses()[0]["campus_id"]
    item = cats.save("location", None, {"campus_id": campus_id, "name": "Sala X", "kind": "aula",
                                        "building": "", "sort_order": 3})
    cats.set_active("location", item, False)
    row = next(r for r in cats.list("location") if r["location_id"] == item)
    assert row["name"] == "Sala X" and not row["is_active"]


def test_statistics_report_tables_and_csv_export(pg_db, tmp_path):
    _, token = insert_staff_session(pg_db, "administrador")
    raws = make_tickets(pg_db, 30, seed=7, days=20, year=2012)
    request = s.StatsRequest(date(2012, 3, 1), date(2012, 3, 31), None, "week")
    report = s.StatsService(caller(pg_db, token)).load(request)
    assert report.summary["received"] == len([t for t in raws if t.day.month == 3])
    assert sum(r["received"] for r in report.trend) == report.summary["received"]
    assert [r["period_start"] for r in report.trend][:2] == [date(2012, 2, 27), date(2012, 3, 5)]
    assert set(report.breakdowns) == set(s.DIMENSIONS)
    files = s.export_csv(report, tmp_path)
    assert len(files) == len(report.tables())
    by_cat = next(f for f in files if "por_category" in f.name)
    rows = list(csv.reader(io.StringIO(by_cat.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Categoría", "solicitudes"]
    assert sum(int(r[1]) for r in rows[1:]) == report.summary["received"]


def test_fill_periods_by_month_and_day():
    req = s.StatsRequest(date(2026, 1, 15), date(2026, 4, 2), None, "month")
    rows = s.fill_periods([{"period_start": date(2026, 3, 1), "received": 4, "resolved": 1}], req)
    assert [(r["period_start"].month, r["received"]) for r in rows] == [(1, 0), (2, 0), (3, 4), (4, 0)]
    req = s.StatsRequest(date(2026, 1, 30), date(2026, 2, 2), None, "day")
    assert len(s.fill_periods([], req)) == 4


def test_crop_frame_cuts_a_rectangle_of_the_frame_as_0_to_255():
    from array import array

    frame = array("f", [0.0] * (4 * 4 * 2))  # 4x2 RGBA floats: second row white
    frame[16:] = array("f", [1.0] * 16)
    cut = s.crop_frame(memoryview(frame).cast("B").cast("f"), 4, 2, 1, 1, 2, 1)
    assert list(cut) == [255.0] * 8
    assert s.crop_frame(memoryview(frame), 4, 2, 3, 0, 2, 1) is None  # leaves the frame
    assert s.crop_frame(memoryview(frame), 4, 2, 0, 0, 0, 1) is None  # empty
