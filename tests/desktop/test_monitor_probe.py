"""The health probe after a failed attempt: the next probe uses a fresh gateway (a connection pool
that failed to connect backs off for tens of seconds, which kept the banner up 10-30 s after the
database was back), and a successful probe clears the banner's state at once."""

from __future__ import annotations

import time
from types import SimpleNamespace

import gateway
from desktop.screens import monitor as monitor_module
from desktop.screens.monitor import Monitor


class FakeProbeGw:
    def __init__(self, answers: bool) -> None:
        self.answers = answers
        self.closed = False

    def call(self, procedure: str, **params: object) -> list[dict]:
        if not self.answers:
            raise gateway.DatabaseUnavailable()
        return [{}]

    def close(self) -> None:
        self.closed = True


def run_probe(mon: Monitor, posted: list) -> None:
    mon._probe()
    deadline = time.monotonic() + 30
    while not posted and time.monotonic() < deadline:
        time.sleep(0.01)
    posted.pop()()


def test_failed_probe_renews_the_gateway_and_the_first_answer_clears(monkeypatch) -> None:
    monkeypatch.setattr(monitor_module.main_window, "set_banner", lambda text: None)
    posted: list = []
    refreshed: list = []
    health = monitor_module.health.Health()
    desk = SimpleNamespace(ctx=SimpleNamespace(session=SimpleNamespace(username="op"), post=posted.append),
                           health=health, current_ticket_id=None,
                           queue_screen=SimpleNamespace(refresh_queue=lambda: refreshed.append(1)))
    down, back = FakeProbeGw(False), FakeProbeGw(True)
    mon = Monitor(desk, down, renew_probe=lambda: back)  # type: ignore[arg-type]
    run_probe(mon, posted)
    assert health.online is False and down.closed and mon._probe_gw is back
    run_probe(mon, posted)  # the database answers on the renewed gateway: online, the page reloaded
    assert health.online is True and refreshed == [1]
    mon.stop()


def test_offline_probes_more_often() -> None:
    assert min(monitor_module.PROBE_SECONDS, 2.0) >= monitor_module.OFFLINE_PROBE_SECONDS
