"""Login abuse limits (issue 12, defects 4 and 10): names cannot be told apart, anyone cannot
lock anyone, spraying from one source is slowed, the last administrator can always get back in,
wrong current passwords count, and overlong usernames get a registered error."""

from __future__ import annotations

import io

import pytest

from gateway import AppError, error_id
from gateway.passwords import derive_key, new_salt
from tests.support.auth import TEST_ITERATIONS, create_staff, login_key, try_login, unique_username
from tests.support.database import set_setting
from tools.bootstrap_admin import reset_password

PASSWORD = "Clave de prueba 2026"
WRONG = "no es la clave 1234"
OWNER_PC = "escritorio pc-admin"
STRANGER = "escritorio desconocido"
SETTINGS = ("login_max_failures", "login_lockout_minutes", "login_source_max_failures",
            "login_source_window_minutes", "login_trusted_source_days")


def setting(db, key: str) -> int:
    return db.sql("SELECT setting_value FROM app.setting WHERE setting_key = %s",
                  "SELECT SettingValue FROM app.Setting WHERE SettingKey = ?", (key,))[0][0]


@pytest.fixture
def limits(db):
    """Change login settings for one test (set_setting restores them: SQL Server shares one
    database). The source counters start empty: every test connects from the same address."""
    db.sql("DELETE FROM app.login_source", "DELETE FROM app.LoginSource")
    yield lambda key, value: set_setting(db, key, value)
    db.sql("DELETE FROM app.login_source", "DELETE FROM app.LoginSource")


def answer(db, name: str, password: str, client: str = STRANGER) -> int:
    return try_login(db, name, password, client_info=client)["error_id"]


def outcomes(db, name: str) -> list[str]:
    rows = db.sql("SELECT outcome FROM app.login_attempt WHERE username = %s ORDER BY attempt_id",
                  "SELECT Outcome FROM app.LoginAttempt WHERE Username = ? ORDER BY AttemptId", (name,))
    return [r[0] for r in rows]


FAILED = error_id("login_failed")
LOCKED = error_id("account_locked")
THROTTLED = error_id("login_source_throttled")


# ---- unknown and known names answer identically ------------------------------------------------

def test_unknown_and_known_names_answer_identically_lockout_included(db, limits):
    known, unknown = unique_username("k"), unique_username("x")
    create_staff(db, known, PASSWORD)
    max_failures = setting(db, "login_max_failures")
    seen = {known: [], unknown: []}
    for _ in range(max_failures + 2):
        for name in (known, unknown):
            row = try_login(db, name, WRONG, client_info=STRANGER)
            assert {k: v for k, v in row.items() if k != "error_id"} == dict.fromkeys(row.keys() - {"error_id"})
            seen[name].append(row["error_id"])
    expected = [FAILED] * (max_failures - 1) + [LOCKED] * 3
    assert seen[known] == seen[unknown] == expected
    # Locked: the right password is refused too, with the same answer as any name.
    assert answer(db, known, PASSWORD) == LOCKED
    # The unknown name has its own counter and lock, like an account.
    row = db.sql("SELECT failed_logins, locked_until > now() FROM app.login_name_failure WHERE username = %s",
                 "SELECT FailedLogins, CASE WHEN LockedUntil > SYSUTCDATETIME() THEN 1 ELSE 0 END "
                 "FROM app.LoginNameFailure WHERE Username = ?", (unknown,))
    assert len(row) == 1 and bool(row[0][1])
    # Its lock passes like an account's (moved by hand, no sleeping).
    db.sql("UPDATE app.login_name_failure SET locked_until = now() - interval '1 second' WHERE username = %s",
           "UPDATE app.LoginNameFailure SET LockedUntil = DATEADD(SECOND, -1, SYSUTCDATETIME()) WHERE Username = ?",
           (unknown,))
    assert answer(db, unknown, WRONG) == FAILED


def test_every_failure_records_the_source_address(db, limits):
    name = unique_username()
    answer(db, name, WRONG)
    rows = db.sql("SELECT source_address, client_info FROM app.login_attempt WHERE username = %s",
                  "SELECT SourceAddress, ClientInfo FROM app.LoginAttempt WHERE Username = ?", (name,))
    assert len(rows) == 1 and rows[0][0] and rows[0][1] == STRANGER


# ---- throttling by source --------------------------------------------------------------------------

def test_a_spraying_source_is_refused_before_any_account_check(db, limits):
    limits("login_source_max_failures", 6)
    real = unique_username("r")
    create_staff(db, real, PASSWORD)
    for _ in range(6):  # one wrong password each on six names: no account gets locked
        assert answer(db, unique_username("s"), WRONG) == FAILED
    # The source is refused for every name, real or not, right password or not.
    assert answer(db, real, PASSWORD) == THROTTLED
    assert answer(db, unique_username("s"), WRONG) == THROTTLED
    assert outcomes(db, real) == ["fuente"]
    # Refusals are not failures: the window ends on time (moved by hand, no sleeping).
    assert db.sql("SELECT failures FROM app.login_source", "SELECT Failures FROM app.LoginSource")[0][0] == 6
    minutes = setting(db, "login_source_window_minutes")
    db.sql("UPDATE app.login_source SET window_start = window_start - make_interval(mins => %s)",
           "UPDATE app.LoginSource SET WindowStart = DATEADD(MINUTE, -?, WindowStart)", (minutes,))
    assert answer(db, real, PASSWORD) == 0


# ---- nobody can lock the owner out of the PC they use ------------------------------------------

