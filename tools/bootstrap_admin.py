"""Create the first administrator, or give an account a new temporary password.

    python -m tools.bootstrap_admin                         # embedded database
    python -m tools.bootstrap_admin --url mssql://...       # SQL Server (owner login)
    python -m tools.bootstrap_admin --restablecer USUARIO   # forgotten password / locked out

With an active administrator nothing is created (and it says so). On a terminal
it asks for username, full name and password (twice, hidden); otherwise it
generates a random temporary password, prints it once, and the account must
change it at its first login. There is no default password anywhere.

Everything goes through owner-only procedures (app.count_active_admins,
app.bootstrap_admin, app.reset_staff_password); the password itself never
reaches the database, only PBKDF2 key material (see DESIGN.md).
"""

from __future__ import annotations

import argparse
import getpass
import re
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

import gateway
from gateway import AppError, error_id
from gateway.passwords import DEFAULT_ITERATIONS, check_strength, derive_key, new_salt

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")
DEFAULT_USERNAME = "admin"
DEFAULT_FULL_NAME = "Administrador del Centro de Cómputo"
# No 0/O, 1/l/I: the temporary password is read from a screen and typed by hand.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Outcome:
    created: bool
    username: str | None = None
    staff_id: int | None = None
    temporary_password: str | None = None


def temporary_password(groups: int = 4, size: int = 4) -> str:
    """A random password like `h7Kq-Xm3p-...`: about 95 bits, unambiguous characters."""
    while True:
        text = "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))
        if check_strength(text) is None and any(c.isdigit() for c in text):
            return text


def _iterations(gw: gateway.Gateway) -> int:
    """The configured minimum (what an unknown user gets), never below the default."""
    params = gw.call("staff.get_login_params", username="")
    minimum = params[0]["iterations"] if params else DEFAULT_ITERATIONS
    return max(DEFAULT_ITERATIONS, int(minimum))


def _key_material(gw: gateway.Gateway, password: str, iterations: int | None) -> tuple[bytes, int, bytes]:
    rounds = iterations or _iterations(gw)
    salt = new_salt()
    return salt, rounds, derive_key(password, salt, rounds)


def active_admins(gw: gateway.Gateway) -> int:
    return int(gw.call("app.count_active_admins")[0]["active_admins"])


def _print_temporary(out: TextIO, title: str, username: str, password: str) -> None:
    line = "=" * 64
    print(line, file=out)
    print(f" {title}", file=out)
    print(f"   Usuario:              {username}", file=out)
    print(f"   Contraseña temporal:  {password}", file=out)
    print(" Anótela ahora: no se volverá a mostrar. Al iniciar sesión por", file=out)
    print(" primera vez, el sistema le pedirá cambiarla.", file=out)
    print(line, file=out, flush=True)


def _ask_account(ask: Callable[[str], str], ask_secret: Callable[[str], str], out: TextIO) -> tuple[str, str, str]:
    while True:
        username = ask(f"Nombre de usuario [{DEFAULT_USERNAME}]: ").strip().lower() or DEFAULT_USERNAME
        if USERNAME.match(username):
            break
        print("Use de 3 a 60 caracteres: letras minúsculas sin acento, números, punto, guion o "
              "guion bajo (sin empezar por punto ni guion).", file=out)
    while True:
        full_name = " ".join(ask("Nombre completo: ").split())
        if 0 < len(full_name) <= 120:
            break
        print("Escriba el nombre completo (hasta 120 caracteres).", file=out)
    while True:
        password = ask_secret("Contraseña: ")
        problem = check_strength(password, username)
        if problem:
            print(problem, file=out)
            continue
        if ask_secret("Repita la contraseña: ") != password:
            print("Las dos contraseñas no coinciden. Intente de nuevo.", file=out)
            continue
        return username, full_name, password


