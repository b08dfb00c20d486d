"""The database stopped and restarted under load: clear 503s, recovery, no acknowledged ticket lost or duplicated.

Outcomes only, never timings: the outage lasts until the form has answered a 503 (so the
assertion cannot race the pool timeout on a loaded machine), and the recovery time is
printed as a figure.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest

from gateway import message
from tests.scale.conftest import SIZE
from tools.deploy import Deployer, PgDialect
from tools.dev.bench_support import FormClient, WebServer, form_catalog, ticket_fields
from tools.embedded_db import LOGINS, EmbeddedDb, free_port

OUTAGE_LIMIT = 120.0  # the database stays down until a 503 is seen; this only bounds a real defect


@pytest.fixture
def own_db():
    """A database server of this test's own: it is stopped and started on purpose.

    Its folder is not pytest's tmp_path: another pytest run as root resets that tree to 700,
    which would lock the database user out of a restart."""
    state = Path(tempfile.mkdtemp(prefix="itl-restart-"))
    db = EmbeddedDb(state / "db", free_port())
    db.start()
    db.ensure_database()
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: secrets_[login] for login in LOGINS})
    with psycopg.connect(db.url(), autocommit=True) as conn:
        conn.execute("UPDATE app.setting SET setting_value = 1000000000 "
                     "WHERE setting_key IN ('submit_client_per_hour', 'submit_global_per_minute')")
    yield db
    db.stop()
    shutil.rmtree(state, ignore_errors=True)


def test_database_restart_gives_503_then_recovers_without_losing_acknowledged_tickets(own_db):
    import gateway

    web_gw = gateway.connect(own_db.url("itl_web"), min_size=0, max_size=2)
    catalog = form_catalog(web_gw)
    web_gw.close()
    log: list[tuple[float, int, str, float]] = []  # (time sent, status, body, time answered) per request
    acked: dict[uuid.UUID, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int, server_port: int) -> None:
        browser = FormClient(server_port, address=f"10.8.{n}.1", timeout=30)
        i = 0
        while not stop.is_set():
            key, fields = uuid.uuid4(), ticket_fields(catalog, n * 10000 + i)
            i += 1
            while not stop.is_set():
                reply = browser.submit(fields, key)  # retried with the same key
                with lock:
                    now = time.monotonic()
                    log.append((now - reply.seconds, reply.status, reply.body, now))
                    if reply.status == 303 and reply.folio:
                        acked[key] = reply.folio
                if reply.status == 303 or reply.status not in (0, 503):
                    break
                time.sleep(0.05)
        browser.close()

    def acked_count() -> int:
        with lock:
            return len(acked)

    def wait_for(condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.02)
        return False

    with WebServer(own_db.url("itl_web"), threads=8) as server:
        workers = [threading.Thread(target=client, args=(n, server.port), daemon=True)
                   for n in range(SIZE.restart_clients)]
        for worker in workers:
            worker.start()
        try:
            assert wait_for(lambda: acked_count() >= 20, 60), "no submissions before the outage"
            stopping_at = time.monotonic()
            own_db.stop()
            stopped_at = time.monotonic()
            saw_503 = wait_for(lambda: any(a > stopped_at and s == 503 for _, s, _, a in list(log)), OUTAGE_LIMIT)
            own_db.start()  # returns when the server accepts connections
            up_at = time.monotonic()
            before = acked_count()
            assert wait_for(lambda: any(a > up_at and s == 303 for _, s, _, a in list(log)), 120), "never recovered"
            wait_for(lambda: acked_count() >= before + 20, 30)
        finally:
            stop.set()
            for worker in workers:
                worker.join(60)

    statuses = {s for _, s, _, _ in log}
    assert statuses <= {303, 503}, f"unexpected answers: {statuses - {303, 503}}"
    assert saw_503, "the form never answered 503 while the database was down"
    for _, s, body, _ in log:
        if s == 503:
            assert message(9002) in body  # the Spanish "not available" message
            assert "Traceback" not in body
    # Recovery: from the database accepting connections again to the first ticket accepted after that.
    first_ok = min(a for _, s, _, a in log if a >= up_at and s == 303)
    recovery = first_ok - up_at
    print(f"\nrecuperación: {recovery:.2f} s después de que la base volvió; "
          f"caída de {up_at - stopping_at:.2f} s; "
          f"{sum(1 for _, s, _, _ in log if s == 503)} respuestas 503; {len(acked)} solicitudes confirmadas")
    with psycopg.connect(own_db.url(), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT idempotency_key, folio FROM app.ticket WHERE idempotency_key = ANY(%s)", ([*acked],)).fetchall()
    assert dict(rows) == acked, "an acknowledged ticket was lost or stored under another folio"
    assert len(rows) == len(acked), "an acknowledged ticket was stored twice"
