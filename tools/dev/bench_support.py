"""Shared pieces of the benchmark and of the fault tests (tests/scale).

- `WebServer`: the real web form (webform.create_app served by waitress) in a
  subprocess (tools/dev/bench_server.py), which a fault test can SIGKILL and restart
  on the same port with the same CSRF secret.
- `FormClient`: an HTTP client that behaves like a browser without JavaScript:
  it GETs the form once (CSRF cookie + token), then POSTs tickets with its own
  idempotency keys; a retry re-sends the same key.
- `percentile`, `rss_kib`: figures.

Loopback only; everything here is bounded in time.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parents[2]
_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
_FOLIO = re.compile(r"/solicitudes/([A-Z]{2}-\d{4}-\d+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (Linux /proc), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _stat_fields(pid: int | str) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int | None, tree: bool = False) -> float:
    """User + system CPU seconds the kernel counted for a process (every thread of it); with `tree`,
    also for its child processes, the running ones and those that ended (Linux /proc; 0.0 when it
    cannot be read). For the web server: its own; for PostgreSQL: the postmaster's tree (the
    backends that serve the calls, the WAL writer, the checkpointer, autovacuum)."""
    fields = _stat_fields(pid) if pid else None
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if tree:
        ticks += int(fields[13]) + int(fields[14])  # children that ended and were waited for
        for entry in Path("/proc").iterdir():
            child = _stat_fields(entry.name) if entry.name.isdigit() else None
            if child is not None and int(child[1]) == pid:
                ticks += int(child[11]) + int(child[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def parent_pid(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


# ---- the web server in a subprocess ---------------------------------------------------

@dataclass
class WebServer:
    """tools/dev/bench_server.py in a subprocess, bound to 127.0.0.1:port."""

    web_url: str
    port: int = 0
    threads: int = 8
    pool_size: int = 0  # 0: threads + 2
    trusted_proxy: bool = True
    code: Path | None = None  # another checkout whose webform/ to serve (before/after comparisons)
    secret_hex: str = field(default_factory=lambda: secrets.token_bytes(32).hex())
    proc: subprocess.Popen | None = None
    log: Any = None

    def start(self, timeout: float = 30.0) -> WebServer:
        if not self.port:
            self.port = free_port()
        env = dict(os.environ, ITL_WEB_SECRET=self.secret_hex, ITL_BENCH_WEB_URL=self.web_url)
        cmd = [sys.executable, "-m", "tools.dev.bench_server", "--port", str(self.port),
               "--threads", str(self.threads), "--pool-size", str(self.pool_size or self.threads + 2)]
        if self.trusted_proxy:
            cmd.append("--trusted-proxy")
        # Output goes to a file: a full pipe would block the server.
        self.log = tempfile.NamedTemporaryFile(prefix="itl-web-", suffix=".log", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=self.code or ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("el servidor web de prueba terminó al iniciar:\n" + self.log_text())
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("el servidor web de prueba no respondió a tiempo")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL: no clean-up, in-flight requests die with it."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        if self.log is None:
            return ""
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def cleanup(self) -> None:
        self.stop()
        if self.log is not None:
            self.log.close()
            Path(self.log.name).unlink(missing_ok=True)
            self.log = None

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


# ---- a form client ----------------------------------------------------------------------

@dataclass
class Reply:
    status: int  # 0 = no HTTP answer (connection refused/reset, timeout)
    folio: str | None = None
    body: str = ""
    seconds: float = 0.0


class FormClient:
    """One browser: keeps its CSRF cookie and token, one keep-alive connection."""

    def __init__(self, port: int, address: str = "127.0.0.1", timeout: float = 10.0, source: str = "") -> None:
        self.port = port
        self.address = address  # sent as X-Forwarded-For (the server trusts it in the benchmark)
        self.source = source  # or a real client address: connect from this loopback address (127.0.0.x)
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookie = ""
        self.token = ""

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                                   source_address=(self.source, 0) if self.source else None)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        all_headers = {**({} if self.source else {"X-Forwarded-For": self.address}), **(headers or {})}
        if self.cookie:
            all_headers["Cookie"] = self.cookie
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=all_headers)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
            head = {k.lower(): v for k, v in resp.getheaders()}
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            return resp.status, head, text
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, {}, ""

    def prepare(self) -> bool:
        """GET the form: CSRF cookie and token. False when the server gave none."""
        self.cookie = ""
        status, head, text = self.request("GET", "/")
        found = _CSRF.search(text)
        cookie = head.get("set-cookie", "")
        if status != 200 or not found or "itl_csrf=" not in cookie:
            return False
        self.cookie = cookie.split(";", 1)[0]
        self.token = found.group(1)
        return True

    def submit(self, fields: dict[str, Any], key: uuid.UUID) -> Reply:
        """POST one ticket with idempotency key `key`; 303 + folio on success."""
        if not self.token and not self.prepare():
            return Reply(0)
        form = {name: "" if value is None else str(value) for name, value in fields.items()}
        form.update(csrf_token=self.token, idempotency_key=str(key))
        body = urlencode(form).encode("utf-8")
        started = time.perf_counter()
        status, head, text = self.request(
            "POST", "/solicitudes", body,
            {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))},
        )
        seconds = time.perf_counter() - started
        folio = None
        if status == 303:
            found = _FOLIO.search(unquote(head.get("location", "")))
            folio = found.group(1) if found else None
        return Reply(status, folio, text if status != 303 else "", seconds)

    def submit_with_photos(self, fields: dict[str, Any], key: uuid.UUID,
                           photos: list[tuple[str, bytes]]) -> Reply:
        """POST one ticket as multipart with (file name, content) photos in the «imagenes» field."""
        if not self.token and not self.prepare():
            return Reply(0)
        form = {name: "" if value is None else str(value) for name, value in fields.items()}
        form.update(csrf_token=self.token, idempotency_key=str(key))
        boundary = "----itlbench" + secrets.token_hex(8)
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                 + value.encode("utf-8") + b"\r\n" for name, value in form.items()]
        parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="imagenes"; filename="{name}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
                  for name, content in photos]
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        started = time.perf_counter()
        status, head, text = self.request(
            "POST", "/solicitudes", body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(body))},
        )
        seconds = time.perf_counter() - started
        found = _FOLIO.search(unquote(head.get("location", ""))) if status == 303 else None
        return Reply(status, found.group(1) if found else None, text if status != 303 else "", seconds)


def peak_rss_kib(pid: int) -> int:
    """The most resident memory a process ever had, in KiB (Linux VmHWM), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


