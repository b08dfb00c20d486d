"""Run the whole system on the embedded PostgreSQL (what ./run.sh starts).

Starts the database (first time: creates it), deploys the schema and
procedures (idempotent), makes sure an administrator exists, then serves the
web form with waitress until Ctrl+C.

    python -m tools.run_system [--host 127.0.0.1] [--port 8080] [--threads 8] [--db-port 55432]
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

import gateway
from tools.bootstrap_admin import ensure_admin
from tools.deploy import Deployer, DeployError, PgDialect
from tools.embedded_db import DEFAULT_PORT, DEFAULT_STATE, LOGINS, EmbeddedDb


def start_database(db: EmbeddedDb) -> None:
    db.start()
    db.ensure_database()
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url())).deploy({login: secrets_[login] for login in LOGINS})


def bootstrap_admin(owner_url: str) -> None:
    """The first administrator: asked for on a terminal, else a one-time temporary password."""
    ensure_admin(owner_url, interactive=sys.stdin.isatty())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sistema de tickets del Centro de Cómputo (ITL)")
    parser.add_argument("--db-port", type=int, default=DEFAULT_PORT, help="puerto de PostgreSQL embebido")
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE,
                        help="carpeta de datos de la base integrada (predeterminada var/db)")
    parser.add_argument("--host", default=os.environ.get("ITL_WEB_HOST", "127.0.0.1"),
                        help="dirección donde escucha el formulario web (predeterminada 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ITL_WEB_PORT", "8080")),
                        help="puerto del formulario web (predeterminado 8080)")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("ITL_WEB_THREADS", "8")),
                        help="hilos de waitress que atienden peticiones")
    parser.add_argument("--no-web", action="store_true", help="solo la base de datos, sin formulario web")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db = EmbeddedDb(args.state, args.db_port)
    try:
        start_database(db)
    except DeployError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(f"Base de datos lista en 127.0.0.1:{db.port} (datos en {db.pgdata}).")
    bootstrap_admin(db.url())

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    web_gw = None
    try:
        if args.no_web:
            signal.pause()
        else:
            from webform import create_app, settings_from_env
            from webform.serve import make_server

            settings = settings_from_env()
            # One pooled connection per waitress thread (plus spare ones), so a thread never waits
            # for a connection; the short timeout only matters when the database is down (503 fast).
            web_gw = gateway.connect(db.url("itl_web"), min_size=2, max_size=args.threads + 2, timeout=2.0)
            server = make_server(create_app(web_gw, settings), settings, args.host, args.port, args.threads)
            shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
            print(f"Formulario web disponible en http://{shown}:{server.effective_port}/ "
                  f"(consulta de solicitudes: http://{shown}:{server.effective_port}/consulta).", flush=True)
            print("Presione Ctrl+C para detener el sistema.", flush=True)
            server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if web_gw is not None:
            web_gw.close()
        db.stop()
        print("Sistema detenido.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
