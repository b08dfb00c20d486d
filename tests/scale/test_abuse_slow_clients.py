"""Slow clients (slowloris) cannot take the form away from everybody else.

One address opens 300 connections and trickles one byte a second on each for 20 s, reconnecting
whenever the server closes one, while honest clients (another loopback address) keep asking for
the form. Outcomes: every honest request is answered 200, and the server closed the attacker's
extra connections (per-address limit) and the trickling ones (request read-time bound). The p95
of honest requests is printed; the issue's target is p95 < 1 s, not asserted here because this
suite runs on a loaded 2-core CI machine (a figure to read, not a flaky gate).
"""

from __future__ import annotations

import http.client
import resource
import socket
import threading
import time

import pytest

from tools.dev.bench_support import WebServer, percentile

ATTACKER = "127.0.0.2"  # the whole 127/8 is loopback on Linux: two distinct client addresses
HONEST = "127.0.0.3"
SLOW_SOCKETS = 300
SECONDS = 20.0


@pytest.fixture(autouse=True)
def enough_file_descriptors():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4096))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _slow_socket(port: int) -> socket.socket | None:
    sock = socket.socket()
    sock.settimeout(2)
    try:
        sock.bind((ATTACKER, 0))
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    except OSError:
        sock.close()
        return None
    sock.setblocking(False)
    return sock


def _honest_get(port: int) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(HONEST, 0))
    try:
        conn.request("GET", "/")
        resp = conn.getresponse()
        body = resp.read()
        status = resp.status if b"csrf_token" in body else -resp.status
    except (OSError, http.client.HTTPException):
        status = 0
    finally:
        conn.close()
    return status, time.perf_counter() - started


def test_slow_sockets_from_one_address_do_not_stop_honest_clients(pg_db):
    server = WebServer(pg_db.login_urls["itl_web"], threads=8, trusted_proxy=False).start()
    stop = threading.Event()
    closed = [0, 0]  # server-closed attacker connections, reconnects that failed outright
    honest: list[tuple[int, float]] = []
    lock = threading.Lock()

    def attacker() -> None:
        socks = [s for s in (_slow_socket(server.port) for _ in range(SLOW_SOCKETS)) if s is not None]
        closed[1] += SLOW_SOCKETS - len(socks)
        while not stop.wait(1.0):
            for i, sock in enumerate(socks):
                try:
                    sock.send(b"X")  # one byte of an endless header line
                    if sock.recv(1, socket.MSG_PEEK) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    continue  # still open, nothing to read: the server is waiting for more bytes
                except OSError:
                    sock.close()
                    closed[0] += 1
                    again = _slow_socket(server.port)  # keep the pressure on
                    if again is None:
                        closed[1] += 1
                        again = socket.socket()
                    socks[i] = again
        for sock in socks:
            sock.close()

    def client() -> None:
        while not stop.is_set():
            answer = _honest_get(server.port)
            with lock:
                honest.append(answer)
            time.sleep(0.1)

    threads = [threading.Thread(target=attacker, daemon=True)] + [
        threading.Thread(target=client, daemon=True) for _ in range(4)]
    try:
        assert _honest_get(server.port)[0] == 200, server.log_text()
        for thread in threads:
            thread.start()
            time.sleep(1.0 if thread is threads[0] else 0)  # the attack is in place first
        stop.wait(SECONDS)
        stop.set()
        for thread in threads:
            thread.join(60)
        log = server.log_text()
    finally:
        stop.set()
        server.cleanup()

    seconds = sorted(s for _, s in honest)
    statuses = [st for st, _ in honest]
    print(f"\n{len(honest)} peticiones honestas durante {SECONDS:.0f} s de ataque con {SLOW_SOCKETS} sockets lentos: "
          f"p50 {percentile(seconds, 50) * 1000:.0f} ms, p95 {percentile(seconds, 95) * 1000:.0f} ms, "
          f"máx {seconds[-1] * 1000:.0f} ms; conexiones del atacante cerradas por el servidor: {closed[0]}, "
          f"reconexiones fallidas: {closed[1]}")
    assert len(honest) >= 10, "honest clients got almost nothing through"
    assert statuses.count(200) == len(statuses), f"honest requests failed: {sorted(set(statuses))}"
    assert closed[0] + closed[1] >= SLOW_SOCKETS - 64, "the server kept the attacker's connections open"
    assert "conexión rechazada" in log or "conexión cerrada" in log, log


def test_a_request_trickled_byte_by_byte_is_closed_however_long_it_keeps_sending(pg_db, monkeypatch):
    monkeypatch.setenv("ITL_WEB_HEADER_TIMEOUT", "3")
    server = WebServer(pg_db.login_urls["itl_web"], threads=2, trusted_proxy=False).start()
    try:
        sock = _slow_socket(server.port)
        assert sock is not None
        sock.setblocking(True)
        sock.settimeout(1.0)
        started = time.monotonic()
        closed_after = None
        while time.monotonic() - started < 120:  # bounds a defect only: the guard closes it long before
            try:
                sock.send(b"X")
                if sock.recv(1) == b"":
                    closed_after = time.monotonic() - started
                    break
            except TimeoutError:
                continue  # no answer yet: keep trickling
            except OSError:
                closed_after = time.monotonic() - started
                break
        sock.close()
        assert closed_after is not None, "a connection that never finishes its headers was kept open"
        assert _honest_get(server.port)[0] == 200
        print(f"\nconexión lenta cerrada a los {closed_after:.1f} s (límite de encabezados 3 s)")
    finally:
        server.cleanup()
