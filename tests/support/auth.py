"""Staff accounts and real logins for tests of any slice.

    staff_id = create_staff(db, "ana", "Una clave larga 2026")     # operador, low iterations
    token = login(db, "ana", "Una clave larga 2026")                # through staff.log_in

Accounts are created with few PBKDF2 iterations so tests stay fast; the helper
lowers app.setting min_pbkdf2_iterations in the test database to allow it and
restores it when the test ends (600,000 stays the production minimum).
"""

from __future__ import annotations

import secrets
from typing import Any

import gateway
from gateway.passwords import derive_key, new_salt, verifier
from tests.support.database import set_setting

TEST_ITERATIONS = 1000


def lower_min_iterations(db: Any, iterations: int = TEST_ITERATIONS) -> None:
    """Allow `iterations` in this test database (never raises the minimum); restored when the test ends."""
    current = db.sql("SELECT setting_value FROM app.setting WHERE setting_key = 'min_pbkdf2_iterations'",
                     "SELECT SettingValue FROM app.Setting WHERE SettingKey = N'min_pbkdf2_iterations'")[0][0]
    if current > iterations:
        set_setting(db, "min_pbkdf2_iterations", iterations)


def unique_username(prefix: str = "u") -> str:
    return f"{prefix}{secrets.token_hex(4)}"


def create_staff(
    db: Any,
    username: str,
    password: str,
    role: str = "operador",
    must_change: bool = False,
    iterations: int = TEST_ITERATIONS,
    is_active: bool = True,
) -> int:
    """Insert a staff account whose password really works with staff.log_in; returns staff_id."""
    lower_min_iterations(db, iterations)
    salt = new_salt()
    stored = verifier(derive_key(password, salt, iterations))
    return db.sql(
        "INSERT INTO app.staff_user (username, full_name, role, salt, iterations, verifier, "
        "must_change_password, is_active) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING staff_id",
        "INSERT INTO app.StaffUser (Username, FullName, Role, Salt, Iterations, Verifier, "
        "MustChangePassword, IsActive) OUTPUT INSERTED.StaffId VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (username, f"Prueba {username}", role, salt, iterations, stored, must_change, is_active),
    )[0][0]


def login_key(gw: gateway.Gateway, username: str, password: str) -> bytes:
    """The key the desktop app would send: PBKDF2 with the salt the database gives."""
    params = gw.call("staff.get_login_params", username=username)[0]
    return derive_key(password, bytes(params["salt"]), params["iterations"])


def try_login(db: Any, username: str, password: str, client_info: str = "pruebas") -> dict[str, Any]:
    """The row staff.log_in returns (error_id 0 on success), as the desktop login."""
    key = login_key(db.desk, username, password)
    return db.desk.call("staff.log_in", username=username, password_key=key, client_info=client_info)[0]


def login(db: Any, username: str, password: str) -> bytes:
    """Log in through staff.log_in and return the session token (fails the test otherwise)."""
    row = try_login(db, username, password)
    assert row["error_id"] == 0, f"log_in falló con el error {row['error_id']}"
    return bytes(row["token"])
