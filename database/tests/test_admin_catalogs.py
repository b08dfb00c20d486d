"""Catalog administration and the all-or-nothing CSV import of the equipment inventory."""

from __future__ import annotations

import json
import secrets

import pytest

import gateway
from tests.support.admin_data import audit_rows, expired_token, revoked_token
from tests.support.database import insert_staff_session


def tag() -> str:
    return f"ITL-{secrets.token_hex(4).upper()}"


def calls() -> dict[str, dict]:
    return {
        "staff.list_campuses": {},
        "staff.list_locations": {},
        "staff.list_departments": {},
        "staff.list_equipment_items": {},
        "staff.list_categories": {},
        "staff.list_priorities": {},
        "staff.save_location": {"location_id": None, "campus_id": 1, "name": f"Aula {secrets.token_hex(3)}",
                                "kind": "aula", "building": "K", "sort_order": 5},
        "staff.save_department": {"department_id": None, "name": f"Depto {secrets.token_hex(3)}",
                                  "is_academic": True, "sort_order": 9},
        "staff.save_equipment": {"equipment_id": None, "inventory_tag": tag(), "serial_number": "S1",
                                 "brand": "Dell", "model": "7010", "kind": "computadora", "location_id": None},
        "staff.save_category": {"category_id": None, "name": f"Cat {secrets.token_hex(3)}", "kind": "equipo",
                                "needs_equipment": True, "target_hours": 12, "sort_order": 3},
        "staff.save_priority": {"priority_id": None, "code": f"p{secrets.token_hex(3)}", "name": "Crítica",
                                "rank": 9, "response_target_hours": 1, "resolution_target_hours": 4,
                                "is_default": False},
        "staff.set_catalog_active": {"catalog": "department", "item_id": 1, "is_active": True},
        "staff.import_equipment": {"rows_json": json.dumps([{"line": 2, "inventory_tag": tag(),
                                                             "kind": "laptop"}])},
    }


def test_authorization_matrix(db):
    """No token, expired, revoked: 2001; operador: 2002 (registry ids); administrador: ok."""
    _, op_token = insert_staff_session(db, "operador")
    _, admin_token = insert_staff_session(db, "administrador")
    cases = ((None, "session_invalid"), (expired_token(db), "session_invalid"),
             (revoked_token(db), "session_invalid"), (op_token, "role_forbidden"))
    for procedure, params in calls().items():
        for token, key in cases:
            with pytest.raises(gateway.AppError) as err:
                db.desk.call(procedure, token=token, **params)
            assert err.value.error_id == gateway.error_id(key), (procedure, key)
        db.desk.call(procedure, token=admin_token, **params)


def default_priority(db) -> int:
    return db.sql("SELECT priority_id FROM app.priority WHERE is_default",
                  "SELECT PriorityId FROM app.Priority WHERE IsDefault = 1")[0][0]


def restore_default_priority(db, default: int) -> None:
    """The default priority comes back when the test ends (webform tests expect "media")."""
    db.on_close(lambda: db.sql(
        "UPDATE app.priority SET is_default = (priority_id = %s) WHERE is_default OR priority_id = %s",
        "UPDATE app.Priority SET IsDefault = CASE WHEN PriorityId = ? THEN 1 ELSE 0 END "
        "WHERE IsDefault = 1 OR PriorityId = ?", (default, default)))


def deactivate_afterwards(db, catalog: str, item_id: int) -> None:
    """A catalog row this test created leaves the lists other tests read (as an administrator would)."""
    table, column = {"priority": ("priority", "priority_id"), "category": ("problem_category", "category_id"),
                     "department": ("department", "department_id"), "location": ("location", "location_id"),
                     "equipment": ("equipment", "equipment_id")}[catalog]
    pascal = "".join(w.title() for w in table.split("_")), "".join(w.title() for w in column.split("_"))
    db.on_close(lambda: db.sql(f"UPDATE app.{table} SET is_active = FALSE WHERE {column} = %s",
                               f"UPDATE app.{pascal[0]} SET IsActive = 0 WHERE {pascal[1]} = ?", (item_id,)))