def test_strangers_cannot_lock_the_only_admin_out_of_the_pc_they_use(db, limits):
    limits("login_source_max_failures", 12)
    admin = unique_username("adm")
    create_staff(db, admin, PASSWORD, role="administrador")
    assert answer(db, admin, PASSWORD, OWNER_PC) == 0  # the admin's usual PC becomes trusted
    max_failures = setting(db, "login_max_failures")
    for _ in range(max_failures):
        answer(db, admin, WRONG, STRANGER)
    assert answer(db, admin, PASSWORD, STRANGER) == LOCKED  # the lock holds for strangers
    for _ in range(12):  # and then the whole address gets throttled
        answer(db, unique_username("s"), WRONG, STRANGER)
    assert answer(db, admin, PASSWORD, STRANGER) == THROTTLED
    # The admin, from the PC where they logged in before, still gets in.
    row = try_login(db, admin, PASSWORD, client_info=OWNER_PC)
    assert row["error_id"] == 0 and row["role"] == "administrador"
    # A lock set by strangers stays for them.
    assert answer(db, admin, PASSWORD, STRANGER) == THROTTLED


def test_a_trusted_source_loses_its_exemption_after_its_own_failures(db, limits):
    name = unique_username()
    create_staff(db, name, PASSWORD)
    assert answer(db, name, PASSWORD, OWNER_PC) == 0
    max_failures = setting(db, "login_max_failures")
    results = [answer(db, name, WRONG, OWNER_PC) for _ in range(max_failures + 1)]
    assert results == [FAILED] * (max_failures - 1) + [LOCKED, LOCKED]
    assert answer(db, name, PASSWORD, OWNER_PC) == LOCKED


# ---- the last administrator can always recover ----------------------------------------------------

def test_owner_reset_gets_the_last_admin_in_despite_strangers_lock_and_throttle(db, limits):
    limits("login_source_max_failures", 10)
    admin = unique_username("adm")
    create_staff(db, admin, PASSWORD, role="administrador")
    max_failures = setting(db, "login_max_failures")
    for _ in range(max_failures):
        answer(db, admin, WRONG, STRANGER)
    out = io.StringIO()
    outcome = reset_password(db.owner_url, admin.upper(), out=out, iterations=TEST_ITERATIONS)
    assert outcome.temporary_password and outcome.temporary_password in out.getvalue()
    # Strangers keep failing: the account is locked again and the address throttled.
    for _ in range(10):
        answer(db, admin, WRONG, STRANGER)
    assert answer(db, admin, WRONG, STRANGER) == THROTTLED
    # The temporary password still gets in, from a PC never used before.
    row = try_login(db, admin, outcome.temporary_password, client_info="escritorio servidor")
    assert row["error_id"] == 0 and bool(row["must_change_password"])
    assert "restablecida" in outcomes(db, admin)
    # Used once: the next login is an ordinary one again (no trust from a stranger's PC).
    assert answer(db, admin, outcome.temporary_password, STRANGER) == THROTTLED


# ---- wrong current passwords count ---------------------------------------------------------------------

def change(db, token: bytes, current: bytes) -> int:
    salt = new_salt()
    return db.desk.call("staff.change_own_password", token=token, current_key=current, new_salt=salt,
                        new_iterations=TEST_ITERATIONS,
                        new_key=derive_key("Otra clave segura 2027", salt, TEST_ITERATIONS))[0]["error_id"]


def test_wrong_current_passwords_count_and_lock_the_account(db, limits):
    name = unique_username()
    staff_id = create_staff(db, name, PASSWORD)
    token = bytes(try_login(db, name, PASSWORD, client_info=OWNER_PC)["token"])
    max_failures = setting(db, "login_max_failures")
    wrong = login_key(db.desk, name, WRONG)
    results = [change(db, token, wrong) for _ in range(max_failures)]
    assert results == [error_id("current_password_wrong")] * (max_failures - 1) + [LOCKED]
    assert outcomes(db, name)[1:] == ["clave_actual"] * max_failures
    # Locked, and every session of the account is closed, this one too.
    with pytest.raises(AppError) as info:
        db.desk.call("staff.validate_session", token=token)
    assert info.value.error_id == error_id("session_invalid")
    locked = db.sql("SELECT locked_until > now() FROM app.staff_user WHERE staff_id = %s",
                    "SELECT CASE WHEN LockedUntil > SYSUTCDATETIME() THEN 1 ELSE 0 END FROM app.StaffUser "
                    "WHERE StaffId = ?", (staff_id,))[0][0]
    assert bool(locked)
    # The guesses came from the owner's PC: it is no longer trusted, so the lock holds there too.
    assert answer(db, name, PASSWORD, OWNER_PC) == LOCKED


# ---- overlong usernames (defect 10) ----------------------------------------------------------------------

@pytest.mark.parametrize("length", [61, 201, 5000])
def test_an_overlong_username_gets_a_registered_error(db, limits, length):
    name = "a" * length
    for call in (lambda: db.desk.call("staff.get_login_params", username=name),
                 lambda: db.desk.call("staff.log_in", username=name, password_key=b"\x00" * 32, client_info="x")):
        with pytest.raises(AppError) as info:
            call()
        assert info.value.error_id == error_id("login_username_too_long")
        assert "60 caracteres" in info.value.message


def test_sixty_characters_and_surrounding_spaces_are_fine(db, limits):
    name = "b" * 60
    assert db.desk.call("staff.get_login_params", username=f"  {name}  ")[0]["iterations"] > 0
    assert answer(db, f"  {name}  ", WRONG) == FAILED
