"""Staff authentication: login parameters, log in/out, lockout, sessions, password
change, the must-change rule, the first administrator, PBKDF2 vectors and grants."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

import gateway
from gateway import AppError, error_id
from gateway.passwords import derive_key, new_salt, verifier
from tests.support.auth import (
    TEST_ITERATIONS,
    create_staff,
    login,
    login_key,
    lower_min_iterations,
    try_login,
    unique_username,
)
from tests.support.database import insert_staff_session

PASSWORD = "Clave de prueba 2026"
NEW_PASSWORD = "Otra clave segura 2027"


def setting(db, key: str) -> int:
    return db.sql("SELECT setting_value FROM app.setting WHERE setting_key = %s",
                  "SELECT SettingValue FROM app.Setting WHERE SettingKey = ?", (key,))[0][0]


def attempts(db, username: str) -> list[tuple]:
    rows = db.sql(
        "SELECT outcome, succeeded, client_info FROM app.login_attempt "
        "WHERE username = %s ORDER BY attempt_id",
        "SELECT Outcome, Succeeded, ClientInfo FROM app.LoginAttempt "
        "WHERE Username = ? ORDER BY AttemptId", (username,))
    return [(r[0], bool(r[1]), r[2]) for r in rows]


def raises(key: str, fn, *args, **kwargs) -> None:
    with pytest.raises(AppError) as info:
        fn(*args, **kwargs)
    assert info.value.error_id == error_id(key), info.value


def require_session_error(db, token: bytes, role: str = "operador") -> int | None:
    """Call app.require_session as the owner (as every staff procedure does); the error id or None."""
    try:
        db.sql("SELECT app.require_session(%s, %s)",
               "DECLARE @s INT; EXEC app.RequireSession @Token = ?, @RequiredRole = ?, @StaffId = @s OUTPUT",
               (token, role))
    except psycopg.Error as exc:
        return int(exc.sqlstate[1:])
    except Exception as exc:  # pyodbc: "... (52003) (SQLExecDirectW)"
        found = re.search(r"\((5\d{4})\)", str(exc))
        if not found:
            raise
        return int(found.group(1)) - 50000
    return None


@pytest.fixture(autouse=True)
def _fresh_source_counters(request):
    """Every test connects from one address; on SQL Server (one shared database) the failures of
    earlier tests would otherwise add up to the per-source limit (issue 12)."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db").sql("DELETE FROM app.login_source", "DELETE FROM app.LoginSource")


FAILED = {"token": None, "staff_id": None, "username": None, "full_name": None, "role": None,
          "must_change_password": None, "expires_at": None}


# ---- login parameters ---------------------------------------------------------

