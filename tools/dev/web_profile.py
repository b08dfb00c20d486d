# no_sql: owner tool - profiling: raises the benchmark database's rate limits (app.setting) like tools.dev.bench
"""CPU per ticket of the web tier: GET the form, then POST a submission, in-process (no sockets).

    python -m tools.dev.web_profile                    # 300 tickets, CPU per ticket of this process
    python -m tools.dev.web_profile --profile 25       # and the 25 functions that take the most time
    python -m tools.dev.web_profile --code /tmp/old    # the same with another checkout (its webform/ and database/)

It starts its own embedded PostgreSQL in a temporary folder (deployed like ./run.sh), raises the
submission rate limits there, builds the real app (webform.create_app) and drives it through WSGI
with one new browser per ticket (its own address, CSRF cookie and token), as the benchmark's HTTP
clients do. What it prints is this process's CPU time (time.process_time) divided by the tickets:
the web tier's work (routing, templates, gzip, CSRF, the gateway's driver side), not the
database server's, which it measures apart: the CPU time the kernel counted for the embedded
PostgreSQL's processes (the postmaster and every child: the backends serving the calls, the WAL
writer, the checkpointer, autovacuum), read from /proc before and after. Run it twice on the same machine to compare.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PAGE_SIZE = [0, 0]  # the form page as sent (gzip) and unpacked, bytes
SERVER_CPU = {"GET": 0.0, "POST": 0.0}  # process CPU seconds inside the app (the client's own work left out)


def deploy(url: str, secrets_: dict[str, str], code: Path | None) -> None:
    """Deploy the database objects of this checkout, or of `code` (in a subprocess run from there, so
    that its own tools.deploy reads its own database/ folder: the before/after includes the procedures)."""
    from tools.embedded_db import LOGINS

    logins = {login: secrets_[login] for login in LOGINS}
    if code is None:
        from tools.deploy import Deployer, PgDialect

        Deployer(PgDialect(url), out=io.StringIO()).deploy(logins)
        return
    script = ("import io, json, sys; from tools.deploy import Deployer, PgDialect; "
              "Deployer(PgDialect(sys.argv[1]), out=io.StringIO()).deploy(json.loads(sys.stdin.read()))")
    subprocess.run([sys.executable, "-c", script, url], input=json.dumps(logins), text=True, cwd=code, check=True)


def wsgi(app: Any, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
         addr: str = "10.0.0.1") -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1:8080", "REMOTE_ADDR": addr,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)) if body else "", "HTTP_ACCEPT_ENCODING": "gzip, deflate",
        "HTTP_ACCEPT": "text/html",
    }
    for key, value in (headers or {}).items():
        name = key.upper().replace("-", "_")
        environ[name if name in ("CONTENT_LENGTH", "CONTENT_TYPE") else "HTTP_" + name] = value
    captured: dict[str, Any] = {}

    def start(status: str, hdrs: list[tuple[str, str]], exc_info: Any = None) -> None:
        captured["status"], captured["headers"] = status, hdrs

    cpu = time.process_time()
    out = app(environ, start)
    data = b"".join(out)
    if hasattr(out, "close"):
        out.close()
    SERVER_CPU[method] += time.process_time() - cpu
    return captured["status"], {k.lower(): v for k, v in captured["headers"]}, data


def ticket(app: Any, fields: dict[str, Any], n: int) -> bool:
    """One person: GET the form, POST the ticket. True on 303."""
    import gzip

    addr = f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"
    status, head, body = wsgi(app, "GET", "/", addr=addr)
    PAGE_SIZE[0] = len(body)
    if head.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    PAGE_SIZE[1] = len(body)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    cookie = head.get("set-cookie", "").split(";", 1)[0]
    if not status.startswith("200") or not token or not cookie:
        return False
    form = {k: "" if v is None else str(v) for k, v in fields.items()}
    form.update(csrf_token=token.group(1).decode(), idempotency_key=str(uuid.uuid4()), sitio_web="")
    data = urlencode(form).encode()
    status, head, _ = wsgi(app, "POST", "/solicitudes", data, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Origin": "http://127.0.0.1:8080",
        "Sec-Fetch-Site": "same-origin"}, addr=addr)
    return status.startswith("303")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU por solicitud del formulario web (GET del formulario + envío)")
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="mostrar las N funciones más costosas")
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"),
                        help="orden del perfil: tiempo propio (tottime) o con lo que llama (cumulative)")
    parser.add_argument("--code", type=Path,
                        help="otra copia del proyecto (la versión anterior): su webform/ y su base de datos")
    args = parser.parse_args(argv)
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    import gateway
    import webform
    from tools.dev.bench_support import cpu_seconds, form_catalog, ticket_fields
    from tools.embedded_db import EmbeddedDb, free_port

    print(f"webform de {Path(webform.__file__).resolve().parent}")
    with tempfile.TemporaryDirectory(prefix="itl-profile-") as state:
        db = EmbeddedDb(Path(state), free_port())
        db.start()
        try:
            db.ensure_database()
            secrets_ = db.secrets()
            deploy(db.url(), secrets_, args.code.resolve() if args.code else None)
            owner = gateway.connect(db.url(), min_size=0, max_size=1)
            import psycopg

            with psycopg.connect(db.url(), autocommit=True) as conn:
                conn.execute("UPDATE app.setting SET setting_value = 100000000 WHERE setting_key IN "
                             "('submit_client_per_hour', 'submit_global_per_minute')")
            owner.close()
            web_gw = gateway.connect(db.url("itl_web"), min_size=1, max_size=2)
            settings = webform.Settings(secret_key=os.urandom(32))
            app = webform.create_app(web_gw, settings)
            catalog = form_catalog(web_gw)
            for n in range(20):  # warm-up: templates compiled, catalogs cached, pool open
                assert ticket(app, ticket_fields(catalog, n), n), "el envío de calentamiento falló"
            prof = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waiting
            SERVER_CPU.update(GET=0.0, POST=0.0)
            db_cpu = cpu_seconds(db.postmaster_pid(), tree=True)
            cpu, wall = time.process_time(), time.perf_counter()
            if prof:
                prof.enable()
            ok = sum(ticket(app, ticket_fields(catalog, 1000 + n), 1000 + n) for n in range(args.tickets))
            if prof:
                prof.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            db_cpu = cpu_seconds(db.postmaster_pid(), tree=True) - db_cpu
            web_gw.close()
        finally:
            db.stop()
    per = 1000 / args.tickets
    print(f"{ok} de {args.tickets} solicitudes (GET del formulario + envío): CPU dentro de la app "
          f"{sum(SERVER_CPU.values()) * per:.2f} ms por solicitud (GET {SERVER_CPU['GET'] * per:.2f} + POST "
          f"{SERVER_CPU['POST'] * per:.2f}; todo el proceso, con el cliente simulado: {cpu * per:.2f} ms); "
          f"tiempo total {wall * per:.2f} ms" + (" (con el perfilador encendido)" if prof else ""))
    web = sum(SERVER_CPU.values()) * per
    print(f"CPU de PostgreSQL (todos sus procesos) {db_cpu * per:.2f} ms por solicitud; "
          f"formulario + base: {web + db_cpu * per:.2f} ms por solicitud")
    print(f"página del formulario: {PAGE_SIZE[1] / 1024:.1f} KB, enviada comprimida en {PAGE_SIZE[0] / 1024:.1f} KB")
    if prof:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.profile)
        print(out.getvalue())
    return 0 if ok == args.tickets else 1


if __name__ == "__main__":
    sys.exit(main())
