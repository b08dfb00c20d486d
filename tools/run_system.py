"""Run the whole system on the embedded PostgreSQL (what ./run.sh starts).

Starts the database (first time: creates it), deploys the schema and
procedures (idempotent), makes sure an administrator exists, then serves the
web form until Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from tools.deploy import Deployer, DeployError, PgDialect
from tools.embedded_db import DEFAULT_PORT, DEFAULT_STATE, LOGINS, EmbeddedDb


def start_database(db: EmbeddedDb) -> None:
    db.start()
    db.ensure_database()
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url())).deploy({login: secrets_[login] for login in LOGINS})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sistema de tickets del Centro de Cómputo (ITL)")
    parser.add_argument("--db-port", type=int, default=DEFAULT_PORT, help="puerto de PostgreSQL embebido")
    parser.add_argument("--host", default=os.environ.get("ITL_WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ITL_WEB_PORT", "8080")))
    args = parser.parse_args(argv)

    db = EmbeddedDb(DEFAULT_STATE, args.db_port)
    try:
        start_database(db)
    except DeployError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(f"Base de datos lista en 127.0.0.1:{db.port} (datos en {db.pgdata}).")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        db.stop()
        print("Sistema detenido.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
