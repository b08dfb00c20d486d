"""Staff accounts administration: authorization, last-administrator rule, audit."""

from __future__ import annotations

import hashlib
import secrets

import pytest

import gateway
from tests.support.admin_data import audit_rows, expired_token, revoked_token
from tests.support.database import insert_staff_session

ITER = 600_000


def key_params() -> dict:
    return {"salt": secrets.token_bytes(16), "iterations": ITER, "password_key": secrets.token_bytes(32)}


def new_user(db, token, role="operador", username=None) -> int:
    username = username or f"u{secrets.token_hex(4)}"
    return db.desk.call("staff.create_staff", token=token, username=username, full_name="Nueva Persona",
                        role=role, **key_params())[0]["staff_id"]


# Every administrative procedure of this module with harmless arguments.
def calls(target: int) -> dict[str, dict]:
    return {
        "staff.list_staff": {},
        "staff.create_staff": {"username": f"x{secrets.token_hex(3)}", "full_name": "X", "role": "operador",
                               **key_params()},
        "staff.update_staff": {"staff_id": target, "full_name": "Otra", "role": "operador"},
        "staff.set_staff_active": {"staff_id": target, "is_active": True},
        "staff.unlock_staff": {"staff_id": target},
        "staff.reset_staff_password": {"staff_id": target, **key_params()},
        "staff.list_login_attempts": {"staff_id": target},
        "staff.list_admin_audit": {},
    }


def test_authorization_matrix(db):
    """No token, expired, revoked, unknown: 2001; operador: 2002 (registry ids); administrador: ok."""
    target, _ = insert_staff_session(db, "operador")
    _, op_token = insert_staff_session(db, "operador")
    _, admin_token = insert_staff_session(db, "administrador")
    cases = [(None, "session_invalid"), (expired_token(db), "session_invalid"),
             (revoked_token(db), "session_invalid"), (secrets.token_bytes(32), "session_invalid"),
             (op_token, "role_forbidden")]
    for procedure, params in calls(target).items():
        for token, key in cases:
            with pytest.raises(gateway.AppError) as err:
                db.desk.call(procedure, token=token, **params)
            assert err.value.error_id == gateway.error_id(key), (procedure, key)
        db.desk.call(procedure, token=admin_token, **params)  # no error


def test_create_list_update_and_audit(db):
    admin_id, token = insert_staff_session(db, "administrador")
    params = key_params()
    suffix = secrets.token_hex(3)  # unique: the SQL Server database is shared
    name = f"ana.lopez{suffix}"
    staff_id = db.desk.call("staff.create_staff", token=token, username=f"  Ana.Lopez{suffix.upper()} ",
                            full_name=" Ana López ", role="operador", **params)[0]["staff_id"]
    row = next(r for r in db.desk.call("staff.list_staff", token=token) if r["staff_id"] == staff_id)
    assert (row["username"], row["full_name"], row["role"]) == (name, "Ana López", "operador")
    assert row["must_change_password"] and row["is_active"] and not row["is_locked"]
    stored = db.sql("SELECT verifier, iterations FROM app.staff_user WHERE staff_id = %s",
                    "SELECT Verifier, Iterations FROM app.StaffUser WHERE StaffId = ?", (staff_id,))[0]
    assert bytes(stored[0]) == hashlib.sha256(params["password_key"]).digest() and stored[1] == ITER
    db.desk.call("staff.update_staff", token=token, staff_id=staff_id, full_name="Ana María López",
                 role="administrador")
    row = next(r for r in db.desk.call("staff.list_staff", token=token) if r["staff_id"] == staff_id)
    assert (row["full_name"], row["role"]) == ("Ana María López", "administrador")
    assert audit_rows(db, admin_id) == [("crear_cuenta", name), ("editar_cuenta", name)]
    # Saving the same name and role again is not an edit: nothing in the Bitácora (issue 16).
    db.desk.call("staff.update_staff", token=token, staff_id=staff_id, full_name=" Ana María López ",
                 role="administrador")
    assert audit_rows(db, admin_id) == [("crear_cuenta", name), ("editar_cuenta", name)]
    db.desk.call("staff.update_staff", token=token, staff_id=staff_id, full_name="Ana maría López",
                 role="administrador")  # a change of case only is a change
    assert audit_rows(db, admin_id) == [("crear_cuenta", name), ("editar_cuenta", name), ("editar_cuenta", name)]
    db.desk.call("staff.update_staff", token=token, staff_id=staff_id, full_name="Ana María López",
                 role="administrador")
    log = db.desk.call("staff.list_admin_audit", token=token)
    assert [r["action"] for r in log[:4]] == ["editar_cuenta", "editar_cuenta", "editar_cuenta", "crear_cuenta"]


