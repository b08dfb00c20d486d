"""Administration services without a display, against a real database."""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import partial

import pytest

import gateway
from desktop.admin.services import audit_service, settings_service
from desktop.admin.services import catalog_service as cs
from desktop.admin.services import csv_import as ci
from desktop.admin.services import staff_service as ss
from desktop.admin.services import stats_service as st
from tests.support.admin_data import make_tickets
from tests.support.auth import TEST_ITERATIONS, login, lower_min_iterations
from tests.support.database import insert_staff_session


def caller(db, token):
    return partial(db.desk.call, token=token)


def test_temporary_passwords_are_random_and_mixed():
    seen = {ss.temporary_password() for _ in range(50)}
    assert len(seen) == 50
    assert all(len(p) == 14 and any(c.isdigit() for c in p) and any(c.isupper() for c in p) for p in seen)
    assert not any(c in p for p in seen for c in "0O1lI")


def test_created_account_logs_in_with_the_shown_password_and_must_change_it(pg_db):
    lower_min_iterations(pg_db)
    _, token = insert_staff_session(pg_db, "administrador")
    staff = ss.StaffService(caller(pg_db, token), iterations=TEST_ITERATIONS)
    staff_id, password = staff.create("nuevo.admin", "Nueva Administradora", "administrador")
    row = next(r for r in staff.list_staff() if r["staff_id"] == staff_id)
    assert row["must_change_password"] and row["role"] == "administrador"
    with pytest.raises(gateway.AppError) as err:  # a temporary password opens no regular session
        pg_db.desk.call("staff.list_staff", token=login(pg_db, "nuevo.admin", password))
    assert err.value.key == "password_change_required"
    new_password = staff.reset_password(staff_id)
    assert new_password != password
    login(pg_db, "nuevo.admin", new_password)
    audit = audit_service.AuditService(caller(pg_db, token)).load()
    assert [a["action"] for a in audit][:2] == ["restablecer_contrasena", "crear_cuenta"]
    assert audit[1]["sentence"].endswith("creó la cuenta «nuevo.admin» (rol: administrador).")


CSV_OK = (
    "\ufeffinventario;serie;marca;modelo;tipo;campus;ubicacion\n"
    "ITL-CSV-001;SN1;Dell;OptiPlex;computadora;C1;Centro de Cómputo\n"
    "\n"
    "ITL-CSV-002;;HP;LaserJet;impresora;;\n"
)


def test_parse_csv_keeps_line_numbers_and_checks_shape():
    parsed = ci.parse_equipment_csv(CSV_OK)
    assert not parsed.problems
    assert [(r["line"], r["inventory_tag"], r["kind"]) for r in parsed.rows] == [
        (2, "ITL-CSV-001", "computadora"), (4, "ITL-CSV-002", "impresora")]
    bad = ci.parse_equipment_csv("inventario,color\nA,rojo\n")
    assert bad.problems and bad.problems[0].line_number == 1 and "color" in bad.problems[0].message
    short = ci.parse_equipment_csv("inventario,tipo\nA,laptop\nB\n")
    assert [(p.line_number, "columnas" in p.message) for p in short.problems] == [(3, True)]
    assert ci.parse_equipment_csv("").problems[0].message == "El archivo está vacío."


def test_import_reports_database_errors_per_line_and_imports_nothing(pg_db):
    _, token = insert_staff_session(pg_db, "administrador")
    cats = cs.CatalogService(caller(pg_db, token))
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
    cats = cs.CatalogService(caller(pg_db, token))
    campus_id = cats.campuses()[0]["campus_id"]
    item, _ = cats.save("location", None, {"campus_id": campus_id, "name": "Sala X", "kind": "aula",
                                        "building": "", "sort_order": 3})
    cats.set_active("location", item, False)
    row = next(r for r in cats.list("location") if r["location_id"] == item)
    assert row["name"] == "Sala X" and not row["is_active"]


