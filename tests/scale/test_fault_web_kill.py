"""The web server SIGKILLed in the middle of submissions while clients retry with their idempotency keys."""

from __future__ import annotations

import threading
import time
import uuid

from tests.scale.conftest import SIZE, raise_submit_limits
from tools.dev.bench_support import FormClient, WebServer, form_catalog, ticket_fields

RETRY_STATUSES = {0, 502, 503}  # no answer (server dead) or the database briefly unavailable


def test_sigkill_mid_load_loses_nothing_and_duplicates_nothing(pg_db):
    raise_submit_limits(pg_db)
    catalog = form_catalog(pg_db.web)
    total = SIZE.kill_clients * SIZE.kill_per_client
    server = WebServer(pg_db.login_urls["itl_web"], threads=8).start()
    acked: dict[uuid.UUID, str] = {}
    unexpected: list[tuple[int, str]] = []
    retries = [0]
    lock = threading.Lock()

    def client(n: int) -> None:
        browser = FormClient(server.port, address=f"10.9.{n}.1", timeout=10)
        for i in range(SIZE.kill_per_client):
            key, fields = uuid.uuid4(), ticket_fields(catalog, n * 1000 + i)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                reply = browser.submit(fields, key)  # same key on every retry
                if reply.status == 303 and reply.folio:
                    with lock:
                        acked[key] = reply.folio
                    break
                if reply.status in RETRY_STATUSES:
                    with lock:
                        retries[0] += 1
                    time.sleep(0.05)
                    continue
                with lock:
                    unexpected.append((reply.status, reply.body[:300]))
                break
        browser.close()

    workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(SIZE.kill_clients)]
    kills = 0
    try:
        for worker in workers:
            worker.start()
        for fraction in (1 / 3, 2 / 3):
            deadline = time.monotonic() + 120
            while len(acked) < total * fraction and time.monotonic() < deadline and any(w.is_alive() for w in workers):
                time.sleep(0.01)
            server.kill()  # mid-load: other clients have requests in flight
            kills += 1
            time.sleep(0.2)
            server.start()  # same port, same CSRF secret
        for worker in workers:
            worker.join(180)
    finally:
        server.cleanup()

    print(f"\n{total} envíos, {kills} SIGKILL, {retries[0]} reintentos con la misma clave, "
          f"{len(set(acked.values()))} folios distintos")
    assert kills == 2
    assert not unexpected, unexpected[:3]
    assert len(acked) == total, "a client gave up on a submission"
    assert retries[0] > 0, "the kills interrupted nothing: the test did not test anything"
    folios = list(acked.values())
    assert len(set(folios)) == len(folios), "two submissions got the same folio"
    stored = dict(pg_db.sql(
        "SELECT idempotency_key, folio FROM app.ticket WHERE idempotency_key = ANY(%s)", params=([*acked],)))
    assert stored == acked, "every acknowledged folio exists exactly once, with its key"
    per_folio = pg_db.sql("SELECT count(*), count(DISTINCT folio) FROM app.ticket WHERE folio = ANY(%s)",
                          params=(folios,))
    assert per_folio == [(total, total)]