CREATE_CASES = [
    ("username", "ab", "admin_username_invalid"), ("username", "con espacio", "admin_username_invalid"),
    ("full_name", "  ", "full_name_required"), ("role", "jefe", "role_invalid"),
    ("iterations", 1000, "password_params_invalid"), ("salt", b"short", "password_params_invalid"),
    ("password_key", b"x" * 31, "password_params_invalid"),
]


def test_create_staff_validates(db):
    _, token = insert_staff_session(db, "administrador")
    for field, value, key in CREATE_CASES:
        params = {"username": f"v{secrets.token_hex(3)}", "full_name": "Válido", "role": "operador",
                  **key_params()}
        params[field] = value
        with pytest.raises(gateway.AppError) as err:
            db.desk.call("staff.create_staff", token=token, **params)
        assert err.value.key == key, field


def test_duplicate_username_is_refused(db):
    _, token = insert_staff_session(db, "administrador")
    name = f"d{secrets.token_hex(3)}"
    new_user(db, token, username=name)
    with pytest.raises(gateway.AppError) as err:
        new_user(db, token, username=name.upper())
    assert err.value.key == "admin_username_taken"


def _deactivate_other_admins(db, keep: int) -> None:
    """Deactivate every other active administrator; they are active again when the test ends."""
    active = [r[0] for r in db.sql(
        "SELECT staff_id FROM app.staff_user WHERE role = 'administrador' AND is_active AND staff_id <> %s",
        "SELECT StaffId FROM app.StaffUser WHERE Role = N'administrador' AND IsActive = 1 AND StaffId <> ?",
        (keep,))]
    db.on_close(lambda: db.sql(
        "UPDATE app.staff_user SET is_active = TRUE WHERE staff_id = ANY(string_to_array(%s, ',')::BIGINT[])",
        "UPDATE app.StaffUser SET IsActive = 1 WHERE StaffId IN (SELECT CAST(value AS INT) FROM STRING_SPLIT(?, ','))",
        (",".join(map(str, active)),)) if active else None)
    db.sql("UPDATE app.staff_user SET is_active = FALSE WHERE role = 'administrador' AND staff_id <> %s",
           "UPDATE app.StaffUser SET IsActive = 0 WHERE Role = N'administrador' AND StaffId <> ?", (keep,))


def test_last_active_administrator_cannot_be_demoted_or_deactivated(db):
    admin_id, token = insert_staff_session(db, "administrador")
    _deactivate_other_admins(db, admin_id)
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.update_staff", token=token, staff_id=admin_id, full_name="Yo", role="operador")
    assert err.value.key == "last_admin"
    # a second administrator makes the demotion possible, then that one becomes the last
    other = new_user(db, token, role="administrador")
    db.desk.call("staff.update_staff", token=token, staff_id=admin_id, full_name="Yo", role="operador")
    role = db.sql("SELECT role FROM app.staff_user WHERE staff_id = %s",
                  "SELECT Role FROM app.StaffUser WHERE StaffId = ?", (admin_id,))[0][0]
    assert role == "operador"
    # the former admin's session is no longer an admin session
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.set_staff_active", token=token, staff_id=other, is_active=False)
    assert err.value.key == "role_forbidden"
    _, token2 = insert_staff_session(db, "administrador")
    _deactivate_other_admins(db, other)  # token2's admin too: `other` is the last one now
    db.sql("UPDATE app.staff_user SET is_active = TRUE WHERE staff_id IN "
           "(SELECT staff_id FROM app.staff_session WHERE token_hash = sha256(%s))",
           "UPDATE app.StaffUser SET IsActive = 1 WHERE StaffId IN "
           "(SELECT StaffId FROM app.StaffSession WHERE TokenHash = HASHBYTES('SHA2_256', ?))", (token2,))
    db.desk.call("staff.set_staff_active", token=token2, staff_id=other, is_active=False)  # token2 remains