def test_login_params_of_a_real_account(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    stored = db.sql("SELECT salt, iterations FROM app.staff_user WHERE username = %s",
                    "SELECT Salt, Iterations FROM app.StaffUser WHERE Username = ?", (name,))[0]
    row = db.desk.call("staff.get_login_params", username=name.upper())[0]
    assert (bytes(row["salt"]), row["iterations"]) == (bytes(stored[0]), stored[1])


def test_unknown_user_gets_a_stable_fake_salt_that_differs_per_username(db):
    first = db.desk.call("staff.get_login_params", username="nadie.aqui")[0]
    again = db.desk.call("staff.get_login_params", username="nadie.aqui")[0]
    other = db.desk.call("staff.get_login_params", username="otro.nadie")[0]
    assert bytes(first["salt"]) == bytes(again["salt"])
    assert bytes(first["salt"]) != bytes(other["salt"])
    assert len(bytes(first["salt"])) == 16
    assert first["iterations"] == setting(db, "min_pbkdf2_iterations")
    # Known answer: first 16 bytes of SHA-256(instance secret || 'fake-salt' || UTF-16LE username).
    secret = bytes(db.sql("SELECT secret FROM app.instance_secret",
                          "SELECT Secret FROM app.InstanceSecret")[0][0])
    expected = hashlib.sha256(secret + b"fake-salt" + "nadie.aqui".encode("utf-16-le")).digest()[:16]
    assert bytes(first["salt"]) == expected


# ---- log in -------------------------------------------------------------------

def test_login_success_opens_a_session(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD, role="administrador")
    row = try_login(db, name, PASSWORD)
    assert row["error_id"] == 0
    assert len(bytes(row["token"])) == 32
    assert (row["staff_id"], row["username"], row["role"]) == (staff_id, name, "administrador")
    assert row["full_name"] == f"Prueba {name}"
    assert not row["must_change_password"]
    assert row["expires_at"] is not None
    user = db.sql("SELECT failed_logins, last_login_at FROM app.staff_user WHERE staff_id = %s",
                  "SELECT FailedLogins, LastLoginAt FROM app.StaffUser WHERE StaffId = ?", (staff_id,))[0]
    assert user[0] == 0 and user[1] is not None


def test_wrong_password_and_unknown_user_get_the_same_answer(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    wrong = try_login(db, name, "no es la clave 123")
    unknown = try_login(db, unique_username("x"), PASSWORD)
    assert wrong["error_id"] == unknown["error_id"] == error_id("login_failed")
    assert {k: v for k, v in wrong.items() if k != "error_id"} == FAILED
    assert {k: v for k, v in unknown.items() if k != "error_id"} == FAILED


def test_every_attempt_is_recorded_with_its_outcome(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    try_login(db, name, "incorrecta 1234", client_info="PC-01")
    login(db, name, PASSWORD)
    ghost = unique_username("g")
    try_login(db, ghost.upper(), PASSWORD, client_info="PC-02")
    assert attempts(db, name) == [("clave", False, "PC-01"), ("ok", True, "pruebas")]
    assert attempts(db, ghost) == [("desconocido", False, "PC-02")]


def test_lockout_after_max_failures_and_unlock_after_the_window(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    max_failures = setting(db, "login_max_failures")
    for _ in range(max_failures - 1):
        assert try_login(db, name, "incorrecta 1234")["error_id"] == error_id("login_failed")
    assert try_login(db, name, "incorrecta 1234")["error_id"] == error_id("account_locked")
    # Locked: even the right password is refused, and the attempt says so.
    assert try_login(db, name, PASSWORD)["error_id"] == error_id("account_locked")
    assert attempts(db, name)[-1][:2] == ("bloqueada", False)
    minutes = db.sql(
        "SELECT extract(epoch FROM locked_until - now()) / 60 FROM app.staff_user WHERE staff_id = %s",
        "SELECT DATEDIFF(SECOND, SYSUTCDATETIME(), LockedUntil) / 60.0 FROM app.StaffUser WHERE StaffId = ?",
        (staff_id,))[0][0]
    lockout = setting(db, "login_lockout_minutes")
    assert lockout - 1 < float(minutes) <= lockout
    # The window passes (moved by hand, no sleeping).
    db.sql("UPDATE app.staff_user SET locked_until = now() - interval '1 second' WHERE staff_id = %s",
           "UPDATE app.StaffUser SET LockedUntil = DATEADD(SECOND, -1, SYSUTCDATETIME()) WHERE StaffId = ?",
           (staff_id,))
    assert try_login(db, name, PASSWORD)["error_id"] == 0
    assert len(attempts(db, name)) == max_failures + 2


def test_concurrent_wrong_attempts_are_all_counted(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    max_failures = setting(db, "login_max_failures")
    wrong = login_key(db.desk, name, "incorrecta 1234")

    def attempt(_: int) -> int:
        return db.desk.call("staff.log_in", username=name, password_key=wrong, client_info="hilo")[0]["error_id"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(attempt, range(max_failures + 3)))
    # Row lock: exactly one attempt reaches the limit; later ones find the account locked.
    assert results.count(error_id("login_failed")) == max_failures - 1
    assert results.count(error_id("account_locked")) == 4
    assert len(attempts(db, name)) == max_failures + 3
    assert [a[0] for a in attempts(db, name)].count("bloqueada") == 3
    locked = db.sql("SELECT locked_until > now() FROM app.staff_user WHERE staff_id = %s",
                    "SELECT CASE WHEN LockedUntil > SYSUTCDATETIME() THEN 1 ELSE 0 END FROM app.StaffUser "
                    "WHERE StaffId = ?", (staff_id,))[0][0]
    assert bool(locked)


def test_success_resets_the_failure_count(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    max_failures = setting(db, "login_max_failures")
    for _ in range(max_failures - 1):
        try_login(db, name, "incorrecta 1234")
    login(db, name, PASSWORD)
    for _ in range(max_failures - 1):
        assert try_login(db, name, "incorrecta 1234")["error_id"] == error_id("login_failed")
    assert try_login(db, name, PASSWORD)["error_id"] == 0


def test_inactive_account_is_refused_only_after_the_right_password(db):
    name = unique_username()
    create_staff(db, name, PASSWORD, is_active=False)
    assert try_login(db, name, "incorrecta 1234")["error_id"] == error_id("login_failed")
    assert try_login(db, name, PASSWORD)["error_id"] == error_id("account_inactive")
    assert [a[0] for a in attempts(db, name)] == ["clave", "inactiva"]


def test_token_is_stored_only_as_its_hash(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    stored = db.sql("SELECT token_hash FROM app.staff_session WHERE staff_id = %s",
                    "SELECT TokenHash FROM app.StaffSession WHERE StaffId = ?", (staff_id,))
    assert [bytes(r[0]) for r in stored] == [hashlib.sha256(token).digest()]
    assert db.sql("SELECT count(*) FROM app.staff_session WHERE token_hash = %s",
                  "SELECT COUNT(*) FROM app.StaffSession WHERE TokenHash = ?", (token,))[0][0] == 0


def test_each_login_gets_a_different_token(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    assert login(db, name, PASSWORD) != login(db, name, PASSWORD)


# ---- sessions -----------------------------------------------------------------

def test_validate_session_returns_the_user(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    row = db.desk.call("staff.validate_session", token=token)[0]
    assert (row["staff_id"], row["username"], row["role"]) == (staff_id, name, "operador")
    assert row["must_change_password"] is False or row["must_change_password"] == 0
    assert row["expires_at"] is not None


def test_validate_session_refuses_an_idle_session(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    idle = setting(db, "session_idle_minutes")
    db.sql("UPDATE app.staff_session SET last_seen_at = now() - make_interval(mins => %s) "
           "WHERE token_hash = sha256(%s)",
           "UPDATE app.StaffSession SET LastSeenAt = DATEADD(MINUTE, -?, SYSUTCDATETIME()) "
           "WHERE TokenHash = HASHBYTES('SHA2_256', ?)", (idle + 1, token))
    raises("session_invalid", db.desk.call, "staff.validate_session", token=token)


def test_validate_session_refuses_after_the_absolute_expiry(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    max_hours = setting(db, "session_max_hours")
    expiry = db.sql("SELECT extract(epoch FROM expires_at - created_at) / 3600 FROM app.staff_session "
                    "WHERE token_hash = sha256(%s)",
                    "SELECT DATEDIFF(SECOND, CreatedAt, ExpiresAt) / 3600.0 FROM app.StaffSession "
                    "WHERE TokenHash = HASHBYTES('SHA2_256', ?)", (token,))[0][0]
    assert float(expiry) == pytest.approx(max_hours, abs=0.01)
    # Active recently, but past the absolute limit.
    db.sql("UPDATE app.staff_session SET expires_at = now() - interval '1 second', last_seen_at = now() "
           "WHERE token_hash = sha256(%s)",
           "UPDATE app.StaffSession SET ExpiresAt = DATEADD(SECOND, -1, SYSUTCDATETIME()), "
           "LastSeenAt = SYSUTCDATETIME() WHERE TokenHash = HASHBYTES('SHA2_256', ?)", (token,))
    raises("session_invalid", db.desk.call, "staff.validate_session", token=token)


def test_validate_session_refuses_unknown_and_missing_tokens(db):
    raises("session_invalid", db.desk.call, "staff.validate_session", token=b"\x00" * 32)
    raises("session_invalid", db.desk.call, "staff.validate_session", token=None)


def test_deactivated_account_loses_its_sessions(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    db.sql("UPDATE app.staff_user SET is_active = FALSE WHERE staff_id = %s",
           "UPDATE app.StaffUser SET IsActive = 0 WHERE StaffId = ?", (staff_id,))
    raises("session_invalid", db.desk.call, "staff.validate_session", token=token)


def test_log_out_revokes_the_session_and_is_idempotent(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    other = login(db, name, PASSWORD)
    db.desk.call("staff.log_out", token=token)
    raises("session_invalid", db.desk.call, "staff.validate_session", token=token)
    assert db.desk.call("staff.validate_session", token=other)[0]["username"] == name
    db.desk.call("staff.log_out", token=token)  # again: quiet
    db.desk.call("staff.log_out", token=b"\x01" * 32)  # unknown: quiet
    revoked = db.sql("SELECT revoked_at IS NOT NULL FROM app.staff_session WHERE token_hash = sha256(%s)",
                     "SELECT CASE WHEN RevokedAt IS NULL THEN 0 ELSE 1 END FROM app.StaffSession "
                     "WHERE TokenHash = HASHBYTES('SHA2_256', ?)", (token,))
    assert bool(revoked[0][0])


# ---- must change password (2003) ------------------------------------------------

def test_must_change_account_may_only_validate_and_change_its_password(db):
    name = unique_username()
    create_staff(db, name, PASSWORD, must_change=True)
    row = try_login(db, name, PASSWORD)
    assert row["error_id"] == 0 and bool(row["must_change_password"])
    token = bytes(row["token"])
    assert bool(db.desk.call("staff.validate_session", token=token)[0]["must_change_password"])
    assert require_session_error(db, token) == error_id("password_change_required")
    assert require_session_error(db, token, "administrador") == error_id("password_change_required")

    current = login_key(db.desk, name, PASSWORD)
    salt = new_salt()
    db.desk.call("staff.change_own_password", token=token, current_key=current, new_salt=salt,
                 new_iterations=TEST_ITERATIONS, new_key=derive_key(NEW_PASSWORD, salt, TEST_ITERATIONS))
    assert require_session_error(db, token) is None
    assert not db.desk.call("staff.validate_session", token=token)[0]["must_change_password"]


def test_require_session_checks_the_role(db):
    _, operator = insert_staff_session(db, "operador")
    _, admin = insert_staff_session(db, "administrador")
    assert require_session_error(db, operator) is None
    assert require_session_error(db, operator, "administrador") == error_id("role_forbidden")
    assert require_session_error(db, admin, "administrador") is None


# ---- change own password --------------------------------------------------------

def change(db, token: bytes, current_key: bytes, password: str, iterations: int = TEST_ITERATIONS,
           salt: bytes | None = None) -> int:
    """The error_id the procedure returns (0 = changed); registry errors still raise."""
    salt = salt if salt is not None else new_salt()
    return db.desk.call("staff.change_own_password", token=token, current_key=current_key, new_salt=salt,
                 new_iterations=iterations, new_key=derive_key(password, salt, max(iterations, 1)))[0]["error_id"]


def test_change_own_password_refuses_a_wrong_current_key(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    wrong = login_key(db.desk, name, "no es la clave 123")
    # Answered as a row, not raised, so that the failure count is committed (issue 12).
    assert change(db, token, wrong, NEW_PASSWORD) == error_id("current_password_wrong")
    assert login(db, name, PASSWORD)


def test_change_own_password_refuses_too_few_iterations(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    current = login_key(db.desk, name, PASSWORD)
    raises("iterations_too_low", change, db, token, current, NEW_PASSWORD,
           iterations=setting(db, "min_pbkdf2_iterations") - 1)


def test_change_own_password_refuses_bad_salt_and_the_same_key(db):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    current = login_key(db.desk, name, PASSWORD)
    raises("password_data_invalid", change, db, token, current, NEW_PASSWORD, salt=b"corta")
    params = db.desk.call("staff.get_login_params", username=name)[0]
    raises("password_reused", db.desk.call, "staff.change_own_password", token=token, current_key=current,
           new_salt=bytes(params["salt"]), new_iterations=params["iterations"], new_key=current)


def test_change_own_password_replaces_it_and_revokes_other_sessions(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    elsewhere = login(db, name, PASSWORD)
    change(db, token, login_key(db.desk, name, PASSWORD), NEW_PASSWORD)
    assert db.desk.call("staff.validate_session", token=token)[0]["staff_id"] == staff_id
    raises("session_invalid", db.desk.call, "staff.validate_session", token=elsewhere)
    assert try_login(db, name, PASSWORD)["error_id"] == error_id("login_failed")
    assert try_login(db, name, NEW_PASSWORD)["error_id"] == 0


def test_change_own_password_needs_a_session(db):
    raises("session_invalid", change, db, b"\x02" * 32, b"\x00" * 32, NEW_PASSWORD)


# ---- first administrator ----------------------------------------------------------

def bootstrap(db, username: str, password: str = PASSWORD, iterations: int = TEST_ITERATIONS,
              must_change: bool = True, salt: bytes | None = None) -> list[dict]:
    salt = salt if salt is not None else new_salt()
    return db.owner_gw.call("app.bootstrap_admin", username=username, full_name="Administración Inicial",
                            salt=salt, iterations=iterations,
                            password_key=derive_key(password, salt, iterations),
                            must_change_password=must_change)


def test_bootstrap_admin_creates_the_first_administrator(pg_db):
    lower_min_iterations(pg_db)
    staff_id = bootstrap(pg_db, "  Admin.CC ", must_change=False)[0]["staff_id"]
    row = pg_db.sql("SELECT username, role, must_change_password, is_active FROM app.staff_user "
                    "WHERE staff_id = %s", params=(staff_id,))[0]
    assert row == ("admin.cc", "administrador", False, True)
    assert try_login(pg_db, "admin.cc", PASSWORD)["role"] == "administrador"


def test_bootstrap_admin_refuses_when_an_active_administrator_exists(db):
    lower_min_iterations(db)
    create_staff(db, unique_username("a"), PASSWORD, role="administrador")
    raises("admin_already_exists", bootstrap, db, unique_username("b"))


def test_bootstrap_admin_is_allowed_when_the_only_administrator_is_inactive(pg_db):
    create_staff(pg_db, "viejo.admin", PASSWORD, role="administrador", is_active=False)
    raises("username_taken", bootstrap, pg_db, "viejo.admin")
    staff_id = bootstrap(pg_db, "nuevo.admin")[0]["staff_id"]
    row = try_login(pg_db, "nuevo.admin", PASSWORD)
    assert row["staff_id"] == staff_id and row["must_change_password"] is True


def test_bootstrap_admin_validates_its_input(pg_db):
    lower_min_iterations(pg_db)
    raises("username_invalid", bootstrap, pg_db, "ña")
    raises("username_invalid", bootstrap, pg_db, "con espacio")
    raises("iterations_too_low", bootstrap, pg_db, "admin", iterations=TEST_ITERATIONS - 1)
    raises("password_data_invalid", bootstrap, pg_db, "admin", salt=b"corta")
    assert pg_db.sql("SELECT count(*) FROM app.staff_user")[0][0] == 0


# ---- PBKDF2 known answers -------------------------------------------------------------

# PBKDF2-HMAC-SHA256 published test vectors (P = "password", S = "salt", dkLen = 32).
PUBLISHED = [
    (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
    (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
    (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
]


@pytest.mark.parametrize(("iterations", "expected"), PUBLISHED)
def test_derive_key_matches_published_vectors(iterations, expected):
    assert derive_key("password", b"salt", iterations).hex() == expected


@pytest.mark.parametrize("password", ["Clave sencilla 2026", "contraseña con ñ y acentos áéí", "密码 パスワード 🔑"])
def test_derive_key_matches_hashlib_and_normalizes_to_nfc(password):
    salt = bytes(range(16))
    expected = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFC", password).encode("utf-8"), salt, 1000)
    assert derive_key(password, salt, 1000) == expected
    assert derive_key(unicodedata.normalize("NFD", password), salt, 1000) == expected


def test_database_verifier_is_sha256_of_the_hashlib_key(db):
    name = unique_username()
    create_staff(db, name, "Contraseña Única 2026")
    salt, iterations, stored = db.sql(
        "SELECT salt, iterations, verifier FROM app.staff_user WHERE username = %s",
        "SELECT Salt, Iterations, Verifier FROM app.StaffUser WHERE Username = ?", (name,))[0]
    key = hashlib.pbkdf2_hmac("sha256", "Contraseña Única 2026".encode(), bytes(salt), iterations)
    assert bytes(stored) == hashlib.sha256(key).digest() == verifier(key)
    # The database's own SHA-256 agrees with hashlib on the same bytes.
    assert bytes(db.sql("SELECT sha256(%s)", "SELECT HASHBYTES('SHA2_256', ?)", (key,))[0][0]) == verifier(key)
    assert try_login(db, name, unicodedata.normalize("NFD", "Contraseña Única 2026"))["error_id"] == 0


# ---- grants --------------------------------------------------------------------------

def test_web_login_cannot_call_staff_or_app_functions(pg_db):
    with psycopg.connect(pg_db.login_urls["itl_web"], autocommit=True) as conn:
        for statement in ("SELECT * FROM staff.get_login_params('ana')",
                          "SELECT * FROM staff.log_in('ana', '\\x00'::bytea, 'x')",
                          "SELECT * FROM app.bootstrap_admin('a', 'b', '\\x00'::bytea, 1, '\\x00'::bytea)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_desk_login_may_log_in_but_not_bootstrap_nor_touch_tables(pg_db):
    with psycopg.connect(pg_db.login_urls["itl_desk"], autocommit=True) as conn:
        assert conn.execute("SELECT iterations FROM staff.get_login_params('ana')").fetchone()[0] > 0
        for statement in ("SELECT * FROM app.bootstrap_admin('a', 'b', '\\x00'::bytea, 1, '\\x00'::bytea)",
                          "SELECT app.require_session('\\x00'::bytea, 'operador')",
                          "SELECT * FROM app.staff_session", "SELECT * FROM app.login_attempt",
                          "UPDATE app.staff_user SET locked_until = NULL"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_bootstrap_admin_is_not_reachable_through_client_gateways(db):
    if db.dialect == "mssql" and not (os.environ.get("ITL_MSSQL_WEB_URL") and os.environ.get("ITL_MSSQL_DESK_URL")):
        pytest.skip("SQL Server: defina ITL_MSSQL_WEB_URL e ITL_MSSQL_DESK_URL (logins de los roles) para esta prueba")
    lower_min_iterations(db)
    salt = new_salt()
    for gw in (db.web, db.desk):
        with pytest.raises(AppError) as info:
            gw.call("app.bootstrap_admin", username="intruso", full_name="X", salt=salt,
                    iterations=TEST_ITERATIONS, password_key=derive_key("x", salt, TEST_ITERATIONS))
        assert not isinstance(info.value, gateway.DatabaseUnavailable)
    assert db.sql("SELECT count(*) FROM app.staff_user WHERE username = 'intruso'",
                  "SELECT COUNT(*) FROM app.StaffUser WHERE Username = N'intruso'")[0][0] == 0


def test_staff_functions_added_by_a_later_deploy_are_granted(pg_db):
    """grants.sql re-runs only when it changes: a new staff function must still reach the desk login."""
    pg_db.sql("SET ROLE itl_owner")
    pg_db.sql("CREATE FUNCTION staff.zz_later() RETURNS INT LANGUAGE sql SECURITY DEFINER AS 'SELECT 7'")
    pg_db.sql("CREATE FUNCTION webform.zz_later() RETURNS INT LANGUAGE sql SECURITY DEFINER AS 'SELECT 8'")
    pg_db.sql("RESET ROLE")
    with psycopg.connect(pg_db.login_urls["itl_desk"], autocommit=True) as conn:
        assert conn.execute("SELECT staff.zz_later()").fetchone()[0] == 7
    with psycopg.connect(pg_db.login_urls["itl_web"], autocommit=True) as conn:
        assert conn.execute("SELECT webform.zz_later()").fetchone()[0] == 8
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT staff.zz_later()")


# ---- owner rescue and admin count --------------------------------------------------------

def test_owner_reset_sets_a_temporary_password_and_closes_sessions(db):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    token = login(db, name, PASSWORD)
    db.sql("UPDATE app.staff_user SET locked_until = now() + interval '1 hour' WHERE staff_id = %s",
           "UPDATE app.StaffUser SET LockedUntil = DATEADD(HOUR, 1, SYSUTCDATETIME()) WHERE StaffId = ?",
           (staff_id,))
    salt = new_salt()
    row = db.owner_gw.call("app.reset_staff_password", username=name.upper(), salt=salt,
                           iterations=TEST_ITERATIONS,
                           password_key=derive_key(NEW_PASSWORD, salt, TEST_ITERATIONS))[0]
    assert row["staff_id"] == staff_id
    raises("session_invalid", db.desk.call, "staff.validate_session", token=token)
    result = try_login(db, name, NEW_PASSWORD)
    assert result["error_id"] == 0 and bool(result["must_change_password"])
    raises("staff_not_found", db.owner_gw.call, "app.reset_staff_password", username=unique_username("n"),
           salt=salt, iterations=TEST_ITERATIONS, password_key=b"\x00" * 32)


def test_count_active_admins(db):
    before = db.owner_gw.call("app.count_active_admins")[0]["active_admins"]
    create_staff(db, unique_username("a"), PASSWORD, role="administrador")
    create_staff(db, unique_username("b"), PASSWORD, role="administrador", is_active=False)
    create_staff(db, unique_username("c"), PASSWORD)
    assert db.owner_gw.call("app.count_active_admins")[0]["active_admins"] == before + 1
