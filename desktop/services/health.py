"""Is the database reachable? A short probe on a worker thread and the banner's wording.

The probe uses its own small gateway with a short timeout (2 s), so a stopped database is
noticed within a few seconds instead of after the main pool's longer timeout, and the
operators' calls never wait behind it. It calls staff.get_login_params, which reads
nothing private and does not touch the session (so probing does not keep a session alive).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import gateway
from desktop.services.formatting import LOCAL
from gateway.errors import UNAVAILABLE

PROBE_TIMEOUT = 2.0
BANNER = "Sin conexión con la base de datos: los datos mostrados son de las {hhmm}"
BANNER_NO_DATA = "Sin conexión con la base de datos: todavía no se han cargado datos"


def probe(gw: gateway.Gateway, username: str) -> bool:
    """Blocking (worker thread): True when the database answers."""
    try:
        gw.call("staff.get_login_params", username=username or "-")
    except gateway.DatabaseUnavailable:
        return False
    except gateway.AppError:
        return True  # it answered, even if with a registry error
    return True


def probe_gateway(url: str) -> gateway.Gateway:
    pool = {"min_size": 0, "max_size": 1} if url.startswith("postgres") else {"max_size": 1}
    return gateway.connect(url, timeout=PROBE_TIMEOUT, **pool)


def is_unavailable(exc: Exception) -> bool:
    return isinstance(exc, gateway.AppError) and exc.error_id == UNAVAILABLE


@dataclass
class Health:
    """What the banner shows: down since when, and the time of the data on screen."""

    online: bool = True
    data_time: datetime | None = None  # last successful load of the data shown
    on_change: Callable[[bool], None] | None = None

    def loaded(self, when: datetime | None = None) -> None:
        self.data_time = when or datetime.now(timezone.utc)
        self.set_online(True)

    def set_online(self, online: bool) -> bool:
        """Record a probe or call outcome; True when the state changed."""
        if online == self.online:
            return False
        self.online = online
        if self.on_change is not None:
            self.on_change(online)
        return True

    def banner(self) -> str:
        if self.online:
            return ""
        if self.data_time is None:
            return BANNER_NO_DATA
        return BANNER.format(hhmm=self.data_time.astimezone(LOCAL).strftime("%H:%M"))


def send_blocked(health: Health, has_ticket: bool, busy: bool) -> str:
    """Why Ctrl+Enter cannot send now ('' when it can): said in the ticket, never a silent key."""
    if not has_ticket:
        return "El ticket todavía no se ha cargado: su texto se conserva; envíelo cuando aparezca."
    if busy:
        if not health.online:
            return f"{health.banner()}. La acción anterior sigue esperando; su texto se conserva."
        return "Espere: la acción anterior sigue en curso; su texto se conserva."
    return ""