def test_save_edit_and_deactivate_each_catalog(db):
    admin_id, token = insert_staff_session(db, "administrador")
    default = default_priority(db)
    p = calls()
    location_id = db.desk.call("staff.save_location", token=token, **p["staff.save_location"])[0]["item_id"]
    renamed = f"Aula renombrada {secrets.token_hex(3)}"  # unique: the SQL Server database is shared
    edited = {**p["staff.save_location"], "location_id": location_id, "name": renamed}
    db.desk.call("staff.save_location", token=token, **edited)
    row = next(r for r in db.desk.call("staff.list_locations", token=token) if r["location_id"] == location_id)
    assert (row["name"], row["kind"], row["building"], row["campus_id"]) == (renamed, "aula", "K", 1)
    db.desk.call("staff.set_catalog_active", token=token, catalog="location", item_id=location_id, is_active=False)
    row = next(r for r in db.desk.call("staff.list_locations", token=token) if r["location_id"] == location_id)
    assert row["is_active"] is False or row["is_active"] == 0

    eq = {**p["staff.save_equipment"], "location_id": location_id}
    equipment_id = db.desk.call("staff.save_equipment", token=token, **eq)[0]["item_id"]
    row = next(r for r in db.desk.call("staff.list_equipment_items", token=token) if r["equipment_id"] == equipment_id)
    assert (row["inventory_tag"], row["location_name"], row["campus_code"]) == (eq["inventory_tag"], renamed, "C1")
    cat_id = db.desk.call("staff.save_category", token=token, **p["staff.save_category"])[0]["item_id"]
    deactivate_afterwards(db, "category", cat_id)
    row = next(r for r in db.desk.call("staff.list_categories", token=token) if r["category_id"] == cat_id)
    assert row["target_hours"] == 12 and row["needs_equipment"]
    prio = {**p["staff.save_priority"], "is_default": True}
    prio_id = db.desk.call("staff.save_priority", token=token, **prio)[0]["item_id"]
    deactivate_afterwards(db, "priority", prio_id)
    restore_default_priority(db, default)  # registered last, so it runs first: then the new one can go
    defaults = [r["priority_id"] for r in db.desk.call("staff.list_priorities", token=token) if r["is_default"]]
    assert defaults == [prio_id]
    with pytest.raises(gateway.AppError) as err:  # the default priority stays active
        db.desk.call("staff.set_catalog_active", token=token, catalog="priority", item_id=prio_id, is_active=False)
    assert err.value.key == "catalog_value_invalid"
    dep_id = db.desk.call("staff.save_department", token=token, **p["staff.save_department"])[0]["item_id"]
    db.desk.call("staff.set_catalog_active", token=token, catalog="department", item_id=dep_id, is_active=False)
    actions = [a for a, _ in audit_rows(db, admin_id)]
    # Created vs edited, so the Bitácora says which (the location was created, then edited).
    assert actions == ["crear_ubicacion", "editar_ubicacion", "desactivar_location", "crear_equipo",
                       "crear_categoria", "crear_prioridad", "crear_departamento", "desactivar_department"]


# save procedure -> (its id parameter, the catalog, a one-field change, its audit action)
UNCHANGED = {
    "staff.save_location": ("location_id", "location", {"building": "k"}, "editar_ubicacion"),  # case
    "staff.save_department": ("department_id", "department", {"is_academic": False}, "editar_departamento"),
    "staff.save_equipment": ("equipment_id", "equipment", {"model": None}, "editar_equipo"),
    "staff.save_category": ("category_id", "category", {"target_hours": 13}, "editar_categoria"),
    "staff.save_priority": ("priority_id", "priority", {"resolution_target_hours": 5}, "editar_prioridad"),
}


@pytest.mark.parametrize("procedure", list(UNCHANGED))
def test_saving_an_unchanged_row_writes_nothing(db, procedure):
    """The same values again (as typed, with the spaces the procedure trims) change nothing: changed
    is false and the Bitácora gets no line; one changed field (a change of case too) is a change."""
    id_field, catalog, change, action = UNCHANGED[procedure]
    admin_id, token = insert_staff_session(db, "administrador")
    params = calls()[procedure]
    created = db.desk.call(procedure, token=token, **params)[0]
    item_id = created["item_id"]
    deactivate_afterwards(db, catalog, item_id)
    assert created["changed"] is True
    padded = {k: f" {v} " if k in ("name", "inventory_tag", "code") else v for k, v in params.items()}
    again = db.desk.call(procedure, token=token, **{**padded, id_field: item_id})
    assert again == [{"item_id": item_id, "changed": False}]
    edited = db.desk.call(procedure, token=token, **{**params, id_field: item_id, **change})
    assert edited == [{"item_id": item_id, "changed": True}]
    assert [a for a, _ in audit_rows(db, admin_id)] == [action.replace("editar_", "crear_"), action]
    with pytest.raises(gateway.AppError) as err:  # an id that does not exist is still refused
        db.desk.call(procedure, token=token, **{**params, id_field: 987654321})
    assert err.value.key == "catalog_item_not_found"


def test_setting_the_state_an_item_already_has_writes_nothing(db):
    admin_id, token = insert_staff_session(db, "administrador")
    params = calls()["staff.save_department"]
    item_id = db.desk.call("staff.save_department", token=token, **params)[0]["item_id"]
    deactivate_afterwards(db, "department", item_id)
    for active in (True, False, False):  # already active; deactivated; already inactive
        db.desk.call("staff.set_catalog_active", token=token, catalog="department", item_id=item_id,
                     is_active=active)
    assert [a for a, _ in audit_rows(db, admin_id)] == ["crear_departamento", "desactivar_department"]
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.set_catalog_active", token=token, catalog="department", item_id=987654321,
                     is_active=False)
    assert err.value.key == "catalog_item_not_found"


