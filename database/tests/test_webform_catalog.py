"""webform catalog procedures: list_catalog_items, list_equipment, find_equipment (every backend)."""

from __future__ import annotations

import secrets

CATALOGS = {"campus", "location", "department", "requester_type", "problem_category"}


def _add_equipment(db, location_id: int, tag: str, active: bool = True) -> int:
    return db.sql(
        "INSERT INTO app.equipment (inventory_tag, serial_number, brand, model, kind, location_id, is_active) "
        "VALUES (%s, 'SN1', 'Dell', 'OptiPlex', 'computadora', %s, %s) RETURNING equipment_id",
        "INSERT INTO app.Equipment (InventoryTag, SerialNumber, Brand, Model, Kind, LocationId, IsActive) "
        "OUTPUT INSERTED.EquipmentId VALUES (?, N'SN1', N'Dell', N'OptiPlex', N'computadora', ?, ?)",
        (tag, location_id, active),
    )[0][0]


SEEDED_LOCATION = {"C1": "Centro de Cómputo", "C2": "Laboratorio de Cómputo"}  # by natural key, never by id


def _location(db, campus_code: str = "C1") -> int:
    return db.sql(
        "SELECT l.location_id FROM app.location AS l JOIN app.campus AS c USING (campus_id) "
        "WHERE c.code = %s AND l.name = %s",
        "SELECT l.LocationId FROM app.Location AS l JOIN app.Campus AS c ON c.CampusId = l.CampusId "
        "WHERE c.Code = ? AND l.Name = ?",
        (campus_code, SEEDED_LOCATION[campus_code]),
    )[0][0]


def test_catalog_items_cover_every_catalog_and_only_active_items(db):
    rows = db.web.call("webform.list_catalog_items")
    assert set(rows[0]) == {"catalog", "item_id", "parent_id", "code", "name", "detail", "sort_order"}
    assert {r["catalog"] for r in rows} == CATALOGS
    campuses = {r["item_id"]: r for r in rows if r["catalog"] == "campus"}
    assert {r["code"] for r in campuses.values()} >= {"C1", "C2"}
    locations = [r for r in rows if r["catalog"] == "location"]
    assert locations and all(r["parent_id"] in campuses for r in locations)
    alumno = next(r for r in rows if r["catalog"] == "requester_type" and r["code"] == "alumno")
    assert alumno["detail"] == "control_number"
    hardware = next(r for r in rows if r["catalog"] == "problem_category" and r["name"] == "Hardware general")
    assert (hardware["code"], hardware["detail"]) == ("equipo", "needs_equipment")

    location_id = locations[0]["item_id"]
    db.sql("UPDATE app.location SET is_active = FALSE WHERE location_id = %s",
           "UPDATE app.Location SET IsActive = 0 WHERE LocationId = ?", (location_id,))
    db.sql("UPDATE app.department SET is_active = FALSE WHERE name = 'Dirección'",
           "UPDATE app.Department SET IsActive = 0 WHERE Name = N'Dirección'")
    try:
        rows = db.web.call("webform.list_catalog_items")
        assert location_id not in {r["item_id"] for r in rows if r["catalog"] == "location"}
        assert "Dirección" not in {r["name"] for r in rows if r["catalog"] == "department"}
    finally:
        db.sql("UPDATE app.location SET is_active = TRUE WHERE location_id = %s",
               "UPDATE app.Location SET IsActive = 1 WHERE LocationId = ?", (location_id,))
        db.sql("UPDATE app.department SET is_active = TRUE WHERE name = 'Dirección'",
               "UPDATE app.Department SET IsActive = 1 WHERE Name = N'Dirección'")


def test_equipment_by_location_and_by_tag(db):
    location_id = _location(db)
    other = _location(db, "C2")
    tag = "T-" + secrets.token_hex(4).upper()
    equipment_id = _add_equipment(db, location_id, tag)
    _add_equipment(db, location_id, tag + "-X", active=False)
    _add_equipment(db, other, tag + "-C2")

    listed = db.web.call("webform.list_equipment", location_id=location_id)
    tags = {r["inventory_tag"] for r in listed}
    assert tag in tags and tag + "-X" not in tags and tag + "-C2" not in tags
    row = next(r for r in listed if r["inventory_tag"] == tag)
    assert row["equipment_id"] == equipment_id
    assert (row["kind"], row["brand"], row["model"], row["serial_number"]) == (
        "computadora", "Dell", "OptiPlex", "SN1")
    assert row["location_id"] == location_id

    found = db.web.call("webform.find_equipment", inventory_tag=f"  {tag} ")
    assert [r["equipment_id"] for r in found] == [equipment_id]
    assert found[0]["location_id"] == location_id and found[0]["campus_id"] is not None
    assert db.web.call("webform.find_equipment", inventory_tag=tag + "-X") == []
    assert db.web.call("webform.find_equipment", inventory_tag="NO-EXISTE") == []