def test_statistics_report_tables_and_csv_export(pg_db, tmp_path):
    _, token = insert_staff_session(pg_db, "administrador")
    raws = make_tickets(pg_db, 30, seed=7, days=20, year=2012)
    request = st.StatsRequest(date(2012, 3, 1), date(2012, 3, 31), None, "week")
    report = st.StatsService(caller(pg_db, token)).load(request)
    assert report.summary["received"] == len([t for t in raws if t.day.month == 3])
    assert sum(r["received"] for r in report.trend) == report.summary["received"]
    assert [r["period_start"] for r in report.trend][:2] == [date(2012, 2, 27), date(2012, 3, 5)]
    assert set(report.breakdowns) == set(st.DIMENSIONS)
    # Ratings come from staff.get_stats_satisfaction (requester conversation, branch req13db); a
    # database without it still gets every other statistic.
    from pathlib import Path

    has_ratings = (Path(__file__).resolve().parents[2] / "database" / "procedures" / "pg"
                   / "staff.GetStatsSatisfaction.sql").exists()
    if has_ratings:
        assert report.satisfaction is not None and set(report.satisfaction) == set(st.SATISFACTION_DIMENSIONS)
        assert sum(r["rating_count"] for r in report.satisfaction["total"]) == 0  # nobody rated these tickets
    else:
        assert report.satisfaction is None and "satisfaccion_por_operador" not in report.tables()
    files = st.export_csv(report, tmp_path)
    assert len(files) == len(report.tables())
    assert all(english not in f.name for f in files for english in ("category", "status", "requester"))
    by_cat = next(f for f in files if "por_categoria" in f.name)
    rows = list(csv.reader(io.StringIO(by_cat.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Categoría", "solicitudes"]
    assert sum(int(r[1]) for r in rows[1:]) == report.summary["received"]


def test_fill_periods_by_month_and_day():
    req = st.StatsRequest(date(2026, 1, 15), date(2026, 4, 2), None, "month")
    rows = st.fill_periods([{"period_start": date(2026, 3, 1), "received": 4, "resolved": 1}], req)
    assert [(r["period_start"].month, r["received"]) for r in rows] == [(1, 0), (2, 0), (3, 4), (4, 0)]
    req = st.StatsRequest(date(2026, 1, 30), date(2026, 2, 2), None, "day")
    assert len(st.fill_periods([], req)) == 4


def test_crop_frame_cuts_rectangles_as_bytes():
    """Frame pixels are RGBA floats 0..1 (Dear PyGui's output_frame_buffer), rows from the bottom
    of the window up; 4x2 frame: the bottom row black, the top row orange."""
    frame = [0.0, 0.0, 0.0, 1.0] * 4 + [1.0, 0.5, 0.0, 1.0] * 4
    images = st.crop_frame(frame, 4, 2, {"abajo": ((1, 1), (2, 1)), "arriba": ((0, 0), (1, 1)),
                                         "fuera": ((3, 1), (2, 1)), "vacia": ((0, 0), (0, 1))})
    assert images == {"abajo": (2, 1, [0, 0, 0, 255] * 2), "arriba": (1, 1, [255, 128, 0, 255])}


AUDIT_CASES = [
    ({"action": "crear_cuenta", "target": "luis", "details": "rol: operador"},
     "ana creó la cuenta «luis» (rol: operador)."),
    ({"action": "editar_cuenta", "target": "luis", "details": "nombre: Luis -> Luis P.; rol: operador -> operador"},
     "ana editó la cuenta «luis» (nombre: Luis → Luis P.; rol: operador → operador)."),
    ({"action": "guardar_ubicacion", "target": "Aula 3", "details": "id: 12"}, "ana guardó la ubicación «Aula 3»."),
    ({"action": "crear_ubicacion", "target": "Aula 3", "details": "id: 12"}, "ana creó la ubicación «Aula 3»."),
    ({"action": "editar_ubicacion", "target": "Aula 3", "details": "id: 12"}, "ana editó la ubicación «Aula 3»."),
    ({"action": "desactivar_location", "target": "location 12", "details": None},
     "ana desactivó la ubicación n.º 12."),
    ({"action": "activar_problem_category", "target": "problem_category 4", "details": None},
     "ana activó la categoría n.º 4."),
    ({"action": "importar_equipos", "target": "inventario", "details": "12 fila(s)"},
     "ana importó 12 equipo(s) al inventario desde un archivo CSV."),
    ({"action": "cambiar_ajuste", "target": "session_idle_minutes", "details": "30 -> 45"},
     "ana cambió el ajuste «Minutos sin actividad» de 30 a 45."),
    ({"action": "reemitir_codigo", "target": "C1-2026-000042", "details": None},
     "ana generó un nuevo código de acceso para el ticket C1-2026-000042."),
    ({"action": "algo_nuevo", "target": "x", "details": None}, "ana hizo «algo_nuevo» sobre «x»."),
]


@pytest.mark.parametrize(("row", "expected"), AUDIT_CASES)
def test_audit_rows_read_as_spanish_sentences(row, expected):
    labels = {"session_idle_minutes": "Minutos sin actividad"}
    assert audit_service.sentence({"username": "ana", **row}, labels) == expected


def test_every_audited_action_has_a_sentence():
    """Each action code written by a procedure reads as a sentence, not as the raw-code fallback."""
    import re
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "database" / "procedures" / "pg"
    codes: set[str] = set()
    for path in folder.glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        for call in re.findall(r"write_admin_audit\((.*?)\);", text, re.S):
            codes.update(re.findall(r"'([a-z_]+)'", call.split(",", 2)[1] if "," in call else ""))
    assert {"crear_cuenta", "cambiar_ajuste", "importar_equipos"} <= codes
    for code in codes:
        action = code + "location" if code.endswith("_") else code
        text = audit_service.sentence({"username": "ana", "action": action, "target": "location 3", "details": None})
        assert "hizo «" not in text, code


def test_settings_service_groups_and_parses():
    rows = [{"setting_key": k, "setting_value": 1, "min_value": 0, "max_value": 9, "description": k}
            for k in ("login_max_failures", "submit_client_per_hour", "otra_cosa")]
    groups = settings_service.grouped(rows)
    assert [t for t, _ in groups] == ["Formulario web y página de consulta", "Inicio de sesión del personal", "Otros"]
    assert settings_service.parse_value(" 1,200 ") == 1200
    with pytest.raises(ValueError, match="número entero"):
        settings_service.parse_value("12.5")
    assert settings_service.bounds_text({"min_value": 1, "max_value": 100000}) == "entre 1 y 100,000"


def test_settings_service_saves_and_reports_bounds(pg_db):
    _, token = insert_staff_session(pg_db, "administrador")
    service = settings_service.SettingsService(caller(pg_db, token))
    row = next(r for r in service.list() if r["setting_key"] == "login_lockout_minutes")
    assert service.save("login_lockout_minutes", row["max_value"])["setting_value"] == row["max_value"]
    with pytest.raises(gateway.AppError) as err:
        service.save("login_lockout_minutes", row["max_value"] + 1)
    assert err.value.key == "setting_out_of_range"


def test_stats_choices_are_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("ITL_DESK_CONFIG_DIR", str(tmp_path))
    today = date(2026, 5, 20)
    assert st.StatsChoices.restore(today) == st.StatsChoices.default(today)
    st.StatsChoices(date(2026, 5, 1), today, "Campus II", "month", "priority").remember(today)
    later = st.StatsChoices.restore(date(2026, 6, 2))  # a range ending "today" keeps ending today
    assert (later.date_from, later.date_to) == (date(2026, 5, 14), date(2026, 6, 2))
    assert (later.campus, later.grain, later.dimension) == ("Campus II", "month", "priority")
    st.StatsChoices(date(2025, 1, 1), date(2025, 1, 31), "", "day", "status").remember(today)
    fixed = st.StatsChoices.restore(date(2026, 6, 2))
    assert (fixed.date_from, fixed.date_to, fixed.grain) == (date(2025, 1, 1), date(2025, 1, 31), "day")
    (tmp_path / "escritorio.json").write_text("{no es json", encoding="utf-8")
    assert st.StatsChoices.restore(today) == st.StatsChoices.default(today)


def test_count_axes_have_whole_number_ticks():
    assert st.count_ticks(0) == [0, 1] and st.count_ticks(2.5) == [0, 1, 2, 3]
    assert st.count_ticks(9) == [0, 2, 4, 6, 8, 10] and st.count_ticks(1234)[-1] == 1400
    for largest in (1, 3, 7, 13, 48, 101, 999, 12345):
        ticks = st.count_ticks(largest)
        assert all(isinstance(t, int) for t in ticks) and ticks[-1] >= largest and len(ticks) <= 9


def test_every_seeded_setting_has_its_group_and_a_spanish_description():
    """The Ajustes screen shows each setting's description (app.setting), grouped; none falls in «Otros»."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "database" / "seed" / "01_setting.tsv"
    rows = [dict(zip(("setting_key", "setting_value", "description"), line.split("\t"), strict=True))
            for line in seed.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    groups = settings_service.grouped(rows)
    assert settings_service.OTHERS not in [title for title, _ in groups]
    assert all(r["description"].strip() and "_" not in r["description"] for r in rows)
