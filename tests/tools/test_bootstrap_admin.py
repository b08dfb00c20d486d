"""tools/bootstrap_admin.py against a real PostgreSQL test database."""

from __future__ import annotations

import io
import os
import pty
import select
import sys
from pathlib import Path

import pytest

from gateway import AppError, error_id
from gateway.passwords import check_strength
from tests.support.auth import create_staff, try_login
from tools import bootstrap_admin
from tools.bootstrap_admin import ensure_admin, reset_password, temporary_password

ROOT = Path(__file__).resolve().parents[2]
GOOD = "Centro de Cómputo 2026"


def account(db, username: str) -> tuple:
    return db.sql("SELECT role, must_change_password, is_active, iterations FROM app.staff_user "
                  "WHERE username = %s", params=(username,))[0]


def test_temporary_passwords_are_strong_and_different():
    samples = {temporary_password() for _ in range(20)}
    assert len(samples) == 20
    assert all(check_strength(p) is None and len(p) == 19 for p in samples)
    assert not any(set(p) & set("0O1lI") for p in samples)


def test_non_interactive_creates_admin_with_a_temporary_password(pg_db):
    out = io.StringIO()
    outcome = ensure_admin(pg_db.owner_url, interactive=False, out=out)
    assert outcome.created and outcome.username == "admin"
    printed = out.getvalue()
    assert outcome.temporary_password in printed and "Contraseña temporal" in printed
    assert printed.count(outcome.temporary_password) == 1
    assert account(pg_db, "admin") == ("administrador", True, True, 600_000)
    row = try_login(pg_db, "admin", outcome.temporary_password)
    assert row["error_id"] == 0 and row["must_change_password"] is True


def test_nothing_happens_when_an_active_admin_exists(pg_db):
    ensure_admin(pg_db.owner_url, interactive=False, out=io.StringIO())
    out = io.StringIO()
    outcome = ensure_admin(pg_db.owner_url, interactive=False, out=out)
    assert not outcome.created and outcome.temporary_password is None
    assert "Ya existe un administrador activo" in out.getvalue()
    assert pg_db.sql("SELECT count(*) FROM app.staff_user")[0][0] == 1


def test_non_interactive_skips_a_taken_username(pg_db):
    create_staff(pg_db, "admin", GOOD, role="administrador", is_active=False)
    outcome = ensure_admin(pg_db.owner_url, interactive=False, out=io.StringIO())
    assert outcome.username == "admin2"
    assert try_login(pg_db, "admin2", outcome.temporary_password)["error_id"] == 0


def test_interactive_asks_until_the_answers_are_acceptable(pg_db):
    answers = iter(["Con Espacio", "Ana.Lopez", "  Ana   López  "])
    secrets_ = iter(["corta", "ana.lopez es mi clave 1", GOOD, "otra cosa distinta 1", GOOD, GOOD])
    out = io.StringIO()
    outcome = ensure_admin(pg_db.owner_url, interactive=True, out=out,
                           ask=lambda _prompt: next(answers), ask_secret=lambda _prompt: next(secrets_))
    text = out.getvalue()
    assert "al menos 12 caracteres" in text
    assert "no debe contener su nombre de usuario" in text
    assert "no coinciden" in text
    assert outcome.created and outcome.username == "ana.lopez" and outcome.temporary_password is None
    assert GOOD not in text
    assert account(pg_db, "ana.lopez")[:3] == ("administrador", False, True)
    assert pg_db.sql("SELECT full_name FROM app.staff_user WHERE username = 'ana.lopez'")[0][0] == "Ana López"
    row = try_login(pg_db, "ana.lopez", GOOD)
    assert row["error_id"] == 0 and row["must_change_password"] is False


def test_reset_gives_a_locked_account_a_temporary_password(pg_db):
    staff_id = create_staff(pg_db, "operador.uno", GOOD)
    pg_db.sql("UPDATE app.staff_user SET locked_until = now() + interval '1 hour' WHERE staff_id = %s",
              params=(staff_id,))
    out = io.StringIO()
    outcome = reset_password(pg_db.owner_url, "Operador.Uno", out=out)
    assert outcome.staff_id == staff_id and outcome.temporary_password in out.getvalue()
    assert try_login(pg_db, "operador.uno", GOOD)["error_id"] == error_id("login_failed")
    token_row = try_login(pg_db, "operador.uno", outcome.temporary_password)
    assert token_row["error_id"] == 0 and token_row["must_change_password"] is True


def test_reset_of_an_unknown_account_is_refused(pg_db):
    with pytest.raises(AppError) as info:
        reset_password(pg_db.owner_url, "nadie", out=io.StringIO())
    assert info.value.error_id == error_id("staff_not_found")


def test_cli_non_interactive_and_errors(pg_db, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert bootstrap_admin.main(["--url", pg_db.owner_url]) == 0
    assert "Contraseña temporal" in capsys.readouterr().out
    assert bootstrap_admin.main(["--url", pg_db.owner_url, "--restablecer", "nadie"]) == 1
    assert "No existe una cuenta" in capsys.readouterr().err


def _expect(fd: int, text: str, seen: list[str]) -> None:
    """Read the pseudo-terminal until `text` shows up (guard of 60 s against a hang)."""
    while text not in "".join(seen):
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            raise AssertionError(f"no apareció {text!r}; salida: {''.join(seen)!r}")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise AssertionError(f"terminó sin mostrar {text!r}; salida: {''.join(seen)!r}")
        seen.append(chunk.decode("utf-8", "replace"))
    # Later prompts are searched only in what comes next.
    rest = "".join(seen).split(text, 1)[1]
    seen.clear()
    seen.append(rest)


def test_cli_on_a_real_terminal_asks_with_hidden_password(pg_db):
    pid, fd = pty.fork()
    if pid == 0:  # child: the CLI with the pseudo-terminal as its controlling terminal
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "tools.bootstrap_admin", "--url", pg_db.owner_url])
    seen: list[str] = []
    try:
        _expect(fd, "Nombre de usuario", seen)
        os.write(fd, b"jefa.cc\n")
        _expect(fd, "Nombre completo", seen)
        os.write(fd, "María Pérez\n".encode())
        _expect(fd, "Contraseña:", seen)
        os.write(fd, (GOOD + "\n").encode())
        _expect(fd, "Repita la contraseña", seen)
        os.write(fd, (GOOD + "\n").encode())
        _expect(fd, "Listo", seen)
        output = "".join(seen)
        while True:  # drain until the child exits
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk.decode("utf-8", "replace")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert GOOD not in output  # getpass: no echo
    assert account(pg_db, "jefa.cc")[:2] == ("administrador", False)
    assert try_login(pg_db, "jefa.cc", GOOD)["error_id"] == 0


def test_cli_says_so_when_the_database_is_down(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert bootstrap_admin.main(["--url", "postgresql://nadie:x@127.0.0.1:9/itl"]) == 2
    assert "La base de datos no responde" in capsys.readouterr().err
