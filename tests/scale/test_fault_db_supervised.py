"""run_system supervises its database: a SIGKILLed postmaster is restarted without anyone acting.

A real `python -m tools.run_system` serves clients that submit tickets (retrying with the same
idempotency key on 503); the postmaster is SIGKILLed mid-load. Outcomes only: the restart is
logged, tickets are accepted again, no acknowledged ticket is lost or duplicated, every answer
is a success or the Spanish 503. The time to recover is printed, never asserted.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

import psycopg

import gateway
from gateway import message
from tests.scale.conftest import SIZE
from tests.support.system import (
    SystemProcess,
    data_root,  # noqa: F401 - fixture
)
from tools.dev.bench_support import FormClient, form_catalog, ticket_fields
from tools.embedded_db import EmbeddedDb, free_port


def test_sigkilled_database_is_restarted_by_run_system_and_nothing_acknowledged_is_lost(data_root):  # noqa: F811
    state, db_port, web_port = data_root / "db", free_port(), free_port()
    system = SystemProcess(state, db_port, web_port, "--sin-respaldos", env={"ITL_TRUSTED_PROXY": "1"}).start()
    db = EmbeddedDb(state, db_port)
    log: list[tuple[float, int, str, float]] = []  # (sent, status, body, answered)
    acked: dict[uuid.UUID, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    try:
        assert system.wait_ready(), system.output
        with psycopg.connect(db.url(), autocommit=True) as conn:
            conn.execute("UPDATE app.setting SET setting_value = 1000000000 "
                         "WHERE setting_key IN ('submit_client_per_hour', 'submit_global_per_minute')")
        web = gateway.connect(db.url("itl_web"), min_size=0, max_size=1)
        catalog = form_catalog(web)
        web.close()

        def client(n: int) -> None:
            browser = FormClient(web_port, address=f"10.7.{n}.1", timeout=60)
            i = 0
            while not stop.is_set():
                key, fields = uuid.uuid4(), ticket_fields(catalog, n * 10000 + i)
                i += 1
                while not stop.is_set():
                    sent = time.monotonic()
                    reply = browser.submit(fields, key)  # retried with the same key
                    with lock:
                        log.append((sent, reply.status, reply.body, time.monotonic()))
                        if reply.status == 303 and reply.folio:
                            acked[key] = reply.folio
                    if reply.status == 303 or reply.status not in (0, 503):
                        break
                    time.sleep(0.1)
            browser.close()

        def wait_for(condition, seconds: float) -> bool:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if condition():
                    return True
                time.sleep(0.05)
            return False

        workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(SIZE.restart_clients)]
        for worker in workers:
            worker.start()
        try:
            assert wait_for(lambda: len(acked) >= 20, 120), "no submissions before the crash"
            postmaster = db.postmaster_pid()
            assert postmaster is not None
            killed_at = time.monotonic()
            os.kill(postmaster, 9)
            assert system.wait_for_line("Base de datos reiniciada", 240), system.output[-3000:]
            restarted_at = time.monotonic()
            assert wait_for(lambda: any(s > restarted_at and st == 303 for s, st, _, _ in list(log)), 180), \
                "the form never accepted a ticket again"
            before = len(acked)
            wait_for(lambda: len(acked) >= before + 10, 30)
        finally:
            stop.set()
            for worker in workers:
                worker.join(90)
        assert db.postmaster_pid() != postmaster and db.running()
        assert system.proc is not None and system.proc.poll() is None, "run_system itself must keep running"
        assert system.terminate() == 0
        assert not db.running(), "the restarted database is run_system's own: it stops it on the way out"
    finally:
        stop.set()
        system.kill()

    statuses = {st for _, st, _, _ in log}
    assert statuses <= {303, 503}, f"unexpected answers: {statuses - {303, 503}}"
    for _, st, body, _ in log:
        if st == 503:
            assert message(9002) in body and "Traceback" not in body
    first_ok = min(a for s, st, _, a in log if s > restarted_at and st == 303)
    print(f"\nrecuperación sin intervención: reinicio registrado {restarted_at - killed_at:.2f} s después del "
          f"SIGKILL; primera solicitud aceptada a los {first_ok - killed_at:.2f} s; "
          f"{sum(1 for _, st, _, _ in log if st == 503)} respuestas 503; {len(acked)} solicitudes confirmadas")
    assert "dejó de funcionar" in system.output and "reiniciada (reinicio 1" in system.output
    db.start()
    try:
        with psycopg.connect(db.url(), autocommit=True) as conn:
            rows = conn.execute("SELECT idempotency_key, folio FROM app.ticket WHERE idempotency_key = ANY(%s)",
                                ([*acked],)).fetchall()
    finally:
        db.stop()
    assert dict(rows) == acked, "an acknowledged ticket was lost or stored under another folio"
    assert len(rows) == len(acked), "an acknowledged ticket was stored twice"
