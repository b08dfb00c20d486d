# no_sql: owner tool - benchmark: its baselines are raw SQL on purpose (INSERT + COMMIT, index-ordered SELECT)
"""Benchmark: one table of latencies and throughputs, each against a baseline measured in the same run.

    python -m tools.dev.bench --quick                       # small run (about a minute), 20,000 demo tickets
    python -m tools.dev.bench --tickets 1000000 --write     # the full run; writes docs/BENCHMARK.md
    python -m tools.dev.bench --url OWNER --web-url WEB --desk-url DESK   # an existing, seeded database
    python -m tools.dev.bench --faults                      # tests/scale (faults, abuse) at full size

By default it starts its own embedded PostgreSQL (state under var/bench, a free
port), deploys it, seeds it with tools.dev.seed_demo up to --tickets demo tickets,
measures, and stops it. Operations (sequential, one client, unless stated):

- submit through webform.submit_ticket      vs  a raw single-row INSERT + COMMIT
- submit through HTTP, 32 concurrent clients (real waitress server in a subprocess), and the
  server's resident memory under that load
- queue first page for each filter, a deep keyset page   vs  a bare index-ordered SELECT of 50 rows
- search by folio, inventory tag and words               vs  the same bare SELECT
- ticket detail (get_ticket + list_ticket_events)        vs  SELECT of one ticket by primary key
- statistics screen for a month, a year and all time     vs  the same bare SELECT
- incidents: the suggestion poll, the form's notice lookup, repeat failures   vs  the same bare SELECT
- login (database part; and with PBKDF2 on the client)   vs  SELECT of one staff row by username

Baselines are SQL written here on purpose: this benchmark tool (an owner tool,
documented as such and excluded from the no-SQL check) is the only Python that
runs SQL besides the gateway and the deploy tool. The tiers call procedures only.

Rate limits: the benchmark raises app.setting submit_client_per_hour and
submit_global_per_minute in the benchmark database while it runs (restored at
the end) and gives each simulated HTTP client its own X-Forwarded-For address
(the bench server trusts that header; a production server does so only behind
its own proxy).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import platform
import re
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import gateway
from gateway.passwords import derive_key, new_salt
from tools.dev.bench_support import (
    FormClient,
    WebServer,
    cpu_seconds,
    form_catalog,
    gateway_ticket,
    parent_pid,
    percentile,
    rss_kib,
    ticket_fields,
)

ROOT = Path(__file__).resolve().parents[2]
BENCH_STATE = ROOT / "var" / "bench"
BENCH_DOC = ROOT / "docs" / "BENCHMARK.md"
BENCH_USER = "bench.admin"
RAISED_LIMIT = 1_000_000_000
QUEUE_FILTERS = (
    "todas", "abiertas", "estado nuevo", "campus II", "categoría", "prioridad urgente",
    "asignadas a un operador", "sin asignar", "mías",
)


# ---- measuring -----------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    samples: list[float]  # seconds per operation
    wall: float  # seconds for the whole measurement
    baseline: str | None = None  # name of the baseline row
    target: str = ""
    check: Callable[[Result], bool] | None = None
    note: str = ""
    concurrency: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.samples)

    def ms(self, p: float) -> float:
        return 1000 * percentile(self.samples, p)

    @property
    def rate(self) -> float:
        return self.count / self.wall if self.wall > 0 else float("nan")


def measure(name: str, op: Callable[[int], Any], n: int, warmup: int = 3, **kw: Any) -> Result:
    """Call op(i) n times after a warm-up; per-call latency and overall rate."""
    for i in range(warmup):
        op(-1 - i)
    samples = []
    started = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        op(i)
        samples.append(time.perf_counter() - t0)
    return Result(name, samples, time.perf_counter() - started, **kw)


def measure_many(name: str, ops: list[Callable[[], Any]], n: int, **kw: Any) -> Result:
    """Cycle through several calls (e.g. one per filter); each call is one sample."""
    return measure(name, lambda i: ops[i % len(ops)](), n, warmup=len(ops), **kw)


# ---- the benchmark ------------------------------------------------------------------------

class Bench:
    def __init__(self, owner_url: str, web_url: str, desk_url: str, quick: bool, out=sys.stdout) -> None:
        import psycopg

        self.owner_url, self.web_url, self.desk_url = owner_url, web_url, desk_url
        self.quick = quick
        self.out = out
        self.n = 30 if quick else 200
        self.owner = psycopg.connect(owner_url, autocommit=True)
        self.web = gateway.connect(web_url, min_size=1, max_size=4)
        self.desk = gateway.connect(desk_url, min_size=1, max_size=4)
        self.owner_gw = gateway.connect(owner_url, min_size=0, max_size=2)
        self.results: list[Result] = []
        self.saved_settings: dict[str, int] = {}
        self.run_tag = secrets.token_hex(2)
        self.token = b""
        self.password = ""

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def sql(self, text: str, params: tuple = ()) -> list[tuple]:
        cur = self.owner.execute(text, params)
        return cur.fetchall() if cur.description else []

    def add(self, result: Result) -> Result:
        self.results.append(result)
        self.say(f"  {result.name}: p50 {result.ms(50):.2f} ms, p95 {result.ms(95):.2f} ms, "
                 f"{result.rate:,.0f}/s")
        return result

    def close(self) -> None:
        for gw in (self.web, self.desk, self.owner_gw):
            gw.close()
        self.owner.close()

    # ---- arrangement -----------------------------------------------------------------------
    def raise_limits(self) -> None:
        rows = self.sql("SELECT setting_key, setting_value FROM app.setting WHERE setting_key IN "
                        "('submit_client_per_hour', 'submit_global_per_minute')")
        self.saved_settings = dict(rows)
        self.sql("UPDATE app.setting SET setting_value = %s WHERE setting_key IN "
                 "('submit_client_per_hour', 'submit_global_per_minute')", (RAISED_LIMIT,))

    def restore(self) -> None:
        for key, value in self.saved_settings.items():
            self.sql("UPDATE app.setting SET setting_value = %s WHERE setting_key = %s", (value, key))
        self.sql("DELETE FROM app.ticket WHERE folio LIKE %s", (f"BX{self.run_tag}-%",))

    def admin_session(self) -> None:
        """Log in as the benchmark's administrator (created on first use, own database only)."""
        iterations = self.sql("SELECT setting_value FROM app.setting WHERE setting_key = 'min_pbkdf2_iterations'")
        self.iterations = max(600_000, iterations[0][0] if iterations else 600_000)
        self.password = "Bench-" + secrets.token_urlsafe(18)
        salt = new_salt()
        key = derive_key(self.password, salt, self.iterations)
        try:
            self.owner_gw.call("app.bootstrap_admin", username=BENCH_USER, full_name="Administrador de pruebas",
                               salt=salt, iterations=self.iterations, password_key=key, must_change_password=False)
        except gateway.AppError:
            # An administrator exists already: take over the benchmark's own account.
            self.owner_gw.call("app.reset_staff_password", username=BENCH_USER, salt=salt,
                               iterations=self.iterations, password_key=key)
            token = self.login_token(key)
            new_password = "Bench-" + secrets.token_urlsafe(18)
            new = new_salt()
            new_key = derive_key(new_password, new, self.iterations)
            self.desk.call("staff.change_own_password", token=token, current_key=key, new_salt=new,
                           new_iterations=self.iterations, new_key=new_key)
            self.password, key = new_password, new_key
        self.key = key
        self.token = self.login_token(key)

    def login_token(self, key: bytes) -> bytes:
        row = self.desk.call("staff.log_in", username=BENCH_USER, password_key=key, client_info="bench")[0]
        if row["error_id"]:
            raise gateway.AppError(row["error_id"])
        return bytes(row["token"])

    # ---- baselines -----------------------------------------------------------------------
    def baselines(self) -> None:
        self.say("Bases (SQL directo):")
        ids = self.sql("SELECT (SELECT min(requester_type_id) FROM app.requester_type), "
                       "(SELECT min(department_id) FROM app.department), (SELECT min(campus_id) FROM app.campus), "
                       "(SELECT min(category_id) FROM app.problem_category), "
                       "(SELECT status_id FROM app.status WHERE code = 'nuevo'), "
                       "(SELECT priority_id FROM app.priority WHERE is_default LIMIT 1)")[0]

        def raw_insert(i: int) -> None:
            with self.owner.transaction():
                self.owner.execute(
                    "INSERT INTO app.ticket (folio, access_code_hash, idempotency_key, requester_name, "
                    "requester_type_id, department_id, campus_id, category_id, description, status_id, priority_id) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (f"BX{self.run_tag}-{i + 10}", hashlib.sha256(secrets.token_bytes(8)).digest(), uuid.uuid4(),
                     "Base directa", *ids[:4], "Fila de la línea base del benchmark.", *ids[4:]),
                )

        self.add(measure("base: INSERT directo + COMMIT", raw_insert, self.n * 2))
        self.add(measure("base: SELECT 50 por índice",
                         lambda i: self.sql("SELECT ticket_id, folio, created_at, status_id FROM app.ticket "
                                            "ORDER BY ticket_id DESC LIMIT 50"), self.n * 2))
        self.max_id, self.min_id = self.sql("SELECT max(ticket_id), min(ticket_id) FROM app.ticket")[0]
        ids_pick = [self.pick_id(i) for i in range(64)]
        self.add(measure("base: SELECT 1 por llave", lambda i: self.sql(
            "SELECT * FROM app.ticket WHERE ticket_id = %s", (ids_pick[i % 64],)), self.n * 2))
        self.add(measure("base: SELECT 1 usuario", lambda i: self.sql(
            "SELECT salt, iterations FROM app.staff_user WHERE username = %s", (BENCH_USER,)), self.n * 2))

    def pick_id(self, i: int) -> int:
        span = max(1, self.max_id - self.min_id)
        return self.min_id + (i * 7919 * 104729) % span

    # ---- submit ----------------------------------------------------------------------------
    def submit_procedure(self) -> None:
        self.say("Alta de solicitudes:")
        catalog = form_catalog(self.web)
        self.catalog = catalog

        def submit(i: int) -> None:
            self.web.call("webform.submit_ticket", idempotency_key=uuid.uuid4(),
                          client_key=f"bench-{self.run_tag}-{i}", **gateway_ticket(catalog, abs(i)),
                          **{f"attachment{k}_{part}": None for k in (1, 2, 3) for part in ("name", "type", "content")})

        self.add(measure("alta: webform.submit_ticket", submit, self.n * 2, baseline="base: INSERT directo + COMMIT",
                         target="≥ 40 % de la base", check=lambda r: self.ratio(r) >= 0.40))

    def submit_http(self, clients: int = 32, seconds: float = 20.0, loopback: bool = False,
                    code: Path | None = None, label: str = "") -> None:
        """`clients` simulated people submitting for `seconds`. Each has its own address: by default
        an X-Forwarded-For the bench server trusts; with `loopback` a real one (127.0.0.2, .3, ...),
        the server trusting no proxy, as on a LAN: every client its own per-address connection cap
        and its own rate-limit bucket. `code`: serve another checkout's webform (before/after)."""
        threads_env = int(os.environ.get("ITL_BENCH_WEB_THREADS", "8"))
        with WebServer(self.web_url, threads=threads_env, trusted_proxy=not loopback, code=code) as server:
            catalog = getattr(self, "catalog", None) or form_catalog(self.web)  # --only http: not set yet
            samples: list[float] = []
            statuses: dict[int, int] = {}
            lock = threading.Lock()
            stop = threading.Event()
            rss: list[int] = []

            def client(n: int) -> None:
                c = FormClient(server.port, address=f"10.{n // 250}.{n % 250}.{(n * 7) % 250 + 1}",
                               source=f"127.0.{n // 250}.{n % 250 + 2}" if loopback else "")
                c.prepare()
                i = 0
                while not stop.is_set():
                    reply = c.submit(ticket_fields(catalog, n * 100000 + i), uuid.uuid4())
                    i += 1
                    with lock:
                        statuses[reply.status] = statuses.get(reply.status, 0) + 1
                        if reply.status == 303:
                            samples.append(reply.seconds)
                c.close()

            def sampler() -> None:
                while not stop.is_set():
                    rss.append(rss_kib(server.pid))
                    time.sleep(0.2)

            idle_rss = rss_kib(server.pid)
            workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
            watch = threading.Thread(target=sampler, daemon=True)
            for w in workers:
                w.start()
            time.sleep(1.0)  # every client has its CSRF token before the clock starts
            with lock:
                samples.clear()
                statuses.clear()
            watch.start()
            postmaster = self.postmaster()
            cpu = (cpu_seconds(server.pid), cpu_seconds(postmaster, tree=True))
            started = time.perf_counter()
            time.sleep(seconds)
            with lock:
                done = len(samples)
                cpu = (cpu_seconds(server.pid) - cpu[0], cpu_seconds(postmaster, tree=True) - cpu[1])
            stop.set()
            wall = time.perf_counter() - started
            for w in workers:
                w.join(30)
            watch.join(5)
        errors = sum(v for k, v in statuses.items() if k != 303)
        result = Result(
            f"alta: HTTP, {clients} clientes{' desde 127.0.0.x' if loopback else ''}{label}", samples, wall,
            baseline="base: INSERT directo + COMMIT",
            target="≥ 300/s y p99 ≤ 100 ms", check=lambda r: r.rate >= 300 and r.ms(99) <= 100,
            concurrency=clients, note=f"respuestas {dict(sorted(statuses.items()))}; errores {errors}",
        )
        if done and postmaster:
            result.extra.update(cpu_web_ms=1000 * cpu[0] / done, cpu_db_ms=1000 * cpu[1] / done,
                                load=os.getloadavg()[0])
            self.say(f"  CPU por envío: servidor web {result.extra['cpu_web_ms']:.2f} ms + PostgreSQL "
                     f"{result.extra['cpu_db_ms']:.2f} ms (carga media {result.extra['load']:.1f})")
        self.add(result)
        peak = max(rss) if rss else 0
        self.memory = (idle_rss, peak)
        self.say(f"  memoria del servidor web: {idle_rss / 1024:.0f} MB en reposo, {peak / 1024:.0f} MB máximo "
                 f"bajo carga (meta ≤ 150 MB)")

    def postmaster(self) -> int | None:
        """The PostgreSQL server's main process when it runs on this machine (its CPU is read from
        /proc with its children's), else None."""
        backend = self.sql("SELECT pg_backend_pid()")[0][0]
        return parent_pid(backend)

    def cpu_lines(self) -> list[str]:
        """CPU per accepted submission of the HTTP rows: the web server process (waitress and the app)
        and PostgreSQL (every process of the server), from /proc over the measured seconds."""
        return [f"| {r.name} | {r.extra['cpu_web_ms']:.2f} | {r.extra['cpu_db_ms']:.2f} | "
                f"{r.extra['cpu_web_ms'] + r.extra['cpu_db_ms']:.2f} | {r.extra['load']:.1f} |"
                for r in self.results if "cpu_web_ms" in r.extra]

    # ---- queue and search -------------------------------------------------------------------
    def queue(self, **overrides: Any) -> list[dict[str, Any]]:
        params: dict[str, Any] = dict(
            token=self.token, status_id=None, campus_id=None, category_id=None, priority_id=None,
            assigned_to=None, only_mine=False, only_unassigned=False, only_open=False, search=None,
            sort_key="folio", sort_desc=True, after_value=None, after_ticket_id=None, page_size=50,
        )
        params.update(overrides)
        return self.desk.call("staff.list_queue", **params)

    def queue_and_search(self) -> None:
        self.say("Cola y búsqueda:")
        look = self.sql(
            "SELECT (SELECT status_id FROM app.status WHERE code = 'nuevo'), "
            "(SELECT max(campus_id) FROM app.campus), (SELECT min(category_id) FROM app.problem_category), "
            "(SELECT priority_id FROM app.priority WHERE code = 'urgente'), "
            "(SELECT min(staff_id) FROM app.staff_user WHERE username LIKE 'demo.%%')")[0]
        nuevo, campus2, category, urgent, operator = look
        filters = {
            "todas": {}, "abiertas": {"only_open": True}, "estado nuevo": {"status_id": nuevo},
            "campus II": {"campus_id": campus2}, "categoría": {"category_id": category},
            "prioridad urgente": {"priority_id": urgent}, "asignadas a un operador": {"assigned_to": operator},
            "sin asignar": {"only_unassigned": True}, "mías": {"only_mine": True},
        }
        base = "base: SELECT 50 por índice"
        per_filter = max(10, self.n // 4)
        for label, f in filters.items():
            self.add(measure(f"cola: 1.ª página, {label}", lambda i, f=f: self.queue(**f), per_filter,
                             baseline=base, target="p95 ≤ 15 ms", check=lambda r: r.ms(95) <= 15))
        # Queue v2: the "vencidas" filter and the total count ("1–50 de 1,234") asked with page 1.
        # Issue 18: "vencidas" counts working hours (app.ticket_clock, due instant stored at write
        # time), and every first page keeps p95 under 5 ms at 1M tickets.
        for label, f in {"vencidas": {"only_overdue": True, "only_open": True},
                         "vencidas con total": {"only_overdue": True, "with_total": True},
                         "vencidas, campus II": {"only_overdue": True, "campus_id": campus2},
                         "vencidas por prioridad": {"only_overdue": True, "sort_key": "priority"},
                         "abiertas con total": {"only_open": True, "with_total": True},
                         "todas con total": {"with_total": True}}.items():
            self.add(measure(f"cola: 1.ª página, {label}", lambda i, f=f: self.queue(**f), per_filter,
                             baseline=base, target="p95 ≤ 5 ms", check=lambda r: r.ms(95) <= 5))
        self.add(measure("cola: avisos de nuevas (count_new_tickets)",
                         lambda i: self.desk.call("staff.count_new_tickets", token=self.token,
                                                  after_ticket_id=self.max_id - 20),
                         per_filter, baseline=base))
        middle = (self.max_id + self.min_id) // 2
        deep_ids = [middle - 1000 * k for k in range(16)]
        self.add(measure("cola: página profunda (keyset, a la mitad)",
                         lambda i: self.queue(after_value=deep_ids[i % 16], after_ticket_id=deep_ids[i % 16]),
                         self.n, baseline=base, target="p95 ≤ 15 ms", check=lambda r: r.ms(95) <= 15))
        self.add(measure("cola: página profunda ordenada por campus",
                         lambda i: self.queue(sort_key="campus", after_value=1, after_ticket_id=deep_ids[i % 16]),
                         self.n, baseline=base, target="p95 ≤ 15 ms", check=lambda r: r.ms(95) <= 15))

        folios = [r[0] for r in self.sql(
            "SELECT folio FROM app.ticket WHERE ticket_id = ANY(%s)", ([self.pick_id(i) for i in range(64)],))]
        tags = [r[0] for r in self.sql(
            "SELECT inventory_tag FROM app.equipment WHERE inventory_tag LIKE 'ITL-%%' ORDER BY equipment_id LIMIT 64")]
        words = ["impresora atascado", "correo contraseña", "proyector imagen", "red inalámbrica",
                 "Aula Virtual tarea", "Internet lento", "MATLAB laboratorio", "Cetech calificaciones"]
        if folios:
            self.add(measure("búsqueda: folio", lambda i: self.queue(search=folios[i % len(folios)]), self.n,
                             baseline=base, target="p95 ≤ 15 ms", check=lambda r: r.ms(95) <= 15))
        if tags:
            self.add(measure("búsqueda: etiqueta de inventario", lambda i: self.queue(search=tags[i % len(tags)]),
                             self.n, baseline=base, target="p95 ≤ 15 ms", check=lambda r: r.ms(95) <= 15))
        self.add(measure("búsqueda: palabras", lambda i: self.queue(search=words[i % len(words)]),
                         max(10, self.n // 2), baseline=base, target="p95 ≤ 100 ms",
                         check=lambda r: r.ms(95) <= 100))

    def detail(self) -> None:
        self.say("Detalle:")
        ids = [self.pick_id(i) for i in range(64)]

        def open_ticket(i: int) -> None:
            ticket_id = ids[i % 64]
            self.desk.call("staff.get_ticket", token=self.token, ticket_id=ticket_id)
            self.desk.call("staff.list_ticket_events", token=self.token, ticket_id=ticket_id)

        self.add(measure("detalle: solicitud + historial", open_ticket, self.n, baseline="base: SELECT 1 por llave"))

    # ---- statistics ------------------------------------------------------------------------
    def stats_screen(self, date_from: date, date_to: date, grain: str) -> None:
        common = {"token": self.token, "date_from": date_from, "date_to": date_to, "campus_id": None}
        self.desk.call("staff.get_stats_summary", **common)
        self.desk.call("staff.get_stats_backlog", token=self.token, campus_id=None)
        for dimension in ("status", "campus", "category", "requester_type", "department", "priority", "operator"):
            self.desk.call("staff.get_stats_breakdown", dimension=dimension, **common)
        self.desk.call("staff.get_stats_trend", grain=grain, **common)
        self.desk.call("staff.get_stats_top_equipment", max_rows=10, **common)

    def statistics(self) -> None:
        self.say("Estadísticas (pantalla completa: resumen, rezago, 7 desgloses, tendencia, equipos):")
        today = datetime.now(UTC).date()
        first = self.sql("SELECT min(created_at) FROM app.ticket")[0][0]
        start_all = first.date() if first else today - timedelta(days=3 * 365)
        base = "base: SELECT 50 por índice"
        n = max(10, self.n // 5)
        month, year = today - timedelta(days=30), today - timedelta(days=365)
        self.add(measure("estadísticas: un mes", lambda i: self.stats_screen(month, today, "day"),
                         n, baseline=base))
        self.add(measure("estadísticas: un año", lambda i: self.stats_screen(year, today, "week"),
                         n, baseline=base, target="p95 ≤ 50 ms", check=lambda r: r.ms(95) <= 50))
        self.add(measure("estadísticas: todo", lambda i: self.stats_screen(start_all, today, "month"), n,
                         baseline=base))

    # ---- working-hours calendar -------------------------------------------------------------
    def calendar(self) -> None:
        """An administrator's schedule change: the calendar is laid out again and every open
        ticket's due instant recomputed in the same transaction (then withdrawn: nothing stays)."""
        self.say("Horario (reloj de horas hábiles):")
        campus = self.sql("SELECT min(campus_id) FROM app.campus")[0][0]
        week = {"monday": "07:00-21:00", "tuesday": "07:00-21:00", "wednesday": "07:00-21:00",
                "thursday": "07:00-21:00", "friday": "07:00-21:00", "saturday": "09:00-13:00", "sunday": ""}
        start = date(2060, 1, 5)

        def change(i: int) -> None:
            self.desk.call("staff.save_work_hours", token=self.token, campus_id=campus, valid_from=start, **week)
            self.desk.call("staff.delete_work_hours", token=self.token, campus_id=campus, valid_from=start)

        self.add(measure("horario: guardar y quitar una versión (recalcula las abiertas)", change,
                         3 if self.quick else 5, warmup=1, baseline="base: SELECT 50 por índice"))

    # ---- incidents (issue 18) ------------------------------------------------------------------
    def incidents(self) -> None:
        """The operators' suggestion poll (every minute, on the whole table) with a fresh burst of 40
        open reports in one place, the web form's notice lookup, and the administrators' list of
        equipment with repeat failures. The burst is removed afterwards."""
        self.say("Incidentes (grupos propuestos, aviso del formulario, fallas repetidas):")
        ids = self.sql(
            "SELECT l.campus_id, l.location_id, (SELECT min(category_id) FROM app.problem_category), "
            "(SELECT min(requester_type_id) FROM app.requester_type), (SELECT min(department_id) FROM app.department), "
            "(SELECT status_id FROM app.status WHERE code = 'nuevo'), "
            "(SELECT priority_id FROM app.priority WHERE is_default LIMIT 1) "
            "FROM app.location AS l ORDER BY l.location_id LIMIT 1")[0]
        campus, location, category, rtype, dept, status, priority = ids
        burst = [self.sql(
            "INSERT INTO app.ticket (folio, access_code_hash, idempotency_key, requester_name, requester_type_id, "
            "department_id, campus_id, location_id, category_id, description, status_id, priority_id, created_at) "
            "VALUES (%s, %s, %s, 'Ráfaga de prueba', %s, %s, %s, %s, %s, 'Sin red en el edificio.', %s, %s, "
            "now() - make_interval(mins => %s)) RETURNING ticket_id",
            (f"BI{self.run_tag}-{n}", hashlib.sha256(secrets.token_bytes(8)).digest(), uuid.uuid4(), rtype, dept,
             campus, location, category, status, priority, n % 30))[0][0] for n in range(40)]
        try:
            base = "base: SELECT 50 por índice"
            n = max(10, self.n // 2)
            groups = self.desk.call("staff.list_incident_suggestions", token=self.token)
            self.say(f"  {len(groups)} filas propuestas con la ráfaga de 40")
            self.add(measure("incidentes: grupos propuestos (sondeo del escritorio)",
                             lambda i: self.desk.call("staff.list_incident_suggestions", token=self.token), n,
                             baseline=base))
            self.add(measure("incidentes: aviso del formulario (campus, lugar, categoría)",
                             lambda i: self.web.call("webform.find_incident_notice", campus_id=campus,
                                                     location_id=location, category_id=category), n,
                             baseline=base))
            self.add(measure("incidentes: equipos con fallas repetidas (administración)",
                             lambda i: self.desk.call("staff.list_repeat_failures", token=self.token, campus_id=None),
                             max(5, n // 5), baseline=base))
        finally:
            self.sql("DELETE FROM app.ticket WHERE ticket_id = ANY(%s)", (burst,))

    # ---- login -----------------------------------------------------------------------------
    def login(self) -> None:
        self.say("Inicio de sesión:")

        def db_part(i: int) -> None:
            self.desk.call("staff.get_login_params", username=BENCH_USER)
            self.desk.call("staff.log_in", username=BENCH_USER, password_key=self.key, client_info="bench")

        def full(i: int) -> None:
            params = self.desk.call("staff.get_login_params", username=BENCH_USER)[0]
            key = derive_key(self.password, bytes(params["salt"]), params["iterations"])
            self.desk.call("staff.log_in", username=BENCH_USER, password_key=key, client_info="bench")

        self.add(measure("login: base de datos", db_part, self.n, baseline="base: SELECT 1 usuario"))
        self.add(measure(f"login: con PBKDF2 ({self.iterations:,} iteraciones)", full, 3 if self.quick else 10,
                         warmup=1, baseline="base: SELECT 1 usuario"))

    # ---- the table -------------------------------------------------------------------------
    def ratio(self, result: Result) -> float:
        base = next((r for r in self.results if r.name == result.baseline), None)
        return result.rate / base.rate if base and base.rate else float("nan")

    def misses(self) -> list[str]:
        """One line per missed target: the figure, the target, by how much."""
        lines = []
        for r in self.results:
            if r.check is None or r.check(r):
                continue
            parts = []
            for metric, limit in re.findall(r"(p\d\d) ≤ (\d+) ms", r.target):
                got = r.ms(int(metric[1:]))
                if got > int(limit):
                    parts.append(f"{metric} {got:.1f} ms contra {limit} ms ({got / int(limit):.1f} veces la meta)")
            for limit in re.findall(r"≥ (\d+)/s", r.target):
                if r.rate < int(limit):
                    parts.append(f"{r.rate:,.0f}/s contra {limit}/s ({100 * r.rate / int(limit):.0f} % de la meta)")
            for limit in re.findall(r"≥ (\d+) % de la base", r.target):
                if self.ratio(r) < int(limit) / 100:
                    parts.append(f"{100 * self.ratio(r):.0f} % de la base contra {limit} %")
            lines.append(f"- {r.name}: " + "; ".join(parts or [r.target]))
        peak = getattr(self, "memory", (0, 0))[1]
        if peak / 1024 > 150:
            lines.append(f"- memoria del servidor web: {peak / 1024:.0f} MB contra 150 MB")
        return lines

    def table(self) -> str:
        head = ("| Operación | n | p50 ms | p95 ms | p99 ms | ops/s | base | % de la base | meta | cumple |\n"
                "|---|---:|---:|---:|---:|---:|---|---:|---|---|\n")
        lines = []
        for r in self.results:
            ratio = self.ratio(r) if r.baseline else None
            verdict = "" if r.check is None else ("sí" if r.check(r) else "**no**")
            lines.append(
                f"| {r.name} | {r.count:,} | {r.ms(50):.2f} | {r.ms(95):.2f} | {r.ms(99):.2f} | {r.rate:,.0f} | "
                f"{(r.baseline or '').replace('base: ', '')} | {'' if ratio is None else f'{100 * ratio:.0f} %'} | "
                f"{r.target} | {verdict} |"
            )
        return head + "\n".join(lines) + "\n"


# ---- the run --------------------------------------------------------------------------------

def machine() -> str:
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} núcleos ({cpu or platform.machine()}), {mem_kib / 1024 / 1024:.0f} GiB de RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
            f"carga media al empezar: {load:.1f}")


def http_rows(bench: Bench, seconds: float, before: Path | None) -> None:
    """Submissions over HTTP at 8 and 32 clients, from forwarded addresses and from 127.0.0.x; with
    `before`, each row first for that checkout's web form, then for this one, back to back."""
    for clients in (8, 32):
        for loopback in (False, True):
            if before is not None:
                bench.submit_http(clients, seconds, loopback, code=before, label=" (antes)")
            bench.submit_http(clients, seconds, loopback, label=" (ahora)" if before is not None else "")


SECTIONS = ("alta", "http", "cola", "detalle", "estadisticas", "horario", "incidentes", "login")


def run(owner_url: str, web_url: str, desk_url: str, tickets: int, quick: bool, http_seconds: float,
        out=sys.stdout, only: set[str] | None = None, before: Path | None = None) -> tuple[Bench, dict[str, Any]]:
    from tools.dev import seed_demo

    seed_demo.install_demo(owner_url, out=out)
    owner_gw = gateway.connect(owner_url, min_size=0, max_size=1)
    try:
        status = owner_gw.call("demo.seed_status")[0]
    finally:
        owner_gw.close()
    seed_info: dict[str, Any] = {}
    if status["demo_tickets"] < tickets:
        missing = tickets - status["demo_tickets"]
        print(f"Sembrando {missing:,} solicitudes de demostración...", file=out, flush=True)
        seed_info = seed_demo.seed(owner_url, missing, force=True, out=out)
    bench = Bench(owner_url, web_url, desk_url, quick, out)
    bench.raise_limits()
    try:
        bench.admin_session()
        bench.baselines()
        wanted = only or set(SECTIONS)
        if "alta" in wanted:
            bench.submit_procedure()
        if "http" in wanted:
            http_rows(bench, http_seconds, before)
        if "cola" in wanted:
            bench.queue_and_search()
        if "detalle" in wanted:
            bench.detail()
        if "estadisticas" in wanted:
            bench.statistics()
        if "horario" in wanted:
            bench.calendar()
        if "incidentes" in wanted:
            bench.incidents()
        if "login" in wanted:
            bench.login()
        counts = bench.sql("SELECT (SELECT count(*) FROM app.ticket), (SELECT count(*) FROM app.ticket_event)")[0]
        seed_info.update(total_tickets=counts[0], total_events=counts[1])
    finally:
        bench.restore()
    return bench, seed_info


def document(bench: Bench, info: dict[str, Any], command: str, started: datetime, path: Path) -> str:
    idle, peak = getattr(bench, "memory", (0, 0))
    seeded = ""
    if info.get("seeded_tickets"):
        seeded = (f"\nSiembra en esta corrida: {info['seeded_tickets']:,} solicitudes y {info['seeded_events']:,} "
                  f"eventos en {info['seconds']:,.0f} s ({info['seeded_tickets'] / info['seconds']:,.0f} "
                  f"solicitudes/s).\n")
    text = (
        "# Benchmark\n\n"
        f"Corrida del {started:%Y-%m-%d %H:%M} UTC. Comando:\n\n```\n{command}\n```\n\n"
        f"- Datos: {info.get('total_tickets', 0):,} solicitudes y {info.get('total_events', 0):,} eventos "
        "(generados por `tools/dev/seed_demo.py`: tres años, ambos campus).\n"
        f"- Máquina: {machine()}.\n"
        "- Base de datos: PostgreSQL embebido (mismo equipo que el servidor web y los clientes de carga).\n"
        f"- Memoria del servidor web (RSS): {idle / 1024:.0f} MB en reposo, {peak / 1024:.0f} MB máximo bajo la "
        "carga HTTP (meta ≤ 150 MB).\n"
        f"{seeded}\n"
        "Latencias por operación (un cliente, en serie, salvo la fila HTTP). `% de la base` = operaciones por "
        "segundo de la fila entre las de su línea base, medida en la misma corrida sobre la misma base de datos.\n\n"
        + bench.table()
        + ("\nCPU por envío aceptado en las filas HTTP (ms de CPU contados por el núcleo para el proceso del "
           "servidor web y para todos los procesos de PostgreSQL durante los segundos medidos, entre los envíos "
           "aceptados; la carga media es la de la máquina al terminar la fila):\n\n"
           "| Fila | servidor web | PostgreSQL | total | carga media |\n|---|---:|---:|---:|---:|\n"
           + "\n".join(bench.cpu_lines()) + "\n" if bench.cpu_lines() else "")
        + ("\n## Metas no cumplidas\n\n" + "\n".join(bench.misses()) + "\n" if bench.misses() else
           "\nTodas las metas se cumplieron en esta corrida.\n")
    )
    path.write_text(text, encoding="utf-8")
    return text


def run_fault_tests() -> int:
    """tests/scale at full size (ITL_SCALE_FULL=1), in a pytest subprocess; prints its summary."""
    import subprocess

    env = dict(os.environ, ITL_SCALE_FULL="1")
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-s", "-rA", "tests/scale"]
    print("Pruebas de fallas y abuso a tamaño completo:", " ".join(cmd[2:]), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mide el sistema contra líneas base en la misma base de datos.")
    parser.add_argument("--quick", action="store_true", help="corrida corta (menos repeticiones, 20,000 solicitudes)")
    parser.add_argument("--tickets", type=int, help="solicitudes de demostración mínimas (por omisión 1,000,000)")
    parser.add_argument("--url", help="URL del dueño de una base ya desplegada (si no, PostgreSQL embebido propio)")
    parser.add_argument("--web-url", help="URL del inicio de sesión web (con --url)")
    parser.add_argument("--desk-url", help="URL del inicio de sesión de escritorio (con --url)")
    parser.add_argument("--state", type=Path, default=BENCH_STATE, help="datos del PostgreSQL embebido del benchmark")
    parser.add_argument("--port", type=int, default=0, help="puerto del PostgreSQL embebido (0: uno libre)")
    parser.add_argument("--http-seconds", type=float,
                        help="duración de la carga HTTP (por omisión 20 s; 5 s en --quick)")
    parser.add_argument("--keep", action="store_true", help="no detener el PostgreSQL embebido al terminar")
    parser.add_argument("--antes", type=Path, metavar="CARPETA",
                        help="en la parte http: medir también el formulario de otra copia del proyecto (la versión "
                             "anterior, p. ej. un git worktree), fila por fila justo antes de esta")
    parser.add_argument("--write", nargs="?", const=str(BENCH_DOC), help="escribir la tabla en docs/BENCHMARK.md")
    parser.add_argument("--only", help="solo estas partes, separadas por comas: " + ", ".join(SECTIONS))
    parser.add_argument("--faults", action="store_true",
                        help="correr solo las pruebas de fallas y abuso (tests/scale) a tamaño completo: miles de "
                             "envíos, 20 operadores x 100 cambios, 10,000 peticiones generadas")
    args = parser.parse_args(argv)
    if args.faults:
        return run_fault_tests()
    tickets = args.tickets if args.tickets is not None else (20_000 if args.quick else 1_000_000)
    only = {part.strip() for part in args.only.split(",")} if args.only else None
    if only and not only <= set(SECTIONS):
        parser.error("--only: use " + ", ".join(SECTIONS))
    http_seconds = args.http_seconds or (5.0 if args.quick else 20.0)
    started = datetime.now(UTC)
    db = None
    if args.url:
        if not (args.web_url and args.desk_url):
            parser.error("con --url indique también --web-url y --desk-url")
        owner_url, web_url, desk_url = args.url, args.web_url, args.desk_url
    else:
        import io

        from tools.deploy import Deployer, PgDialect
        from tools.embedded_db import LOGINS, EmbeddedDb, free_port

        port = args.port or free_port()
        db = EmbeddedDb(args.state, port)
        print(f"PostgreSQL embebido del benchmark en 127.0.0.1:{port} (datos en {args.state})", flush=True)
        db.start()
        db.ensure_database()
        secrets_ = db.secrets()
        Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: secrets_[login] for login in LOGINS})
        owner_url, web_url, desk_url = db.url(), db.url("itl_web"), db.url("itl_desk")
    try:
        bench, info = run(owner_url, web_url, desk_url, tickets, args.quick, http_seconds, only=only,
                          before=args.antes)
        print()
        print(bench.table())
        if bench.cpu_lines():
            print("CPU por envío (HTTP): fila | servidor web ms | PostgreSQL ms | total ms | carga media")
            print("\n".join(bench.cpu_lines()))
        idle, peak = getattr(bench, "memory", (0, 0))
        print(f"Memoria del servidor web: {idle / 1024:.0f} MB en reposo, {peak / 1024:.0f} MB máximo bajo carga.")
        if args.write:
            given = argv if argv is not None else sys.argv[1:]
            shown = [re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", a) for a in given]  # never print passwords
            command = "python -m tools.dev.bench " + " ".join(shown)
            document(bench, info, command.strip(), started, Path(args.write))
            print(f"Escrito {args.write}")
        bench.close()
    except gateway.AppError as exc:
        print(f"No se pudo medir: {exc.message}", file=sys.stderr)
        return 2
    finally:
        if db is not None and not args.keep:
            db.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
