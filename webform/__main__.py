"""Serve the web form against any database (e.g. SQL Server in production) with waitress.

    python -m webform --db-url "mssql://itl_web:...@servidor/itl?driver=..." --host 0.0.0.0 --port 8080

The URL may also come from ITL_WEB_DB_URL. Use the web login (EXECUTE on schema webform only).
For the embedded PostgreSQL, ./run.sh (tools/run_system.py) does all of this for you.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

import gateway

from . import create_app, settings_from_env
from .config import ConfigError
from .serve import DEFAULT_THREADS, make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Formulario web del Centro de Cómputo (servidor waitress)")
    parser.add_argument("--db-url", default=os.environ.get("ITL_WEB_DB_URL", ""),
                        help="URL de la base de datos con el usuario del formulario web (o ITL_WEB_DB_URL)")
    parser.add_argument("--host", default=os.environ.get("ITL_WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ITL_WEB_PORT", "8080")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("ITL_WEB_THREADS", str(DEFAULT_THREADS))))
    args = parser.parse_args(argv)
    if not args.db_url:
        parser.error("indique --db-url o defina ITL_WEB_DB_URL")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = settings_from_env()
    except ConfigError as exc:  # before any connection: a malformed ITL_* setting stops the start
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    gw = gateway.connect(args.db_url, max_size=args.threads + 2, timeout=2.0)  # both backends take these
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server = make_server(create_app(gw, settings), settings, args.host, args.port, args.threads)
        print(f"Formulario web disponible en http://{args.host}:{server.effective_port}/ (Ctrl+C para detener).")
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        gw.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
