"""AppContext: what every view (ours and desktop/admin/) receives.

    ctx.gateway            the gateway (staff login)
    ctx.session            Session of the logged-in user, or None
    ctx.call(proc, **kw)   gateway call with the session token added (token=...)
    ctx.run_async(fn, on_done, on_error)
                           runs fn() in a worker thread; on_done(result) or on_error(exc)
                           run later on the GUI thread (ctx.pump() is called once per frame)

A session error (2001) from any call made through run_async is routed to
ctx.on_session_expired (the app returns to the login window) instead of on_error.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import gateway

SESSION_INVALID = 2001
MUST_CHANGE_PASSWORD = 2003


@dataclass
class Session:
    token: bytes
    staff_id: int
    username: str
    full_name: str
    role: str  # 'operador' | 'administrador'
    expires_at: datetime | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "administrador"


def _ignore(_: Any) -> None:
    return None


class AppContext:
    def __init__(self, gw: gateway.Gateway, workers: int = 2) -> None:
        self.gateway = gw
        self.session: Session | None = None
        self.on_session_expired: Callable[[], None] = lambda: None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="itl-db")
        self._results: queue.Queue[Callable[[], None]] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()

    # ---- database ----------------------------------------------------------
    @property
    def token(self) -> bytes:
        if self.session is None:
            raise gateway.AppError(SESSION_INVALID)
        return self.session.token

    def call(self, procedure: str, **params: Any) -> list[dict[str, Any]]:
        """Call a staff procedure with the session token (blocking: use inside run_async)."""
        return self.gateway.call(procedure, token=self.token, **params)

    # ---- threading ---------------------------------------------------------
    def run_async(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] = _ignore,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run fn in a worker thread; deliver its result or error on the GUI thread (pump)."""
        with self._lock:
            self._pending += 1

        def work() -> None:
            try:
                result = fn()
            except Exception as exc:  # delivered to the GUI thread, never raised in the worker
                error = exc
                self._results.put(lambda: self._deliver_error(error, on_error))
            else:
                self._results.put(lambda: on_done(result))
            finally:
                with self._lock:
                    self._pending -= 1

        self._pool.submit(work)

    def post(self, callback: Callable[[], None]) -> None:
        """Run callback on the GUI thread at the next pump (for threads of other owners)."""
        self._results.put(callback)

    def _deliver_error(self, exc: Exception, on_error: Callable[[Exception], None] | None) -> None:
        if isinstance(exc, gateway.AppError) and exc.error_id == SESSION_INVALID and self.session is not None:
            self.on_session_expired()
            return
        if on_error is not None:
            on_error(exc)

    def pump(self, limit: int = 50) -> int:
        """Run delivered callbacks on the calling (GUI) thread; returns how many ran."""
        ran = 0
        while ran < limit:
            try:
                callback = self._results.get_nowait()
            except queue.Empty:
                break
            callback()
            ran += 1
        return ran

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0 or not self._results.empty()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Pump until no work is pending (tests and scripted drivers)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if not self.busy:
                return True
            time.sleep(0.01)
        return False

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def user_message(exc: Exception) -> str:
    """The Spanish text to show for any error (never a traceback)."""
    if isinstance(exc, gateway.AppError):
        return exc.message
    return gateway.message(9001)
