"""run_system's database supervisor: restarts a stopped server, backs off while restarting fails."""

from __future__ import annotations

import logging
import socket
import threading
import time

from tests.support.system import data_root  # noqa: F401 - fixture
from tools.embedded_db import EmbeddedDb, free_port
from tools.run_system import DbSupervisor


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_failed_restarts_back_off_up_to_the_bound_then_the_server_comes_back(data_root, caplog):  # noqa: F811
    caplog.set_level(logging.INFO, logger="itl.sistema")
    db = EmbeddedDb(data_root / "db", free_port())
    db.start()
    stop = threading.Event()
    supervisor = DbSupervisor(db, stop, every=0.2, max_backoff=2.0)
    squatter = socket.socket()
    try:
        db.stop()
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", db.port))  # another program takes the port: every restart fails
        squatter.listen(1)
        supervisor.start()  # finds the server down
        assert _wait(lambda: supervisor.restarts >= 5, 120), caplog.text
        squatter.close()
        # The port is free again: an attempt succeeds, and the server is the supervisor's to stop.
        assert _wait(lambda: supervisor.started_by_us, 120), caplog.text
        assert db.running()
    finally:
        stop.set()
        supervisor.join(60)
        squatter.close()
        db.stop()
    waits = [r.getMessage() for r in caplog.records if "dejó de funcionar" in r.getMessage()]
    assert waits[0].endswith("se reiniciará ahora.")
    assert [w.rsplit(" en ", 1)[-1] for w in waits[1:5]] == ["1 s.", "2 s.", "2 s.", "2 s."], waits
    assert sum("falló" in r.getMessage() for r in caplog.records) >= 4
    assert any("Base de datos reiniciada" in r.getMessage() for r in caplog.records)
