"""While a session is on screen: the database health banner and its probe (a separate connection,
every PROBE_SECONDS), the incidents' suggestions, and the queue's auto-refresh with new arrivals."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import gateway
from desktop.screens.desk import Desk
from desktop.services import health
from desktop.views import main_window

AUTO_REFRESH_SECONDS = float(os.environ.get("ITL_DESK_REFRESH_SECONDS", "30"))
PROBE_SECONDS = float(os.environ.get("ITL_DESK_PROBE_SECONDS", "5"))
OFFLINE_PROBE_SECONDS = min(PROBE_SECONDS, 2.0)  # while down: the banner clears within ~2 s of the return


class Monitor:
    def __init__(self, desk: Desk, probe_gw: gateway.Gateway | None = None,
                 renew_probe: Callable[[], gateway.Gateway] | None = None) -> None:
        """renew_probe: a fresh probe gateway. After a failed probe the old one is replaced: a
        connection pool that failed to connect waits longer and longer between its own attempts
        (up to tens of seconds), so the banner stayed 10-30 s after the database was back."""
        self.desk = desk
        self._probe_gw = probe_gw
        self.renew_probe = renew_probe
        self._probe_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="itl-probe")
        self._probing = False
        self._last_probe = 0.0

    def show_health(self) -> None:
        main_window.set_banner(self.desk.health.banner())

    def tick(self) -> None:
        """Each frame while the main window is shown: probe, incidents, auto-refresh."""
        desk = self.desk
        now = time.monotonic()
        if now - self._last_probe > (PROBE_SECONDS if desk.health.online else OFFLINE_PROBE_SECONDS):
            self._probe()
        if desk.incidents is not None and desk.health.online:
            desk.incidents.tick()
        if (not desk.queue_loading and desk.health.online
                and now - desk.queue_screen.last_refresh > AUTO_REFRESH_SECONDS):
            desk.queue_screen.refresh_queue()
            desk.arrivals.poll_new()

    def _probe(self) -> None:
        gw, session = self._probe_gw, self.desk.ctx.session
        if gw is None or session is None or self._probing:
            return
        self._probing = True
        self._last_probe = time.monotonic()
        username = session.username

        def work() -> None:
            ok = health.probe(gw, username)
            if not ok and self.renew_probe is not None:  # the next probe connects afresh, no backoff
                try:
                    self._probe_gw = self.renew_probe()
                    gw.close()
                except Exception:
                    pass
            self.desk.ctx.post(lambda: self._probed(ok))

        self._probe_pool.submit(work)

    def _probed(self, ok: bool) -> None:
        desk = self.desk
        self._probing = False
        was_online = desk.health.online
        desk.health.set_online(ok)
        self.show_health()
        if ok and not was_online:  # back: fresh data replaces the stale page
            desk.queue_screen.refresh_queue()
            if desk.current_ticket_id is not None:
                desk.ticket.reload_ticket()

    def stop(self) -> None:
        """Before the context closes: no probe starts any more."""
        self._probe_pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._probe_gw is not None:
            self._probe_gw.close()