def ensure_admin(
    owner_url: str,
    interactive: bool,
    *,
    out: TextIO | None = None,
    ask: Callable[[str], str] = input,
    ask_secret: Callable[[str], str] = getpass.getpass,
    iterations: int | None = None,
) -> Outcome:
    """Make sure an active administrator exists; create the first one if not.

    interactive: ask the person at the terminal (`ask`/`ask_secret`, injectable for
    tests); otherwise create `admin` with a printed temporary password that must be
    changed at first login. `iterations` defaults to max(600,000, configured minimum).
    """
    out = sys.stdout if out is None else out
    gw = gateway.connect(owner_url)
    try:
        if active_admins(gw) > 0:
            print("Ya existe un administrador activo; no se creó ninguna cuenta.", file=out, flush=True)
            return Outcome(created=False)
        print("No hay ningún administrador activo: se creará la primera cuenta de administrador.",
              file=out, flush=True)
        if interactive:
            while True:
                username, full_name, password = _ask_account(ask, ask_secret, out)
                salt, rounds, key = _key_material(gw, password, iterations)
                try:
                    row = gw.call("app.bootstrap_admin", username=username, full_name=full_name, salt=salt,
                                  iterations=rounds, password_key=key, must_change_password=False)[0]
                except AppError as exc:
                    if exc.error_id in (error_id("username_taken"), error_id("username_invalid")):
                        print(exc.message, file=out)
                        continue
                    raise
                print(f"Listo: se creó la cuenta de administrador «{username}».", file=out, flush=True)
                return Outcome(created=True, username=username, staff_id=row["staff_id"])

        password = temporary_password()
        for username in (DEFAULT_USERNAME, *(f"{DEFAULT_USERNAME}{n}" for n in range(2, 10))):
            salt, rounds, key = _key_material(gw, password, iterations)
            try:
                row = gw.call("app.bootstrap_admin", username=username, full_name=DEFAULT_FULL_NAME, salt=salt,
                              iterations=rounds, password_key=key, must_change_password=True)[0]
            except AppError as exc:
                if exc.error_id == error_id("username_taken"):
                    continue
                raise
            _print_temporary(out, "Se creó la cuenta de administrador inicial.", username, password)
            return Outcome(created=True, username=username, staff_id=row["staff_id"], temporary_password=password)
        raise AppError(error_id("username_taken"))
    finally:
        gw.close()


def reset_password(owner_url: str, username: str, *, out: TextIO | None = None,
                   iterations: int | None = None) -> Outcome:
    """Give an existing account a new temporary password (unlocks it, closes its sessions).

    Until the account's next successful login, that password gets in even while others keep
    the account locked or the address throttled (staff.log_in), so the last administrator
    can always recover from the server.
    """
    out = sys.stdout if out is None else out
    gw = gateway.connect(owner_url)
    try:
        password = temporary_password()
        salt, rounds, key = _key_material(gw, password, iterations)
        row = gw.call("app.reset_staff_password", username=username, salt=salt, iterations=rounds,
                      password_key=key)[0]
        name = username.strip().lower()
        _print_temporary(out, "Se asignó una contraseña temporal a la cuenta.", name, password)
        print("La cuenta quedó desbloqueada y esta contraseña entra aunque alguien vuelva a bloquearla "
              "con intentos fallidos antes de su próximo inicio de sesión.", file=out, flush=True)
        return Outcome(created=False, username=name, staff_id=row["staff_id"], temporary_password=password)
    finally:
        gw.close()


def default_owner_url() -> str:
    from tools.embedded_db import EmbeddedDb

    return EmbeddedDb().url()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bootstrap_admin",
        description="Crea el primer administrador o asigna una contraseña temporal a una cuenta.")
    parser.add_argument("--url", help="URL del dueño de la base de datos (por omisión: la base integrada)")
    parser.add_argument("--no-interactivo", dest="non_interactive", action="store_true",
                        help="no preguntar: generar una contraseña temporal")
    parser.add_argument("--restablecer", metavar="USUARIO",
                        help="asignar una contraseña temporal a USUARIO (olvido o bloqueo)")
    args = parser.parse_args(argv)
    url = args.url or default_owner_url()
    try:
        if args.restablecer:
            reset_password(url, args.restablecer)
        else:
            ensure_admin(url, interactive=sys.stdin.isatty() and not args.non_interactive)
    except gateway.DatabaseUnavailable:
        print("La base de datos no responde. Iníciela primero (python -m tools.embedded_db start) "
              "o revise la URL.", file=sys.stderr)
        return 2
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nCancelado: no se creó ninguna cuenta.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