def test_deactivate_self_and_last_admin_refused(db):
    admin_id, token = insert_staff_session(db, "administrador")
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.set_staff_active", token=token, staff_id=admin_id, is_active=False)
    assert err.value.key == "cannot_deactivate_self"
    other_admin, other_token = insert_staff_session(db, "administrador")
    _deactivate_other_admins(db, other_admin)
    with pytest.raises(gateway.AppError) as err:  # `token`'s owner is inactive now
        db.desk.call("staff.list_staff", token=token)
    assert err.value.key == "session_invalid"
    with pytest.raises(gateway.AppError) as err:  # the last administrator cannot demote itself
        db.desk.call("staff.update_staff", token=other_token, staff_id=other_admin, full_name="B", role="operador")
    assert err.value.key == "last_admin"


def test_deactivation_revokes_sessions_and_reactivation_allows_login_again(db):
    admin_id, token = insert_staff_session(db, "administrador")
    op_id, op_token = insert_staff_session(db, "operador")
    db.desk.call("staff.set_staff_active", token=token, staff_id=op_id, is_active=True)  # already active
    db.desk.call("staff.set_staff_active", token=token, staff_id=op_id, is_active=False)
    db.desk.call("staff.set_staff_active", token=token, staff_id=op_id, is_active=False)  # already inactive
    revoked = db.sql("SELECT count(*) FROM app.staff_session WHERE staff_id = %s AND revoked_at IS NULL",
                     "SELECT COUNT(*) FROM app.StaffSession WHERE StaffId = ? AND RevokedAt IS NULL", (op_id,))
    assert revoked[0][0] == 0
    db.desk.call("staff.set_staff_active", token=token, staff_id=op_id, is_active=True)
    with pytest.raises(gateway.AppError) as err:  # the old session stays revoked
        db.desk.call("staff.list_admin_audit", token=op_token)
    assert err.value.key == "session_invalid"
    row = next(r for r in db.desk.call("staff.list_staff", token=token) if r["staff_id"] == op_id)
    assert row["is_active"]
    actions = db.sql("SELECT action FROM app.admin_audit WHERE staff_id = %s ORDER BY audit_id",
                     "SELECT Action FROM app.AdminAudit WHERE StaffId = ? ORDER BY AuditId", (admin_id,))
    assert [r[0] for r in actions] == ["desactivar_cuenta", "activar_cuenta"]  # no line for a no-op


def test_unlock_reset_and_login_attempts(db):
    admin_id, token = insert_staff_session(db, "administrador")
    op_id, _ = insert_staff_session(db, "operador")
    db.sql("UPDATE app.staff_user SET failed_logins = 5, locked_until = now() + interval '10 minutes' "
           "WHERE staff_id = %s",
           "UPDATE app.StaffUser SET FailedLogins = 5, LockedUntil = DATEADD(MINUTE, 10, SYSUTCDATETIME()) "
           "WHERE StaffId = ?", (op_id,))
    for ok in (False, False, True):
        db.sql("INSERT INTO app.login_attempt (username, staff_id, succeeded, outcome) VALUES ('x', %s, %s, 'clave')",
               "INSERT INTO app.LoginAttempt (Username, StaffId, Succeeded, Outcome) VALUES (N'x', ?, ?, N'clave')",
               (op_id, ok))
    row = next(r for r in db.desk.call("staff.list_staff", token=token) if r["staff_id"] == op_id)
    assert row["is_locked"] and row["recent_failed_attempts"] == 2
    attempts = db.desk.call("staff.list_login_attempts", token=token, staff_id=op_id)
    assert [a["succeeded"] for a in attempts] == [True, False, False]
    db.desk.call("staff.unlock_staff", token=token, staff_id=op_id)
    row = next(r for r in db.desk.call("staff.list_staff", token=token) if r["staff_id"] == op_id)
    assert not row["is_locked"]
    params = key_params()
    db.desk.call("staff.reset_staff_password", token=token, staff_id=op_id, **params)
    stored = db.sql("SELECT verifier, must_change_password FROM app.staff_user WHERE staff_id = %s",
                    "SELECT Verifier, MustChangePassword FROM app.StaffUser WHERE StaffId = ?", (op_id,))[0]
    assert bytes(stored[0]) == hashlib.sha256(params["password_key"]).digest() and stored[1]
    assert audit_rows(db, admin_id) == [("desbloquear_cuenta", row["username"]),
                                        ("restablecer_contrasena", row["username"])]
    with pytest.raises(gateway.AppError) as err:
        db.desk.call("staff.unlock_staff", token=token, staff_id=987654)
    assert err.value.key == "admin_staff_not_found"