VALIDATION = [
    ("staff.save_location", {"name": " "}, "catalog_name_required"),
    ("staff.save_location", {"kind": "cueva"}, "catalog_value_invalid"),
    ("staff.save_location", {"campus_id": 999}, "catalog_parent_invalid"),
    ("staff.save_location", {"location_id": 999999}, "catalog_item_not_found"),
    ("staff.save_equipment", {"kind": "tostadora"}, "catalog_value_invalid"),
    ("staff.save_equipment", {"location_id": 999999}, "catalog_parent_invalid"),
    ("staff.save_category", {"target_hours": 0}, "catalog_value_invalid"),
    ("staff.save_priority", {"code": ""}, "catalog_name_required"),
    ("staff.set_catalog_active", {"catalog": "staff_user"}, "catalog_invalid"),
    ("staff.set_catalog_active", {"item_id": 9999}, "catalog_item_not_found"),
]


def test_catalog_validation(db):
    _, token = insert_staff_session(db, "administrador")
    for procedure, change, key in VALIDATION:
        with pytest.raises(gateway.AppError) as err:
            db.desk.call(procedure, token=token, **{**calls()[procedure], **change})
        assert err.value.key == key, (procedure, change)


def test_duplicate_names_are_refused(db):
    _, token = insert_staff_session(db, "administrador")
    params = calls()["staff.save_department"]
    db.desk.call("staff.save_department", token=token, **params)
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.save_department", token=token, **params)
    assert err.value.key == "catalog_duplicate"


def _equipment_count(db) -> int:
    return db.sql("SELECT count(*) FROM app.equipment", "SELECT COUNT(*) FROM app.Equipment")[0][0]


def test_import_reports_every_bad_line_and_imports_nothing(db):
    _, token = insert_staff_session(db, "administrador")
    before = _equipment_count(db)
    good, dup = tag(), tag()
    rows = [
        {"line": 2, "inventory_tag": good, "kind": "laptop", "campus_code": "C1",
         "location_name": "Centro de Cómputo"},
        {"line": 3, "inventory_tag": "", "kind": "laptop"},
        {"line": 4, "inventory_tag": dup, "kind": "tostadora"},
        {"line": 5, "inventory_tag": dup, "kind": "impresora", "campus_code": "C9", "location_name": "Nada"},
        {"line": 6, "inventory_tag": tag(), "kind": "red", "brand": "x" * 61},
    ]
    problems = db.desk.call("staff.import_equipment", token=token, rows_json=json.dumps(rows))
    got = {(p["line_number"], p["field_name"], p["error_id"]) for p in problems}
    eid = gateway.error_id
    assert got == {(3, "inventory_tag", eid("import_tag_required")), (4, "kind", eid("import_kind_invalid")),
                   (5, "inventory_tag", eid("import_tag_repeated")),
                   (5, "location_name", eid("import_location_unknown")), (6, "brand", eid("import_too_long"))}
    assert all(p["message"] == gateway.message(p["error_id"]) for p in problems)
    assert _equipment_count(db) == before


def test_import_inserts_and_updates_all_rows(db):
    admin_id, token = insert_staff_session(db, "administrador")
    existing = tag()
    db.desk.call("staff.save_equipment", token=token, **{**calls()["staff.save_equipment"],
                                                         "inventory_tag": existing, "brand": "Viejo"})
    before = _equipment_count(db)
    rows = [{"line": n + 2, "inventory_tag": tag().lower(), "serial_number": f"SN{n}", "brand": "HP",
             "model": "ProDesk", "kind": "Computadora", "campus_code": "", "location_name": ""} for n in range(3)]
    rows[1].update(campus_code="c2", location_name="laboratorio DE Cómputo")  # case-insensitive match
    rows.append({"line": 9, "inventory_tag": existing, "brand": "Nuevo", "kind": "servidor"})
    result = db.desk.call("staff.import_equipment", token=token, rows_json=json.dumps(rows))
    assert [(r["line_number"], r["imported_count"]) for r in result] == [(None, 4)]
    assert _equipment_count(db) == before + 3
    items = {r["inventory_tag"]: r for r in db.desk.call("staff.list_equipment_items", token=token)}
    assert items[existing]["brand"] == "Nuevo" and items[existing]["kind"] == "servidor"
    assert items[rows[0]["inventory_tag"].upper()]["kind"] == "computadora"
    assert items[rows[1]["inventory_tag"].upper()]["location_name"] == "Laboratorio de Cómputo"
    assert audit_rows(db, admin_id)[-1] == ("importar_equipos", "inventario")


def test_import_rejects_malformed_content(db):
    _, token = insert_staff_session(db, "administrador")
    for text, key in (("[]", "import_empty"), ("no es json", "import_format_invalid"),
                      ('{"a": 1}', "import_format_invalid")):
        with pytest.raises(gateway.AppError) as err:
            db.desk.call("staff.import_equipment", token=token, rows_json=text)
        assert err.value.key == key, text
