"""Login and the forced password change (first login, or after an administrator's reset)."""

from __future__ import annotations

import gateway
from desktop.context import Session, user_message
from desktop.screens.desk import Desk
from desktop.services.auth_service import AuthService, LoginResult
from desktop.views.login_view import LoginView


class LoginScreen:
    def __init__(self, desk: Desk, auth: AuthService, where: str = "") -> None:
        self.desk = desk
        self.auth = auth
        self.where = where  # "Se intentó ..." for a database that does not answer
        self._pending_password = ""
        self._pending_session: Session | None = None
        self.view = LoginView(self.submit_login, self.submit_password_change)

    def submit_login(self, username: str, password: str) -> None:
        self.view.set_busy(True)
        self.view.set_message("")
        self._pending_password = password
        self.desk.ctx.run_async(lambda: self.auth.log_in(username, password), self._logged_in, self._login_failed)

    def _login_failed(self, exc: Exception) -> None:
        message = user_message(exc)
        if isinstance(exc, gateway.DatabaseUnavailable) and self.where:
            message = f"{message}\n{self.where}"  # which address was tried, and how to point elsewhere
        self.view.failed(message)

    def _logged_in(self, result: LoginResult) -> None:
        if not result.ok or result.session is None:
            self.view.failed(result.message)
            return
        if result.must_change_password:
            self._pending_session = result.session
            self.view.show_password_change(self._pending_password)
            return
        self._pending_password = ""
        self.desk.session.start_session(result.session)

    def submit_password_change(self, current: str, new: str, confirm: str) -> None:
        session = self._pending_session
        if session is None:
            return
        self.view.set_busy(True)

        def changed(problem: str | None) -> None:
            if problem:
                self.view.set_busy(False)
                self.view.set_message(problem)
                return
            self._pending_session = None
            self.desk.session.start_session(session)

        self.desk.ctx.run_async(lambda: self.auth.change_password(session, current, new, confirm), changed,
                                self._login_failed)
