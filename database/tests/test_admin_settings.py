"""Settings screen procedures: staff.list_settings / staff.save_setting (administrators only),
bounds stored in app.setting (V012), every change audited. Values changed here are put back,
so the tests also hold on a shared SQL Server database."""

from __future__ import annotations

import pytest

import gateway
from tests.support.admin_data import audit_rows, expired_token, revoked_token
from tests.support.database import insert_staff_session

SCREEN_KEYS = {  # what the issue asks the screen to offer (all present in the seed)
    "submit_client_per_hour", "submit_global_per_minute", "login_max_failures", "login_lockout_minutes",
    "session_idle_minutes", "session_max_hours", "status_lookup_failures_per_hour",
}


def settings(db, token) -> dict[str, dict]:
    return {r["setting_key"]: r for r in db.desk.call("staff.list_settings", token=token)}


def save(db, token, key: str, value: int | None) -> dict:
    return db.desk.call("staff.save_setting", token=token, setting_key=key, setting_value=value)[0]


def audits(db, admin_id: int) -> list[tuple[str, str, str | None]]:
    return [(r[0], r[1], r[2]) for r in db.sql(
        "SELECT action, target, details FROM app.admin_audit WHERE staff_id = %s ORDER BY audit_id",
        "SELECT Action, Target, Details FROM app.AdminAudit WHERE StaffId = ? ORDER BY AuditId", (admin_id,))]


def add_unbounded_setting(db) -> None:
    """A setting with no line in app.setting_bound (one added by a later version, say)."""
    db.sql("INSERT INTO app.setting (setting_key, setting_value, description) "
           "SELECT 'sin_rango_de_prueba', 1, 'Ajuste de prueba sin rango' "
           "WHERE NOT EXISTS (SELECT 1 FROM app.setting WHERE setting_key = 'sin_rango_de_prueba')",
           "INSERT INTO app.Setting (SettingKey, SettingValue, Description) "
           "SELECT N'sin_rango_de_prueba', 1, N'Ajuste de prueba sin rango' "
           "WHERE NOT EXISTS (SELECT 1 FROM app.Setting WHERE SettingKey = N'sin_rango_de_prueba')")


def test_refused_to_operators_and_bad_sessions(db):
    _, op_token = insert_staff_session(db, "operador")
    cases = ((None, "session_invalid"), (expired_token(db), "session_invalid"),
             (revoked_token(db), "session_invalid"), (op_token, "role_forbidden"))
    for token, key in cases:
        for procedure, params in (("staff.list_settings", {}),
                                  ("staff.save_setting", {"setting_key": "login_max_failures", "setting_value": 6})):
            with pytest.raises(gateway.AppError) as err:
                db.desk.call(procedure, token=token, **params)
            assert err.value.error_id == gateway.error_id(key), (procedure, key)


def test_list_has_every_value_with_its_bounds(db):
    _, token = insert_staff_session(db, "administrador")
    add_unbounded_setting(db)
    rows = settings(db, token)
    assert set(rows) >= SCREEN_KEYS
    for key, r in rows.items():
        assert r["description"], key
        if key == "sin_rango_de_prueba":
            assert (r["min_value"], r["max_value"]) == (None, None)  # listed, read-only on the screen
        else:
            assert r["min_value"] <= r["setting_value"] <= r["max_value"], key
    assert (rows["login_max_failures"]["min_value"], rows["login_max_failures"]["max_value"]) == (3, 20)
    assert rows["min_pbkdf2_iterations"]["min_value"] == 600000  # never below OWASP's minimum


def test_save_within_bounds_is_stored_and_audited(db):
    admin_id, token = insert_staff_session(db, "administrador")
    before = settings(db, token)["session_idle_minutes"]
    try:
        lo, hi = before["min_value"], before["max_value"]
        assert save(db, token, "session_idle_minutes", lo)["setting_value"] == lo  # bounds are inclusive
        assert save(db, token, "session_idle_minutes", hi)["changed"] is True
        assert settings(db, token)["session_idle_minutes"]["setting_value"] == hi
        unchanged = save(db, token, "session_idle_minutes", hi)  # no change: nothing audited
        assert (unchanged["setting_value"], unchanged["changed"]) == (hi, False)
        assert audits(db, admin_id) == [
            ("cambiar_ajuste", "session_idle_minutes", f"{before['setting_value']} -> {lo}"),
            ("cambiar_ajuste", "session_idle_minutes", f"{lo} -> {hi}"),
        ]
    finally:
        save(db, token, "session_idle_minutes", before["setting_value"])


@pytest.mark.parametrize(("key", "value", "error"), [
    ("login_max_failures", 2, "setting_out_of_range"),
    ("login_max_failures", 21, "setting_out_of_range"),
    ("min_pbkdf2_iterations", 1000, "setting_out_of_range"),
    ("submit_client_per_hour", -1, "setting_out_of_range"),
    ("submit_client_per_hour", None, "setting_value_required"),
    ("no_such_setting", 5, "setting_not_found"),
    ("sin_rango_de_prueba", 5, "setting_not_editable"),
])
def test_bad_values_are_refused_and_change_nothing(db, key, value, error):
    admin_id, token = insert_staff_session(db, "administrador")
    add_unbounded_setting(db)
    before = settings(db, token)
    with pytest.raises(gateway.AppError) as err:
        save(db, token, key, value)
    assert err.value.error_id == gateway.error_id(error)
    assert "ajuste" in err.value.message or "número" in err.value.message
    assert settings(db, token) == before
    assert audit_rows(db, admin_id) == []
