"""Login, forced password change and logout (no widgets: tested without a display).

The password never leaves this PC: the key sent is PBKDF2-HMAC-SHA256 with the salt and
iterations the database returns for the user (gateway/passwords.py, DESIGN.md).
"""

from __future__ import annotations

import contextlib
import platform
from dataclasses import dataclass

import gateway
from desktop.context import Session
from gateway.passwords import DEFAULT_ITERATIONS, check_strength, derive_key, new_salt

CLIENT_INFO = f"escritorio {platform.node()}"[:200]


@dataclass
class LoginResult:
    ok: bool
    message: str = ""
    session: Session | None = None
    must_change_password: bool = False
    error_id: int = 0


class AuthService:
    def __init__(self, gw: gateway.Gateway, new_iterations: int = DEFAULT_ITERATIONS) -> None:
        self.gw = gw
        self.new_iterations = new_iterations

    def _key(self, username: str, password: str) -> bytes:
        params = self.gw.call("staff.get_login_params", username=username)[0]
        return derive_key(password, bytes(params["salt"]), int(params["iterations"]))

    def log_in(self, username: str, password: str) -> LoginResult:
        username = username.strip().lower()
        if not username or not password:
            return LoginResult(False, "Escriba su usuario y su contraseña.")
        try:
            key = self._key(username, password)
            row = self.gw.call("staff.log_in", username=username, password_key=key, client_info=CLIENT_INFO)[0]
        except gateway.AppError as exc:
            return LoginResult(False, exc.message, error_id=exc.error_id)
        if row["error_id"]:
            return LoginResult(False, gateway.message(int(row["error_id"])), error_id=int(row["error_id"]))
        session = Session(
            token=bytes(row["token"]),
            staff_id=int(row["staff_id"]),
            username=row["username"],
            full_name=row["full_name"],
            role=row["role"],
            expires_at=row["expires_at"],
        )
        return LoginResult(True, session=session, must_change_password=bool(row["must_change_password"]))

    def change_password(self, session: Session, current: str, new: str, confirm: str) -> str | None:
        """Change the own password; returns a Spanish error message or None on success."""
        if new != confirm:
            return "La nueva contraseña y su confirmación no coinciden."
        problem = check_strength(new, session.username)
        if problem:
            return problem
        try:
            current_key = self._key(session.username, current)
            salt = new_salt()
            rows = self.gw.call(
                "staff.change_own_password",
                token=session.token,
                current_key=current_key,
                new_salt=salt,
                new_iterations=self.new_iterations,
                new_key=derive_key(new, salt, self.new_iterations),
            )
        except gateway.AppError as exc:
            return exc.message
        # A wrong current password is answered as a row (2008, or 2005 once it locks the
        # account) so that the database keeps the failure count.
        failed = int(rows[0]["error_id"]) if rows else 0
        return gateway.message(failed) if failed else None

    def log_out(self, session: Session) -> None:
        with contextlib.suppress(gateway.AppError):  # an expired session is already logged out
            self.gw.call("staff.log_out", token=session.token)