_NAMES = ("Ana", "Luis", "Marta", "Pedro", "Sofía", "Jorge", "Elena", "Raúl", "Irma", "Tomás", "Nora", "Iván")


def ticket_fields(catalog: dict[str, Any], n: int = 0) -> dict[str, Any]:
    """A valid ticket for the web form, varied a little by n (catalog from `form_catalog`)."""
    return {
        "requester_name": f"{_NAMES[n % len(_NAMES)]} {_NAMES[(n // len(_NAMES)) % len(_NAMES)]}ez",
        "requester_type_id": catalog["docente"],
        "department_id": catalog["department"],
        "contact_email": f"prueba{n % 1000}@leon.tecnm.mx",
        "contact_phone": "",
        "control_number": "",
        "campus_id": catalog["campus"],
        "location_id": catalog["location"],
        "location_detail": "",
        "equipment_id": "",
        "equipment_tag": "",
        "equipment_brand": "",
        "equipment_serial": "",
        "equipment_condition": "",
        "category_id": catalog["category"],
        "description": f"No puedo entrar al correo institucional (prueba de carga {n}).",
    }


def form_catalog(web_gateway: Any) -> dict[str, Any]:
    """Ids to build valid tickets from, read through webform.list_catalog_items."""
    rows = web_gateway.call("webform.list_catalog_items")
    by = {}
    for row in rows:
        by.setdefault(row["catalog"], []).append(row)
    campus = by["campus"][0]["item_id"]
    location = next(r["item_id"] for r in by["location"] if r["parent_id"] == campus)
    docente = next(r["item_id"] for r in by["requester_type"] if r["code"] == "docente")
    category = next(r["item_id"] for r in by["problem_category"] if r.get("detail") != "needs_equipment")
    return {"campus": campus, "location": location, "docente": docente,
            "department": by["department"][0]["item_id"], "category": category}


def gateway_ticket(catalog: dict[str, Any], n: int = 0) -> dict[str, Any]:
    """The same ticket as procedure parameters (ints and NULLs)."""
    fields = ticket_fields(catalog, n)
    return {k: (None if v == "" else v) for k, v in fields.items()}
