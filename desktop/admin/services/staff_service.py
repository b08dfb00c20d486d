"""Staff accounts: list, create, edit, (de)activate, unlock, reset password, login attempts.

The temporary password is generated here, shown once and never stored: only its salt,
iteration count and PBKDF2 key reach the database (docs/API.md, "Staff accounts").
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from gateway.passwords import DEFAULT_ITERATIONS, derive_key, new_salt

Call = Callable[..., list[dict[str, Any]]]
Row = dict[str, Any]

ROLES = ("operador", "administrador")
# Unambiguous alphabet for temporary passwords read aloud or copied by hand.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def temporary_password(length: int = 14) -> str:
    """A random temporary password with upper, lower and digits (shown once, never stored)."""
    while True:
        text = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isupper() for c in text) and any(c.islower() for c in text) and any(c.isdigit() for c in text):
            return text


def password_params(password: str, iterations: int = DEFAULT_ITERATIONS) -> dict[str, Any]:
    """What the database receives instead of the password: salt, iterations, PBKDF2 key."""
    salt = new_salt()
    return {"salt": salt, "iterations": iterations, "password_key": derive_key(password, salt, iterations)}


class StaffService:
    def __init__(self, call: Call, iterations: int = DEFAULT_ITERATIONS) -> None:
        self.call = call
        self.iterations = iterations

    def list_staff(self) -> list[Row]:
        return self.call("staff.list_staff")

    def create(self, username: str, full_name: str, role: str) -> tuple[int, str]:
        """Creates the account; returns (staff_id, temporary password to show once)."""
        password = temporary_password()
        rows = self.call("staff.create_staff", username=username, full_name=full_name, role=role,
                         **password_params(password, self.iterations))
        return int(rows[0]["staff_id"]), password

    def update(self, staff_id: int, full_name: str, role: str) -> None:
        self.call("staff.update_staff", staff_id=staff_id, full_name=full_name, role=role)

    def set_active(self, staff_id: int, is_active: bool) -> None:
        self.call("staff.set_staff_active", staff_id=staff_id, is_active=is_active)

    def unlock(self, staff_id: int) -> None:
        self.call("staff.unlock_staff", staff_id=staff_id)

    def reset_password(self, staff_id: int) -> str:
        password = temporary_password()
        self.call("staff.reset_staff_password", staff_id=staff_id, **password_params(password, self.iterations))
        return password

    def login_attempts(self, staff_id: int) -> list[Row]:
        return self.call("staff.list_login_attempts", staff_id=staff_id, max_rows=50)
