"""AuthService against a real database: login, wrong password, lockout, forced change, logout."""

from __future__ import annotations

import pytest

import gateway
from desktop.services.auth_service import AuthService
from tests.support.auth import TEST_ITERATIONS, create_staff, unique_username

PASSWORD = "Clave-Segura-2026"


@pytest.fixture
def auth(pg_db):
    return pg_db, AuthService(pg_db.desk, new_iterations=TEST_ITERATIONS)


def test_log_in_returns_a_session(auth) -> None:
    db, service = auth
    name = unique_username("op")
    staff_id = create_staff(db, name, PASSWORD)
    result = service.log_in(f"  {name.upper()} ", PASSWORD)
    assert result.ok and result.session is not None
    assert result.session.staff_id == staff_id and result.session.role == "operador"
    assert not result.must_change_password
    assert db.desk.call("staff.validate_session", token=result.session.token)[0]["staff_id"] == staff_id


def test_wrong_password_and_unknown_user_get_the_same_spanish_message(auth) -> None:
    db, service = auth
    name = unique_username("op")
    create_staff(db, name, PASSWORD)
    wrong = service.log_in(name, "otra-clave-2026!")
    unknown = service.log_in(unique_username("nadie"), PASSWORD)
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == gateway.message(gateway.error_id("login_failed"))
    assert service.log_in("", "").message == "Escriba su usuario y su contraseña."


def test_lockout_message_after_repeated_failures(auth) -> None:
    db, service = auth
    name = unique_username("op")
    create_staff(db, name, PASSWORD)
    limit = int(db.sql("SELECT setting_value FROM app.setting WHERE setting_key = 'login_max_failures'")[0][0])
    for _ in range(limit):
        service.log_in(name, "incorrecta-123456")
    result = service.log_in(name, PASSWORD)
    assert not result.ok and result.error_id == gateway.error_id("account_locked")
    assert "bloqueada" in result.message


def test_forced_password_change_then_log_out(auth) -> None:
    db, service = auth
    name = unique_username("op")
    create_staff(db, name, PASSWORD, must_change=True)
    result = service.log_in(name, PASSWORD)
    assert result.ok and result.must_change_password
    session = result.session
    with pytest.raises(gateway.AppError) as info:
        db.desk.call("staff.list_filter_catalogs", token=session.token)
    assert info.value.error_id == gateway.error_id("password_change_required")

    assert service.change_password(session, PASSWORD, "Nueva-Clave-2026", "Otra-Cosa-2026") == (
        "La nueva contraseña y su confirmación no coinciden.")
    assert service.change_password(session, PASSWORD, "corta", "corta")  # too weak: a Spanish message
    wrong = service.change_password(session, "no-es-la-actual-1", "Nueva-Clave-2026", "Nueva-Clave-2026")
    assert wrong == gateway.message(gateway.error_id("current_password_wrong"))
    assert service.change_password(session, PASSWORD, "Nueva-Clave-2026", "Nueva-Clave-2026") is None
    assert db.desk.call("staff.list_filter_catalogs", token=session.token)

    service.log_out(session)
    with pytest.raises(gateway.AppError):
        db.desk.call("staff.list_filter_catalogs", token=session.token)
    service.log_out(session)  # twice: no error
    assert service.log_in(name, "Nueva-Clave-2026").ok
